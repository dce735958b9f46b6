/* indexer/index/ahead.c -- analysis ahead of the writer (index_int.h).
 *
 * With two processors, a second thread analyses the pages and builds
 * their Xapian documents, in page order, into a ring of RING plans, while
 * the calling thread hands them to Xapian in the same order (Xapian's
 * inverter and commits, the larger half, stay in one thread).  The index
 * is the same either way (test_index compares every page's content hash
 * with a one-thread build).  The worker has its own analyzer
 * (fo_analyzer_clone()): analyzers are not shared between threads.
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

#define AHEAD_MIN_PAGES	64	/* below this a second analyzer costs more */

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
		st = fo__plan_all(&pl, a->c, a->c->pages[i], a->an, a->skip[i]);
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
int
fo__ahead_start(struct ahead *a, const struct fo_content *c,
    struct fo_analyzer *an, const char *skip, size_t nwork, unsigned threads)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(a, 0, sizeof *a);
	if (nwork < AHEAD_MIN_PAGES || ncpu < 2 || threads == 1)
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
enum fo_status
fo__ahead_take(struct ahead *a, size_t i, struct plan *pl)
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
void
fo__ahead_finish(struct ahead *a)
{
	pthread_mutex_lock(&a->mu);
	a->stop = 1;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->th, NULL);
	for (; a->used < a->made; a->used++)
		fo__plan_release(&a->ring[a->used % RING]);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	fo_analyzer_free(a->an);
}

