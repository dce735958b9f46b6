/* indexer/analyze/unidata.c -- ICU's and OpenCC's answers as tables: the reader
 * (any build, FO_WASM included) and, natively, the compiler.  Layout and
 * contract in unidata.h. */
#include <stdlib.h>
#include <string.h>

#ifndef FO_WASM
#include <errno.h>
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#endif

#include "unidata.h"

#define FO_UNIDATA_ENDIAN	0x01020304u

struct unihdr {
	char	 magic[8];
	uint32_t version, endian, size;
	uint32_t nhan, nalnum, nwhite, nnobb, nempty;
	uint32_t nmap, nfold, foldblob;
	uint32_t nphr, keyblob, valblob;
	uint64_t check;
};
_Static_assert(sizeof(struct unihdr) == FO_UNIDATA_HDR, "unidata header");

static enum fo_status
corrupt(char **errmsg, const char *what)
{
	if (errmsg != NULL) {
		struct fo_buf b = FO_BUF_INIT;

		fo_buf_printf(&b, "unidata: %s", what);
		*errmsg = fo_buf_detach(&b, NULL);
	}
	return FO_ECORRUPT;
}

/* ---- reader ---------------------------------------------------------- */

static int
list_ok(const struct fo_unirange *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		if (r->v[i] > 0x110000 || (i > 0 && r->v[i] <= r->v[i - 1]))
			return 0;
	return 1;
}

/* Offsets off[0..n] from 0, ascending (strictly if 'strict'), ending at
 * 'end'; and every piece valid UTF-8. */
static int
pieces_ok(const uint32_t *off, uint32_t n, uint32_t end, const char *blob,
    int strict)
{
	if (off[0] != 0 || off[n] != end)
		return 0;
	/* all offsets first: then every piece lies inside the blob */
	for (uint32_t i = 0; i < n; i++)
		if (off[i + 1] < off[i] || (strict && off[i + 1] == off[i]))
			return 0;
	for (uint32_t i = 0; i < n; i++)
		if (!fo_utf8_valid(blob + off[i], off[i + 1] - off[i], NULL))
			return 0;
	return 1;
}

enum fo_status
fo_unidata_open(const void *blob, size_t len, struct fo_unidata **out,
    char **errmsg)
{
	const unsigned char *p = blob;
	struct fo_unidata *u;
	struct unihdr h;
	uint64_t need;
	const uint32_t *w;

	*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (blob == NULL || len < FO_UNIDATA_HDR || len % 4 != 0 ||
	    ((uintptr_t)blob & 3) != 0)
		return corrupt(errmsg, "too short or misaligned");
	memcpy(&h, p, sizeof h);
	if (memcmp(h.magic, FO_UNIDATA_MAGIC, 8) != 0 ||
	    h.endian != FO_UNIDATA_ENDIAN || h.version != FO_UNIDATA_VERSION)
		return corrupt(errmsg, "bad magic, version or byte order");
	need = FO_UNIDATA_HDR + 4 * ((uint64_t)h.nhan + h.nalnum + h.nwhite +
	    h.nnobb + h.nempty) + 12 * (uint64_t)h.nmap +
	    4 * (2 * (uint64_t)h.nfold + 1) +
	    8 * ((uint64_t)h.nphr + 1) + (uint64_t)h.foldblob + h.keyblob +
	    h.valblob;
	need += (4 - need % 4) % 4;
	if (h.size != len || need != len)
		return corrupt(errmsg, "truncated or damaged (bad size)");
	if (fo_fnv64(FO_FNV_SEED, p + FO_UNIDATA_HDR, len - FO_UNIDATA_HDR) !=
	    h.check)
		return corrupt(errmsg, "checksum mismatch");
	u = fo_xcalloc(1, sizeof *u);
	w = (const uint32_t *)(p + FO_UNIDATA_HDR);
	u->han.n = h.nhan;	u->han.v = w;		w += h.nhan;
	u->alnum.n = h.nalnum;	u->alnum.v = w;		w += h.nalnum;
	u->white.n = h.nwhite;	u->white.v = w;		w += h.nwhite;
	u->nobb.n = h.nnobb;	u->nobb.v = w;		w += h.nnobb;
	u->empty.n = h.nempty;	u->empty.v = w;		w += h.nempty;
	u->nmap = h.nmap;
	u->map = w;		w += 3 * (uint64_t)h.nmap;
	u->nfold = h.nfold;
	u->fold_cp = w;		w += h.nfold;
	u->fold_off = w;	w += h.nfold + 1;
	u->keys.n = h.nphr;
	u->keys.off = w;	w += h.nphr + 1;
	u->val_off = w;		w += h.nphr + 1;
	u->fold_blob = (const char *)w;
	u->keys.blob = u->fold_blob + h.foldblob;
	u->val_blob = u->keys.blob + h.keyblob;
	if (!list_ok(&u->han) || !list_ok(&u->alnum) || !list_ok(&u->white) ||
	    !list_ok(&u->nobb) || !list_ok(&u->empty))
		goto bad;
	for (uint32_t i = 0; i < h.nmap; i++) {
		const uint32_t *m = u->map + 3 * (size_t)i;
		uint64_t n = m[1] >> 1, step = (m[1] & 1) + 1;
		uint64_t last = m[0] + (n - 1) * step, t0, t1;

		if (n == 0 || last >= 0x110000 ||
		    (i > 0 && m[0] <= u->map[3 * (size_t)i - 3] +
		    ((u->map[3 * (size_t)i - 2] >> 1) - 1) *
		    ((u->map[3 * (size_t)i - 2] & 1) + 1)))
			goto bad;
		/* targets: code points, no surrogate */
		t0 = (uint32_t)(m[0] + m[2]);
		t1 = (uint32_t)(last + m[2]);
		if (t1 < t0 || t1 >= 0x110000 || t1 - t0 != last - m[0] ||
		    (t0 <= 0xdfff && t1 >= 0xd800))
			goto bad;
	}
	for (uint32_t i = 0; i < h.nfold; i++)
		if (u->fold_cp[i] >= 0x110000 ||
		    (i > 0 && u->fold_cp[i] <= u->fold_cp[i - 1]))
			goto bad;
	if (!pieces_ok(u->fold_off, h.nfold, h.foldblob, u->fold_blob, 0) ||
	    !pieces_ok(u->keys.off, h.nphr, h.keyblob, u->keys.blob, 1) ||
	    !pieces_ok(u->val_off, h.nphr, h.valblob, u->val_blob, 0))
		goto bad;
	/* keys sorted bytewise and unique: the lookup's binary search */
	for (uint32_t i = 1; i < h.nphr; i++) {
		const char *a = u->keys.blob + u->keys.off[i - 1];
		const char *b = u->keys.blob + u->keys.off[i];
		size_t la = u->keys.off[i] - u->keys.off[i - 1];
		size_t lb = u->keys.off[i + 1] - u->keys.off[i];
		int r = memcmp(a, b, la < lb ? la : lb);

		if (r > 0 || (r == 0 && la >= lb))
			goto bad;
	}
	*out = u;
	return FO_OK;
bad:
	free(u);
	return corrupt(errmsg, "damaged tables");
}

void
fo_unidata_free(struct fo_unidata *u)
{
	free(u);
}

/* Is 'cp' in the set of boundary list 'r'? */
static int
in_list(const struct fo_unirange *r, uint32_t cp)
{
	uint32_t lo = 0, hi = r->n;

	while (lo < hi) {	/* count of entries <= cp */
		uint32_t mid = lo + (hi - lo) / 2;

		if (r->v[mid] <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo & 1;
}

int
fo_unidata_is_han(const struct fo_unidata *u, uint32_t cp)
{
	return in_list(&u->han, cp);
}

int
fo_unidata_is_alnum(const struct fo_unidata *u, uint32_t cp)
{
	return in_list(&u->alnum, cp);
}

int
fo_unidata_is_white(const struct fo_unidata *u, uint32_t cp)
{
	return in_list(&u->white, cp);
}

int
fo_unidata_boundary_before(const struct fo_unidata *u, uint32_t cp)
{
	return !in_list(&u->nobb, cp);
}

int
fo_unidata_fold_cp(const struct fo_unidata *u, uint32_t cp, char buf[4],
    const char **s, size_t *len)
{
	uint32_t lo = 0, hi = u->nmap;

	if (in_list(&u->empty, cp)) {
		*s = "";
		*len = 0;
		return 1;
	}
	while (lo < hi) {	/* the last range starting at or before cp */
		uint32_t mid = lo + (hi - lo) / 2;

		if (u->map[3 * (size_t)mid] <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0) {
		const uint32_t *m = u->map + 3 * (size_t)(lo - 1);
		uint32_t k = cp - m[0], step = (m[1] & 1) + 1;

		if (k % step == 0 && k / step < (m[1] >> 1)) {
			uint32_t t = cp + m[2];	/* modulo 2^32 */
			size_t n = 0;

			if (t < 0x80)
				buf[n++] = (char)t;
			else if (t < 0x800) {
				buf[n++] = (char)(0xc0 | (t >> 6));
				buf[n++] = (char)(0x80 | (t & 0x3f));
			} else if (t < 0x10000) {
				buf[n++] = (char)(0xe0 | (t >> 12));
				buf[n++] = (char)(0x80 | ((t >> 6) & 0x3f));
				buf[n++] = (char)(0x80 | (t & 0x3f));
			} else {
				buf[n++] = (char)(0xf0 | (t >> 18));
				buf[n++] = (char)(0x80 | ((t >> 12) & 0x3f));
				buf[n++] = (char)(0x80 | ((t >> 6) & 0x3f));
				buf[n++] = (char)(0x80 | (t & 0x3f));
			}
			*s = buf;
			*len = n;
			return 1;
		}
	}
	lo = 0;
	hi = u->nfold;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (u->fold_cp[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == u->nfold || u->fold_cp[lo] != cp)
		return 0;
	*s = u->fold_blob + u->fold_off[lo];
	*len = u->fold_off[lo + 1] - u->fold_off[lo];
	return 1;
}

size_t
fo_unidata_phrase(const struct fo_unidata *u, const char *s, size_t n,
    const char **val, size_t *vlen)
{
	uint32_t lo = 0, hi = u->keys.n, at = 0;
	size_t k = 0, best = 0;

	while (k < n && lo < hi) {
		size_t k2 = k;

		fo_utf8_next(s, n, &k2);
		if (fo_wordlist_narrow(&u->keys, k, s + k, k2 - k, &lo, &hi)) {
			best = k2;
			at = lo;
		}
		k = k2;
	}
	if (best > 0) {
		*val = u->val_blob + u->val_off[at];
		*vlen = u->val_off[at + 1] - u->val_off[at];
	}
	return best;
}

/* The longest phrase that is a prefix of s[0..n): its byte length (0:
 * none), its conversion in *val, *vlen. */
typedef size_t (*phrase_fn)(const void *ctx, const char *s, size_t n,
    const char **val, size_t *vlen);

static size_t
blob_phrase(const void *ctx, const char *s, size_t n, const char **val,
    size_t *vlen)
{
	return fo_unidata_phrase(ctx, s, n, val, vlen);
}

/* fo_unidata_t2s() over any phrase lookup: the reader's and the
 * compiler's (which must agree on the algorithm). */
static void
greedy(phrase_fn look, const void *ctx, const struct fo_chartab *chars,
    const char *s, size_t n, struct fo_buf *out)
{
	size_t i = 0;

	while (i < n) {
		const char *v;
		size_t vl, m = look != NULL ? look(ctx, s + i, n - i, &v, &vl) :
		    0, a = i;
		uint32_t cp;

		if (m > 0) {
			fo_buf_put(out, v, vl);
			i += m;
			continue;
		}
		cp = fo_utf8_next(s, n, &i);
		if (cp < 0x10000 && (v = fo__chartab_get(chars, cp, &vl)) != NULL)
			fo_buf_put(out, v, vl);
		else
			fo_buf_put(out, s + a, i - a);
	}
}

void
fo_unidata_t2s(const struct fo_unidata *u, const struct fo_chartab *chars,
    const char *s, size_t n, struct fo_buf *out)
{
	greedy(u != NULL && u->keys.n > 0 ? blob_phrase : NULL, u, chars, s, n,
	    out);
}

/* ---- compiler (native) ----------------------------------------------- */
#ifndef FO_WASM

/* A boundary list being built: call lb_step() for every code point in
 * ascending order with its membership. */
struct lbuild {
	struct fo_buf	 b;
	int		 on;
	uint32_t	 n;
};

static void
lb_step(struct lbuild *l, uint32_t cp, int in)
{
	in = in != 0;
	if (in != l->on) {
		fo_buf_put(&l->b, &cp, 4);
		l->n++;
		l->on = in;
	}
}

static void
lb_end(struct lbuild *l)
{
	lb_step(l, 0x110000, 0);
}

/* The compiler's phrases: an open-addressing hash of key -> value. */
struct phr {
	struct fo_buf	 keys, vals;	/* '\0'-separated text */
	uint32_t	*koff, *voff;	/* start of phrase i in keys, vals */
	uint32_t	 n, cap;
	uint32_t	*slot;		/* 1 + phrase index, 0 empty */
	uint32_t	 nslot;
	size_t		 maxlen;	/* longest key, bytes */
};

static uint32_t
phr_hash(const char *s, size_t n)
{
	uint64_t h = fo_fnv64(FO_FNV_SEED, s, n);

	return (uint32_t)(h ^ (h >> 32));
}

static const char *
phr_key(const struct phr *p, uint32_t i, size_t *len)
{
	*len = strlen(p->keys.data + p->koff[i]);
	return p->keys.data + p->koff[i];
}

/* Index + 1 of phrase s[0..n), or 0. */
static uint32_t
phr_find(const struct phr *p, const char *s, size_t n)
{
	uint32_t m, i;

	if (p->nslot == 0)
		return 0;
	m = p->nslot - 1;
	for (i = phr_hash(s, n) & m; p->slot[i] != 0; i = (i + 1) & m) {
		size_t kl;
		const char *k = phr_key(p, p->slot[i] - 1, &kl);

		if (kl == n && memcmp(k, s, n) == 0)
			return p->slot[i];
	}
	return 0;
}

static void
phr_add(struct phr *p, const char *k, size_t kl, const char *v, size_t vl)
{
	uint32_t m;

	if (2 * (p->n + 1) > p->nslot) {	/* rehash */
		uint32_t ns = p->nslot ? 2 * p->nslot : 1024;

		free(p->slot);
		p->slot = fo_xcalloc(ns, sizeof *p->slot);
		p->nslot = ns;
		for (uint32_t j = 0; j < p->n; j++) {
			size_t l;
			const char *s = phr_key(p, j, &l);
			uint32_t i = phr_hash(s, l) & (ns - 1);

			while (p->slot[i] != 0)
				i = (i + 1) & (ns - 1);
			p->slot[i] = j + 1;
		}
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 1024;
		p->koff = fo_xreallocarray(p->koff, p->cap, sizeof *p->koff);
		p->voff = fo_xreallocarray(p->voff, p->cap, sizeof *p->voff);
	}
	p->koff[p->n] = (uint32_t)p->keys.len;
	p->voff[p->n] = (uint32_t)p->vals.len;
	fo_buf_put(&p->keys, k, kl);
	fo_buf_putc(&p->keys, '\0');
	fo_buf_put(&p->vals, v, vl);
	fo_buf_putc(&p->vals, '\0');
	m = p->nslot - 1;
	{
		uint32_t i = phr_hash(k, kl) & m;

		while (p->slot[i] != 0)
			i = (i + 1) & m;
		p->slot[i] = p->n + 1;
	}
	p->n++;
	if (kl > p->maxlen)
		p->maxlen = kl;
}

static void
phr_release(struct phr *p)
{
	fo_buf_release(&p->keys);
	fo_buf_release(&p->vals);
	free(p->koff);
	free(p->voff);
	free(p->slot);
}

static size_t
hash_phrase(const void *ctx, const char *s, size_t n, const char **val,
    size_t *vlen)
{
	const struct phr *p = ctx;
	size_t ends[64], ne = 0, k = 0;

	while (k < n && k < p->maxlen && ne < 64) {
		fo_utf8_next(s, n, &k);
		ends[ne++] = k;
	}
	while (ne-- > 0) {
		uint32_t i = phr_find(p, s, ends[ne]);

		if (i != 0) {
			*val = p->vals.data + p->voff[i - 1];
			*vlen = strlen(*val);
			return ends[ne];
		}
	}
	return 0;
}

/* A candidate run: cand.data[off .. off + len), 'ncp' code points. */
struct cand {
	uint32_t off, len, ncp;
};

static const char *cand_text;

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r;

	if (x->ncp != y->ncp)
		return x->ncp < y->ncp ? -1 : 1;
	r = memcmp(cand_text + x->off, cand_text + y->off, n);
	if (r != 0)
		return r;
	return (x->len > y->len) - (x->len < y->len);
}

/* Add the non-ASCII runs of s[0..n) to the candidates: those of two or
 * more code points, or of one supplementary-plane one (a BMP character
 * alone goes through the chartab on both paths). */
static void
add_runs(struct fo_buf *text, struct cand **v, size_t *nv, size_t *cap,
    const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t a, ncp = 0;
		uint32_t c = 0;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		a = i;
		while (i < n && (unsigned char)s[i] >= 0x80) {
			c = fo_utf8_next(s, n, &i);
			ncp++;
		}
		if (ncp == 1 && c < 0x10000)
			continue;
		if (*nv == *cap) {
			*cap = *cap ? 2 * *cap : 4096;
			*v = fo_xreallocarray(*v, *cap, sizeof **v);
		}
		(*v)[*nv].off = (uint32_t)text->len;
		(*v)[*nv].len = (uint32_t)(i - a);
		(*v)[*nv].ncp = (uint32_t)ncp;
		(*nv)++;
		fo_buf_put(text, s + a, i - a);
	}
}

/* Sort order of the written phrases: bytewise by key. */
static const struct phr *sort_phr;

static int
phr_cmp(const void *a, const void *b)
{
	size_t la, lb;
	const char *x = phr_key(sort_phr, *(const uint32_t *)a, &la);
	const char *y = phr_key(sort_phr, *(const uint32_t *)b, &lb);
	int r = memcmp(x, y, la < lb ? la : lb);

	return r != 0 ? r : (la > lb) - (la < lb);
}

/* Append NFKC_Casefold of the one code point 'cp' to 'to'.  Returns 0
 * if it folds to itself (appended as is), 1 if it changes, -1 if ICU
 * failed. */
static int
icu_fold1(struct fo_fold *f, uint32_t cp, struct fo_buf *to)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar in[2], o[64];
	int32_t nin = 0, no;

	if (unorm2_isInert(f->nfkc_cf, (UChar32)cp)) {
		fo_utf8_put(to, cp);
		return 0;
	}
	U16_APPEND_UNSAFE(in, nin, (UChar32)cp);
	no = unorm2_normalize(f->nfkc_cf, in, nin, o, 64, &err);
	if (U_FAILURE(err))
		return -1;
	if (no == nin && memcmp(in, o, 2 * (size_t)no) == 0) {
		fo_utf8_put(to, cp);
		return 0;
	}
	for (int32_t q = 0; q < no; ) {
		UChar32 c;

		U16_NEXT(o, q, no, c);
		fo_utf8_put(to, (uint32_t)c);
	}
	return 1;
}

static enum fo_status
read_all(const char *path, struct fo_buf *b, char **errmsg)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (fp == NULL) {
		int e = errno;

		if (errmsg != NULL) {
			struct fo_buf m = FO_BUF_INIT;

			fo_buf_printf(&m, "%s: %s", path, strerror(e));
			*errmsg = fo_buf_detach(&m, NULL);
		}
		return e == ENOENT ? FO_ENOTFOUND : FO_EIO;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fo_buf_put(b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		if (errmsg != NULL)
			*errmsg = fo_xstrdup("phrase keys: read error");
		return FO_EIO;
	}
	fclose(fp);
	return FO_OK;
}

enum fo_status
fo_unidata_build(struct fo_fold *f, const char *keys_path, struct fo_buf *out,
    char **errmsg)
{
	struct lbuild han = { FO_BUF_INIT, 0, 0 }, aln = { FO_BUF_INIT, 0, 0 },
	    wht = { FO_BUF_INIT, 0, 0 }, nobb = { FO_BUF_INIT, 0, 0 },
	    emp = { FO_BUF_INIT, 0, 0 };
	struct fo_buf fcp = FO_BUF_INIT, foff = FO_BUF_INIT, fblob = FO_BUF_INIT;
	struct fo_buf ctext = FO_BUF_INIT, src = FO_BUF_INIT, one = FO_BUF_INIT;
	struct fo_buf icu = FO_BUF_INIT, tab = FO_BUF_INIT;
	struct fo_buf koff = FO_BUF_INIT, voff = FO_BUF_INIT;
	struct fo_buf kblob = FO_BUF_INIT, vblob = FO_BUF_INIT;
	struct phr ph;
	struct cand *cv = NULL;
	size_t ncand = 0, ccap = 0;
	uint32_t nfold = 0, nmap = 0, *order = NULL;
	struct fo_buf singles = FO_BUF_INIT, maps = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	struct unihdr h;
	size_t base;

	memset(&ph, 0, sizeof ph);
	fo_buf_init(&ph.keys);
	fo_buf_init(&ph.vals);
	if (errmsg != NULL)
		*errmsg = NULL;
	/* Classes and NFKC_Casefold of every code point. */
	for (uint32_t cp = 0; cp < 0x110000; cp++) {
		size_t k;
		int r;

		lb_step(&han, cp, fo_is_han(cp));
		lb_step(&aln, cp, fo_icu_is_alnum(cp));
		lb_step(&wht, cp, fo_icu_is_white(cp));
		lb_step(&nobb, cp, !unorm2_hasBoundaryBefore(f->nfkc_cf,
		    (UChar32)cp));
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		fo_buf_reset(&one);
		fo_utf8_put(&one, cp);
		k = one.len;
		if ((r = icu_fold1(f, cp, &one)) < 0) {
			st = FO_EINTERNAL;
			if (errmsg != NULL)
				*errmsg = fo_xstrdup("ICU NFKC_Casefold failed");
			goto out;
		}
		lb_step(&emp, cp, r == 1 && one.len == k);
		if (r == 0 || one.len == k)
			continue;
		add_runs(&ctext, &cv, &ncand, &ccap, one.data + k, one.len - k);
		{
			size_t q = k;
			uint32_t t = fo_utf8_next(one.data, one.len, &q);

			if (q == one.len) {	/* to one code point */
				uint32_t pair[2] = { cp, t };

				fo_buf_put(&singles, pair, 8);
				continue;
			}
		}
		{
			uint32_t off = (uint32_t)fblob.len;

			fo_buf_put(&fcp, &cp, 4);
			fo_buf_put(&foff, &off, 4);
			fo_buf_put(&fblob, one.data + k, one.len - k);
		}
		nfold++;
	}
	lb_end(&han);
	lb_end(&aln);
	lb_end(&wht);
	lb_end(&nobb);
	lb_end(&emp);
	{
		uint32_t off = (uint32_t)fblob.len;

		fo_buf_put(&foff, &off, 4);
	}
	/* The one-code-point folds as ranges of one step and one delta
	   (A-Z, the alternating cases of Latin Extended, fullwidth forms). */
	{
		const uint32_t *v = (const uint32_t *)singles.data;
		size_t ns = singles.len / 8, a = 0;

		while (a < ns) {
			size_t b = a + 1;
			uint32_t delta = v[2 * a + 1] - v[2 * a], step = 1, m[3];

			if (b < ns && v[2 * b] - v[2 * a] <= 2 &&
			    v[2 * b + 1] - v[2 * b] == delta) {
				step = v[2 * b] - v[2 * a];
				while (b < ns && v[2 * b] - v[2 * b - 2] == step &&
				    v[2 * b + 1] - v[2 * b] == delta)
					b++;
			}
			m[0] = v[2 * a];
			m[1] = (uint32_t)(b - a) << 1 | (step - 1);
			m[2] = delta;
			fo_buf_put(&maps, m, sizeof m);
			nmap++;
			a = b;
		}
	}
	/* The phrase keys, folded code point by code point as the table
	   path's normalize() does. */
	if (keys_path != NULL) {
		char *p, *end;

		if ((st = read_all(keys_path, &src, errmsg)) != FO_OK)
			goto out;
		p = src.data;
		end = src.data + src.len;
		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *le = nl ? nl : end, *t;
			const char *s = p;
			size_t n, k = 0;

			if ((t = memchr(p, '\t', (size_t)(le - p))) != NULL)
				le = t;
			n = (size_t)(le - p);
			p = nl ? nl + 1 : end;
			if (n == 0 || !fo_utf8_valid(s, n, NULL))
				continue;
			fo_buf_reset(&one);
			while (k < n) {
				uint32_t c = fo_utf8_next(s, n, &k);

				if (icu_fold1(f, c, &one) < 0) {
					st = FO_EINTERNAL;
					goto out;
				}
			}
			add_runs(&ctext, &cv, &ncand, &ccap, one.data, one.len);
		}
	}
	/* Shortest first, unique; keep those the table path gets wrong. */
	cand_text = ctext.data;
	qsort(cv, ncand, sizeof *cv, cand_cmp);
	for (size_t i = 0; i < ncand; i++) {
		const char *s = ctext.data + cv[i].off;
		size_t *os = NULL;

		if (i > 0 && cand_cmp(&cv[i - 1], &cv[i]) == 0)
			continue;
		fo_buf_reset(&icu);
		fo_buf_reset(&tab);
		if ((st = fo_fold_text(f, s, cv[i].len, &icu, &os, NULL)) !=
		    FO_OK) {
			if (errmsg != NULL)
				*errmsg = fo_xstrdup("OpenCC failed on a "
				    "phrase");
			goto out;
		}
		free(os);
		greedy(ph.n > 0 ? hash_phrase : NULL, &ph, f->chars, s,
		    cv[i].len, &tab);
		if (icu.len != tab.len || memcmp(icu.data, tab.data, icu.len))
			phr_add(&ph, s, cv[i].len, icu.data, icu.len);
	}
	/* Phrases sorted by key. */
	order = fo_xreallocarray(NULL, ph.n + 1, sizeof *order);
	for (uint32_t i = 0; i < ph.n; i++)
		order[i] = i;
	sort_phr = &ph;
	qsort(order, ph.n, sizeof *order, phr_cmp);
	for (uint32_t i = 0; i < ph.n; i++) {
		uint32_t ko = (uint32_t)kblob.len, vo = (uint32_t)vblob.len;
		const char *v = ph.vals.data + ph.voff[order[i]];

		fo_buf_put(&koff, &ko, 4);
		fo_buf_put(&voff, &vo, 4);
		fo_buf_puts(&kblob, ph.keys.data + ph.koff[order[i]]);
		fo_buf_puts(&vblob, v);
	}
	{
		uint32_t ko = (uint32_t)kblob.len, vo = (uint32_t)vblob.len;

		fo_buf_put(&koff, &ko, 4);
		fo_buf_put(&voff, &vo, 4);
	}
	/* Write. */
	memset(&h, 0, sizeof h);
	memcpy(h.magic, FO_UNIDATA_MAGIC, 8);
	h.version = FO_UNIDATA_VERSION;
	h.endian = FO_UNIDATA_ENDIAN;
	h.nhan = han.n;
	h.nalnum = aln.n;
	h.nwhite = wht.n;
	h.nnobb = nobb.n;
	h.nempty = emp.n;
	h.nmap = nmap;
	h.nfold = nfold;
	h.foldblob = (uint32_t)fblob.len;
	h.nphr = ph.n;
	h.keyblob = (uint32_t)kblob.len;
	h.valblob = (uint32_t)vblob.len;
	base = out->len;
	fo_buf_put(out, &h, sizeof h);
	fo_buf_put(out, han.b.data, han.b.len);
	fo_buf_put(out, aln.b.data, aln.b.len);
	fo_buf_put(out, wht.b.data, wht.b.len);
	fo_buf_put(out, nobb.b.data, nobb.b.len);
	fo_buf_put(out, emp.b.data, emp.b.len);
	fo_buf_put(out, maps.data, maps.len);
	fo_buf_put(out, fcp.data, fcp.len);
	fo_buf_put(out, foff.data, foff.len);
	fo_buf_put(out, koff.data, koff.len);
	fo_buf_put(out, voff.data, voff.len);
	fo_buf_put(out, fblob.data, fblob.len);
	fo_buf_put(out, kblob.data, kblob.len);
	fo_buf_put(out, vblob.data, vblob.len);
	while ((out->len - base) % 4 != 0)
		fo_buf_putc(out, '\0');
	h.size = (uint32_t)(out->len - base);
	h.check = fo_fnv64(FO_FNV_SEED, out->data + base + FO_UNIDATA_HDR,
	    h.size - FO_UNIDATA_HDR);
	memcpy(out->data + base, &h, sizeof h);
out:
	fo_buf_release(&han.b);
	fo_buf_release(&aln.b);
	fo_buf_release(&wht.b);
	fo_buf_release(&nobb.b);
	fo_buf_release(&emp.b);
	fo_buf_release(&singles);
	fo_buf_release(&maps);
	fo_buf_release(&fcp);
	fo_buf_release(&foff);
	fo_buf_release(&fblob);
	fo_buf_release(&ctext);
	fo_buf_release(&src);
	fo_buf_release(&one);
	fo_buf_release(&icu);
	fo_buf_release(&tab);
	fo_buf_release(&koff);
	fo_buf_release(&voff);
	fo_buf_release(&kblob);
	fo_buf_release(&vblob);
	phr_release(&ph);
	free(cv);
	free(order);
	return st;
}

#endif /* !FO_WASM */
