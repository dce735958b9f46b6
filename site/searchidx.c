/* site/searchidx.c -- the browser search index, read from the built
 * Xapian index so the browser ranks with the CLI's own numbers.
 *
 *   search/manifest.json   analyzer fingerprint, document count, shard
 *                          count, stopwords, synonym groups, pinyin keys,
 *                          Traditional->Simplified character map (OpenCC,
 *                          through fo_analyzer_fold, only characters whose
 *                          Simplified form occurs in the corpus)
 *   search/lex.json        segmentation lexicon: every word term of the
 *                          corpus (+ vocabulary) with its corpus count
 *   search/docs.json       per page: kind, label, URL, text (snippets) and
 *                          folded title+body pieces (phrase checks)
 *   search/s/NN.json       term-sharded postings: term -> [[doc, weight]]
 *                          where weight is Xapian's BM25 weight of that
 *                          term alone (wqf 1) in that document, so a query
 *                          tree's score is a sum of these, as in Xapian.
 *                          Bigram terms B<xy> shard by their first
 *                          character (so B<x>* wildcards stay in one shard).
 * Each JSON file has a .gz twin; the script fetches that and inflates it
 * with DecompressionStream('gzip').  Every shard repeats the fingerprint
 * and the script refuses one that differs from the manifest's.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "query.h"
#include "site.h"
#include "vocab.h"
#include "xap.h"

#define NSHARDS	64

/* FNV-1a 32; search.js computes the same over UTF-8 bytes. */
static uint32_t
fnv32(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static size_t
u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static unsigned
shard_of(const char *term)
{
	if (term[0] == 'B' && term[1] != '\0')
		return fnv32(term, 1 + u8len((unsigned char)term[1])) % NSHARDS;
	return fnv32(term, strlen(term)) % NSHARDS;
}

static void
jstr(struct fo_buf *b, const char *s)
{
	fo_buf_putc(b, '"');
	if (s != NULL)
		fo_esc_json(b, s, strlen(s));
	fo_buf_putc(b, '"');
}

/* ---- a tiny string -> count map for the lexicon --------------------- */

struct wc {
	char	**w;
	unsigned *n;
	size_t	 len, cap;	/* open addressing, cap a power of 2 */
};

static void
wc_add(struct wc *m, const char *w, unsigned inc)
{
	size_t i;

	if (2 * (m->len + 1) > m->cap) {
		struct wc o = *m;

		m->cap = m->cap ? 2 * m->cap : 1024;
		m->w = fo_xcalloc(m->cap, sizeof(*m->w));
		m->n = fo_xcalloc(m->cap, sizeof(*m->n));
		m->len = 0;
		for (i = 0; i < o.cap; i++)
			if (o.w[i] != NULL) {
				wc_add(m, o.w[i], o.n[i]);
				free(o.w[i]);
			}
		free(o.w);
		free(o.n);
	}
	for (i = fnv32(w, strlen(w)) & (m->cap - 1); m->w[i] != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->w[i], w) == 0) {
			m->n[i] += inc;
			return;
		}
	m->w[i] = fo_xstrdup(w);
	m->n[i] = inc;
	m->len++;
}

static void
wc_free(struct wc *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->w[i]);
	free(m->w);
	free(m->n);
}

/* ---- pieces of a page, as index.c analyses them --------------------- */

static void
pieces(const struct fo_page *p, const char **v, size_t *n, size_t max)
{
	size_t i;

	*n = 0;
	v[(*n)++] = p->label != NULL ? p->label : p->title;
	for (i = 0; i < p->naliases && *n < max - 4; i++)
		v[(*n)++] = p->aliases[i];
	if (p->en != NULL)
		v[(*n)++] = p->en;
	if (p->kind == FO_KIND_CLAUSE && p->label != NULL && p->title != NULL &&
	    strstr(p->label, p->title) == NULL)
		v[(*n)++] = p->title;
	for (i = 0; i < p->nissuers && *n < max - 1; i++)
		v[(*n)++] = p->issuers[i];
	v[(*n)++] = p->text != NULL ? p->text : "";
}

/* ---- BM25, as Xapian 1.4's BM25Weight computes it ------------------ */

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

/* ---- %.6g without printf -------------------------------------------- */

/*
 * printf's "%.6g" of 'v' into 'out' (at least 32 bytes), NUL-terminated;
 * returns the length.  Hundreds of thousands of weights are printed, and
 * printf costs ~1,000 instructions each.  Six significant digits are
 * rounded from v scaled by an exact power of ten (one rounding error,
 * < 1e-10 here); when the digit after the sixth is too close to a tie to
 * tell, and for anything but finite positive numbers, it is snprintf's.
 */
size_t
fo_fmt_g6(char *out, double v)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
	    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
	    1e19, 1e20, 1e21, 1e22 };
	char dig[8];
	double sc, r, frac;
	unsigned long n;
	int x, k, i, nd;
	size_t len = 0;

	if (v == 0 && !signbit(v)) {
		out[0] = '0';
		out[1] = '\0';
		return 1;
	}
	if (!(v >= 1e-17 && v < 1e17))
		goto slow;
	x = (int)floor(log10(v));
	for (i = 0; i < 2; i++) {	/* log10 may be one off either way */
		k = 5 - x;
		sc = k >= 0 ? v * p10[k] : v / p10[-k];
		if (fabs(sc - 99999.5) < 1e-6 || fabs(sc - 999999.5) < 1e-5)
			goto slow;	/* rounding may go either way */
		if (sc < 99999.5)
			x--;
		else if (sc >= 999999.5)
			x++;
		else
			break;
	}
	if (i == 2)
		goto slow;
	r = floor(sc);
	frac = sc - r;
	if (fabs(frac - 0.5) < 1e-6)
		goto slow;
	n = (unsigned long)r + (frac > 0.5);
	if (n >= 1000000) {
		n /= 10;
		x++;
	}
	for (i = 5; i >= 0; i--) {
		dig[i] = (char)('0' + n % 10);
		n /= 10;
	}
	for (nd = 6; nd > 1 && dig[nd - 1] == '0'; nd--)
		;	/* %g drops trailing zeros */
	if (x < -4 || x >= 6) {
		out[len++] = dig[0];
		if (nd > 1) {
			out[len++] = '.';
			for (i = 1; i < nd; i++)
				out[len++] = dig[i];
		}
		len += (size_t)snprintf(out + len, 8, "e%c%02d",
		    x < 0 ? '-' : '+', x < 0 ? -x : x);
		return len;
	}
	if (x < 0) {
		out[len++] = '0';
		out[len++] = '.';
		for (i = 0; i < -x - 1; i++)
			out[len++] = '0';
		for (i = 0; i < nd; i++)
			out[len++] = dig[i];
	} else {
		for (i = 0; i <= x; i++)
			out[len++] = dig[i];
		if (nd > x + 1) {
			out[len++] = '.';
			for (i = x + 1; i < nd; i++)
				out[len++] = dig[i];
		}
	}
	out[len] = '\0';
	return len;
slow:
	return (size_t)snprintf(out, 32, "%.6g", v);
}

/* ---- the export ------------------------------------------------------ */

struct doc {
	unsigned docid;
	unsigned len;		/* Xapian document length */
	struct fo_docinfo di;
	const struct fo_page *page;
};

struct posting {
	size_t	 d;		/* index in docs[] */
	double	 w;
};

struct byid {
	const struct fo_page *p;
	size_t	 i;
};

/* State of the export's Xapian walks. */
struct walk {
	struct fo_site *s;
	struct doc *docs;	size_t ndocs, cap;
	size_t	*at;		size_t nat;	/* docid -> index in docs[] */
	unsigned long long total;	/* total document length */
	struct fo_buf *shard;
	int	*nterm_in_shard;
	struct posting *pv;	size_t npv;
	struct byid *byid;	/* the content's pages by id, then order */
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

/* Xapian's MSet order: weight descending, ties by docid ascending. */
static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;

	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->d < y->d ? -1 : x->d > y->d;
}

static int
walk_term(void *ctx, const char *t, unsigned termfreq,
    const struct fo_xposting *p, size_t n)
{
	struct walk *w = ctx;
	struct fo_bm25 bm;
	struct fo_buf *sb;
	size_t j;
	unsigned k;

	/* words, B grams, S title words and the K G C T filters
	 * (weight 0); Q id terms are not searched */
	if (t[0] == 'Q' || n == 0)
		return 0;
	if (n > w->npv) {
		w->npv = n;
		w->pv = fo_xreallocarray(w->pv, n, sizeof(*w->pv));
	}
	fo_bm25_init(&bm, termfreq, (unsigned)w->ndocs, w->total);
	for (j = 0; j < n; j++) {
		size_t d;

		if (p[j].docid >= w->nat || (d = w->at[p[j].docid]) == SIZE_MAX) {
			w->bad = 1;
			return 1;
		}
		w->pv[j].d = d;
		w->pv[j].w = fo_bm25_weight(&bm, p[j].wdf, w->docs[d].len);
	}
	qsort(w->pv, n, sizeof(*w->pv), cmp_posting);
	k = shard_of(t);
	sb = &w->shard[k];
	fo_buf_puts(sb, w->nterm_in_shard[k]++ ? ",\n" : "\n");
	jstr(sb, t);
	fo_buf_puts(sb, ":[");
	for (j = 0; j < n; j++) {
		char num[48];
		size_t len = 0;
		size_t d = w->pv[j].d;

		/* "[D,W]": D in decimal, W as %.6g */
		if (j > 0)
			num[len++] = ',';
		num[len++] = '[';
		{
			char t[24];
			int m = 0;

			do
				t[m++] = (char)('0' + d % 10);
			while ((d /= 10) != 0);
			while (m > 0)
				num[len++] = t[--m];
		}
		num[len++] = ',';
		len += fo_fmt_g6(num + len, w->pv[j].w);
		num[len++] = ']';
		fo_buf_put(sb, num, len);
	}
	fo_buf_puts(sb, "]");
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

static uint64_t
fnv64(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Inverse of fo_esc_json(), appended to 'out'. */
static void
unesc_json(struct fo_buf *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			fo_buf_putc(out, s[i]);
			continue;
		}
		switch (s[++i]) {
		case 'n': fo_buf_putc(out, '\n'); break;
		case 't': fo_buf_putc(out, '\t'); break;
		case 'r': fo_buf_putc(out, '\r'); break;
		case 'u':
			if (i + 4 < n) {
				char hex[5];

				memcpy(hex, s + i + 1, 4);
				hex[4] = '\0';
				fo_buf_putc(out, (int)strtoul(hex, NULL, 16));
				i += 4;
			}
			break;
		default: fo_buf_putc(out, s[i]); break;	/* \" \\ */
		}
	}
}

/*
 * The "f" field of docs.json for 'p' (its pieces folded, JSON-escaped,
 * "\n" between them) into 'b'; each folded piece and a newline into
 * 'corpus'; each word of each piece into 'lex' (and 'total'), in order,
 * as the hash table's layout depends on it.  The cache keeps, per page
 * and analyzer (fingerprint with vocabulary), the escaped field and the
 * word sequence; a page whose pieces did not change is not analysed.
 */
static void
doc_text(struct fo_site *s, const struct fo_page *p, struct fo_buf *b,
    struct fo_buf *corpus, struct wc *lex, uint64_t *total)
{
	const char *pv[64], *c, *fp = fo_analyzer_fingerprint(s->an);
	struct fo_buf key = FO_BUF_INIT, esc = FO_BUF_INIT, words = FO_BUF_INIT,
	    f = FO_BUF_INIT, w = FO_BUF_INIT;
	uint64_t h1 = 14695981039346656037ull, h2 = 0x9e3779b97f4a7c15ull;
	size_t np = 0, k;
	int ok = 1;

	pieces(p, pv, &np, 64);
	h1 = fnv64(h1, fp, strlen(fp) + 1);
	h2 = fnv64(h2, fp, strlen(fp) + 1);
	for (k = 0; k < np; k++) {
		h1 = fnv64(h1, pv[k], strlen(pv[k]) + 1);
		h2 = fnv64(h2 ^ k, pv[k], strlen(pv[k]) + 1);
	}
	fo_buf_printf(&key, "%s %016llx%016llx", p->id != NULL ? p->id : "",
	    (unsigned long long)h1, (unsigned long long)h2);
	if ((c = fo_cache_get(s->cache, 'd', key.data)) != NULL) {
		const char *e = strchr(c, '\x1f');
		size_t n = e != NULL ? (size_t)(e - c) : strlen(c);

		fo_buf_put(b, c, n);
		unesc_json(corpus, c, n);
		fo_buf_putc(corpus, '\n');
		while (e != NULL) {
			const char *t = e + 1;

			e = strchr(t, '\x1f');
			fo_buf_reset(&w);
			fo_buf_put(&w, t, e != NULL ? (size_t)(e - t) : strlen(t));
			wc_add(lex, w.data, 1);
			(*total)++;
		}
		goto out;
	}
	for (k = 0; k < np; k++) {
		struct fo_tokens tk = FO_TOKENS_INIT;
		size_t t;

		fo_buf_reset(&f);
		if (fo_analyzer_fold(s->an, pv[k], strlen(pv[k]), &f,
		    NULL) != FO_OK) {
			ok = 0;
			continue;
		}
		if (k > 0)
			fo_buf_puts(&esc, "\\n");
		fo_esc_json(&esc, f.data, f.len);
		fo_buf_puts(corpus, f.data);
		fo_buf_putc(corpus, '\n');
		if (memchr(f.data, '\0', f.len) != NULL)
			ok = 0;
		if (fo_analyze(s->an, pv[k], strlen(pv[k]), FO_AN_WORDS,
		    &tk) == FO_OK) {
			for (t = 0; t < tk.n; t++) {
				wc_add(lex, tk.v[t].term, 1);
				(*total)++;
				if (strpbrk(tk.v[t].term, "\x1f\t\n") != NULL)
					ok = 0;
				fo_buf_putc(&words, '\x1f');
				fo_buf_puts(&words, tk.v[t].term);
			}
		} else
			ok = 0;
		fo_tokens_release(&tk);
	}
	fo_buf_put(b, esc.data, esc.len);
	if (ok && np > 0) {
		fo_buf_put(&esc, words.data, words.len);
		fo_cache_put(s->cache, 'd', key.data, esc.data);
	}
out:
	fo_buf_release(&key);
	fo_buf_release(&esc);
	fo_buf_release(&words);
	fo_buf_release(&f);
	fo_buf_release(&w);
}

/*
 * Traditional -> Simplified, per character, from the analyzer's own fold
 * (OpenCC hk2s+tw2s), kept only where the result is one character that
 * occurs in the corpus.  The candidates (every character whose fold is
 * another single 3-byte character: pairs of 6 bytes) depend only on the
 * analyzer, so they come from the cache when it has them.
 */
static void
t2s_map(struct fo_site *s, const struct fo_buf *corpus, struct fo_buf *b)
{
	struct fo_buf f = FO_BUF_INIT, cand = FO_BUF_INIT;
	const char *c = fo_cache_get(s->cache, 'T', "t2s");
	unsigned char *seen;
	size_t i, n;

	if (c == NULL || strlen(c) % 6 != 0) {
		uint32_t cp;
		char ch[8];

		for (cp = 0x3400; cp < 0xa000; cp++) {
			if (cp >= 0x4dc0 && cp < 0x4e00)
				continue;
			ch[0] = (char)(0xe0 | (cp >> 12));
			ch[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
			ch[2] = (char)(0x80 | (cp & 0x3f));
			ch[3] = '\0';
			fo_buf_reset(&f);
			if (fo_analyzer_fold(s->an, ch, 3, &f, NULL) != FO_OK)
				continue;
			if (f.len != 3 || memcmp(f.data, ch, 3) == 0)
				continue;
			fo_buf_put(&cand, ch, 3);
			fo_buf_put(&cand, f.data, 3);
		}
		if (c == NULL)
			fo_cache_put(s->cache, 'T', "t2s", cand.data);
		c = cand.data;
	}
	/* the corpus's 3-byte characters (UTF-8 never matches mid-character,
	 * so this is strstr(corpus, x) for a 3-byte x) */
	seen = fo_xcalloc(65536 / 8, 1);
	for (i = 0; i + 2 < corpus->len; i++) {
		const unsigned char *u = (const unsigned char *)corpus->data + i;

		if (u[0] >= 0xe0 && u[0] < 0xf0 && (u[1] & 0xc0) == 0x80 &&
		    (u[2] & 0xc0) == 0x80) {
			unsigned cp = (u[0] & 0x0fu) << 12 |
			    (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu);

			seen[cp >> 3] |= (unsigned char)(1u << (cp & 7));
			i += 2;
		}
	}
	for (n = strlen(c), i = 0; i + 6 <= n; i += 6) {
		const unsigned char *u = (const unsigned char *)c + i + 3;
		unsigned cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 |
		    (u[2] & 0x3fu);
		int in;

		if (u[0] >= 0xe0 && u[0] < 0xf0 && (u[1] & 0xc0) == 0x80 &&
		    (u[2] & 0xc0) == 0x80)
			in = (seen[cp >> 3] & (1u << (cp & 7))) != 0;
		else {	/* not one character: look for the bytes */
			char x[4];

			memcpy(x, u, 3);
			x[3] = '\0';
			in = strstr(corpus->data, x) != NULL;
		}
		if (in) {
			fo_buf_put(b, c + i, 3);
			fo_esc_json(b, c + i + 3, 3);
		}
	}
	free(seen);
	fo_buf_release(&f);
	fo_buf_release(&cand);
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

static const char *const export_files[] = {
	"search/docs.json", "search/lex.json", "search/manifest.json",
	"search/s/00.json", "search/s/01.json", "search/s/02.json",
	"search/s/03.json", "search/s/04.json", "search/s/05.json",
	"search/s/06.json", "search/s/07.json", "search/s/08.json",
	"search/s/09.json", "search/s/10.json", "search/s/11.json",
	"search/s/12.json", "search/s/13.json", "search/s/14.json",
	"search/s/15.json", "search/s/16.json", "search/s/17.json",
	"search/s/18.json", "search/s/19.json", "search/s/20.json",
	"search/s/21.json", "search/s/22.json", "search/s/23.json",
	"search/s/24.json", "search/s/25.json", "search/s/26.json",
	"search/s/27.json", "search/s/28.json", "search/s/29.json",
	"search/s/30.json", "search/s/31.json", "search/s/32.json",
	"search/s/33.json", "search/s/34.json", "search/s/35.json",
	"search/s/36.json", "search/s/37.json", "search/s/38.json",
	"search/s/39.json", "search/s/40.json", "search/s/41.json",
	"search/s/42.json", "search/s/43.json", "search/s/44.json",
	"search/s/45.json", "search/s/46.json", "search/s/47.json",
	"search/s/48.json", "search/s/49.json", "search/s/50.json",
	"search/s/51.json", "search/s/52.json", "search/s/53.json",
	"search/s/54.json", "search/s/55.json", "search/s/56.json",
	"search/s/57.json", "search/s/58.json", "search/s/59.json",
	"search/s/60.json", "search/s/61.json", "search/s/62.json",
	"search/s/63.json"
};
_Static_assert(sizeof(export_files) / sizeof(export_files[0]) == 3 + NSHARDS,
    "export_files: docs, lex, manifest and one name per shard");

/* The export's key as 32 hex digits into 'key' (empty if this
 * executable cannot be identified: then nothing is kept). */
static enum fo_status
export_key(struct fo_site *s, struct fo_xdb *db, const char *fp,
    const char *vb, size_t vblen, struct fo_buf *key)
{
	struct xkey k = { 14695981039346656037ull, 0x9e3779b97f4a7c15ull };
	struct stat sb;
	const char *afp = fo_analyzer_fingerprint(s->an);
	char id[128];
	size_t i, j;
	int n;
	enum fo_status st;

	fo_buf_reset(key);
	if (stat("/proc/self/exe", &sb) != 0)
		return FO_OK;
	n = snprintf(id, sizeof(id), "%llu %llu %lld %lld.%09ld %d",
	    (unsigned long long)sb.st_dev, (unsigned long long)sb.st_ino,
	    (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
	    (long)sb.st_mtim.tv_nsec, NSHARDS);
	xkey_add(&k, id, (size_t)n);
	xkey_add(&k, afp, strlen(afp));
	xkey_add(&k, fp, strlen(fp));
	xkey_add(&k, vb, vblen);
	if ((st = fo_xdb_each_value(db, FO_SLOT_HASH, xkey_value, &k)) != FO_OK)
		return st;
	for (i = 0; i < s->c->npages; i++) {
		const struct fo_page *p = s->c->pages[i];
		const char *pv[64];
		size_t np = 0;

		xkey_add(&k, p->id != NULL ? p->id : "", p->id != NULL ?
		    strlen(p->id) : 0);
		pieces(p, pv, &np, 64);
		for (j = 0; j < np; j++)
			xkey_add(&k, pv[j], strlen(pv[j]));
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
	size_t klen = strlen(key), terms, shards, bytes;
	int rc;

	*st = FO_OK;
	if (v == NULL || klen == 0 || strncmp(v, key, klen) != 0 ||
	    v[klen] != ' ' || sscanf(v + klen, " %zu %zu %zu", &terms, &shards,
	    &bytes) != 3)
		return 0;
	rc = fo_out_keep(s->out, export_files,
	    sizeof(export_files) / sizeof(export_files[0]));
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
	return 1;	/* the entry is kept: fo_cache_get marked it used */
}

enum fo_status
fo_site_searchidx(struct fo_site *s)
{
	struct fo_xdb *db = NULL;
	struct fo_vocab *v = NULL;
	struct walk w;
	struct doc *docs = NULL;
	struct fo_buf shard[NSHARDS], b = FO_BUF_INIT, corpus = FO_BUF_INIT,
	    key = FO_BUF_INIT;
	int nterm_in_shard[NSHARDS];
	char *fp = NULL, *vb = NULL, *msg = NULL;
	size_t i, j, fplen = 0, vblen = 0, ndocs = 0;
	struct wc lex = { NULL, NULL, 0, 0 };
	uint64_t total = 0;
	unsigned ndb = 0;
	enum fo_status st;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.shard = shard;
	w.nterm_in_shard = nterm_in_shard;
	for (i = 0; i < NSHARDS; i++) {
		fo_buf_init(&shard[i]);
		nterm_in_shard[i] = 0;
	}
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
		    "analyzer; rebuild it with fiveout-index", NULL);
		goto out;
	}

	if ((st = export_key(s, db, fp, vb, vblen, &key)) != FO_OK) {
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
	w.nat = ndocs > 0 ? docs[ndocs - 1].docid + 1 : 0;
	w.at = fo_xcalloc(w.nat + 1, sizeof(*w.at));
	for (i = 0; i < w.nat; i++)
		w.at[i] = SIZE_MAX;
	for (i = 0; i < ndocs; i++)
		w.at[docs[i].docid] = i;

	/* docs.json, and the corpus for the lexicon and the t2s map */
	fo_buf_puts(&b, "[");
	for (i = 0; i < ndocs; i++) {
		const struct fo_docinfo *di = &docs[i].di;

		fo_buf_puts(&b, i ? ",\n{" : "\n{");
		fo_buf_printf(&b, "\"k\":\"%s\",\"n\":%d,\"s\":%d,\"id\":",
		    fo_kind_name(di->kind), di->number, di->section);
		jstr(&b, di->id);
		fo_buf_puts(&b, ",\"l\":");
		jstr(&b, di->label != NULL ? di->label : di->title);
		fo_buf_puts(&b, ",\"sl\":");
		jstr(&b, di->section_label);
		fo_buf_puts(&b, ",\"u\":");
		jstr(&b, di->url);
		fo_buf_puts(&b, ",\"t\":");
		jstr(&b, di->text);
		fo_buf_puts(&b, ",\"f\":\"");
		if (docs[i].page != NULL)
			doc_text(s, docs[i].page, &b, &corpus, &lex, &total);
		fo_buf_puts(&b, "\"}");
	}
	fo_buf_puts(&b, "\n]\n");
	if ((st = fo_site_write(s, "search/docs.json", b.data, b.len, 1)) != FO_OK)
		goto out;
	s->st.search_bytes += b.len;

	/* postings: BM25 weights from the posting lists and document
	 * lengths, as a one-term query would give them */
	if ((st = fo_xdb_each_term(db, "", walk_term, &w)) != FO_OK) {
		st = fail(s, st, "cannot list terms", fo_xdb_errmsg(db));
		goto out;
	}
	if (w.bad) {
		st = fail(s, FO_ECORRUPT, "a posting names an unknown document",
		    NULL);
		goto out;
	}
	/* the shards, written (and compressed) on two threads */
	{
		struct fo_buf doc[NSHARDS];
		const void *dp[NSHARDS];
		size_t dl[NSHARDS];
		char *wmsg = NULL;

		for (i = 0; i < NSHARDS; i++) {
			fo_buf_init(&doc[i]);
			fo_buf_grow(&doc[i], shard[i].len + strlen(fp) + 32);
			fo_buf_puts(&doc[i], "{\"fp\":");
			jstr(&doc[i], fp);
			fo_buf_puts(&doc[i], ",\"t\":{");
			fo_buf_put(&doc[i], shard[i].data, shard[i].len);
			fo_buf_puts(&doc[i], "\n}}\n");
			fo_buf_release(&shard[i]);
			dp[i] = doc[i].data;
			dl[i] = doc[i].len;
		}
		st = fo_out_write_all(s->out, export_files + 3, dp, dl, NSHARDS,
		    &wmsg);
		for (i = 0; i < NSHARDS; i++) {
			if (st == FO_OK) {
				s->st.search_shards++;
				s->st.search_bytes += doc[i].len;
			}
			fo_buf_release(&doc[i]);
		}
		if (st != FO_OK) {
			free(s->errmsg);
			s->errmsg = wmsg;
			goto out;
		}
	}

	/* lex.json: corpus words + vocabulary */
	for (i = 0; v != NULL && i < fo_vocab_nwords(v); i++)
		wc_add(&lex, fo_vocab_word(v, i), 1);
	fo_buf_reset(&b);
	fo_buf_printf(&b, "{\"total\":%llu,\"w\":{", (unsigned long long)total);
	for (i = 0, j = 0; i < lex.cap; i++) {
		if (lex.w[i] == NULL)
			continue;
		fo_buf_puts(&b, j++ ? "," : "");
		jstr(&b, lex.w[i]);
		fo_buf_printf(&b, ":%u", lex.n[i]);
	}
	fo_buf_puts(&b, "}}\n");
	if ((st = fo_site_write(s, "search/lex.json", b.data, b.len, 1)) != FO_OK)
		goto out;
	s->st.search_bytes += b.len;

	/* manifest.json */
	fo_buf_reset(&b);
	fo_buf_puts(&b, "{\"v\":1,\"fp\":");
	jstr(&b, fp);
	fo_buf_printf(&b, ",\"n\":%zu,\"shards\":%d,\"floor\":0.25,"
	    "\"kinds\":{\"clause\":1,\"section\":0.8,\"glossary\":0.75,"
	    "\"annotation\":0.7,\"preamble\":0.6},\"w\":{\"words\":1,"
	    "\"grams\":2,\"title\":1.5},\"stop\":[", ndocs, NSHARDS);
	{
		static const char *const stop[] = { "的", "和", "与", "及",
		    "等", "在", "对", "为", "了", "是", "之", "或", "并", "其",
		    "将", "把", "被", "中", "上", "以及", "和的" };

		for (i = 0; i < sizeof(stop) / sizeof(stop[0]); i++) {
			if (!fo_query_stopword(stop[i]))
				continue;	/* keep in step with query.c */
			fo_buf_puts(&b, i ? "," : "");
			jstr(&b, stop[i]);
		}
	}
	fo_buf_puts(&b, "],\"groups\":[");
	for (i = 0, j = 0; v != NULL && i < fo_vocab_nwords(v); i++) {
		size_t n = 0, k;
		const char *const *g = fo_vocab_group(v, fo_vocab_word(v, i), &n);

		if (g == NULL || n < 2 || strcmp(g[0], fo_vocab_word(v, i)) != 0)
			continue;	/* once per group, at its head */
		fo_buf_puts(&b, j++ ? ",[" : "[");
		for (k = 0; k < n; k++) {
			fo_buf_puts(&b, k ? "," : "");
			jstr(&b, g[k]);
		}
		fo_buf_puts(&b, "]");
	}
	fo_buf_puts(&b, "],\"pinyin\":{");
	for (i = 0; v != NULL && i < fo_vocab_npinyin(v); i++) {
		const char *key, *word;

		fo_vocab_pinyin_at(v, i, &key, &word);
		fo_buf_puts(&b, i ? "," : "");
		jstr(&b, key);
		fo_buf_putc(&b, ':');
		jstr(&b, word);
	}
	/* Traditional -> Simplified, per character, from the analyzer's own
	 * fold (OpenCC hk2s+tw2s), kept only where the result is in the corpus */
	fo_buf_puts(&b, "},\"t2s\":\"");
	t2s_map(s, &corpus, &b);
	fo_buf_puts(&b, "\"}\n");
	if ((st = fo_site_write(s, "search/manifest.json", b.data, b.len, 1)) !=
	    FO_OK)
		goto out;
	s->st.search_bytes += b.len;
	if (key.len > 0) {
		fo_buf_reset(&b);
		fo_buf_printf(&b, "%s %zu %zu %zu", key.data, s->st.search_terms,
		    s->st.search_shards, s->st.search_bytes);
		fo_cache_put(s->cache, 'S', "export", b.data);
	}
	st = FO_OK;
out:
	fo_buf_release(&key);
	for (i = 0; i < NSHARDS; i++)
		fo_buf_release(&shard[i]);
	for (i = 0; i < w.ndocs; i++)
		fo_docinfo_release(&w.docs[i].di);
	free(w.docs);
	free(w.at);
	free(w.pv);
	free(w.byid);
	free(fp);
	free(vb);
	fo_vocab_free(v);
	wc_free(&lex);
	fo_buf_release(&b);
	fo_buf_release(&corpus);
	fo_xdb_close(db);
	return st;
}
