/* indexer/analyze/wordlist.c -- the analysis's sorted tables
 * (analyze_int.h): prefix search in a word list (struct fo_wordlist: the
 * segmenter's lexicon, vocabulary and built-in words, and unidata's
 * phrases) and lookup in a character table (struct fo_chartab: what
 * OpenCC makes of one character).  Apart from lexicon.c and fold.c so
 * that the WebAssembly build (-DFO_WASM, no file mapping) has them, and
 * unidata.c reads them without calling into fold.c. */
#include <stddef.h>
#include <stdint.h>

#include "analyze_int.h"

/* Word i of 'wl', *len bytes.  Clamped to the blob (off[n] is its
 * size): a lexicon is mapped without a pass over its offsets (lexicon.c,
 * "What is checked when"), so damaged ones must still read inside it. */
static inline const char *
word_at(const struct fo_wordlist *wl, uint32_t i, size_t *len)
{
	uint32_t end = wl->off[wl->n], a = wl->off[i], b = wl->off[i + 1];

	b = b < end ? b : end;
	a = a < b ? a : b;
	*len = b - a;
	return wl->blob + a;
}

/* Compare bytes [k, k+m) of word w (wl bytes long) with c[0..m):
 * a word that ends early sorts first. */
static inline int
cmp_at(const char *w, size_t wl, size_t k, const char *c, size_t m)
{
	const unsigned char *a = (const unsigned char *)w + k;
	const unsigned char *b = (const unsigned char *)c;
	size_t have = wl > k ? wl - k : 0;
	size_t n = have < m ? have : m;

	/* m is one character: a byte loop beats a memcmp(3) call */
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return have < m ? -1 : 0;
}

int
fo_wordlist_narrow(const struct fo_wordlist *wl, size_t k, const char *c,
    size_t m, uint32_t *lo, uint32_t *hi)
{
	uint32_t a = *lo, b = *hi, l, h;
	size_t n;

	/* first index with cmp >= 0 */
	l = a; h = b;
	while (l < h) {
		uint32_t mid = l + (h - l) / 2;
		size_t n;
		const char *w = word_at(wl, mid, &n);

		if (cmp_at(w, n, k, c, m) < 0)
			l = mid + 1;
		else
			h = mid;
	}
	a = l;
	/* first index with cmp > 0 */
	h = b;
	while (l < h) {
		uint32_t mid = l + (h - l) / 2;
		size_t n;
		const char *w = word_at(wl, mid, &n);

		if (cmp_at(w, n, k, c, m) <= 0)
			l = mid + 1;
		else
			h = mid;
	}
	*lo = a;
	*hi = l;
	if (a >= l)
		return 0;
	(void)word_at(wl, a, &n);
	return n == k + m;
}

/* First word whose first code point is >= cp: words are sorted
 * bytewise, which for UTF-8 is code point order. */
static uint32_t
first_at_least(const struct fo_wordlist *wl, uint32_t cp)
{
	uint32_t l = 0, h = wl->n;

	while (l < h) {
		uint32_t mid = l + (h - l) / 2;
		size_t n, k = 0;
		const char *w = word_at(wl, mid, &n);
		uint32_t c = n > 0 ? fo_utf8_next(w, n, &k) : 0;

		if (c < cp)
			l = mid + 1;
		else
			h = mid;
	}
	return l;
}

void
fo_wordlist_first_range(const struct fo_wordlist *wl, uint32_t *first,
    uint32_t cp, uint32_t *lo, uint32_t *hi)
{
	if (first[cp] == 0)
		first[cp] = first_at_least(wl, cp) + 1;
	if (first[cp + 1] == 0)
		first[cp + 1] = first_at_least(wl, cp + 1) + 1;
	*lo = first[cp] - 1;
	*hi = first[cp + 1] - 1;
}

const char *
fo__chartab_get(const struct fo_chartab *t, uint32_t cp, size_t *len)
{
	uint32_t lo = 0, hi;

	if (t == NULL)
		return NULL;
	hi = t->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (t->cp[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->n || t->cp[lo] != cp)
		return NULL;
	*len = t->off[lo + 1] - t->off[lo];
	return t->blob + t->off[lo];
}
