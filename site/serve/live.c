/* site/serve/live.c -- the shared build state (live.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "live.h"

void
fo_live_init(struct fo_live *l)
{
	memset(l, 0, sizeof *l);
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->cv, NULL);
	l->state = fo_xstrdup("{\"gen\":0,\"errors\":[]}");
}

void
fo_live_release(struct fo_live *l)
{
	pthread_mutex_destroy(&l->mu);
	pthread_cond_destroy(&l->cv);
	free(l->state);
}

void
fo_live_publish(struct fo_live *l, const char *errors_json)
{
	struct fo_buf b = FO_BUF_INIT;

	pthread_mutex_lock(&l->mu);
	l->gen++;
	fo_buf_printf(&b, "{\"gen\":%u,\"errors\":%s}", l->gen, errors_json);
	free(l->state);
	l->state = fo_buf_detach(&b, NULL);
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}

char *
fo_live_get(struct fo_live *l, unsigned *gen)
{
	char *s;

	pthread_mutex_lock(&l->mu);
	s = fo_xstrdup(l->state);
	*gen = l->gen;
	pthread_mutex_unlock(&l->mu);
	return s;
}

char *
fo_live_wait(struct fo_live *l, unsigned *gen, int ms)
{
	struct timespec until;
	char *s = NULL;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&l->mu);
	while (l->gen == *gen && !l->stopping)
		if (pthread_cond_timedwait(&l->cv, &l->mu, &until) == ETIMEDOUT)
			break;
	if (l->gen != *gen && !l->stopping) {
		s = fo_xstrdup(l->state);
		*gen = l->gen;
	}
	pthread_mutex_unlock(&l->mu);
	return s;
}

void
fo_live_stop(struct fo_live *l)
{
	pthread_mutex_lock(&l->mu);
	l->stopping = 1;
	pthread_cond_broadcast(&l->cv);
	pthread_mutex_unlock(&l->mu);
}
