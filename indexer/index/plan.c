/* indexer/index/plan.c -- the plan of one page's Xapian document: its
 * terms, positions, values and data, hashed as it grows, and the hash of
 * its input (index_int.h).
 *
 * Document layout (one document per page; the prefixes: schema.h):
 *   Q<id>             id term
 *   K<kind>           "Kclause" ...
 *   C<n>              a clause: its own number; any page: every clause it
 *                     cites (annotation front matter `clauses:` and
 *                     clause:N links in the body).  A section page gets
 *                     no C terms for the clauses it contains -- filter
 *                     sections with G<n> -- so "C4" means exactly "clause
 *                     4 and the pages that cite it".
 *   G<n>              a clause's section, a section's own number, and
 *                     the sections of every clause/section the page cites
 *   T<tag>            annotation tags, folded (NFKC, casefold, t2s)
 *   <word>, B<gram>   fo_analyze() of the title pieces then the body
 *                     (grams with FO_AN_TAILS: a run's last character too);
 *                     positions only where a query phrases them: bigrams,
 *                     non-Han words and a Han word next to one (see
 *                     word_needs_pos()); pieces are separated by a gap of
 *                     PIECE_GAP positions so no phrase spans two pieces
 *   S<word>           words of the title pieces, no positions (a boost)
 * Title pieces: the label ("（四）发展外贸新业态") for clauses and sections,
 * the title for the others, plus a glossary entry's aliases and English
 * name (`en`).  Title words
 * and grams get wdf TITLE_WDF (body: 1), so a title match weighs more.
 * A preamble's issuers are indexed as body text.
 * Values: 0 kind name, 1 number as two digits ("04"; "" if none),
 * 2 content hash (16 hex digits, FNV-1a 64 over every term, position,
 * wdf, value and the data), compared to skip unchanged pages.
 * Data: fo_docinfo_encode().
 *
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "index.h"
#include "index_int.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

#define TITLE_WDF	3
#define PIECE_GAP	100

/* Part of every page's input hash: bump it when plan_page() changes what
 * a page's fields give (terms, positions, wdf, values, data), so that an
 * incremental build analyses every page again. */
#define PLAN_VERSION	3	/* 3: terms up to FO_TERM_MAX (245) bytes, was 240 */

static void
hash_bytes(uint64_t *h, const void *p, size_t n)
{
	*h = fo_fnv64(*h, p, n);
}

static void
hash_uint(uint64_t *h, unsigned u)
{
	unsigned char b[4] = { u >> 24, u >> 16, u >> 8, u };

	hash_bytes(h, b, sizeof b);
}

void
fo__plan_init(struct plan *pl)
{
	memset(pl, 0, sizeof *pl);
	pl->h = FO_FNV_SEED;
}

void
fo__plan_release(struct plan *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		free(pl->v[i].term);
	free(pl->v);
	free(pl->data);
	fo_xdoc_free(pl->xd);
	free(pl->err);
	memset(pl, 0, sizeof *pl);
}

/* Add 'prefix' + 'term' (term 'len' bytes); a term the index cannot
 * hold (fo_term_fits()) is dropped. */
static void
plan_add(struct plan *pl, const char *prefix, const char *term, size_t len,
    unsigned pos, unsigned wdf)
{
	char *t;

	if (!fo_term_fits(prefix, len))
		return;
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 64;
		pl->v = fo_xreallocarray(pl->v, pl->cap, sizeof *pl->v);
	}
	t = fo_term_new(prefix, term, len);
	pl->v[pl->n].term = t;
	pl->v[pl->n].pos = pos;
	pl->v[pl->n].wdf = wdf;
	pl->n++;
	hash_bytes(&pl->h, t, strlen(prefix) + len + 1);
	hash_uint(&pl->h, pos);
	hash_uint(&pl->h, wdf);
}

static void
plan_bool(struct plan *pl, const char *prefix, const char *term)
{
	plan_add(pl, prefix, term, strlen(term), UINT_MAX, 0);
}

static void
plan_boolf(struct plan *pl, const char *prefix, int n)
{
	char *t = fo_term_number(FO_PREFIX_WORD, n);

	plan_add(pl, prefix, t, strlen(t), UINT_MAX, 0);
	free(t);
}

/* ---- analysis ------------------------------------------------------ */

struct posbase {
	unsigned w, g;		/* next free word / gram position */
};

/* The word of toks->v[i] needs its position only for the query's
 * phrases: Latin words and numbers in order ("rcep 协定", 8 万亿), and
 * pin_words() in query.c, which phrases a Han word with a neighbouring
 * word that is not Han.  A Han word between Han words takes no position:
 * contiguity of Han text is the bigram phrase's job.  Positions are about
 * half of the index, and most words are Han. */
static int
word_needs_pos(const struct fo_tokens *toks, size_t i)
{
	const struct fo_token *t = &toks->v[i];
	size_t j;

	if (!t->han)
		return 1;
	for (j = i; j-- > 0; )	/* the previous word */
		if (toks->v[j].kind == FO_TOK_WORD) {
			if (!toks->v[j].han && toks->v[j].pos + 1 == t->pos)
				return 1;
			break;
		}
	for (j = i + 1; j < toks->n; j++)	/* the next word */
		if (toks->v[j].kind == FO_TOK_WORD) {
			if (!toks->v[j].han && toks->v[j].pos == t->pos + 1)
				return 1;
			break;
		}
	return 0;
}

/* Analyse one piece of text into 'pl'; title pieces also give S terms. */
static enum fo_status
plan_text(struct plan *pl, struct fo_analyzer *an, const char *text,
    int title, struct posbase *pb)
{
	struct fo_tokens toks = FO_TOKENS_INIT;
	unsigned maxw = 0, maxg = 0, wdf = title ? TITLE_WDF : 1;
	int anyw = 0, anyg = 0;
	enum fo_status st;
	size_t i;

	if (text == NULL || *text == '\0')
		return FO_OK;
	st = fo_analyze(an, text, strlen(text), FO_AN_WORDS | FO_AN_GRAMS |
	    FO_AN_TAILS, &toks);
	if (st != FO_OK) {
		fo_tokens_release(&toks);
		return st;
	}
	for (i = 0; i < toks.n; i++) {
		const struct fo_token *t = &toks.v[i];
		size_t len = strlen(t->term);

		if (t->kind == FO_TOK_GRAM) {
			/* only bigrams take part in phrases */
			plan_add(pl, FO_PREFIX_GRAM, t->term, len,
			    fo_utf8_count(t->term, len) == 2 ?
			    pb->g + t->pos : UINT_MAX, wdf);
			if (t->pos > maxg)
				maxg = t->pos;
			anyg = 1;
		} else {
			plan_add(pl, FO_PREFIX_WORD, t->term, len, word_needs_pos(&toks, i) ?
			    pb->w + t->pos : UINT_MAX, wdf);
			if (title)	/* a boost only: no phrases */
				plan_add(pl, FO_PREFIX_TITLE, t->term, len, UINT_MAX, 1);
			if (t->pos > maxw)
				maxw = t->pos;
			anyw = 1;
		}
	}
	if (anyw)
		pb->w += maxw + 1 + PIECE_GAP;
	if (anyg)
		pb->g += maxg + 1 + PIECE_GAP;
	fo_tokens_release(&toks);
	return FO_OK;
}

/* Clause n's section; 0 if there is no such clause. */
static int
section_of_clause(const struct fo_content *c, int n)
{
	return n >= 1 && n <= FO_NCLAUSES && c->clauses[n] != NULL ?
	    c->clauses[n]->section : 0;
}

static void
cite_clause(const struct fo_content *c, int n, char *cl, char *sec)
{
	int g = section_of_clause(c, n);

	if (n < 1 || n > FO_NCLAUSES)
		return;
	cl[n] = 1;
	if (g >= 1 && g <= FO_NSECTIONS)
		sec[g] = 1;
}

/* ---- the input hash -------------------------------------------------- */

static void
hash_str(uint64_t *h, const char *s)
{
	if (s == NULL) {
		hash_uint(h, UINT_MAX);	/* NULL differs from "" */
		return;
	}
	hash_uint(h, (unsigned)strlen(s));
	hash_bytes(h, s, strlen(s));
}

static void
hash_strv(uint64_t *h, char *const *v, size_t n)
{
	hash_uint(h, (unsigned)n);
	for (size_t i = 0; i < n; i++)
		hash_str(h, v[i]);
}

/*
 * Everything plan_page() reads, hashed: the page's own fields and what it
 * takes from other pages (the sections of the clauses it cites, a
 * clause's section label).  Equal to the stored FO_SLOT_INPUT (and the
 * same analyzer: the fingerprint decides incremental at all), the page's
 * document cannot differ, so it is not analysed again.  Whoever makes
 * plan_page() read something new adds it here; test_index edits every
 * kind of input and checks the page is analysed again.
 */
uint64_t
fo__input_hash(const struct fo_content *c, const struct fo_page *p)
{
	uint64_t h = FO_FNV_SEED;
	size_t i;

	hash_uint(&h, PLAN_VERSION);
	hash_uint(&h, (unsigned)p->kind);
	hash_uint(&h, (unsigned)p->number);
	hash_uint(&h, (unsigned)p->section);
	hash_str(&h, p->id);
	hash_str(&h, p->url);
	hash_str(&h, p->title);
	hash_str(&h, p->label);
	hash_str(&h, p->en);
	hash_str(&h, p->text);
	hash_strv(&h, p->aliases, p->naliases);
	hash_strv(&h, p->issuers, p->nissuers);
	hash_strv(&h, p->tags, p->ntags);
	hash_uint(&h, (unsigned)p->nclauses);
	for (i = 0; i < p->nclauses; i++) {
		hash_uint(&h, (unsigned)p->clauses[i]);
		hash_uint(&h, (unsigned)section_of_clause(c, p->clauses[i]));
	}
	hash_uint(&h, (unsigned)p->nlinks);
	for (i = 0; i < p->nlinks; i++) {
		hash_uint(&h, (unsigned)p->links[i].kind);
		hash_uint(&h, (unsigned)p->links[i].number);
		hash_uint(&h, (unsigned)section_of_clause(c,
		    p->links[i].number));
	}
	hash_uint(&h, (unsigned)section_of_clause(c, p->number));
	hash_str(&h, p->section >= 1 && p->section <= FO_NSECTIONS &&
	    c->sections[p->section] != NULL ?
	    c->sections[p->section]->label : NULL);
	return h;
}

/* Everything page 'p' contributes, into 'pl'. */
static enum fo_status
plan_page(struct plan *pl, const struct fo_content *c, const struct fo_page *p,
    struct fo_analyzer *an)
{
	char cl[FO_NCLAUSES + 1] = { 0 }, sec[FO_NSECTIONS + 1] = { 0 };
	struct fo_buf b = FO_BUF_INIT;
	struct posbase pb = { 0, 0 };
	struct fo_docinfo di;
	enum fo_status st;
	const char **pv;
	size_t i, np, ntitle;
	int n;

	fo__plan_init(pl);
	snprintf(pl->kind, sizeof pl->kind, "%s", fo_kind_name(p->kind));
	if (p->number > 0)
		snprintf(pl->number, sizeof pl->number, "%02d", p->number);
	plan_bool(pl, FO_PREFIX_KIND, pl->kind);

	/* filters */
	if (p->kind == FO_KIND_CLAUSE)
		cite_clause(c, p->number, cl, sec);
	if (p->section >= 1 && p->section <= FO_NSECTIONS &&
	    (p->kind == FO_KIND_CLAUSE || p->kind == FO_KIND_SECTION))
		sec[p->section] = 1;
	for (i = 0; i < p->nclauses; i++)
		cite_clause(c, p->clauses[i], cl, sec);
	for (i = 0; i < p->nlinks; i++) {
		if (p->links[i].kind == FO_LINK_CLAUSE)
			cite_clause(c, p->links[i].number, cl, sec);
		else if (p->links[i].kind == FO_LINK_SECTION &&
		    p->links[i].number >= 1 &&
		    p->links[i].number <= FO_NSECTIONS)
			sec[p->links[i].number] = 1;
	}
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (cl[n])
			plan_boolf(pl, FO_PREFIX_CLAUSE, n);
	for (n = 1; n <= FO_NSECTIONS; n++)
		if (sec[n])
			plan_boolf(pl, FO_PREFIX_SECTION, n);
	for (i = 0; i < p->ntags; i++) {
		fo_buf_reset(&b);
		st = fo_analyzer_fold(an, p->tags[i], strlen(p->tags[i]), &b,
		    NULL);
		if (st != FO_OK)
			goto fail;
		plan_bool(pl, FO_PREFIX_TAG, b.data);
	}

	/* text: title pieces, then the body (fo_page_pieces()) */
	pv = fo_page_pieces(p, &np, &ntitle);
	st = FO_OK;
	for (i = 0; st == FO_OK && i < np; i++)
		st = plan_text(pl, an, pv[i], i < ntitle, &pb);
	free(pv);
	if (st != FO_OK)
		goto fail;

	/* data */
	memset(&di, 0, sizeof di);
	di.kind = p->kind;
	di.number = p->number;
	di.section = p->section;
	di.id = p->id;
	di.title = p->title;
	di.label = p->label;
	if (p->kind == FO_KIND_CLAUSE && p->section >= 1 &&
	    p->section <= FO_NSECTIONS && c->sections[p->section] != NULL)
		di.section_label = c->sections[p->section]->label;
	di.url = p->url;
	di.text = p->text;
	pl->data = fo_docinfo_encode(&di, &pl->datalen);
	hash_bytes(&pl->h, pl->data, pl->datalen);
	hash_bytes(&pl->h, pl->kind, strlen(pl->kind) + 1);
	hash_bytes(&pl->h, pl->number, strlen(pl->number) + 1);
	fo_buf_release(&b);
	return FO_OK;
fail:
	fo_buf_release(&b);
	fo__plan_release(pl);
	return st;
}

/* Build pl->xd, the Xapian document of the plan of page 'id' (with the
 * plan's hash in its value slot).  On failure pl->err says why. */
static enum fo_status
plan_doc(struct plan *pl, const char *id)
{
	struct fo_buf idterm = FO_BUF_INIT;
	enum fo_status st;
	struct fo_xdoc *d;
	size_t i;

	snprintf(pl->hash, sizeof pl->hash, "%016llx",
	    (unsigned long long)pl->h);
	fo_buf_printf(&idterm, FO_PREFIX_ID "%s", id);
	st = fo_xdoc_new(idterm.data, &pl->xd, &pl->err);
	fo_buf_release(&idterm);
	if (st != FO_OK)
		return st;
	d = pl->xd;
	for (i = 0; st == FO_OK && i < pl->n; i++) {
		const struct op *o = &pl->v[i];

		st = o->pos == UINT_MAX ? fo_xdoc_term(d, o->term, o->wdf) :
		    fo_xdoc_posting(d, o->term, o->pos, o->wdf);
	}
	if (st == FO_OK)
		st = fo_xdoc_value(d, FO_SLOT_KIND, pl->kind, strlen(pl->kind));
	if (st == FO_OK)
		st = fo_xdoc_value(d, FO_SLOT_NUMBER, pl->number,
		    strlen(pl->number));
	if (st == FO_OK)
		st = fo_xdoc_value(d, FO_SLOT_HASH, pl->hash, strlen(pl->hash));
	if (st == FO_OK)
		st = fo_xdoc_value(d, FO_SLOT_INPUT, pl->input, strlen(pl->input));
	if (st == FO_OK)
		st = fo_xdoc_data(d, pl->data, pl->datalen);
	if (st != FO_OK)
		pl->err = fo_xstrdup(fo_xdoc_errmsg(d));
	return st;
}

/* plan_page() then plan_doc(), unless 'skip' (the input is unchanged:
 * pl->skip set, nothing else); on failure pl->err may say why. */
enum fo_status
fo__plan_all(struct plan *pl, const struct fo_content *c,
    const struct fo_page *p,
    struct fo_analyzer *an, int skip)
{
	enum fo_status st;

	if (skip) {
		fo__plan_init(pl);
		pl->skip = 1;
		return FO_OK;
	}
	if ((st = plan_page(pl, c, p, an)) != FO_OK)
		return st;
	snprintf(pl->input, sizeof pl->input, "%016llx",
	    (unsigned long long)fo__input_hash(c, p));
	return plan_doc(pl, p->id);
}

