/* site/html/notes.c -- the editors' pages: the glossary and its
 * entries, the annotation index (with its tags), an annotation, a tag,
 * and the whole lists a page cuts short (a clause's annotations, a
 * page's backlinks). */
#include <string.h>

#include "html.h"

/* "术语表：N 个术语：跨境电商、海外仓……" */
static const char *
glossary_desc(const struct fo_content *c, struct fo_buf *b)
{
	size_t i;

	fo_buf_printf(b, "《意见》术语表，%zu 个术语及其别称、英文名与释义：",
	    c->nglossary);
	for (i = 0; i < c->nglossary && i < 12; i++)
		fo_buf_printf(b, "%s%s", i > 0 ? "、" : "",
		    c->glossary[i]->title);
	if (c->nglossary > 12)
		fo_buf_puts(b, "等");
	return b->data;
}

void
fo_html_glossary(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	struct fo_buf desc = FO_BUF_INIT;
	size_t i;

	(void)u;
	fo_html_ld_termset(g);
	fo_html_head(g, "术语", glossary_desc(c, &desc), NULL);
	fo_buf_release(&desc);
	fo_html_crumbs(g, NULL, NULL, "术语");
	put(g, "<h1>术语</h1>\n");
	if (c->nglossary == 0)
		put(g, "<p class=\"empty\">暂无术语。</p>\n");
	else {	/* the A-Z bar: entries are sorted by slug, their pinyin */
		char l;

		put(g, "<nav class=\"az\" aria-label=\"按拼音首字母\"><ul>\n");
		for (l = 'a'; l <= 'z'; l++) {
			for (i = 0; i < c->nglossary &&
			    c->glossary[i]->slug[0] != l; i++)
				;
			if (i < c->nglossary)
				fo_buf_printf(&g->b, "<li><a href=\"#az-%c\">%c"
				    "</a></li>\n", l, l - 'a' + 'A');
			else
				fo_buf_printf(&g->b, "<li><span>%c</span></li>\n",
				    l - 'a' + 'A');
		}
		put(g, "</ul></nav>\n");
	}
	for (i = 0; i < c->nglossary; i++) {
		const struct fo_page *t = c->glossary[i];
		char l = t->slug[0];

		if (i == 0 || c->glossary[i - 1]->slug[0] != l) {
			if (i > 0)
				put(g, "</dl>\n");
			if (l >= 'a' && l <= 'z')
				fo_buf_printf(&g->b, "<h2 id=\"az-%c\">%c</h2>\n",
				    l, l - 'a' + 'A');
			else
				fo_buf_printf(&g->b, "<h2 id=\"az-%c\">%c</h2>\n",
				    l, l);
			put(g, "<dl class=\"glossary\">\n");
		}
		put(g, "<dt>");
		fo_html_a_page(g, t, NULL, t->title);
		if (t->en != NULL) {
			put(g, " <span class=\"en\" lang=\"en\">");
			esc(g, t->en);
			put(g, "</span>");
		}
		if (t->naliases > 0) {
			put(g, " <span class=\"aliases\">（又称");
			fo_html_esc_list(g, t->aliases, t->naliases);
			put(g, "）</span>");
		}
		put(g, "</dt>\n<dd>");
		fo_html_excerpt(&g->b, t->text, 80);
		put(g, "</dd>\n");
	}
	if (c->nglossary > 0)
		put(g, "</dl>\n");
	fo_html_foot(g);
}

void
fo_html_term(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *t = u->page;
	size_t i, nin = 0;
	int n;

	g->type = "article";
	fo_html_ld_term(g, t);
	fo_html_head(g, t->title, t->text, NULL);
	fo_html_crumbs_url(g, "/glossary/", "术语", t->title);
	put(g, "<article>\n<h1>");
	esc(g, t->title);
	put(g, "</h1>\n");
	{
		struct fo_buf brief = FO_BUF_INIT, full = FO_BUF_INIT;

		fo_buf_printf(&brief, "“%s”，" SITE_NAME "术语", t->title);
		fo_buf_printf(&full, "“%s”%s%s%s，" SITE_NAME "术语释义（编者所加，"
		    "不属于官方文本）", t->title, t->en != NULL ? "（" : "",
		    t->en != NULL ? t->en : "", t->en != NULL ? "）" : "");
		fo_html_cite(g, brief.data, full.data, NULL);
		fo_buf_release(&brief);
		fo_buf_release(&full);
	}
	if (t->en != NULL) {
		put(g, "<p class=\"en\">英文：<span lang=\"en\">");
		esc(g, t->en);
		put(g, "</span></p>\n");
	}
	if (t->naliases > 0) {
		put(g, "<p class=\"aliases\">又称：");
		fo_html_esc_list(g, t->aliases, t->naliases);
		put(g, "</p>\n");
	}
	if (fo_html_page_history(g, t, &i) != NULL) {
		put(g, "<p class=\"meta\">");
		fo_html_last_change(g, t);
		put(g, "</p>\n");
	}
	put(g, "<div class=\"body\">\n");
	fo_html_markdown(g, t, 1, 0);
	put(g, "</div>\n");
	fo_html_sources(g, t, "h2");
	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *cl = c->clauses[n];

		if (cl == NULL)
			continue;
		for (i = 0; i < cl->nterms; i++)
			if (cl->terms[i] == t) {
				if (nin++ == 0)
					put(g, "<h2>出现于</h2>\n<ul>\n");
				put(g, "<li>");
				fo_html_a_page(g, cl, NULL, NULL);
				put(g, "</li>\n");
			}
	}
	if (nin > 0)
		put(g, "</ul>\n");
	fo_html_backlinks(g, t, u->more, "引用本术语的内容");
	fo_html_history(g, t, "h2");
	put(g, "</article>\n");
	fo_html_foot(g);
}

/* Every tag, with the count of its pages, as a list. */
static void
tag_list(struct pg *g, const struct fo_urls *urls)
{
	size_t i;

	put(g, "<ul class=\"tags\">\n");
	for (i = 0; i < urls->ntags; i++) {
		put(g, "<li><a href=\"");
		fo_html_href(&g->b, g->root, urls->tags[i].url);
		put(g, "\">");
		esc(g, urls->tags[i].name);
		fo_buf_printf(&g->b, " <span class=\"count\">%zu</span>"
		    "</a></li>\n", urls->tags[i].npages);
	}
	put(g, "</ul>\n");
}

/* Page 1 of the annotation index: every tag, with its count. */
static void
tag_index(struct pg *g)
{
	const struct fo_urls *urls = g->in->urls;

	if (urls->ntags == 0)
		return;
	put(g, "<h2>按标签</h2>\n<p><a href=\"");
	fo_html_href(&g->b, g->root, "/tag/");
	put(g, "\">全部标签</a></p>\n");
	tag_list(g, urls);
}

void
fo_html_annotations(struct pg *g, const struct fo_url *u)
{
	struct list_spec ls;

	memset(&ls, 0, sizeof(ls));
	ls.title = "注解";
	ls.intro = "<p class=\"note-disclaimer\">注解为编者所加，"
	    "不属于官方文本；按日期由新到旧排列。</p>\n";
	ls.empty = "<p class=\"empty\">暂无注解。</p>\n";
	ls.cards = 1;
	fo_html_list_page(g, &ls, u);
	if (u->list_page == 1)
		tag_index(g);
	fo_html_foot(g);
}

void
fo_html_annotation(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *a = u->page;
	size_t i;

	g->type = "article";
	fo_html_ld_article(g, a);
	fo_html_head(g, a->title, a->text, NULL);
	fo_html_crumbs_url(g, "/annotation/", "注解", a->title);
	put(g, "<article class=\"annotation\">\n<h1>");
	esc(g, a->title);
	put(g, "</h1>\n");
	{
		struct fo_buf brief = FO_BUF_INIT, full = FO_BUF_INIT;

		fo_buf_printf(&brief, "%s：《%s》", a->author != NULL ?
		    a->author : "", a->title);
		fo_buf_printf(&full, "%s：《%s》，" SITE_NAME "注解%s%s", a->author
		    != NULL ? a->author : "", a->title, a->date != NULL ? "，" :
		    "", a->date != NULL ? a->date : "");
		fo_html_cite(g, brief.data, full.data, NULL);
		fo_buf_release(&brief);
		fo_buf_release(&full);
	}
	fo_html_annot_meta(g, a);
	if (fo_html_page_history(g, a, &i) != NULL) {
		put(g, "<p class=\"meta\">");
		fo_html_last_change(g, a);
		put(g, "</p>\n");
	}
	fo_html_tag_links(g, a);
	if (a->nclauses > 0) {
		put(g, "<p class=\"about\">所涉条款：");
		for (i = 0; i < a->nclauses; i++) {
			int n = a->clauses[i];

			if (n < 1 || n > FO_NCLAUSES || c->clauses[n] == NULL)
				continue;
			if (i > 0)
				put(g, "、");
			fo_html_a_page(g, c->clauses[n], NULL, NULL);
		}
		put(g, "</p>\n");
	}
	put(g, "<p class=\"note-disclaimer\">本文为编者注解，不属于官方文本。</p>\n"
	    "<div class=\"body\">\n");
	fo_html_markdown(g, a, 1, 0);
	put(g, "</div>\n");
	fo_html_sources(g, a, "h2");
	fo_html_backlinks(g, a, u->more, "引用本文的内容");
	fo_html_history(g, a, "h2");
	put(g, "</article>\n");
	fo_html_foot(g);
}

/* "/tag/": every tag, with how many annotations carry it. */
void
fo_html_tags(struct pg *g, const struct fo_url *u)
{
	const struct fo_urls *urls = g->in->urls;
	struct fo_buf d = FO_BUF_INIT;
	size_t i;

	(void)u;
	fo_buf_printf(&d, "注解的 %zu 个标签：", urls->ntags);
	for (i = 0; i < urls->ntags && i < 16; i++)
		fo_buf_printf(&d, "%s%s", i > 0 ? "、" : "", urls->tags[i].name);
	fo_html_head(g, "标签", d.data, NULL);
	fo_buf_release(&d);
	fo_html_crumbs_url(g, "/annotation/", "注解", "标签");
	put(g, "<h1>标签</h1>\n");
	tag_list(g, urls);
	fo_html_foot(g);
}

void
fo_html_tag(struct pg *g, const struct fo_url *u)
{
	struct fo_buf title = FO_BUF_INIT;
	struct list_spec ls;

	fo_buf_printf(&title, "标签：%s", u->tag->name);
	memset(&ls, 0, sizeof(ls));
	ls.title = title.data;
	ls.trail[0].url = "/annotation/";
	ls.trail[0].name = "注解";
	ls.trail[1].url = "/tag/";
	ls.trail[1].name = "标签";
	ls.ntrail = 2;
	ls.empty = "";
	ls.cards = 2;
	fo_html_list_page(g, &ls, u);
	fo_html_foot(g);
	fo_buf_release(&title);
}

/* The whole list of a clause's annotations, when its page shows only
 * the FO_CLAUSE_NOTES newest (the page has the cards: titles here). */
void
fo_html_notes(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *cl = u->page;
	const struct fo_page *sec = cl->section >= 1 &&
	    cl->section <= FO_NSECTIONS ? c->sections[cl->section] : NULL;
	struct fo_buf title = FO_BUF_INIT;
	struct list_spec ls;

	memset(&ls, 0, sizeof(ls));
	fo_buf_printf(&title, "注解：%s", cl->label);
	ls.title = title.data;
	if (sec != NULL) {
		ls.trail[ls.ntrail].url = sec->url;
		ls.trail[ls.ntrail++].name = sec->label;
	}
	ls.trail[ls.ntrail].url = cl->url;
	ls.trail[ls.ntrail++].name = cl->label;
	ls.intro = "<p class=\"note-disclaimer\">注解为编者所加，"
	    "不属于官方文本；按日期由新到旧排列。</p>\n";
	ls.cards = 2;
	fo_html_list_page(g, &ls, u);
	fo_html_foot(g);
	fo_buf_release(&title);
}

/* The whole backlinks list of a page when fo_html_backlinks() cut it
 * short: under the glossary or the annotation index. */
void
fo_html_refs(struct pg *g, const struct fo_url *u)
{
	const struct fo_page *p = u->page;
	struct fo_buf title = FO_BUF_INIT;
	struct list_spec ls;

	memset(&ls, 0, sizeof(ls));
	fo_buf_printf(&title, "引用“%s”的内容", p->title);
	ls.title = title.data;
	if (p->kind == FO_KIND_ANNOTATION) {
		ls.trail[0].url = "/annotation/";
		ls.trail[0].name = "注解";
	} else {
		ls.trail[0].url = "/glossary/";
		ls.trail[0].name = "术语";
	}
	ls.trail[1].url = p->url;
	ls.trail[1].name = p->title;
	ls.ntrail = 2;
	fo_html_list_page(g, &ls, u);
	fo_html_foot(g);
	fo_buf_release(&title);
}
