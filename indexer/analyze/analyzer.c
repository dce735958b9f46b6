/* indexer/analyze/analyzer.c -- the analyzer handle: folding, segmentation,
 * bigrams, vocabulary, pinyin and the fingerprint (see analyze.h).
 * An analyzer keeps its ICU/OpenCC handles and scratch buffers between
 * calls; it is not safe to use from two threads at once.
 *
 * Natively an analyzer runs on ICU and OpenCC, or on the tables of its
 * lexicon's unidata section (fo_analyzer_use_tables(), for the tests that
 * prove both the same); under FO_WASM only on the tables, made by
 * fo_analyzer_open_mem() from memory the caller loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FO_WASM

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#endif

#include "analyze_int.h"
#include "unidata.h"

#ifndef FO_PREFIX
#define FO_PREFIX "/usr/local"
#endif

struct fo_analyzer {
	struct fo_fold		 fold;
	struct fo_lexicon	*lex;
	struct fo_segmenter	 seg;
	/* project vocabulary: sorted, unique, folded */
	char			**vw;
	size_t			 nv, vcap;
	int			 vdirty;
	struct fo_buf		 vblob;
	uint32_t		*voff;
	struct fo_wordlist	 vocab;
	struct fo_pinyin	*pinyin;
	struct fo_buf		 fp;
	char			*lexpath;	/* for fo_analyzer_clone(); NULL
						   if made by fo_analyzer_open_mem() */
	/* the tables (unidata.h), open while in use, else NULL */
	struct fo_unidata	*uni;
	const void		*unimem;	/* borrowed, open_mem only */
	size_t			 unimemlen;
	char			*fixedfp;	/* open_mem's fingerprint, or NULL */
	/* scratch */
	struct fo_buf		 folded;
	struct fo_segspan		*spans;
	size_t			 nspan, spancap;
};

void
fo_tokens_init(struct fo_tokens *t)
{
	t->v = NULL;
	t->n = t->cap = 0;
}

void
fo_tokens_release(struct fo_tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].term);
	free(t->v);
	fo_tokens_init(t);
}

#ifndef FO_WASM
enum fo_status
fo_analyzer_open(const char *lexicon_path, struct fo_analyzer **out,
    char **errmsg)
{
	struct fo_analyzer *an;
	enum fo_status st;

	*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (lexicon_path == NULL)
		lexicon_path = FO_LEXICON_INSTALLED;
	an = fo_xcalloc(1, sizeof *an);
	fo_buf_init(&an->vblob);
	fo_buf_init(&an->fp);
	fo_buf_init(&an->folded);
	if ((st = fo_lexicon_open(lexicon_path, &an->lex, errmsg)) != FO_OK) {
		free(an);
		return st;
	}
	if ((st = fo_fold_init(&an->fold, errmsg)) != FO_OK) {
		fo_lexicon_close(an->lex);
		free(an);
		return st;
	}
	an->fold.convmap = an->lex->convmap;
	an->fold.chars = &an->lex->chars;
	fo_segmenter_init(&an->seg, an->lex, &an->vocab);
	an->lexpath = fo_xstrdup(lexicon_path);
	*out = an;
	return FO_OK;
}
#endif /* !FO_WASM */

/* Open the tables of 'len' bytes at 'mem' and run 'an' on them. */
static enum fo_status
tables_on(struct fo_analyzer *an, const void *mem, size_t len, char **errmsg)
{
	enum fo_status st;

	if (an->uni != NULL)
		return FO_OK;
	if ((st = fo_unidata_open(mem, len, &an->uni, errmsg)) != FO_OK)
		return st;
	an->fold.tab = an->uni;
	an->seg.uni = an->uni;
	return FO_OK;
}

enum fo_status
fo_analyzer_open_mem(struct fo_lexicon *lx, const void *unidata, size_t len,
    const char *fingerprint, struct fo_analyzer **out, char **errmsg)
{
	struct fo_analyzer *an;
	enum fo_status st;

	*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
#ifdef FO_WASM
	if (fingerprint == NULL)
		return FO_EINVAL;
#endif
	if (lx == NULL)
		return FO_EINVAL;
	an = fo_xcalloc(1, sizeof *an);
	fo_buf_init(&an->vblob);
	fo_buf_init(&an->fp);
	fo_buf_init(&an->folded);
	if ((st = fo_fold_init(&an->fold, errmsg)) != FO_OK) {
		free(an);
		return st;
	}
	an->lex = lx;
	an->fold.convmap = lx->convmap;
	an->fold.chars = &lx->chars;
	fo_segmenter_init(&an->seg, lx, &an->vocab);
	an->unimem = unidata;
	an->unimemlen = len;
	if (fingerprint != NULL)
		an->fixedfp = fo_xstrdup(fingerprint);
	if ((st = tables_on(an, unidata, len, errmsg)) != FO_OK) {
		fo_analyzer_free(an);
		return st;
	}
	*out = an;
	return FO_OK;
}

enum fo_status
fo_analyzer_use_tables(struct fo_analyzer *an, int on, char **errmsg)
{
	if (errmsg != NULL)
		*errmsg = NULL;
	if (!on) {
		if (an->lexpath == NULL)
			return FO_EINVAL;	/* open_mem: tables only */
		fo_unidata_free(an->uni);
		an->uni = NULL;
		an->fold.tab = NULL;
		an->seg.uni = NULL;
		return FO_OK;
	}
	if (an->lexpath == NULL)
		return FO_OK;
	return tables_on(an, an->lex->unidata, an->lex->unilen, errmsg);
}

enum fo_status
fo_analyzer_clone(struct fo_analyzer *an, struct fo_analyzer **out,
    char **errmsg)
{
	struct fo_analyzer *cp;
	enum fo_status st;
	char *fp;

	*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (an == NULL)
		return FO_EINVAL;
#ifndef FO_WASM
	if (an->lexpath != NULL) {
		if ((st = fo_analyzer_open(an->lexpath, &cp, errmsg)) != FO_OK)
			return st;
		if (an->uni != NULL &&
		    (st = fo_analyzer_use_tables(cp, 1, errmsg)) != FO_OK) {
			fo_analyzer_free(cp);
			return st;
		}
	} else
#endif
	if ((st = fo_analyzer_open_mem(an->lex, an->unimem, an->unimemlen,
	    an->fixedfp, &cp, errmsg)) != FO_OK)
		return st;
	for (size_t i = 0; i < an->nv; i++)
		if ((st = fo_analyzer_add_word(cp, an->vw[i])) != FO_OK) {
			fo_analyzer_free(cp);
			return st;
		}
	/* the words are folded already; folding them again must not
	   change them, and the fingerprint says whether it did */
	fp = fo_xstrdup(fo_analyzer_fingerprint(an));
	if (strcmp(fp, fo_analyzer_fingerprint(cp)) != 0) {
		free(fp);
		fo_analyzer_free(cp);
		return FO_EINTERNAL;
	}
	free(fp);
	*out = cp;
	return FO_OK;
}

void
fo_analyzer_free(struct fo_analyzer *an)
{
	if (an == NULL)
		return;
	fo_fold_release(&an->fold);
#ifndef FO_WASM
	if (an->lexpath != NULL)	/* open_mem's is borrowed */
		fo_lexicon_close(an->lex);
#endif
	fo_unidata_free(an->uni);
	free(an->fixedfp);
	fo_segmenter_release(&an->seg);
	for (size_t i = 0; i < an->nv; i++)
		free(an->vw[i]);
	free(an->vw);
	free(an->voff);
	fo_buf_release(&an->vblob);
#ifndef FO_WASM
	fo_pinyin_close(an->pinyin);
#endif
	fo_buf_release(&an->fp);
	fo_buf_release(&an->folded);
	free(an->spans);
	free(an->lexpath);
	free(an);
}

enum fo_status
fo_analyzer_fold(struct fo_analyzer *an, const char *text, size_t len,
    struct fo_buf *out, size_t **offmap)
{
	size_t *os = NULL;
	size_t bad;
	enum fo_status st;

	if (offmap != NULL)
		*offmap = NULL;
	if (!fo_utf8_valid(text, len, &bad))
		return FO_EINVAL;
	if ((st = fo_fold_text(&an->fold, text, len, out, &os, NULL)) != FO_OK)
		return st;
	if (offmap != NULL)
		*offmap = os;
	else
		free(os);
	return FO_OK;
}

enum fo_status
fo_analyzer_add_word(struct fo_analyzer *an, const char *word)
{
	struct fo_buf f = FO_BUF_INIT;
	size_t *os = NULL, lo = 0, hi, a = 0, e;
	char *w;
	enum fo_status st;

	if (word == NULL || !fo_utf8_valid(word, strlen(word), NULL))
		return FO_EINVAL;
	if ((st = fo_fold_text(&an->fold, word, strlen(word), &f, &os, NULL))
	    != FO_OK) {
		fo_buf_release(&f);
		return st;
	}
	free(os);
	e = f.len;
	while (a < e && (f.data[a] == ' ' || f.data[a] == '\t' ||
	    f.data[a] == '\n'))
		a++;
	while (e > a && (f.data[e - 1] == ' ' || f.data[e - 1] == '\t' ||
	    f.data[e - 1] == '\n'))
		e--;
	if (a == e || memchr(f.data + a, '\0', e - a) != NULL) {
		fo_buf_release(&f);
		return FO_EINVAL;
	}
	w = fo_xstrndup(f.data + a, e - a);
	fo_buf_release(&f);
	/* Sorted insert, unique. */
	hi = an->nv;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(an->vw[mid], w);

		if (r == 0) {
			free(w);
			return FO_OK;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (an->nv == an->vcap) {
		an->vcap = an->vcap ? 2 * an->vcap : 64;
		an->vw = fo_xreallocarray(an->vw, an->vcap, sizeof *an->vw);
	}
	memmove(an->vw + lo + 1, an->vw + lo, (an->nv - lo) * sizeof *an->vw);
	an->vw[lo] = w;
	an->nv++;
	an->vdirty = 1;
	return FO_OK;
}

/* Rebuild the vocabulary word list the segmenter searches. */
static void
vocab_sync(struct fo_analyzer *an)
{
	if (!an->vdirty)
		return;
	fo_buf_reset(&an->vblob);
	an->voff = fo_xreallocarray(an->voff, an->nv + 1, sizeof *an->voff);
	for (size_t i = 0; i < an->nv; i++) {
		an->voff[i] = (uint32_t)an->vblob.len;
		fo_buf_puts(&an->vblob, an->vw[i]);
	}
	an->voff[an->nv] = (uint32_t)an->vblob.len;
	an->vocab.n = (uint32_t)an->nv;
	an->vocab.off = an->voff;
	an->vocab.blob = an->vblob.data;
	an->vdirty = 0;
}

static void
tok_push(struct fo_tokens *out, const char *term, size_t tlen, size_t start,
    size_t end, unsigned pos, enum fo_tok_kind kind, int han)
{
	struct fo_token *t;

	if (out->n == out->cap) {
		out->cap = out->cap ? 2 * out->cap : 64;
		out->v = fo_xreallocarray(out->v, out->cap, sizeof *out->v);
	}
	t = &out->v[out->n++];
	t->term = fo_xstrndup(term, tlen);
	t->start = start;
	t->end = end;
	t->pos = pos;
	t->kind = kind;
	t->han = han;
}

enum fo_status
fo_analyze(struct fo_analyzer *an, const char *text, size_t len, int flags,
    struct fo_tokens *out)
{
	size_t *os = NULL, *oe = NULL;
	const char *f;
	size_t flen;
	enum fo_status st;

	if (text == NULL && len > 0)
		return FO_EINVAL;
	if (!fo_utf8_valid(text, len, NULL))
		return FO_EINVAL;
	fo_buf_reset(&an->folded);
	if ((st = fo_fold_text(&an->fold, text, len, &an->folded, &os, &oe))
	    != FO_OK)
		return st;
	f = an->folded.data;
	flen = an->folded.len;
	if (flags & FO_AN_WORDS) {
		unsigned pos = 0;
		int first = 1;

		vocab_sync(an);
		an->nspan = 0;
		fo_segment(&an->seg, f, flen, &an->spans, &an->nspan,
		    &an->spancap);
		for (size_t i = 0; i < an->nspan; i++) {
			const struct fo_segspan *sp = &an->spans[i];

			if (sp->kind == FO_SPAN_PUNCT && !(flags & FO_AN_PUNCT))
				continue;
			if (!first && sp->brk)
				pos++;
			tok_push(out, f + sp->s, sp->e - sp->s, os[sp->s],
			    oe[sp->e - 1], pos++, FO_TOK_WORD,
			    sp->kind == FO_SPAN_HAN);
			first = 0;
		}
	}
	if (flags & FO_AN_GRAMS) {
		unsigned pos = 0;
		int first = 1;
		size_t i = 0;

		while (i < flen) {
			size_t a = i, c0, c1;
			int n = 1;

			if (!fo_class_han(an->uni, fo_utf8_next(f, flen, &i)))
				continue;
			/* A Han run starts at a: its bigrams, or the unigram
			 * of a lone character. */
			if (!first)
				pos++;
			first = 0;
			c0 = a;
			c1 = i;
			for (;;) {
				size_t c2 = c1;

				if (c2 >= flen ||
				    !fo_class_han(an->uni,
				    fo_utf8_next(f, flen, &c2)))
					break;
				tok_push(out, f + c0, c2 - c0, os[c0],
				    oe[c2 - 1], pos++, FO_TOK_GRAM, 1);
				n++;
				c0 = c1;
				c1 = c2;
			}
			if (n == 1)
				tok_push(out, f + a, i - a, os[a], oe[i - 1],
				    pos++, FO_TOK_GRAM, 1);
			else if (flags & FO_AN_TAILS)
				/* the run's last character (仓 of 海外仓) */
				tok_push(out, f + c0, c1 - c0, os[c0],
				    oe[c1 - 1], pos++, FO_TOK_GRAM, 1);
			i = c1;
		}
	}
	free(os);
	free(oe);
	return FO_OK;
}

enum fo_status
fo_segment_line(struct fo_analyzer *an, const char *text, size_t len,
    struct fo_buf *out)
{
	struct fo_tokens t = FO_TOKENS_INIT;
	enum fo_status st;
	size_t last = 0;
	int any = 0;

	st = fo_analyze(an, text, len, FO_AN_WORDS | FO_AN_PUNCT, &t);
	if (st != FO_OK)
		return st;
	for (size_t i = 0; i < t.n; i++) {
		size_t s = t.v[i].start > last ? t.v[i].start : last;

		if (s >= t.v[i].end)
			continue;
		if (any)
			fo_buf_putc(out, ' ');
		fo_buf_put(out, text + s, t.v[i].end - s);
		last = t.v[i].end;
		any = 1;
	}
	fo_tokens_release(&t);
	return FO_OK;
}

enum fo_status
fo_pinyin(struct fo_analyzer *an, const char *text, struct fo_buf *out)
{
#ifdef FO_WASM
	(void)an;
	(void)text;
	(void)out;
	return FO_EINTERNAL;	/* the index holds the vocabulary's pinyin */
#else
	enum fo_status st;
	size_t len;

	if (text == NULL)
		return FO_EINVAL;
	len = strlen(text);
	if (!fo_utf8_valid(text, len, NULL))
		return FO_EINVAL;
	if (an->pinyin == NULL && (st = fo_pinyin_open(&an->pinyin)) != FO_OK)
		return st;
	return fo_pinyin_run(an->pinyin, text, len, out);
#endif
}

const char *
fo_analyzer_fingerprint(struct fo_analyzer *an)
{
#ifdef FO_WASM
	return an->fixedfp;
#else
	UVersionInfo v;
	char icu[U_MAX_VERSION_STRING_LENGTH], uni[U_MAX_VERSION_STRING_LENGTH];
	uint64_t vh = FO_FNV_SEED;

	if (an->fixedfp != NULL)
		return an->fixedfp;
	for (size_t i = 0; i < an->nv; i++)
		vh = fo_fnv64(vh, an->vw[i], strlen(an->vw[i]) + 1);
	u_getVersion(v);
	u_versionToString(v, icu);
	u_getUnicodeVersion(v);
	u_versionToString(v, uni);
	fo_buf_reset(&an->fp);
	fo_buf_printf(&an->fp, "seg=%d lex=%016llx vocab=%016llx/%zu "
	    "norm=nfkc_cf opencc=%s icu=%s unicode=%s grams=2",
	    FO_SEG_VERSION, (unsigned long long)an->lex->hash,
	    (unsigned long long)vh, an->nv, FO_OPENCC_CHAIN, icu, uni);
	return an->fp.data;
#endif
}

#ifndef FO_WASM
enum fo_status
fo_analyzer_check_lexicon(struct fo_analyzer *an, char **errmsg)
{
	if (errmsg != NULL)
		*errmsg = NULL;
	if (an == NULL)
		return FO_EINVAL;
	if (an->lexpath == NULL)	/* a caller's lexicon: no file */
		return FO_OK;
	return fo_lexicon_verify(an->lex, an->lexpath, errmsg);
}
#endif

const struct fo_lexicon *
fo_analyzer_lexicon(const struct fo_analyzer *an)
{
	return an != NULL ? an->lex : NULL;
}
