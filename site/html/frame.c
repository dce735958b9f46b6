/* site/html/frame.c -- a page being written: links to site paths,
 * the head (title, metadata, site navigation, search box) and the foot. */
#include <stdlib.h>
#include <string.h>

#include "html.h"

void
fo_html_href(struct fo_buf *b, const char *root, const char *url)
{
	fo_esc_htmls(b, root);
	if (url[0] == '/')
		url++;
	fo_esc_htmls(b, url);
	if (url[0] == '\0' || url[strlen(url) - 1] == '/')
		fo_buf_puts(b, "index.html");
}

void
fo_html_a_page(struct pg *g, const struct fo_page *p, const char *frag,
    const char *text)
{
	put(g, "<a href=\"");
	fo_html_href(&g->b, g->root, p->url);
	if (frag != NULL) {
		fo_buf_putc(&g->b, '#');
		esc(g, frag);
	}
	put(g, "\">");
	esc(g, text != NULL ? text : p->label);
	put(g, "</a>");
}

static const char *
depth_root(const char *url)
{
	static const char *roots[] = { "", "../", "../../", "../../../",
	    "../../../../", "../../../../../", "../../../../../../" };
	int d = 0;

	for (; *url != '\0'; url++)
		if (*url == '/' && url[1] != '\0')
			d++;
	return roots[d > 6 ? 6 : d];
}

void
fo_html_time(struct pg *g, const char *date)
{
	put(g, "<time datetime=\"");
	esc(g, date);
	put(g, "\">");
	esc(g, date);
	put(g, "</time>");
}

void
fo_html_esc_list(struct pg *g, char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			put(g, "、");
		esc(g, v[i]);
	}
}

size_t
fo_html_cut(const char *text, size_t max, int *more)
{
	const char *p = text, *end;
	size_t n = 0;

	*more = 0;
	if (text == NULL)
		return 0;
	end = strchr(text, '\n');
	if (end == NULL)
		end = text + strlen(text);
	while (p < end && n < max) {
		p++;
		while (p < end && ((unsigned char)*p & 0xc0) == 0x80)
			p++;
		n++;
	}
	*more = p < end || *end != '\0';
	return (size_t)(p - text);
}

void
fo_html_excerpt(struct fo_buf *b, const char *text, size_t max)
{
	int more;
	size_t n = fo_html_cut(text, max, &more);

	if (text == NULL)
		return;
	fo_esc_html(b, text, n);
	if (more)
		fo_buf_puts(b, "…");
}

const char *
fo_html_doc_title(const struct fo_content *c)
{
	return c->preamble != NULL ? c->preamble->title : SITE_NAME;
}

void
fo_html_abs(struct fo_buf *b, const char *base, const char *url)
{
	if (base == NULL)
		return;
	fo_esc_htmls(b, base);
	fo_esc_htmls(b, url + (url[0] == '/'));
}

/* The description: the first paragraph of 'desc', or one made from
 * the title when the page has no text of its own. */
static void
describe(struct pg *g, const char *title, const char *desc)
{
	const char *doc = fo_html_doc_title(g->in->c);

	if (desc != NULL && desc[strspn(desc, " \t\n")] != '\0') {
		fo_html_excerpt(&g->b, desc + strspn(desc, " \t\n"), 120);
		return;
	}
	if (title != NULL) {
		esc(g, title);
		put(g, "：");
	}
	put(g, "《");
	esc(g, doc);
	put(g, "》的原文、注解、术语与检索。");
}

void
fo_html_head(struct pg *g, const char *title, const char *desc,
    const char *const *scripts)
{
	const char *base = g->in->base_url;
	size_t d0, d1;

	put(g, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; "
	    "style-src 'self'; "
	    "img-src 'self'; connect-src 'self'; base-uri 'none'; "
	    "form-action 'self'\">\n<title>");
	if (title != NULL) {
		esc(g, title);
		put(g, " · ");
	}
	put(g, SITE_NAME "</title>\n<meta name=\"description\" content=\"");
	d0 = g->b.len;
	describe(g, title, desc);
	d1 = g->b.len;
	put(g, "\">\n");
	if (base != NULL && g->url != NULL) {
		put(g, "<link rel=\"canonical\" href=\"");
		fo_html_abs(&g->b, base, g->url);
		put(g, "\">\n");
	}
	put(g, "<meta property=\"og:type\" content=\"");
	put(g, g->type);
	put(g, "\">\n<meta property=\"og:title\" content=\"");
	esc(g, title != NULL ? title : fo_html_doc_title(g->in->c));
	put(g, "\">\n<meta property=\"og:description\" content=\"");
	{	/* escaped already; copied first: the buffer may move */
		char *d = fo_xstrndup(g->b.data + d0, d1 - d0);

		put(g, d);
		free(d);
	}
	put(g, "\">\n");
	if (base != NULL && g->url != NULL) {
		put(g, "<meta property=\"og:url\" content=\"");
		fo_html_abs(&g->b, base, g->url);
		put(g, "\">\n");
	}
	put(g, "<meta property=\"og:site_name\" content=\"" SITE_NAME "\">\n"
	    "<meta property=\"og:locale\" content=\"zh_CN\">\n");
	if (g->ld.len > 0) {	/* escaped by fo_json_esc(): no "</" */
		put(g, "<script type=\"application/ld+json\">");
		fo_buf_put(&g->b, g->ld.data, g->ld.len);
		put(g, "</script>\n");
	}
	put(g, "<link rel=\"icon\" href=\"");
	esc(g, g->root);
	put(g, "assets/icon.svg\" type=\"image/svg+xml\">\n"
	    "<link rel=\"stylesheet\" href=\"");
	esc(g, g->root);
	put(g, "assets/style.css\">\n<link rel=\"alternate\" "
	    "type=\"application/atom+xml\" title=\"注解更新\" href=\"");
	esc(g, g->root);
	put(g, "atom.xml\">\n<script src=\"");
	esc(g, g->root);
	put(g, "assets/site.js\" defer></script>\n");
	for (; scripts != NULL && *scripts != NULL; scripts++) {
		put(g, "<script src=\"");
		esc(g, g->root);
		esc(g, *scripts);
		put(g, "\" defer></script>\n");
	}
	put(g, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n"
	    "<header class=\"site\">\n<p class=\"brand\"><a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">" SITE_NAME "</a></p>\n<nav class=\"top\" aria-label=\"站点导航\">"
	    "<ul>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/text/");
	put(g, "\">全文</a></li>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/glossary/");
	put(g, "\">术语</a></li>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/annotation/");
	put(g, "\">注解</a></li>\n<li><a href=\"");
	fo_html_href(&g->b, g->root, "/targets/");
	put(g, "\">指标</a></li>\n</ul></nav>\n"
	    "<form class=\"search\" role=\"search\" action=\"");
	fo_html_href(&g->b, g->root, "/search/");
	put(g, "\" method=\"get\">\n<label for=\"site-q\" class=\"vh\">搜索</label>"
	    "<input id=\"site-q\" name=\"q\" type=\"search\" placeholder=\"搜索全文\" "
	    "autocomplete=\"off\" aria-keyshortcuts=\"/\"> <button type=\"submit\">搜索</button>\n</form>\n"
	    "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void
fo_html_foot(struct pg *g)
{
	const struct fo_page *d = g->in->c->preamble;

	put(g, "</main>\n<footer class=\"site\">\n<p>正文录自");
	if (d != NULL && fo_url_is_external_safe(d->source_url)) {
		put(g, "<a href=\"");
		esc(g, d->source_url);
		put(g, "\" rel=\"external\">官方发布</a>");
	} else
		put(g, "官方发布");
	put(g, "；注解与术语释义为编者所加，不属于官方文本。</p>\n"
	    "<p><a href=\"");
	fo_html_href(&g->b, g->root, "/annotation/");
	put(g, "\">注解</a> · <a href=\"");
	esc(g, g->root);
	put(g, "atom.xml\">Atom 订阅</a>");
	if (g->in->base_url != NULL) {	/* no sitemap without an address */
		put(g, " · <a href=\"");
		esc(g, g->root);
		put(g, "sitemap.xml\">站点地图</a>");
	}
	put(g, "</p>\n");
	/* printed only: where the page lives (site.js fills it in when
	 * the site has no --base-url) */
	if (g->url != NULL) {
		put(g, "<p class=\"permalink\">本页地址：<span>");
		fo_html_abs(&g->b, g->in->base_url, g->url);
		put(g, "</span></p>\n");
	}
	put(g, "</footer>\n</body>\n</html>\n");
}

void
fo_html_pg_init(struct pg *g, const struct fo_html_in *in, const char *url)
{
	g->in = in;
	fo_buf_init(&g->b);
	fo_buf_init(&g->ld);
	g->root = depth_root(url);
	g->url = url;
	g->type = "website";
	g->idp = "";
}

void
fo_html_pg_release(struct pg *g)
{
	fo_buf_release(&g->b);
	fo_buf_release(&g->ld);
}
