/* indexer/query/snippet.c -- best paragraph, window and marked spans (see
 * snippet.h). */
#define _GNU_SOURCE	/* memmem(3) */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "snippet.h"
#include "utf8.h"

struct mspan {
	size_t	 s, e;		/* byte offsets in the paragraph */
};

struct spans {
	struct mspan *v;
	size_t	 n, cap;
};

static void
spans_push(struct spans *sp, size_t s, size_t e)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 16;
		sp->v = fo_xreallocarray(sp->v, sp->cap, sizeof *sp->v);
	}
	sp->v[sp->n].s = s;
	sp->v[sp->n].e = e;
	sp->n++;
}

static int
ascii_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

static int
all_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Find the needles in one paragraph; returns its score. */
static double
scan(struct fo_analyzer *an, const char *p, size_t len,
    const char *const *needles, size_t nn, struct spans *sp,
    enum fo_status *st)
{
	struct fo_buf f = FO_BUF_INIT;
	size_t *map = NULL, k;
	double score = 0;

	if ((*st = fo_analyzer_fold(an, p, len, &f, &map)) != FO_OK) {
		fo_buf_release(&f);
		return 0;
	}
	for (k = 0; k < nn; k++) {
		const char *nd = needles[k], *hit;
		size_t nl = strlen(nd), pos = 0, count = 0;
		int latin = all_ascii(nd);

		if (nl == 0)
			continue;
		while (pos < f.len &&
		    (hit = memmem(f.data + pos, f.len - pos, nd, nl)) != NULL) {
			size_t fs = hit - f.data, fe = fs + nl;

			pos = fs + 1;
			if (latin && ((fs > 0 && ascii_alnum(f.data[fs - 1] & 0xff) &&
			    ascii_alnum(nd[0] & 0xff)) || (fe < f.len &&
			    ascii_alnum(f.data[fe] & 0xff) &&
			    ascii_alnum(nd[nl - 1] & 0xff))))
				continue;	/* inside a longer Latin word */
			if (map[fe] <= map[fs])
				continue;
			spans_push(sp, map[fs], map[fe]);
			count++;
			pos = fe;
		}
		if (count > 0)
			score += (double)fo_utf8_count(nd, nl) +
			    0.25 * (double)(count > 4 ? 4 : count - 1);
	}
	free(map);
	fo_buf_release(&f);
	return score;
}

static int
span_cmp(const void *a, const void *b)
{
	const struct mspan *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e > y->e ? -1 : 1;
	return 0;
}

/* Sort and merge overlapping or touching spans. */
static void
merge(struct spans *sp)
{
	size_t i, j;

	if (sp->n == 0)
		return;
	qsort(sp->v, sp->n, sizeof *sp->v, span_cmp);
	for (i = 1, j = 0; i < sp->n; i++) {
		if (sp->v[i].s <= sp->v[j].e) {
			if (sp->v[i].e > sp->v[j].e)
				sp->v[j].e = sp->v[i].e;
		} else
			sp->v[++j] = sp->v[i];
	}
	sp->n = j + 1;
}

#define ELLIPSIS "\xe2\x80\xa6"	/* … */

size_t
fo_sentence_end(const char *s)
{
	static const char *const ends[] = { "。", "！", "？" };
	static const char *const closers[] = { "”", "’", "」", "』", "）" };
	size_t i, n = 0;

	for (i = 0; i < 3 && n == 0; i++)
		if (strncmp(s, ends[i], 3) == 0)
			n = 3;
	if (n == 0)
		return 0;
	for (;;) {
		for (i = 0; i < 5; i++)
			if (strncmp(s + n, closers[i], 3) == 0)
				break;
		if (i == 5)
			return n;
		n += 3;
	}
}

int
fo_sentence_at(const char *text, size_t off)
{
	size_t i, n;
	int m = 1;

	for (i = 0; text[i] != '\0' && i < off; i++)
		if ((n = fo_sentence_end(text + i)) > 0) {
			i += n - 1;
			if (i + 1 <= off && text[i + 1] != '\0')
				m++;
		}
	return m;
}

enum fo_status
fo_snippet_make(struct fo_analyzer *an, const char *text,
    const char *const *needles, size_t nneedles, size_t maxchars,
    struct fo_snippet *out)
{
	struct spans sp = { NULL, 0, 0 }, best = { NULL, 0, 0 };
	const char *p, *line, *bline = NULL;
	size_t blen = 0, i, nchars, startc, endc, startb, endb, c, b;
	struct fo_buf o = FO_BUF_INIT;
	double bscore = 0;
	int para = 0, bpara = -1;
	enum fo_status st = FO_OK;

	if (out == NULL)
		return FO_EINVAL;
	out->text = NULL;
	out->spans = NULL;
	out->nspans = 0;
	out->para = -1;
	out->sentence = 0;
	if (an == NULL || text == NULL)
		return FO_EINVAL;
	if (maxchars == 0)
		maxchars = 120;
	for (line = text; ; line = p + 1, para++) {
		size_t len;
		double s;

		p = strchr(line, '\n');
		len = p != NULL ? (size_t)(p - line) : strlen(line);
		if (bline == NULL && len > 0) {
			bline = line;	/* the fall-back: first non-empty line */
			blen = len;
		}
		sp.n = 0;
		s = scan(an, line, len, needles, nneedles, &sp, &st);
		if (st != FO_OK)
			goto out;
		if (s > bscore) {
			struct spans t = best;

			bscore = s;
			bpara = para;
			bline = line;
			blen = len;
			best = sp;
			sp = t;
		}
		if (p == NULL)
			break;
	}
	if (bline == NULL) {
		bline = text;
		blen = 0;
	}
	merge(&best);

	/* the window, in characters */
	nchars = fo_utf8_count(bline, blen);
	startc = 0;
	endc = nchars;
	if (nchars > maxchars) {
		size_t anchor = best.n > 0 ? fo_utf8_count(bline, best.v[0].s) : 0;

		startc = anchor > maxchars / 5 ? anchor - maxchars / 5 : 0;
		endc = startc + maxchars;
		if (endc > nchars) {
			endc = nchars;
			startc = nchars - maxchars;
		}
	}
	for (b = 0, c = 0; c < startc; c++)
		b += fo_utf8_len((unsigned char)bline[b]);
	startb = b;
	for (; c < endc; c++)
		b += fo_utf8_len((unsigned char)bline[b]);
	endb = b;

	if (startc > 0)
		fo_buf_puts(&o, ELLIPSIS);
	{
		size_t shift = o.len;

		fo_buf_put(&o, bline + startb, endb - startb);
		if (endc < nchars)
			fo_buf_puts(&o, ELLIPSIS);
		out->spans = fo_xcalloc(best.n + 1, sizeof *out->spans);
		for (i = 0; i < best.n; i++) {
			struct fo_span *s = &out->spans[out->nspans];

			if (best.v[i].s < startb || best.v[i].e > endb)
				continue;
			s->start = best.v[i].s - startb + shift;
			s->end = best.v[i].e - startb + shift;
			s->cstart = fo_utf8_count(o.data, s->start);
			s->cend = s->cstart +
			    fo_utf8_count(o.data + s->start, s->end - s->start);
			out->nspans++;
		}
	}
	out->para = bpara;
	/* the match is inside the line, so counting stops before its end */
	if (bpara >= 0)
		out->sentence = fo_sentence_at(bline, best.n > 0 ?
		    best.v[0].s : 0);
	out->text = fo_buf_detach(&o, NULL);
out:
	free(sp.v);
	free(best.v);
	fo_buf_release(&o);
	return st;
}

void
fo_snippet_release(struct fo_snippet *sn)
{
	if (sn == NULL)
		return;
	free(sn->text);
	free(sn->spans);
	sn->text = NULL;
	sn->spans = NULL;
	sn->nspans = 0;
	sn->para = -1;
	sn->sentence = 0;
}
