/* site/grams.c -- where each common Han bigram is, for the browser's
 * phrase checks (site.h).
 *
 * The engine checks a phrase of bigrams (B<ab> B<bc> ...) against a
 * document's folded pieces: they hold "abc...".  When a phrase is common,
 * fetching every candidate's document costs too much, so the export also
 * lists, for each bigram in more than POS_MIN documents, where it is in
 * each document's folded pieces (code point index): "abc" is at i
 * exactly when "ab" is at i and "bc" at i + 1 (xmem.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "site.h"
#include "store.h"
#include "utf8.h"

/* The entry of 'key', made if 'make' (else NULL if there is none). */
struct fo_gpos *
fo_grams_get(struct fo_grams *g, uint64_t key, int make)
{
	size_t i;

	if (!make && g->cap == 0)
		return NULL;
	if (make && 2 * (g->len + 1) > g->cap) {
		struct fo_grams o = *g;

		g->cap = g->cap ? 2 * g->cap : 4096;
		g->t = fo_xcalloc(g->cap, sizeof(*g->t));
		for (i = 0; i < o.cap; i++) {
			size_t j;

			if (o.t[i].key == 0)
				continue;
			for (j = (o.t[i].key * 0x9e3779b97f4a7c15ull) >> 20 &
			    (g->cap - 1); g->t[j].key != 0; j = (j + 1) &
			    (g->cap - 1))
				;
			g->t[j] = o.t[i];
		}
		free(o.t);
	}
	for (i = (key * 0x9e3779b97f4a7c15ull) >> 20 & (g->cap - 1);
	    g->t[i].key != 0; i = (i + 1) & (g->cap - 1))
		if (g->t[i].key == key)
			return &g->t[i];
	if (!make)
		return NULL;
	g->t[i].key = key;
	g->len++;
	return &g->t[i];
}

void
fo_grams_free(struct fo_grams *g)
{
	size_t i;

	for (i = 0; i < g->cap; i++)
		free(g->t[i].v);
	free(g->t);
	memset(g, 0, sizeof(*g));
}

/* The positions of the bigrams in 'g' in document 'd', whose folded
 * pieces are s[0..n). */
void
fo_grams_positions(struct fo_grams *g, uint32_t d, const char *s, size_t n)
{
	size_t i = 0;
	uint32_t prev = 0, pos = 0, cp;

	while (i < n) {
		struct fo_gpos *e;

		cp = fo_utf8_next(s, n, &i);
		if (pos > 0 && (e = fo_grams_get(g, (uint64_t)prev << 21 | cp,
		    0)) != NULL) {
			if (e->n + 2 > e->cap) {
				e->cap = e->cap ? 2 * e->cap : 8;
				e->v = fo_xreallocarray(e->v, e->cap,
				    sizeof(*e->v));
			}
			e->v[e->n++] = d;
			e->v[e->n++] = pos - 1;
		}
		prev = cp;
		pos++;
	}
}

/* The lines "B<ab>\t..." of the bigrams in 'g', into the shards 'out'
 * ('k' of them) by their term hash: per document, the gap from the
 * previous document's index (the first: index + 1) and its position; or
 * the gap negated, the count, the first position and the gaps. */
void
fo_grams_lines(const struct fo_grams *g, struct fo_buf *out, size_t k)
{
	size_t i, j, m;

	for (i = 0; i < g->cap; i++) {
		const struct fo_gpos *e = &g->t[i];
		struct fo_buf name = FO_BUF_INIT, *o;
		uint32_t prevd = 0;

		if (e->key == 0)
			continue;
		fo_buf_puts(&name, FO_PREFIX_GRAM);
		fo_utf8_put(&name, (uint32_t)(e->key >> 21));
		fo_utf8_put(&name, (uint32_t)(e->key & 0x1fffff));
		o = &out[fo_store_term_hash(name.data, name.len) % k];
		fo_buf_put(o, name.data, name.len);
		fo_buf_putc(o, '\t');
		fo_buf_release(&name);
		for (j = 0; j < e->n; j = m) {
			uint32_t d = e->v[j];

			for (m = j; m < e->n && e->v[m] == d; m += 2)
				;
			fo_store_put_num(o, d - prevd + (j == 0), m - j > 2, j == 0);
			if (m - j > 2)
				fo_store_put_num(o, (m - j) / 2, 0, 0);
			fo_store_put_num(o, e->v[j + 1], 0, 0);
			for (size_t x = j + 3; x < m; x += 2)
				fo_store_put_num(o, e->v[x] - e->v[x - 2], 0, 0);
			prevd = d;
		}
		fo_buf_putc(o, '\n');
	}
}
