/* indexer/xap.h -- C interface to the Xapian index.
 * Only xap.cc includes <xapian.h>; nothing declared here throws.  Every
 * function that takes a handle records a message for its last failure,
 * readable with fo_xdb_errmsg().
 *
 * Errors common to every call: a NULL handle or a NULL/empty required
 * argument gives FO_EINVAL.  fo_xdb_close() frees the handle, so a closed
 * handle must not be passed again (there is no "closed" state to test).
 * Writes (doc_*, delete, set_metadata, commit) on a handle opened with
 * FO_XDB_READ give FO_EINVAL with a message.  Terms are at most
 * FO_TERM_MAX (245) bytes (Xapian glass, schema.h); longer ones give
 * FO_EINVAL.  Damaged database files give FO_ECORRUPT (Xapian
 * DatabaseCorruptError/VersionError), other Xapian failures FO_EXAPIAN,
 * std::bad_alloc FO_ENOMEM.
 */
#ifndef FO_XAP_H
#define FO_XAP_H

#include <stddef.h>

#include "buf.h"		/* fo_strv_free */
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fo_xdb;	/* opaque; see fo_xdb_open() */

enum fo_xdb_mode {
	FO_XDB_READ,		/* open an existing database read-only */
	FO_XDB_CREATE,		/* create, or overwrite an existing one */
	FO_XDB_UPDATE		/* open an existing one for writing, or create */
};

/*
 * Open the database in directory 'path'.
 * On FO_OK *out is a new handle; caller frees with fo_xdb_close().
 * On failure *out is NULL and, if 'errmsg' is non-NULL, *errmsg gets a
 * malloc(3)ed message the caller frees.  Returns FO_ENOTFOUND (no
 * database there), FO_ECORRUPT (damaged files), FO_EXAPIAN, FO_ENOMEM.
 */
enum fo_status fo_xdb_open(const char *path, enum fo_xdb_mode mode,
    struct fo_xdb **out, char **errmsg);

/*
 * Sharded indexes.  An index may be a Xapian stub database: a file, or a
 * directory holding a file named FO_XDB_STUB, one shard a line, in
 * Xapian's own format (so Xapian's tools open it too):
 *	auto PATH		a local database; PATH relative to the
 *	glass PATH		stub's folder unless absolute
 *	remote HOST:PORT	served by xapian-tcpsrv (HOST empty: localhost)
 *	remote PROGRAM ARGS	served over a pipe (xapian-progsrv, ssh)
 * Blank lines and lines starting with '#' are skipped; anything else is
 * FO_EINVAL naming the file and line.  Reading, every shard is opened
 * and they are searched as one (Xapian::Database::add_database): Xapian
 * combines their statistics, so weights are those of one database.
 * Document ids interleave, Xapian's rule: document k of shard s (s
 * 0-based, of n shards) is docid (k - 1) * n + s + 1.  Metadata is read
 * from the first shard that has the key.  A shard that cannot be read
 * (down, refusing, timing out) gives FO_ESHARD with a message naming it.
 * Writing goes to each shard's own database (fo_xdb_open() on its
 * directory); opening a stub for writing is FO_EINVAL.
 */
#define FO_XDB_STUB	"XAPIANDB"

struct fo_xdb_opts {
	unsigned timeout_ms;	/* remote shards: to connect and for each
				   reply; 0: Xapian's default (10 s) */
	int	 allow_partial;	/* a shard that cannot be opened is left
				   out (an empty one in its place, so the
				   others' docids stay) and named by
				   fo_xdb_missing(), instead of FO_ESHARD */
};
#define FO_XDB_OPTS_INIT	{ 0, 0 }

/* fo_xdb_open() with 'opts' (NULL: FO_XDB_OPTS_INIT). */
enum fo_status fo_xdb_open_opts(const char *path, enum fo_xdb_mode mode,
    const struct fo_xdb_opts *opts, struct fo_xdb **out, char **errmsg);

/* Shards of 'db': those its stub lists, 1 for a plain database. */
unsigned fo_xdb_nshards(const struct fo_xdb *db);

/* The i-th shard left out by allow_partial ("idx/XAPIANDB:2 (remote
 * :4001)"), NULL past the last.  Borrowed: owned by 'db'. */
const char *fo_xdb_missing(const struct fo_xdb *db, size_t i);

/* Write 'dir'/FO_XDB_STUB listing the local shards 'names' (relative to
 * 'dir'), atomically: a temporary file, fsync(2), rename(2).  On failure
 * *errmsg (if non-NULL) gets a malloc(3)ed message naming the file. */
enum fo_status fo_xdb_write_stub(const char *dir, char *const *names,
    size_t n, char **errmsg);

/* The docid of the document with id term 'idterm'; FO_ENOTFOUND if none. */
enum fo_status fo_xdb_docid(struct fo_xdb *db, const char *idterm,
    unsigned *out);

/* The highest docid used so far (0 for a new database). */
enum fo_status fo_xdb_lastdocid(struct fo_xdb *db, unsigned *out);

/* Commit pending writes and close; NULL is a no-op.  Errors are lost:
 * call fo_xdb_commit() first when they matter. */
void fo_xdb_close(struct fo_xdb *db);

/* Last error text. Borrowed: valid until the next call on 'db'. */
const char *fo_xdb_errmsg(const struct fo_xdb *db);

/* Number of documents. */
enum fo_status fo_xdb_doc_count(struct fo_xdb *db, unsigned *out);

/*
 * Building a document: apart from any database, so another thread can
 * build it (one thread at a time per document), then written with
 * fo_xdb_put_doc().  fo_xdoc_new(): 'idterm' is the unique id term
 * ("Qclause:4"); on FO_OK *out is new, caller frees with fo_xdoc_free()
 * (NULL is a no-op); on failure *errmsg (if non-NULL) gets a malloc(3)ed
 * message.  fo_xdoc_posting() adds 'term' at position 'pos', fo_xdoc_term()
 * without a position (filters, boosts); both add 'wdf_inc' to its wdf and
 * refuse terms over FO_TERM_MAX bytes.  Strings are borrowed for the call.  The
 * calls keep their error text on the document (fo_xdoc_errmsg(),
 * borrowed until the next call on it).
 */
struct fo_xdoc;	/* opaque */
enum fo_status fo_xdoc_new(const char *idterm, struct fo_xdoc **out,
    char **errmsg);
enum fo_status fo_xdoc_posting(struct fo_xdoc *d, const char *term,
    unsigned pos, unsigned wdf_inc);
enum fo_status fo_xdoc_term(struct fo_xdoc *d, const char *term,
    unsigned wdf_inc);
enum fo_status fo_xdoc_value(struct fo_xdoc *d, unsigned slot,
    const char *val, size_t len);
enum fo_status fo_xdoc_data(struct fo_xdoc *d, const char *data, size_t len);
const char *fo_xdoc_errmsg(const struct fo_xdoc *d);
void fo_xdoc_free(struct fo_xdoc *d);
/* Write 'd' into 'db', replacing any document with its id term; with
 * 'fresh' non-zero, add it without looking (only for a database being
 * filled from empty with unique ids: a repeated id would give two
 * documents).  'd' is not changed; the caller still frees it. */
enum fo_status fo_xdb_put_doc(struct fo_xdb *db, const struct fo_xdoc *d,
    int fresh);

/* Write 'd' into 'db' as document 'docid' (> 0), replacing any document
 * with that docid: how a sharded build gives a new page the docid it
 * would have in one database. */
enum fo_status fo_xdb_put_doc_at(struct fo_xdb *db, const struct fo_xdoc *d,
    unsigned docid);

/* Delete the document with id term 'idterm' (no error if none). */
enum fo_status fo_xdb_delete(struct fo_xdb *db, const char *idterm);

/* The value in 'slot' / the data of the document with id term 'idterm'
 * (for incremental updates and page lookups).  *out is malloc(3)ed and
 * NUL-terminated, "" when the slot is empty; caller frees.  *len (if
 * non-NULL) gets the length.  FO_ENOTFOUND when no document has 'idterm'. */
enum fo_status fo_xdb_get_value(struct fo_xdb *db, const char *idterm,
    unsigned slot, char **out, size_t *len);
enum fo_status fo_xdb_get_data(struct fo_xdb *db, const char *idterm,
    char **out, size_t *len);

/* Id terms of all documents whose id term starts with 'prefix' ("Q"),
 * for pruning deleted files.  *out is a malloc(3)ed array of malloc(3)ed
 * strings; free with fo_strv_free(*out, *n) (buf.h). */
enum fo_status fo_xdb_idterms(struct fo_xdb *db, const char *prefix,
    char ***out, size_t *n);

/* User metadata (analyzer fingerprint, vocabulary). get: *out is
 * malloc(3)ed (caller frees), "" when the key is unset. */
enum fo_status fo_xdb_set_metadata(struct fo_xdb *db, const char *key,
    const char *val, size_t len);
enum fo_status fo_xdb_get_metadata(struct fo_xdb *db, const char *key,
    char **out, size_t *len);

enum fo_status fo_xdb_commit(struct fo_xdb *db);

/*
 * Queries are plain C trees that the shim turns into Xapian::Query; the
 * tree is built and freed by the caller (see query.h), the shim only reads it.
 */
enum fo_qop {
	FO_Q_TERM,	/* 'term', weighted by BM25; 'wqf' query frequency */
	FO_Q_PHRASE,	/* kids are TERMs at consecutive positions ('window' 0 = exact) */
	FO_Q_NEAR,	/* kids within 'window' positions, any order */
	FO_Q_AND,
	FO_Q_OR,
	FO_Q_AND_NOT,	/* kid[0] AND NOT (kid[1] OR ...) */
	FO_Q_AND_MAYBE,	/* kid[0], boosted by kid[1..] */
	FO_Q_FILTER,	/* kid[0] filtered by kid[1..] (no weight from filters) */
	FO_Q_SCALE,	/* kid[0] with weights times 'scale' */
	FO_Q_WILDCARD,	/* all terms starting with 'term'; a document's
			   weight is its best expansion's (Xapian OP_MAX),
			   which the browser's store can compute exactly */
	FO_Q_ALL	/* every document */
};

struct fo_qnode {
	enum fo_qop op;
	char	*term;		/* TERM, WILDCARD */
	unsigned wqf;		/* TERM: 0 means 1 */
	unsigned window;	/* PHRASE, NEAR */
	double	 scale;		/* SCALE */
	struct fo_qnode **kids;
	size_t	 nkids;
};

/* One result.  'data' is the document data as stored; 'terms' the query
 * terms that this document matched (for highlighting). */
struct fo_xhit {
	unsigned docid;
	char	*kind;		/* the document's value in slot 0 (index.h
				   FO_SLOT_KIND: "clause"), "" if none */
	unsigned rank;		/* 0-based, overall (offset included) */
	double	 weight;
	int	 percent;
	char	*data;		size_t datalen;
	char	**terms;	size_t nterms;
};

struct fo_xhits {
	struct fo_xhit *v;
	size_t	 n;
	unsigned estimated;	/* Xapian's estimate of all matches */
};

/*
 * Run 'q' and fill 'out' with up to 'limit' hits from 'offset'.
 * Free with fo_xhits_release().  Ties are broken by docid.
 */
enum fo_status fo_xdb_search(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, struct fo_xhits *out);
void fo_xhits_release(struct fo_xhits *h);

/* fo_xdb_search() without the hits' matched terms (nterms 0): over
 * remote shards each hit's terms cost a round trip to its server. */
enum fo_status fo_xdb_search_bare(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, struct fo_xhits *out);

/* Xapian's own consistency check of the database in 'path' (what
 * xapian-check does), or of every local shard its stub lists.  FO_ECORRUPT with *errmsg (malloc(3)ed, naming the
 * path and saying to rebuild) if it finds errors. */
enum fo_status fo_xdb_check(const char *path, char **errmsg);

/* The data of document 'docid' (as a hit gives it).  *out is malloc(3)ed
 * and NUL-terminated; caller frees.  FO_ENOTFOUND when there is no such
 * document (in the browser's store: its file is not loaded yet). */
enum fo_status fo_xdb_doc_data(struct fo_xdb *db, unsigned docid, char **out,
    size_t *len);

/* Does 'q' match any document?  *out 1 or 0.  Cheaper than a search:
 * no weights, first match in docid order. */
enum fo_status fo_xdb_exists(struct fo_xdb *db, const struct fo_qnode *q,
    int *out);

/* fo_xdb_search(), but Xapian checks at least 'check_at_least' matches
 * (Xapian's get_mset() argument), so out->estimated is exact when the
 * query has no more matches than that. */
enum fo_status fo_xdb_search_counted(struct fo_xdb *db,
    const struct fo_qnode *q, unsigned offset, unsigned limit,
    unsigned check_at_least, struct fo_xhits *out);

/* All terms starting with 'prefix' (at most 'max'), with frequencies;
 * for suggestions.  free with fo_strv_free(). */
enum fo_status fo_xdb_allterms(struct fo_xdb *db, const char *prefix,
    size_t max, char ***terms, unsigned **freqs, size_t *n);

/*
 * Bulk reading for exports (fiveout-site's browser index), without a
 * query per term.  Callbacks get borrowed arguments, valid for the call
 * only; a non-zero return stops the walk (the function then returns
 * FO_OK).  No exception crosses a callback: it is plain C.
 */

/* Collection statistics as Xapian's weighting schemes see them:
 * document count and total length (sum of every document's length). */
enum fo_status fo_xdb_stats(struct fo_xdb *db, unsigned *doccount,
    unsigned long long *total_length);

/* Every document in docid order: its docid, length (sum of its terms'
 * wdf) and data. */
typedef int (*fo_xdoc_fn)(void *ctx, unsigned docid, unsigned doclen,
    const char *data, size_t datalen);
enum fo_status fo_xdb_each_doc(struct fo_xdb *db, fo_xdoc_fn fn, void *ctx);

/* One posting of a term: document and within-document frequency. */
struct fo_xposting {
	unsigned docid;
	unsigned wdf;
};

/* Every term starting with 'prefix' ("" for all) in byte order, with its
 * term frequency and its posting list in docid order ('n' postings). */
typedef int (*fo_xterm_fn)(void *ctx, const char *term, unsigned termfreq,
    const struct fo_xposting *p, size_t n);
enum fo_status fo_xdb_each_term(struct fo_xdb *db, const char *prefix,
    fo_xterm_fn fn, void *ctx);

/* Every document's value in 'slot', in docid order (documents without
 * one are skipped): a cheap sequential read of one value stream. */
typedef int (*fo_xvalue_fn)(void *ctx, unsigned docid, const char *value,
    size_t len);
enum fo_status fo_xdb_each_value(struct fo_xdb *db, unsigned slot,
    fo_xvalue_fn fn, void *ctx);

/* "1.4.22" */
const char *fo_xapian_version(void);

#ifdef __cplusplus
}
#endif
#endif /* FO_XAP_H */
