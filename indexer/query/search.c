/* indexer/query/search.c -- fo_search_open() / fo_search_run() (see
 * search.h): open an index, fetch and rank the candidates of each tier,
 * count the facets, and build the hits.  The clause references of a
 * query are refs.c's, the "did you mean" words suggest.c's.  One idea,
 * hence one file a little past 800 lines: a search from its query to its
 * hits, the order of which is the whole of the ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "clauseref.h"
#include "index.h"
#include "query.h"
#include "schema.h"
#include "search.h"
#include "search_int.h"
#include "snippet.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

/* Only the any-word fall-back (whose coordination factor Xapian cannot
 * compute) fetches every match; the ordinary path fetches the official
 * pages (a few dozen) and the top offset+limit of each other kind. */
#define FETCH_MAX	10000
#define OFFICIAL_MAX	100000
#define COUNT_MAX	1000000	/* totals are exact up to this many */
#define OFFICIAL_FLOOR	0.25

struct fo_search {
	struct fo_xdb *db;
	struct fo_analyzer *an;
	struct fo_vocab *v;
	char	*dbdir;
};

enum fo_status
fo_search_open(const char *dbdir, const char *lexicon_path,
    struct fo_search **out, char **errmsg)
{
	return fo_search_open_opts(dbdir, lexicon_path, NULL, out, errmsg);
}

enum fo_status
fo_search_open_opts(const char *dbdir, const char *lexicon_path,
    const struct fo_xdb_opts *xopts, struct fo_search **out, char **errmsg)
{
	struct fo_analyzer *an = NULL;
	struct fo_xdb *db = NULL;
	struct stat sb;
	char *err = NULL;
	enum fo_status st;

	if (out != NULL)
		*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (dbdir == NULL || *dbdir == '\0' || out == NULL) {
		fo_error(errmsg, FO_OK, "no index directory given");
		return FO_EINVAL;
	}
	/* a directory, or a stub file listing shards (xap.h) */
	if (stat(dbdir, &sb) != 0 ||
	    (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode))) {
		fo_error(errmsg, FO_OK, "no index at %s: " FO_HOW_BUILD_INDEX,
		    dbdir);
		return FO_ENOTFOUND;
	}
	if ((st = fo_analyzer_open(lexicon_path, &an, &err)) != FO_OK) {
		fo_error(errmsg, FO_OK, "%s%s", err != NULL ? err :
		    "cannot open the lexicon", "; run `make` to build it, or set "
		    "FIVEOUT_LEXICON");
		free(err);
		return st;
	}
	if ((st = fo_xdb_open_opts(dbdir, FO_XDB_READ, xopts, &db, &err)) !=
	    FO_OK) {
		if (st == FO_ESHARD || st == FO_EINVAL)	/* names the shard
							   or the stub's line */
			fo_error(errmsg, FO_OK, "%s", err != NULL ? err :
			    fo_strerror(st));
		else if (st == FO_ENOTFOUND)
			fo_error(errmsg, FO_OK, "no index at %s: "
			    FO_HOW_BUILD_INDEX, dbdir);
		else
			fo_error(errmsg, FO_OK, "cannot open the index at %s (%s); "
			    FO_HOW_REBUILD_INDEX, dbdir,
			    err != NULL ? err : fo_strerror(st));
		if (st == FO_EXAPIAN)
			st = FO_ECORRUPT;
		free(err);
		fo_analyzer_free(an);
		return st;
	}
	return fo_search_attach(db, an, dbdir, out, errmsg);
}

enum fo_status
fo_search_attach(struct fo_xdb *db, struct fo_analyzer *an, const char *where,
    struct fo_search **out, char **errmsg)
{
	struct fo_search *s;
	const char *dbdir = where != NULL ? where : "";
	char *blob = NULL, *fp = NULL;
	size_t len = 0, fplen = 0;
	enum fo_status st;

	if (out != NULL)
		*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	s = fo_xcalloc(1, sizeof *s);
	s->dbdir = fo_xstrdup(dbdir);
	s->db = db;
	s->an = an;
	if (db == NULL || an == NULL || out == NULL) {
		fo_error(errmsg, FO_OK, "no index open");
		st = FO_EINVAL;
		goto fail;
	}
	if ((st = fo_xdb_get_metadata(s->db, FO_META_VOCAB, &blob, &len)) !=
	    FO_OK) {
		fo_error(errmsg, FO_OK, "cannot read the index at %s (%s); "
		    FO_HOW_REBUILD_INDEX, dbdir, fo_xdb_errmsg(s->db));
		goto fail;
	}
	if (len == 0) {
		st = FO_EVERSION;
		fo_error(errmsg, FO_OK, "the index at %s has no vocabulary: it was built "
		    "by a different fiveout-index; " FO_HOW_REBUILD_INDEX,
		    dbdir);
		goto fail;
	}
	if ((st = fo_vocab_decode(blob, len, s->an, &s->v)) != FO_OK) {
		if (st == FO_ECORRUPT)
			fo_error(errmsg, FO_OK, "the vocabulary of the index at %s is "
			    "damaged; " FO_HOW_REBUILD_INDEX, dbdir);
		else
			fo_error(errmsg, FO_OK, "cannot load the vocabulary of %s: %s",
			    dbdir, fo_strerror(st));
		goto fail;
	}
	if ((st = fo_xdb_get_metadata(s->db, FO_META_FINGERPRINT, &fp,
	    &fplen)) != FO_OK) {
		fo_error(errmsg, FO_OK, "cannot read the index at %s (%s)", dbdir,
		    fo_xdb_errmsg(s->db));
		goto fail;
	}
	if (strcmp(fp, fo_analyzer_fingerprint(s->an)) != 0) {
		st = FO_EVERSION;
		fo_error(errmsg, FO_OK, "the index at %s was built by a different "
		    "analyzer; " FO_HOW_REBUILD_INDEX, dbdir);
		goto fail;
	}
	free(blob);
	free(fp);
	*out = s;
	return FO_OK;
fail:
	free(blob);
	free(fp);
	fo_search_close(s);
	return st;
}

void
fo_search_close(struct fo_search *s)
{
	if (s == NULL)
		return;
	fo_xdb_close(s->db);
	fo_vocab_free(s->v);
	fo_analyzer_free(s->an);
	free(s->dbdir);
	free(s);
}

struct fo_xdb *
fo_search_db(struct fo_search *s)
{
	return s != NULL ? s->db : NULL;
}

struct fo_analyzer *
fo_search_analyzer(struct fo_search *s)
{
	return s != NULL ? s->an : NULL;
}

int
fo_search_kind(const char *name)
{
	return fo_kind_find(name);
}

/* ---- helpers ------------------------------------------------------------ */

/* Is 'w' (an ASCII word, lower case) a word term of the index? */
static int
is_index_term(void *ctx, const char *w)
{
	struct fo_search *s = ctx;
	char **terms = NULL;
	unsigned *freqs = NULL;
	size_t n = 0;
	int r = 0;

	if (fo_xdb_allterms(s->db, w, 1, &terms, &freqs, &n) == FO_OK &&
	    n > 0 && strcmp(terms[0], w) == 0)
		r = 1;
	fo_strv_free(terms, n);
	free(freqs);
	return r;
}

/*
 * How much a page's kind counts: a reader who types a clause's words
 * wants the clause first, then the commentary about it (see also the
 * tiers in fetch()).
 */
static double
kind_factor(enum fo_kind k)
{
	switch (k) {
	case FO_KIND_CLAUSE:	return 1.0;
	case FO_KIND_SECTION:	return 0.8;
	case FO_KIND_GLOSSARY:	return 0.75;
	case FO_KIND_ANNOTATION: return 0.7;
	case FO_KIND_PREAMBLE:	return 0.6;
	}
	return 1.0;
}

struct cand {
	enum fo_match match;	/* its tier */
	int	 ref;		/* FO_MATCH_RELATED: index in the refs */
	enum fo_kind kind;	/* from the hit's kind value */
	double	 score;
	int	 tier;		/* 0: official text with a strong match */
	unsigned docid;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->docid < y->docid ? -1 : x->docid > y->docid;
}

static void
move_list(struct fo_strlist *to, struct fo_strlist *from)
{
	fo_strlist_release(to);
	*to = *from;
	from->v = NULL;
	from->n = 0;
}

/* Wrap 'q' with the option filters. */
static struct fo_qnode *
opt_filters(struct fo_qnode *q, const struct fo_search_opts *o)
{
	struct fo_buf t = FO_BUF_INIT;
	struct fo_qnode *f = NULL, *k;

	if (o->kind >= 0) {
		fo_buf_printf(&t, FO_PREFIX_KIND "%s",
		    fo_kind_name((enum fo_kind)o->kind));
		f = fo_qnode_new(FO_Q_TERM, t.data);
	}
	if (o->section > 0) {
		fo_buf_reset(&t);
		fo_buf_printf(&t, FO_PREFIX_SECTION "%d", o->section);
		k = fo_qnode_new(FO_Q_TERM, t.data);
		f = f == NULL ? k : fo_qnode_add(fo_qnode_add(
		    fo_qnode_new(FO_Q_AND, NULL), f), k);
	}
	fo_buf_release(&t);
	if (f == NULL)
		return q;
	return fo_qnode_add(fo_qnode_add(fo_qnode_new(FO_Q_FILTER, NULL), q), f);
}

/* Is 't' a plain word term (no prefix: not a bigram, title or filter)? */
static int
plain_term(const char *t)
{
	return t != NULL && !fo_term_prefixed(t);
}

/* The distinct plain word terms of 'q' into 'l'. */
static void
tree_words(const struct fo_qnode *q, struct fo_strlist *l)
{
	size_t i;

	if (q == NULL)
		return;
	if (q->op == FO_Q_TERM && plain_term(q->term))
		fo_strlist_add(l, q->term);
	if (q->op == FO_Q_AND_NOT && q->nkids > 0) {
		tree_words(q->kids[0], l);
		return;
	}
	for (i = 0; i < q->nkids; i++)
		tree_words(q->kids[i], l);
}

static void
free_cands(struct cand *c, size_t n)
{
	(void)n;
	free(c);
}

/* A search that failed inside the index: say which index, that it may
 * be damaged, and how to check and rebuild it. */
static void
search_failed(struct fo_search *s, char **errmsg)
{
	fo_error(errmsg, FO_OK, "search failed in the index at %s (%s): it may "
	    "be damaged; check it with `fiveout-index --verify --db %s`, then "
	    FO_HOW_REBUILD_INDEX, s->dbdir,
	    fo_xdb_errmsg(s->db), s->dbdir);
}

/* Candidate 'x' from hit 'h': its kind, its score (Xapian's weight times
 * its kind's factor), its docid.  The document data is decoded only for
 * the hits shown (the browser's store fetches a document's file only
 * then).  FO_ECORRUPT (with *errmsg) if the kind is unknown. */
static enum fo_status
cand_from_hit(struct fo_search *s, const struct fo_xhit *h, struct cand *x,
    char **errmsg)
{
	int k = fo_search_kind(h->kind);

	memset(x, 0, sizeof *x);
	if (k < 0) {
		fo_error(errmsg, FO_OK, "the index at %s has a damaged document; "
		    FO_HOW_REBUILD_INDEX, s->dbdir);
		return FO_ECORRUPT;
	}
	x->kind = (enum fo_kind)k;
	x->score = h->weight * kind_factor(x->kind);
	x->docid = h->docid;
	return FO_OK;
}

/* Tiers, then order: the official text that matches well (at least
 * OFFICIAL_FLOOR of the best official page) comes first, then everything
 * else -- annotations, glossary entries and weak official matches -- by
 * score. */
static void
set_tiers(struct cand *c, size_t m)
{
	double best = 0;
	size_t i;

	for (i = 0; i < m; i++)
		if (fo_kind_official(c[i].kind) && c[i].score > best)
			best = c[i].score;
	for (i = 0; i < m; i++)
		c[i].tier = fo_kind_official(c[i].kind) &&
		    c[i].score >= OFFICIAL_FLOOR * best ? 0 : 1;
}

static void
rank_cands(struct cand *c, size_t m)
{
	set_tiers(c, m);
	if (m > 0)
		qsort(c, m, sizeof *c, cand_cmp);
}

/*
 * Run 'q'; on FO_OK *cands is every match, reranked.  'coord': the
 * any-word fall-back, where a page's score is also scaled by the share
 * of the query's words it has, so a page with three of four words beats
 * a short page with one.
 */
static enum fo_status
fetch(struct fo_search *s, const struct fo_qnode *q, int coord,
    struct cand **cands, size_t *n, char **errmsg)
{
	struct fo_strlist qw = FO_STRLIST_INIT;
	struct fo_xhits h = { NULL, 0, 0 };
	struct cand *c;
	enum fo_status st;
	size_t i, m = 0;

	*cands = NULL;
	*n = 0;
	/* the matched terms only where they count (remote shards send
	   them a hit at a time) */
	st = coord ? fo_xdb_search(s->db, q, 0, FETCH_MAX, &h) :
	    fo_xdb_search_bare(s->db, q, 0, FETCH_MAX, &h);
	if (st != FO_OK) {
		search_failed(s, errmsg);
		return st;
	}
	if (coord)
		tree_words(q, &qw);
	c = fo_xcalloc(h.n + 1, sizeof *c);
	for (i = 0; i < h.n; i++) {
		if ((st = cand_from_hit(s, &h.v[i], &c[m], errmsg)) != FO_OK) {
			free_cands(c, m);
			fo_xhits_release(&h);
			fo_strlist_release(&qw);
			return st;
		}
		if (coord && qw.n > 1) {
			size_t j, k, have = 0;

			for (j = 0; j < qw.n; j++)
				for (k = 0; k < h.v[i].nterms; k++)
					if (strcmp(h.v[i].terms[k], qw.v[j]) == 0) {
						have++;
						break;
					}
			c[m].score *= (1.0 + (double)have) / (1.0 + (double)qw.n);
		}
		m++;
	}
	fo_xhits_release(&h);
	fo_strlist_release(&qw);
	rank_cands(c, m);
	*cands = c;
	*n = m;
	return FO_OK;
}

/* A deep copy of 'q'. */
static struct fo_qnode *
qcopy(const struct fo_qnode *q)
{
	struct fo_qnode *c;
	size_t i;

	if (q == NULL)
		return NULL;
	c = fo_qnode_new(q->op, q->term);
	c->wqf = q->wqf;
	c->window = q->window;
	c->scale = q->scale;
	for (i = 0; i < q->nkids; i++)
		fo_qnode_add(c, qcopy(q->kids[i]));
	return c;
}

/* 'q' (copied) filtered to the kinds in 'kinds' (n of them). */
static struct fo_qnode *
kind_filtered(const struct fo_qnode *q, const enum fo_kind *kinds, size_t n)
{
	struct fo_qnode *f = NULL, *k;
	struct fo_buf t = FO_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		fo_buf_reset(&t);
		fo_buf_printf(&t, FO_PREFIX_KIND "%s", fo_kind_name(kinds[i]));
		k = fo_qnode_new(FO_Q_TERM, t.data);
		if (f == NULL)
			f = k;
		else {
			if (f->op != FO_Q_OR)
				f = fo_qnode_add(fo_qnode_new(FO_Q_OR, NULL), f);
			fo_qnode_add(f, k);
		}
	}
	fo_buf_release(&t);
	return fo_qnode_add(fo_qnode_add(fo_qnode_new(FO_Q_FILTER, NULL),
	    qcopy(q)), f);
}

/* Run 'q' for up to 'limit' hits and append them to 'c' (room for them
 * is made); *total += Xapian's count. */
static enum fo_status
fetch_into(struct fo_search *s, struct fo_qnode *q, unsigned limit,
    struct cand **c, size_t *m, unsigned *total, char **errmsg)
{
	struct fo_xhits h = { NULL, 0, 0 };
	enum fo_status st;
	size_t i;

	st = fo_xdb_search_counted(s->db, q, 0, limit, COUNT_MAX, &h);
	fo_qnode_free(q);
	if (st != FO_OK) {
		search_failed(s, errmsg);
		return st;
	}
	*total += h.n < limit ? (unsigned)h.n : h.estimated;
	*c = fo_xrealloc(*c, (*m + h.n + 1) * sizeof **c);
	for (i = 0; i < h.n; i++) {
		if ((st = cand_from_hit(s, &h.v[i], &(*c)[*m], errmsg)) !=
		    FO_OK) {
			fo_xhits_release(&h);
			return st;
		}
		(*m)++;
	}
	fo_xhits_release(&h);
	return FO_OK;
}

/*
 * The same order as fetch(q, 0, ...) but only its first 'need' entries:
 * the tier needs every official match (a few dozen pages), and past the
 * tier a page's score is its weight times its kind's factor, so each
 * other kind's own top 'need' (Xapian orders within a kind) suffice.
 * *total gets the number of matches.
 */
static enum fo_status
fetch_top(struct fo_search *s, const struct fo_qnode *q, size_t need,
    struct cand **cands, size_t *n, unsigned *total, char **errmsg)
{
	static const enum fo_kind off[] = { FO_KIND_PREAMBLE,
	    FO_KIND_SECTION, FO_KIND_CLAUSE };
	static const enum fo_kind other[] = { FO_KIND_ANNOTATION,
	    FO_KIND_GLOSSARY };
	struct cand *c = NULL;
	enum fo_status st;
	size_t m = 0, i;

	*cands = NULL;
	*n = 0;
	*total = 0;
	st = fetch_into(s, kind_filtered(q, off, 3), OFFICIAL_MAX, &c, &m,
	    total, errmsg);
	for (i = 0; st == FO_OK && i < 2; i++)
		st = fetch_into(s, kind_filtered(q, &other[i], 1),
		    (unsigned)need, &c, &m, total, errmsg);
	if (st != FO_OK) {
		free_cands(c, m);
		return st;
	}
	rank_cands(c, m);
	*cands = c;
	*n = m < need ? m : need;
	return FO_OK;
}

/* Does 'q' match any page? (for fo_query_compile_checked) */
static int
has_match(void *ctx, const struct fo_qnode *q)
{
	struct fo_search *s = ctx;
	int r;

	if (fo_xdb_exists(s->db, q, &r) != FO_OK)
		r = 1;	/* on error: keep the contiguous query */
	return r;
}

/* res->facet_kind[] and res->facet_section[]: how many pages 'q' (before
 * the kind and section options) matches of each kind and in each
 * section (the section filter's G terms), for the browser's filters. */
static enum fo_status
facets(struct fo_search *s, const struct fo_qnode *q,
    struct fo_search_result *res, char **errmsg)
{
	struct fo_buf t = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	int i;

	res->has_facets = 1;
	for (i = 0; st == FO_OK && i < FO_NKINDS + FO_NSECTIONS; i++) {
		struct fo_xhits h = { NULL, 0, 0 };
		struct fo_qnode *f;

		fo_buf_reset(&t);
		if (i < FO_NKINDS)
			fo_buf_printf(&t, FO_PREFIX_KIND "%s",
			    fo_kind_name((enum fo_kind)i));
		else
			fo_buf_printf(&t, FO_PREFIX_SECTION "%d",
			    i - FO_NKINDS + 1);
		f = fo_qnode_add(fo_qnode_add(fo_qnode_new(FO_Q_FILTER, NULL),
		    qcopy(q)), fo_qnode_new(FO_Q_TERM, t.data));
		st = fo_xdb_search_counted(s->db, f, 0, 1, COUNT_MAX, &h);
		fo_qnode_free(f);
		if (st != FO_OK) {
			search_failed(s, errmsg);
			break;
		}
		if (i < FO_NKINDS)
			res->facet_kind[i] = h.estimated;
		else
			res->facet_section[i - FO_NKINDS + 1] = h.estimated;
		fo_xhits_release(&h);
	}
	fo_buf_release(&t);
	return st;
}

const char *
fo_match_name(enum fo_match m)
{
	switch (m) {
	case FO_MATCH_REF:	return "ref";
	case FO_MATCH_ALL:	return "all";
	case FO_MATCH_PARTIAL:	return "partial";
	case FO_MATCH_RELATED:	return "related";
	}
	return "all";
}

/* Append to 'c' the candidates of 'more' (n of them) that are not in
 * 'c' yet, as tier 'm'; frees 'more'. */
static void
add_tier(struct cand **c, size_t *nc, struct cand *more, size_t n,
    enum fo_match m, int ref)
{
	size_t i, j;

	*c = fo_xrealloc(*c, (*nc + n + 1) * sizeof **c);
	for (i = 0; i < n; i++) {
		for (j = 0; j < *nc; j++)
			if ((*c)[j].docid == more[i].docid)
				break;
		if (j < *nc)
			continue;
		more[i].match = m;
		more[i].ref = ref;
		(*c)[(*nc)++] = more[i];
	}
	free(more);
}

/* The candidates past the named pages, in one order: the official text
 * that matches well first (of either tier: a reader who adds a word of
 * his own to a clause's topic still wants the clause), then the pages
 * with every word, then those with some, each by score. */
static int
union_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->match != y->match)
		return x->match < y->match ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->docid < y->docid ? -1 : x->docid > y->docid;
}

static void
union_rank(struct cand *c, size_t m)
{
	set_tiers(c, m);
	if (m > 0)
		qsort(c, m, sizeof *c, union_cmp);
}

/* ---- run ---------------------------------------------------------------- */

enum fo_status
fo_search_run(struct fo_search *s, const char *query,
    const struct fo_search_opts *opts, struct fo_search_result *res,
    char **errmsg)
{
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT, ex2 = FO_QEXPLAIN_INIT;
	struct fo_qast *a = NULL;
	struct fo_qnode *q = NULL, *q2 = NULL, *qs = NULL;
	struct fo_buf interp = FO_BUF_INIT, tree = FO_BUF_INIT;
	struct cand *c = NULL, *more = NULL;
	struct fo_ref refs[FO_MAX_REFS];
	size_t nc = 0, i, nm = 0, nrefs = 0, nref = 0, nfixed;
	char *joined;
	unsigned total = 0;
	enum fo_status st;

	if (errmsg != NULL)
		*errmsg = NULL;
	if (res == NULL)
		return FO_EINVAL;
	memset(res, 0, sizeof *res);
	if (s == NULL) {
		fo_error(errmsg, FO_OK, "no index open");
		return FO_EINVAL;
	}
	if (opts != NULL)
		o = *opts;
	if (o.limit == 0)
		o.limit = 10;
	if (o.kind > FO_KIND_GLOSSARY || o.section < 0 ||
	    o.section > FO_NSECTIONS) {
		fo_error(errmsg, FO_OK, "bad option: kind must name a page kind and "
		    "section be 1 to 7");
		return FO_EINVAL;
	}
	joined = fo__refs_join(query);
	st = fo_query_parse(joined, &a, errmsg);
	free(joined);
	if (st != FO_OK)
		return st;
	fo_query_pinyin(a, s->v, is_index_term, s, &interp);
	a = fo__refs_take(s->an, a, refs, &nrefs);

	/* 1. the clauses and sections the query names, first */
	for (i = 0; i < nrefs; i++) {
		struct fo_qnode *rq = opt_filters(fo__ref_query(&refs[i], 0), &o);

		st = fetch(s, rq, 0, &more, &nm, errmsg);
		fo_qnode_free(rq);
		if (st != FO_OK)
			goto out;
		add_tier(&c, &nc, more, nm, FO_MATCH_REF, (int)i);
	}
	nref = nc;
	if (a != NULL) {
		unsigned all = 0;
		size_t before;
		int multi;

		if ((st = fo_query_compile_checked(a, s->an, s->v, 0, has_match,
		    s, &ex, &q)) != FO_OK) {
			if (st == FO_EINVAL)
				fo_error(errmsg, FO_OK, "nothing to search for in "
				    "'%s': give words, not only punctuation or "
				    "symbols", query);
			else
				fo_error(errmsg, FO_OK, "cannot search for this "
				    "query: %s", fo_strerror(st));
			goto out;
		}
		/* several words: also the pages with some of them; one word
		   (perhaps a sentence) only when no page has it all */
		multi = (a->kind == FO_QA_AND && a->soft && a->nkids >= 2) ||
		    (a->kind == FO_QA_WORD && fo_utf8_count(a->text,
		    strlen(a->text)) >= 6);
		qs = qcopy(q);
		q = opt_filters(q, &o);
		fo_qnode_describe(q, &tree);
		/* 2. with a named clause or section: the pages with every word
		   in it (those citing it), then every page with every word */
		if (nrefs > 0) {
			struct fo_qnode *in = NULL, *rq;

			for (i = 0; i < nrefs; i++) {
				struct fo_buf t = FO_BUF_INIT;

				fo_buf_printf(&t, "%s%d", refs[i].kind ==
				    FO_KIND_CLAUSE ? FO_PREFIX_CLAUSE :
				    FO_PREFIX_SECTION, refs[i].n);
				rq = fo_qnode_new(FO_Q_TERM, t.data);
				fo_buf_release(&t);
				in = in == NULL ? rq : fo_qnode_add(in->op == FO_Q_OR ?
				    in : fo_qnode_add(fo_qnode_new(FO_Q_OR, NULL),
				    in), rq);
			}
			rq = fo_qnode_add(fo_qnode_add(fo_qnode_new(FO_Q_FILTER,
			    NULL), qcopy(q)), in);
			st = fetch(s, rq, 0, &more, &nm, errmsg);
			fo_qnode_free(rq);
			if (st != FO_OK)
				goto out;
			add_tier(&c, &nc, more, nm, FO_MATCH_ALL, -1);
			nref = nc;
		}
		nfixed = nc;
		/* 3. the pages with every word */
		if ((st = fetch_top(s, q, (size_t)o.offset + o.limit, &more,
		    &nm, &all, errmsg)) != FO_OK)
			goto out;
		before = nc;
		add_tier(&c, &nc, more, nm, FO_MATCH_ALL, -1);
		/* the pages above among them were counted there too */
		total = nref + all - (unsigned)(nm - (nc - before));
		/* 3. then those with some of them, by how many */
		if (ex.loosenable && ((multi && !o.all) || all == 0)) {
			struct fo_qnode *pq;

			if ((st = fo_query_compile_checked(a, s->an, s->v, 1,
			    has_match, s, &ex2, &q2)) != FO_OK)
				goto out;
			if (o.facets && (st = facets(s, q2, res, errmsg)) !=
			    FO_OK)
				goto out;
			pq = fo_qnode_add(fo_qnode_add(fo_qnode_new(FO_Q_AND_NOT,
			    NULL), opt_filters(q2, &o)), qcopy(q));
			q2 = pq;
			before = nc;
			if ((st = fetch(s, pq, 1, &more, &nm, errmsg)) != FO_OK)
				goto out;
			add_tier(&c, &nc, more, nm, FO_MATCH_PARTIAL, -1);
			total += (unsigned)(nc - before);
			if (all == 0 && nc > before) {
				res->fallback = 1;
				fo_buf_reset(&tree);
				fo_qnode_describe(pq->kids[0], &tree);
			}
			union_rank(c + nfixed, nc - nfixed);
		} else if (o.facets && (st = facets(s, qs, res, errmsg)) != FO_OK)
			goto out;
	} else {
		/* only references: then the pages that cite them */
		for (i = 0; i < nrefs; i++) {
			struct fo_qnode *rq = opt_filters(fo__ref_query(&refs[i], 1),
			    &o);

			st = fetch(s, rq, 0, &more, &nm, errmsg);
			fo_qnode_free(rq);
			if (st != FO_OK)
				goto out;
			add_tier(&c, &nc, more, nm, FO_MATCH_RELATED, (int)i);
		}
		total = (unsigned)nc;
		fo_buf_puts(&tree, "references");
	}
	res->query = fo_xstrdup(query);
	res->total = total;
	res->pinyin = interp.len > 0 ? fo_buf_detach(&interp, NULL) : NULL;
	res->tree = fo_buf_detach(&tree, NULL);
	move_list(&res->also, &ex.also);
	move_list(&res->segments, &ex.segments);
	move_list(&res->folds, &ex.folds);
	move_list(&res->dropped, &ex.dropped);
	move_list(&res->loose, res->fallback ? &ex2.loose : &ex.loose);
	if (total == 0 && a != NULL)
		fo__suggest(s->an, s->v, a, &res->suggestions);
	for (i = 0; fo_xdb_missing(s->db, i) != NULL; i++)
		fo_strlist_add(&res->missing, fo_xdb_missing(s->db, i));

	res->hits = fo_xcalloc(o.limit + 1, sizeof *res->hits);
	for (i = o.offset; i < nc && res->nhits < o.limit; i++) {
		struct fo_search_hit *h = &res->hits[res->nhits];
		struct fo_docinfo di;
		struct fo_buf url = FO_BUF_INIT;
		char *data = NULL;
		size_t dlen = 0;

		memset(&di, 0, sizeof di);
		st = fo_xdb_doc_data(s->db, c[i].docid, &data, &dlen);
		if (st == FO_ENOTFOUND) {
			/* the browser's store: the document's file is not
			   loaded yet; the caller loads it and runs again */
			h->kind = c[i].kind;
			h->score = c[i].score;
			res->nhits++;
			continue;
		}
		if (st != FO_OK || fo_docinfo_decode(data, dlen, &di) != FO_OK) {
			free(data);
			fo_error(errmsg, FO_OK, "the index at %s has a damaged document; "
			    FO_HOW_REBUILD_INDEX, s->dbdir);
			st = FO_ECORRUPT;
			goto out;
		}
		free(data);
		st = fo_snippet_make(s->an, di.text != NULL ? di.text : "",
		    (const char *const *)ex.needles.v, ex.needles.n,
		    o.snippet_chars, &h->snippet);
		if (st != FO_OK) {
			fo_error(errmsg, FO_OK, "cannot make the snippet of %s: %s",
			    di.id, fo_strerror(st));
			fo_docinfo_release(&di);
			goto out;
		}
		h->match = c[i].match;
		if (c[i].match == FO_MATCH_RELATED && c[i].ref >= 0) {
			struct fo_buf v = FO_BUF_INIT;

			fo_buf_printf(&v, "%s:%d", fo_kind_name(
			    refs[c[i].ref].kind), refs[c[i].ref].n);
			h->via = fo_buf_detach(&v, NULL);
		}
		h->kind = di.kind;
		h->number = di.number;
		h->section = di.section;
		h->id = di.id;
		h->title = di.title;
		h->label = di.label;
		h->section_label = di.section_label;
		di.id = di.title = di.label = di.section_label = NULL;
		fo_buf_puts(&url, di.url != NULL ? di.url : "");
		/* the opinion's own text has an anchor on each sentence */
		if (h->snippet.para >= 0) {
			fo_buf_putc(&url, '#');
			fo_anchor_put(&url, h->snippet.para + 1,
			    fo_kind_official(h->kind) ? h->snippet.sentence : 0);
		}
		h->url = fo_buf_detach(&url, NULL);
		h->score = c[i].score;
		fo_docinfo_release(&di);
		res->nhits++;
	}
	st = FO_OK;
out:
	if (st != FO_OK)
		fo_search_result_release(res);
	free_cands(c, nc);
	fo_qnode_free(q);
	fo_qnode_free(q2);
	fo_qnode_free(qs);
	fo_qast_free(a);
	fo_qexplain_release(&ex);
	fo_qexplain_release(&ex2);
	fo_buf_release(&interp);
	fo_buf_release(&tree);
	return st;
}

void
fo_search_result_release(struct fo_search_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nhits; i++) {
		struct fo_search_hit *h = &res->hits[i];

		free(h->via);
		free(h->id);
		free(h->title);
		free(h->label);
		free(h->section_label);
		free(h->url);
		fo_snippet_release(&h->snippet);
	}
	free(res->hits);
	free(res->query);
	free(res->pinyin);
	free(res->tree);
	fo_strlist_release(&res->also);
	fo_strlist_release(&res->suggestions);
	fo_strlist_release(&res->segments);
	fo_strlist_release(&res->folds);
	fo_strlist_release(&res->dropped);
	fo_strlist_release(&res->loose);
	fo_strlist_release(&res->missing);
	memset(res, 0, sizeof *res);
}
