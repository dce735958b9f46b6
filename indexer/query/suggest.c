/* indexer/query/suggest.c -- "did you mean": the vocabulary words, and
 * words by their pinyin keys, nearest to a query's words by edit
 * distance (search_int.h). */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "buf.h"
#include "search_int.h"
#include "utf8.h"
#include "vocab.h"

#define SUGGEST_MAX	5

struct sugg {
	const char *word;
	double	 d;
};

static void
sugg_offer(struct sugg *v, size_t *n, const char *word, double d)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i].word, word) == 0) {
			if (d < v[i].d)
				v[i].d = d;
			return;
		}
	v[(*n)++] = (struct sugg){ word, d };
}

static int
sugg_cmp(const void *a, const void *b)
{
	const struct sugg *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return strcmp(x->word, y->word);
}

/* Collect the plain words of the query (folded) into 'l'. */
static void
query_words(struct fo_analyzer *an, const struct fo_qast *a,
    struct fo_strlist *l)
{
	struct fo_buf f = FO_BUF_INIT;
	size_t i;

	if (a == NULL || a->mod == FO_QA_EXCLUDE)
		return;
	if (a->kind == FO_QA_WORD || a->kind == FO_QA_PHRASE) {
		if (fo_analyzer_fold(an, a->text, strlen(a->text), &f,
		    NULL) == FO_OK && f.len > 0)
			fo_strlist_add(l, f.data);
		fo_buf_release(&f);
		return;
	}
	for (i = 0; i < a->nkids; i++)
		query_words(an, a->kids[i], l);
}

void
fo__suggest(struct fo_analyzer *an, const struct fo_vocab *v,
    const struct fo_qast *a, struct fo_strlist *out)
{
	struct fo_strlist words = FO_STRLIST_INIT;
	size_t nv = fo_vocab_nwords(v), nk = fo_vocab_npinyin(v);
	struct sugg *c = fo_xcalloc(nv + nk + 1, sizeof *c);
	size_t i, j, n = 0;

	query_words(an, a, &words);
	for (i = 0; i < words.n; i++) {
		const char *q = words.v[i];
		size_t ql = fo_utf8_count(q, strlen(q)), d, lim;
		struct fo_buf letters = FO_BUF_INIT;
		const char *p;
		int ascii = 1;

		for (p = q; *p; p++) {
			if ((unsigned char)*p >= 0x80)
				ascii = 0;
			else if (*p >= 'a' && *p <= 'z')
				fo_buf_putc(&letters, *p);
		}
		lim = ql >= 6 ? ql / 3 : 1;
		for (j = 0; j < nv; j++) {
			const char *w = fo_vocab_word(v, j);

			d = fo_edit_distance(q, w);
			if (d <= lim && d < fo_utf8_count(w, strlen(w)))
				sugg_offer(c, &n, w, (double)d);
		}
		if (ascii && letters.len >= 2) {
			for (j = 0; j < nk; j++) {
				const char *key, *w;

				fo_vocab_pinyin_at(v, j, &key, &w);
				d = fo_edit_distance(letters.data, key);
				lim = letters.len >= 8 ? letters.len / 4 : 1;
				if (d <= lim)
					sugg_offer(c, &n, w, (double)d);
				else if (letters.len >= 3 &&
				    strncmp(key, letters.data, letters.len) == 0)
					/* a prefix: "kuajing" */
					sugg_offer(c, &n, w, 1.5 + 0.01 *
					    (double)(strlen(key) - letters.len));
			}
		}
		fo_buf_release(&letters);
	}
	qsort(c, n, sizeof *c, sugg_cmp);
	for (i = 0; i < n && out->n < SUGGEST_MAX; i++)
		fo_strlist_add(out, c[i].word);
	free(c);
	fo_strlist_release(&words);
}
