/* indexer/index_int.h -- private to the index build (index/: index.c
 * drives it; plan.c makes each page's document, ahead.c analyses pages in
 * a second thread, shards.c writes the shards, files.c keeps the
 * generations' files).  Not part of the public API. */
#ifndef FO_INDEX_INT_H
#define FO_INDEX_INT_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "analyze.h"
#include "buf.h"
#include "content.h"
#include "index.h"
#include "xap.h"

/* ---- plan.c: what one page's document holds, hashed as it grows ---- */

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

/* An empty plan. */
void	fo__plan_init(struct plan *pl);
/* Free what 'pl' holds (its document too, unless taken). */
void	fo__plan_release(struct plan *pl);
/* Page 'p''s plan and Xapian document (pl->xd), unless 'skip' (its input
 * is unchanged: pl->skip set, nothing else); on failure pl->err may say
 * why.  'an' is the calling thread's own analyzer. */
enum fo_status fo__plan_all(struct plan *pl, const struct fo_content *c,
	    const struct fo_page *p, struct fo_analyzer *an, int skip);
/* The hash of everything page 'p' gives its document (fields, links,
 * PLAN_VERSION): equal to the previous index's, the page is not analysed. */
uint64_t fo__input_hash(const struct fo_content *c, const struct fo_page *p);

/* ---- ahead.c ------------------------------------
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

/* Start the worker if it pays: 'threads' is 1 (never: analyse in the
 * calling thread), or 0 (when there are two processors and 'nwork' pages
 * at least AHEAD_MIN_PAGES).  'skip' ([page]: input unchanged) is
 * borrowed.  1 if started, 0 (and nothing started) otherwise. */
int	fo__ahead_start(struct ahead *a, const struct fo_content *c,
	    struct fo_analyzer *an, const char *skip, size_t nwork,
	    unsigned threads);
/* Page i's plan, analysed by the worker; the caller owns it. */
enum fo_status fo__ahead_take(struct ahead *a, size_t i, struct plan *pl);
/* Stop the worker (early or not) and free what it made and nobody took. */
void	fo__ahead_finish(struct ahead *a);

/* ---- shards.c: the shards' writers (the rule of which page goes where
 * is at the top of shards.c) ------------------------------------------ */

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
	unsigned threads;	/* fo_index_opts.threads */
};

/* The build's message: 'fmt' and its arguments, then ": detail" when
 * 'detail' is neither NULL nor empty.  Returns 'st'.  Inline, as the
 * message is the build's own, written from index.c and shards.c alike. */
static inline enum fo_status
fo__bd_fail(struct build *bd, enum fo_status st, const char *detail,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static inline enum fo_status
fo__bd_fail(struct build *bd, enum fo_status st, const char *detail,
    const char *fmt, ...)
{
	va_list ap;

	fo_buf_reset(&bd->msg);
	va_start(ap, fmt);
	fo_buf_vprintf(&bd->msg, fmt, ap);
	va_end(ap);
	if (detail != NULL && *detail != '\0')
		fo_buf_printf(&bd->msg, ": %s", detail);
	return st;
}

/* 'what' failed in Xapian database 'db': its message as the detail. */
static inline enum fo_status
fo__bd_xfail(struct build *bd, struct fo_xdb *db, enum fo_status st,
    const char *what)
{
	return fo__bd_fail(bd, st, fo_xdb_errmsg(db), "%s", what);
}

/* The shard of docid 'g' among 'n' (xap.h: Xapian's interleaving). */
static inline unsigned
fo__shard_of(unsigned g, unsigned n)
{
	return (g - 1) % n;
}

/* Open shard i (created for a new index, else updated) if not open yet. */
enum fo_status fo__shard_open(struct build *bd, unsigned i,
	    enum fo_xdb_mode mode);
/* Wait for every writer thread; the first failure. */
enum fo_status fo__shard_join(struct build *bd);
/* Join and close every shard and free them. */
void	fo__shards_close(struct build *bd);
/* Write page 'p''s document 'xd' (taken over) where it belongs. */
enum fo_status fo__place_page(struct build *bd, const struct fo_page *p,
	    const char *idterm, struct fo_xdoc *xd, int incremental);
/* Commit every shard written to. */
enum fo_status fo__shards_commit(struct build *bd);
/* How many shards a new index of 'npages' pages gets when not told. */
unsigned fo__auto_shards(size_t npages);
/* Lay out the new generation's shards (and create a new index's). */
enum fo_status fo__shards_init(struct build *bd, int incremental);

/* ---- files.c: the generations' files ------------------------------ */

#define LOCK_NAME	"lock"	/* in <dbdir>.gen: one build at a time */

int	fo__fsync_path(const char *path);
int	fo__copy_dir(const char *from, const char *to);
unsigned long fo__max_generation(const char *gdir);
void	fo__prune_generations(const char *gdir, const char *keep,
	    const char *keep2);
int	fo__dir_is_empty(const char *path);
int	fo__mkdir_p(const char *path);

#endif /* FO_INDEX_INT_H */
