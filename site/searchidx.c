/* site/searchidx.c -- the browser's search store (indexer/store.h has
 * the layout; one idea, hence one file past 800 lines: the export from
 * the Xapian walk to the files, kept whole when unchanged; where common
 * bigrams are is grams.c's), read from the built Xapian index so that the engine in
 * the browser (indexer/wasm/engine.c as WebAssembly over indexer/wasm/xmem.c)
 * ranks with Xapian's own numbers.  The engine asks for the files a
 * query needs, round by round, until nothing is missing:
 *
 *   search/manifest.js  the analyzer fingerprint and its hash, document
 *                       count and total length, each document's kind and
 *                       length (BM25), the shard counts, the lexicon's
 *                       frequency total, the vocabulary
 *   search/core.js      the lexicon's OpenCC map, single-character table
 *                       and unidata section: what ICU and OpenCC answer
 *   search/s/K.js       shard K: the postings of the terms whose
 *                       fo_store_term_hash() % shards == K (a word, its S
 *                       title term and its B gram share a shard), each in
 *                       document order as the gap from the previous
 *                       document's index (the first: index + 1), negated
 *                       and followed by the wdf when that is not 1; the
 *                       B<x>* wildcard's entry is per document (gap, term
 *                       frequency, wdf) of its best B<x>... gram (Xapian
 *                       OP_MAX); and jieba's words whose first character
 *                       keys K, as "\tword\tfreq\tflags" lines
 *   search/d/D.js       document D (index in docid order): its data (as in
 *                       Xapian) and its folded title and body pieces
 *   search/p/K.js       for each bigram B<ab> in more than POS_MIN
 *                       documents, where "ab" is in each one's folded
 *                       pieces (code point index): a common phrase is
 *                       checked with these, not every candidate's document
 *   search/engine.js    the engine itself
 *
 * Shard counts grow with the bytes (POST_TARGET, POS_TARGET: a few KB
 * gzipped each).  Each file has a .gz twin.  Every file but the manifest
 * starts with the fingerprint's hash, and the engine refuses one that
 * differs from the manifest's.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
#include "index.h"
#include "query.h"
#include "schema.h"
#include "site.h"
#include "store.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

#define POST_TARGET	4096	/* bytes of postings per shard, about */
#define POS_TARGET	4096	/* bytes of bigram positions per shard */
#define POS_MIN		40	

/* ---- the export ------------------------------------------------------ */

struct doc {
	unsigned docid;
	unsigned len;		/* Xapian document length */
	struct fo_docinfo di;
	const struct fo_page *page;
};

struct byid {
	const struct fo_page *p;
	size_t	 i;
};

/* One term's entry, "term":[...], in walk.ent from 'off'. */
struct ent {
	size_t	 off, len;
	uint32_t h;		/* term_hash(): its shard */
};

/* A document's best B<x>* expansion so far (w < 0: none). */
struct best {
	double	 w;
	unsigned tf, wdf;
};

/* State of the export's Xapian walks. */
struct walk {
	struct fo_site *s;
	struct doc *docs;	size_t ndocs, cap;
	size_t	*at;		size_t nat;	/* docid -> index in docs[] */
	unsigned long long total;	/* total document length */
	struct fo_buf ent;	/* every term's entry, one after another */
	struct ent *ev;		size_t nev, cev;
	char	 wc[8];		/* x of the B<x>* being gathered; "" none */
	struct best *best;	/* per document */
	size_t	*touched;	size_t ntouched;
	struct byid *byid;	/* the content's pages by id, then order */
	struct fo_grams gt;		/* bigrams in over POS_MIN documents */
	int	 bad;
};

static int
cmp_page_id(const void *a, const void *b)
{
	const struct byid *x = a, *y = b;
	int r = strcmp(x->p->id, y->p->id);

	/* equal ids: the first in load order, as fo_content_find() */
	return r != 0 ? r : (x->i < y->i ? -1 : x->i > y->i);
}

/* fo_content_find() by binary search: it is a linear scan, and the
 * export looks up every document (10,000 on the bench). */
static const struct fo_page *
find_page(const struct walk *w, const char *id)
{
	size_t lo = 0, hi = w->s->c->npages;

	if (id == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(w->byid[mid].p->id, id);

		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->s->c->npages && strcmp(w->byid[lo].p->id, id) == 0 ?
	    w->byid[lo].p : NULL;
}

static int
walk_doc(void *ctx, unsigned docid, unsigned doclen, const char *data,
    size_t datalen)
{
	struct walk *w = ctx;
	struct doc *d;

	if (w->ndocs == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 256;
		w->docs = fo_xreallocarray(w->docs, w->cap + 1, sizeof(*w->docs));
	}
	d = &w->docs[w->ndocs];
	memset(d, 0, sizeof(*d));
	if (fo_docinfo_decode(data, datalen, &d->di) != FO_OK) {
		w->bad = 1;
		return 1;
	}
	d->docid = docid;
	d->len = doclen;
	d->page = find_page(w, d->di.id);
	w->ndocs++;
	return 0;
}

static void
ent_begin(struct walk *w, const char *term, size_t n)
{
	if (w->nev == w->cev) {
		w->cev = w->cev ? 2 * w->cev : 4096;
		w->ev = fo_xreallocarray(w->ev, w->cev, sizeof(*w->ev));
	}
	w->ev[w->nev].off = w->ent.len;
	w->ev[w->nev].h = fo_store_term_hash(term, n);
	fo_buf_put(&w->ent, term, n);
	fo_buf_putc(&w->ent, '\t');
}

static void
ent_end(struct walk *w)
{
	fo_buf_putc(&w->ent, '\n');
	w->ev[w->nev].len = w->ent.len - w->ev[w->nev].off;
	w->nev++;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The entry "B<x>*" of the B<x> gathered: per document, the term
 * frequency and wdf of its best expansion (Xapian's OP_SYNONYM as the
 * script approximates it: the best expansion's weight). */
static void
wild_flush(struct walk *w)
{
	char name[16];
	size_t i, n, prev = 0;

	if (w->wc[0] == '\0')
		return;
	n = (size_t)snprintf(name, sizeof(name), FO_PREFIX_GRAM "%s*", w->wc);
	qsort(w->touched, w->ntouched, sizeof(*w->touched), cmp_size);
	ent_begin(w, name, n);
	for (i = 0; i < w->ntouched; i++) {
		size_t d = w->touched[i];

		fo_store_put_num(&w->ent, d - prev + (i == 0), 0, i == 0);
		fo_store_put_num(&w->ent, w->best[d].tf, 0, 0);
		fo_store_put_num(&w->ent, w->best[d].wdf, 0, 0);
		prev = d;
		w->best[d].w = -1;
	}
	ent_end(w);
	w->ntouched = 0;
	w->wc[0] = '\0';
}

/*
 * A term's entry: its postings in document order, each as the gap from
 * the previous document's index (the first: index + 1), negated and
 * followed by the wdf when the wdf is not 1.  The script computes
 * Xapian's BM25 weight from the wdf, the term frequency (the number of
 * postings) and the document's length in the manifest (fo_bm25_*, the
 * same operations).  B<x> grams also feed the B<x>* wildcard entry.
 */
static int
walk_term(void *ctx, const char *t, unsigned termfreq,
    const struct fo_xposting *p, size_t n)
{
	struct walk *w = ctx;
	size_t j, prev = 0;

	/* words, B grams, S title words and the K G C T filters; Q id
	 * terms are not searched */
	if (t[0] == FO_PREFIX_ID[0] || n == 0)
		return 0;
	for (j = 0; j < n; j++)
		if (p[j].docid >= w->nat || w->at[p[j].docid] == SIZE_MAX) {
			w->bad = 1;
			return 1;
		}
	if (t[0] == FO_PREFIX_GRAM[0] && t[1] != '\0') {
		size_t cl = fo_utf8_len((unsigned char)t[1]);
		struct fo_bm25 bm;

		if (strnlen(t + 1, cl) < cl)
			cl = strlen(t + 1);
		if (strncmp(w->wc, t + 1, cl) != 0 || w->wc[cl] != '\0') {
			wild_flush(w);
			memcpy(w->wc, t + 1, cl);
			w->wc[cl] = '\0';
		}
		if (n > POS_MIN) {	/* two characters: their positions */
			size_t i = 1, len = strlen(t);
			uint32_t a = fo_utf8_next(t, len, &i),
			    b = i < len ? fo_utf8_next(t, len, &i) : 0;

			if (i == len && b != 0)
				fo_grams_get(&w->gt, (uint64_t)a << 21 | b, 1);
		}
		fo_bm25_init(&bm, termfreq, (unsigned)w->ndocs, w->total);
		for (j = 0; j < n; j++) {
			size_t d = w->at[p[j].docid];
			double x = fo_bm25_weight(&bm, p[j].wdf, w->docs[d].len);

			if (w->best[d].w < 0)
				w->touched[w->ntouched++] = d;
			if (x > w->best[d].w) {
				w->best[d].w = x;
				w->best[d].tf = termfreq;
				w->best[d].wdf = p[j].wdf;
			}
		}
	} else
		wild_flush(w);
	ent_begin(w, t, strlen(t));
	for (j = 0; j < n; j++) {
		size_t d = w->at[p[j].docid];

		fo_store_put_num(&w->ent, d - prev + (j == 0), p[j].wdf != 1, j == 0);
		if (p[j].wdf != 1)
			fo_store_put_num(&w->ent, p[j].wdf, 0, 0);
		prev = d;
	}
	ent_end(w);
	w->s->st.search_terms++;
	return 0;
}

static enum fo_status
fail(struct fo_site *s, enum fo_status st, const char *what, const char *detail)
{
	struct fo_buf m = FO_BUF_INIT;

	fo_buf_printf(&m, "browser search index: %s%s%s", what,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	free(s->errmsg);
	s->errmsg = fo_buf_detach(&m, NULL);
	return st;
}

/* ---- per page: folded pieces and words, or the cache's copy -------- */

/*
 * The folded pieces of 'p' (fo_page_pieces(), as the index has them),
 * "\n" between them, into 'b': what the engine checks phrases
 * against.  The cache keeps them per page and analyzer, so a page whose
 * pieces did not change is not folded again.
 */
static void
doc_text(struct fo_site *s, const struct fo_page *p, struct fo_buf *b)
{
	const char **pv, *c, *fp = fo_analyzer_fingerprint(s->an);
	struct fo_buf key = FO_BUF_INIT, f = FO_BUF_INIT;
	uint64_t h1 = FO_FNV_SEED, h2 = 0x9e3779b97f4a7c15ull;
	size_t np = 0, ntitle, k, at = b->len;
	int ok = 1;

	pv = fo_page_pieces(p, &np, &ntitle);
	h1 = fo_fnv64(h1, fp, strlen(fp) + 1);
	h2 = fo_fnv64(h2, fp, strlen(fp) + 1);
	for (k = 0; k < np; k++) {
		h1 = fo_fnv64(h1, pv[k], strlen(pv[k]) + 1);
		h2 = fo_fnv64(h2 ^ k, pv[k], strlen(pv[k]) + 1);
	}
	fo_buf_printf(&key, "%s %016llx%016llx", p->id != NULL ? p->id : "",
	    (unsigned long long)h1, (unsigned long long)h2);
	if ((c = fo_cache_get(s->cache, 'f', key.data)) != NULL) {
		/* the cache's lines hold no newline: \x1f stands for it */
		for (; *c != '\0'; c++)
			fo_buf_putc(b, *c == '\x1f' ? '\n' : *c);
		goto out;
	}
	for (k = 0; k < np; k++) {
		fo_buf_reset(&f);
		if (fo_analyzer_fold(s->an, pv[k], strlen(pv[k]), &f,
		    NULL) != FO_OK || memchr(f.data, '\0', f.len) != NULL) {
			ok = 0;
			continue;
		}
		if (k > 0)
			fo_buf_putc(b, '\n');
		if (memchr(f.data, '\x1f', f.len) != NULL)
			ok = 0;
		fo_buf_put(b, f.data, f.len);
	}
	if (ok && np > 0) {
		char *v = fo_xstrdup(b->data + at), *q;

		for (q = v; *q != '\0'; q++)
			if (*q == '\n')
				*q = '\x1f';
		fo_cache_put(s->cache, 'f', key.data, v);
		free(v);
	}
out:
	free(pv);
	fo_buf_release(&key);
	fo_buf_release(&f);
}

/* ---- an unchanged export is kept, not recomputed -------------------- */

/*
 * The export is a function of this program, the analyzer, the index and
 * the content pages.  Its key hashes all of them cheaply: the executable
 * (device, inode, size, mtime: any rebuild changes it), the analyzer
 * fingerprint with vocabulary, the index's fingerprint and vocabulary
 * metadata, every document's docid and content hash (FO_SLOT_HASH, over
 * all its terms, positions, wdf and data: fiveout-index's own test for
 * an unchanged document), and every page's id and searchable pieces.
 * When the previous build's cache holds the same key, its search/ files
 * are hard-linked as they are.
 */
struct xkey {
	uint64_t h1, h2;
};

static void
xkey_add(struct xkey *k, const void *p, size_t n)
{
	const unsigned char *u = p;
	size_t i;

	for (i = 0; i < n; i++) {
		k->h1 = (k->h1 ^ u[i]) * 1099511628211ull;
		k->h2 = (k->h2 + u[i] + 1) * 0xff51afd7ed558ccdull;
		k->h2 ^= k->h2 >> 29;
	}
	k->h1 = (k->h1 ^ 0xff) * 1099511628211ull;	/* end of a field */
	k->h2 = (k->h2 + 0x100) * 0xff51afd7ed558ccdull;
}

static int
xkey_value(void *ctx, unsigned docid, const char *value, size_t len)
{
	xkey_add(ctx, &docid, sizeof(docid));
	xkey_add(ctx, value, len);
	return 0;
}

/* The layout's files: the manifest, 'np' shards (postings and lexicon),
 * 'nd' documents, 'ng' bigram position shards, then the core
 * and the engine, as malloc(3)ed
 * names (free with free_names()).  Each is a script (fiveoutData(name,
 * text)), so the search works from disk too, where browsers refuse
 * fetch(). */
static char **
layout_names(size_t np, size_t nd, size_t ng, size_t *n)
{
	char **v = fo_xcalloc(3 + np + nd + ng, sizeof(*v));
	struct fo_buf b = FO_BUF_INIT;
	size_t i, k = 0;

	v[k++] = fo_xstrdup("search/manifest.js");
	for (i = 0; i < np; i++) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "search/s/%zu.js", i);
		v[k++] = fo_xstrdup(b.data);
	}
	for (i = 0; i < nd; i++) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "search/d/%zu.js", i);
		v[k++] = fo_xstrdup(b.data);
	}
	for (i = 0; i < ng; i++) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "search/p/%zu.js", i);
		v[k++] = fo_xstrdup(b.data);
	}
	v[k++] = fo_xstrdup("search/core.js");
	v[k++] = fo_xstrdup("search/engine.js");
	fo_buf_release(&b);
	*n = k;
	return v;
}

/* The script that hands 'name's text (or, if 'b64', bytes) to the page:
 * fiveoutData("name", "text"[, 1]), appended to 'out'. */
static void
wrap_js(struct fo_buf *out, const char *name, const char *text, size_t n,
    int b64)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *u = (const unsigned char *)text;
	size_t i;

	fo_buf_printf(out, "fiveoutData(\"%s\",\"", name);
	if (!b64)
		fo_json_esc(out, text, n);
	else
		for (i = 0; i < n; i += 3) {
			unsigned v = (unsigned)u[i] << 16 |
			    (i + 1 < n ? (unsigned)u[i + 1] << 8 : 0) |
			    (i + 2 < n ? u[i + 2] : 0);

			fo_buf_putc(out, tab[v >> 18 & 63]);
			fo_buf_putc(out, tab[v >> 12 & 63]);
			fo_buf_putc(out, i + 1 < n ? tab[v >> 6 & 63] : '=');
			fo_buf_putc(out, i + 2 < n ? tab[v & 63] : '=');
		}
	fo_buf_printf(out, "\"%s);\n", b64 ? ",1" : "");
}

static void
free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

/* The export's key as 32 hex digits into 'key' (empty if this
 * executable cannot be identified: then nothing is kept). */
static enum fo_status
export_key(struct fo_site *s, struct fo_xdb *db, const char *fp,
    const char *vb, size_t vblen, struct fo_buf *key, struct fo_buf *base)
{
	struct xkey k = { 14695981039346656037ull, 0x9e3779b97f4a7c15ull };
	struct stat sb;
	const char *afp = fo_analyzer_fingerprint(s->an);
	char id[160];
	size_t i, j;
	int n;
	enum fo_status st;

	fo_buf_reset(key);
	fo_buf_reset(base);
	if (stat("/proc/self/exe", &sb) != 0)
		return FO_OK;
	n = snprintf(id, sizeof(id), "%llu %llu %lld %lld.%09ld "
	    "layout %d %d %d %d", (unsigned long long)sb.st_dev,
	    (unsigned long long)sb.st_ino, (long long)sb.st_size,
	    (long long)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec, FO_STORE_LAYOUT,
	    POST_TARGET, POS_TARGET, POS_MIN);
	xkey_add(&k, id, (size_t)n);
	xkey_add(&k, afp, strlen(afp));
	xkey_add(&k, fp, strlen(fp));
	fo_buf_printf(base, "%016llx%016llx", (unsigned long long)k.h1,
	    (unsigned long long)k.h2);
	xkey_add(&k, vb, vblen);
	if ((st = fo_xdb_each_value(db, FO_SLOT_HASH, xkey_value, &k)) != FO_OK)
		return st;
	for (i = 0; i < s->c->npages; i++) {
		const struct fo_page *p = s->c->pages[i];
		const char **pv;
		size_t np = 0, ntitle;

		xkey_add(&k, p->id != NULL ? p->id : "", p->id != NULL ?
		    strlen(p->id) : 0);
		pv = fo_page_pieces(p, &np, &ntitle);
		for (j = 0; j < np; j++)
			xkey_add(&k, pv[j], strlen(pv[j]));
		free(pv);
	}
	fo_buf_printf(key, "%016llx%016llx", (unsigned long long)k.h1,
	    (unsigned long long)k.h2);
	return FO_OK;
}

/* 1 if the previous export, cached under 'key', was linked in. */
static int
export_kept(struct fo_site *s, const char *key, enum fo_status *st)
{
	const char *v = fo_cache_get(s->cache, 'S', "export");
	size_t klen = strlen(key), terms, shards, bytes, np, nd, ng, n = 0;
	char **names;
	int rc;

	*st = FO_OK;
	if (v == NULL || klen == 0 || strncmp(v, key, klen) != 0 ||
	    v[klen] != ' ' || sscanf(v + klen, " %zu %zu %zu %zu %zu %zu",
	    &terms, &shards, &bytes, &np, &nd, &ng) != 6 ||
	    np > (1u << 24) || nd > (1u << 26) || ng > (1u << 24))
		return 0;
	names = layout_names(np, nd, ng, &n);
	rc = fo_out_keep(s->out, (const char *const *)names, n);
	free_names(names, n);
	if (rc == -1)
		return 0;
	if (rc != 0) {
		*st = fail(s, FO_EIO, "cannot link the previous search index",
		    NULL);
		return 1;
	}
	s->st.search_terms = terms;
	s->st.search_shards = shards;
	s->st.search_bytes = bytes;
	(void)fo_cache_get(s->cache, 'S', "shards");	/* kept too */
	return 1;	/* the entry is kept: fo_cache_get marked it used */
}

/*
 * Shard K is its postings, which an edit changes in a few shards, and
 * jieba's words that it keys, which only another lexicon or shard count
 * changes (7 of the KB's 8 MB of export).  The cache keeps, under 'S'
 * "shards", the key 'base' (program, layout, analyzer, index
 * fingerprint), the count 'np', then each shard's fo_bytes_hash() of
 * its postings and its file's length: same[K] = 1 for each shard whose
 * postings hash as in the previous build, whose file the new tree then
 * keeps as it is (flen[K] its length), without making its words' lines
 * again.  sum[K] gets each hash.
 */
static void
shards_same(struct fo_site *s, const char *base, const struct fo_buf *raw,
    size_t np, uint64_t *sum, unsigned char *same, size_t *flen)
{
	const char *v = fo_cache_get(s->cache, 'S', "shards");
	size_t i, bl = strlen(base), n = 0;
	unsigned long long h;
	int ok, at = 0;

	ok = v != NULL && bl > 0 && strncmp(v, base, bl) == 0 &&
	    sscanf(v + bl, " %zu%n", &n, &at) == 1 && n == np;
	if (ok)
		v += bl + (size_t)at;
	for (i = 0; i < np; i++) {
		sum[i] = fo_bytes_hash(raw[i].data, raw[i].len);
		if (ok && sscanf(v, " %16llx,%zu%n", &h, &flen[i], &at) == 2)
			v += at;
		else
			ok = 0;
		same[i] = ok && h == sum[i];
	}
}

/* Shards of 'target' to twice 'target' bytes for 'total' bytes (one
 * if less): a power of two, so that an edit does not change the count
 * (and with it every shard) unless the bytes cross a doubling. */
static size_t
nshards(size_t total, size_t target)
{
	size_t k = 1;

	while (2 * k * target <= total)
		k *= 2;
	return k;
}

enum fo_status
fo_site_searchidx(struct fo_site *s)
{
	struct fo_xdb *db = NULL;
	struct fo_vocab *v = NULL;
	struct walk w;
	struct doc *docs = NULL;
	struct fo_buf b = FO_BUF_INIT, key = FO_BUF_INIT, *files = NULL,
	    base = FO_BUF_INIT;
	uint64_t *sum = NULL;
	unsigned char *same = NULL;	/* shards kept as they are */
	size_t *flen = NULL;
	char *fp = NULL, *vb = NULL, *msg = NULL, **names = NULL, h[20];
	size_t i, fplen = 0, vblen = 0, ndocs = 0, np = 0, nfiles = 0,
	    lexbytes = 0, ng = 0;
	unsigned ndb = 0;
	enum fo_status st;

	memset(&w, 0, sizeof(w));
	w.s = s;
	fo_buf_init(&w.ent);
	if ((st = fo_xdb_open(s->opts->dbdir, FO_XDB_READ, &db, &msg)) != FO_OK) {
		st = fail(s, st, "cannot open the index", msg);
		free(msg);
		return st;
	}
	if ((st = fo_xdb_get_metadata(db, FO_META_FINGERPRINT, &fp, &fplen)) !=
	    FO_OK || (st = fo_xdb_get_metadata(db, FO_META_VOCAB, &vb, &vblen)) !=
	    FO_OK) {
		st = fail(s, st, "cannot read the index metadata", fo_xdb_errmsg(db));
		goto out;
	}
	if (vblen > 0 && (st = fo_vocab_decode(vb, vblen, s->an, &v)) != FO_OK) {
		st = fail(s, st, "damaged vocabulary in the index", NULL);
		goto out;
	}
	if (strcmp(fp, fo_analyzer_fingerprint(s->an)) != 0) {
		st = fail(s, FO_EVERSION, "the index was built by a different "
		    "analyzer; " FO_HOW_REBUILD_INDEX, NULL);
		goto out;
	}
	/* every file but the manifest names the analyzer by this hash */
	snprintf(h, sizeof(h), "%016llx",
	    (unsigned long long)fo_fnv64(FO_FNV_SEED, fp, strlen(fp)));

	if ((st = export_key(s, db, fp, vb, vblen, &key, &base)) != FO_OK) {
		st = fail(s, st, "cannot read document hashes", fo_xdb_errmsg(db));
		goto out;
	}
	if (export_kept(s, key.data, &st))
		goto out;

	/* documents, in docid order, with their lengths (for BM25) */
	w.byid = fo_xcalloc(s->c->npages + 1, sizeof(*w.byid));
	for (i = 0; i < s->c->npages; i++) {
		w.byid[i].p = s->c->pages[i];
		w.byid[i].i = i;
	}
	qsort(w.byid, s->c->npages, sizeof(*w.byid), cmp_page_id);
	if ((st = fo_xdb_stats(db, &ndb, &w.total)) != FO_OK ||
	    (st = fo_xdb_each_doc(db, walk_doc, &w)) != FO_OK) {
		st = fail(s, st, "cannot list documents", fo_xdb_errmsg(db));
		goto out;
	}
	docs = w.docs;
	ndocs = w.ndocs;
	if (w.bad || ndocs != ndb) {
		st = fail(s, FO_ECORRUPT, "damaged document data", NULL);
		goto out;
	}
	/* the index must be of this content: every document a page of it,
	   every page in it (else the browser gets documents without pages,
	   or misses pages) */
	{
		size_t orphans = 0;

		for (i = 0; i < ndocs; i++)
			orphans += docs[i].page == NULL;
		if (orphans > 0 || ndocs != s->c->npages) {
			struct fo_buf m = FO_BUF_INIT;

			fo_buf_printf(&m, "%zu of its %zu documents have no page "
			    "here and it holds %zu of %zu pages: rebuild it from "
			    "this content with fiveout-index (%s)", orphans, ndocs,
			    ndocs - orphans, s->c->npages, s->opts->dbdir);
			st = fail(s, FO_EVERSION, "the index was built from other "
			    "content", m.data);
			fo_buf_release(&m);
			goto out;
		}
	}
	w.nat = ndocs > 0 ? docs[ndocs - 1].docid + 1 : 0;
	w.at = fo_xcalloc(w.nat + 1, sizeof(*w.at));
	for (i = 0; i < w.nat; i++)
		w.at[i] = SIZE_MAX;
	for (i = 0; i < ndocs; i++)
		w.at[docs[i].docid] = i;
	w.best = fo_xcalloc(ndocs + 1, sizeof(*w.best));
	for (i = 0; i < ndocs; i++)
		w.best[i].w = -1;
	w.touched = fo_xcalloc(ndocs + 1, sizeof(*w.touched));

	/* postings: every term's entry; then the shard count from their
	 * size */
	if ((st = fo_xdb_each_term(db, "", walk_term, &w)) != FO_OK) {
		st = fail(s, st, "cannot list terms", fo_xdb_errmsg(db));
		goto out;
	}
	if (w.bad) {
		st = fail(s, FO_ECORRUPT, "a posting names an unknown document",
		    NULL);
		goto out;
	}
	wild_flush(&w);
	{
		const struct fo_lexicon *lx = fo_analyzer_lexicon(s->an);
		struct fo_buf *raw, t = FO_BUF_INIT;
		const void *uni = NULL;
		size_t unilen = 0, k;
		uint32_t hdr[3];

		/* the shards hold the postings and jieba's words (the
		   analyzer's lexicon, as "\tword\tfreq\tflags" lines) by the
		   same key: a word's first character keys its lexicon line as
		   that character's own term, so a query's characters bring
		   their words with the shards it needs anyway */
		for (i = 0; i < lx->words.n; i++)
			lexbytes += lx->words.off[i + 1] - lx->words.off[i] + 16;
		np = nshards(w.ent.len + lexbytes, POST_TARGET);
		nfiles = 3 + np + ndocs;
		files = fo_xcalloc(nfiles, sizeof(*files));
		raw = fo_xcalloc(np + 1, sizeof(*raw));
		for (i = 0; i < nfiles; i++)
			fo_buf_init(&files[i]);
		for (i = 0; i < np; i++) {
			fo_buf_init(&raw[i]);
			fo_buf_printf(&raw[i], "fp\t%s\n", h);
		}
		for (i = 0; i < w.nev; i++)
			fo_buf_put(&raw[w.ev[i].h % np], w.ent.data + w.ev[i].off,
			    w.ev[i].len);
		sum = fo_xcalloc(np, sizeof(*sum));
		same = fo_xcalloc(np, 1);
		flen = fo_xcalloc(np, sizeof(*flen));
		shards_same(s, base.data, raw, np, sum, same, flen);
		{
			char **sn = layout_names(np, 0, 0, &k);
			const char **kv = fo_xcalloc(np + 1, sizeof(*kv));
			size_t nk = 0;
			int rc;

			for (i = 0; i < np; i++)
				if (same[i])
					kv[nk++] = sn[1 + i];
			rc = nk > 0 ? fo_out_keep(s->out, kv, nk) : -1;
			free(kv);
			free_names(sn, k);
			if (rc == -1)	/* not all there: make them all */
				memset(same, 0, np);
			else if (rc != 0) {
				for (i = 0; i < np; i++)
					fo_buf_release(&raw[i]);
				free(raw);
				st = fail(s, FO_EIO, "cannot link the previous "
				    "search index", NULL);
				goto out;
			}
		}
		for (i = 0; i < lx->words.n; i++) {
			const char *x = lx->words.blob + lx->words.off[i];
			size_t n = lx->words.off[i + 1] - lx->words.off[i];
			size_t sk = fo_store_word_hash(x, n) % np;
			struct fo_buf *o = &raw[sk];

			if (same[sk])
				continue;

			fo_buf_putc(o, '\t');
			fo_buf_put(o, x, n);
			fo_buf_putc(o, '\t');
			fo_store_put_num(o, lx->freq[i], 0, 1);
			fo_buf_putc(o, '\t');
			fo_store_put_num(o, lx->flags[i], 0, 1);
			fo_buf_putc(o, '\n');
		}
		for (i = 0; i < np; i++) {
			fo_buf_reset(&t);
			fo_buf_printf(&t, "s/%zu", i);
			if (!same[i]) {
				wrap_js(&files[1 + i], t.data, raw[i].data,
				    raw[i].len, 0);
				flen[i] = files[1 + i].len;
			}
			fo_buf_release(&raw[i]);
		}
		free(raw);
		fo_buf_release(&w.ent);

		/* documents: their data, then their folded pieces */
		for (i = 0; i < ndocs; i++) {
			char *data;
			size_t dlen;

			fo_buf_reset(&b);
			data = fo_docinfo_encode(&docs[i].di, &dlen);
			fo_buf_printf(&b, "fp\t%s\n%zu\n", h, dlen);
			fo_buf_put(&b, data, dlen);
			free(data);
			if (docs[i].page != NULL) {
				size_t at = b.len;

				doc_text(s, docs[i].page, &b);
				fo_grams_positions(&w.gt, (uint32_t)i, b.data + at,
				    b.len - at);
			}
			fo_buf_reset(&t);
			fo_buf_printf(&t, "d/%zu", i);
			wrap_js(&files[1 + np + i], t.data, b.data, b.len, 0);
		}

		/* positions of the common bigrams: their own shards, between
		   the documents and the core */
		{
			struct fo_buf *pv;
			size_t pbytes = 0;

			for (i = 0; i < w.gt.cap; i++)
				pbytes += w.gt.t[i].n * 4;
			ng = w.gt.len > 0 ? nshards(pbytes, POS_TARGET) : 0;
			pv = fo_xcalloc(ng + 1, sizeof(*pv));
			for (i = 0; i < ng; i++) {
				fo_buf_init(&pv[i]);
				fo_buf_printf(&pv[i], "fp\t%s\n", h);
			}
			if (ng > 0)
				fo_grams_lines(&w.gt, pv, ng);
			fo_grams_free(&w.gt);
			files = fo_xreallocarray(files, nfiles + ng,
			    sizeof(*files));
			for (i = 0; i < ng + 2; i++)
				fo_buf_init(&files[nfiles - 2 + i]);
			nfiles += ng;
			for (i = 0; i < ng; i++) {
				fo_buf_reset(&t);
				fo_buf_printf(&t, "p/%zu", i);
				wrap_js(&files[1 + np + ndocs + i], t.data,
				    pv[i].data, pv[i].len, 0);
				fo_buf_release(&pv[i]);
			}
			free(pv);
		}

		/* core: the sizes of OpenCC's character map, the character
		   table and the unidata section, then each (lexicon.c) */
		fo_lexicon_unidata(lx, &uni, &unilen);
		fo_buf_reset(&b);
		hdr[0] = FO_CONVMAP_BYTES;
		hdr[1] = (uint32_t)((2 * lx->chars.n + 2) * 4 +
		    ((lx->chars.n > 0 ? lx->chars.off[lx->chars.n] : 0) + 3) / 4 *
		    4);
		hdr[2] = (uint32_t)unilen;
		fo_buf_put(&b, hdr, sizeof hdr);
		fo_buf_put(&b, lx->convmap, FO_CONVMAP_BYTES);
		fo_buf_put(&b, &lx->chars.n, 4);
		fo_buf_put(&b, lx->chars.cp, lx->chars.n * 4);
		fo_buf_put(&b, lx->chars.off, (lx->chars.n + 1) * 4);
		k = lx->chars.n > 0 ? lx->chars.off[lx->chars.n] : 0;
		fo_buf_put(&b, lx->chars.blob, k);
		while (k++ % 4 != 0)
			fo_buf_putc(&b, '\0');
		fo_buf_put(&b, uni, unilen);
		wrap_js(&files[nfiles - 2], "core", b.data, b.len, 1);
		wrap_js(&files[nfiles - 1], "engine",
		    (const char *)fo_engine_wasm, fo_engine_wasm_len, 1);
		fo_buf_release(&t);

		/* the manifest: for the engine (xmem.c), the vocabulary last */
		fo_buf_reset(&b);
		fo_buf_printf(&b, FO_STORE_MAGIC "fp\t%s\nh\t%s\nn\t%zu\n"
		    "dtotal\t%llu\nshards\t%zu\nltotal\t%llu\n"
		    "pshards\t%zu\npmin\t%d\ndk\t", fp, h, ndocs, w.total, np,
		    (unsigned long long)lx->total, ng, POS_MIN);
		for (i = 0; i < ndocs; i++)
			fo_buf_putc(&b, fo_kind_name(docs[i].di.kind)[0]);
		fo_buf_puts(&b, "\ndl\t");
		for (i = 0; i < ndocs; i++)
			fo_store_put_num(&b, docs[i].len, 0, i == 0);
		fo_buf_printf(&b, "\nvocab\t%zu\n", vblen);
		fo_buf_put(&b, vb, vblen);
		wrap_js(&files[0], "manifest", b.data, b.len, 0);
		fo_buf_reset(&b);
	}

	/* every file, written (and compressed) on two threads */
	{
		const void **dp = fo_xcalloc(nfiles, sizeof(*dp));
		size_t *dl = fo_xcalloc(nfiles, sizeof(*dl)), n = 0, m = 0;
		char *wmsg = NULL;

		const char **nv = fo_xcalloc(nfiles, sizeof(*nv));

		names = layout_names(np, ndocs, ng, &n);
		for (i = 0; i < nfiles; i++) {
			if (i >= 1 && i <= np && same[i - 1]) {	/* kept */
				s->st.search_bytes += flen[i - 1];
				continue;
			}
			nv[m] = names[i];
			dp[m] = files[i].data;
			dl[m++] = files[i].len;
			s->st.search_bytes += files[i].len;
		}
		st = fo_out_write_all(s->out, nv, dp, dl, m, &wmsg);
		free(nv);
		free(dp);
		free(dl);
		if (st != FO_OK) {
			free(s->errmsg);
			s->errmsg = wmsg;
			goto out;
		}
		s->st.search_shards = np;
	}
	if (base.len > 0) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "%s %zu", base.data, np);
		for (i = 0; i < np; i++)
			fo_buf_printf(&b, " %016llx,%zu",
			    (unsigned long long)sum[i], flen[i]);
		fo_cache_put(s->cache, 'S', "shards", b.data);
	}
	if (key.len > 0) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "%s %zu %zu %zu %zu %zu %zu", key.data,
		    s->st.search_terms, s->st.search_shards, s->st.search_bytes,
		    np, ndocs, ng);
		fo_cache_put(s->cache, 'S', "export", b.data);
	}
	st = FO_OK;
out:
	fo_buf_release(&key);
	fo_buf_release(&base);
	free(sum);
	free(same);
	free(flen);
	for (i = 0; files != NULL && i < nfiles; i++)
		fo_buf_release(&files[i]);
	free(files);
	free_names(names, nfiles);
	for (i = 0; i < w.ndocs; i++)
		fo_docinfo_release(&w.docs[i].di);
	free(w.docs);
	free(w.at);
	free(w.ev);
	free(w.best);
	free(w.touched);
	fo_buf_release(&w.ent);
	free(w.byid);
	fo_grams_free(&w.gt);
	free(fp);
	free(vb);
	fo_vocab_free(v);
	fo_buf_release(&b);
	fo_xdb_close(db);
	return st;
}
