/* site/html/doc.c -- the pages of the document itself: the home page
 * (preamble and table of contents), a section, a clause (its official
 * text, annotations, backlinks, related clauses and terms). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

/* The opinion's outline: each section with its clauses as a nested
 * list ('sub' opens a section's list of clauses); 'here', a clause or
 * NULL, is marked as the current page.  The home page's contents and a
 * clause's side contents are both this list. */
static void
outline(struct pg *g, const struct fo_page *here, const char *sub)
{
	const struct fo_content *c = g->in->c;
	int sn, cn;

	for (sn = 1; sn <= FO_NSECTIONS; sn++) {
		const struct fo_page *sec = c->sections[sn];
		int any = 0;

		if (sec == NULL)
			continue;
		put(g, "<li>");
		fo_html_a_page(g, sec, NULL, NULL);
		for (cn = 1; cn <= FO_NCLAUSES; cn++) {
			const struct fo_page *cl = c->clauses[cn];

			if (cl == NULL || cl->section != sn)
				continue;
			if (!any++)
				put(g, sub);
			if (cl == here) {
				put(g, "<li><a aria-current=\"page\" href=\"#main\">");
				esc(g, cl->label);
				put(g, "</a></li>\n");
			} else {
				put(g, "<li>");
				fo_html_a_page(g, cl, NULL, NULL);
				put(g, "</li>\n");
			}
		}
		if (any)
			put(g, "</ol>\n");
		put(g, "</li>\n");
	}
}

static void
toc(struct pg *g)
{
	put(g, "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n"
	    "<h2 id=\"toc-h\">目录</h2>\n<p class=\"whole-link\"><a href=\"");
	fo_html_href(&g->b, g->root, "/text/");
	put(g, "\">阅读或打印全文</a></p>\n<ol class=\"sections\">\n");
	outline(g, NULL, "\n<ol class=\"clauses\">\n");
	put(g, "</ol>\n</nav>\n");
}

/* 发文机关：… from document.md's issuers; nothing when it names none. */
static void
issuers(struct pg *g, const struct fo_page *d)
{
	if (d->nissuers == 0)
		return;
	put(g, "<p class=\"issuers\">发文机关：");
	fo_html_esc_list(g, d->issuers, d->nissuers);
	put(g, "</p>\n");
}

/* The document's status, as far as document.md gives it: nothing when
 * it gives none of it. */
static void
status_box(struct pg *g)
{
	const struct fo_page *d = g->in->c->preamble;

	if (d == NULL || (d->status == NULL && d->docno == NULL &&
	    d->issued == NULL && d->checked == NULL))
		return;
	put(g, "<aside class=\"status\" aria-label=\"文件状态\">\n<dl>\n");
	if (d->status != NULL) {
		put(g, "<div><dt>效力</dt><dd class=\"force\">");
		esc(g, d->status);
		put(g, "</dd></div>\n");
	}
	if (d->docno != NULL) {
		put(g, "<div><dt>文号</dt><dd>");
		esc(g, d->docno);
		put(g, "</dd></div>\n");
	}
	if (d->issued != NULL) {
		put(g, "<div><dt>发布日期</dt><dd>");
		fo_html_time(g, d->issued);
		put(g, "</dd></div>\n");
	}
	if (d->checked != NULL) {
		put(g, "<div><dt>最后核对</dt><dd>");
		fo_html_time(g, d->checked);
		put(g, "（与官方来源逐字核对）</dd></div>\n");
	}
	put(g, "</dl>\n</aside>\n");
}

void
fo_html_home(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *d = c->preamble;

	(void)u;
	fo_html_ld_doc(g);
	fo_html_head(g, NULL, d != NULL ? d->text : NULL, NULL);
	put(g, "<article class=\"doc\">\n<h1>");
	esc(g, fo_html_doc_title(c));
	put(g, "</h1>\n");
	if (d != NULL) {
		issuers(g, d);
		if (fo_url_is_external_safe(d->source_url)) {
			put(g, "<p class=\"source\">官方来源：<a href=\"");
			esc(g, d->source_url);
			put(g, "\" rel=\"external\">");
			esc(g, d->source_url);
			put(g, "</a></p>\n");
		}
		status_box(g);
		put(g, "<div class=\"official preamble\">\n");
		fo_html_markdown(g, d, 1, 0);
		put(g, "</div>\n");
	}
	put(g, "</article>\n<form class=\"search big\" role=\"search\" "
	    "action=\"search/index.html\" method=\"get\">\n"
	    "<label for=\"home-q\">搜索意见全文、注解和术语</label>\n"
	    "<input id=\"home-q\" name=\"q\" type=\"search\" "
	    "placeholder=\"例如：跨境电商、海外仓、RCEP\" autocomplete=\"off\"> "
	    "<button type=\"submit\">搜索</button>\n</form>\n");
	toc(g);
	if (c->nannotations > 0) {
		put(g, "<section aria-labelledby=\"latest-h\">\n"
		    "<h2 id=\"latest-h\">最新注解</h2>\n");
		fo_html_annot_list(g, c->annotations, c->nannotations, "h3", 5);
		put(g, "<p><a href=\"annotation/index.html\">全部注解</a></p>\n"
		    "</section>\n");
	}
	fo_html_foot(g);
}

/* The citation box of a section or clause: 《意见》第（四）条, and the
 * issuers, the title, the clause with its short title. */
static void
cite_part(struct pg *g, const struct fo_page *p)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *d = c->preamble;
	struct fo_buf brief = FO_BUF_INIT, full = FO_BUF_INIT,
	    unit = FO_BUF_INIT;
	size_t i;

	if (p->kind == FO_KIND_CLAUSE)
		fo_buf_printf(&unit, "第（%s）条", p->numeral != NULL ?
		    p->numeral : "");
	else
		fo_buf_printf(&unit, "第%s部分", p->numeral != NULL ?
		    p->numeral : "");
	fo_buf_printf(&brief, "《意见》%s", unit.data);
	fo_buf_printf(&full, "《%s》", fo_html_doc_title(c));
	for (i = 0; d != NULL && i < d->nissuers; i++)
		fo_buf_printf(&full, "%s%s", i > 0 ? "、" : "（发文机关：",
		    d->issuers[i]);
	if (d != NULL && d->docno != NULL)
		fo_buf_printf(&full, "%s%s", d->nissuers > 0 ? "；" : "（",
		    d->docno);
	if (d != NULL && (d->nissuers > 0 || d->docno != NULL))
		fo_buf_puts(&full, "）");
	fo_buf_printf(&full, "%s“%s”", unit.data, p->title);
	fo_html_cite(g, brief.data, full.data, unit.data);
	fo_buf_release(&brief);
	fo_buf_release(&full);
	fo_buf_release(&unit);
}

/* Clause 'cl' in full inside a longer page: an 'hx' heading linking
 * to its own page, its text with anchors c<N>-p1, c<N>-p1s2 ... */
static void
clause_full(struct pg *g, const struct fo_page *cl, const char *hx)
{
	char idp[16];

	snprintf(idp, sizeof(idp), "c%d-", cl->number);
	fo_buf_printf(&g->b, "<section class=\"clause-full\" id=\"c%d\" "
	    "aria-labelledby=\"c%d-h\">\n<%s id=\"c%d-h\">", cl->number,
	    cl->number, hx, cl->number);
	fo_html_a_page(g, cl, NULL, NULL);
	fo_buf_printf(&g->b, "</%s>\n<div class=\"official\">\n", hx);
	g->idp = idp;
	fo_html_markdown(g, cl, 1, 1);
	g->idp = "";
	put(g, "</div>\n</section>\n");
}

/* The whole official text on one page, for reading and printing: the
 * preamble (anchors pN, pNsM as on the home page), then each section
 * (s<N>-pN) with its clauses in full (c<N>-pN). */
void
fo_html_text(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *d = c->preamble;
	char idp[16];
	int sn, n;

	(void)u;
	fo_html_ld_doc(g);
	fo_html_head(g, "全文", d != NULL ? d->text : NULL, NULL);
	fo_html_crumbs(g, NULL, NULL, "全文");
	put(g, "<article class=\"doc whole\">\n<h1>");
	esc(g, fo_html_doc_title(c));
	put(g, "</h1>\n");
	if (d != NULL)
		issuers(g, d);
	status_box(g);
	if (d != NULL) {
		put(g, "<div class=\"official preamble\">\n");
		fo_html_markdown(g, d, 1, 0);
		put(g, "</div>\n");
	}
	for (sn = 1; sn <= FO_NSECTIONS; sn++) {
		const struct fo_page *sec = c->sections[sn];

		if (sec == NULL)
			continue;
		fo_buf_printf(&g->b, "<section class=\"section-full\" "
		    "id=\"s%d\" aria-labelledby=\"s%d-h\">\n<h2 id=\"s%d-h\">",
		    sn, sn, sn);
		fo_html_a_page(g, sec, NULL, NULL);
		put(g, "</h2>\n");
		if (sec->body != NULL &&
		    sec->body[strspn(sec->body, " \t\r\n")] != '\0') {
			snprintf(idp, sizeof(idp), "s%d-", sn);
			put(g, "<div class=\"official\">\n");
			g->idp = idp;
			fo_html_markdown(g, sec, 1, 1);
			g->idp = "";
			put(g, "</div>\n");
		}
		for (n = 1; n <= FO_NCLAUSES; n++)
			if (c->clauses[n] != NULL && c->clauses[n]->section == sn)
				clause_full(g, c->clauses[n], "h3");
		put(g, "</section>\n");
	}
	put(g, "</article>\n");
	fo_html_foot(g);
}

/* A section's description: its text, or (sections 二 to 七 have none)
 * the titles of its clauses. */
static const char *
sec_desc(const struct fo_content *c, const struct fo_page *sec,
    struct fo_buf *b)
{
	const char *sep = "本部分包括";
	int n;

	if (sec->text != NULL && sec->text[strspn(sec->text, " \n")] != '\0')
		return sec->text;
	fo_buf_printf(b, "%s。", sec->label);
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (c->clauses[n] != NULL &&
		    c->clauses[n]->section == sec->number) {
			fo_buf_printf(b, "%s%s", sep, c->clauses[n]->label);
			sep = "、";
		}
	return b->data;
}

void
fo_html_section(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *sec = u->page, *prev = NULL, *next = NULL;
	struct fo_buf desc = FO_BUF_INIT;
	int n;

	for (n = sec->number - 1; n >= 1 && prev == NULL; n--)
		prev = c->sections[n];
	for (n = sec->number + 1; n <= FO_NSECTIONS && next == NULL; n++)
		next = c->sections[n];
	fo_html_ld_part(g, sec);
	fo_html_head(g, sec->label, sec_desc(c, sec, &desc), NULL);
	fo_buf_release(&desc);
	fo_html_crumbs(g, NULL, NULL, sec->label);
	put(g, "<article>\n<h1>");
	esc(g, sec->label);
	put(g, "</h1>\n");
	cite_part(g, sec);
	if (sec->body != NULL && sec->body[strspn(sec->body, " \t\r\n")] != '\0') {
		put(g, "<div class=\"official\">\n");
		fo_html_markdown(g, sec, 1, 1);
		put(g, "</div>\n");
	}
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (c->clauses[n] != NULL &&
		    c->clauses[n]->section == sec->number)
			break;
	if (n <= FO_NCLAUSES) {	/* section 一 has none */
		put(g, "<h2>本部分条款</h2>\n");
		for (n = 1; n <= FO_NCLAUSES; n++)
			if (c->clauses[n] != NULL &&
			    c->clauses[n]->section == sec->number)
				clause_full(g, c->clauses[n], "h3");
	}
	put(g, "</article>\n");
	fo_html_prevnext(g, prev, next, "部分");
	fo_html_foot(g);
}

/* The table of contents beside a clause (wide screens only: the home
 * page has it for the others), the clause itself marked. */
static void
side_toc(struct pg *g, const struct fo_page *here)
{
	put(g, "<nav class=\"side-toc\" aria-label=\"意见目录\">\n<p><a href=\"");
	fo_html_href(&g->b, g->root, "/text/");
	put(g, "\">全文</a></p>\n<ol>\n");
	outline(g, here, "\n<ol>\n");
	put(g, "</ol>\n</nav>\n");
}

/* The clause's quantified targets (as on targets/), each with its
 * sentence; nothing when it has none. */
static void
clause_targets(struct pg *g, const struct fo_page *cl)
{
	size_t i, j, any = 0;

	for (i = 0; i < cl->nparas; i++) {
		struct fo_targets t = FO_TARGETS_INIT;

		fo_targets_find(cl->paras[i].text, &t);
		for (j = 0; j < t.n; j++) {
			int m = fo_sentence_at(cl->paras[i].text,
			    t.v[j].start);

			if (!any++)
				put(g, "<section class=\"targets-here\" "
				    "aria-labelledby=\"tg-h\">\n<h2 id=\"tg-h\">"
				    "本条量化指标</h2>\n<ul>\n");
			fo_buf_printf(&g->b, "<li><a href=\"#%ss%d\">",
			    cl->paras[i].anchor, m);
			esc(g, t.v[j].context);
			put(g, "</a> <span class=\"num\">");
			esc(g, t.v[j].text);
			put(g, "</span></li>\n");
		}
		fo_targets_release(&t);
	}
	if (any) {
		put(g, "</ul>\n<p class=\"more\"><a href=\"");
		fo_html_href(&g->b, g->root, "/targets/");
		put(g, "\">全部量化指标</a></p>\n</section>\n");
	}
}

/* Clauses sharing glossary terms with 'cl', most shared first. */
static size_t
related(const struct fo_content *c, const struct fo_page *cl,
    const struct fo_page **out, size_t max)
{
	int score[FO_NCLAUSES + 1] = { 0 };
	size_t i, j, k = 0;
	int n, best;

	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *o = c->clauses[n];

		if (o == NULL || o == cl)
			continue;
		for (i = 0; i < cl->nterms; i++)
			for (j = 0; j < o->nterms; j++)
				if (cl->terms[i] == o->terms[j])
					score[n]++;
	}
	while (k < max) {
		best = 0;
		for (n = 1; n <= FO_NCLAUSES; n++)
			if (score[n] > 0 && (best == 0 || score[n] > score[best]))
				best = n;
		if (best == 0)
			break;
		out[k++] = c->clauses[best];
		score[best] = 0;
	}
	return k;
}

/* The places of clause 'cl' that annotation 'a' links to by #pN or
 * #pNsM, as links to them on the clause's own page; nothing when it
 * links the clause only as a whole. */
static void
cited_places(struct pg *g, const struct fo_page *a, const struct fo_page *cl)
{
	size_t j, k, n = 0;

	for (j = 0; j < a->nlinks; j++) {
		const struct fo_link *lk = &a->links[j];

		if (lk->page != cl || lk->para <= 0)
			continue;
		for (k = 0; k < j; k++)	/* once each */
			if (a->links[k].page == cl &&
			    a->links[k].para == lk->para &&
			    a->links[k].sentence == lk->sentence)
				break;
		if (k < j)
			continue;
		put(g, n++ == 0 ? "<p class=\"cites\">引用本条：" : "、");
		put(g, "<a href=\"#");
		fo_anchor_put(&g->b, lk->para, lk->sentence);
		fo_buf_printf(&g->b, "\">第%d段", lk->para);
		if (lk->sentence > 0)
			fo_buf_printf(&g->b, "第%d句", lk->sentence);
		put(g, "</a>");
	}
	if (n > 0)
		put(g, "</p>\n");
}

void
fo_html_clause(struct pg *g, const struct fo_url *u)
{
	const struct fo_content *c = g->in->c;
	const struct fo_page *cl = u->page;
	const struct fo_page *sec = cl->section >= 1 &&
	    cl->section <= FO_NSECTIONS ? c->sections[cl->section] : NULL;
	const struct fo_page *prev = NULL, *next = NULL, *rel[6];
	struct fo_page *const *v = u->items;	/* annotations, newest first */
	size_t i, nrel, k = u->nitems;
	int n;

	for (n = cl->number - 1; n >= 1 && prev == NULL; n--)
		prev = c->clauses[n];
	for (n = cl->number + 1; n <= FO_NCLAUSES && next == NULL; n++)
		next = c->clauses[n];
	g->type = "article";
	fo_html_ld_part(g, cl);
	fo_html_head(g, cl->label, cl->text, NULL);
	fo_html_crumbs(g, sec, NULL, cl->label);
	put(g, "<div class=\"with-toc\">\n<article class=\"clause\">\n<h1>");
	esc(g, cl->label);
	put(g, "</h1>\n");
	status_box(g);
	cite_part(g, cl);
	put(g, "<section class=\"official\" aria-labelledby=\"official-h\">\n"
	    "<h2 id=\"official-h\">官方原文</h2>\n");
	fo_html_markdown(g, cl, 1, 1);
	put(g, "</section>\n");
	clause_targets(g, cl);

	put(g, "<section class=\"notes\" aria-labelledby=\"notes-h\">\n"
	    "<h2 id=\"notes-h\">注解</h2>\n");
	if (k == 0)
		put(g, "<p class=\"empty\">本条暂无注解。</p>\n");
	else {
		put(g, "<p class=\"note-disclaimer\">以下注解为编者所加，"
		    "不属于官方文本。</p>\n");
		put(g, "<ul class=\"cards\">\n");
		for (i = 0; i < k && i < FO_CLAUSE_NOTES; i++) {
			put(g, "<li><h3>");
			fo_html_a_page(g, v[i], NULL, v[i]->title);
			put(g, "</h3>\n");
			fo_html_annot_meta(g, v[i]);
			cited_places(g, v[i], cl);
			put(g, "<p>");
			fo_html_excerpt(&g->b, v[i]->text, 140);
			put(g, "</p>\n");
			if (v[i]->nsources > 0) {
				size_t j;

				put(g, "<p class=\"srcs\">来源：");
				for (j = 0; j < v[i]->nsources; j++) {
					const struct fo_source *src =
					    &v[i]->sources[j];

					if (j > 0)
						put(g, "；");
					if (fo_url_is_external_safe(src->url)) {
						put(g, "<a href=\"");
						esc(g, src->url);
						put(g, "\" rel=\"external\">");
						esc(g, src->title);
						put(g, "</a>");
					} else
						esc(g, src->title);
				}
				put(g, "</p>\n");
			}
			put(g, "</li>\n");
		}
		put(g, "</ul>\n");
		if (u->more != NULL) {	/* past FO_CLAUSE_NOTES */
			put(g, "<p class=\"more\"><a href=\"");
			fo_html_href(&g->b, g->root, u->more);
			fo_buf_printf(&g->b, "\">本条全部 %zu 篇注解</a></p>\n", k);
		}
	}
	put(g, "</section>\n");

	/* pages citing the clause, but not twice: its annotations are
	 * listed above, its terms below */
	if (cl->nbacklinks > 0) {
		struct fo_page **o = fo_xcalloc(cl->nbacklinks, sizeof(*o));
		size_t no = 0, j;

		for (i = 0; i < cl->nbacklinks; i++) {
			const struct fo_page *b = cl->backlinks[i];

			if (b->kind == FO_KIND_ANNOTATION)
				continue;
			for (j = 0; j < cl->nterms && cl->terms[j] != b; j++)
				;
			if (j < cl->nterms)
				continue;
			o[no++] = cl->backlinks[i];
		}
		if (no > 0) {
			put(g, "<section aria-labelledby=\"bl-h\">\n"
			    "<h2 id=\"bl-h\">引用本条的其他内容</h2>\n");
			fo_html_page_list(g, o, no);
			put(g, "</section>\n");
		}
		free(o);
	}
	nrel = related(c, cl, rel, 5);
	if (nrel > 0) {
		put(g, "<section aria-labelledby=\"rel-h\">\n"
		    "<h2 id=\"rel-h\">相关条款</h2>\n<p class=\"hint\">"
		    "与本条共用术语的条款。</p>\n");
		fo_html_page_list(g, (struct fo_page *const *)rel, nrel);
		put(g, "</section>\n");
	}
	if (cl->nterms > 0) {
		put(g, "<section aria-labelledby=\"terms-h\">\n"
		    "<h2 id=\"terms-h\">本条术语</h2>\n");
		fo_html_page_list(g, cl->terms, cl->nterms);
		put(g, "</section>\n");
	}
	put(g, "</article>\n");
	side_toc(g, cl);
	put(g, "</div>\n");
	fo_html_prevnext(g, prev, next, "条");
	fo_html_foot(g);
}
