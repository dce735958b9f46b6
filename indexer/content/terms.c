/* indexer/content/terms.c -- which glossary entries each page uses:
 * those it links, and for the official text those whose term or alias
 * occurs in it (page->terms, in order of first occurrence). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content_int.h"

/* Position of 'needle' in 'hay' in bytes, or (size_t)-1. */
static size_t
find_pos(const char *hay, const char *needle)
{
	const char *s;

	if (hay == NULL || needle == NULL || *needle == '\0')
		return (size_t)-1;
	s = strstr(hay, needle);
	return s ? (size_t)(s - hay) : (size_t)-1;
}

/* Where 'name' first occurs in a page's title, then text (as if the two
 * were joined by a newline); (size_t)-1 if nowhere. */
static size_t
term_pos(const struct fo_page *p, const char *name)
{
	size_t pos = find_pos(p->title, name);

	if (pos != (size_t)-1)
		return pos;
	pos = find_pos(p->text, name);
	if (pos != (size_t)-1 && p->title != NULL)
		pos += strlen(p->title) + 1;
	return pos;
}

struct term_hit {
	struct fo_page	*page;
	size_t		 pos;
};

static int
cmp_hit(const void *a, const void *b)
{
	const struct term_hit *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return strcmp(x->page->slug, y->page->slug);
}

/* page->terms: glossary entries linked, and for the official text (clauses,
 * sections, preamble) those whose term or alias occurs in its title or
 * text; in order of first occurrence, linked-only ones last. */
void
fo__terms_find(struct fo_content *c)
{
	size_t i, j, k, nh;
	struct term_hit *hits;

	if (c->nglossary == 0)
		return;
	hits = fo_xcalloc(c->nglossary, sizeof *hits);
	for (i = 0; i < c->npages; i++) {
		struct fo_page *p = c->pages[i];
		int official = fo_kind_official(p->kind);

		nh = 0;
		for (j = 0; j < c->nglossary; j++) {
			struct fo_page *g = c->glossary[j];
			size_t pos = (size_t)-1, q;

			if (g == p)
				continue;
			if (official) {
				pos = term_pos(p, g->title);
				for (k = 0; k < g->naliases; k++) {
					q = term_pos(p, g->aliases[k]);
					if (q < pos)
						pos = q;
				}
			}
			for (k = 0; k < p->nlinks && pos == (size_t)-1; k++)
				if (p->links[k].page == g)
					pos = (size_t)-2;	/* after text hits */
			if (pos != (size_t)-1) {
				hits[nh].page = g;
				hits[nh++].pos = pos;
			}
		}
		if (nh == 0)
			continue;
		qsort(hits, nh, sizeof *hits, cmp_hit);
		p->terms = fo_xcalloc(nh, sizeof *p->terms);
		for (j = 0; j < nh; j++)
			p->terms[j] = hits[j].page;
		p->nterms = nh;
	}
	free(hits);
}
