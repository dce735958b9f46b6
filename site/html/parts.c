/* site/html/parts.c -- pieces several pages share: breadcrumbs,
 * previous/next links, sources, the file's git history (provenance),
 * tags, annotation cards and title lists, page lists, backlinks. */
#include <string.h>

#include "html.h"

void
fo_html_crumbs(struct pg *g, const struct fo_page *a,
    const struct fo_page *b, const char *here)
{
	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n");
	if (a != NULL) {
		put(g, "<li>");
		fo_html_a_page(g, a, NULL, NULL);
		put(g, "</li>\n");
	}
	if (b != NULL) {
		put(g, "<li>");
		fo_html_a_page(g, b, NULL, NULL);
		put(g, "</li>\n");
	}
	put(g, "<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

void
fo_html_crumbs_url(struct pg *g, const char *url, const char *name,
    const char *here)
{
	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, url);
	put(g, "\">");
	esc(g, name);
	put(g, "</a></li>\n<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

void
fo_html_prevnext(struct pg *g, const struct fo_page *prev,
    const struct fo_page *next, const char *what)
{
	if (prev == NULL && next == NULL)
		return;
	put(g, "<nav class=\"prevnext\" aria-label=\"");
	esc(g, what);
	put(g, "\">\n");
	if (prev != NULL) {
		put(g, "<a rel=\"prev\" href=\"");
		fo_html_href(&g->b, g->root, prev->url);
		put(g, "\"><span>上一");
		esc(g, what);
		put(g, "</span> ");
		esc(g, prev->label);
		put(g, "</a>\n");
	}
	if (next != NULL) {
		put(g, "<a rel=\"next\" href=\"");
		fo_html_href(&g->b, g->root, next->url);
		put(g, "\"><span>下一");
		esc(g, what);
		put(g, "</span> ");
		esc(g, next->label);
		put(g, "</a>\n");
	}
	put(g, "</nav>\n");
}

void
fo_html_sources(struct pg *g, const struct fo_page *p, const char *hx)
{
	size_t i;

	if (p->nsources == 0)
		return;
	fo_buf_printf(&g->b, "<%s>来源</%s>\n<ul class=\"sources\">\n", hx, hx);
	for (i = 0; i < p->nsources; i++) {
		const struct fo_source *src = &p->sources[i];

		put(g, "<li>");
		if (fo_url_is_external_safe(src->url)) {
			put(g, "<a href=\"");
			esc(g, src->url);
			put(g, "\" rel=\"external\">");
			esc(g, src->title);
			put(g, "</a>");
		} else
			esc(g, src->title);
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

/* ---- provenance: the file's git history --------------------------- */

const struct fo_commit *const *
fo_html_page_history(const struct pg *g, const struct fo_page *p,
    size_t *n)
{
	const char *root = g->in->c->root;
	size_t len = strlen(root);

	*n = 0;
	if (g->in->hist == NULL || p->path == NULL)
		return NULL;
	if (strncmp(p->path, root, len) != 0 || p->path[len] != '/')
		return NULL;
	return fo_history_find(g->in->hist, p->path + len + 1, n);
}

/* " · 最后修改 <time>": the date of the last commit of the file. */
void
fo_html_last_change(struct pg *g, const struct fo_page *p)
{
	const struct fo_commit *const *v;
	size_t n;

	if ((v = fo_html_page_history(g, p, &n)) == NULL || n == 0)
		return;
	put(g, "<span class=\"updated\">最后修改 ");
	fo_html_time(g, v[0]->date);
	put(g, "</span>");
}

/* The file's history: date, short hash and subject of each commit. */
void
fo_html_history(struct pg *g, const struct fo_page *p, const char *hx)
{
	const struct fo_commit *const *v;
	size_t i, n;

	if ((v = fo_html_page_history(g, p, &n)) == NULL || n == 0)
		return;
	fo_buf_printf(&g->b, "<%s>修订记录</%s>\n<ol class=\"history\" "
	    "reversed>\n", hx, hx);
	for (i = 0; i < n; i++) {
		put(g, "<li>");
		fo_html_time(g, v[i]->date);
		put(g, " <code title=\"");
		esc(g, v[i]->hash);
		put(g, "\">");
		esc(g, v[i]->short_hash);
		put(g, "</code> ");
		esc(g, v[i]->subject);
		put(g, "</li>\n");
	}
	put(g, "</ol>\n");
}

void
fo_html_tag_links(struct pg *g, const struct fo_page *p)
{
	size_t i;

	if (p->ntags == 0)
		return;
	put(g, "<ul class=\"tags\" aria-label=\"标签\">");
	for (i = 0; i < p->ntags; i++) {
		const struct fo_tag *t = fo_urls_tag(g->in->urls, p->tags[i]);

		put(g, "<li>");
		if (t != NULL) {
			put(g, "<a href=\"");
			fo_html_href(&g->b, g->root, t->url);
			put(g, "\">");
			esc(g, p->tags[i]);
			put(g, "</a>");
		} else
			esc(g, p->tags[i]);
		put(g, "</li>");
	}
	put(g, "</ul>\n");
}

void
fo_html_annot_meta(struct pg *g, const struct fo_page *p)
{
	put(g, "<p class=\"meta\">");
	if (p->author != NULL) {
		put(g, "<span class=\"author\">");
		esc(g, p->author);
		put(g, "</span>");
	}
	if (p->date != NULL) {
		put(g, " ");
		fo_html_time(g, p->date);
	}
	put(g, "</p>\n");
}

/* A list of annotations with title, meta and an excerpt. */
void
fo_html_annot_list(struct pg *g, struct fo_page *const *v, size_t n,
    const char *hx, size_t max)
{
	size_t i;

	put(g, "<ul class=\"cards\">\n");
	for (i = 0; i < n && i < max; i++) {
		const struct fo_page *p = v[i];

		fo_buf_printf(&g->b, "<li><%s>", hx);
		fo_html_a_page(g, p, NULL, p->title);
		fo_buf_printf(&g->b, "</%s>\n", hx);
		fo_html_annot_meta(g, p);
		put(g, "<p>");
		fo_html_excerpt(&g->b, p->text, 90);
		put(g, "</p>\n");
		fo_html_tag_links(g, p);
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

/* A list of annotations, one line each: title, author and date (a
 * tag's pages, a clause's whole list: the cards' excerpts and tags would
 * say again, on every tag and clause an annotation has, what its own
 * page and the index say). */
void
fo_html_annot_titles(struct pg *g, struct fo_page *const *v, size_t n)
{
	size_t i;

	put(g, "<ul class=\"titles\">\n");
	for (i = 0; i < n; i++) {
		const struct fo_page *p = v[i];

		put(g, "<li>");
		fo_html_a_page(g, p, NULL, p->title);
		if (p->author != NULL || p->date != NULL) {
			put(g, " <span class=\"meta\">");
			if (p->author != NULL)
				esc(g, p->author);
			if (p->date != NULL) {
				if (p->author != NULL)
					put(g, " ");
				fo_html_time(g, p->date);
			}
			put(g, "</span>");
		}
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

void
fo_html_page_list(struct pg *g, struct fo_page *const *v, size_t n)
{
	size_t i;

	put(g, "<ul>\n");
	for (i = 0; i < n; i++) {
		put(g, "<li>");
		fo_html_a_page(g, v[i], NULL, NULL);
		if (v[i]->kind == FO_KIND_ANNOTATION) {
			put(g, " <span class=\"kind\">注解</span>");
		}
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

void
fo_html_crumbs_trail(struct pg *g, const struct crumb *v, size_t n,
    const char *here)
{
	size_t i;

	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n");
	for (i = 0; i < n; i++) {
		put(g, "<li><a href=\"");
		fo_html_href(&g->b, g->root, v[i].url);
		put(g, "\">");
		esc(g, v[i].name);
		put(g, "</a></li>\n");
	}
	put(g, "<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

/* Past FO_BACKLINKS_MAX, the first ones and a link to 'more', the
 * whole list (refs/, notes.c). */
void
fo_html_backlinks(struct pg *g, const struct fo_page *p, const char *more,
    const char *heading)
{
	if (p->nbacklinks == 0)
		return;
	fo_buf_printf(&g->b, "<h2>%s</h2>\n", heading);
	if (more == NULL) {
		fo_html_page_list(g, p->backlinks, p->nbacklinks);
		return;
	}
	fo_html_page_list(g, p->backlinks, FO_BACKLINKS_MAX);
	put(g, "<p class=\"more\"><a href=\"");
	fo_html_href(&g->b, g->root, more);
	fo_buf_printf(&g->b, "\">全部 %zu 项</a></p>\n", p->nbacklinks);
}

/*
 * The citation box of a page: a short form and a full form (ending with
 * the page's permalink: its directory address, never index.html), each
 * with a copy button (shown by site.js).  data-unit tells site.js what
 * a sentence is cited under ("第（四）条"): with it, a sentence chosen
 * (its #pNsM link, or a tap) adds "第M句" (and "第N段" past the first
 * paragraph) to both forms and its anchor to the permalink.
 */
void
fo_html_cite(struct pg *g, const char *brief, const char *full,
    const char *unit)
{
	put(g, "<div class=\"cite\" role=\"group\" aria-label=\"引用本页\"");
	if (unit != NULL) {
		put(g, " data-unit=\"");
		esc(g, unit);
		put(g, "\"");
	}
	if (g->in->base_url != NULL && g->url != NULL) {
		put(g, " data-url=\"");
		fo_html_abs(&g->b, g->in->base_url, g->url);
		put(g, "\"");
	}
	put(g, ">\n<p><span class=\"cite-label\">简引：</span>"
	    "<span id=\"cite-short\" data-base=\"");
	esc(g, brief);
	put(g, "\">");
	esc(g, brief);
	put(g, "</span> <button type=\"button\" class=\"copy\" "
	    "data-copy=\"cite-short\" hidden>复制简引</button></p>\n"
	    "<p><span class=\"cite-label\">全引：</span>"
	    "<span id=\"cite-full\" data-base=\"");
	esc(g, full);
	put(g, "\">");
	esc(g, full);
	if (g->in->base_url != NULL && g->url != NULL) {
		put(g, "，");
		fo_html_abs(&g->b, g->in->base_url, g->url);
	}
	put(g, "</span> <button type=\"button\" class=\"copy\" "
	    "data-copy=\"cite-full\" hidden>复制全引</button></p>\n</div>\n");
}
