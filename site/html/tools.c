/* site/html/tools.c -- the pages that are not content: the table of
 * quantified targets, the search page (the engine's scripts) and
 * 404.html. */
#include <stdio.h>
#include <string.h>

#include "html.h"

/* One target of clause 'cl', paragraph 'pi', as the table and the CSV
 * give it. */
struct trow {
	const struct fo_page *cl;
	const struct fo_page *sec;
	const struct fo_target *t;
	char	 frag[48];	/* "p1s3" */
	int	 sentence;
};

/* Call 'fn' for every target of the clauses, in the text's order. */
static void
each_target(const struct fo_content *c, void (*fn)(void *, const struct trow *),
    void *arg)
{
	int n;
	size_t i, j;

	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *cl = c->clauses[n];

		if (cl == NULL)
			continue;
		for (i = 0; i < cl->nparas; i++) {
			struct fo_targets t = FO_TARGETS_INIT;

			fo_targets_find(cl->paras[i].text, &t);
			for (j = 0; j < t.n; j++) {
				struct trow r;

				r.cl = cl;
				r.sec = cl->section >= 1 && cl->section <=
				    FO_NSECTIONS ? c->sections[cl->section] : NULL;
				r.t = &t.v[j];
				r.sentence = fo_sentence_at(
				    cl->paras[i].text, t.v[j].start);
				snprintf(r.frag, sizeof(r.frag), "%ss%d",
				    cl->paras[i].anchor, r.sentence);
				fn(arg, &r);
			}
			fo_targets_release(&t);
		}
	}
}

/* The indicator: the fragment of the text around the target, the
 * quantity in it marked. */
static void
indicator(struct pg *g, const struct fo_target *t)
{
	const char *ctx = t->context, *hit = strstr(ctx, t->text);

	if (hit == NULL) {
		esc(g, ctx);
		return;
	}
	fo_esc_html(&g->b, ctx, (size_t)(hit - ctx));
	put(g, "<strong>");
	esc(g, t->text);
	put(g, "</strong>");
	esc(g, hit + strlen(t->text));
}

static void
table_row(void *arg, const struct trow *r)
{
	struct pg *g = arg;
	char label[256];

	put(g, "<tr><td data-label=\"指标\">");
	indicator(g, r->t);
	put(g, "</td><td class=\"num\" data-label=\"数量\">");
	esc(g, r->t->number);
	esc(g, r->t->unit);
	put(g, "</td><td data-label=\"限定\">");
	esc(g, r->t->qualifier);
	put(g, "</td><td data-label=\"部分\">");
	if (r->sec != NULL)
		fo_html_a_page(g, r->sec, NULL, r->sec->label);
	put(g, "</td><td data-label=\"出处\">");
	snprintf(label, sizeof(label), "%s第%d句", r->cl->label, r->sentence);
	fo_html_a_page(g, r->cl, r->frag, label);
	put(g, "</td></tr>\n");
}

static void
count_row(void *arg, const struct trow *r)
{
	(void)r;
	(*(size_t *)arg)++;
}

/* Every quantified target of the clauses (targets.c), each linked to
 * the sentence it is in; also as targets.csv. */
void
fo_html_targets(struct pg *g, const struct fo_url *u)
{
	size_t total = 0;

	(void)u;
	fo_html_head(g, "量化指标", "意见正文中所有带数量的目标（个数、金额、"
	    "比例等），由程序从条款原文中抽取，逐项链接到所在的句子。", NULL);
	fo_html_crumbs(g, NULL, NULL, "量化指标");
	put(g, "<h1>量化指标</h1>\n<p>意见正文中所有带数量的目标，"
	    "由程序从条款原文中抽取，逐项链接到所在的句子。"
	    "<a href=\"targets.csv\" download>下载 CSV</a>"
	    "（UTF-8，可用电子表格打开）。</p>\n"
	    "<div class=\"tablewrap\">\n<table class=\"targets sortable\">\n"
	    "<thead><tr><th scope=\"col\">指标</th><th scope=\"col\">数量</th>"
	    "<th scope=\"col\">限定</th><th scope=\"col\">部分</th>"
	    "<th scope=\"col\">出处</th></tr></thead>\n<tbody>\n");
	each_target(g->in->c, table_row, g);
	each_target(g->in->c, count_row, &total);
	put(g, "</tbody>\n</table>\n</div>\n");
	fo_buf_printf(&g->b, "<p class=\"hint\">共 %zu 项。</p>\n", total);
	fo_html_foot(g);
}

/* A CSV field (RFC 4180): quoted, quotes doubled. */
static void
csv_field(struct fo_buf *b, const char *s, int last)
{
	fo_buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fo_buf_putc(b, '"');
		fo_buf_putc(b, *s);
	}
	fo_buf_puts(b, last ? "\"\r\n" : "\",");
}

struct csv {
	struct fo_buf	*b;
	const char	*base;	/* --base-url or NULL */
};

static void
csv_row(void *arg, const struct trow *r)
{
	struct csv *x = arg;
	struct fo_buf f = FO_BUF_INIT;

	csv_field(x->b, r->t->context, 0);
	csv_field(x->b, r->t->text, 0);
	csv_field(x->b, r->t->number, 0);
	csv_field(x->b, r->t->unit, 0);
	csv_field(x->b, r->t->qualifier, 0);
	csv_field(x->b, r->sec != NULL ? r->sec->label : "", 0);
	csv_field(x->b, r->cl->label, 0);
	fo_buf_printf(&f, "%d", r->sentence);
	csv_field(x->b, f.data, 0);
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s%s#%s", x->base != NULL ? x->base : "",
	    r->cl->url + (x->base != NULL), r->frag);
	csv_field(x->b, f.data, 1);
	fo_buf_release(&f);
}

void
fo_html_targets_csv(const struct fo_html_in *in, struct fo_buf *b)
{
	struct csv x = { b, in->base_url };

	fo_buf_puts(b, "\xef\xbb\xbf");	/* the BOM spreadsheets look for */
	fo_buf_puts(b, "指标,目标,数量,单位,限定,部分,条款,句,链接\r\n");
	each_target(in->c, csv_row, &x);
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
