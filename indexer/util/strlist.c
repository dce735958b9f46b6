/* indexer/util/strlist.c -- a list of unique strings in the order added
 * (struct fo_strlist, buf.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
fo_strlist_add(struct fo_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = fo_xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = fo_xstrdup(s);
}

void
fo_strlist_release(struct fo_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
