/* indexer/query.h -- the query language of fiveout-search, and the
 * query trees (struct fo_qnode, see xap.h) it compiles to.
 *
 *   跨境电商 海外仓        several words: documents with all of them
 *                          first; if none has all, any of them (the
 *                          search says it fell back)
 *   "外贸新业态"           a phrase: the exact text (Traditional or
 *                          Simplified, no synonyms)
 *   a OR b   a AND b   a NOT b   (a OR b) c
 *   +word  -word           required / excluded
 *   kind:clause  section:2  clause:4  tag:跨境电商   filters; a '-'
 *                          in front excludes (-kind:glossary); they
 *                          apply to the whole query wherever written
 *                          (a OR b kind:glossary filters both), same
 *                          field ORed, fields ANDed, except inside an
 *                          excluded group (NOT (a kind:clause))
 *
 * Operators are upper case; "and", "or", "not" are ordinary words.
 * Limits: FO_QUERY_MAX_BYTES bytes and FO_QUERY_MAX_WORDS words.
 *
 * How one word W is matched (fo_query_compile):
 *  1. synonyms: if folded W is a member of a glossary group (fo_vocab),
 *     W stands for every member (跨境电商 = 跨境电子商务);
 *  2. each spelling is analysed by fo_analyze(), the path documents take;
 *  3. it matches where its Han bigrams occur as a phrase (the exact
 *     substring: contiguous); its segmented words only boost.  Only
 *     when no page has it contiguously (fo_query_compile_checked) does
 *     it match where all its segmented words occur (scattered), and the
 *     search says so; title words (S prefix) add a further boost.  Bigrams are
 *     Han only, so in the contiguous match each digit or Latin word is
 *     also pinned to its neighbours by a word phrase (8万亿元: the
 *     bigrams 万亿 亿元 and the words "8万亿 元" in sequence), and a
 *     lone Han character stands for any gram starting with it (个 of
 *     500个, which the page has inside 500个较大);
 *  4. stopwords: function words (的 和 与 及 等 在 对 为 了 是 之 或 并
 *     其 将 把 被 中 上) are dropped from the word terms of a longer
 *     word and, as separate query words, when other words remain: they
 *     occur in nearly every clause and only add noise.  They stay inside
 *     phrases and bigram phrases, so "对外开放" still needs its 对.
 *     Frequent content words (推动, 发展, 建设) are kept: BM25 already
 *     gives them little weight, and a reader who types only 推动 means it.
 */
#ifndef FO_QUERY_H
#define FO_QUERY_H

#include <stddef.h>

#include "analyze.h"
#include "buf.h"
#include "status.h"
#include "vocab.h"
#include "xap.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FO_QUERY_MAX_BYTES	1024
#define FO_QUERY_MAX_WORDS	64

/* ---- query trees (xap.h) ------------------------------------------- */

/* A new node; 'term' (may be NULL) is copied.  Caller frees the tree
 * with fo_qnode_free(). */
struct fo_qnode *fo_qnode_new(enum fo_qop op, const char *term);
/* Append 'kid' to 'parent'; takes ownership of 'kid'.  Returns 'parent'. */
struct fo_qnode *fo_qnode_add(struct fo_qnode *parent, struct fo_qnode *kid);
/* Free a whole tree; NULL is a no-op. */
void fo_qnode_free(struct fo_qnode *q);
/* Append a one-line description ("OR(跨境电商, PHRASE(B跨境 B境电 B电商))"). */
void fo_qnode_describe(const struct fo_qnode *q, struct fo_buf *out);

/* ---- parsed queries ------------------------------------------------ */

enum fo_qa_kind {
	FO_QA_WORD,	/* 'text' as typed */
	FO_QA_PHRASE,	/* 'text' between quotes */
	FO_QA_AND,	/* kids; 'soft' if joined only by spaces */
	FO_QA_OR,	/* kids */
	FO_QA_FILTER	/* 'field' ("kind", "section", "clause", "tag"), 'text' the value */
};

enum fo_qa_mod {
	FO_QA_PLAIN,
	FO_QA_REQUIRE,	/* +x */
	FO_QA_EXCLUDE	/* -x, NOT x */
};

struct fo_qast {
	enum fo_qa_kind kind;
	enum fo_qa_mod mod;
	char	*text;		/* WORD, PHRASE, FILTER value ("clause", "4") */
	char	*field;		/* FILTER */
	int	 soft;		/* AND */
	struct fo_qast **kids;
	size_t	 nkids;
};

/*
 * Parse 'query' (NUL-terminated UTF-8).  On FO_OK *out is the tree;
 * caller frees with fo_qast_free().  On failure *out is NULL and
 * *errmsg (if non-NULL) gets a malloc(3)ed one-line message saying what
 * to do.  Returns FO_EINVAL (empty, invalid UTF-8), FO_ETOOBIG (over the
 * limits), FO_EPARSE (unknown filter or value, stray ')', dangling OR).
 */
enum fo_status fo_query_parse(const char *query, struct fo_qast **out,
    char **errmsg);
void fo_qast_free(struct fo_qast *a);	/* NULL is a no-op */

/* Append a description of the parsed tree, for tests and --explain:
 * AND~(跨境电商 海外仓)  OR(a b)  -x  +"phrase"  kind:clause. */
void fo_qast_describe(const struct fo_qast *a, struct fo_buf *out);

/*
 * Pinyin: rewrite plain ASCII words that spell a vocabulary word's
 * pinyin.  First the whole query ("kuajing dianshang" -> 跨境电商, its
 * plain words joined), else word by word ("haiwaicang").  A word that
 * 'is_term' says is in the index (rcep, cptpp) is left alone, and so is
 * a whole query made only of such words.  'is_term' may be NULL.
 * On a rewrite, 'interp' (if non-NULL) gets "kuajing dianshang → 跨境电商"
 * (joined by "; " for several).  Returns 1 if it rewrote, else 0.
 */
int fo_query_pinyin(struct fo_qast *a, const struct fo_vocab *v,
    int (*is_term)(void *ctx, const char *word), void *ctx,
    struct fo_buf *interp);

/* What compiling found out, for --explain and highlighting. */
struct fo_qexplain {
	struct fo_strlist segments;	/* "跨境電商 → 跨境电商 | 跨境电商" */
	struct fo_strlist folds;	/* "跨境電商 → 跨境电商" */
	struct fo_strlist also;		/* synonyms searched too (folded) */
	struct fo_strlist needles;	/* folded strings to highlight */
	struct fo_strlist dropped;	/* stopwords left out */
	int	 loosenable;		/* a loose compile would differ */
	struct fo_strlist loose;	/* words matched scattered: no
					   contiguous match anywhere */
};
#define FO_QEXPLAIN_INIT { FO_STRLIST_INIT, FO_STRLIST_INIT, \
	FO_STRLIST_INIT, FO_STRLIST_INIT, FO_STRLIST_INIT, 0, FO_STRLIST_INIT }
void fo_qexplain_release(struct fo_qexplain *e);

/* Is folded 'w' one of the stopwords listed above? */
int fo_query_stopword(const char *w);

/*
 * Compile 'a' to a query tree.  'loose' turns every soft AND (several
 * words, or the segments of one word) into OR: the fall-back.  'v' may
 * be NULL (no synonyms).  'ex' (may be NULL) collects explanations.
 * On FO_OK *out is the tree; caller frees with fo_qnode_free().
 * FO_EINVAL if 'a' has nothing to search for: its words are only
 * punctuation or symbols (a lone stopword is kept, so not for those).
 */
enum fo_status fo_query_compile(const struct fo_qast *a,
    struct fo_analyzer *an, const struct fo_vocab *v, int loose,
    struct fo_qexplain *ex, struct fo_qnode **out);

/*
 * fo_query_compile(), where a plain word matches only where it occurs
 * contiguously (its Han bigram phrase, digits and Latin words pinned),
 * its segmented words only boosting -- unless 'has' (may be NULL: never)
 * says that contiguous query matches no page: then that word matches
 * where all its segments occur (scattered), and its folded text is added
 * to ex->loose.  'has' gets borrowed trees; it returns non-zero if the
 * tree matches some page.
 */
enum fo_status fo_query_compile_checked(const struct fo_qast *a,
    struct fo_analyzer *an, const struct fo_vocab *v, int loose,
    int (*has)(void *ctx, const struct fo_qnode *q), void *ctx,
    struct fo_qexplain *ex, struct fo_qnode **out);

#ifdef __cplusplus
}
#endif
#endif /* FO_QUERY_H */
