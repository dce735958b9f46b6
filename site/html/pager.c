/* site/html/pager.c -- one page of a long list (urls.c decides how a list
 * is split: FO_LIST_PER_PAGE entries a page) and the pager that links
 * it to the first, the last, its neighbours and the pages next to it.
 * Short lists come out as they always did. */
#include <string.h>

#include "html.h"

/* 'page' is the table entry of the list page linked to. */
static void
pager_link(struct pg *g, const struct fo_url *page, const char *rel,
    const char *text)
{
	put(g, "<li><a ");
	if (rel != NULL)
		fo_buf_printf(&g->b, "rel=\"%s\" ", rel);
	put(g, "href=\"");
	fo_html_href(&g->b, g->root, page->url);
	put(g, "\">");
	if (text != NULL)
		put(g, text);
	else
		fo_buf_printf(&g->b, "%zu", page->list_page);
	put(g, "</a></li>\n");
}

/* Links to the other pages of the list of 'u', from page k = u's:
 * previous, first, k-2..k+2, last, next.  The pages of a list are
 * consecutive entries of the table: page i is first[i - 1]. */
static void
pager(struct pg *g, const struct fo_url *u)
{
	const struct fo_url *first = u - (u->list_page - 1);
	size_t i, k = u->list_page, npages = u->list_pages;

	if (npages < 2)
		return;
	put(g, "<nav class=\"pager\" aria-label=\"分页\"><ul>\n");
	if (k > 1)
		pager_link(g, &first[k - 2], "prev", "上一页");
	for (i = 1; i <= npages; i++) {
		if (i != 1 && i != npages && (i + 2 < k || i > k + 2)) {
			if (i == 2 || i == k + 3)
				put(g, "<li class=\"gap\">…</li>\n");
			continue;
		}
		if (i == k)
			fo_buf_printf(&g->b, "<li aria-current=\"page\">%zu</li>\n",
			    i);
		else
			pager_link(g, &first[i - 1], NULL, NULL);
	}
	if (k < npages)
		pager_link(g, &first[k], "next", "下一页");
	put(g, "</ul></nav>\n");
}

void
fo_html_list_page(struct pg *g, const struct list_spec *ls,
    const struct fo_url *u)
{
	size_t k = u->list_page, np = u->list_pages, n = u->nitems;
	size_t from = (k - 1) * FO_LIST_PER_PAGE;
	size_t m = n - from < FO_LIST_PER_PAGE ? n - from : FO_LIST_PER_PAGE;
	struct fo_page *const *v = u->items;
	struct fo_buf t = FO_BUF_INIT;
	struct crumb tr[4];

	fo_buf_puts(&t, ls->title);
	if (k > 1)
		fo_buf_printf(&t, "（第%zu页）", k);
	{	/* the description: what this page lists */
		struct fo_buf d = FO_BUF_INIT;
		size_t i;

		fo_buf_printf(&d, "%s，共 %zu 项", t.data, n);
		for (i = 0; i < m && i < 8; i++)
			fo_buf_printf(&d, "%s%s", i > 0 ? "；" : "：",
			    v[from + i]->label);
		if (m > 8)
			fo_buf_puts(&d, "……");
		fo_html_head(g, t.data, d.data, NULL);
		fo_buf_release(&d);
	}
	memcpy(tr, ls->trail, ls->ntrail * sizeof(*tr));
	if (k == 1)
		fo_html_crumbs_trail(g, tr, ls->ntrail, ls->title);
	else {
		tr[ls->ntrail].url = u->list_base;
		tr[ls->ntrail].name = ls->title;
		fo_buf_reset(&t);
		fo_buf_printf(&t, "第%zu页", k);
		fo_html_crumbs_trail(g, tr, ls->ntrail + 1, t.data);
		fo_buf_reset(&t);
		fo_buf_printf(&t, "%s（第%zu页）", ls->title, k);
	}
	put(g, "<h1>");
	esc(g, t.data);
	put(g, "</h1>\n");
	if (ls->intro != NULL)
		put(g, ls->intro);
	if (n == 0)
		put(g, ls->empty);
	else {
		if (np > 1)
			fo_buf_printf(&g->b, "<p class=\"hint\">共 %zu 项，"
			    "第 %zu 页，共 %zu 页。</p>\n", n, k, np);
		if (ls->cards == 1)
			fo_html_annot_list(g, v + from, m, "h2", m);
		else if (ls->cards == 2)
			fo_html_annot_titles(g, v + from, m);
		else
			fo_html_page_list(g, v + from, m);
		pager(g, u);
	}
	fo_buf_release(&t);
}
