/* indexer/seg.c -- cut folded text into words.
 *
 * Han runs: a jieba-style DAG of every lexicon or vocabulary word that
 * starts at each character, then the route of maximum log-probability
 * (log freq - log total per word; a character the lexicon lacks counts
 * as frequency 1).  Project vocabulary words score as if certain (log
 * probability ~0), so they beat any cut of their span.
 * Latin letters and digits: one word per run ("rcep", "6g", "cptpp"),
 * with a decimal point inside digits ("3.5"), a trailing percent sign
 * ("90%"), and Han number units after digits ("10万", "1000亿") kept on,
 * as the PKU standard writes numbers; measure words stay separate
 * ("500 个").  Punctuation and symbols give one span per character
 * (a run of the same mark, "……", "——", is one span).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "analyze_int.h"

/* Score of a vocabulary word: nearly certain; a tiny cost per word makes
 * one long vocabulary word beat two short ones over the same span. */
#define VOCAB_SCORE	(-0.01)

int
fo_is_han(uint32_t cp)
{
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 1;
	if (cp < 0x2e80)
		return 0;
	if ((cp >= 0x3400 && cp <= 0x4dbf) || cp == 0x3007 ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f))
		return 1;
	return u_hasBinaryProperty((UChar32)cp, UCHAR_IDEOGRAPHIC) != 0;
}

static int
is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (fo_is_han(cp))
		return 0;
	return u_isalnum((UChar32)cp) ||
	    (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0;
}

static int
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Han number units that join the digits before them: 10万, 1000亿. */
static int
is_num_unit(uint32_t cp)
{
	return cp == 0x4e07 /* 万 */ || cp == 0x4ebf /* 亿 */ ||
	    cp == 0x5343 /* 千 */ || cp == 0x767e /* 百 */;
}

static int
is_break_space(uint32_t cp)
{
	return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x85;
}

void
fo_segmenter_release(struct fo_segmenter *sg)
{
	free(sg->cps);
	free(sg->cpoff);
	free(sg->route);
	free(sg->next);
	sg->cps = NULL;
	sg->cpoff = NULL;
	sg->route = NULL;
	sg->next = NULL;
	sg->cap = 0;
}

static void
reserve(struct fo_segmenter *sg, size_t n)
{
	if (n <= sg->cap)
		return;
	if (n < 2 * sg->cap)
		n = 2 * sg->cap;
	sg->cps = fo_xreallocarray(sg->cps, n, sizeof *sg->cps);
	sg->cpoff = fo_xreallocarray(sg->cpoff, n + 1, sizeof *sg->cpoff);
	sg->route = fo_xreallocarray(sg->route, n + 1, sizeof *sg->route);
	sg->next = fo_xreallocarray(sg->next, n + 1, sizeof *sg->next);
	sg->cap = n;
}

static void
push(struct fo_span **v, size_t *n, size_t *cap, size_t s, size_t e,
    enum fo_span_kind kind, int *brk)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		*v = fo_xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[*n].s = s;
	(*v)[*n].e = e;
	(*v)[*n].kind = kind;
	(*v)[*n].brk = *brk;
	(*n)++;
	*brk = 0;
}

/* Best route over the Han run whose N code points are in sg->cps, at
 * byte offsets sg->cpoff[0..N] of 'f'. */
static void
dag_route(struct fo_segmenter *sg, const char *f, size_t N)
{
	const struct fo_lexicon *lx = sg->lex;
	const struct fo_wordlist *vw = sg->vocab;

	sg->route[N] = 0.0;
	for (size_t i = N; i-- > 0; ) {
		double best = -lx->logtotal + sg->route[i + 1];
		uint32_t bnext = (uint32_t)(i + 1);
		uint32_t lo = 0, hi = lx->words.n;

		for (size_t j = i; j < N; j++) {
			size_t k = sg->cpoff[j] - sg->cpoff[i];
			size_t m = sg->cpoff[j + 1] - sg->cpoff[j];

			if (fo_wordlist_narrow(&lx->words, k, f + sg->cpoff[j], m,
			    &lo, &hi)) {
				double s = log((double)lx->freq[lo]) -
				    lx->logtotal + sg->route[j + 1];

				if (j == i || s > best) {
					best = s;
					bnext = (uint32_t)(j + 1);
				}
			}
			if (lo >= hi)
				break;
		}
		if (vw != NULL && vw->n > 0) {
			lo = 0;
			hi = vw->n;
			for (size_t j = i; j < N; j++) {
				size_t k = sg->cpoff[j] - sg->cpoff[i];
				size_t m = sg->cpoff[j + 1] - sg->cpoff[j];

				if (fo_wordlist_narrow(vw, k, f + sg->cpoff[j], m,
				    &lo, &hi) && j > i) {
					double s = VOCAB_SCORE + sg->route[j + 1];

					if (s > best) {
						best = s;
						bnext = (uint32_t)(j + 1);
					}
				}
				if (lo >= hi)
					break;
			}
		}
		sg->route[i] = best;
		sg->next[i] = bnext;
	}
}

void
fo_segment(struct fo_segmenter *sg, const char *f, size_t len,
    struct fo_span **v, size_t *n, size_t *cap)
{
	size_t i = 0;
	int brk = 0;

	while (i < len) {
		size_t a = i;
		uint32_t cp = fo_utf8_next(f, len, &i);

		if (fo_is_han(cp)) {
			size_t N = 0, j = a;

			/* Collect the Han run. */
			while (j < len) {
				size_t k = j;
				uint32_t c = fo_utf8_next(f, len, &k);

				if (!fo_is_han(c))
					break;
				reserve(sg, N + 1);
				sg->cps[N] = c;
				sg->cpoff[N] = j;
				N++;
				j = k;
			}
			sg->cpoff[N] = j;
			dag_route(sg, f, N);
			for (size_t p = 0; p < N; p = sg->next[p])
				push(v, n, cap, sg->cpoff[p],
				    sg->cpoff[sg->next[p]], FO_SPAN_HAN, &brk);
			i = j;
			continue;
		}
		if (is_alnum(cp)) {
			size_t j = i;
			uint32_t last = cp;

			for (;;) {
				size_t k = j, k2;
				uint32_t c;

				if (j >= len)
					break;
				c = fo_utf8_next(f, len, &k);
				if (is_alnum(c)) {
					last = c;
					j = k;
					continue;
				}
				/* 3.5: a point between digits */
				if (c == '.' && is_digit(last) && k < len) {
					k2 = k;
					if (is_digit(fo_utf8_next(f, len, &k2))) {
						j = k;
						last = '.';
						continue;
					}
				}
				break;
			}
			if (is_digit(last) && j < len) {
				size_t k = j;
				uint32_t c = fo_utf8_next(f, len, &k);

				if (c == '%' || c == 0x2030 /* ‰ */)
					j = k;
				else if (is_num_unit(c)) {
					/* 10万, 10万亿 */
					j = k;
					while (j < len) {
						k = j;
						c = fo_utf8_next(f, len, &k);
						if (!is_num_unit(c))
							break;
						j = k;
					}
				}
			}
			push(v, n, cap, a, j, FO_SPAN_ALNUM, &brk);
			i = j;
			continue;
		}
		if (u_isUWhiteSpace((UChar32)cp) || cp < 0x20) {
			if (is_break_space(cp))
				brk = 1;
			continue;
		}
		/* Punctuation or symbol: a run of the same mark is one span. */
		{
			size_t j = i;

			while (j < len) {
				size_t k = j;

				if (fo_utf8_next(f, len, &k) != cp)
					break;
				j = k;
			}
			brk = 1;
			push(v, n, cap, a, j, FO_SPAN_PUNCT, &brk);
			brk = 1;
			i = j;
		}
	}
}
