/* indexer/analyze/unidata_build.c -- the unidata compiler: asks ICU and
 * OpenCC about every code point and every OpenCC phrase key and writes the
 * tables that unidata.c reads (layout in unidata.h).  Native only; apart
 * from the reader so that the reader, which fold.c and seg.c call, calls
 * nothing back in them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "unidata.h"


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
	struct fo_unihdr h;
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
		fo__unidata_greedy(ph.n > 0 ? hash_phrase : NULL, &ph, f->chars, s,
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
