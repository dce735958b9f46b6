/* site/html/tools.c -- the pages that are not content: the table of
 * quantified targets, the search page (the engine's scripts) and
 * 404.html. */
#include <stdio.h>
#include <string.h>

#include "html.h"

/* Every quantified target of the clauses (targets.c), each linked to
 * its paragraph. */
void
fo_html_targets(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	size_t i, j, total = 0;
	int n;

	(void)u;
	fo_html_head(g, "量化指标", "意见正文中所有带数量的目标（个数、金额、"
	    "比例等），由程序从条款原文中抽取，逐项链接到所在段落。", NULL);
	fo_html_crumbs(g, NULL, NULL, "量化指标");
	put(g, "<h1>量化指标</h1>\n<p>意见正文中所有带数量的目标，"
	    "由程序从条款原文中抽取，逐项链接到所在的句子。</p>\n"
	    "<div class=\"tablewrap\">\n<table class=\"targets\">\n"
	    "<thead><tr><th scope=\"col\">指标</th><th scope=\"col\">数量</th>"
	    "<th scope=\"col\">限定</th><th scope=\"col\">原文</th>"
	    "<th scope=\"col\">出处</th></tr></thead>\n<tbody>\n");
	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *cl = c->clauses[n];

		if (cl == NULL)
			continue;
		for (i = 0; i < cl->nparas; i++) {
			struct fo_targets t = FO_TARGETS_INIT;

			fo_targets_find(cl->paras[i].text, &t);
			for (j = 0; j < t.n; j++) {
				put(g, "<tr><td>");
				esc(g, t.v[j].text);
				put(g, "</td><td class=\"num\">");
				esc(g, t.v[j].number);
				esc(g, t.v[j].unit);
				put(g, "</td><td>");
				esc(g, t.v[j].qualifier);
				put(g, "</td><td>");
				esc(g, t.v[j].context);
				put(g, "</td><td>");
				{	/* the sentence it is in */
					char frag[48], label[256];
					int m = fo_html_sentence_at(
					    cl->paras[i].text, t.v[j].start);

					snprintf(frag, sizeof(frag), "%ss%d",
					    cl->paras[i].anchor, m);
					snprintf(label, sizeof(label), "%s第%d句",
					    cl->label, m);
					fo_html_a_page(g, cl, frag, label);
				}
				put(g, "</td></tr>\n");
				total++;
			}
			fo_targets_release(&t);
		}
	}
	put(g, "</tbody>\n</table>\n</div>\n");
	fo_buf_printf(&g->b, "<p class=\"hint\">共 %zu 项。</p>\n", total);
	fo_html_foot(g);
}

void
fo_html_search(struct pg *g, const struct fo_url *u)
{
	/* the engine (C compiled to WebAssembly), then the page that drives it */
	static const char *const scripts[] = { "assets/engine.js",
	    "assets/search-ui.js", NULL };

	(void)u;
	fo_html_head(g, "搜索", "在浏览器中检索意见全文、注解和术语：简体、"
	    "繁体或拼音均可，支持短语、AND/OR 与按类别、部分筛选。", scripts);
	put(g, "<h1>搜索</h1>\n<form class=\"search big\" role=\"search\" "
	    "action=\"index.html\" method=\"get\" id=\"search-form\">\n"
	    "<label for=\"q\">关键词（简体、繁体或拼音均可）</label>\n"
	    "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
	    "aria-keyshortcuts=\"/\"> "
	    "<button type=\"submit\">搜索</button>\n</form>\n"
	    "<div id=\"search-status\" role=\"status\" aria-live=\"polite\"></div>\n"
	    "<ol id=\"results\" class=\"results\" aria-label=\"搜索结果\"></ol>\n"
	    "<noscript><p>搜索需要启用 JavaScript；也可以从<a href=\"../index.html\">"
	    "目录</a>浏览全部条款。</p></noscript>\n");
	fo_html_foot(g);
}

void
fo_html_404(struct pg *g)
{
	struct fo_buf root = FO_BUF_INIT;
	const char *base = g->in->base_url, *p;

	/* served for any missing path: root-absolute links, under the
	 * path of --base-url when the site lives in a subfolder */
	if (base != NULL && (p = strstr(base, "://")) != NULL &&
	    (p = strchr(p + 3, '/')) != NULL)
		fo_buf_puts(&root, p);
	else
		fo_buf_puts(&root, "/");
	g->root = root.data;
	fo_html_head(g, "页面不存在", NULL, NULL);
	put(g, "<h1>页面不存在</h1>\n<p>没有找到这个页面。请从<a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">首页目录</a>浏览，或使用上方的搜索。</p>\n");
	fo_html_foot(g);
	g->root = "/";
	fo_buf_release(&root);
}
