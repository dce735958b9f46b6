/* indexer/content/links.c -- the pages' links to their targets: find a
 * page by id or glossary name, resolve every link the readers found
 * (markdown.c), check its #pM and #pMsK fragment against the target, and
 * record backlinks and an annotation's clauses. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content_int.h"
#include "snippet.h"	/* fo_sentence_at: the site's sentence anchors */

struct fo_page *
fo_content_find(const struct fo_content *c, const char *id)
{
	size_t i;

	if (c == NULL || id == NULL)
		return NULL;
	for (i = 0; i < c->npages; i++)
		if (strcmp(c->pages[i]->id, id) == 0)
			return c->pages[i];
	return NULL;
}

struct fo_page *
fo_content_term(const struct fo_content *c, const char *name)
{
	size_t i, k;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->nglossary; i++)
		if (strcmp(c->glossary[i]->slug, name) == 0)
			return c->glossary[i];
	for (i = 0; i < c->nglossary; i++) {
		struct fo_page *g = c->glossary[i];

		if (strcmp(g->title, name) == 0)
			return g;
		for (k = 0; k < g->naliases; k++)
			if (strcmp(g->aliases[k], name) == 0)
				return g;
	}
	return NULL;
}

static void
add_ptr(struct fo_page ***v, size_t *n, struct fo_page *p)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == p)
			return;
	*v = fo_xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = p;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The glossary slug nearest to 'name', or NULL. */
static const char *
near_term(const struct fo_content *c, const char *name)
{
	const char **slugs = fo_xcalloc(c->nglossary + 1, sizeof *slugs);
	const char *near;
	size_t i;

	for (i = 0; i < c->nglossary; i++)
		slugs[i] = c->glossary[i]->slug;
	near = fo__lint_near(name, slugs);
	free(slugs);
	return near;
}

/* A "#pM" link beyond its target's last paragraph. */
static void
para_missing(struct fo_content *c, const struct fo_page *p,
    const struct fo_link *lk)
{
	const struct fo_page *t = lk->page;

	if (t->nparas == 0)
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line, lk->col,
		    "link to %s#p%d: %s has no paragraphs: drop the #p%d",
		    t->id, lk->para, t->id, lk->para);
	else if (t->nparas == 1)
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line, lk->col,
		    "link to %s#p%d: %s has 1 paragraph (#p1)", t->id,
		    lk->para, t->id);
	else
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line, lk->col,
		    "link to %s#p%d: %s has %zu paragraphs (#p1–#p%zu)",
		    t->id, lk->para, t->id, t->nparas, t->nparas);
}

/* A "#pMsK" link: only the official text has sentence anchors, and
 * paragraph M must have a sentence K (counted as the site cuts them). */
static void
sentence_check(struct fo_content *c, const struct fo_page *p,
    const struct fo_link *lk)
{
	const struct fo_page *t = lk->page;
	const char *text;
	int n;

	if (!fo_kind_official(t->kind)) {
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line, lk->col,
		    "link to %s#p%ds%d: only the official text (clauses, "
		    "sections, the preamble) has sentence anchors: write "
		    "%s#p%d", t->id, lk->para, lk->sentence, t->id, lk->para);
		return;
	}
	text = t->paras[lk->para - 1].text;
	n = fo_sentence_at(text, strlen(text));
	if (lk->sentence > n)
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line, lk->col,
		    "link to %s#p%ds%d: paragraph %d of %s has %d sentence%s "
		    "(#p%ds1–#p%ds%d)", t->id, lk->para, lk->sentence,
		    lk->para, t->id, n, n == 1 ? "" : "s", lk->para,
		    lk->para, n);
}

/* Resolve the links of 'p', reporting missing targets; with 'backlinks',
 * record 'p' as citing each target. */
static void
resolve_links(struct fo_content *c, struct fo_page *p, int backlinks)
{
	size_t j;

	for (j = 0; j < p->nlinks; j++) {
		struct fo_link *lk = &p->links[j];

		switch (lk->kind) {
		case FO_LINK_CLAUSE:
		case FO_LINK_SECTION: {
			int cl = lk->kind == FO_LINK_CLAUSE;
			const char *what = cl ? "clause" : "section";

			if (lk->number == 0)
				break;
			lk->page = cl ? c->clauses[lk->number] :
			    c->sections[lk->number];
			if (lk->page == NULL)
				fo__diag(&c->diags, FO_SEV_ERROR, p->path,
				    lk->line, lk->col, "link to %s %d: "
				    "%s %d has no page in this tree "
				    "(%ss/%02d.md is missing or has "
				    "errors)", what, lk->number, what,
				    lk->number, what, lk->number);
			break;
		}
		case FO_LINK_TERM:
			if (*lk->target == '\0')
				break;
			lk->page = fo_content_term(c, lk->target);
			if (lk->page == NULL) {
				const char *near = near_term(c, lk->target);

				fo__diag(&c->diags, FO_SEV_ERROR, p->path, lk->line,
				    lk->col, "term '%s' does not exist: %s%s%s"
				    "link a glossary entry's slug, term or "
				    "alias, or add glossary/<slug>.md for it",
				    lk->target, near ? "did you mean term:" :
				    "", near ? near : "", near ? "? " : "");
			}
			break;
		case FO_LINK_ANNOTATION: {
			struct fo_buf id = FO_BUF_INIT;

			fo_buf_printf(&id, "annotation:%s", lk->target);
			lk->page = fo_content_find(c, id.data);
			fo_buf_release(&id);
			if (lk->page == NULL && *lk->target != '\0')
				fo__diag(&c->diags, FO_SEV_ERROR, p->path,
				    lk->line, lk->col, "annotation '%s' "
				    "does not exist: there is no "
				    "annotations/%s.md (or it has "
				    "errors)", lk->target, lk->target);
			break;
		}
		case FO_LINK_EXTERNAL:
			break;
		}
		if (lk->page != NULL && lk->para > 0 &&
		    (size_t)lk->para > lk->page->nparas)
			para_missing(c, p, lk);
		else if (lk->page != NULL && lk->sentence > 0)
			sentence_check(c, p, lk);
		if (backlinks && lk->page != NULL && lk->page != p)
			add_ptr(&lk->page->backlinks,
			    &lk->page->nbacklinks, p);
	}
}

void
fo__links_resolve(struct fo_content *c, struct fo_page *const *rejected,
    size_t nrejected)
{
	size_t i, j;

	for (i = 0; i < nrejected; i++)
		resolve_links(c, rejected[i], 0);
	for (i = 0; i < c->npages; i++) {
		struct fo_ipage *ip = (struct fo_ipage *)c->pages[i];
		struct fo_page *p = &ip->p;

		resolve_links(c, p, 1);
		if (p->kind != FO_KIND_ANNOTATION)
			continue;
		/* front matter clauses must exist too */
		for (j = 0; j < p->nclauses; j++) {
			struct fo_page *q = c->clauses[p->clauses[j]];

			if (q == NULL)
				fo__diag(&c->diags, FO_SEV_ERROR, p->path,
				    ip->iline[FO__AN_CLAUSES][j],
				    ip->icol[FO__AN_CLAUSES][j], "clause %d has no "
				    "page in this tree (clauses/%02d.md is "
				    "missing or has errors)", p->clauses[j],
				    p->clauses[j]);
			else
				add_ptr(&q->backlinks, &q->nbacklinks, p);
		}
		/* clauses = front matter + clause: links, unique, sorted */
		for (j = 0; j < p->nlinks; j++)
			if (p->links[j].kind == FO_LINK_CLAUSE &&
			    p->links[j].number > 0) {
				p->clauses = fo_xreallocarray(p->clauses,
				    p->nclauses + 1, sizeof *p->clauses);
				p->clauses[p->nclauses++] = p->links[j].number;
			}
		if (p->nclauses > 1) {
			size_t k, w = 1;

			qsort(p->clauses, p->nclauses, sizeof *p->clauses,
			    cmp_int);
			for (k = 1; k < p->nclauses; k++)
				if (p->clauses[k] != p->clauses[w - 1])
					p->clauses[w++] = p->clauses[k];
			p->nclauses = w;
		}
	}
}
