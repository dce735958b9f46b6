/* site/site.h -- fiveout-site internals.  site.c builds the site: it
 * computes every page and its address first (urls.c), then hands each
 * output format its inputs and takes back its results: html/ (the
 * pages; its own header html/html.h), sitemap.c (and robots.txt),
 * atom.c, searchidx.c (the browser search index).  Beneath them:
 * escape.c, targets.c (quantified targets), cache.c, gz.c and out.c
 * (the output tree: path checks, .gz twins, atomic switch).  No file
 * calls back into one that calls it (tests/e2e/callgraph.sh).  Nothing
 * here prints, exits or reads the environment; only main.c does.
 */
#ifndef FO_SITE_H
#define FO_SITE_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "buf.h"
#include "json.h"
#include "content.h"
#include "history.h"
#include "fs.h"
#include "status.h"

/* ---- escape.c ---------------------------------------------------- */

/* Append 's' (n bytes) to 'b' with & < > " ' escaped: safe both as
 * element text and inside a double- or single-quoted attribute. */
void	fo_esc_html(struct fo_buf *b, const char *s, size_t n);
void	fo_esc_htmls(struct fo_buf *b, const char *s);	/* NUL-terminated */
/* XML 1.0 text/attribute escaping (drops C0 controls XML forbids). */
void	fo_esc_xml(struct fo_buf *b, const char *s);
/* Percent-encode every byte outside [A-Za-z0-9-._~] (for a path
 * segment or a query value). */
void	fo_esc_url(struct fo_buf *b, const char *s, size_t n);
/* 1 if 'url' is an http:, https: or mailto: URL without spaces or
 * controls, i.e. safe to use as an external href. */
int	fo_url_is_external_safe(const char *url);

/* ---- gz.c -------------------------------------------------------- */

/* Compress 'n' bytes of 'p' into gzip format (zlib deflate, windowBits
 * 31, level 6, mtime 0 so output is reproducible); appends to 'out'.
 * Returns FO_OK or FO_ENOMEM/FO_EINTERNAL from zlib. */
enum fo_status fo_gzip(const void *p, size_t n, struct fo_buf *out);
/* The same with streams reused from file to file (same bytes, without
 * deflateInit2's ~400 KB of allocation per file).  Free with
 * fo_gz_free() (NULL is a no-op). */
struct fo_gz;
struct fo_gz *fo_gz_new(void);
enum fo_status fo_gz_compress(struct fo_gz *z, const void *p, size_t n,
    struct fo_buf *out);
void	fo_gz_free(struct fo_gz *z);
/* Inverse, for tests; appends to 'out'. FO_ECORRUPT on bad data. */
enum fo_status fo_gunzip(const void *p, size_t n, struct fo_buf *out);

/* ---- out.c: the output tree -------------------------------------- */

struct fo_out;	/* opaque */

/*
 * Start a build of 'outdir': everything is written into a fresh
 * directory beside it and switched in by fo_out_commit().  An existing
 * 'outdir' is replaced only if it is empty or was made by fiveout-site
 * (holds ".fiveout-site"); anything else is refused (FO_EINVAL), so
 * `-o ~` can never delete a home directory.  Caller ends with
 * fo_out_commit() or fo_out_abort() (both free *out).
 */
enum fo_status fo_out_open(const char *outdir, struct fo_out **out,
    char **errmsg);

/* 1 if 'rel' is a safe relative output path: segments of
 * [A-Za-z0-9._-], none empty or starting with '.', no leading '/'. */
int	fo_out_path_ok(const char *rel);

/*
 * Write 'n' bytes as 'rel' (directories made as needed).  If 'gz', a
 * gzip twin 'rel'.gz is written too.  FO_EINVAL for an unsafe path,
 * FO_EIO with *errmsg.
 */
enum fo_status fo_out_write(struct fo_out *o, const char *rel,
    const void *p, size_t n, int gz, char **errmsg);

/* Keep the 'n' files 'rels' and their .gz twins from the previous site
 * as they are, without reading them (the caller knows, from the cache,
 * that they would be written with the same bytes).  0 when all were
 * linked; -1 when one is missing (nothing linked: write them);
 * -2 when linking failed midway (an I/O error). */
int	fo_out_keep(struct fo_out *o, const char *const *rels, size_t n);
/* fo_out_write() of 'n' files, each with its gzip twin, on two threads
 * (rels[i] gets len[i] bytes of p[i]): the twins of big files are what
 * takes time.  The first failure is returned, with *errmsg. */
enum fo_status fo_out_write_all(struct fo_out *o, const char *const *rels,
    const void *const *p, const size_t *len, size_t n, char **errmsg);
/* The same, with a twin for rels[i] only if gz[i] (gz NULL: for all),
 * and *kept (if not NULL) = how many of the 'n' were kept from the
 * previous site (each with its twin), whatever other threads write. */
enum fo_status fo_out_write_batch(struct fo_out *o, const char *const *rels,
    const void *const *p, const size_t *len, const unsigned char *gz,
    size_t n, size_t *kept, char **errmsg);
/* fo_out_write(), fo_out_keep() and the fo_out_write_all() family may be
 * called from two threads at once. */
/* Files and bytes written so far (twins included). */
void	fo_out_stats(const struct fo_out *o, size_t *files, size_t *bytes);
/* Of those, files kept from the previous site: fo_out_write() of bytes
 * equal to the old OUTDIR/rel hard-links the old file (and its .gz
 * twin) instead of writing and compressing it again. */
size_t	fo_out_kept(const struct fo_out *o);

/* OUTDIR/.fiveout-cache, bookkeeping of fiveout-site (site/cache.c):
 * the previous site's, appended to 'b' (0; -1 if there is none), and
 * the new tree's (not counted in files/bytes, no twin). */
int	fo_out_cache_old(const struct fo_out *o, struct fo_buf *b);
enum fo_status fo_out_cache_put(struct fo_out *o, const void *p, size_t n,
    char **errmsg);
/* Or keep the previous file as it is (hard link): 0, or -1. */
int	fo_out_cache_link(struct fo_out *o);

/* Keep the tree that the commit replaces beside OUTDIR, as OUTDIR.spare,
 * for the next build (the live preview's): it updates the spare in
 * place, writing only the files whose bytes differ (by the lists of
 * outfiles.c), and switches it in, where a build without a spare makes
 * every one of thousands of files anew (directory entries cost ~20 us
 * each on ext4 here).  Without this call, any spare found is used and
 * the replaced tree is removed, so none is left. */
void	fo_out_keep_spare(struct fo_out *o);
/* Remove OUTDIR.spare, if there is one of ours (under OUTDIR.lock). */
void	fo_out_drop_spare(const char *outdir);
/* Switch the new tree in (atomic exchange where the kernel has it). */
enum fo_status fo_out_commit(struct fo_out *o, char **errmsg);
/* Have fo_out_commit() call fn(ctx) as soon as the new tree is in,
 * before the old one is removed (the live preview reloads its readers
 * then). */
void	fo_out_on_switch(struct fo_out *o, void (*fn)(void *ctx), void *ctx);
/* Remove the temporary tree; the old site stays. NULL is a no-op. */
void	fo_out_abort(struct fo_out *o);
/* fo_rmtree(): fs.h */

/* ---- outfiles.c: the list of a tree's files ------------------------- */

/* A tree's OUTDIR/.fiveout-files (the format: outfiles.c). */
struct fo_outfile {
	const char *rel;	/* borrowed from the list's text */
	uint64_t h;		/* fo_bytes_hash() of the file */
	size_t	 n, zn;		/* its bytes, its twin's */
	int	 gz;		/* it has a .gz twin */
	int	 seen;		/* out.c: this build wrote or kept it */
};
struct fo_outfiles {
	struct fo_buf text;
	struct fo_outfile *v;	size_t n;
	size_t	*slot;		size_t cap;	/* index + 1 into v */
};

/* 64-bit hash of the bytes of a file (not cryptographic). */
uint64_t fo_bytes_hash(const void *p, size_t n);
/* Read the list at 'path' into 'f': 0; -1 if it is missing or damaged
 * ('f' then empty).  Release with fo_outfiles_release() either way. */
int	fo_outfiles_load(struct fo_outfiles *f, const char *path);
/* The entry of 'rel', or NULL.  Borrowed from 'f'. */
struct fo_outfile *fo_outfiles_find(const struct fo_outfiles *f,
    const char *rel);
/* One line of the list, appended to 'b'. */
void	fo_outfiles_line(struct fo_buf *b, const char *rel, uint64_t h,
	    size_t n, int gz, size_t zn);
/* The list's text from its lines in any order (sorted; consumes them,
 * 'lines' is left empty), appended to 'out'. */
void	fo_outfiles_text(struct fo_buf *lines, struct fo_buf *out);
void	fo_outfiles_release(struct fo_outfiles *f);

/* ---- cache.c: slow results kept from the previous build ------------ */

struct fo_cache;	/* opaque */

/* OUTDIR/.fiveout-cache of the previous site, if written under 'key'
 * (the analyzer fingerprint before vocabulary: lexicon, OpenCC, ICU,
 * Unicode); else an empty cache.  Never fails; free with
 * fo_cache_free(). */
struct fo_cache *fo_cache_load(const struct fo_out *o, const char *key);
/* The value kept for ('kind', 'name'), or NULL.  Borrowed: valid until
 * fo_cache_free().  Kinds: 'p' pinyin of a tag name, 'T' the browser
 * index's Traditional->Simplified candidates. */
const char *fo_cache_get(struct fo_cache *c, char kind, const char *name);
/* Keep ('kind', 'name') -> 'val' (copied) for the next build; not kept
 * if either holds a tab or newline. */
void	fo_cache_put(struct fo_cache *c, char kind, const char *name,
	    const char *val);
/* Write the new tree's file: entries got or put in this build, and the
 * old entries of kinds it never asked for. */
enum fo_status fo_cache_save(struct fo_cache *c, struct fo_out *o,
    char **errmsg);
void	fo_cache_free(struct fo_cache *c);	/* NULL is a no-op */

/* ---- targets.c ---------------------------------------------------- */

/* One quantified target found in a paragraph. */
struct fo_target {
	char	*text;		/* the phrase as written: "不少于100个", "突破万亿元" */
	char	*qualifier;	/* 不少于 / 超过 / 以上 / 突破 ... or "" */
	char	*number;	/* "100", "万亿", "90%" */
	char	*unit;		/* "个", "家", "元", "%" ... */
	char	*context;	/* the clause fragment around it, between
				   punctuation marks (，。；：) */
	size_t	 start, end;	/* byte span in the paragraph */
};

struct fo_targets {
	struct fo_target *v;
	size_t	 n, cap;
};
#define FO_TARGETS_INIT { NULL, 0, 0 }

/* Find quantified targets in 'text' (one paragraph, UTF-8) and append
 * them to 't'.  Caller frees with fo_targets_release(). */
void	fo_targets_find(const char *text, struct fo_targets *t);
void	fo_targets_release(struct fo_targets *t);

/* ---- the site ----------------------------------------------------- */

struct fo_site_opts {
	const char *outdir;
	const char *dbdir;	/* built index; NULL: no browser search export */
	const char *lexicon;	/* NULL: analyzer default */
	const char *base_url;	/* the site's address (--base-url), ends
				   with '/': canonical and og:url links, the
				   sitemap, the feed's; NULL: none, and
				   nothing absolute is written */
	void	(*switched)(void *ctx);	/* NULL, or called once the new
					   site is in (fo_out_on_switch()) */
	void	*switched_ctx;
	int	 spare;		/* keep the replaced tree for the next build
				   to update in place (fo_out_keep_spare()) */
};

struct fo_site_stats {
	size_t	 pages, files, bytes;
	size_t	 pages_written;		/* pages whose bytes changed (or new) */
	size_t	 pages_unchanged;	/* pages kept from the previous site */
	size_t	 files_kept;		/* files kept, twins included */
	size_t	 search_terms, search_shards, search_bytes;
};

/*
 * The inputs of the browser search export (searchidx.c), which runs on
 * site.c's thread while html/ writes the pages on another: it reads
 * opts, c and an, uses cache and out (out.c locks what it must; the
 * cache is this thread's alone while the export runs), and sets
 * st.search_* and, on failure, errmsg.
 */
struct fo_site {
	const struct fo_site_opts *opts;
	struct fo_content *c;
	struct fo_analyzer *an;	/* may be NULL (no lexicon): ASCII tag slugs */
	struct fo_out *out;
	struct fo_site_stats st;
	struct fo_cache *cache;	/* slow results of the previous build */
	char	*errmsg;
};

/*
 * Build the whole site from 'c' (borrowed; loaded by the caller, who
 * prints its diagnostics; FO_EPARSE if it has errors).  On failure
 * *errmsg (if non-NULL) gets a malloc(3)ed message; the old output, if
 * any, is left whole.
 */
enum fo_status fo_site_build(const struct fo_site_opts *opts,
    struct fo_content *c, struct fo_site_stats *st, char **errmsg);

/* ---- urls.c: every page of the site and its address --------------- */

/*
 * A list that grows with the corpus (the annotation index, a tag, a
 * clause's annotations, a page's backlinks) is split into pages of
 * FO_LIST_PER_PAGE entries: page 1 at its own path, page k at
 * path "page/k/".  A clause page shows its FO_CLAUSE_NOTES newest
 * annotations, and a page its first FO_BACKLINKS_MAX backlinks, and
 * links the whole list (clause/N/notes/, <page>/refs/) past that.
 */
#define FO_LIST_PER_PAGE	100
#define FO_CLAUSE_NOTES		20
#define FO_BACKLINKS_MAX	100

/* An annotation tag and the annotations that carry it. */
struct fo_tag {
	char	*name;		/* as written */
	char	*slug;		/* directory name: pinyin, [a-z0-9-] */
	char	*url;		/* site path: "/tag/<slug>/" */
	struct fo_page **pages;	size_t npages;	/* newest first */
};

/* What an output page shows. */
enum fo_url_kind {
	FO_URL_HOME,		/* "/": the document and its table of contents */
	FO_URL_TEXT,		/* "/text/": the whole official text */
	FO_URL_SECTION,		/* page: the section */
	FO_URL_CLAUSE,		/* page: the clause; items: its annotations */
	FO_URL_NOTES,		/* list: the annotations of clause 'page' */
	FO_URL_GLOSSARY,	/* "/glossary/" */
	FO_URL_TERM,		/* page: the glossary entry */
	FO_URL_REFS,		/* list: the backlinks of 'page' */
	FO_URL_ANNOTATIONS,	/* list: every annotation, newest first */
	FO_URL_ANNOTATION,	/* page: the annotation */
	FO_URL_TAGS,		/* "/tag/": every tag */
	FO_URL_TAG,		/* list: the annotations of 'tag' */
	FO_URL_TARGETS,		/* "/targets/" */
	FO_URL_SEARCH		/* "/search/" */
};

/* One output page. */
struct fo_url {
	enum fo_url_kind kind;
	char	*url;		/* site path: "/clause/4/notes/page/2/" */
	char	*path;		/* output file: "clause/4/notes/page/2/index.html" */
	const struct fo_page *page;	/* see enum fo_url_kind; else NULL */
	const struct fo_tag *tag;	/* FO_URL_TAG; else NULL */
	/* Lists: all their entries (every page of the list shares them),
	 * this page's number (from 1), how many pages, and the site path
	 * of page 1; the pages of a list are consecutive entries.
	 * FO_URL_CLAUSE: the clause's annotations, newest first (nitems
	 * may be 0; owned by the table); list_* unused. */
	struct fo_page *const *items;	size_t nitems;
	size_t	 list_page, list_pages;
	const char *list_base;
	/* FO_URL_CLAUSE, TERM, ANNOTATION: the site path of the whole
	 * list the page cuts short (its notes/ or refs/), or NULL. */
	const char *more;
};

/* Every output page of the site in the order they are written (the
 * sitemap's order), and the annotation tags sorted by name. */
struct fo_urls {
	struct fo_url *v;	size_t n, cap;
	struct fo_tag *tags;	size_t ntags;
};

/*
 * One pass over 'c': every page the site will have, its site path and
 * output file, and the tags with their slugs (pinyin of the name by
 * 'an', NULL: ASCII only; kept in and taken from 'cache' kind 'p').
 * Pages and tags are borrowed from 'c', valid while it is.  Release
 * with fo_urls_release().
 */
void	fo_urls_build(struct fo_urls *u, const struct fo_content *c,
	    struct fo_analyzer *an, struct fo_cache *cache);
void	fo_urls_release(struct fo_urls *u);
/* The tag 'name'; borrowed from 'u', NULL if unknown. */
const struct fo_tag *fo_urls_tag(const struct fo_urls *u, const char *name);

/* ---- html/: every HTML page, the assets and 404.html --------------- */

/* The HTML writer's inputs: all borrowed, none changed. */
struct fo_html_in {
	const struct fo_content *c;
	const struct fo_urls *urls;
	const struct fo_history *hist;	/* git log of c->root; NULL: none */
	const char *base_url;	/* as fo_site_opts.base_url; may be NULL */
	struct fo_out *out;	/* shared with other threads (out.c locks) */
};

/* What it did; errmsg (malloc(3)ed, the caller frees) on failure. */
struct fo_html_res {
	size_t	 pages, pages_written, pages_unchanged;
	char	*errmsg;
};

/* Write every page of in->urls, the assets and 404.html through
 * in->out.  Fills *res (zeroed first). */
enum fo_status fo_html_write(const struct fo_html_in *in,
    struct fo_html_res *res);

/* ---- sitemap.c, atom.c -------------------------------------------- */

/* sitemap.xml of every page of 'pages' under 'base_url' (ends with '/';
 * NULL: no sitemap, only robots.txt),
 * at most 'max' URLs a file (0: the protocol's 50,000): past it,
 * sitemap.xml indexes sitemap-1.xml, sitemap-2.xml ...  Then
 * robots.txt, which names it.  FO_EIO etc. with *errmsg. */
enum fo_status fo_sitemap_write(const struct fo_urls *pages,
    const char *base_url, size_t max, struct fo_out *o, char **errmsg);
/* atom.xml: the newest annotations of 'u' (pages of 'c'). */
enum fo_status fo_atom_write(const struct fo_content *c,
    const struct fo_urls *u, const char *base_url, struct fo_out *o,
    char **errmsg);

/* searchidx.c: the browser search index (manifest + shards). */
enum fo_status fo_site_searchidx(struct fo_site *s);

/* grams.c: the positions of common Han bigrams in each document's folded
 * pieces (the store's p/ files; store.h). */
struct fo_gpos {
	uint64_t key;		/* first << 21 | second code point; 0: empty */
	uint32_t *v;		/* (document, position) pairs, in order */
	size_t	 n, cap;
};

struct fo_grams {
	struct fo_gpos *t;
	size_t	 len, cap;	/* cap a power of 2 */
};
/* The entry of bigram 'key' (first << 21 | second code point), made if
 * 'make' (else NULL if there is none). */
struct fo_gpos *fo_grams_get(struct fo_grams *g, uint64_t key, int make);
void	fo_grams_free(struct fo_grams *g);
/* Add the positions of g's bigrams in document 'd', whose folded pieces
 * are s[0..n). */
void	fo_grams_positions(struct fo_grams *g, uint32_t d, const char *s,
	    size_t n);
/* Each bigram's line, into out[its shard of 'k'] (store.h's p/ files). */
void	fo_grams_lines(const struct fo_grams *g, struct fo_buf *out, size_t k);

/* assets.c: the files of site/assets, compiled in. */
struct fo_asset {
	const char *name;	/* "style.css" */
	const unsigned char *data;
	size_t	 len;
};
/* The search engine module (indexer/wasm/engine.c as WebAssembly). */
extern const unsigned char *const fo_engine_wasm;
extern size_t fo_engine_wasm_len;
extern const struct fo_asset *const fo_assets;
extern const size_t fo_nassets;

#endif /* FO_SITE_H */
