/* site/html/html.c -- fo_html_write(): one page for each entry of the
 * page table (urls.c), in its order, written in batches (batch.c); then
 * the assets and 404.html.
 *
 * in->hist, the content tree's git history, gives the provenance of
 * annotation and glossary pages: outside git, or with git missing, it
 * is NULL and the pages simply have no history section.
 */
#include <string.h>

#include "html.h"

/* Render entry 'u' into 'g'. */
static void
render(struct pg *g, const struct fo_url *u)
{
	switch (u->kind) {
	case FO_URL_HOME:		fo_html_home(g, u); break;
	case FO_URL_TEXT:		fo_html_text(g, u); break;
	case FO_URL_SECTION:		fo_html_section(g, u); break;
	case FO_URL_CLAUSE:		fo_html_clause(g, u); break;
	case FO_URL_NOTES:		fo_html_notes(g, u); break;
	case FO_URL_GLOSSARY:		fo_html_glossary(g, u); break;
	case FO_URL_TERM:		fo_html_term(g, u); break;
	case FO_URL_REFS:		fo_html_refs(g, u); break;
	case FO_URL_ANNOTATIONS:	fo_html_annotations(g, u); break;
	case FO_URL_ANNOTATION:		fo_html_annotation(g, u); break;
	case FO_URL_TAGS:		fo_html_tags(g, u); break;
	case FO_URL_TAG:		fo_html_tag(g, u); break;
	case FO_URL_TARGETS:		fo_html_targets(g, u); break;
	case FO_URL_SEARCH:		fo_html_search(g, u); break;
	}
}

static enum fo_status
assets(struct fo_out *o, char **errmsg)
{
	struct fo_buf rel = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	size_t i;

	for (i = 0; i < fo_nassets && st == FO_OK; i++) {
		fo_buf_reset(&rel);
		fo_buf_printf(&rel, "assets/%s", fo_assets[i].name);
		st = fo_out_write(o, rel.data, fo_assets[i].data,
		    fo_assets[i].len, 1, errmsg);
	}
	fo_buf_release(&rel);
	return st;
}

static enum fo_status
page_404(const struct fo_html_in *in, char **errmsg)
{
	struct pg g;
	enum fo_status st;

	fo_html_pg_init(&g, in, "/");
	g.url = NULL;
	fo_html_404(&g);
	st = fo_out_write(in->out, "404.html", g.b.data, g.b.len, 1, errmsg);
	fo_html_pg_release(&g);
	return st;
}

enum fo_status
fo_html_write(const struct fo_html_in *in, struct fo_html_res *res)
{
	const struct fo_urls *urls = in->urls;
	struct batch *b = fo_html_batch_new(in->out);
	enum fo_status st;
	size_t i;

	memset(res, 0, sizeof(*res));
	st = assets(in->out, &res->errmsg);
	for (i = 0; i < urls->n && st == FO_OK; i++) {
		struct pg g;
		char *data;
		size_t n;

		fo_html_pg_init(&g, in, urls->v[i].url);
		render(&g, &urls->v[i]);
		data = fo_buf_detach(&g.b, &n);
		fo_html_pg_release(&g);
		res->pages++;
		st = fo_html_batch_add(b, urls->v[i].path, data, n,
		    &res->errmsg);
	}
	if (st == FO_OK)
		st = page_404(in, &res->errmsg);
	if (st == FO_OK) {
		struct fo_buf csv = FO_BUF_INIT;

		fo_html_targets_csv(in, &csv);
		st = fo_out_write(in->out, "targets/targets.csv", csv.data,
		    csv.len, 0, &res->errmsg);
		fo_buf_release(&csv);
	}
	if (st == FO_OK)
		st = fo_html_batch_flush(b, &res->errmsg);
	fo_html_batch_counts(b, &res->pages_written, &res->pages_unchanged);
	fo_html_batch_free(b);
	return st;
}
