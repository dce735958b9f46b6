/* indexer/index.h -- the search index: what fiveout-index writes and
 * fiveout-search / fiveout-site read.  One Xapian document per page
 * (preamble, section, clause, annotation, glossary entry).
 *
 * Term conventions (shared by writer, query builder and browser export):
 *   <word>        a segmented, folded word ("跨境电商", "rcep"), positional
 *   B<bigram>     a Han character bigram ("B跨境"), positional in its own
 *                 position space; runs separated by a position gap so a
 *                 phrase never spans punctuation
 *   S<word>       a word of the title (or glossary term / alias)
 *   Q<id>         unique id term: "Qclause:4", "Qannotation:cbec"
 *   K<kind>       kind filter: "Kclause", "Kglossary" ...
 *   G<n>          section filter: "G2"
 *   C<n>          clause filter: the clause itself and pages citing it
 *                 (annotation `clauses:` and clause:N links): "C4".  A
 *                 section page has no C terms for the clauses it holds.
 *   G<n>          (also) the sections of every clause/section a page cites
 *   T<tag>        annotation tag (folded): "T跨境电商"
 * Title pieces (clause/section label, other titles, glossary aliases and
 * English name) come first, with wdf 3 for words and bigrams (body: 1);
 * pieces are 100 positions apart so no phrase spans two of them.
 * Value slots: FO_SLOT_KIND ("clause"), FO_SLOT_NUMBER ("04", "" if none),
 * FO_SLOT_HASH (content hash; equal hash = unchanged page), FO_SLOT_INPUT
 * (hash of what the page gives the analysis; equal: not even analysed).
 * On disk: 'dbdir' is a symlink to <dbdir>.gen/<n>; open 'dbdir' itself.
 * Metadata keys: "fiveout:fingerprint" (analyzer fingerprint),
 * "fiveout:vocab" (see fo_vocab), "fiveout:built" (ISO time).
 */
#ifndef FO_INDEX_H
#define FO_INDEX_H

#include <stddef.h>

#include "analyze.h"
#include "content.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FO_META_FINGERPRINT	"fiveout:fingerprint"
#define FO_META_VOCAB		"fiveout:vocab"
#define FO_META_BUILT		"fiveout:built"
/* pinyin of the vocabulary, reused by the next build (vocab.h) */
#define FO_META_PINYIN		"fiveout:pinyin"

#define FO_SLOT_KIND		0
#define FO_SLOT_NUMBER		1
#define FO_SLOT_HASH		2
#define FO_SLOT_INPUT		3

/* What a hit needs to be shown without the content tree: stored as the
 * document data.  Decoded strings are owned by the struct. */
struct fo_docinfo {
	enum fo_kind kind;
	int	 number;	/* clause/section number, 0 otherwise */
	int	 section;	/* section number, 0 otherwise */
	char	*id;		/* "clause:4" */
	char	*title;		/* "发展外贸新业态" */
	char	*label;		/* "（四）发展外贸新业态" */
	char	*section_label;	/* "二、全力推动外贸稳规模优结构" or NULL */
	char	*url;		/* "/clause/4/" */
	char	*text;		/* plain text; paragraph i (0-based) is line i,
				   anchored "p<i+1>" on the site */
};

/* Serialise 'di' (borrowed) to a malloc(3)ed blob; caller frees. */
char *fo_docinfo_encode(const struct fo_docinfo *di, size_t *len);
/* Parse a blob; on FO_OK 'di' owns its strings: free with fo_docinfo_release(). */
enum fo_status fo_docinfo_decode(const char *data, size_t len,
    struct fo_docinfo *di);
void fo_docinfo_release(struct fo_docinfo *di);

struct fo_index_stats {
	unsigned added, replaced, deleted, unchanged;
};

/*
 * Build or update the index at 'dbdir' from 'c' (which must have no
 * errors) with analyzer 'an' (vocabulary from 'c' is added to it).
 * Crash-safe: the new index is made beside the old one and switched in
 * by an atomic rename; if this fails or is killed, the old index stays
 * whole and searchable.  Unchanged pages are not rewritten.
 * On failure *errmsg (if non-NULL) gets a malloc(3)ed message.
 */
enum fo_status fo_index_build(const struct fo_content *c,
    struct fo_analyzer *an, const char *dbdir,
    struct fo_index_stats *stats, char **errmsg);

#ifdef __cplusplus
}
#endif
#endif /* FO_INDEX_H */
