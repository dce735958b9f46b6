/* indexer/content/page.c -- rules about a page that the loader, the index
 * and the site all apply (content.h): its searchable text in pieces
 * (fo_page_pieces: what fiveout-index analyses into terms and what the
 * site's export folds for the browser's phrase checks) and the order of
 * annotations (fo_page_cmp_newest), so no two of them can differ. */
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

int
fo_page_cmp_newest(const void *a, const void *b)
{
	const struct fo_page *x = *(struct fo_page *const *)a;
	const struct fo_page *y = *(struct fo_page *const *)b;
	int d = strcmp(y->date != NULL ? y->date : "",
	    x->date != NULL ? x->date : "");

	return d != 0 ? d : strcmp(x->slug, y->slug);
}
