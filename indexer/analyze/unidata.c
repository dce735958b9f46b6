/* indexer/analyze/unidata.c -- ICU's and OpenCC's answers as tables: the
 * reader, in every build (FO_WASM included).  The compiler, which asks ICU
 * and OpenCC, is unidata_build.c.  Layout and contract in unidata.h. */
#include <stdlib.h>
#include <string.h>

#include "unidata.h"

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
	struct fo_unihdr h;
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

static size_t
blob_phrase(const void *ctx, const char *s, size_t n, const char **val,
    size_t *vlen)
{
	return fo_unidata_phrase(ctx, s, n, val, vlen);
}

void
fo__unidata_greedy(fo__phrase_fn look, const void *ctx, const struct fo_chartab *chars,
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
	fo__unidata_greedy(u != NULL && u->keys.n > 0 ? blob_phrase : NULL, u, chars, s, n,
	    out);
}

