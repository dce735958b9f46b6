/* indexer/content/pieces.c -- a page's searchable text in pieces
 * (fo_page_pieces, content.h): what fiveout-index analyses into terms and
 * what the site's export folds for the browser's phrase checks, so the
 * two cannot list them differently. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content.h"

const char **
fo_page_pieces(const struct fo_page *p, size_t *n, size_t *ntitle)
{
	const char **v = fo_xcalloc(4 + p->naliases + p->nissuers, sizeof *v);
	size_t i, k = 0;

	v[k++] = p->label != NULL ? p->label : p->title != NULL ? p->title :
	    "";
	for (i = 0; i < p->naliases; i++)
		v[k++] = p->aliases[i];
	if (p->en != NULL)
		v[k++] = p->en;
	/* a clause's label carries its title; one that does not (edited)
	   still has the title searchable as one */
	if (p->kind == FO_KIND_CLAUSE && p->label != NULL && p->title != NULL &&
	    strstr(p->label, p->title) == NULL)
		v[k++] = p->title;
	*ntitle = k;
	for (i = 0; i < p->nissuers; i++)
		v[k++] = p->issuers[i];
	v[k++] = p->text != NULL ? p->text : "";
	*n = k;
	return v;
}
