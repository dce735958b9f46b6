/* indexer/search.h -- searching the index: what fiveout-search (and the
 * relevance tests) call.  One query runs as:
 *
 *   parse (query.h) -> pinyin rewrite (ASCII words that spell a
 *   vocabulary word) -> compile with synonyms -> Xapian (BM25) ->
 *   rerank by page kind -> snippets with marked spans
 *
 * Several words first need all of them; if no page has all, the query
 * runs again needing any of them and the result says it fell back.
 * When nothing matches, the result carries the nearest vocabulary words
 * (edit distance over words and pinyin) as suggestions.
 */
#ifndef FO_SEARCH_H
#define FO_SEARCH_H

#include <stddef.h>

#include "analyze.h"
#include "content.h"
#include "query.h"
#include "snippet.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fo_search;	/* opaque; see fo_search_open() */

/*
 * Open the index in 'dbdir' read-only with the analyzer at
 * 'lexicon_path' (NULL: the default, see fo_analyzer_open()), load its
 * vocabulary and check that the index was built by this analyzer.
 * On FO_OK *out is a new handle; caller frees with fo_search_close().
 * On failure *out is NULL and *errmsg (if non-NULL) gets a malloc(3)ed
 * one-line message saying what to do; the caller frees it.
 * Returns FO_ENOTFOUND (no index or lexicon), FO_ECORRUPT (damaged
 * index or vocabulary), FO_EVERSION (built by a different analyzer:
 * rebuild), FO_EXAPIAN, FO_ENOMEM, FO_EINTERNAL.  'dbdir' may be a
 * sharded index or a stub file listing shards, local or remote (xap.h);
 * a shard that cannot be read gives FO_ESHARD, the message naming it.
 */
enum fo_status fo_search_open(const char *dbdir, const char *lexicon_path,
    struct fo_search **out, char **errmsg);

/* fo_search_open() with the shards' options (xap.h: a timeout for
 * remote shards; allow_partial, and then each result's 'missing' names
 * the shards left out).  NULL: the defaults. */
struct fo_xdb_opts;
enum fo_status fo_search_open_opts(const char *dbdir,
    const char *lexicon_path, const struct fo_xdb_opts *xopts,
    struct fo_search **out, char **errmsg);

void fo_search_close(struct fo_search *s);	/* NULL is a no-op */

/* The handle's analyzer, with the index's vocabulary loaded (for
 * --segment).  Borrowed: owned by 's', valid until fo_search_close(). */
struct fo_analyzer *fo_search_analyzer(struct fo_search *s);
/* The handle's index.  Borrowed, as fo_search_analyzer(). */
struct fo_xdb *fo_search_db(struct fo_search *s);

struct fo_search_opts {
	unsigned offset;	/* hits to skip */
	unsigned limit;		/* hits to return; 0 means 10 */
	int	 kind;		/* an enum fo_kind to keep, or -1 for all */
	int	 section;	/* 1..7 to keep that section, 0 for all */
	size_t	 snippet_chars;	/* 0 means 120 */
	int	 facets;	/* fill the result's facet counts */
	int	 all;		/* only pages with every word: no partial
				   tier (unless none has them all) */
};
#define FO_SEARCH_OPTS_INIT { 0, 10, -1, 0, 0, 0, 0 }

#define FO_NKINDS	5	/* enum fo_kind's values */

/* Which tier a hit is in (the order they come in). */
enum fo_match {
	FO_MATCH_REF,		/* the clause or section the query names (第四条) */
	FO_MATCH_ALL,		/* has every word */
	FO_MATCH_PARTIAL,	/* has some of the words (coordination) */
	FO_MATCH_RELATED	/* relates to a named clause: 'via' cites it */
};

/* "ref", "all", "partial", "related".  Static. */
const char *fo_match_name(enum fo_match m);

struct fo_search_hit {
	enum fo_match match;
	char	*via;		/* FO_MATCH_RELATED: the id of the page it
				   relates to ("clause:4"), else NULL */
	enum fo_kind kind;
	int	 number;	/* clause/section number, 0 otherwise */
	int	 section;	/* section number, 0 if none */
	char	*id;		/* "clause:4" */
	char	*title;		/* "发展外贸新业态" */
	char	*label;		/* "（四）发展外贸新业态" */
	char	*section_label;	/* "二、全力推动外贸稳规模优结构" or NULL */
	char	*url;		/* "/clause/4/#p1s3": page, plus the anchor of
				   the snippet's sentence (the official text)
				   or paragraph (the rest) when one matched */
	double	 score;		/* BM25 weight times the kind factor */
	struct fo_snippet snippet;
};

struct fo_search_result {
	char	*query;		/* as given */
	unsigned total;		/* pages matched */
	int	 fallback;	/* 1 if no page had all words: any-word results */
	struct fo_strlist loose;	/* words no page has contiguously,
					   matched by their segments anywhere */
	struct fo_search_hit *hits;
	size_t	 nhits;
	char	*pinyin;	/* "kuajing dianshang → 跨境电商", or NULL */
	struct fo_strlist also;		/* synonyms searched too */
	struct fo_strlist suggestions;	/* when total == 0 */
	struct fo_strlist missing;	/* shards left out (fo_xdb_opts
					   allow_partial): the answer is
					   partial; empty otherwise */
	/* explanations (--explain) */
	struct fo_strlist segments;	/* "跨境電商 → 跨境电商" per spelling */
	struct fo_strlist folds;	/* "跨境電商 → 跨境电商" */
	struct fo_strlist dropped;	/* stopwords left out */
	char	*tree;		/* the query tree that ran, described */
	/* with opts->facets: matches of the query before the kind and
	   section options, per enum fo_kind and per section 1..7 */
	int	 has_facets;
	unsigned facet_kind[FO_NKINDS];
	unsigned facet_section[FO_NSECTIONS + 1];
};

/*
 * Run 'query' (UTF-8; see query.h for the language) with 'opts' (NULL:
 * defaults).  On FO_OK 'res' is filled (possibly with no hits); free it
 * with fo_search_result_release().  On failure 'res' is left empty and
 * *errmsg (if non-NULL) gets a malloc(3)ed one-line message.  Returns
 * FO_EINVAL (empty or invalid UTF-8 query, bad option), FO_ETOOBIG,
 * FO_EPARSE (unknown filter, stray parenthesis), FO_EXAPIAN,
 * FO_ECORRUPT (undecodable document data).
 */
enum fo_status fo_search_run(struct fo_search *s, const char *query,
    const struct fo_search_opts *opts, struct fo_search_result *res,
    char **errmsg);

void fo_search_result_release(struct fo_search_result *res);

/*
 * Append 'r' as one JSON object (what fiveout-search --json prints and
 * the browser's engine returns: one writer for both), with the
 * explanations if 'explain', and a newline, to 'out'.
 */
void fo_search_result_json(const struct fo_search_result *r, int explain,
    struct fo_buf *out);

/*
 * A search over an index that is already open: 'db' and 'an' (both
 * taken over: fo_search_close() closes them, also on failure) named
 * 'where' in messages.  Loads the vocabulary and checks the fingerprint
 * as fo_search_open() does (the browser's engine opens its store so).
 */
enum fo_status fo_search_attach(struct fo_xdb *db, struct fo_analyzer *an,
    const char *where, struct fo_search **out, char **errmsg);

/* Kind name -> enum fo_kind ("clause" -> FO_KIND_CLAUSE; "term" is
 * glossary); -1 if unknown. */
int fo_search_kind(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* FO_SEARCH_H */
