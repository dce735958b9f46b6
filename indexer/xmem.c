/* indexer/xmem.c -- xap.h's reading half over the browser's store: the
 * files fiveout-site exports (site/searchidx.c), loaded as the engine
 * asks for them.  Only the WebAssembly engine links it, in place of
 * xap.cc, so search.c runs there unchanged.
 *
 * It is Xapian's matcher for the trees query.c builds: BM25 (Xapian
 * 1.4's BM25Weight with its default parameters, fo_bm25_*), weights
 * summed as Xapian sums them, ties by docid.  A phrase is checked
 * against the document's folded pieces: its bigrams as one contiguous
 * string, its words with the spacing the analyzer allows between them.
 *
 * Data not loaded yet is noted (fo_xmem_need()) and treated so that a
 * run over partial data asks for everything a complete run would: a
 * missing posting list is empty, a missing document passes its phrase
 * check.  The engine runs the search again once the notes are loaded,
 * until nothing is missing; only that last run's answer is used.
 */
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

struct plist {
	unsigned n;
	unsigned *doc;		/* 0-based document index, ascending */
	double	*w;		/* BM25 weight of the term alone (wqf 1) */
};

/* Where a common bigram is in each document's folded pieces. */
struct ppos {
	unsigned nd;
	unsigned *doc;		/* ascending */
	unsigned *first;	/* [nd + 1]: doc i's positions are
				   pos[first[i] .. first[i + 1]) */
	unsigned *pos;
};

/* What the store knows of a term: its postings once its shard is in,
 * its positions once its positions shard is (only common bigrams). */
struct term {
	char	*term;
	int	 has_post, has_pos;
	struct plist post;
	struct ppos pos;
};

struct fo_xdb {
	char	*err;
	char	*fp, *h, *vocab;	/* fingerprint, its hash, vocabulary */
	size_t	 vocablen;
	unsigned ndocs;
	unsigned *dl;		/* document lengths */
	char	*dk;		/* kind letters */
	double	 lenf;		/* 1 / average length */
	unsigned nshards;
	uint8_t	*post_ok;
	unsigned pshards, pmin;	/* bigram positions: shards, and the
				   postings a bigram has past which it
				   has positions */
	uint8_t	*pos_ok;
	/* the terms: open addressing, cap a power of 2 */
	struct term *tv;
	size_t	 nt, tcap;
	/* documents: data (docinfo) and folded pieces */
	char	**data;
	size_t	*datalen;
	char	**fold;
	/* what a run found missing: names of files, "s/3", "d/12" */
	struct fo_strlist need;
	const struct fo_unidata *uni;	/* character classes */
};

/* A term's postings shard (store.h). */
static unsigned
term_shard(const struct fo_xdb *db, const char *t)
{
	return fo_store_term_hash(t, strlen(t)) % db->nshards;
}

static void
need(struct fo_xdb *db, const char *what, unsigned k)
{
	char name[32];

	snprintf(name, sizeof name, "%s/%u", what, k);
	fo_strlist_add(&db->need, name);
}

struct fo_strlist *
fo_xmem_need(struct fo_xdb *db)
{
	return &db->need;
}

void
fo_xmem_need_reset(struct fo_xdb *db)
{
	fo_strlist_release(&db->need);
}

/* ---- BM25, as site/searchidx.c's fo_bm25_* (Xapian 1.4 BM25Weight:
 * k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5) ---------------- */

static double
termweight(const struct fo_xdb *db, unsigned tf)
{
	double N = db->ndocs, tw = (N - tf + 0.5) / (tf + 0.5), t;

	if (tw < 2)
		tw = tw * 0.5 + 1;
	t = log(tw) * 1;
	t *= (1 + 1) * 1.0 / (1 + 1);
	return t * (1 + 1);
}

static double
docweight(const struct fo_xdb *db, double tw, unsigned wdf, unsigned d)
{
	double normlen = db->dl[d] * db->lenf;

	if (normlen < 0.5)
		normlen = 0.5;
	return tw * (wdf / (1 * (normlen * 0.5 + (1 - 0.5)) + wdf));
}

/* ---- the store ------------------------------------------------------ */

static const char *
line_val(const char *p, const char *end, const char *key, size_t *len)
{
	size_t kl = strlen(key);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			nl = end;
		if ((size_t)(nl - p) > kl && memcmp(p, key, kl) == 0 &&
		    p[kl] == '\t') {
			*len = (size_t)(nl - p) - kl - 1;
			return p + kl + 1;
		}
		p = nl + 1;
	}
	return NULL;
}

static char *
dupn(const char *s, size_t n)
{
	char *d = fo_xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

enum fo_status
fo_xmem_open(const char *manifest, size_t len, struct fo_xdb **out,
    char **errmsg)
{
	const char *end = manifest + len, *v, *vb;
	struct fo_xdb *db;
	unsigned long long dtotal = 0;
	size_t n, i;
	char *e;

	*out = NULL;
	if (len < strlen(FO_STORE_MAGIC) ||
	    memcmp(manifest, FO_STORE_MAGIC, strlen(FO_STORE_MAGIC)) != 0) {
		if (errmsg != NULL)
			*errmsg = fo_xstrdup("search index: not a layout 3 "
			    "manifest; rebuild the site");
		return FO_EVERSION;
	}
	db = fo_xcalloc(1, sizeof *db);
	/* the vocabulary blob is last: "vocab\t<len>\n<bytes>" */
	vb = NULL;
	if ((v = line_val(manifest, end, "vocab", &n)) != NULL) {
		db->vocablen = strtoul(v, &e, 10);
		vb = e + 1;
		if (*e != '\n' || vb + db->vocablen > end)
			goto bad;
		db->vocab = dupn(vb, db->vocablen);
		end = v;	/* the lines before it */
	}
	if ((v = line_val(manifest, end, "fp", &n)) == NULL)
		goto bad;
	db->fp = dupn(v, n);
	if ((v = line_val(manifest, end, "h", &n)) == NULL)
		goto bad;
	db->h = dupn(v, n);
	if ((v = line_val(manifest, end, "n", &n)) == NULL)
		goto bad;
	db->ndocs = (unsigned)strtoul(v, NULL, 10);
	if ((v = line_val(manifest, end, "dtotal", &n)) == NULL)
		goto bad;
	dtotal = strtoull(v, NULL, 10);
	if ((v = line_val(manifest, end, "shards", &n)) == NULL)
		goto bad;
	db->nshards = (unsigned)strtoul(v, NULL, 10);
	if (db->nshards == 0)
		goto bad;
	if ((v = line_val(manifest, end, "pshards", &n)) != NULL)
		db->pshards = (unsigned)strtoul(v, NULL, 10);
	if ((v = line_val(manifest, end, "pmin", &n)) != NULL)
		db->pmin = (unsigned)strtoul(v, NULL, 10);
	if ((v = line_val(manifest, end, "dk", &n)) == NULL || n != db->ndocs)
		goto bad;
	db->dk = dupn(v, n);
	db->dl = fo_xcalloc(db->ndocs + 1, sizeof *db->dl);
	if ((v = line_val(manifest, end, "dl", &n)) == NULL)
		goto bad;
	for (i = 0, e = (char *)v; i < db->ndocs; i++) {
		db->dl[i] = (unsigned)strtoul(e, &e, 10);
		if (*e == ' ')
			e++;
	}
	db->lenf = db->ndocs > 0 && dtotal > 0 ?
	    1.0 / ((double)dtotal / db->ndocs) : 0;
	db->post_ok = fo_xcalloc(db->nshards, 1);
	db->pos_ok = fo_xcalloc(db->pshards + 1, 1);
	db->data = fo_xcalloc(db->ndocs + 1, sizeof *db->data);
	db->datalen = fo_xcalloc(db->ndocs + 1, sizeof *db->datalen);
	db->fold = fo_xcalloc(db->ndocs + 1, sizeof *db->fold);
	*out = db;
	return FO_OK;
bad:
	if (errmsg != NULL)
		*errmsg = fo_xstrdup("search index: damaged manifest; rebuild "
		    "the site");
	fo_xdb_close(db);
	return FO_ECORRUPT;
}

/* The entry of term 't', or NULL. */
static struct term *
term_find(const struct fo_xdb *db, const char *t)
{
	size_t i;

	if (db->tcap == 0)
		return NULL;
	for (i = fo_fnv32(t, strlen(t)) & (db->tcap - 1);
	    db->tv[i].term != NULL; i = (i + 1) & (db->tcap - 1))
		if (strcmp(db->tv[i].term, t) == 0)
			return &db->tv[i];
	return NULL;
}

/* The entry of term 't', made if new (taking 't'; else 't' is freed). */
static struct term *
term_put(struct fo_xdb *db, char *t)
{
	struct term *e;
	size_t i;

	if ((e = term_find(db, t)) != NULL) {
		free(t);
		return e;
	}
	if (2 * (db->nt + 1) > db->tcap) {
		struct term *o = db->tv;
		size_t oc = db->tcap;

		db->tcap = oc ? 2 * oc : 1024;
		db->tv = fo_xcalloc(db->tcap, sizeof *db->tv);
		db->nt = 0;
		for (i = 0; i < oc; i++)
			if (o[i].term != NULL)
				*term_put(db, o[i].term) = o[i];
		free(o);
	}
	for (i = fo_fnv32(t, strlen(t)) & (db->tcap - 1);
	    db->tv[i].term != NULL; i = (i + 1) & (db->tcap - 1))
		;
	db->tv[i].term = t;
	db->nt++;
	return &db->tv[i];
}

/* A shard's postings: "term\tN N -N W ...\n" lines (searchidx.c); its
 * lexicon lines are lexshard.c's. */
static enum fo_status
load_postings(struct fo_xdb *db, unsigned k, const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		struct plist *pl;
		struct term *te;
		char *e, *t;
		unsigned cap = 16, n = 0, *doc, *wdf, *tf = NULL;
		long cur = -1;
		int wild;

		if (nl == NULL)
			nl = end;
		tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab == NULL || tab == p) {	/* a lexicon line: lexshard.c */
			p = nl + 1;
			continue;
		}
		t = dupn(p, (size_t)(tab - p));
		wild = t[0] == FO_PREFIX_GRAM[0] && tab - p > 1 &&
		    tab[-1] == '*';
		doc = fo_xreallocarray(NULL, cap, sizeof *doc);
		wdf = fo_xreallocarray(NULL, cap, sizeof *wdf);
		if (wild)
			tf = fo_xreallocarray(NULL, cap, sizeof *tf);
		e = (char *)tab + 1;
		while (e < nl) {
			char *e0 = e;
			long g = strtol(e, &e, 10);

			if (e == e0) {	/* not a number: damaged */
				free(t);
				free(doc);
				free(wdf);
				free(tf);
				return FO_ECORRUPT;
			}

			if (n == cap) {
				cap *= 2;
				doc = fo_xreallocarray(doc, cap, sizeof *doc);
				wdf = fo_xreallocarray(wdf, cap, sizeof *wdf);
				if (wild)
					tf = fo_xreallocarray(tf, cap,
					    sizeof *tf);
			}
			if (wild) {
				/* gap, term frequency, wdf of the best
				   expansion */
				cur += g;
				tf[n] = (unsigned)strtoul(e, &e, 10);
				wdf[n] = (unsigned)strtoul(e, &e, 10);
			} else if (g < 0) {
				cur -= g;
				wdf[n] = (unsigned)strtoul(e, &e, 10);
			} else {
				cur += g;
				wdf[n] = 1;
			}
			if (cur < 0 || (unsigned long)cur >= db->ndocs) {
				free(t);
				free(doc);
				free(wdf);
				free(tf);
				return FO_ECORRUPT;
			}
			doc[n++] = (unsigned)cur;
			while (e < nl && *e == ' ')
				e++;
		}
		te = term_put(db, t);
		if (!te->has_post) {
			double tw = termweight(db, n);
			unsigned i;

			te->has_post = 1;
			pl = &te->post;
			pl->n = n;
			pl->doc = doc;
			pl->w = fo_xreallocarray(NULL, n + 1, sizeof *pl->w);
			for (i = 0; i < n; i++)
				pl->w[i] = docweight(db, wild ?
				    termweight(db, tf[i]) : tw, wdf[i], doc[i]);
			doc = NULL;
		}
		free(doc);
		free(wdf);
		free(tf);
		p = nl + 1;
	}
	db->post_ok[k] = 1;
	return FO_OK;
}

/* A positions shard: "B<ab>\t..." lines (searchidx.c's gram_lines()). */
static enum fo_status
load_positions(struct fo_xdb *db, unsigned k, const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
		unsigned *v, nv = 0, cap = 64, i, nd = 0, cnt, np = 0;
		struct term *te;
		struct ppos *e;
		long cur = -1;
		char *x;

		if (nl == NULL)
			nl = end;
		if ((tab = memchr(p, '\t', (size_t)(nl - p))) == NULL) {
			p = nl + 1;
			continue;
		}
		v = fo_xreallocarray(NULL, cap, sizeof *v);
		for (x = (char *)tab + 1; x < nl; ) {
			char *x0 = x;
			long g = strtol(x, &x, 10);

			if (x == x0) {
				free(v);
				return FO_ECORRUPT;
			}

			if (nv + 1 >= cap) {
				cap *= 2;
				v = fo_xreallocarray(v, cap, sizeof *v);
			}
			v[nv++] = (unsigned)(g < 0 ? -g : g) |
			    (g < 0 ? 0x80000000u : 0);
			while (x < nl && *x == ' ')
				x++;
		}
		te = term_put(db, dupn(p, (size_t)(tab - p)));
		if (te->has_pos) {
			free(v);
			p = nl + 1;
			continue;
		}
		te->has_pos = 1;
		e = &te->pos;
		e->doc = fo_xreallocarray(NULL, nv + 1, sizeof *e->doc);
		e->first = fo_xreallocarray(NULL, nv + 2, sizeof *e->first);
		e->pos = fo_xreallocarray(NULL, nv + 1, sizeof *e->pos);
		for (i = 0; i < nv; ) {
			unsigned g = v[i] & 0x7fffffffu, j, at;

			cnt = 1;
			if (v[i++] & 0x80000000u) {
				if (i >= nv)
					goto bad;
				cnt = v[i++];
			}
			cur += g;
			if (cur < 0 || (unsigned long)cur >= db->ndocs ||
			    i + cnt > nv)
				goto bad;
			e->doc[nd] = (unsigned)cur;
			e->first[nd++] = np;
			for (j = 0, at = 0; j < cnt; j++) {
				at += v[i++];
				e->pos[np++] = at;
			}
		}
		e->first[nd] = np;
		e->nd = nd;
		free(v);
		p = nl + 1;
		continue;
bad:
		free(v);
		e->nd = 0;
		e->first[0] = 0;
		return FO_ECORRUPT;
	}
	db->pos_ok[k] = 1;
	return FO_OK;
}

/* A document: "<len of data>\n<data><folded pieces>". */
static enum fo_status
load_doc(struct fo_xdb *db, unsigned d, const char *p, const char *end)
{
	char *e;
	unsigned long n = strtoul(p, &e, 10);

	if (e >= end || *e != '\n' || n > (unsigned long)(end - e - 1))
		return FO_ECORRUPT;
	if (db->data[d] != NULL)
		return FO_OK;
	db->data[d] = dupn(e + 1, n);
	db->datalen[d] = n;
	db->fold[d] = dupn(e + 1 + n, (size_t)(end - (e + 1 + n)));
	return FO_OK;
}

enum fo_status
fo_xmem_feed(struct fo_xdb *db, const char *name, const char *bytes,
    size_t len)
{
	const char *end = bytes + len;
	unsigned long k;
	char *e;

	if (db == NULL || name == NULL || name[0] == '\0' || name[1] != '/')
		return FO_EINVAL;
	k = strtoul(name + 2, &e, 10);
	if (*e != '\0')
		return FO_EINVAL;
	/* every file starts with the analyzer's fingerprint line */
	{
		const char *nl = memchr(bytes, '\n', len);

		if (nl == NULL || (size_t)(nl - bytes) != strlen(db->h) + 3 ||
		    memcmp(bytes, "fp\t", 3) != 0 ||
		    memcmp(bytes + 3, db->h, strlen(db->h)) != 0) {
			free(db->err);
			db->err = fo_xstrdup("search index file was built by a "
			    "different analyzer; rebuild the site");
			return FO_EVERSION;
		}
		bytes = nl + 1;
	}
	switch (name[0]) {
	case 's':
		if (k >= db->nshards)
			return FO_EINVAL;
		return load_postings(db, (unsigned)k, bytes, end);
	case 'd':
		if (k >= db->ndocs)
			return FO_EINVAL;
		return load_doc(db, (unsigned)k, bytes, end);
	case 'p':
		if (k >= db->pshards)
			return FO_EINVAL;
		return load_positions(db, (unsigned)k, bytes, end);
	}
	return FO_EINVAL;
}

/* ---- xap.h ---------------------------------------------------------- */

void
fo_xdb_close(struct fo_xdb *db)
{
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->tcap; i++) {
		free(db->tv[i].term);
		free(db->tv[i].post.doc);
		free(db->tv[i].post.w);
		free(db->tv[i].pos.doc);
		free(db->tv[i].pos.first);
		free(db->tv[i].pos.pos);
	}
	free(db->tv);
	free(db->pos_ok);
	for (i = 0; i < db->ndocs && db->data != NULL; i++) {
		free(db->data[i]);
		free(db->fold[i]);
	}
	free(db->data);
	free(db->datalen);
	free(db->fold);
	free(db->post_ok);
	free(db->dl);
	free(db->dk);
	free(db->fp);
	free(db->h);
	free(db->vocab);
	free(db->err);
	fo_strlist_release(&db->need);
	free(db);
}

/* The store is one: no shard is ever missing. */
const char *
fo_xdb_missing(const struct fo_xdb *db, size_t i)
{
	(void)db;
	(void)i;
	return NULL;
}

const char *
fo_xdb_errmsg(const struct fo_xdb *db)
{
	return db != NULL && db->err != NULL ? db->err : "";
}

enum fo_status
fo_xdb_get_metadata(struct fo_xdb *db, const char *key, char **out,
    size_t *len)
{
	const char *v = "";
	size_t n = 0;

	if (strcmp(key, FO_META_FINGERPRINT) == 0) {
		v = db->fp;
		n = strlen(v);
	} else if (strcmp(key, FO_META_VOCAB) == 0 && db->vocab != NULL) {
		v = db->vocab;
		n = db->vocablen;
	}
	*out = dupn(v, n);
	if (len != NULL)
		*len = n;
	return FO_OK;
}

/* A term's postings, or NULL (noted) if its shard is not loaded; an
 * empty list if the index does not have it. */
static const struct plist *
postings(struct fo_xdb *db, const char *t, int *missing)
{
	static const struct plist none = { 0, NULL, NULL };
	unsigned k = term_shard(db, t);
	const struct term *e;

	if (!db->post_ok[k]) {
		need(db, "s", k);
		*missing = 1;
		return &none;
	}
	e = term_find(db, t);
	return e != NULL && e->has_post ? &e->post : &none;
}

enum fo_status
fo_xdb_allterms(struct fo_xdb *db, const char *prefix, size_t max,
    char ***terms, unsigned **freqs, size_t *n)
{
	int missing = 0;
	const struct plist *p;

	/* only the exact term: search.c asks whether a word is a term */
	*terms = NULL;
	if (freqs != NULL)
		*freqs = NULL;
	*n = 0;
	p = postings(db, prefix, &missing);
	if (p->n > 0 && max > 0) {
		*terms = fo_xcalloc(2, sizeof **terms);
		(*terms)[0] = fo_xstrdup(prefix);
		if (freqs != NULL) {
			*freqs = fo_xcalloc(1, sizeof **freqs);
			(*freqs)[0] = p->n;
		}
		*n = 1;
	}
	return FO_OK;
}

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

void
fo_xmem_set_unidata(struct fo_xdb *db, const struct fo_unidata *u)
{
	db->uni = u;
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

/* The positions of bigram 't' in document 'd' (*n of them), or NULL. */
static const unsigned *
doc_positions(const struct ppos *e, unsigned d, unsigned *n)
{
	unsigned lo = 0, hi = e->nd;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (e->doc[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
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
		if (n != 2 || postings(db, t, &missing)->n <= db->pmin)
			return 0;
		sh = fo_store_term_hash(t, len) % db->pshards;
		if (!db->pos_ok[sh]) {
			need(db, "p", sh);
			missing = 1;
			continue;
		}
		if ((te = term_find(db, t)) == NULL || !te->has_pos)
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
		need(db, "d", d);
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
		p = postings(db, t.data, missing);
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
		const struct plist *p = postings(db, q->term, &missing);
		size_t lo = 0, hi = p->n;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (p->doc[mid] < d)
				lo = mid + 1;
			else
				hi = mid;
		}
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

enum fo_status
fo_xdb_doc_data(struct fo_xdb *db, unsigned docid, char **out, size_t *len)
{
	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (docid == 0 || docid > db->ndocs)
		return FO_EINVAL;
	if (db->data[docid - 1] == NULL) {
		need(db, "d", docid - 1);
		return FO_ENOTFOUND;
	}
	*out = dupn(db->data[docid - 1], db->datalen[docid - 1]);
	if (len != NULL)
		*len = db->datalen[docid - 1];
	return FO_OK;
}
