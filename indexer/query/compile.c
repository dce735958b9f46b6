/* indexer/query/compile.c -- a parsed query (fo_qast) to the fo_qnode
 * tree search.c runs: analysis of each word into its words, bigram
 * phrase and spellings, the weights, filters, stop words and the soft
 * (AND_MAYBE) lists of query.h's matching rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "query.h"
#include "schema.h"
#include "utf8.h"

/* Weights of the parts of one word's query (see query.h, point 3). */
#define W_WORDS		1.0	/* the segmented words (scattered lane) */
#define W_GRAMS		2.0	/* the bigram phrase: contiguous only */
#define W_TITLE		1.5	/* title words, on top of either */

/* An op node over 'kids', or the one kid itself, or NULL for none. */
static struct fo_qnode *
mk(enum fo_qop op, struct fo_qnode **kids, size_t n)
{
	struct fo_qnode *q;
	size_t i;

	if (n == 0)
		return NULL;
	if (n == 1 && op != FO_Q_PHRASE)
		return kids[0];
	q = fo_qnode_new(op, NULL);
	for (i = 0; i < n; i++)
		fo_qnode_add(q, kids[i]);
	return q;
}

static struct fo_qnode *
scale(struct fo_qnode *q, double s)
{
	struct fo_qnode *n;

	if (q == NULL || s == 1.0)
		return q;
	n = fo_qnode_new(FO_Q_SCALE, NULL);
	n->scale = s;
	return fo_qnode_add(n, q);
}

static struct fo_qnode *
two(enum fo_qop op, struct fo_qnode *a, struct fo_qnode *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return fo_qnode_add(fo_qnode_add(fo_qnode_new(op, NULL), a), b);
}

/* ---- compiling ---------------------------------------------------------- */

static const char *const stopwords[] = {
	"的", "和", "与", "及", "等", "在", "对", "为", "了", "是", "之",
	"或", "并", "其", "将", "把", "被", "中", "上", "以及", "和的",
	/* a question's frame: readers type questions, the text answers
	   them without these words (query.h) */
	"怎样", "怎么", "如何", "哪些", "什么", "是否", "有没有", "需要",
	"吗", "呢", "多少", "为什么", "可以", "能否", "能不能", "哪里",
	"哪个", "有哪些", "谁", "要求", "吧", "啊", "我", "我们", "想",
	"请问", "怎么办", "有", "没有", "给", "去", "要", "会", "该"
};

int
fo_query_stopword(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
		if (strcmp(w, stopwords[i]) == 0)
			return 1;
	return 0;
}

struct cctx {
	struct fo_analyzer *an;
	const struct fo_vocab *v;
	int	 loose;
	int	 neg;		/* inside an exclusion: no needles */
	struct fo_qexplain *ex;
	enum fo_status st;
	int	(*has)(void *ctx, const struct fo_qnode *q);
	void	*hctx;
	int	 scatter;	/* this word: segments anywhere (no contiguous match) */
};

#define EX_ADD(c, field, s) do {					\
	if ((c)->ex != NULL && (s) != NULL && *(s) != '\0')		\
		fo_strlist_add(&(c)->ex->field, (s));			\
} while (0)

static size_t
u8chars(const char *s)
{
	return fo_utf8_count(s, strlen(s));
}

/* Remove ASCII spaces that touch a non-ASCII character ("外贸 新业态"
 * is the phrase 外贸新业态; "free trade" keeps its space). */
static char *
squeeze_han_spaces(const char *s)
{
	size_t n = strlen(s), i, j;
	char *o = fo_xmalloc(n + 1);

	for (i = j = 0; i < n; i++) {
		if (s[i] == ' ') {
			size_t k = i;

			while (k < n && s[k] == ' ')
				k++;
			if ((j > 0 && (unsigned char)o[j - 1] >= 0x80) ||
			    (k < n && (unsigned char)s[k] >= 0x80)) {
				i = k - 1;
				continue;
			}
		}
		o[j++] = s[i];
	}
	o[j] = '\0';
	return o;
}

static struct fo_qnode *
term(const char *prefix, const char *t)
{
	struct fo_buf b = FO_BUF_INIT;
	struct fo_qnode *q;

	fo_buf_puts(&b, prefix);
	fo_buf_puts(&b, t);
	q = fo_qnode_new(FO_Q_TERM, b.data);
	fo_buf_release(&b);
	return q;
}

/*
 * The word lane's hold on digits and Latin letters: a PHRASE of each two
 * neighbouring words (no gap) of which one is not Han, ANDed; NULL if
 * none.  The bigram phrase has only the Han characters, so without this
 * 8万亿元 would match every 万亿元 and RCEP协定 every 协定.  All words
 * count, stopwords too: the index has them all.
 */
static struct fo_qnode *
pin_words(const struct fo_tokens *tk)
{
	const struct fo_token *prev = NULL, *t;
	struct fo_qnode *all = NULL, *ph;
	size_t i;

	for (i = 0; i < tk->n; i++) {
		t = &tk->v[i];
		if (t->kind != FO_TOK_WORD)
			continue;
		if (prev != NULL && t->pos == prev->pos + 1 &&
		    (!t->han || !prev->han)) {
			ph = fo_qnode_new(FO_Q_PHRASE, NULL);
			fo_qnode_add(ph, term(FO_PREFIX_WORD, prev->term));
			fo_qnode_add(ph, term(FO_PREFIX_WORD, t->term));
			if (all != NULL && all->op == FO_Q_AND)
				fo_qnode_add(all, ph);
			else
				all = two(FO_Q_AND, all, ph);
		}
		prev = t;
	}
	return all;
}

/*
 * One spelling 's' (folded) of a query word.  'phrase': exact text only.
 */
static struct fo_qnode *
compile_spelling(struct cctx *c, const char *s, int phrase)
{
	struct fo_tokens tk = FO_TOKENS_INIT;
	struct fo_qnode **words = NULL, **titles = NULL, **runs = NULL,
	    **latin = NULL, **cur = NULL;
	struct fo_qnode *wq, *gq, *match, *boost;
	struct fo_buf seg = FO_BUF_INIT;
	size_t i, nw = 0, nt = 0, nr = 0, nl = 0, ncur = 0, ncontent = 0;
	size_t nmulti = 0;
	char *single;	/* words[i] is a one-character Han word */
	unsigned lastpos = 0;
	int all_stop = 1;

	if (fo_analyze(c->an, s, strlen(s), FO_AN_WORDS | FO_AN_GRAMS,
	    &tk) != FO_OK) {
		c->st = FO_EINVAL;
		return NULL;
	}
	for (i = 0; i < tk.n; i++)
		if (tk.v[i].kind == FO_TOK_WORD && !fo_query_stopword(tk.v[i].term))
			all_stop = 0;
	words = fo_xcalloc(tk.n + 1, sizeof *words);
	titles = fo_xcalloc(tk.n + 1, sizeof *titles);
	runs = fo_xcalloc(tk.n + 1, sizeof *runs);
	latin = fo_xcalloc(tk.n + 1, sizeof *latin);
	cur = fo_xcalloc(tk.n + 1, sizeof *cur);
	single = fo_xcalloc(tk.n + 1, 1);
	fo_buf_printf(&seg, "%s →", s);
	for (i = 0; i < tk.n; i++) {
		const struct fo_token *t = &tk.v[i];

		if (t->kind == FO_TOK_GRAM) {
			if (ncur > 0 && t->pos != lastpos + 1) {
				runs[nr++] = mk(FO_Q_PHRASE, cur, ncur);
				ncur = 0;
			}
			cur[ncur++] = term(FO_PREFIX_GRAM, t->term);
			lastpos = t->pos;
			continue;
		}
		fo_buf_printf(&seg, " %s", t->term);
		if (!phrase && !all_stop && fo_query_stopword(t->term)) {
			EX_ADD(c, dropped, t->term);
			continue;
		}
		ncontent++;
		if (!t->han || u8chars(t->term) > 1)
			nmulti++;
		else
			single[nw] = 1;
		words[nw++] = term(FO_PREFIX_WORD, t->term);
		titles[nt++] = term(FO_PREFIX_TITLE, t->term);
		if (!t->han)
			latin[nl++] = term(FO_PREFIX_WORD, t->term);
		else if (u8chars(t->term) == 1 && !phrase && c->scatter) {
			/* a one-character word: any bigram starting with it.
			   Only where words decide the match (scattered): as a
			   boost beside the contiguous bigram phrase, a wildcard
			   over every B<x>* term costs more than the rest of
			   the query (at 10,000 poems most of it) and adds
			   little; the phrase already holds the character. */
			struct fo_qnode *wc = term(FO_PREFIX_GRAM, t->term);

			wc->op = FO_Q_WILDCARD;
			words[nw - 1] = two(FO_Q_OR, words[nw - 1], wc);
		}
		if (!c->neg && (!t->han || u8chars(t->term) > 1))
			EX_ADD(c, needles, t->term);
	}
	if (ncur > 0)
		runs[nr++] = ncur == 1 ? cur[0] : mk(FO_Q_PHRASE, cur, ncur);
	/* a one-gram "phrase" is just the term */
	for (i = 0; i < nr; i++)
		if (runs[i]->op == FO_Q_PHRASE && runs[i]->nkids == 1) {
			struct fo_qnode *k = runs[i]->kids[0];

			runs[i]->nkids = 0;
			fo_qnode_free(runs[i]);
			runs[i] = k;
		}
	/* a lone character (个 of 500个): any gram starting with it, as
	   the page has it inside a longer run (500个较大) */
	for (i = 0; i < nr; i++)
		if (runs[i]->op == FO_Q_TERM && u8chars(runs[i]->term + 1) == 1)
			runs[i]->op = FO_Q_WILDCARD;
	EX_ADD(c, segments, seg.data);
	if (!c->neg)
		EX_ADD(c, needles, s);
	/* Loosening one word to any of its segments is only worth it for
	 * two or more real words ("推动跨境电商发展"); a typo like 跨境电伤
	 * should not fall back to everything with 跨境 or 伤. */
	if (c->ex != NULL && nmulti > 1 && !phrase)
		c->ex->loosenable = 1;

	gq = mk(FO_Q_AND, runs, nr);
	if (gq != NULL) {
		/* contiguous means the digits and Latin words too */
		struct fo_qnode *pins = pin_words(&tk);

		if (pins != NULL && gq->op == FO_Q_AND)
			gq = fo_qnode_add(gq, pins);
		else
			gq = two(FO_Q_AND, gq, pins);
	}
	if (phrase) {
		/* exact: the bigram phrase(s), and Latin words in order */
		struct fo_qnode *lq = nl > 1 ? mk(FO_Q_PHRASE, latin, nl) :
		    mk(FO_Q_AND, latin, nl);

		match = two(FO_Q_AND, gq, lq);
		wq = mk(FO_Q_AND, words, nw);
		if (match == NULL)
			match = wq, wq = NULL;
		else if (wq != NULL)
			match = two(FO_Q_AND_MAYBE, match, wq);
	} else {
		for (i = 0; i < nl; i++)
			fo_qnode_free(latin[i]);
		if (c->loose && nmulti > 1) {
			size_t j = 0;

			for (i = 0; i < nw; i++)
				if (single[i])
					fo_qnode_free(words[i]);
				else
					words[j++] = words[i];
			wq = mk(FO_Q_OR, words, j);
		} else
			wq = mk(FO_Q_AND, words, nw);
		if (c->scatter || gq == NULL)
			match = two(FO_Q_OR, scale(wq, W_WORDS),
			    scale(gq, W_GRAMS));
		else	/* contiguous only; the words boost */
			match = two(FO_Q_AND_MAYBE, scale(gq, W_GRAMS),
			    scale(wq, W_WORDS));
	}
	boost = scale(mk(FO_Q_OR, titles, nt), W_TITLE);
	match = two(FO_Q_AND_MAYBE, match, boost);

	fo_buf_release(&seg);
	free(words);
	free(titles);
	free(runs);
	free(latin);
	free(cur);
	free(single);
	fo_tokens_release(&tk);
	return match;
}

static struct fo_qnode *compile_word1(struct cctx *c, const char *text,
    int phrase);

/*
 * A word matches where it occurs contiguously; if it occurs nowhere so
 * (c->has says), where its segments all occur, and ex->loose says so.
 */
static struct fo_qnode *
compile_word(struct cctx *c, const char *text, int phrase)
{
	struct fo_qnode *q = compile_word1(c, text, phrase), *loose;
	struct fo_buf f = FO_BUF_INIT;

	if (q == NULL || phrase || c->has == NULL || c->neg || c->scatter ||
	    c->has(c->hctx, q))
		return q;
	c->scatter = 1;
	loose = compile_word1(c, text, phrase);
	c->scatter = 0;
	if (loose == NULL || !c->has(c->hctx, loose)) {
		fo_qnode_free(loose);	/* nothing either way */
		return q;
	}
	fo_qnode_free(q);
	q = loose;
	if (c->ex != NULL && fo_analyzer_fold(c->an, text, strlen(text), &f,
	    NULL) == FO_OK)
		fo_strlist_add(&c->ex->loose, f.data);
	fo_buf_release(&f);
	return q;
}

static struct fo_qnode *
compile_word1(struct cctx *c, const char *text, int phrase)
{
	struct fo_buf f = FO_BUF_INIT;
	struct fo_qnode **alts, *q;
	const char *const *grp = NULL;
	char *sq = NULL;
	size_t n = 0, i, na = 0;

	if (phrase)
		text = sq = squeeze_han_spaces(text);
	if (fo_analyzer_fold(c->an, text, strlen(text), &f, NULL) != FO_OK) {
		c->st = FO_EINVAL;
		free(sq);
		return NULL;
	}
	if (strcmp(f.data, text) != 0 && c->ex != NULL) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_printf(&m, "%s → %s", text, f.data);
		fo_strlist_add(&c->ex->folds, m.data);
		fo_buf_release(&m);
	}
	if (!phrase)
		grp = fo_vocab_group(c->v, f.data, &n);
	if (grp == NULL) {
		q = compile_spelling(c, f.data, phrase);
		fo_buf_release(&f);
		free(sq);
		return q;
	}
	alts = fo_xcalloc(n, sizeof *alts);
	for (i = 0; i < n; i++) {
		if (strcmp(grp[i], f.data) != 0 && !c->neg && c->ex != NULL)
			fo_strlist_add(&c->ex->also, grp[i]);
		if ((q = compile_spelling(c, grp[i], 0)) != NULL)
			alts[na++] = q;
	}
	q = mk(FO_Q_OR, alts, na);
	free(alts);
	fo_buf_release(&f);
	free(sq);
	return q;
}

static struct fo_qnode *compile_node(struct cctx *c, const struct fo_qast *a);

static struct fo_qnode *
filter_term(struct cctx *c, const struct fo_qast *a)
{
	struct fo_buf f = FO_BUF_INIT;
	struct fo_qnode *q;

	int k = fo_filter_find(a->field, strlen(a->field));

	if (k != FO_FILTER_TAG)	/* kind, section, clause: as checked */
		return term(fo_filter_prefix((enum fo_filter)k), a->text);
	if (fo_analyzer_fold(c->an, a->text, strlen(a->text), &f, NULL) != FO_OK) {
		c->st = FO_EINVAL;
		return NULL;
	}
	q = term(FO_PREFIX_TAG, f.data);
	fo_buf_release(&f);
	return q;
}

/* Is this a plain query word that is only a stopword? */
static int
stop_kid(struct cctx *c, const struct fo_qast *a)
{
	struct fo_buf f = FO_BUF_INIT;
	int r;

	if (a->kind != FO_QA_WORD || a->mod == FO_QA_REQUIRE)
		return 0;
	if (fo_analyzer_fold(c->an, a->text, strlen(a->text), &f, NULL) != FO_OK)
		return 0;
	r = fo_query_stopword(f.data);
	fo_buf_release(&f);
	return r;
}

/* An AND list (or a lone node treated as one). */
static struct fo_qnode *
compile_list(struct cctx *c, struct fo_qast *const *kids, size_t n, int soft)
{
	struct fo_qnode **pos, **req, **neg, *base, *q;
	struct fo_qnode *ffield[FO_NFILTERS] = { NULL, NULL, NULL, NULL };
	struct fo_qnode **fneg;
	size_t i, k, np = 0, nr = 0, nn = 0, nfn = 0, nstop = 0, nplain = 0;
	size_t nhoist = 0;

	pos = fo_xcalloc(n + 1, sizeof *pos);
	req = fo_xcalloc(n + 1, sizeof *req);
	neg = fo_xcalloc(n + 1, sizeof *neg);
	fneg = fo_xcalloc(n + 1, sizeof *fneg);
	for (i = 0; i < n; i++)
		if (kids[i]->kind != FO_QA_FILTER && kids[i]->mod != FO_QA_EXCLUDE) {
			nplain++;
			nstop += stop_kid(c, kids[i]);
		}
	for (i = 0; i < n; i++) {
		const struct fo_qast *a = kids[i];

		if (a->kind == FO_QA_FILTER) {
			if (c->neg == 0) {
				nhoist++;	/* applied by fo_query_compile() */
				continue;
			}
			q = filter_term(c, a);
			if (q == NULL)
				continue;
			if (a->mod == FO_QA_EXCLUDE) {
				fneg[nfn++] = q;
				continue;
			}
			k = (size_t)fo_filter_find(a->field, strlen(a->field));
			ffield[k] = two(FO_Q_OR, ffield[k], q);
			continue;
		}
		if (a->mod == FO_QA_EXCLUDE) {
			c->neg++;
			q = compile_node(c, a);
			c->neg--;
			if (q != NULL)
				neg[nn++] = q;
			continue;
		}
		if (nstop < nplain && stop_kid(c, a)) {
			if (c->ex != NULL)
				fo_strlist_add(&c->ex->dropped, a->text);
			continue;
		}
		q = compile_node(c, a);
		if (q == NULL)
			continue;
		if (a->mod == FO_QA_REQUIRE)
			req[nr++] = q;
		else
			pos[np++] = q;
	}
	if (nplain > 0 && np + nr == 0 && nn == 0 && c->st == FO_OK)
		c->st = FO_EINVAL;	/* only punctuation or symbols */
	if (soft && c->ex != NULL && np >= 1 && np + nr >= 2)
		c->ex->loosenable = 1;
	if (soft && c->loose) {
		base = mk(FO_Q_OR, pos, np);
		base = two(FO_Q_AND_MAYBE, mk(FO_Q_AND, req, nr), base);
	} else {
		for (i = 0; i < nr; i++)
			pos[np++] = req[i];
		base = mk(FO_Q_AND, pos, np);
	}
	if (base == NULL && nn == 0 && nhoist > 0)
		goto out;	/* only filters: nothing here */
	if (base == NULL)
		base = fo_qnode_new(FO_Q_ALL, NULL);
	if (nn > 0) {
		q = fo_qnode_new(FO_Q_AND_NOT, NULL);
		fo_qnode_add(q, base);
		for (i = 0; i < nn; i++)
			fo_qnode_add(q, neg[i]);
		base = q;
	}
	{
		struct fo_qnode *f[FO_NFILTERS];
		size_t nf = 0;

		for (k = 0; k < FO_NFILTERS; k++)
			if (ffield[k] != NULL)
				f[nf++] = ffield[k];
		if (nf > 0)
			base = two(FO_Q_FILTER, base, mk(FO_Q_AND, f, nf));
	}
	if (nfn > 0) {
		q = fo_qnode_new(FO_Q_AND_NOT, NULL);
		fo_qnode_add(q, base);
		for (i = 0; i < nfn; i++)
			fo_qnode_add(q, fneg[i]);
		base = q;
	}
out:
	free(pos);
	free(req);
	free(neg);
	free(fneg);
	return base;
}

/* Compile 'a' ignoring its own modifier. */
static struct fo_qnode *
compile_node(struct cctx *c, const struct fo_qast *a)
{
	struct fo_qnode **kids, *q;
	size_t i, n = 0;

	switch (a->kind) {
	case FO_QA_WORD:
		return compile_word(c, a->text, 0);
	case FO_QA_PHRASE:
		return compile_word(c, a->text, 1);
	case FO_QA_FILTER:
		return filter_term(c, a);
	case FO_QA_AND:
		return compile_list(c, a->kids, a->nkids, a->soft);
	case FO_QA_OR:
		kids = fo_xcalloc(a->nkids + 1, sizeof *kids);
		for (i = 0; i < a->nkids; i++) {
			if (a->kids[i]->kind == FO_QA_FILTER && c->neg == 0)
				continue;	/* hoisted */
			if (a->kids[i]->mod == FO_QA_EXCLUDE ||
			    a->kids[i]->kind == FO_QA_FILTER)
				q = compile_list(c, &a->kids[i], 1, 1);
			else
				q = compile_node(c, a->kids[i]);
			if (q != NULL)
				kids[n++] = q;
		}
		q = mk(FO_Q_OR, kids, n);
		free(kids);
		return q;
	}
	return NULL;
}

/* The filters of a whole query: same field ORed, fields ANDed, and the
 * excluded ones. */
struct filters {
	struct fo_qnode	 *field[FO_NFILTERS];	/* by enum fo_filter */
	struct fo_qnode	 *neg;		/* OR of the excluded ones */
};

/*
 * Collect every filter of 'a' that is not inside an exclusion: filters
 * apply to the whole query, as Xapian's boolean prefixes do, so
 * "a OR b kind:glossary" is glossary entries with a or b.  Filters
 * inside an exclusion ("NOT (a kind:clause)") stay where they are.
 */
static void
hoist_filters(struct cctx *c, const struct fo_qast *a, struct filters *f)
{
	struct fo_qnode *q;
	size_t i, k;

	if (a->kind == FO_QA_FILTER) {
		if ((q = filter_term(c, a)) == NULL)
			return;
		if (a->mod == FO_QA_EXCLUDE) {
			f->neg = two(FO_Q_OR, f->neg, q);
			return;
		}
		k = (size_t)fo_filter_find(a->field, strlen(a->field));
		f->field[k] = two(FO_Q_OR, f->field[k], q);
		return;
	}
	if (a->mod == FO_QA_EXCLUDE)
		return;
	if (a->kind == FO_QA_AND || a->kind == FO_QA_OR)
		for (i = 0; i < a->nkids; i++)
			hoist_filters(c, a->kids[i], f);
}

/* 'q' (NULL: every page) restricted by 'f', which it takes over. */
static struct fo_qnode *
apply_filters(struct fo_qnode *q, struct filters *f)
{
	struct fo_qnode *v[FO_NFILTERS];
	size_t k, n = 0;

	for (k = 0; k < FO_NFILTERS; k++)
		if (f->field[k] != NULL)
			v[n++] = f->field[k];
	if (n == 0 && f->neg == NULL)
		return q;
	if (q == NULL)
		q = fo_qnode_new(FO_Q_ALL, NULL);
	if (n > 0)
		q = two(FO_Q_FILTER, q, mk(FO_Q_AND, v, n));
	if (f->neg != NULL) {
		struct fo_qnode *an = fo_qnode_new(FO_Q_AND_NOT, NULL);
		size_t i;

		fo_qnode_add(an, q);
		if (f->neg->op == FO_Q_OR) {
			for (i = 0; i < f->neg->nkids; i++)
				fo_qnode_add(an, f->neg->kids[i]);
			f->neg->nkids = 0;
			fo_qnode_free(f->neg);
		} else
			fo_qnode_add(an, f->neg);
		q = an;
	}
	return q;
}

enum fo_status
fo_query_compile(const struct fo_qast *a, struct fo_analyzer *an,
    const struct fo_vocab *v, int loose, struct fo_qexplain *ex,
    struct fo_qnode **out)
{
	return fo_query_compile_checked(a, an, v, loose, NULL, NULL, ex, out);
}

enum fo_status
fo_query_compile_checked(const struct fo_qast *a, struct fo_analyzer *an,
    const struct fo_vocab *v, int loose,
    int (*has)(void *ctx, const struct fo_qnode *q), void *ctx,
    struct fo_qexplain *ex, struct fo_qnode **out)
{
	struct cctx c = { an, v, loose, 0, ex, FO_OK, has, ctx, 0 };
	struct filters f = { { NULL, NULL, NULL, NULL }, NULL };
	struct fo_qnode *q;

	if (out != NULL)
		*out = NULL;
	if (a == NULL || an == NULL || out == NULL)
		return FO_EINVAL;
	hoist_filters(&c, a, &f);
	if (a->kind == FO_QA_AND)
		q = compile_node(&c, a);
	else
		q = compile_list(&c, (struct fo_qast *const *)&a, 1, 1);
	q = apply_filters(q, &f);
	if (c.st != FO_OK) {
		fo_qnode_free(q);
		return c.st;
	}
	if (q == NULL)
		return FO_EINVAL;
	*out = q;
	return FO_OK;
}
