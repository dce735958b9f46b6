/* indexer/analyze/seg.c -- cut folded text into words.
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

#ifndef FO_WASM
#include <unicode/uchar.h>
#endif

#include "analyze_int.h"
#include "unidata.h"

#ifndef SEG_BETA
#define SEG_BETA 3.0
#endif

/* Score of a vocabulary word: nearly certain; a tiny cost per word makes
 * one long vocabulary word beat two short ones over the same span. */
#define VOCAB_SCORE	(-0.01)

/* Bonus per dictionary word: jieba's dictionary is coarser than the PKU
 * standard (龙头企业, 电子信息, 跨国公司 are single entries, many with the
 * placeholder frequency 3); a bonus per word makes the route prefer
 * well-attested shorter words when the long entry is rare. */
static double seg_beta = SEG_BETA;

/* Supplementary words of the foreign-trade policy domain that jieba's
 * dictionary lacks or lists with a placeholder frequency, and the
 * disyllabic verb-complement compounds the PKU standard writes as one
 * word (做强, 用好).  Scored with SUPP_FREQ. */
#define SUPP_FREQ	2000
static const char *const supp_words[] = {
	/* abbreviations of policy language */
	"外贸", "外资", "外包", "外经", "外智", "央企", "民企", "国企",
	"自贸", "自贸区", "粤港", "粤澳", "港澳", "日韩", "欧美", "商协会",
	"内外资", "本外币", "信保", "中高端", "高精尖", "专精特新",
	/* trade and investment terms */
	"集拼", "分拨", "空天", "引资", "引才", "引智", "育才", "链主",
	"众包", "接包", "发包", "粤东西北",
	"云计算", "合作区", "示范区", "试验区", "功能区", "商务区",
	"产业园", "资金池", "跨境", "电商", "储能", "县域", "贴息",
	"燃料油", "加注", "元器件", "品牌化", "高端化", "便利化",
	"应用率", "区域型", "功能型", "变革性", "成长性", "抓总",
	"前海", "蛇口", "南沙", "南沙区", "横琴", "黄埔区", "天河",
	/* verb-complement compounds */
	"做强", "做优", "做大", "做实", "做精", "做细", "做好", "用好",
	"用足", "用活", "打好", "办好", "抓好", "管好", "建强", "建好",
	"稳住", "守住", "迈上", "走好", "落细", "落实", "压实",
};

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

static int
cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
fo_segmenter_init(struct fo_segmenter *sg, const struct fo_lexicon *lex,
    const struct fo_wordlist *vocab)
{
	const size_t n = sizeof supp_words / sizeof supp_words[0];
	const char **w = fo_xreallocarray(NULL, n, sizeof *w);
	size_t bytes = 0, k = 0;

	memset(sg, 0, sizeof *sg);
	sg->lex = lex;
	sg->vocab = vocab;
	memcpy(w, supp_words, n * sizeof *w);
	qsort(w, n, sizeof *w, cmp_cstr);
	for (size_t i = 0; i < n; i++)
		bytes += strlen(w[i]);
	sg->suppoff = fo_xreallocarray(NULL, n + 1, sizeof *sg->suppoff);
	sg->suppblob = fo_xmalloc(bytes + 1);
	/* lay out the unique words */
	bytes = 0;
	k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(w[i]);

		if (i > 0 && strcmp(w[i], w[i - 1]) == 0)
			continue;
		sg->suppoff[k++] = (uint32_t)bytes;
		memcpy(sg->suppblob + bytes, w[i], l);
		bytes += l;
	}
	sg->suppoff[k] = (uint32_t)bytes;
	sg->supp.n = (uint32_t)k;
	sg->supp.off = sg->suppoff;
	sg->supp.blob = sg->suppblob;
	free(w);
}

void
fo_segmenter_release(struct fo_segmenter *sg)
{
	free(sg->cps);
	free(sg->cpoff);
	free(sg->route);
	free(sg->next);
	free(sg->flag);
	free(sg->suppoff);
	free(sg->suppblob);
	sg->cps = NULL;
	sg->cpoff = NULL;
	sg->route = NULL;
	sg->next = NULL;
	sg->flag = NULL;
	sg->suppoff = NULL;
	sg->suppblob = NULL;
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
	sg->flag = fo_xreallocarray(sg->flag, n + 1, sizeof *sg->flag);
	sg->cap = n;
}

static void
push(struct fo_segspan **v, size_t *n, size_t *cap, size_t s, size_t e,
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

/* A dictionary word never scores above MAX_WORD_SCORE, so one
 * vocabulary word (VOCAB_SCORE) always beats any cut of its span, even
 * over a tiny dictionary whose frequencies are large against its total. */
#define MAX_WORD_SCORE	(-1.0)

static double
word_score(double s)
{
	return s < MAX_WORD_SCORE ? s : MAX_WORD_SCORE;
}

/* Best route over the Han run whose N code points are in sg->cps, at
 * byte offsets sg->cpoff[0..N] of 'f'. */
static void
dag_route(struct fo_segmenter *sg, const char *f, size_t N)
{
	const struct fo_lexicon *lx = sg->lex;
	const struct fo_wordlist *vw = sg->vocab;
	const double supp = word_score(log((double)SUPP_FREQ) - lx->logtotal +
	    seg_beta);

	sg->route[N] = 0.0;
	for (size_t i = N; i-- > 0; ) {
		double best = -lx->logtotal + sg->route[i + 1];
		uint32_t bnext = (uint32_t)(i + 1);
		uint8_t bflag = 0;
		uint32_t lo = 0, hi = lx->words.n;

		if (sg->cps[i] < 0x10000)	/* first-character index */
			fo_lexicon_range(lx, sg->cps[i], &lo, &hi);

		for (size_t j = i; j < N; j++) {
			size_t k = sg->cpoff[j] - sg->cpoff[i];
			size_t m = sg->cpoff[j + 1] - sg->cpoff[j];

			if (fo_wordlist_narrow(&lx->words, k, f + sg->cpoff[j], m,
			    &lo, &hi)) {
				double s = word_score(log((double)lx->freq[lo]) -
				    lx->logtotal + (j > i ? seg_beta : 0.0)) +
				    sg->route[j + 1];

				if (j == i || s > best) {
					best = s;
					bnext = (uint32_t)(j + 1);
					bflag = lx->flags[lo];
				}
			}
			if (lo >= hi)
				break;
		}
		lo = 0;
		hi = sg->supp.n;
		for (size_t j = i; j < N && hi > 0; j++) {
			size_t k = sg->cpoff[j] - sg->cpoff[i];
			size_t m = sg->cpoff[j + 1] - sg->cpoff[j];

			if (fo_wordlist_narrow(&sg->supp, k, f + sg->cpoff[j], m,
			    &lo, &hi) && j > i && supp + sg->route[j + 1] > best) {
				best = supp + sg->route[j + 1];
				bnext = (uint32_t)(j + 1);
				bflag = 0;
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
						bflag = 0;
					}
				}
				if (lo >= hi)
					break;
			}
		}
		sg->route[i] = best;
		sg->next[i] = bnext;
		sg->flag[i] = bflag;
	}
}

/* Is the BMP character 'c' one of the characters of UTF-8 string 'set'? */
static int
in_set(const char *set, uint32_t c)
{
	char u[4] = { 0 };

	if (c < 0x800 || c >= 0x10000)
		return 0;
	u[0] = (char)(0xe0 | (c >> 12));
	u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
	u[2] = (char)(0x80 | (c & 0x3f));
	return strstr(set, u) != NULL;
}

static int
is_han_numeral(uint32_t c)
{
	return in_set("零〇一二三四五六七八九十百千万亿两几多数半", c);
}

static int
is_measure(uint32_t c)
{
	return in_set("个批种家项条次元位名件台座所张份类级倍届期轮代年岁只"
	    "支块道片套场首本部层笔吨亩户间句段", c);
}

static int
is_surname(uint32_t c)
{
	return in_set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许"
	    "韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭"
	    "陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
	    "毛郝龚邵万钱严覃武戴莫孔向汤习温", c);
}

/* Emit the Han word [p, q) (code point indices) with dictionary flags
 * 'fl', cut as the PKU standard does: numeral and measure word apart
 * (一批 -> 一 批, 万亿元 -> 万亿 元), surname and given name apart
 * (习近平 -> 习 近平). */
static void
emit_han(struct fo_segmenter *sg, size_t p, size_t q, uint8_t fl,
    struct fo_segspan **v, size_t *n, size_t *cap, int *brk)
{
	if ((fl & FO_LEXF_NUM) && q - p >= 2 && is_measure(sg->cps[q - 1])) {
		size_t k;
		/* 多元 (diverse), 万岁 are words, not amounts */
		int strict = sg->cps[q - 1] == 0x5143 /* 元 */ ||
		    sg->cps[q - 1] == 0x5c81 /* 岁 */;

		for (k = p; k < q - 1; k++)
			if (!is_han_numeral(sg->cps[k]) || (strict &&
			    !in_set("零〇一二三四五六七八九十百千万亿两",
			    sg->cps[k])))
				break;
		if (k == q - 1) {
			push(v, n, cap, sg->cpoff[p], sg->cpoff[q - 1],
			    FO_SPAN_HAN, brk);
			push(v, n, cap, sg->cpoff[q - 1], sg->cpoff[q],
			    FO_SPAN_HAN, brk);
			return;
		}
	}
	if ((fl & FO_LEXF_NAME) && q - p == 3 && is_surname(sg->cps[p])) {
		push(v, n, cap, sg->cpoff[p], sg->cpoff[p + 1], FO_SPAN_HAN, brk);
		push(v, n, cap, sg->cpoff[p + 1], sg->cpoff[q], FO_SPAN_HAN, brk);
		return;
	}
	push(v, n, cap, sg->cpoff[p], sg->cpoff[q], FO_SPAN_HAN, brk);
}

/* Is f[s, e) all Han numeral characters (一, 十, 万, 亿 ...)? */
static int
all_numerals(const char *f, size_t s, size_t e)
{
	while (s < e)
		if (!in_set("零〇一二三四五六七八九十百千万亿两",
		    fo_utf8_next(f, e, &s)))
			return 0;
	return 1;
}

/* Join neighbouring all-numeral words among v[first, *n): 万 亿 -> 万亿
 * (a number is one word; the route may cut it at a dictionary entry). */
static void
merge_numerals(const char *f, struct fo_segspan *v, size_t first, size_t *n)
{
	size_t w = first;

	for (size_t r = first; r < *n; r++) {
		if (w > first && v[w - 1].e == v[r].s &&
		    all_numerals(f, v[w - 1].s, v[w - 1].e) &&
		    all_numerals(f, v[r].s, v[r].e)) {
			v[w - 1].e = v[r].e;
			continue;
		}
		v[w++] = v[r];
	}
	*n = w;
}

void
fo_segment(struct fo_segmenter *sg, const char *f, size_t len,
    struct fo_segspan **v, size_t *n, size_t *cap)
{
	size_t i = 0;
	int brk = 0;

	while (i < len) {
		size_t a = i;
		uint32_t cp = fo_utf8_next(f, len, &i);

		if (fo_class_han(sg->uni, cp)) {
			size_t N = 0, j = a, first;

			/* Collect the Han run. */
			while (j < len) {
				size_t k = j;
				uint32_t c = fo_utf8_next(f, len, &k);

				if (!fo_class_han(sg->uni, c))
					break;
				reserve(sg, N + 1);
				sg->cps[N] = c;
				sg->cpoff[N] = j;
				N++;
				j = k;
			}
			sg->cpoff[N] = j;
			dag_route(sg, f, N);
			first = *n;
			for (size_t p = 0; p < N; p = sg->next[p])
				emit_han(sg, p, sg->next[p], sg->flag[p], v, n,
				    cap, &brk);
			merge_numerals(f, *v, first, n);
			i = j;
			continue;
		}
		if (fo_class_alnum(sg->uni, cp)) {
			size_t j = i;
			uint32_t last = cp;

			for (;;) {
				size_t k = j, k2;
				uint32_t c;

				if (j >= len)
					break;
				c = fo_utf8_next(f, len, &k);
				if (fo_class_alnum(sg->uni, c)) {
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
		if (fo_class_white(sg->uni, cp) || cp < 0x20) {
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
