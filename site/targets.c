/* site/targets.c -- quantified targets (to come). */
#include <stdlib.h>

#include "site.h"

void
fo_targets_find(const char *text, struct fo_targets *t)
{
	(void)text; (void)t;
}

void
fo_targets_release(struct fo_targets *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}
