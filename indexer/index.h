/* indexer/index.h -- the search index: what fiveout-index writes and
 * fiveout-search / fiveout-site read.  One Xapian document per page
 * (preamble, section, clause, annotation, glossary entry).
 *
 * The terms, value slots and metadata keys: schema.h.
 * Title pieces (clause/section label, other titles, glossary aliases and
 * English name) come first, with wdf 3 for words and bigrams (body: 1);
 * pieces are 100 positions apart so no phrase spans two of them.
 * On disk: 'dbdir' is a symlink to <dbdir>.gen/<n>; open 'dbdir' itself.
 * With shards, <n> holds shard0 ... and a stub listing them (xap.h).
 */
#ifndef FO_INDEX_H
#define FO_INDEX_H

#include <stddef.h>

#include "analyze.h"
#include "buf.h"
#include "content.h"
#include "schema.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

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
/*
 * The sums of an index generation (verify.c): fo_index_seal() lists
 * every file of 'gendir' with its size and CRC-32 in gendir/fiveout.sums
 * (fo_index_build() calls it at every commit).  fo_index_verify() checks
 * the index at 'dbdir' against them, runs Xapian's check and decodes
 * every document's data; FO_ECORRUPT with *errmsg naming the damaged
 * file and saying how to rebuild; on FO_OK 'report' (may be NULL) gets a
 * line saying what was checked.
 */
enum fo_status fo_index_seal(const char *gendir, char **errmsg);
enum fo_status fo_index_verify(const char *dbdir, struct fo_buf *report,
    char **errmsg);

enum fo_status fo_index_build(const struct fo_content *c,
    struct fo_analyzer *an, const char *dbdir,
    struct fo_index_stats *stats, char **errmsg);

/* How fo_index_build_opts() builds (FO_INDEX_OPTS_INIT: as
 * fo_index_build()). */
struct fo_index_opts {
	/* Xapian databases written in parallel, one thread each, listed by
	 * a stub (xap.h) in the generation's folder, so that 'dbdir' opens
	 * as one index.  0: as many as the previous index has, or for a new
	 * one, one per processor (one for a small collection: shards.c's
	 * fo__auto_shards()).  Another number than the previous index's
	 * rebuilds it whole.  The same docids as one database, so searches
	 * give the same answers.  FO_EINVAL above FO_INDEX_SHARDS_MAX. */
	unsigned shards;
	/* Threads that analyse pages: 1, the building thread only; 0, a
	 * second one too when there are two processors and 64 pages or more
	 * to analyse.  The index is the same either way. */
	unsigned threads;
};
#define FO_INDEX_OPTS_INIT	{ 0, 0 }
#define FO_INDEX_SHARDS_MAX	64

/* fo_index_build() as 'opts' say (NULL: FO_INDEX_OPTS_INIT). */
enum fo_status fo_index_build_opts(const struct fo_content *c,
    struct fo_analyzer *an, const char *dbdir,
    const struct fo_index_opts *opts, struct fo_index_stats *stats,
    char **errmsg);

#ifdef __cplusplus
}
#endif
#endif /* FO_INDEX_H */
