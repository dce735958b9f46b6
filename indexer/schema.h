/* indexer/schema.h -- the index schema, in one place: the term prefixes,
 * the value slots, the metadata keys and the term length limit that
 * fiveout-index writes (index.c, xap.cc), the query compiler and the
 * search read (query.c, search.c), and the browser export and its engine
 * take over (site/searchidx.c, store.c, xmem.c).
 *
 * One Xapian document per page (preamble, section, clause, annotation,
 * glossary entry).  Its terms:
 *   <word>        a segmented, folded word ("跨境电商", "rcep"), positional.
 *                 Folding lower-cases, so a word never starts with an
 *                 upper-case ASCII letter: the prefixes below are those.
 *   B<gram>       a Han character gram ("B跨境"); bigrams are positional
 *                 in their own position space, runs separated by a
 *                 position gap so a phrase never spans punctuation
 *   S<word>       a word of the title (or glossary term / alias)
 *   Q<id>         unique id term: "Qclause:4", "Qannotation:cbec"
 *   K<kind>       kind filter: "Kclause", "Kglossary" ... (fo_kind_name())
 *   G<n>          section filter: "G2"; also the sections of every
 *                 clause/section a page cites
 *   C<n>          clause filter: the clause itself and pages citing it
 *                 (annotation `clauses:` and clause:N links): "C4".  A
 *                 section page has no C terms for the clauses it holds.
 *   T<tag>        annotation tag (folded): "T跨境电商"
 * The query language's filters (kind:, section:, clause:, tag:) are the
 * K, G, C and T terms: fo_filter_*.
 */
#ifndef FO_SCHEMA_H
#define FO_SCHEMA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Term prefixes: one upper-case ASCII letter each. */
#define FO_PREFIX_WORD		""
#define FO_PREFIX_GRAM		"B"
#define FO_PREFIX_TITLE		"S"
#define FO_PREFIX_ID		"Q"
#define FO_PREFIX_KIND		"K"
#define FO_PREFIX_SECTION	"G"
#define FO_PREFIX_CLAUSE	"C"
#define FO_PREFIX_TAG		"T"
/* all of them, for fo_term_prefixed() */
#define FO_PREFIXES		"BSQKGCT"

/* The longest term, prefix included, in bytes: Xapian's glass backend
 * refuses longer ones ("Term too long (> 245)").  The indexer drops
 * longer terms; the shim (xap.cc) refuses them. */
#define FO_TERM_MAX		245

/* Value slots of a page's document. */
#define FO_SLOT_KIND		0	/* "clause" */
#define FO_SLOT_NUMBER		1	/* "04", "" if none */
#define FO_SLOT_HASH		2	/* content hash: equal = unchanged page */
#define FO_SLOT_INPUT		3	/* hash of what the page gives the
					   analysis: equal = not even analysed */

/* Metadata keys. */
#define FO_META_FINGERPRINT	"fiveout:fingerprint"	/* analyzer fingerprint */
#define FO_META_VOCAB		"fiveout:vocab"		/* fo_vocab (vocab.h) */
#define FO_META_BUILT		"fiveout:built"		/* ISO time */
/* pinyin of the vocabulary, reused by the next build (vocab.h) */
#define FO_META_PINYIN		"fiveout:pinyin"

/* Does term 't' carry one of the prefixes above (is it not a word)? */
int	 fo_term_prefixed(const char *t);

/* Is 'prefix' (FO_PREFIX_*) + 'n' more bytes a term the index can hold
 * (not empty, at most FO_TERM_MAX bytes)? */
int	 fo_term_fits(const char *prefix, size_t n);

/* 'prefix' + the 'n' bytes at 't' as a NUL-terminated string (no length
 * check: see fo_term_fits()).  Caller frees with free(3). */
char	*fo_term_new(const char *prefix, const char *t, size_t n);

/* 'prefix' + the decimal 'n' ("G2", "C14").  Caller frees with free(3). */
char	*fo_term_number(const char *prefix, int n);

/* The query language's filters, in the order a query's filters are
 * grouped (query.c): each field's name and its term prefix. */
enum fo_filter {
	FO_FILTER_KIND = 0,	/* kind:clause     -> Kclause */
	FO_FILTER_SECTION,	/* section:2       -> G2 */
	FO_FILTER_CLAUSE,	/* clause:4        -> C4 */
	FO_FILTER_TAG,		/* tag:跨境电商    -> T跨境电商 (folded) */
	FO_NFILTERS
};

/* "kind", "section", "clause", "tag".  Static. */
const char *fo_filter_name(enum fo_filter f);
/* FO_PREFIX_KIND ... FO_PREFIX_TAG.  Static. */
const char *fo_filter_prefix(enum fo_filter f);
/* The filter named by the 'n' bytes at 's' (ASCII case ignored), or -1. */
int	 fo_filter_find(const char *s, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* FO_SCHEMA_H */
