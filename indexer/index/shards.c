/* indexer/index/shards.c -- the shards' writers (index_int.h).
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
#include "index_int.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

/* Commit every so many documents.  Xapian buffers every posting until a
 * commit (by default 10,000 documents); at 10,000 poems that buffer took
 * 760 MB and the build 36 s, committing every 1,000: 150 MB and 17 s
 * (500: 19 s, 2,000: 19 s).  The new generation is not visible to
 * readers before the final commit and the switch, so a commit half-way
 * changes nothing they see. */
#define FLUSH_DOCS	1000

/* fo__auto_shards(): below this many pages, one shard.  Measured on 2
 * cores (December 2026): the knowledge base (77 pages) 0.07 s with 1 or 2
 * shards, so one (one database is the simpler thing to serve); 1,000
 * pages 1.45-1.66 s with one, 1.36-1.52 s with two; 10,000 pages
 * 11.9-14.3 s with one, 8.8-10.8 s with two. */
#define SHARD_MIN_PAGES	500

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
enum fo_status
fo__shard_open(struct build *bd, unsigned i, enum fo_xdb_mode mode)
{
	struct shardw *w = &bd->sh[i];
	enum fo_status st;
	char *emsg = NULL;

	if (w->db != NULL)
		return FO_OK;
	if ((st = fo_xdb_open(w->dir, mode, &w->db, &emsg)) != FO_OK) {
		fo__bd_fail(bd, st, NULL, "%s", emsg ? emsg : w->dir);
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
		fo__bd_fail(bd, st, NULL, "%s", w->err);
	return st;
}

/* Stop every writer (after its queue) and report the first failure. */
enum fo_status
fo__shard_join(struct build *bd)
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
			st = fo__bd_fail(bd, w->st, NULL, "%s", w->err);
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

void
fo__shards_close(struct build *bd)
{
	unsigned i;

	if (bd->sh == NULL)
		return;
	(void)fo__shard_join(bd);
	for (i = 0; i < bd->nshards; i++) {
		fo_xdb_close(bd->sh[i].db);
		free(bd->sh[i].dir);
		free(bd->sh[i].err);
	}
	free(bd->sh);
	bd->sh = NULL;
}

/* Write page 'p's document 'xd' (taken over) where it belongs: its old
 * docid's shard if the previous index has it, else the next docid's. */
enum fo_status
fo__place_page(struct build *bd, const struct fo_page *p, const char *idterm,
    struct fo_xdoc *xd, int incremental)
{
	struct job j = { xd, p->path, 0, !incremental };
	unsigned g = 0, n = bd->nshards, s;
	enum fo_status st;

	if (incremental && fo_xdb_docid(bd->old, idterm, &g) == FO_OK)
		s = fo__shard_of(g, n);	/* replaced by its id term */
	else {
		g = ++bd->lastdocid;
		s = fo__shard_of(g, n);
		if (incremental)	/* its document number in the shard */
			j.docid = (g - 1) / n + 1;
	}
	if ((st = fo__shard_open(bd, s, FO_XDB_UPDATE)) != FO_OK) {
		fo_xdoc_free(xd);
		return st;
	}
	if (shard_failed(bd, s)) {
		fo_xdoc_free(xd);
		return fo__shard_join(bd);
	}
	return shard_put(bd, s, &j);
}

/* Commit every shard written to. */
enum fo_status
fo__shards_commit(struct build *bd)
{
	enum fo_status st;
	unsigned i;

	if ((st = fo__shard_join(bd)) != FO_OK)
		return st;
	for (i = 0; i < bd->nshards; i++)
		if (bd->sh[i].db != NULL &&
		    (st = fo_xdb_commit(bd->sh[i].db)) != FO_OK)
			return fo__bd_fail(bd, st,
			    fo_xdb_errmsg(bd->sh[i].db), "%s: commit", bd->sh[i].dir);
	return FO_OK;
}

/* How many shards a new index gets when not told: one below
 * SHARD_MIN_PAGES pages (measured: see bench/README.md), else one per
 * processor. */
unsigned
fo__auto_shards(size_t npages)
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
enum fo_status
fo__shards_init(struct build *bd, int incremental)
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
			st = fo__bd_fail(bd, FO_EIO,
			    strerror(errno), "mkdir %s", bd->newdir);
		else if ((st = fo_xdb_write_stub(bd->newdir, names,
		    bd->nshards, &emsg)) != FO_OK)
			fo__bd_fail(bd, st, NULL, "%s", emsg);
	}
	for (i = 0; i < bd->nshards && st == FO_OK; i++)
		if (!incremental)
			st = fo__shard_open(bd, i, FO_XDB_CREATE);
	fo_strv_free(names, bd->nshards);
	free(emsg);
	return st;
}