/* indexer/query/qnode.c -- the trees of the query: the compiled fo_qnode
 * tree that search.c runs, and what an explanation holds (query.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "query.h"
#include "schema.h"
#include "utf8.h"

struct fo_qnode *
fo_qnode_new(enum fo_qop op, const char *term)
{
	struct fo_qnode *q = fo_xcalloc(1, sizeof *q);

	q->op = op;
	q->term = term != NULL ? fo_xstrdup(term) : NULL;
	q->scale = 1.0;
	return q;
}

struct fo_qnode *
fo_qnode_add(struct fo_qnode *parent, struct fo_qnode *kid)
{
	if (kid == NULL)
		return parent;
	parent->kids = fo_xreallocarray(parent->kids, parent->nkids + 1,
	    sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
	return parent;
}

void
fo_qnode_free(struct fo_qnode *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nkids; i++)
		fo_qnode_free(q->kids[i]);
	free(q->kids);
	free(q->term);
	free(q);
}

static const char *const opname[] = {
	"TERM", "PHRASE", "NEAR", "AND", "OR", "AND_NOT", "AND_MAYBE",
	"FILTER", "SCALE", "WILDCARD", "ALL"
};

void
fo_qnode_describe(const struct fo_qnode *q, struct fo_buf *out)
{
	size_t i;

	if (q == NULL) {
		fo_buf_puts(out, "(null)");
		return;
	}
	switch (q->op) {
	case FO_Q_TERM:
		fo_buf_puts(out, q->term);
		if (q->wqf > 1)
			fo_buf_printf(out, "^%u", q->wqf);
		return;
	case FO_Q_WILDCARD:
		fo_buf_printf(out, "%s*", q->term);
		return;
	case FO_Q_ALL:
		fo_buf_puts(out, "ALL");
		return;
	case FO_Q_SCALE:
		fo_buf_printf(out, "%g*", q->scale);
		break;
	default:
		fo_buf_puts(out, opname[q->op]);
		break;
	}
	fo_buf_putc(out, '(');
	for (i = 0; i < q->nkids; i++) {
		if (i > 0)
			fo_buf_puts(out, ", ");
		fo_qnode_describe(q->kids[i], out);
	}
	fo_buf_putc(out, ')');
}



void
fo_qexplain_release(struct fo_qexplain *e)
{
	if (e == NULL)
		return;
	fo_strlist_release(&e->segments);
	fo_strlist_release(&e->folds);
	fo_strlist_release(&e->also);
	fo_strlist_release(&e->needles);
	fo_strlist_release(&e->dropped);
	fo_strlist_release(&e->loose);
	e->loosenable = 0;
}
