/* indexer/wasm/xmatch.c -- the matcher of the browser's store: xap.h's
 * search (fo_xdb_search, fo_xdb_exists) over what xmem.c loaded.  The
 * query trees query.c builds are evaluated as Xapian does: BM25 weights
 * summed, AND_MAYBE/FILTER/AND_NOT as Xapian combines them, ties by
 * docid; a phrase is checked against the document's folded pieces (its
 * bigrams as one contiguous string, its words with the spacing the
 * analyzer allows) or, for common bigrams, their positions. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
#include "buf.h"
#include "content.h"
#include "query.h"
#include "schema.h"
#include "store.h"
#include "utf8.h"
#include "xap.h"
#include "xmem.h"
#include "xmem_int.h"

/* A set of documents with weights, ascending by document. */
struct mset {
	unsigned *d;
	double	*w;
	size_t	 n, cap;
};

static void
ms_push(struct mset *m, unsigned d, double w)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->d = fo_xreallocarray(m->d, m->cap, sizeof *m->d);
		m->w = fo_xreallocarray(m->w, m->cap, sizeof *m->w);
	}
	m->d[m->n] = d;
	m->w[m->n++] = w;
}

static void
ms_free(struct mset *m)
{
	free(m->d);
	free(m->w);
	memset(m, 0, sizeof *m);
}

/* Is the character at 's' Han (seg.c's rule, from the unidata)? */
static int
is_han_at(const struct fo_xdb *db, const char *s)
{
	size_t i = 0;

	return fo_class_han(db->uni, fo_utf8_next(s, strlen(s), &i));
}


/* The last character of 't'. */
static const char *
last_char(const char *t)
{
	size_t n = strlen(t);

	while (n > 0 && ((unsigned char)t[n - 1] & 0xc0) == 0x80)
		n--;
	return n > 0 ? t + n - 1 : t;
}

/* Where document 'd' is in the ascending list v[0..n): the index of the
 * first entry not below it (n if none). */
static size_t
doc_at(const unsigned *v, size_t n, unsigned d)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The positions of bigram 't' in document 'd' (*n of them), or NULL. */
static const unsigned *
doc_positions(const struct ppos *e, unsigned d, unsigned *n)
{
	size_t lo = doc_at(e->doc, e->nd, d);

	if (lo == e->nd || e->doc[lo] != d) {
		*n = 0;
		return NULL;
	}
	*n = e->first[lo + 1] - e->first[lo];
	return e->pos + e->first[lo];
}

/*
 * A phrase of bigrams each in more than pmin documents is checked with
 * their positions instead of the document's text (the same answer: see
 * searchidx.c), so a common phrase does not fetch every candidate.
 * Returns 1 with *r the answer (or 1 while a positions shard is noted
 * missing); 0 if positions do not apply.
 */
static int
positions_ok(struct fo_xdb *db, const struct fo_qnode *q, unsigned d, int *r)
{
	const struct ppos *e[64];
	const struct term *te;
	size_t i, k;
	int missing = 0;

	if (db->pshards == 0 || q->nkids > 64)
		return 0;
	for (i = 0; i < q->nkids; i++) {
		const char *t = q->kids[i]->term;
		size_t n = 0, j = 1, len;
		unsigned sh;

		if (q->kids[i]->op != FO_Q_TERM || t[0] != FO_PREFIX_GRAM[0])
			return 0;
		len = strlen(t);
		while (j < len) {
			fo_utf8_next(t, len, &j);
			n++;
		}
		if (n != 2 || fo__xmem_postings(db, t, &missing)->n <= db->pmin)
			return 0;
		sh = fo_store_term_hash(t, len) % db->pshards;
		if (!db->pos_ok[sh]) {
			fo__xmem_need_file(db, "p", sh);
			missing = 1;
			continue;
		}
		if ((te = fo__xmem_term(db, t)) == NULL || !te->has_pos)
			return 0;
		e[i] = &te->pos;
	}
	if (missing) {
		*r = 1;
		return 1;
	}
	{
		unsigned n0, nk;
		const unsigned *p0 = doc_positions(e[0], d, &n0), *pk;

		for (k = 0; k < n0; k++) {
			for (i = 1; i < q->nkids; i++) {
				unsigned lo = 0;

				pk = doc_positions(e[i], d, &nk);
				while (lo < nk && pk[lo] < p0[k] + i)
					lo++;
				if (lo == nk || pk[lo] != p0[k] + i)
					break;
			}
			if (i == q->nkids) {
				*r = 1;
				return 1;
			}
		}
	}
	*r = 0;
	return 1;
}

/*
 * Does document 'd' have phrase 'q' (kids are TERMs)?  Bigrams: their
 * text, the first gram's two characters and each next gram's second,
 * occurs in the folded pieces (runs never span punctuation or pieces,
 * so a substring is a phrase).  Words: each next word follows after
 * spaces -- at least one between two Latin or digit words, any number
 * (or none) next to a Han word ("rcep 成员国", "8万亿元").
 */
static int
phrase_ok(struct fo_xdb *db, const struct fo_qnode *q, unsigned d)
{
	const char *f = db->fold[d], *at;
	size_t i;
	int r;

	if (f == NULL && positions_ok(db, q, d, &r))
		return r;
	if (f == NULL) {
		fo__xmem_need_file(db, "d", d);
		return 1;
	}
	if (q->kids[0]->term[0] == FO_PREFIX_GRAM[0]) {
		struct fo_buf s = FO_BUF_INIT;
		int r;

		fo_buf_puts(&s, q->kids[0]->term + 1);
		for (i = 1; i < q->nkids; i++)
			fo_buf_puts(&s, last_char(q->kids[i]->term + 1));
		r = strstr(f, s.data) != NULL;
		fo_buf_release(&s);
		return r;
	}
	for (at = f; (at = strstr(at, q->kids[0]->term)) != NULL; at++) {
		const char *p = at + strlen(q->kids[0]->term);

		for (i = 1; i < q->nkids; i++) {
			const char *prev = last_char(q->kids[i - 1]->term);
			const char *t = q->kids[i]->term;
			int han = is_han_at(db, prev) || is_han_at(db, t);
			size_t sp = 0;

			while (p[sp] == ' ')
				sp++;
			if ((!han && sp == 0) ||
			    strncmp(p + sp, t, strlen(t)) != 0)
				break;
			p += sp + strlen(t);
		}
		if (i == q->nkids)
			return 1;
		at += fo_utf8_len((unsigned char)*at) - 1;
	}
	return 0;
}

static void eval(struct fo_xdb *, const struct fo_qnode *, struct mset *,
    int *);

static void
ms_and(struct mset *a, const struct mset *b)
{
	size_t i = 0, j = 0, n = 0;

	while (i < a->n && j < b->n) {
		if (a->d[i] < b->d[j])
			i++;
		else if (a->d[i] > b->d[j])
			j++;
		else {
			a->d[n] = a->d[i];
			a->w[n++] = a->w[i++] + b->w[j++];
		}
	}
	a->n = n;
}

static void
ms_or(struct mset *a, const struct mset *b)
{
	struct mset r = { NULL, NULL, 0, 0 };
	size_t i = 0, j = 0;

	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->d[i] < b->d[j])) {
			ms_push(&r, a->d[i], a->w[i]);
			i++;
		} else if (i == a->n || b->d[j] < a->d[i]) {
			ms_push(&r, b->d[j], b->w[j]);
			j++;
		} else {
			ms_push(&r, a->d[i], a->w[i] + b->w[j]);
			i++;
			j++;
		}
	}
	ms_free(a);
	*a = r;
}

/* Keep a's documents that b has ('keep') or has not; add b's weights
 * to kept ones if 'add'. */
static void
ms_filter(struct mset *a, const struct mset *b, int keep, int add)
{
	size_t i, j = 0, n = 0;

	for (i = 0; i < a->n; i++) {
		while (j < b->n && b->d[j] < a->d[i])
			j++;
		if ((j < b->n && b->d[j] == a->d[i]) == keep) {
			a->d[n] = a->d[i];
			a->w[n++] = a->w[i] + (add && keep ? b->w[j] : 0);
		} else if (add && !keep) {
			a->d[n] = a->d[i];
			a->w[n++] = a->w[i] + (j < b->n && b->d[j] == a->d[i] ?
			    b->w[j] : 0);
		}
	}
	a->n = n;
}

static void
eval(struct fo_xdb *db, const struct fo_qnode *q, struct mset *out,
    int *missing)
{
	struct mset k = { NULL, NULL, 0, 0 };
	size_t i;

	memset(out, 0, sizeof *out);
	switch (q->op) {
	case FO_Q_TERM:
	case FO_Q_WILDCARD: {
		struct fo_buf t = FO_BUF_INIT;
		const struct plist *p;
		double f = 1;

		fo_buf_puts(&t, q->term);
		if (q->op == FO_Q_WILDCARD)
			fo_buf_putc(&t, '*');	/* the exported OP_MAX entry */
		else if (q->wqf > 1)
			f = 2.0 * q->wqf / (1.0 + q->wqf);	/* k3 = 1 */
		p = fo__xmem_postings(db, t.data, missing);
		fo_buf_release(&t);
		for (i = 0; i < p->n; i++)
			ms_push(out, p->doc[i], p->w[i] * f);
		return;
	}
	case FO_Q_ALL:
		for (i = 0; i < db->ndocs; i++)
			ms_push(out, (unsigned)i, 0);
		return;
	case FO_Q_SCALE:
		if (q->nkids == 0)
			return;
		eval(db, q->kids[0], out, missing);
		for (i = 0; i < out->n; i++)
			out->w[i] *= q->scale;
		return;
	case FO_Q_OR:
		for (i = 0; i < q->nkids; i++) {
			eval(db, q->kids[i], &k, missing);
			ms_or(out, &k);
			ms_free(&k);
		}
		return;
	case FO_Q_AND:
	case FO_Q_PHRASE:
	case FO_Q_NEAR:
		for (i = 0; i < q->nkids; i++) {
			if (i == 0)
				eval(db, q->kids[0], out, missing);
			else {
				eval(db, q->kids[i], &k, missing);
				ms_and(out, &k);
				ms_free(&k);
			}
		}
		if (q->op != FO_Q_AND && q->nkids > 1) {
			size_t n = 0;

			for (i = 0; i < out->n; i++)
				if (phrase_ok(db, q, out->d[i])) {
					out->d[n] = out->d[i];
					out->w[n++] = out->w[i];
				}
			out->n = n;
		}
		return;
	case FO_Q_AND_MAYBE:
	case FO_Q_AND_NOT:
	case FO_Q_FILTER:
		if (q->nkids == 0)
			return;
		eval(db, q->kids[0], out, missing);
		for (i = 1; i < q->nkids; i++) {
			eval(db, q->kids[i], &k, missing);
			if (q->op == FO_Q_AND_MAYBE)
				ms_filter(out, &k, 0, 1);
			else
				ms_filter(out, &k, q->op == FO_Q_FILTER, 0);
			ms_free(&k);
		}
		return;
	}
}

/* The plain terms of 'q' document 'd' has (search.c's coordination). */
static void
matching(struct fo_xdb *db, const struct fo_qnode *q, unsigned d,
    struct fo_strlist *l)
{
	size_t i;
	int missing = 0;

	if (q->op == FO_Q_TERM) {
		const struct plist *p = fo__xmem_postings(db, q->term, &missing);
		size_t lo = doc_at(p->doc, p->n, d);

		if (lo < p->n && p->doc[lo] == d)
			fo_strlist_add(l, q->term);
		return;
	}
	for (i = 0; i < q->nkids; i++)
		matching(db, q->kids[i], d, l);
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct fo_xhit *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* The kind whose name starts with 'letter' (the manifest's "dk"). */
static const char *
kind_name(char letter)
{
	int k;

	for (k = FO_KIND_PREAMBLE; k <= FO_KIND_GLOSSARY; k++)
		if (fo_kind_name((enum fo_kind)k)[0] == letter)
			return fo_kind_name((enum fo_kind)k);
	return "";
}

enum fo_status
fo_xdb_search_counted(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, unsigned check_at_least,
    struct fo_xhits *out)
{
	struct mset m;
	struct fo_xhit *all;
	size_t i;
	int missing = 0;

	(void)check_at_least;	/* every match is counted */
	memset(out, 0, sizeof *out);
	if (db == NULL || q == NULL)
		return FO_EINVAL;
	eval(db, q, &m, &missing);
	out->estimated = (unsigned)m.n;
	all = fo_xcalloc(m.n + 1, sizeof *all);
	for (i = 0; i < m.n; i++) {
		all[i].docid = m.d[i] + 1;
		all[i].weight = m.w[i];
	}
	qsort(all, m.n, sizeof *all, hit_cmp);
	ms_free(&m);
	for (i = offset; i < out->estimated && out->n < limit; i++) {
		struct fo_xhit *h = &all[i];
		struct fo_strlist t = FO_STRLIST_INIT;

		h->rank = (unsigned)i;
		h->kind = fo_xstrdup(kind_name(db->dk[h->docid - 1]));
		h->data = fo_xstrdup("");
		matching(db, q, h->docid - 1, &t);
		h->terms = t.v;
		h->nterms = t.n;
		all[out->n++] = *h;
	}
	if (out->n == 0) {
		free(all);
		all = NULL;
	}
	out->v = all;
	return FO_OK;
}

enum fo_status
fo_xdb_search(struct fo_xdb *db, const struct fo_qnode *q, unsigned offset,
    unsigned limit, struct fo_xhits *out)
{
	return fo_xdb_search_counted(db, q, offset, limit, 0, out);
}

/* The store's hits carry their terms at no extra cost. */
enum fo_status
fo_xdb_search_bare(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, struct fo_xhits *out)
{
	return fo_xdb_search_counted(db, q, offset, limit, 0, out);
}

void
fo_xhits_release(struct fo_xhits *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++) {
		free(h->v[i].data);
		free(h->v[i].kind);
		fo_strv_free(h->v[i].terms, h->v[i].nterms);
	}
	free(h->v);
	memset(h, 0, sizeof *h);
}

enum fo_status
fo_xdb_exists(struct fo_xdb *db, const struct fo_qnode *q, int *out)
{
	struct mset m;
	int missing = 0;

	eval(db, q, &m, &missing);
	/* while data is missing, yes: a round over partial data must not
	   go on to the scattered form and fetch its terms for nothing */
	*out = m.n > 0 || missing || db->need.n > 0;
	ms_free(&m);
	return FO_OK;
}
