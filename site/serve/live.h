/* site/serve/live.h -- what fiveout-serve shares between its watcher (the main
 * thread, which rebuilds) and the readers' connections: the build's
 * generation and its lint errors, as the JSON text the page's script
 * reads.  One mutex, one condition variable. */
#ifndef FO_SERVE_LIVE_H
#define FO_SERVE_LIVE_H

#include <pthread.h>

struct fo_live {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned	 gen;		/* bumped at every rebuild */
	char		*state;		/* {"gen":N,"errors":[...]}; owned */
	int		 stopping;
};

void	fo_live_init(struct fo_live *l);
void	fo_live_release(struct fo_live *l);
/* A new generation whose state is 'errors_json' (a JSON array; copied). */
void	fo_live_publish(struct fo_live *l, const char *errors_json);
/* A malloc(3)ed copy of the state, and its generation in *gen. */
char	*fo_live_get(struct fo_live *l, unsigned *gen);
/* Wait until the generation differs from 'gen' or 'ms' pass; returns a
 * copy of the state (malloc(3)ed) if it changed, else NULL.  *gen is
 * updated. */
char	*fo_live_wait(struct fo_live *l, unsigned *gen, int ms);
/* Wake every waiter for good (the server stops). */
void	fo_live_stop(struct fo_live *l);

#endif /* FO_SERVE_LIVE_H */
