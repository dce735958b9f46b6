/* indexer/wasm/xmem.c -- xap.h's reading half over the browser's store:
 * the files fiveout-site exports (site/searchidx.c), loaded as the engine
 * asks for them.  Only the WebAssembly engine links it, in place of
 * xap.cc, so search.c runs there unchanged; the search itself is
 * xmatch.c's, over the tables this file fills (xmem_int.h).
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
#include "xmem_int.h"

/* A term's postings shard (store.h). */
static unsigned
term_shard(const struct fo_xdb *db, const char *t)
{
	return fo_store_term_hash(t, strlen(t)) % db->nshards;
}

void
fo__xmem_need_file(struct fo_xdb *db, const char *what, unsigned k)
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
			    "manifest; " FO_HOW_REBUILD_SITE);
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
	db->total = dtotal;
	db->post_ok = fo_xcalloc(db->nshards, 1);
	db->pos_ok = fo_xcalloc(db->pshards + 1, 1);
	db->data = fo_xcalloc(db->ndocs + 1, sizeof *db->data);
	db->datalen = fo_xcalloc(db->ndocs + 1, sizeof *db->datalen);
	db->fold = fo_xcalloc(db->ndocs + 1, sizeof *db->fold);
	*out = db;
	return FO_OK;
bad:
	if (errmsg != NULL)
		*errmsg = fo_xstrdup("search index: damaged manifest; "
		    FO_HOW_REBUILD_SITE);
	fo_xdb_close(db);
	return FO_ECORRUPT;
}

struct term *
fo__xmem_term(const struct fo_xdb *db, const char *t)
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

	if ((e = fo__xmem_term(db, t)) != NULL) {
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
			struct fo_bm25 bm;
			unsigned i;

			te->has_post = 1;
			pl = &te->post;
			pl->n = n;
			pl->doc = doc;
			pl->w = fo_xreallocarray(NULL, n + 1, sizeof *pl->w);
			fo_bm25_init(&bm, n, db->ndocs, db->total);
			for (i = 0; i < n; i++) {
				/* a wildcard's entry: each document's gram
				   has its own term frequency */
				if (wild)
					fo_bm25_init(&bm, tf[i], db->ndocs,
					    db->total);
				pl->w[i] = fo_bm25_weight(&bm, wdf[i],
				    db->dl[doc[i]]);
			}
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
			    "different analyzer; " FO_HOW_REBUILD_SITE);
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
const struct plist *
fo__xmem_postings(struct fo_xdb *db, const char *t, int *missing)
{
	static const struct plist none = { 0, NULL, NULL };
	unsigned k = term_shard(db, t);
	const struct term *e;

	if (!db->post_ok[k]) {
		fo__xmem_need_file(db, "s", k);
		*missing = 1;
		return &none;
	}
	e = fo__xmem_term(db, t);
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
	p = fo__xmem_postings(db, prefix, &missing);
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

enum fo_status
fo_xdb_doc_data(struct fo_xdb *db, unsigned docid, char **out, size_t *len)
{
	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (docid == 0 || docid > db->ndocs)
		return FO_EINVAL;
	if (db->data[docid - 1] == NULL) {
		fo__xmem_need_file(db, "d", docid - 1);
		return FO_ENOTFOUND;
	}
	*out = dupn(db->data[docid - 1], db->datalen[docid - 1]);
	if (len != NULL)
		*len = db->datalen[docid - 1];
	return FO_OK;
}

void
fo_xmem_set_unidata(struct fo_xdb *db, const struct fo_unidata *u)
{
	db->uni = u;
}
