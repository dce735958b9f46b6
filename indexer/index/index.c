/* indexer/index/index.c -- fo_index_build(): the content model into Xapian.
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
 * Generations: 'dbdir' is a symlink to <dbdir>.gen/<n> (not "<dbdir>.d":
 * the Makefile includes every build/\*.d it finds).  A build copies
 * generation n to n+1 (same analyzer fingerprint) or starts n+1 empty
 * (fingerprint changed, no usable previous index), updates it, commits
 * (Xapian fsyncs its files), fsyncs the directories, then points a new
 * symlink at n+1 under a temporary name and rename(2)s it over 'dbdir'.
 * Older generations are removed afterwards, except generation n, which
 * stays until the next build for readers that opened it just before the
 * switch.  <dbdir>.gen/lock is flock(2)ed for the whole build: a second
 * concurrent build fails with FO_EIO instead of racing.  A plain directory at
 * 'dbdir' (an index from before generations, or empty) is read as the
 * previous index and moved into <dbdir>.gen when the symlink replaces it;
 * anything else there is refused.
 *
 * Shards: a generation of one shard is one Xapian database; of N, it
 * holds shard0 .. shard<N-1>, each a database, and the stub XAPIANDB
 * listing them (xap.h), so 'dbdir' still opens as one index.  Which page
 * goes where, and why the answers are one database's: "the shards'
 * writers" below.
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
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

#define TITLE_WDF	3
#define PIECE_GAP	100
/* Commit every so many documents.  Xapian buffers every posting until a
 * commit (by default 10,000 documents); at 10,000 poems that buffer took
 * 760 MB and the build 36 s, committing every 1,000: 150 MB and 17 s
 * (500: 19 s, 2,000: 19 s).  The new generation is not visible to
 * readers before the final commit and the switch, so a commit half-way
 * changes nothing they see. */
#define FLUSH_DOCS	1000

#define LOCK_NAME	"lock"	/* in <dbdir>.gen: one build at a time */
/* auto_shards(): below this many pages, one shard.  Measured on 2 cores
 * (December 2026): the knowledge base (77 pages) 0.07 s with 1 or 2
 * shards, so one (one database is the simpler thing to serve); 1,000
 * pages 1.45-1.66 s with one, 1.36-1.52 s with two; 10,000 pages
 * 11.9-14.3 s with one, 8.8-10.8 s with two. */
#define SHARD_MIN_PAGES	500

#define SLOT_KIND	FO_SLOT_KIND
#define SLOT_NUMBER	FO_SLOT_NUMBER
#define SLOT_HASH	FO_SLOT_HASH
#define SLOT_INPUT	FO_SLOT_INPUT

/* Part of every page's input hash: bump it when plan_page() changes what
 * a page's fields give (terms, positions, wdf, values, data), so that an
 * incremental build analyses every page again. */
#define PLAN_VERSION	3	/* 3: terms up to FO_TERM_MAX (245) bytes, was 240 */

/* ---- the plan: what one page's document holds, hashed as it grows -- */

struct op {
	char	*term;
	unsigned pos;		/* UINT_MAX: no position */
	unsigned wdf;
};

struct plan {
	int	 skip;		/* input unchanged: not analysed, nothing else set */
	struct op *v;
	size_t	 n, cap;
	uint64_t h;
	char	*data;
	size_t	 datalen;
	char	 kind[16];
	char	 number[16];
	/* plan_doc(): the Xapian document, its hash as hex, or why not */
	struct fo_xdoc *xd;
	char	 hash[17];
	char	 input[17];	/* input_hash() as hex */
	char	*err;
};

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

static void
plan_init(struct plan *pl)
{
	memset(pl, 0, sizeof *pl);
	pl->h = FO_FNV_SEED;
}

static void
plan_release(struct plan *pl)
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
static uint64_t
input_hash(const struct fo_content *c, const struct fo_page *p)
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

	plan_init(pl);
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
	plan_release(pl);
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
		st = fo_xdoc_value(d, SLOT_KIND, pl->kind, strlen(pl->kind));
	if (st == FO_OK)
		st = fo_xdoc_value(d, SLOT_NUMBER, pl->number,
		    strlen(pl->number));
	if (st == FO_OK)
		st = fo_xdoc_value(d, SLOT_HASH, pl->hash, strlen(pl->hash));
	if (st == FO_OK)
		st = fo_xdoc_value(d, SLOT_INPUT, pl->input, strlen(pl->input));
	if (st == FO_OK)
		st = fo_xdoc_data(d, pl->data, pl->datalen);
	if (st != FO_OK)
		pl->err = fo_xstrdup(fo_xdoc_errmsg(d));
	return st;
}

/* plan_page() then plan_doc(), unless 'skip' (the input is unchanged:
 * pl->skip set, nothing else); on failure pl->err may say why. */
static enum fo_status
plan_all(struct plan *pl, const struct fo_content *c, const struct fo_page *p,
    struct fo_analyzer *an, int skip)
{
	enum fo_status st;

	if (skip) {
		plan_init(pl);
		pl->skip = 1;
		return FO_OK;
	}
	if ((st = plan_page(pl, c, p, an)) != FO_OK)
		return st;
	snprintf(pl->input, sizeof pl->input, "%016llx",
	    (unsigned long long)input_hash(c, p));
	return plan_doc(pl, p->id);
}

/* ---- files ----------------------------------------------------------- */

static int
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out, r = -1;

	if ((in = open(from, O_RDONLY)) < 0)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto done;
	if (n == 0 && fsync(out) == 0)
		r = 0;
done:
	if (close(out) != 0)
		r = -1;
	close(in);
	return r;
}

/* Copy the regular files of directory 'from' into new directory 'to',
 * and its folders (a sharded generation's shards) likewise. */
static int
copy_dir(const char *from, const char *to)
{
	struct fo_buf a = FO_BUF_INIT, b = FO_BUF_INIT;
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int r = 0;

	if ((d = opendir(from)) == NULL)
		return -1;
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fo_buf_reset(&a);
		fo_buf_reset(&b);
		fo_buf_printf(&a, "%s/%s", from, de->d_name);
		fo_buf_printf(&b, "%s/%s", to, de->d_name);
		if (lstat(a.data, &sb) != 0)
			r = -1;
		else if (S_ISREG(sb.st_mode))
			r = copy_file(a.data, b.data);
		else if (S_ISDIR(sb.st_mode))
			r = mkdir(b.data, 0755) != 0 ? -1 :
			    copy_dir(a.data, b.data);
	}
	closedir(d);
	fo_buf_release(&a);
	fo_buf_release(&b);
	return r;
}

/* Largest numeric entry name in 'gdir'; 0 if none. */
static unsigned long
max_generation(const char *gdir)
{
	struct dirent *de;
	unsigned long max = 0, v;
	char *end;
	DIR *d;

	if ((d = opendir(gdir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		v = strtoul(de->d_name, &end, 10);
		if (v > max)
			max = v;
	}
	closedir(d);
	return max;
}

/* Remove every entry of 'gdir' except 'keep', 'keep2' (may be NULL)
 * and the lock file. */
static void
prune_generations(const char *gdir, const char *keep, const char *keep2)
{
	struct fo_buf p = FO_BUF_INIT;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(gdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, keep) == 0 ||
		    strcmp(de->d_name, LOCK_NAME) == 0 ||
		    (keep2 != NULL && strcmp(de->d_name, keep2) == 0))
			continue;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", gdir, de->d_name);
		(void)fo_rmtree(p.data);
	}
	closedir(d);
	fo_buf_release(&p);
}

static int
dir_is_empty(const char *path)
{
	struct dirent *de;
	DIR *d;
	int empty = 1;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

static int
mkdir_p(const char *path)
{
	char *s = fo_xstrdup(path), *q;
	int r = 0;

	for (q = s + 1; *q != '\0'; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(s, 0755) != 0 && errno != EEXIST)
			r = -1;
		*q = '/';
	}
	if (r == 0 && mkdir(s, 0755) != 0 && errno != EEXIST)
		r = -1;
	free(s);
	return r;
}

/* ---- the build ------------------------------------------------------- */

struct build {
	const struct fo_content *c;
	struct fo_analyzer *an;
	struct fo_index_stats *stats;
	struct fo_buf msg;
	char	*parent;	/* directory holding dbdir */
	char	*base;		/* last component of dbdir */
	char	*gdir;		/* <dbdir>.gen */
	char	*prev;		/* previous index directory, NULL if none */
	int	 legacy;	/* dbdir is a plain directory */
	char	 gen[32];	/* new generation name */
	char	*newdir;	/* <gdir>/<gen> */
	struct fo_xdb *old;	/* previous index, read-only; NULL if none */
	struct shardw *sh;	/* the new generation's shards */
	unsigned nshards;
	unsigned lastdocid;	/* highest docid given so far */
	int	 serial;	/* writers joined: no more threads */
	int	 lockfd;	/* <gdir>/lock, flock(2)ed; -1 if none */
};

/* The previous generation's name if it lives in gdir: it is kept until
 * the next build, so a reader that opened it just before the switch can
 * finish (Xapian opens some tables lazily). */
static const char *
keep_previous(const struct build *bd)
{
	size_t n = strlen(bd->gdir);

	if (bd->prev == NULL || bd->legacy ||
	    strncmp(bd->prev, bd->gdir, n) != 0 || bd->prev[n] != '/')
		return NULL;
	return bd->prev + n + 1;
}

static enum fo_status
fail(struct build *bd, enum fo_status st, const char *fmt, const char *arg,
    const char *detail)
{
	fo_buf_reset(&bd->msg);
	fo_buf_printf(&bd->msg, fmt, arg);
	if (detail != NULL && *detail != '\0')
		fo_buf_printf(&bd->msg, ": %s", detail);
	return st;
}

static enum fo_status
xfail(struct build *bd, struct fo_xdb *db, enum fo_status st, const char *what)
{
	return fail(bd, st, "%s", what, fo_xdb_errmsg(db));
}

/* Find the previous index: set prev/legacy, or refuse what is there. */
static enum fo_status
locate(struct build *bd, const char *dbdir)
{
	struct fo_buf t = FO_BUF_INIT;
	char link[PATH_MAX];
	struct stat sb;
	ssize_t n;

	if (lstat(dbdir, &sb) != 0) {
		if (errno == ENOENT)
			return FO_OK;
		return fail(bd, FO_EIO, "%s", dbdir, strerror(errno));
	}
	if (S_ISLNK(sb.st_mode)) {
		n = readlink(dbdir, link, sizeof link - 1);
		if (n < 0)
			return fail(bd, FO_EIO, "%s", dbdir, strerror(errno));
		link[n] = '\0';
		if (link[0] == '/')
			fo_buf_puts(&t, link);
		else
			fo_buf_printf(&t, "%s/%s", bd->parent, link);
		if (stat(t.data, &sb) == 0 && S_ISDIR(sb.st_mode))
			bd->prev = fo_buf_detach(&t, NULL);
		fo_buf_release(&t);
		return FO_OK;
	}
	if (S_ISDIR(sb.st_mode)) {
		fo_buf_printf(&t, "%s/iamglass", dbdir);
		if (stat(t.data, &sb) != 0 && !dir_is_empty(dbdir)) {
			fo_buf_release(&t);
			return fail(bd, FO_EINVAL, "%s exists and is neither an "
			    "index nor empty; move it away", dbdir, NULL);
		}
		fo_buf_release(&t);
		bd->legacy = 1;
		bd->prev = fo_xstrdup(dbdir);
		return FO_OK;
	}
	return fail(bd, FO_EINVAL, "%s exists and is not a directory or a "
	    "symlink to one; move it away", dbdir, NULL);
}

/* Switch 'dbdir' to the new generation. */
static enum fo_status
switch_link(struct build *bd, const char *dbdir)
{
	struct fo_buf target = FO_BUF_INIT, tmp = FO_BUF_INIT,
	    aside = FO_BUF_INIT;
	enum fo_status st = FO_OK;

	fo_buf_printf(&target, "%s.gen/%s", bd->base, bd->gen);
	fo_buf_printf(&tmp, "%s/.%s.tmp-%ld", bd->parent, bd->base,
	    (long)getpid());
	(void)unlink(tmp.data);
	if (symlink(target.data, tmp.data) != 0) {
		st = fail(bd, FO_EIO, "symlink %s", tmp.data, strerror(errno));
		goto out;
	}
	if (bd->legacy) {
		/* rename(2) cannot put a symlink over a directory: move the
		 * old index aside first (the only non-atomic step; a reader
		 * in between sees no index, never a broken one). */
		fo_buf_printf(&aside, "%s/legacy-%s", bd->gdir, bd->gen);
		if (rename(dbdir, aside.data) != 0) {
			st = fail(bd, FO_EIO, "rename %s", dbdir, strerror(errno));
			(void)unlink(tmp.data);
			goto out;
		}
	}
	if (rename(tmp.data, dbdir) != 0) {
		st = fail(bd, FO_EIO, "rename to %s", dbdir, strerror(errno));
		if (bd->legacy)
			(void)rename(aside.data, dbdir);
		(void)unlink(tmp.data);
		goto out;
	}
	(void)fsync_path(bd->parent);
out:
	fo_buf_release(&target);
	fo_buf_release(&tmp);
	fo_buf_release(&aside);
	return st;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is "Q<id>" 'idterm' the id of a page?  'ids': the pages' ids, sorted
 * (a scan of every page for every id took half a one-file rebuild at
 * 10,000 pages). */
static int
has_id(const char *const *ids, size_t n, const char *idterm)
{
	const char *key = idterm + strlen(FO_PREFIX_ID);

	return bsearch(&key, ids, n, sizeof *ids, cmp_str) != NULL;
}

/* ---- analysis ahead of the writer ------------------------------------
 *
 * With two processors, a second thread analyses the pages and builds
 * their Xapian documents, in page order, into a ring of RING plans, while
 * the calling thread hands them to Xapian in the same order (Xapian's
 * inverter and commits, the larger half, stay in one thread).  The index
 * is the same either way (test_index compares every page's content hash
 * with a FIVEOUT_THREADS=1 build).  The worker has its own analyzer
 * (fo_analyzer_clone()): analyzers are not shared between threads.
 */
#define RING		32
#define AHEAD_MIN_PAGES	64	/* below this a second analyzer costs more */

struct ahead {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	pthread_t	 th;
	const struct fo_content *c;
	const char	*skip;		/* [page]: input unchanged */
	struct fo_analyzer *an;		/* the worker's own */
	struct plan	 ring[RING];
	enum fo_status	 st[RING];
	size_t		 made, used;	/* pages analysed / taken */
	int		 stop;
};

static void *
ahead_main(void *arg)
{
	struct ahead *a = arg;
	size_t i;

	for (i = 0; i < a->c->npages; i++) {
		struct plan pl;
		enum fo_status st;

		pthread_mutex_lock(&a->mu);
		while (!a->stop && a->made - a->used == RING)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			break;
		}
		pthread_mutex_unlock(&a->mu);
		st = plan_all(&pl, a->c, a->c->pages[i], a->an, a->skip[i]);
		pthread_mutex_lock(&a->mu);
		a->ring[i % RING] = pl;
		a->st[i % RING] = st;
		a->made++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	return NULL;
}

/* Start the worker if it pays; 0 (and nothing started) otherwise. */
static int
ahead_start(struct ahead *a, const struct fo_content *c,
    struct fo_analyzer *an, const char *skip, size_t nwork)
{
	const char *env = getenv("FIVEOUT_THREADS");
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(a, 0, sizeof *a);
	if (nwork < AHEAD_MIN_PAGES || ncpu < 2 ||
	    (env != NULL && atoi(env) == 1))
		return 0;
	if (fo_analyzer_clone(an, &a->an, NULL) != FO_OK)
		return 0;	/* analyse in this thread instead */
	a->c = c;
	a->skip = skip;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	if (pthread_create(&a->th, NULL, ahead_main, a) != 0) {
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		fo_analyzer_free(a->an);
		return 0;
	}
	return 1;
}

/* Page i's plan, analysed by the worker; the caller owns it. */
static enum fo_status
ahead_take(struct ahead *a, size_t i, struct plan *pl)
{
	enum fo_status st;

	pthread_mutex_lock(&a->mu);
	while (a->made <= i)
		pthread_cond_wait(&a->cv, &a->mu);
	*pl = a->ring[i % RING];
	st = a->st[i % RING];
	a->used++;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	return st;
}

/* Stop the worker (early or not) and free what it made and nobody took. */
static void
ahead_finish(struct ahead *a)
{
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	for (; a->used < a->made; a->used++)
		plan_release(&a->ring[a->used % RING]);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	fo_analyzer_free(a->an);
}

/* ---- the shards' writers -------------------------------------------
 *
 * One database, or N shards each written by its own thread (Xapian's
 * writes to one database cannot be split; to N databases they can).
 * A page goes to the shard its docid puts it in (xap.h: docid g is in
 * shard (g - 1) % N, as its document (g - 1) / N + 1), and docids are
 * given as one database would give them: 1, 2, 3 ... in page order in a
 * new generation, the next unused one for a page new to an updated one.
 * So the shards, searched as one, are that one database: the same
 * docids, the same statistics, the same weights and the same order (ties
 * go by docid), and the browser's export reads the same numbers.  A page
 * keeps its shard while it exists, so an update writes only the shards
 * whose pages changed (and the first, which keeps the build time).
 */
struct job {
	struct fo_xdoc *xd;	/* owned by the job */
	const char *path;	/* the page's file, for messages */
	unsigned docid;		/* in the shard; 0: by its id term */
	int	 fresh;		/* fo_xdb_put_doc()'s 'fresh' */
};

struct shardw {
	struct fo_xdb *db;	/* NULL until the shard is written to */
	char	*dir;
	size_t	 written;
	enum fo_status st;	/* the first failure, and its message */
	char	*err;
	/* its thread, with more than one shard */
	int	 threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job q[RING];
	size_t	 head, tail;	/* jobs queued / taken */
	int	 done;
};

static void
write_job(struct shardw *w, struct job *j)
{
	enum fo_status st;

	if (w->st == FO_OK) {
		st = j->docid != 0 ? fo_xdb_put_doc_at(w->db, j->xd, j->docid) :
		    fo_xdb_put_doc(w->db, j->xd, j->fresh);
		if (st == FO_OK && ++w->written % FLUSH_DOCS == 0)
			st = fo_xdb_commit(w->db);
		if (st != FO_OK) {
			struct fo_buf m = FO_BUF_INIT;

			fo_buf_printf(&m, "%s: %s", j->path,
			    fo_xdb_errmsg(w->db));
			if (w->threaded)	/* shard_failed() reads it */
				pthread_mutex_lock(&w->mu);
			w->err = fo_buf_detach(&m, NULL);
			w->st = st;
			if (w->threaded)
				pthread_mutex_unlock(&w->mu);
		}
	}
	fo_xdoc_free(j->xd);
	j->xd = NULL;
}

static void *
shard_main(void *arg)
{
	struct shardw *w = arg;
	struct job j;

	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (w->tail == w->head && !w->done)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->tail == w->head) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		j = w->q[w->tail % RING];
		pthread_mutex_unlock(&w->mu);
		write_job(w, &j);	/* w->st: only this thread writes it */
		pthread_mutex_lock(&w->mu);
		w->tail++;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

/* Shard i's database, opened (and its writer started) on first use. */
static enum fo_status
shard_open(struct build *bd, unsigned i, enum fo_xdb_mode mode)
{
	struct shardw *w = &bd->sh[i];
	enum fo_status st;
	char *emsg = NULL;

	if (w->db != NULL)
		return FO_OK;
	if ((st = fo_xdb_open(w->dir, mode, &w->db, &emsg)) != FO_OK) {
		fail(bd, st, "%s", emsg ? emsg : w->dir, NULL);
		free(emsg);
		return st;
	}
	if (bd->nshards > 1 && !bd->serial) {
		pthread_mutex_init(&w->mu, NULL);
		pthread_cond_init(&w->cv, NULL);
		if (pthread_create(&w->th, NULL, shard_main, w) == 0)
			w->threaded = 1;
		else {		/* written by this thread instead */
			pthread_mutex_destroy(&w->mu);
			pthread_cond_destroy(&w->cv);
		}
	}
	return FO_OK;
}

/* Hand 'j' (its document included) to shard i's writer. */
static enum fo_status
shard_put(struct build *bd, unsigned i, struct job *j)
{
	struct shardw *w = &bd->sh[i];
	enum fo_status st = FO_OK;

	if (!w->threaded) {
		write_job(w, j);
		st = w->st;
	} else {
		pthread_mutex_lock(&w->mu);
		while (w->head - w->tail == RING)
			pthread_cond_wait(&w->cv, &w->mu);
		w->q[w->head % RING] = *j;
		w->head++;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		j->xd = NULL;
	}
	if (st != FO_OK)
		fail(bd, st, "%s", w->err, NULL);
	return st;
}

/* Stop every writer (after its queue) and report the first failure. */
static enum fo_status
shard_join(struct build *bd)
{
	enum fo_status st = FO_OK;
	unsigned i;

	bd->serial = 1;
	for (i = 0; i < bd->nshards; i++) {
		struct shardw *w = &bd->sh[i];

		if (w->threaded) {
			pthread_mutex_lock(&w->mu);
			w->done = 1;
			pthread_cond_broadcast(&w->cv);
			pthread_mutex_unlock(&w->mu);
			pthread_join(w->th, NULL);
			pthread_mutex_destroy(&w->mu);
			pthread_cond_destroy(&w->cv);
			w->threaded = 0;
		}
		if (st == FO_OK && w->st != FO_OK)
			st = fail(bd, w->st, "%s", w->err, NULL);
	}
	return st;
}

/* Has a writer failed?  (Read under its lock: its thread sets it.) */
static int
shard_failed(struct build *bd, unsigned i)
{
	struct shardw *w = &bd->sh[i];
	int f;

	if (!w->threaded)
		return w->st != FO_OK;
	pthread_mutex_lock(&w->mu);
	f = w->st != FO_OK;
	pthread_mutex_unlock(&w->mu);
	return f;
}

static void
shards_close(struct build *bd)
{
	unsigned i;

	if (bd->sh == NULL)
		return;
	(void)shard_join(bd);
	for (i = 0; i < bd->nshards; i++) {
		fo_xdb_close(bd->sh[i].db);
		free(bd->sh[i].dir);
		free(bd->sh[i].err);
	}
	free(bd->sh);
	bd->sh = NULL;
}

/* The shard of docid 'g' among 'n' (xap.h: Xapian's interleaving). */
static unsigned
shard_of(unsigned g, unsigned n)
{
	return (g - 1) % n;
}

/* Write page 'p's document 'xd' (taken over) where it belongs: its old
 * docid's shard if the previous index has it, else the next docid's. */
static enum fo_status
place_page(struct build *bd, const struct fo_page *p, const char *idterm,
    struct fo_xdoc *xd, int incremental)
{
	struct job j = { xd, p->path, 0, !incremental };
	unsigned g = 0, n = bd->nshards, s;
	enum fo_status st;

	if (incremental && fo_xdb_docid(bd->old, idterm, &g) == FO_OK)
		s = shard_of(g, n);	/* replaced by its id term */
	else {
		g = ++bd->lastdocid;
		s = shard_of(g, n);
		if (incremental)	/* its document number in the shard */
			j.docid = (g - 1) / n + 1;
	}
	if ((st = shard_open(bd, s, FO_XDB_UPDATE)) != FO_OK) {
		fo_xdoc_free(xd);
		return st;
	}
	if (shard_failed(bd, s)) {
		fo_xdoc_free(xd);
		return shard_join(bd);
	}
	return shard_put(bd, s, &j);
}

static enum fo_status
build_pages(struct build *bd, int incremental)
{
	struct fo_buf idterm = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	char *oldhash, **ids = NULL, *skip;
	size_t i, nids = 0, nwork = bd->c->npages;
	struct ahead ah;
	int threaded;

	/* Pages whose input is what the previous index recorded are not
	 * analysed at all. */
	skip = fo_xcalloc(bd->c->npages + 1, 1);
	for (i = 0; incremental && bd->old != NULL && i < bd->c->npages; i++) {
		const struct fo_page *p = bd->c->pages[i];
		char in[17], *old = NULL;

		snprintf(in, sizeof in, "%016llx",
		    (unsigned long long)input_hash(bd->c, p));
		fo_buf_reset(&idterm);
		fo_buf_printf(&idterm, FO_PREFIX_ID "%s", p->id);
		if (fo_xdb_get_value(bd->old, idterm.data, SLOT_INPUT, &old,
		    NULL) == FO_OK && strcmp(old, in) == 0) {
			skip[i] = 1;
			nwork--;
		}
		free(old);
	}
	threaded = ahead_start(&ah, bd->c, bd->an, skip, nwork);

	for (i = 0; i < bd->c->npages; i++) {
		const struct fo_page *p = bd->c->pages[i];
		struct plan pl;

		fo_buf_reset(&idterm);
		fo_buf_printf(&idterm, FO_PREFIX_ID "%s", p->id);
		st = threaded ? ahead_take(&ah, i, &pl) :
		    plan_all(&pl, bd->c, p, bd->an, skip[i]);
		if (st != FO_OK) {
			fail(bd, st, "%s: cannot analyse the text", p->path,
			    pl.err);
			plan_release(&pl);
			goto out;
		}
		if (pl.skip) {
			bd->stats->unchanged++;
			plan_release(&pl);
			continue;
		}
		oldhash = NULL;
		if (bd->old != NULL &&
		    fo_xdb_get_value(bd->old, idterm.data, SLOT_HASH, &oldhash,
		    NULL) != FO_OK)
			oldhash = NULL;
		if (incremental && oldhash != NULL &&
		    strcmp(oldhash, pl.hash) == 0)
			bd->stats->unchanged++;
		else {
			st = place_page(bd, p, idterm.data, pl.xd, incremental);
			pl.xd = NULL;
			if (st != FO_OK) {
				free(oldhash);
				plan_release(&pl);
				goto out;
			}
			if (oldhash != NULL)
				bd->stats->replaced++;
			else
				bd->stats->added++;
		}
		free(oldhash);
		plan_release(&pl);
	}

	/* every page is written: the deletes below run in this thread */
	if ((st = shard_join(bd)) != FO_OK)
		goto out;
	/* pages that vanished: in the old index but not in the content */
	if (bd->old != NULL) {
		const char **pids = fo_xcalloc(bd->c->npages + 1,
		    sizeof *pids);

		for (i = 0; i < bd->c->npages; i++)
			pids[i] = bd->c->pages[i]->id;
		qsort(pids, bd->c->npages, sizeof *pids, cmp_str);
		st = fo_xdb_idterms(bd->old, FO_PREFIX_ID, &ids, &nids);
		if (st != FO_OK) {
			free(pids);
			xfail(bd, bd->old, st, "reading the previous index");
			goto out;
		}
		for (i = 0; i < nids; i++) {
			unsigned g, sh;

			if (has_id(pids, bd->c->npages, ids[i]))
				continue;
			if (incremental) {
				if ((st = fo_xdb_docid(bd->old, ids[i], &g)) !=
				    FO_OK) {
					free(pids);
					xfail(bd, bd->old, st, "reading the "
					    "previous index");
					goto out;
				}
				sh = shard_of(g, bd->nshards);
				if ((st = shard_open(bd, sh, FO_XDB_UPDATE)) !=
				    FO_OK) {
					free(pids);
					goto out;
				}
				if ((st = fo_xdb_delete(bd->sh[sh].db, ids[i])) !=
				    FO_OK) {
					free(pids);
					xfail(bd, bd->sh[sh].db, st,
					    "deleting a page");
					goto out;
				}
			}
			bd->stats->deleted++;
		}
		free(pids);
	}
out:
	if (threaded)
		ahead_finish(&ah);
	free(skip);
	fo_strv_free(ids, nids);
	fo_buf_release(&idterm);
	return st;
}

/*
 * The metadata.  Every shard carries the vocabulary, the pinyin cache and
 * the fingerprint (a search needs them, also with the first shard
 * missing: xap.h), written again only where they changed; the first
 * shard also carries the build time.
 */
static enum fo_status
write_meta(struct build *bd, const struct fo_vocab *v, int incremental)
{
	struct {
		const char *key, *what;
		char	*val;
		size_t	 len;
		int	 same;	/* as in the previous index */
	} m[3] = {
		{ FO_META_VOCAB, "writing the vocabulary", NULL, 0, 0 },
		{ FO_META_PINYIN, "writing the pinyin cache", NULL, 0, 0 },
		{ FO_META_FINGERPRINT, "writing the fingerprint", NULL, 0, 0 },
	};
	char when[32];
	enum fo_status st = FO_OK;
	time_t now = time(NULL);
	struct tm tm;
	unsigned i;
	size_t k;

	m[0].val = fo_vocab_encode(v, &m[0].len);
	m[1].val = fo_vocab_encode_pinyin(v, &m[1].len);
	m[2].val = fo_xstrdup(fo_analyzer_fingerprint(bd->an));
	m[2].len = strlen(m[2].val);
	for (k = 0; incremental && k < 3; k++) {
		char *old = NULL;
		size_t len = 0;

		m[k].same = fo_xdb_get_metadata(bd->old, m[k].key, &old,
		    &len) == FO_OK && len == m[k].len &&
		    memcmp(old, m[k].val, len) == 0;
		free(old);
	}
	for (i = 0; i < bd->nshards && st == FO_OK; i++)
		for (k = 0; k < 3 && st == FO_OK; k++) {
			struct fo_xdb *db;

			if (i > 0 && m[k].same)
				continue;
			if ((st = shard_open(bd, i, FO_XDB_UPDATE)) != FO_OK)
				break;
			db = bd->sh[i].db;
			if ((st = fo_xdb_set_metadata(db, m[k].key, m[k].val,
			    m[k].len)) != FO_OK)
				xfail(bd, db, st, m[k].what);
		}
	if (st == FO_OK) {
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if ((st = shard_open(bd, 0, FO_XDB_UPDATE)) == FO_OK &&
		    (st = fo_xdb_set_metadata(bd->sh[0].db, FO_META_BUILT,
		    when, strlen(when))) != FO_OK)
			xfail(bd, bd->sh[0].db, st, "writing the build time");
	}
	for (k = 0; k < 3; k++)
		free(m[k].val);
	return st;
}

/* Commit every shard written to. */
static enum fo_status
shards_commit(struct build *bd)
{
	enum fo_status st;
	unsigned i;

	if ((st = shard_join(bd)) != FO_OK)
		return st;
	for (i = 0; i < bd->nshards; i++)
		if (bd->sh[i].db != NULL &&
		    (st = fo_xdb_commit(bd->sh[i].db)) != FO_OK)
			return fail(bd, st, "%s: commit", bd->sh[i].dir,
			    fo_xdb_errmsg(bd->sh[i].db));
	return FO_OK;
}

/* How many shards a new index gets when not told: one below
 * SHARD_MIN_PAGES pages (measured: see bench/README.md), else one per
 * processor. */
static unsigned
auto_shards(size_t npages)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	if (npages < SHARD_MIN_PAGES || ncpu < 2)
		return 1;
	return ncpu > FO_INDEX_SHARDS_MAX ? FO_INDEX_SHARDS_MAX :
	    (unsigned)ncpu;
}

/* Lay out the new generation's shards: the generation's own directory
 * for one, <gen>/shard<i> and the stub <gen>/XAPIANDB for more; a new
 * index's shards are created and opened now. */
static enum fo_status
shards_init(struct build *bd, int incremental)
{
	char **names = fo_xcalloc(bd->nshards, sizeof *names);
	enum fo_status st = FO_OK;
	char *emsg = NULL;
	unsigned i;

	bd->sh = fo_xcalloc(bd->nshards, sizeof *bd->sh);
	for (i = 0; i < bd->nshards; i++) {
		struct fo_buf b = FO_BUF_INIT;

		fo_buf_printf(&b, "shard%u", i);
		names[i] = fo_buf_detach(&b, NULL);
		fo_buf_printf(&b, "%s%s%s", bd->newdir, bd->nshards > 1 ?
		    "/" : "", bd->nshards > 1 ? names[i] : "");
		bd->sh[i].dir = fo_buf_detach(&b, NULL);
	}
	if (!incremental && bd->nshards > 1) {
		if (mkdir(bd->newdir, 0755) != 0)
			st = fail(bd, FO_EIO, "mkdir %s", bd->newdir,
			    strerror(errno));
		else if ((st = fo_xdb_write_stub(bd->newdir, names,
		    bd->nshards, &emsg)) != FO_OK)
			fail(bd, st, "%s", emsg, NULL);
	}
	for (i = 0; i < bd->nshards && st == FO_OK; i++)
		if (!incremental)
			st = shard_open(bd, i, FO_XDB_CREATE);
	fo_strv_free(names, bd->nshards);
	free(emsg);
	return st;
}

static void
split_path(struct build *bd, const char *dbdir)
{
	char *s = fo_xstrdup(dbdir), *slash;
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	slash = strrchr(s, '/');
	if (slash == NULL) {
		bd->parent = fo_xstrdup(".");
		bd->base = fo_xstrdup(s);
	} else if (slash == s) {
		bd->parent = fo_xstrdup("/");
		bd->base = fo_xstrdup(s + 1);
	} else {
		*slash = '\0';
		bd->parent = fo_xstrdup(s);
		bd->base = fo_xstrdup(slash + 1);
	}
	free(s);
}

enum fo_status
fo_index_build(const struct fo_content *c, struct fo_analyzer *an,
    const char *dbdir, struct fo_index_stats *stats, char **errmsg)
{
	return fo_index_build_sharded(c, an, dbdir, 0, stats, errmsg);
}

enum fo_status
fo_index_build_sharded(const struct fo_content *c, struct fo_analyzer *an,
    const char *dbdir, unsigned nshards, struct fo_index_stats *stats,
    char **errmsg)
{
	struct fo_index_stats dummy;
	struct build bd;
	struct fo_buf path = FO_BUF_INIT;
	struct fo_vocab *v = NULL;
	char *pycache = NULL;
	size_t pylen = 0;
	enum fo_status st;
	char *oldfp = NULL, *emsg = NULL;
	int incremental = 0, committed = 0;
	size_t fplen;

	if (errmsg != NULL)
		*errmsg = NULL;
	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	if (c == NULL || an == NULL || dbdir == NULL || *dbdir == '\0' ||
	    nshards > FO_INDEX_SHARDS_MAX)
		return FO_EINVAL;
	memset(&bd, 0, sizeof bd);
	bd.lockfd = -1;
	fo_buf_init(&bd.msg);
	bd.c = c;
	bd.an = an;
	bd.stats = stats;
	if (c->diags.nerrors > 0) {
		st = fail(&bd, FO_EINVAL, "%s: content has errors", c->root, NULL);
		goto out;
	}
	split_path(&bd, dbdir);
	fo_buf_printf(&path, "%s.gen", dbdir);
	bd.gdir = fo_buf_detach(&path, NULL);

	/* The vocabulary changes the analyzer: build it first, with the
	 * pinyin the index in place already has (no ICU transliterator
	 * unless a word is new). */
	{
		struct fo_xdb *cur;

		if (fo_xdb_open(dbdir, FO_XDB_READ, &cur, NULL) == FO_OK) {
			if (fo_xdb_get_metadata(cur, FO_META_PINYIN, &pycache,
			    &pylen) != FO_OK) {
				free(pycache);
				pycache = NULL;
				pylen = 0;
			}
			fo_xdb_close(cur);
		}
	}
	st = fo_vocab_build_cached(c, an, pycache, pylen, &v);
	free(pycache);
	if (st != FO_OK) {
		fail(&bd, st, "%s: cannot build the vocabulary", c->root, NULL);
		goto out;
	}
	if (mkdir_p(bd.gdir) != 0) {
		st = fail(&bd, FO_EIO, "mkdir %s", bd.gdir, strerror(errno));
		goto out;
	}
	fo_buf_printf(&path, "%s/" LOCK_NAME, bd.gdir);
	bd.lockfd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	fo_buf_reset(&path);
	if (bd.lockfd < 0) {
		st = fail(&bd, FO_EIO, "%s/" LOCK_NAME, bd.gdir, strerror(errno));
		goto out;
	}
	if (flock(bd.lockfd, LOCK_EX | LOCK_NB) != 0) {
		st = fail(&bd, FO_EIO, "%s is being built by another process",
		    dbdir, NULL);
		goto out;
	}
	if ((st = locate(&bd, dbdir)) != FO_OK)
		goto out;
	snprintf(bd.gen, sizeof bd.gen, "%lu", max_generation(bd.gdir) + 1);
	fo_buf_printf(&path, "%s/%s", bd.gdir, bd.gen);
	bd.newdir = fo_buf_detach(&path, NULL);
	(void)fo_rmtree(bd.newdir);

	/* A previous index that will not open (damaged, empty) is simply
	 * rebuilt from scratch; so is one of another analyzer or another
	 * number of shards.  Not told how many, an index keeps its own. */
	if (bd.prev != NULL &&
	    fo_xdb_open(bd.prev, FO_XDB_READ, &bd.old, NULL) == FO_OK &&
	    fo_xdb_get_metadata(bd.old, FO_META_FINGERPRINT, &oldfp,
	    &fplen) == FO_OK &&
	    strcmp(oldfp, fo_analyzer_fingerprint(an)) == 0 &&
	    (nshards == 0 || nshards == fo_xdb_nshards(bd.old)) &&
	    fo_xdb_lastdocid(bd.old, &bd.lastdocid) == FO_OK) {
		nshards = fo_xdb_nshards(bd.old);
		if (mkdir(bd.newdir, 0755) != 0 ||
		    copy_dir(bd.prev, bd.newdir) != 0) {
			/* fall back to a full build */
			(void)fo_rmtree(bd.newdir);
			bd.lastdocid = 0;
		} else
			incremental = 1;
	}
	bd.nshards = nshards != 0 ? nshards : auto_shards(c->npages);
	if ((st = shards_init(&bd, incremental)) != FO_OK)
		goto out;
	if ((st = build_pages(&bd, incremental)) != FO_OK)
		goto out;
	if ((st = write_meta(&bd, v, incremental)) != FO_OK)
		goto out;
	if ((st = shards_commit(&bd)) != FO_OK)
		goto out;
	shards_close(&bd);
	fo_xdb_close(bd.old);
	bd.old = NULL;
	if ((st = fo_index_seal(bd.newdir, &emsg)) != FO_OK) {
		fail(&bd, st, "%s", emsg, NULL);
		goto out;
	}
	if (fsync_path(bd.newdir) != 0 || fsync_path(bd.gdir) != 0) {
		st = fail(&bd, FO_EIO, "fsync %s", bd.newdir, strerror(errno));
		goto out;
	}
	if ((st = switch_link(&bd, dbdir)) != FO_OK)
		goto out;
	committed = 1;
	prune_generations(bd.gdir, bd.gen, keep_previous(&bd));
out:
	shards_close(&bd);
	fo_xdb_close(bd.old);
	if (!committed && bd.newdir != NULL)
		(void)fo_rmtree(bd.newdir);
	if (st != FO_OK) {
		memset(stats, 0, sizeof *stats);
		if (errmsg != NULL)
			*errmsg = fo_buf_detach(&bd.msg, NULL);
	}
	if (bd.lockfd >= 0)
		close(bd.lockfd);	/* releases the flock */
	fo_vocab_free(v);
	free(oldfp);
	free(emsg);
	free(bd.parent);
	free(bd.base);
	free(bd.gdir);
	free(bd.prev);
	free(bd.newdir);
	fo_buf_release(&bd.msg);
	fo_buf_release(&path);
	return st;
}
