/* indexer/query/pinyin_rewrite.c -- plain ASCII query words that spell a
 * vocabulary word's pinyin become that word (fo_query_pinyin, query.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "query.h"
#include "schema.h"
#include "utf8.h"

/* ---- pinyin ------------------------------------------------------------- */

/* Is 's' made of ASCII letters (and apostrophes: xi'an)? */
static int
pinyin_word(const char *s)
{
	int letters = 0;

	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			letters++;
		else if (*s != '\'')
			return 0;
	}
	return letters > 0;
}

static void
pinyin_letters(const char *s, struct fo_buf *b)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			fo_buf_putc(b, *s - 'A' + 'a');
		else if (*s != '\'')
			fo_buf_putc(b, *s);
}

static int
is_plain_word(const struct fo_qast *a)
{
	return a->kind == FO_QA_WORD && a->mod == FO_QA_PLAIN &&
	    pinyin_word(a->text);
}

static int
word_is_term(const char *w, int (*is_term)(void *, const char *), void *ctx)
{
	struct fo_buf b = FO_BUF_INIT;
	int r;

	if (is_term == NULL)
		return 0;
	pinyin_letters(w, &b);
	r = is_term(ctx, b.data);
	fo_buf_release(&b);
	return r;
}

static void
interp_add(struct fo_buf *interp, const char *from, const char *to)
{
	if (interp == NULL)
		return;
	if (interp->len > 0)
		fo_buf_puts(interp, "; ");
	fo_buf_printf(interp, "%s → %s", from, to);
}

static int
pinyin_each(struct fo_qast *a, const struct fo_vocab *v,
    int (*is_term)(void *, const char *), void *ctx, struct fo_buf *interp)
{
	struct fo_buf b = FO_BUF_INIT;
	const char *w;
	size_t i;
	int done = 0;

	if (a->kind == FO_QA_AND || a->kind == FO_QA_OR) {
		for (i = 0; i < a->nkids; i++)
			done |= pinyin_each(a->kids[i], v, is_term, ctx, interp);
		return done;
	}
	if (a->kind != FO_QA_WORD || !pinyin_word(a->text) ||
	    word_is_term(a->text, is_term, ctx))
		return 0;
	pinyin_letters(a->text, &b);
	if ((w = fo_vocab_pinyin(v, b.data)) != NULL) {
		interp_add(interp, a->text, w);
		free(a->text);
		a->text = fo_xstrdup(w);
		done = 1;
	}
	fo_buf_release(&b);
	return done;
}

int
fo_query_pinyin(struct fo_qast *a, const struct fo_vocab *v,
    int (*is_term)(void *, const char *), void *ctx, struct fo_buf *interp)
{
	struct fo_buf key = FO_BUF_INIT, from = FO_BUF_INIT;
	const char *w;
	size_t i, j, nplain = 0, nterms = 0, first = 0;

	if (a == NULL || v == NULL)
		return 0;
	/* The whole query: one word, or a soft AND of plain words (and
	 * filters). */
	if (is_plain_word(a)) {
		nplain = 1;
		pinyin_letters(a->text, &key);
		fo_buf_puts(&from, a->text);
		nterms = word_is_term(a->text, is_term, ctx);
	} else if (a->kind == FO_QA_AND && a->soft && a->mod == FO_QA_PLAIN) {
		for (i = 0; i < a->nkids; i++) {
			if (a->kids[i]->kind == FO_QA_FILTER)
				continue;
			if (!is_plain_word(a->kids[i]))
				break;
			if (nplain++ == 0)
				first = i;
			else
				fo_buf_putc(&from, ' ');
			pinyin_letters(a->kids[i]->text, &key);
			fo_buf_puts(&from, a->kids[i]->text);
			nterms += word_is_term(a->kids[i]->text, is_term, ctx);
		}
		if (i < a->nkids)
			nplain = 0;
	}
	if (nplain > 0 && nterms < nplain &&
	    (w = fo_vocab_pinyin(v, key.data)) != NULL) {
		interp_add(interp, from.data, w);
		if (a->kind == FO_QA_WORD) {
			free(a->text);
			a->text = fo_xstrdup(w);
		} else {
			free(a->kids[first]->text);
			a->kids[first]->text = fo_xstrdup(w);
			for (i = j = 0; i < a->nkids; i++) {
				if (i != first && a->kids[i]->kind == FO_QA_WORD) {
					fo_qast_free(a->kids[i]);
					continue;
				}
				a->kids[j++] = a->kids[i];
			}
			a->nkids = j;
			if (a->nkids == 1) {
				/* collapse AND~(x) into x */
				struct fo_qast *k = a->kids[0];

				free(a->kids);
				*a = *k;
				free(k);
			}
		}
		fo_buf_release(&key);
		fo_buf_release(&from);
		return 1;
	}
	fo_buf_release(&key);
	fo_buf_release(&from);
	return pinyin_each(a, v, is_term, ctx, interp);
}
