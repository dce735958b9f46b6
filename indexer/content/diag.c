/* indexer/content/diag.c -- the diagnostics sink (struct fo_diags,
 * content.h): the loader and its readers (frontmatter.c, markdown.c,
 * lint.c) append to it, the loader sorts it, the programs print it.
 * It calls nothing of theirs, so no reader calls back into the loader. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content_int.h"

int
fo__md_name(const char *name)
{
	size_t n = strlen(name);

	return n >= 3 && name[n - 3] == '.' &&
	    (name[n - 2] == 'm' || name[n - 2] == 'M') &&
	    (name[n - 1] == 'd' || name[n - 1] == 'D');
}

void
fo__diag(struct fo_diags *dg, enum fo_severity sev, const char *path,
    int line, int col, const char *fmt, ...)
{
	struct fo_buf m = FO_BUF_INIT;
	struct fo_diag *d;
	va_list ap;

	va_start(ap, fmt);
	fo_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	dg->v = fo_xreallocarray(dg->v, dg->n + 1, sizeof *dg->v);
	d = &dg->v[dg->n++];
	d->sev = sev;
	d->path = fo_xstrdup(path);
	/* A problem with a whole Markdown file points at its start, so every
	 * diagnostic about a file has the path:line:col: shape that editors
	 * and CI parse; only folders, which have no lines, go without. */
	if (line <= 0 && fo__md_name(path))
		line = 1, col = 1;
	d->line = line;
	d->col = col;
	d->msg = fo_buf_detach(&m, NULL);
	if (sev == FO_SEV_ERROR)
		dg->nerrors++;
	else
		dg->nwarnings++;
}

struct diag_ref {
	const struct fo_diag	*d;
	size_t			 i;	/* order found: keeps the sort stable */
};

static int
cmp_diag(const void *a, const void *b)
{
	const struct diag_ref *x = a, *y = b;
	int d = strcmp(x->d->path, y->d->path);

	if (d != 0)
		return d;
	if (x->d->line != y->d->line)
		return x->d->line < y->d->line ? -1 : 1;
	if (x->d->col != y->d->col)
		return x->d->col < y->d->col ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
fo__diags_sort(struct fo_diags *dg)
{
	struct diag_ref *ref;
	struct fo_diag *out;
	size_t i;

	if (dg->n < 2)
		return;
	ref = fo_xcalloc(dg->n, sizeof *ref);
	for (i = 0; i < dg->n; i++) {
		ref[i].d = &dg->v[i];
		ref[i].i = i;
	}
	qsort(ref, dg->n, sizeof *ref, cmp_diag);
	out = fo_xcalloc(dg->n, sizeof *out);
	for (i = 0; i < dg->n; i++)
		out[i] = *ref[i].d;
	free(dg->v);
	dg->v = out;
	free(ref);
}

void
fo__diags_release(struct fo_diags *dg)
{
	size_t i;

	for (i = 0; i < dg->n; i++) {
		free(dg->v[i].path);
		free(dg->v[i].msg);
	}
	free(dg->v);
	memset(dg, 0, sizeof *dg);
}

/* 's' with its control characters (a newline in a file name) as \xNN:
 * one diagnostic is one line, whatever a name holds. */
static void
put_line_safe(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f)
			fprintf(fp, "\\x%02x", ch);
		else
			fputc(ch, fp);
	}
}

void
fo_diags_print(const struct fo_diags *dg, FILE *fp)
{
	size_t i;

	if (dg == NULL || fp == NULL)
		return;
	for (i = 0; i < dg->n; i++) {
		const struct fo_diag *d = &dg->v[i];
		const char *sev = d->sev == FO_SEV_ERROR ? "error" : "warning";

		put_line_safe(fp, d->path);
		if (d->line > 0 && d->col > 0)
			fprintf(fp, ":%d:%d", d->line, d->col);
		else if (d->line > 0)
			fprintf(fp, ":%d", d->line);
		fprintf(fp, ": %s: ", sev);
		put_line_safe(fp, d->msg);
		fputc('\n', fp);
	}
}
