/* indexer/analyze/pinyin.c -- toneless Hanyu Pinyin through ICU's transliterator
 * "Han-Latin; Latin-ASCII; Lower".
 *
 * Creating that transliterator costs about a billion instructions (a
 * third of a second): ICU parses and indexes all 1,468 rules of
 * Han-Latin, for 42,000 characters.  A text needs the rules of its own
 * characters only, so the same transliteration is done in three ICU
 * steps, each opened once per analyzer (lazily):
 *
 *   Han-Spacedhan            the first step of Han-Latin, by its ID;
 *   the rules of Han-Latin   read from ICU's data (the Hani-Latn rule
 *                            source) and indexed by character; for each
 *                            text, a small rule-based transliterator is
 *                            compiled from the rules of its characters,
 *                            in their order in the source (the context
 *                            rules first, as there);
 *   Latin-ASCII; Lower       the rest of the compound, by its ID.
 *
 * A compound transliterator applies its parts one after the other over
 * the whole text, so this is the same transliteration.  If the rule
 * source is not in the expected form (another ICU version), the whole
 * compound is opened by its ID as before.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>

#include "analyze_int.h"

static const char pinyin_rules[] = "Han-Latin; Latin-ASCII; Lower";

/* One bracketed class of a Han-Latin rule "[...]→syllable": code
 * points lo..hi, replaced by src[out .. out+outlen). */
struct pyrange {
	UChar32	 lo, hi;
	int32_t	 out, outlen;
};

/* A context rule "藏 } \u0020? 文 →zàng": src[s .. s+len), for 'key'. */
struct pyctx {
	UChar32	 key;
	int32_t	 s, len;
};

struct fo_pinyin {
	const struct fo_utrans_fns *tr;	/* libicui18n (late.c) */
	UTransliterator	*full;	/* fallback: the compound by its ID */
	UTransliterator	*pre;	/* Han-Spacedhan */
	UTransliterator	*post;	/* Latin-ASCII; Lower */
	UResourceBundle	*bundle, *ids, *entry, *file, *res;
	const UChar	*src;	/* Hani-Latn rule source (ICU's data) */
	int32_t		 srclen;
	struct pyrange	*rg;	/* sorted by lo, disjoint */
	size_t		 nrg;
	struct pyctx	*ctx;
	size_t		 nctx;
};

static int
rg_cmp(const void *a, const void *b)
{
	const struct pyrange *x = a, *y = b;

	return (x->lo > y->lo) - (x->lo < y->lo);
}

static UChar32
next_cp(const UChar *s, int32_t len, int32_t *i)
{
	UChar32 c;

	U16_NEXT(s, *i, len, c);
	return c;
}

/*
 * Index the Han-Latin rule source: "::Han-Spacedhan();", then context
 * rules, then "[chars]→syllable;" rules whose classes hold characters
 * and ranges only.  Returns 0 if the source has any other form.
 */
static int
index_rules(struct fo_pinyin *p)
{
	static const char head[] = "::Han-Spacedhan();";
	const UChar *s = p->src;
	int32_t n = p->srclen, i;
	size_t cap = 0, ccap = 0;
	int classes = 0;

	for (i = 0; head[i] != '\0'; i++)
		if (i >= n || s[i] != (UChar)head[i])
			return 0;
	while (i < n) {
		int32_t a = i, e = i;

		while (e < n && s[e] != ';')
			e++;
		if (e == n)	/* every statement ends with ';' */
			return 0;
		if (s[a] == '[') {
			int32_t k = a + 1, first = (int32_t)p->nrg;

			classes = 1;
			while (k < e && s[k] != ']') {
				UChar32 lo = next_cp(s, e, &k), hi = lo;

				if (lo == '\\' || lo == '[' || lo == '^' ||
				    lo == '$' || lo == ':' || lo == '&' ||
				    lo == '-' || lo == '{' || lo == '}' ||
				    lo == '\'' || u_isspace(lo))
					return 0;
				if (k < e && s[k] == '-') {
					k++;
					if (k >= e || s[k] == ']')
						return 0;
					hi = next_cp(s, e, &k);
					if (hi < lo)
						return 0;
				}
				if (p->nrg == cap) {
					cap = cap ? 2 * cap : 8192;
					p->rg = fo_xreallocarray(p->rg, cap,
					    sizeof *p->rg);
				}
				p->rg[p->nrg].lo = lo;
				p->rg[p->nrg].hi = hi;
				p->nrg++;
			}
			/* "]→" then letters to the ';' */
			if (k + 2 > e || s[k] != ']' || s[k + 1] != 0x2192 ||
			    k + 2 == e)
				return 0;
			k += 2;
			for (int32_t q = k; q < e; ) {
				UChar32 c = next_cp(s, e, &q);

				if (!u_isalpha(c) || c >= 0x2000)
					return 0;
			}
			for (size_t r = (size_t)first; r < p->nrg; r++) {
				p->rg[r].out = k;
				p->rg[r].outlen = e - k;
			}
		} else {
			/* context rule: "X } ...", before every class rule */
			int32_t k = a;
			UChar32 key = next_cp(s, e, &k);

			if (classes || !u_hasBinaryProperty(key,
			    UCHAR_IDEOGRAPHIC) || k + 3 > e || s[k] != ' ' ||
			    s[k + 1] != '}' || s[k + 2] != ' ')
				return 0;
			if (p->nctx == ccap) {
				ccap = ccap ? 2 * ccap : 8;
				p->ctx = fo_xreallocarray(p->ctx, ccap,
				    sizeof *p->ctx);
			}
			p->ctx[p->nctx].key = key;
			p->ctx[p->nctx].s = a;
			p->ctx[p->nctx].len = e - a;
			p->nctx++;
		}
		i = e + 1;
	}
	if (p->nrg == 0)
		return 0;
	qsort(p->rg, p->nrg, sizeof *p->rg, rg_cmp);
	for (size_t r = 1; r < p->nrg; r++)
		if (p->rg[r].lo <= p->rg[r - 1].hi)	/* overlap */
			return 0;
	return 1;
}

static const struct pyrange *
find_rule(const struct fo_pinyin *p, UChar32 c)
{
	size_t lo = 0, hi = p->nrg;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->rg[mid].hi < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->nrg && p->rg[lo].lo <= c ? &p->rg[lo] : NULL;
}

static UTransliterator *
open_id(const struct fo_pinyin *p, const char *id)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar uid[64];
	UTransliterator *t;

	u_uastrcpy(uid, id);
	t = p->tr->openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	return U_FAILURE(err) ? NULL : t;
}

/* Open the three steps; 0 if the rule source is not usable. */
static int
open_steps(struct fo_pinyin *p)
{
	UErrorCode err = U_ZERO_ERROR;

	p->bundle = ures_openDirect(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING
	    "translit", "root", &err);
	p->ids = ures_getByKey(p->bundle, "RuleBasedTransliteratorIDs", NULL,
	    &err);
	p->entry = ures_getByKey(p->ids, "Hani-Latn", NULL, &err);
	p->file = ures_getByKey(p->entry, "file", NULL, &err);
	p->res = ures_getByKey(p->file, "resource", NULL, &err);
	p->src = ures_getString(p->res, &p->srclen, &err);
	if (U_FAILURE(err) || p->src == NULL || !index_rules(p))
		return 0;
	if ((p->pre = open_id(p, "Han-Spacedhan")) == NULL ||
	    (p->post = open_id(p, "Latin-ASCII; Lower")) == NULL)
		return 0;
	return 1;
}

void
fo_pinyin_close(struct fo_pinyin *p)
{
	if (p == NULL)
		return;
	if (p->full != NULL)
		p->tr->close(p->full);
	if (p->pre != NULL)
		p->tr->close(p->pre);
	if (p->post != NULL)
		p->tr->close(p->post);
	ures_close(p->res);
	ures_close(p->file);
	ures_close(p->entry);
	ures_close(p->ids);
	ures_close(p->bundle);
	free(p->rg);
	free(p->ctx);
	free(p);
}

enum fo_status
fo_pinyin_open(struct fo_pinyin **out)
{
	struct fo_pinyin *p;
	const struct fo_utrans_fns *tr;

	*out = NULL;
	if ((tr = fo_late_utrans(NULL)) == NULL)
		return FO_EINTERNAL;
	p = fo_xcalloc(1, sizeof *p);
	p->tr = tr;
	if (!open_steps(p)) {
		/* not the rule source expected: the compound as a whole */
		if (p->pre != NULL)
			p->tr->close(p->pre);
		if (p->post != NULL)
			p->tr->close(p->post);
		p->pre = p->post = NULL;
		free(p->rg);
		free(p->ctx);
		p->rg = NULL;
		p->ctx = NULL;
		p->nrg = p->nctx = 0;
		if ((p->full = open_id(p, pinyin_rules)) == NULL) {
			fo_pinyin_close(p);
			return FO_EINTERNAL;
		}
	}
	*out = p;
	return FO_OK;
}

static void
put_u16(UChar **b, int32_t *n, int32_t *cap, const UChar *s, int32_t len)
{
	if (*n + len > *cap) {
		*cap = 2 * (*n + len) + 64;
		*b = fo_xreallocarray(*b, (size_t)*cap, sizeof **b);
	}
	memcpy(*b + *n, s, (size_t)len * sizeof **b);
	*n += len;
}

/* The Han-Latin rules of the characters of u[0..len), as rule text
 * (*rules, to free); *rlen 0 when none applies. */
static void
rules_for(const struct fo_pinyin *p, const UChar *u, int32_t len,
    UChar **rules, int32_t *rlen)
{
	UChar *b = NULL;
	int32_t n = 0, cap = 0;
	static const UChar arrow[] = { ']', 0x2192 }, semi[] = { ';' };

	for (size_t c = 0; c < p->nctx; c++) {
		int32_t i = 0;

		while (i < len)
			if (next_cp(u, len, &i) == p->ctx[c].key) {
				put_u16(&b, &n, &cap, p->src + p->ctx[c].s,
				    p->ctx[c].len);
				put_u16(&b, &n, &cap, semi, 1);
				break;
			}
	}
	for (int32_t i = 0; i < len; ) {
		int32_t a = i, k = 0;
		UChar32 c = next_cp(u, len, &i);
		const struct pyrange *r;
		int seen = 0;

		/* once per character */
		while (k < a)
			if (next_cp(u, len, &k) == c) {
				seen = 1;
				break;
			}
		if (seen || (r = find_rule(p, c)) == NULL)
			continue;
		put_u16(&b, &n, &cap, (const UChar[]){ '[' }, 1);
		put_u16(&b, &n, &cap, u + a, i - a);
		put_u16(&b, &n, &cap, arrow, 2);
		put_u16(&b, &n, &cap, p->src + r->out, r->outlen);
		put_u16(&b, &n, &cap, semi, 1);
	}
	*rules = b;
	*rlen = n;
}

/* Transliterate u[0 .. *ulen) (capacity 'cap') in place. */
static enum fo_status
translit(struct fo_pinyin *p, UChar *u, int32_t *ulen, int32_t cap)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t limit = *ulen;
	UChar *rules;
	int32_t rlen;

	if (p->full != NULL) {
		p->tr->transUChars(p->full, u, ulen, cap, 0, &limit, &err);
		return U_FAILURE(err) ? FO_EINTERNAL : FO_OK;
	}
	p->tr->transUChars(p->pre, u, ulen, cap, 0, &limit, &err);
	if (U_FAILURE(err))
		return FO_EINTERNAL;
	rules_for(p, u, *ulen, &rules, &rlen);
	if (rlen > 0) {
		static const UChar id[] = { 'x', '-', 'f', 'o', 'p', 'y', 0 };
		UTransliterator *t = p->tr->openU(id, -1, UTRANS_FORWARD,
		    rules, rlen, NULL, &err);

		if (U_SUCCESS(err)) {
			limit = *ulen;
			p->tr->transUChars(t, u, ulen, cap, 0, &limit, &err);
			p->tr->close(t);
		}
	}
	free(rules);
	if (U_FAILURE(err))
		return FO_EINTERNAL;
	limit = *ulen;
	p->tr->transUChars(p->post, u, ulen, cap, 0, &limit, &err);
	return U_FAILURE(err) ? FO_EINTERNAL : FO_OK;
}

/* Transliterate one run and append it, words separated by one space. */
static enum fo_status
run_one(struct fo_pinyin *p, const char *text, size_t len, struct fo_buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u;
	int32_t ulen, cap, slen;
	char *s;
	int space = 1;
	enum fo_status st;

	u_strFromUTF8(NULL, 0, &ulen, text, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return FO_EINVAL;
	err = U_ZERO_ERROR;
	/* Han-Latin grows text: one Han character becomes up to ~7 letters. */
	cap = ulen * 8 + 16;
	u = fo_xreallocarray(NULL, (size_t)cap, sizeof *u);
	u_strFromUTF8(u, cap, &ulen, text, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		free(u);
		return FO_EINVAL;
	}
	if ((st = translit(p, u, &ulen, cap)) != FO_OK) {
		free(u);
		return st;
	}
	u_strToUTF8(NULL, 0, &slen, u, ulen, &err);
	err = U_ZERO_ERROR;
	s = fo_xmalloc((size_t)slen + 1);
	u_strToUTF8(s, slen + 1, &slen, u, ulen, &err);
	free(u);
	if (U_FAILURE(err)) {
		free(s);
		return FO_EINTERNAL;
	}
	for (int32_t i = 0; i < slen; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			space = 1;
			continue;
		}
		if (space && out->len > 0 && out->data[out->len - 1] != ' ')
			fo_buf_putc(out, ' ');
		space = 0;
		fo_buf_putc(out, s[i]);
	}
	free(s);
	return FO_OK;
}

/*
 * Han runs become syllables, runs of other letters and digits pass
 * through lowercased, everything else (punctuation, spaces) only
 * separates: "跨境电商，RCEP" -> "kua jing dian shang rcep".
 */
enum fo_status
fo_pinyin_run(struct fo_pinyin *p, const char *text, size_t len,
    struct fo_buf *out)
{
	size_t i = 0, base = out->len;

	if (len > INT32_MAX / 8)
		return FO_ETOOBIG;
	while (i < len) {
		size_t a = i, j;
		uint32_t cp = fo_utf8_next(text, len, &i);
		int han = fo_is_han(cp);
		enum fo_status st;

		if (!han && !u_isalnum((UChar32)cp))
			continue;
		j = i;
		while (j < len) {
			size_t k = j;
			uint32_t c = fo_utf8_next(text, len, &k);

			if (fo_is_han(c) != han || (!han && !u_isalnum((UChar32)c)))
				break;
			j = k;
		}
		if (out->len > base)
			fo_buf_putc(out, ' ');
		if ((st = run_one(p, text + a, j - a, out)) != FO_OK)
			return st;
		i = j;
	}
	return FO_OK;
}
