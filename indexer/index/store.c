/* indexer/index/store.c -- the rules of the browser's store (store.h):
 * which shard holds a term or a word, and BM25 as Xapian weighs a posting. */
#include <math.h>

#include "buf.h"
#include "schema.h"
#include "store.h"
#include "utf8.h"

uint32_t
fo_store_term_hash(const char *term, size_t n)
{
	if (n > 0 && fo_term_prefixed(term)) {
		term++;
		n--;
	}
	return fo_fnv32(term, n);
}

uint32_t
fo_store_word_hash(const char *word, size_t n)
{
	size_t cl;

	if (n == 0)
		return fo_fnv32(word, 0);
	cl = fo_utf8_len((unsigned char)word[0]);
	return fo_fnv32(word, cl < n ? cl : n);
}

/*
 * Xapian::BM25Weight with its defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5,
 * min_normlen = 0.5), for a one-term query with wqf 1, no relevance set
 * and factor 1: the same operations in the same order, so the doubles
 * are equal bit for bit to Enquire's (tests/test_site.c checks this
 * against fo_xdb_search on every term of an index).
 */
void
fo_bm25_init(struct fo_bm25 *w, unsigned termfreq, unsigned ndocs,
    unsigned long long total_length)
{
	const double k1 = 1, k3 = 1, wqf = 1, factor = 1;
	double tw, avlen;

	tw = (ndocs - termfreq + 0.5) / (termfreq + 0.5);
	if (tw < 2)	/* Xapian's replacement for a negative idf */
		tw = tw * 0.5 + 1;
	w->termweight = log(tw) * factor;
	w->termweight *= (k3 + 1) * wqf / (k3 + wqf);
	w->termweight *= (k1 + 1);
	avlen = ndocs == 0 ? 0 : (double)total_length / ndocs;
	w->len_factor = avlen != 0 ? 1 / avlen : 0;
}

double
fo_bm25_weight(const struct fo_bm25 *w, unsigned wdf, unsigned doclen)
{
	const double k1 = 1, b = 0.5, min_normlen = 0.5;
	double normlen = doclen * w->len_factor, wdfd = wdf, denom;

	if (normlen < min_normlen)
		normlen = min_normlen;
	denom = k1 * (normlen * b + (1 - b)) + wdfd;
	return w->termweight * (wdfd / denom);
}

void
fo_store_put_num(struct fo_buf *b, unsigned long long v, int neg, int first)
{
	char t[24], r[20];
	int m = 0, k = 0;

	if (!first)
		t[m++] = ' ';
	if (neg)
		t[m++] = '-';
	do
		r[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k > 0)
		t[m++] = r[--k];
	fo_buf_put(b, t, (size_t)m);
}
