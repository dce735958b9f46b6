/* indexer/analyze/fold.c -- normalisation (ICU NFKC_Casefold) and Traditional ->
 * Simplified folding (OpenCC hk2s, then tw2s), keeping for every folded
 * byte the span of original bytes it came from.
 *
 * Normalisation works chunk by chunk, a chunk running from one
 * normalisation boundary (unorm2_hasBoundaryBefore) to the next, so every
 * output character maps to the input characters of its chunk.  OpenCC
 * has no offset API: the whole text is converted at once and mapped
 * character for character when the character count is unchanged (the
 * usual case: hk2s and tw2s convert characters and same-length phrases);
 * otherwise each non-ASCII piece is converted alone and mapped
 * proportionally inside the piece.
 *
 * The table path (f->tab set; the only one under FO_WASM, which has no
 * ICU and no OpenCC) takes both steps from the tables the native code
 * compiled into the lexicon (unidata.h): the same chunks, each code
 * point's NFKC_Casefold from the table, and OpenCC's phrases by maximum
 * forward match, else the single-character table.  One known difference
 * from ICU: a chunk of several code points (a base character and
 * combining marks that compose, e + U+0301) is folded code point by code
 * point, so it is not composed (ICU gives U+00E9).  Chinese policy text
 * never holds such a sequence; every single code point and every OpenCC
 * phrase folds the same on both paths (tests/test_unidata.c).
 */
#include <stdlib.h>
#include <string.h>

#ifndef FO_WASM
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#endif

#include "analyze_int.h"
#include "unidata.h"

/* Is the table path on? */
#ifdef FO_WASM
#define USE_TAB(f)	1
#else
#define USE_TAB(f)	((f)->tab != NULL)
#endif

#ifdef FO_WASM
enum fo_status
fo_fold_init(struct fo_fold *f, char **errmsg)
{
	(void)errmsg;
	memset(f, 0, sizeof *f);
	fo_buf_init(&f->norm);
	return FO_OK;
}

void
fo_fold_release(struct fo_fold *f)
{
	fo_buf_release(&f->norm);
	free(f->ns);
	free(f->ne);
	f->ns = f->ne = NULL;
	f->ncap = 0;
}
#else
enum fo_status
fo_fold_init(struct fo_fold *f, char **errmsg)
{
	UErrorCode err = U_ZERO_ERROR;

	memset(f, 0, sizeof *f);
	fo_buf_init(&f->norm);
	f->hk2s = f->tw2s = (opencc_t)-1;
	f->nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
	if (U_FAILURE(err)) {
		if (errmsg != NULL) {
			struct fo_buf b = FO_BUF_INIT;
			fo_buf_printf(&b, "ICU NFKC_Casefold: %s", u_errorName(err));
			*errmsg = fo_buf_detach(&b, NULL);
		}
		return FO_EINTERNAL;
	}
	/* OpenCC is opened by fo_fold_opencc() when first needed: loading
	   its configurations and dictionaries is most of a search's
	   start-up, and text without a convertible character never needs
	   it. */
	return FO_OK;
}

enum fo_status
fo_fold_opencc(struct fo_fold *f, char **errmsg)
{
	if (f->hk2s != (opencc_t)-1 && f->tw2s != (opencc_t)-1)
		return FO_OK;
	if (f->cc == NULL && (f->cc = fo_late_opencc(errmsg)) == NULL)
		return FO_EINTERNAL;
	if (f->hk2s == (opencc_t)-1)
		f->hk2s = f->cc->open("hk2s.json");
	if (f->hk2s != (opencc_t)-1)
		f->tw2s = f->cc->open("tw2s.json");
	if (f->hk2s == (opencc_t)-1 || f->tw2s == (opencc_t)-1) {
		if (errmsg != NULL) {
			struct fo_buf b = FO_BUF_INIT;
			fo_buf_printf(&b, "OpenCC %s: %s",
			    f->hk2s == (opencc_t)-1 ? "hk2s.json" : "tw2s.json",
			    f->cc->error());
			*errmsg = fo_buf_detach(&b, NULL);
		}
		return FO_EINTERNAL;
	}
	return FO_OK;
}

void
fo_fold_release(struct fo_fold *f)
{
	/* handles only come from f->cc */
	if (f->hk2s != (opencc_t)-1 && f->hk2s != NULL)
		f->cc->close(f->hk2s);
	if (f->tw2s != (opencc_t)-1 && f->tw2s != NULL)
		f->cc->close(f->tw2s);
	f->hk2s = f->tw2s = (opencc_t)-1;
	fo_buf_release(&f->norm);
	free(f->ns);
	free(f->ne);
	free(f->u16);
	f->ns = f->ne = NULL;
	f->u16 = NULL;
	f->ncap = f->u16cap = 0;
}
#endif /* FO_WASM */

/* Make the per-byte maps of f->norm hold at least 'n' entries. */
static void
norm_reserve(struct fo_fold *f, size_t n)
{
	if (n <= f->ncap)
		return;
	if (n < 2 * f->ncap)
		n = 2 * f->ncap;
	f->ns = fo_xreallocarray(f->ns, n, sizeof *f->ns);
	f->ne = fo_xreallocarray(f->ne, n, sizeof *f->ne);
	f->ncap = n;
}

#ifndef FO_WASM
static void
u16_reserve(struct fo_fold *f, size_t n)
{
	if (n <= f->u16cap)
		return;
	if (n < 2 * f->u16cap)
		n = 2 * f->u16cap;
	f->u16 = fo_xreallocarray(f->u16, n, sizeof *f->u16);
	f->u16cap = n;
}
#endif

#ifndef FO_WASM
/* Append code point 'cp' to f->norm, mapped to original span [a, b). */
static void
norm_put(struct fo_fold *f, uint32_t cp, size_t a, size_t b)
{
	size_t old = f->norm.len;

	fo_utf8_put(&f->norm, cp);
	norm_reserve(f, f->norm.len + 1);
	for (size_t k = old; k < f->norm.len; k++) {
		f->ns[k] = a;
		f->ne[k] = b;
	}
}
#endif

/* Append bytes s[0..n) to f->norm, mapped to original span [a, b). */
static void
norm_put_bytes(struct fo_fold *f, const char *s, size_t n, size_t a, size_t b)
{
	size_t old = f->norm.len;

	fo_buf_put(&f->norm, s, n);
	norm_reserve(f, f->norm.len + 1);
	for (size_t k = old; k < f->norm.len; k++) {
		f->ns[k] = a;
		f->ne[k] = b;
	}
}

/* Characters NFKC_Casefold leaves alone, tested without calling ICU. */
static int
fast_inert(uint32_t cp)
{
	if (cp < 0x80)
		return !(cp >= 'A' && cp <= 'Z');
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);
}

/* unorm2_hasBoundaryBefore() of NFKC_Casefold, from the table or ICU. */
static int
boundary_before(const struct fo_fold *f, uint32_t cp)
{
#ifndef FO_WASM
	if (f->tab == NULL)
		return unorm2_hasBoundaryBefore(f->nfkc_cf, (UChar32)cp) != 0;
#endif
	return fo_unidata_boundary_before(f->tab, cp);
}

static enum fo_status
normalize(struct fo_fold *f, const char *text, size_t len)
{
	size_t i = 0;

	if (USE_TAB(f) && f->tab == NULL)
		return FO_EINTERNAL;
	fo_buf_reset(&f->norm);
	norm_reserve(f, len + 1);
	while (i < len) {
		size_t a = i, j;
		uint32_t cp = fo_utf8_next(text, len, &i);
		int single = 1;

		/* Extend the chunk to the next boundary. */
		j = i;
		while (j < len) {
			size_t k = j;
			uint32_t c2 = fo_utf8_next(text, len, &k);

			if (fast_inert(c2) || boundary_before(f, c2))
				break;
			j = k;
			single = 0;
		}
		if (single && fast_inert(cp)) {
			norm_put_bytes(f, text + a, i - a, a, i);
			continue;
		}
		if (USE_TAB(f)) {
			/* Chunk [a, j) code point by code point (the one
			   difference from ICU: see the top of the file). */
			size_t p = a;

			while (p < j) {
				size_t q = p;
				uint32_t c = fo_utf8_next(text, len, &q);
				const char *s;
				char buf[4];
				size_t n;

				if (fo_unidata_fold_cp(f->tab, c, buf, &s, &n))
					norm_put_bytes(f, s, n, a, j);
				else
					norm_put_bytes(f, text + p, q - p, a, j);
				p = q;
			}
			i = j;
			continue;
		}
#ifndef FO_WASM
		if (single && unorm2_isInert(f->nfkc_cf, (UChar32)cp)) {
			norm_put_bytes(f, text + a, i - a, a, i);
			continue;
		}
		/* Chunk [a, j) to UTF-16, normalise, back to UTF-8. */
		{
			size_t nin = 0, p = a, cap;
			int32_t nout;
			UErrorCode err = U_ZERO_ERROR;

			u16_reserve(f, 2 * (j - a) + 2);
			while (p < j) {
				uint32_t c = fo_utf8_next(text, len, &p);
				if (c >= 0x10000) {
					f->u16[nin++] = (uint16_t)(0xd7c0 + (c >> 10));
					f->u16[nin++] = (uint16_t)(0xdc00 | (c & 0x3ff));
				} else
					f->u16[nin++] = (uint16_t)c;
			}
			cap = 18 * nin + 16;
			u16_reserve(f, nin + cap);
			nout = unorm2_normalize(f->nfkc_cf, f->u16, (int32_t)nin,
			    f->u16 + nin, (int32_t)cap, &err);
			if (U_FAILURE(err))
				return FO_EINTERNAL;
			for (int32_t q = 0; q < nout; ) {
				UChar32 c;
				U16_NEXT(f->u16 + nin, q, nout, c);
				norm_put(f, (uint32_t)c, a, j);
			}
		}
		i = j;
#endif
	}
	f->ns[f->norm.len] = len;
	f->ne[f->norm.len] = len;
	return FO_OK;
}

static size_t
count_cps(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	return c;
}

/* Run both converters over s[0..n) (no NUL inside), or the tables on
 * the table path.  Returns a string to free with free(3), or NULL on
 * failure. */
static char *
t2s(struct fo_fold *f, const char *s, size_t n, size_t *outlen)
{
#ifndef FO_WASM
	char *a, *b;
#endif

	if (USE_TAB(f)) {
		struct fo_buf o = FO_BUF_INIT;

		if (f->tab == NULL)
			return NULL;
		fo_unidata_t2s(f->tab, f->chars, s, n, &o);
		return fo_buf_detach(&o, outlen);
	}
#ifndef FO_WASM

	if (fo_fold_opencc(f, NULL) != FO_OK)
		return NULL;
	a = f->cc->convert_utf8(f->hk2s, s, n);
	if (a == NULL)
		return NULL;
	b = f->cc->convert_utf8(f->tw2s, a, strlen(a));
	f->cc->convert_utf8_free(a);
	if (b == NULL)
		return NULL;
	*outlen = strlen(b);
	a = fo_xstrndup(b, *outlen);
	f->cc->convert_utf8_free(b);
	return a;
#else
	return NULL;
#endif
}

#ifndef FO_WASM
enum fo_status
fo_fold_convmap(struct fo_fold *f, uint8_t *map)
{
	struct fo_buf in = FO_BUF_INIT;
	size_t cl, i = 0, j = 0;
	uint32_t cp;
	char *c;

	memset(map, 0, FO_CONVMAP_BYTES);
	/* Every non-ASCII BMP character but surrogates, one a line. */
	for (cp = 0x80; cp < 0x10000; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		fo_utf8_put(&in, cp);
		fo_buf_putc(&in, '\n');
	}
	c = t2s(f, in.data, in.len, &cl);
	if (c == NULL) {
		fo_buf_release(&in);
		return FO_EINTERNAL;
	}
	for (cp = 0x80; cp < 0x10000; cp++) {
		const char *a, *b;
		size_t ia = i, ib = j;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		a = memchr(in.data + i, '\n', in.len - i);
		b = memchr(c + j, '\n', cl - j);
		if (a == NULL || b == NULL) {	/* lines lost: convert always */
			memset(map, 0xff, FO_CONVMAP_BYTES);
			break;
		}
		i = (size_t)(a - in.data) + 1;
		j = (size_t)(b - c) + 1;
		if (i - ia != j - ib || memcmp(in.data + ia, c + ib, i - ia) != 0)
			map[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
	free(c);
	fo_buf_release(&in);
	return FO_OK;
}

enum fo_status
fo_fold_chartab(struct fo_fold *f, const uint8_t *map, struct fo_buf *out)
{
	struct fo_buf cps = FO_BUF_INIT, offs = FO_BUF_INIT, blob = FO_BUF_INIT;
	uint32_t n = 0, off = 0;

	for (uint32_t cp = 0x80; cp < 0x10000; cp++) {
		struct fo_buf in = FO_BUF_INIT;
		size_t cl;
		char *c;

		if (!(map[cp >> 3] & (1u << (cp & 7))))
			continue;
		fo_utf8_put(&in, cp);
		c = t2s(f, in.data, in.len, &cl);
		fo_buf_release(&in);
		if (c == NULL || cl > UINT32_MAX - off) {
			free(c);
			fo_buf_release(&cps);
			fo_buf_release(&offs);
			fo_buf_release(&blob);
			return FO_EINTERNAL;
		}
		fo_buf_put(&cps, &cp, 4);
		fo_buf_put(&offs, &off, 4);
		fo_buf_put(&blob, c, cl);
		off += (uint32_t)cl;
		n++;
		free(c);
	}
	fo_buf_put(&offs, &off, 4);
	fo_buf_put(out, &n, 4);
	fo_buf_put(out, cps.data, cps.len);
	fo_buf_put(out, offs.data, offs.len);
	fo_buf_put(out, blob.data, blob.len);
	fo_buf_release(&cps);
	fo_buf_release(&offs);
	fo_buf_release(&blob);
	return FO_OK;
}
#endif /* !FO_WASM */

/* If norm[a, b) is one character of f->chars, its conversion (not
 * NUL-terminated) and its length; else NULL. */
static const char *
chartab_find_at(const struct fo_fold *f, size_t a, size_t b, size_t *len)
{
	size_t k = a;
	uint32_t cp;

	if (f->chars == NULL || b <= a)
		return NULL;
	cp = fo_utf8_next(f->norm.data, b, &k);
	if (k != b)
		return NULL;
	return fo__chartab_get(f->chars, cp, len);
}

/* Append converted text 'c' (cl bytes) standing for norm[na, nb) to
 * 'out', filling the maps from index 'base'. */
static void
map_piece(struct fo_fold *f, const char *c, size_t cl, size_t na, size_t nb,
    struct fo_buf *out, size_t **os, size_t **oe, size_t *mcap, size_t base)
{
	size_t nin = count_cps(f->norm.data + na, nb - na);
	size_t nout = count_cps(c, cl);
	size_t ip = na, k = 0, op = 0;
	/* start byte of every input code point, for proportional mapping */
	size_t *starts = NULL;

	if (nin != nout) {
		size_t q = na, m = 0;

		starts = fo_xreallocarray(NULL, nin + 1, sizeof *starts);
		while (q < nb) {
			starts[m++] = q;
			fo_utf8_next(f->norm.data, nb, &q);
		}
		starts[m] = nb;
	}
	if (out->len + cl + 1 - base > *mcap) {
		*mcap = 2 * (out->len + cl + 1 - base);
		*os = fo_xreallocarray(*os, *mcap, sizeof **os);
		*oe = fo_xreallocarray(*oe, *mcap, sizeof **oe);
	}
	while (op < cl) {
		size_t o0 = op, a, b;

		fo_utf8_next(c, cl, &op);
		if (nin == nout) {
			size_t i0 = ip;

			fo_utf8_next(f->norm.data, nb, &ip);
			a = f->ns[i0];
			b = f->ne[ip - 1];
		} else {
			size_t lo = k * nin / nout;
			size_t hi = ((k + 1) * nin + nout - 1) / nout;

			if (hi <= lo)
				hi = lo + 1;
			if (hi > nin)
				hi = nin;
			if (lo >= nin)
				lo = nin - 1;
			a = f->ns[starts[lo]];
			b = f->ne[starts[hi] - 1];
		}
		for (size_t q = o0; q < op; q++) {
			(*os)[out->len - base + (q - o0)] = a;
			(*oe)[out->len - base + (q - o0)] = b;
		}
		fo_buf_put(out, c + o0, op - o0);
		k++;
	}
	free(starts);
}

enum fo_status
fo_fold_text(struct fo_fold *f, const char *text, size_t len,
    struct fo_buf *out, size_t **ostart, size_t **oend)
{
	size_t base = out->len, mcap, i;
	size_t *os, *oe;
	enum fo_status st;
	int ascii = 1;

	*ostart = NULL;
	if (oend != NULL)
		*oend = NULL;
	if ((st = normalize(f, text, len)) != FO_OK)
		return st;
	mcap = f->norm.len + 1;
	os = fo_xreallocarray(NULL, mcap, sizeof *os);
	oe = fo_xreallocarray(NULL, mcap, sizeof *oe);
	for (i = 0; i < f->norm.len; i++)
		if ((unsigned char)f->norm.data[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (!ascii && f->convmap != NULL) {
		/* Skip OpenCC when no character could change. */
		size_t k = 0;

		ascii = 1;
		while (k < f->norm.len) {
			uint32_t c = fo_utf8_next(f->norm.data, f->norm.len, &k);

			if (c >= 0x10000 ||
			    (f->convmap[c >> 3] & (1u << (c & 7))) != 0) {
				ascii = 0;
				break;
			}
		}
	}
	if (ascii) {	/* nothing for OpenCC to do */
		fo_buf_put(out, f->norm.data, f->norm.len);
		memcpy(os, f->ns, f->norm.len * sizeof *os);
		memcpy(oe, f->ne, f->norm.len * sizeof *oe);
		goto done;
	}
	/*
	 * Piece by piece: ASCII bytes copied; a run of non-ASCII characters
	 * converted if one of them is in the map, else copied.  Both are
	 * what converting the whole text gives: no key of OpenCC's
	 * dictionaries holds ASCII, so no match spans an ASCII byte, and a
	 * run without a character of the map holds no key that converts
	 * (the map has a character of every phrase that converts otherwise
	 * than character by character: lexicon.c).  Most runs of a mostly
	 * Simplified text are then never given to OpenCC.
	 */
	i = 0;
	while (i < f->norm.len) {
		size_t j = i, k;
		int conv = f->convmap == NULL;

		if ((unsigned char)f->norm.data[i] < 0x80) {
			j = i + 1;
			while (j < f->norm.len &&
			    (unsigned char)f->norm.data[j] < 0x80)
				j++;
			map_piece(f, f->norm.data + i, j - i, i, j, out,
			    &os, &oe, &mcap, base);
			i = j;
			continue;
		}
		while (j < f->norm.len && (unsigned char)f->norm.data[j] >= 0x80)
			j++;
		for (k = i; !conv && k < j; ) {
			uint32_t c = fo_utf8_next(f->norm.data, j, &k);

			if (c >= 0x10000 ||
			    (f->convmap[c >> 3] & (1u << (c & 7))) != 0)
				conv = 1;
		}
		if (!conv) {
			map_piece(f, f->norm.data + i, j - i, i, j, out,
			    &os, &oe, &mcap, base);
		} else {
			size_t cl;
			const char *one = j - i <= 4 ? chartab_find_at(f, i,
			    j, &cl) : NULL;
			char *c = one != NULL ? fo_xstrndup(one, cl) :
			    t2s(f, f->norm.data + i, j - i, &cl);

			if (c == NULL)
				goto fail;
			map_piece(f, c, cl, i, j, out, &os, &oe, &mcap, base);
			free(c);
		}
		i = j;
	}
done:
	if (out->len - base + 1 > mcap) {
		mcap = out->len - base + 1;
		os = fo_xreallocarray(os, mcap, sizeof *os);
		oe = fo_xreallocarray(oe, mcap, sizeof *oe);
	}
	os[out->len - base] = len;
	oe[out->len - base] = len;
	*ostart = os;
	if (oend != NULL)
		*oend = oe;
	else
		free(oe);
	return FO_OK;
fail:
	fo_buf_truncate(out, base);
	free(os);
	free(oe);
	return FO_EINTERNAL;
}
