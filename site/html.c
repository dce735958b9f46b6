/* site/html.c -- every HTML page of the site, generated from the content
 * model; nothing is written per page by hand.
 *
 * Links are relative and name index.html explicitly ("../../clause/4/
 * index.html"), so the same tree works from a web server and opened as
 * plain files.  Every content string goes through fo_esc_html(); Markdown
 * bodies are rendered by cmark (raw HTML only for trusted pages) after
 * their clause:/section:/term:/annotation: links are rewritten to site
 * URLs and unknown schemes are unlinked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "site.h"

#define SITE_NAME	"“五外联动”意见知识库"

/* One page being written. */
struct pg {
	struct fo_site *s;
	struct fo_buf	 b;
	const char	*root;	/* "" / "../" / "../../" ; "/" for 404.html */
};

/* ---- small helpers ------------------------------------------------ */

static void
put(struct pg *g, const char *s)
{
	fo_buf_puts(&g->b, s);
}

static void
esc(struct pg *g, const char *s)
{
	fo_esc_htmls(&g->b, s);
}

/* href value (already attribute-safe) for a site path "/clause/4/". */
static void
href_url(struct fo_buf *b, const char *root, const char *url)
{
	fo_esc_htmls(b, root);
	if (url[0] == '/')
		url++;
	fo_esc_htmls(b, url);
	if (url[0] == '\0' || url[strlen(url) - 1] == '/')
		fo_buf_puts(b, "index.html");
}

static void
a_page(struct pg *g, const struct fo_page *p, const char *frag,
    const char *text)
{
	put(g, "<a href=\"");
	href_url(&g->b, g->root, p->url);
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

/* First paragraph of 'text', cut to 'max' characters. */
static void
excerpt(struct fo_buf *b, const char *text, size_t max)
{
	const char *p = text, *end;
	size_t n = 0;

	if (text == NULL)
		return;
	end = strchr(text, '\n');
	if (end == NULL)
		end = text + strlen(text);
	while (p < end && n < max) {
		p++;
		while (p < end && ((unsigned char)*p & 0xc0) == 0x80)
			p++;
		n++;
	}
	fo_esc_html(b, text, (size_t)(p - text));
	if (p < end || *end != '\0')
		fo_buf_puts(b, "…");
}

static const char *
doc_title(const struct fo_site *s)
{
	return s->c->preamble != NULL ? s->c->preamble->title : SITE_NAME;
}

/* ---- page frame --------------------------------------------------- */

/* 'scripts': NULL or a NULL-terminated list of root-relative paths, run
 * in order after site.js (all deferred). */
static void
head(struct pg *g, const char *title, const char *desc,
    const char *const *scripts)
{
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
	put(g, SITE_NAME "</title>\n");
	if (desc != NULL) {
		put(g, "<meta name=\"description\" content=\"");
		excerpt(&g->b, desc, 120);
		put(g, "\">\n");
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
	href_url(&g->b, g->root, "/");
	put(g, "\">" SITE_NAME "</a></p>\n<nav class=\"top\" aria-label=\"站点导航\">"
	    "<ul>\n<li><a href=\"");
	href_url(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n<li><a href=\"");
	href_url(&g->b, g->root, "/glossary/");
	put(g, "\">术语</a></li>\n<li><a href=\"");
	href_url(&g->b, g->root, "/annotation/");
	put(g, "\">注解</a></li>\n<li><a href=\"");
	href_url(&g->b, g->root, "/targets/");
	put(g, "\">指标</a></li>\n</ul></nav>\n"
	    "<form class=\"search\" role=\"search\" action=\"");
	href_url(&g->b, g->root, "/search/");
	put(g, "\" method=\"get\">\n<label for=\"site-q\" class=\"vh\">搜索</label>"
	    "<input id=\"site-q\" name=\"q\" type=\"search\" placeholder=\"搜索全文\" "
	    "autocomplete=\"off\" aria-keyshortcuts=\"/\"> <button type=\"submit\">搜索</button>\n</form>\n"
	    "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

static void
foot(struct pg *g)
{
	const struct fo_page *d = g->s->c->preamble;

	put(g, "</main>\n<footer class=\"site\">\n<p>正文录自");
	if (d != NULL && fo_url_is_external_safe(d->source_url)) {
		put(g, "<a href=\"");
		esc(g, d->source_url);
		put(g, "\" rel=\"external\">官方发布</a>");
	} else
		put(g, "官方发布");
	put(g, "；注解与术语释义为编者所加，不属于官方文本。</p>\n"
	    "<p><a href=\"");
	href_url(&g->b, g->root, "/annotation/");
	put(g, "\">注解</a> · <a href=\"");
	esc(g, g->root);
	put(g, "atom.xml\">Atom 订阅</a> · <a href=\"");
	esc(g, g->root);
	put(g, "sitemap.xml\">站点地图</a></p>\n</footer>\n</body>\n</html>\n");
}

/*
 * Pages are written in batches by fo_out_write_batch(), on two threads:
 * compressing the .gz twins is most of the work of writing a page.
 *
 * Every page gets its .gz twin, small ones too: a site is promised to
 * servers that serve pre-compressed files only (nginx gzip_static with
 * gzip off), where a page without a twin would go out uncompressed.
 */
#define BATCH_PAGES	256
#define BATCH_BYTES	(8u << 20)

struct fo_batch {
	char	**rels;		/* output paths */
	char	**data;		/* page bytes */
	size_t	 *len;
	unsigned char *gz;	/* write a twin */
	size_t	  n, cap, bytes;
};

static void
batch_clear(struct fo_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->rels[i]);
		free(b->data[i]);
	}
	b->n = b->bytes = 0;
}

/* Write the pages held in s->batch; count those kept unchanged. */
static enum fo_status
batch_flush(struct fo_site *s)
{
	struct fo_batch *b = s->batch;
	char *msg = NULL;
	size_t kept;
	enum fo_status st;

	if (b == NULL || b->n == 0)
		return FO_OK;
	st = fo_out_write_batch(s->out, (const char *const *)b->rels,
	    (const void *const *)b->data, b->len, b->gz, b->n, &kept, &msg);
	if (st != FO_OK) {
		free(s->errmsg);
		s->errmsg = msg;
	} else {
		s->st.pages_unchanged += kept;
		s->st.pages_written += b->n - kept;
	}
	batch_clear(b);
	return st;
}

static void
batch_free(struct fo_site *s)
{
	struct fo_batch *b = s->batch;

	if (b == NULL)
		return;
	batch_clear(b);
	free(b->rels);
	free(b->data);
	free(b->len);
	free(b->gz);
	free(b);
	s->batch = NULL;
}

/* Write the page for site path 'url' ("/clause/4/") and record it. */
static enum fo_status
emit(struct pg *g, const char *url)
{
	struct fo_site *s = g->s;
	struct fo_batch *b;
	struct fo_buf rel = FO_BUF_INIT;
	size_t n;

	if (s->batch == NULL)
		s->batch = fo_xcalloc(1, sizeof(*s->batch));
	b = s->batch;
	fo_buf_puts(&rel, url + (url[0] == '/'));
	if (rel.len == 0 || rel.data[rel.len - 1] == '/')
		fo_buf_puts(&rel, "index.html");
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : BATCH_PAGES;
		b->rels = fo_xreallocarray(b->rels, b->cap, sizeof(*b->rels));
		b->data = fo_xreallocarray(b->data, b->cap, sizeof(*b->data));
		b->len = fo_xreallocarray(b->len, b->cap, sizeof(*b->len));
		b->gz = fo_xreallocarray(b->gz, b->cap, sizeof(*b->gz));
	}
	b->rels[b->n] = fo_buf_detach(&rel, NULL);
	b->data[b->n] = fo_buf_detach(&g->b, &n);
	b->gz[b->n] = 1;
	b->len[b->n++] = n;
	b->bytes += n;
	if (s->nurls == s->capurls) {
		s->capurls = s->capurls ? 2 * s->capurls : 64;
		s->urls = fo_xreallocarray(s->urls, s->capurls, sizeof(char *));
	}
	s->urls[s->nurls++] = fo_xstrdup(url);
	s->st.pages++;
	if (b->n >= BATCH_PAGES || b->bytes >= BATCH_BYTES)
		return batch_flush(s);
	return FO_OK;
}

static void
pg_init(struct pg *g, struct fo_site *s, const char *url)
{
	g->s = s;
	fo_buf_init(&g->b);
	g->root = depth_root(url);
}

/* ---- Markdown ----------------------------------------------------- */

/* Site path for a link destination typed by an editor, or NULL. */
static const struct fo_page *
resolve(const struct fo_content *c, const char *dest, const char **frag)
{
	struct fo_buf id = FO_BUF_INIT;
	const struct fo_page *p = NULL;
	const char *h = strchr(dest, '#');
	size_t n = h != NULL ? (size_t)(h - dest) : strlen(dest);

	*frag = h != NULL ? h + 1 : NULL;
	if (n > 5 && strncmp(dest, "term:", 5) == 0) {
		fo_buf_put(&id, dest + 5, n - 5);
		p = fo_content_term(c, id.data);
	} else if ((n > 7 && strncmp(dest, "clause:", 7) == 0) ||
	    (n > 8 && strncmp(dest, "section:", 8) == 0) ||
	    (n > 11 && strncmp(dest, "annotation:", 11) == 0)) {
		const char *colon = memchr(dest, ':', n);

		fo_buf_put(&id, dest, n);
		/* "clause:04" -> "clause:4" */
		if (colon[1] == '0' && colon[2] != '\0' &&
		    strncmp(dest, "annotation:", 11) != 0) {
			fo_buf_reset(&id);
			fo_buf_put(&id, dest, (size_t)(colon - dest) + 1);
			fo_buf_printf(&id, "%d", atoi(colon + 1));
		}
		p = fo_content_find(c, id.data);
	}
	fo_buf_release(&id);
	return p;
}

static int
frag_ok(const char *f)
{
	if (f == NULL || f[0] != 'p' || f[1] == '\0')
		return 0;
	for (f++; *f != '\0'; f++)
		if (*f < '0' || *f > '9')
			return 0;
	return 1;
}

/* Replace 'node' by its children. */
static void
unwrap(cmark_node *node)
{
	cmark_node *k;

	while ((k = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, k);
	cmark_node_unlink(node);
	cmark_node_free(node);
}

/* Rewrite link destinations to relative site URLs; unlink the rest. */
static void
rewrite_links(struct pg *g, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **drop = NULL;
	size_t ndrop = 0, i;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *url, *frag;
		const struct fo_page *p;
		struct fo_buf u = FO_BUF_INIT;

		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		url = cmark_node_get_url(n);
		if (url == NULL)
			url = "";
		if (t == CMARK_NODE_LINK && (p = resolve(g->s->c, url, &frag))
		    != NULL) {
			href_url(&u, g->root, p->url);
			if (frag_ok(frag))
				fo_buf_printf(&u, "#%s", frag);
			cmark_node_set_url(n, u.data);
			fo_buf_release(&u);
			continue;
		}
		if (t == CMARK_NODE_LINK && fo_url_is_external_safe(url))
			continue;
		/* unknown scheme, relative file or image: keep the text */
		drop = fo_xreallocarray(drop, ndrop + 1, sizeof(*drop));
		drop[ndrop++] = n;
	}
	cmark_iter_free(it);
	for (i = ndrop; i-- > 0;)
		unwrap(drop[i]);
	free(drop);
}

struct termpat {
	const char *s;
	size_t	 len;
	const struct fo_page *term;
};

/* Link the first occurrence of each of 'p''s glossary terms in text
 * nodes outside links. */
static void
link_terms(struct pg *g, cmark_node *doc, const struct fo_page *p)
{
	struct termpat *pats = NULL;
	size_t npats = 0, i, j;
	char *done;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node **texts = NULL;
	size_t ntexts = 0;

	if (p->nterms == 0)
		return;
	for (i = 0; i < p->nterms; i++) {
		const struct fo_page *t = p->terms[i];

		pats = fo_xreallocarray(pats, npats + 1 + t->naliases,
		    sizeof(*pats));
		pats[npats].s = t->title;
		pats[npats].len = strlen(t->title);
		pats[npats++].term = t;
		for (j = 0; j < t->naliases; j++) {
			pats[npats].s = t->aliases[j];
			pats[npats].len = strlen(t->aliases[j]);
			pats[npats++].term = t;
		}
	}
	done = fo_xcalloc(p->nterms, 1);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it), *a;
		int inlink = 0;

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_TEXT)
			continue;
		for (a = cmark_node_parent(n); a != NULL; a = cmark_node_parent(a))
			if (cmark_node_get_type(a) == CMARK_NODE_LINK ||
			    cmark_node_get_type(a) == CMARK_NODE_HEADING)
				inlink = 1;
		if (inlink)
			continue;
		texts = fo_xreallocarray(texts, ntexts + 1, sizeof(*texts));
		texts[ntexts++] = n;
	}
	cmark_iter_free(it);

	for (i = 0; i < ntexts; i++) {
		cmark_node *n = texts[i];
		char *lit = fo_xstrdup(cmark_node_get_literal(n));
		size_t off = 0;

		for (;;) {
			const char *best = NULL;
			size_t bestlen = 0, k, bestk = 0;

			for (j = 0; j < npats; j++) {
				const char *hit;

				for (k = 0; k < p->nterms; k++)
					if (p->terms[k] == pats[j].term)
						break;
				if (done[k] || pats[j].len == 0)
					continue;
				hit = strstr(lit + off, pats[j].s);
				if (hit != NULL && (best == NULL || hit < best ||
				    (hit == best && pats[j].len > bestlen))) {
					best = hit;
					bestlen = pats[j].len;
					bestk = k;
				}
			}
			if (best == NULL)
				break;
			{
				cmark_node *before, *link, *inner;
				struct fo_buf u = FO_BUF_INIT;
				char *seg;

				before = cmark_node_new(CMARK_NODE_TEXT);
				seg = fo_xstrndup(lit + off, (size_t)(best - lit) - off);
				cmark_node_set_literal(before, seg);
				free(seg);
				cmark_node_insert_before(n, before);
				link = cmark_node_new(CMARK_NODE_LINK);
				href_url(&u, g->root, p->terms[bestk]->url);
				cmark_node_set_url(link, u.data);
				cmark_node_set_title(link, "术语释义");
				fo_buf_release(&u);
				inner = cmark_node_new(CMARK_NODE_TEXT);
				seg = fo_xstrndup(best, bestlen);
				cmark_node_set_literal(inner, seg);
				free(seg);
				cmark_node_append_child(link, inner);
				cmark_node_insert_before(n, link);
				done[bestk] = 1;
				off = (size_t)(best - lit) + bestlen;
			}
		}
		if (off > 0)
			cmark_node_set_literal(n, lit + off);
		free(lit);
	}
	free(texts);
	free(done);
	free(pats);
}

/* 1 if 'n' has text the loader would keep (a non-empty text or code
 * node below it): such blocks get a paragraph number. */
static int
has_text(cmark_node *n)
{
	cmark_node *k;
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_literal(n);
		return lit != NULL && lit[strspn(lit, "\n")] != '\0';
	case CMARK_NODE_HTML_INLINE:
		return 0;
	default:
		break;
	}
	for (k = cmark_node_first_child(n); k != NULL; k = cmark_node_next(k))
		if (has_text(k))
			return 1;
	return 0;
}

#define MARK '\x1a'	/* paragraph marker in rendered HTML; never in text */

/* Drop soft breaks next to non-ASCII text (the loader joins Chinese
 * lines without a space), markers that an editor might have typed, and
 * raw HTML of untrusted pages. */
static void
tidy_tree(cmark_node *doc, int trusted)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **drop = NULL;
	size_t ndrop = 0, i;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it), *pv, *nx;
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT && strchr(cmark_node_get_literal(n),
		    MARK) != NULL) {
			char *lit = fo_xstrdup(cmark_node_get_literal(n)), *q;

			while ((q = strchr(lit, MARK)) != NULL)
				memmove(q, q + 1, strlen(q));
			cmark_node_set_literal(n, lit);
			free(lit);
		} else if (t == CMARK_NODE_SOFTBREAK) {
			const char *a = NULL, *b = NULL;

			pv = cmark_node_previous(n);
			nx = cmark_node_next(n);
			if (pv != NULL && cmark_node_get_type(pv) == CMARK_NODE_TEXT)
				a = cmark_node_get_literal(pv);
			if (nx != NULL && cmark_node_get_type(nx) == CMARK_NODE_TEXT)
				b = cmark_node_get_literal(nx);
			if ((a != NULL && *a != '\0' &&
			    (unsigned char)a[strlen(a) - 1] >= 0x80) ||
			    (b != NULL && (unsigned char)*b >= 0x80))
				goto dropit;
		} else if (!trusted && (t == CMARK_NODE_HTML_INLINE ||
		    t == CMARK_NODE_HTML_BLOCK))
			goto dropit;
		continue;
dropit:
		drop = fo_xreallocarray(drop, ndrop + 1, sizeof(*drop));
		drop[ndrop++] = n;
	}
	cmark_iter_free(it);
	for (i = 0; i < ndrop; i++) {
		cmark_node_unlink(drop[i]);
		cmark_node_free(drop[i]);
	}
	free(drop);
}

/* Number paragraphs, headings and code blocks as the loader does
 * (document order, any depth, empty ones skipped) by planting markers. */
static void
mark_paras(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **v = NULL;
	size_t nv = 0, i;
	char m[32];

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_PARAGRAPH ||
		    t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK) &&
		    has_text(n)) {
			v = fo_xreallocarray(v, nv + 1, sizeof(*v));
			v[nv++] = n;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < nv; i++) {
		cmark_node *k;

		snprintf(m, sizeof(m), "%c%zu%c", MARK, i + 1, MARK);
		if (cmark_node_get_type(v[i]) == CMARK_NODE_CODE_BLOCK) {
			k = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
			cmark_node_set_on_enter(k, m);
			cmark_node_insert_before(v[i], k);
		} else {
			k = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
			cmark_node_set_on_enter(k, m);
			cmark_node_prepend_child(v[i], k);
		}
	}
	free(v);
}

/* Copy rendered 'html', turning each marker into id="pN" on the element
 * just opened (<p>, <hN>, <li>) or an empty anchor span. */
static void
put_marked(struct pg *g, const char *html, int permalink)
{
	const char *p = html, *q;

	while ((q = strchr(p, MARK)) != NULL) {
		const char *e = strchr(q + 1, MARK);
		int n = atoi(q + 1);
		struct fo_buf *b = &g->b;
		size_t k;

		if (e == NULL)
			break;
		fo_buf_put(b, p, (size_t)(q - p));
		/* the element opened right before: "<p>", "<h3>", "<li>" */
		k = b->len;
		if (k >= 3 && b->data[k - 1] == '>' &&
		    (memcmp(b->data + k - 3, "<p>", 3) == 0 ||
		    (k >= 4 && b->data[k - 4] == '<' && (b->data[k - 3] == 'h' ||
		    memcmp(b->data + k - 3, "li", 2) == 0)))) {
			fo_buf_truncate(b, k - 1);
			fo_buf_printf(b, " id=\"p%d\">", n);
			if (permalink)
				fo_buf_printf(b, "<a class=\"pl\" href=\"#p%d\" "
				    "aria-label=\"第%d段的链接\">¶</a>", n, n);
		} else
			fo_buf_printf(b, "<span class=\"anchor\" id=\"p%d\">"
			    "</span>", n);
		p = e + 1;
	}
	fo_buf_puts(&g->b, p);
}

/*
 * Render a Markdown body.  With 'anchors', blocks get id="p1".. in the
 * numbering the loader gives struct fo_para.  Body headings are shifted
 * below the page's own h1/h2.  With 'terms', the first occurrence of
 * each of the page's glossary terms links to its entry.
 */
static void
render_md(struct pg *g, const struct fo_page *p, int anchors, int terms)
{
	int opts = p->trusted ? CMARK_OPT_UNSAFE : CMARK_OPT_SAFE;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *doc;
	char *h;

	if (p->body == NULL)
		return;
	doc = cmark_parse_document(p->body, strlen(p->body), opts);
	tidy_tree(doc, p->trusted);
	rewrite_links(g, doc);
	if (terms)
		link_terms(g, doc, p);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_ENTER &&
		    cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			int lv = cmark_node_get_heading_level(n) + 2;

			cmark_node_set_heading_level(n, lv > 6 ? 6 : lv);
		}
	}
	cmark_iter_free(it);
	if (anchors)
		mark_paras(doc);
	h = cmark_render_html(doc, opts);
	put_marked(g, h, anchors);
	free(h);
	cmark_node_free(doc);
}

/* ---- shared page parts -------------------------------------------- */

static void
crumbs(struct pg *g, const struct fo_page *a, const struct fo_page *b,
    const char *here)
{
	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	href_url(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n");
	if (a != NULL) {
		put(g, "<li>");
		a_page(g, a, NULL, NULL);
		put(g, "</li>\n");
	}
	if (b != NULL) {
		put(g, "<li>");
		a_page(g, b, NULL, NULL);
		put(g, "</li>\n");
	}
	put(g, "<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

static void
crumbs_url(struct pg *g, const char *url, const char *name, const char *here)
{
	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	href_url(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n<li><a href=\"");
	href_url(&g->b, g->root, url);
	put(g, "\">");
	esc(g, name);
	put(g, "</a></li>\n<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

static void
prevnext(struct pg *g, const struct fo_page *prev, const struct fo_page *next,
    const char *what)
{
	if (prev == NULL && next == NULL)
		return;
	put(g, "<nav class=\"prevnext\" aria-label=\"");
	esc(g, what);
	put(g, "\">\n");
	if (prev != NULL) {
		put(g, "<a rel=\"prev\" href=\"");
		href_url(&g->b, g->root, prev->url);
		put(g, "\"><span>上一");
		esc(g, what);
		put(g, "</span> ");
		esc(g, prev->label);
		put(g, "</a>\n");
	}
	if (next != NULL) {
		put(g, "<a rel=\"next\" href=\"");
		href_url(&g->b, g->root, next->url);
		put(g, "\"><span>下一");
		esc(g, what);
		put(g, "</span> ");
		esc(g, next->label);
		put(g, "</a>\n");
	}
	put(g, "</nav>\n");
}

static void
sources(struct pg *g, const struct fo_page *p, const char *hx)
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

/* Commits of page 'p''s source file, newest first; NULL outside git or
 * for an untracked file. */
static const struct fo_commit *const *
page_history(const struct pg *g, const struct fo_page *p, size_t *n)
{
	const char *root = g->s->c->root;
	size_t len = strlen(root);

	*n = 0;
	if (g->s->hist == NULL || p->path == NULL)
		return NULL;
	if (strncmp(p->path, root, len) != 0 || p->path[len] != '/')
		return NULL;
	return fo_history_find(g->s->hist, p->path + len + 1, n);
}

/* " · 最后修改 <time>": the date of the last commit of the file. */
static void
last_change(struct pg *g, const struct fo_page *p)
{
	const struct fo_commit *const *v;
	size_t n;

	if ((v = page_history(g, p, &n)) == NULL || n == 0)
		return;
	put(g, "<span class=\"updated\">最后修改 <time datetime=\"");
	esc(g, v[0]->date);
	put(g, "\">");
	esc(g, v[0]->date);
	put(g, "</time></span>");
}

/* The file's history: date, short hash and subject of each commit. */
static void
history(struct pg *g, const struct fo_page *p, const char *hx)
{
	const struct fo_commit *const *v;
	size_t i, n;

	if ((v = page_history(g, p, &n)) == NULL || n == 0)
		return;
	fo_buf_printf(&g->b, "<%s>修订记录</%s>\n<ol class=\"history\" "
	    "reversed>\n", hx, hx);
	for (i = 0; i < n; i++) {
		put(g, "<li><time datetime=\"");
		esc(g, v[i]->date);
		put(g, "\">");
		esc(g, v[i]->date);
		put(g, "</time> <code title=\"");
		esc(g, v[i]->hash);
		put(g, "\">");
		esc(g, v[i]->short_hash);
		put(g, "</code> ");
		esc(g, v[i]->subject);
		put(g, "</li>\n");
	}
	put(g, "</ol>\n");
}

static void
tag_links(struct pg *g, const struct fo_page *p)
{
	size_t i;

	if (p->ntags == 0)
		return;
	put(g, "<ul class=\"tags\" aria-label=\"标签\">");
	for (i = 0; i < p->ntags; i++) {
		const char *slug = fo_site_tag_slug(g->s, p->tags[i]);

		put(g, "<li>");
		if (slug != NULL) {
			put(g, "<a href=\"");
			esc(g, g->root);
			fo_buf_printf(&g->b, "tag/%s/index.html\">", slug);
			esc(g, p->tags[i]);
			put(g, "</a>");
		} else
			esc(g, p->tags[i]);
		put(g, "</li>");
	}
	put(g, "</ul>\n");
}

static void
annot_meta(struct pg *g, const struct fo_page *p)
{
	put(g, "<p class=\"meta\">");
	if (p->author != NULL) {
		put(g, "<span class=\"author\">");
		esc(g, p->author);
		put(g, "</span>");
	}
	if (p->date != NULL) {
		put(g, " <time datetime=\"");
		esc(g, p->date);
		put(g, "\">");
		esc(g, p->date);
		put(g, "</time>");
	}
	put(g, "</p>\n");
}

/* A list of annotations with title, meta and an excerpt. */
static void
annot_list(struct pg *g, struct fo_page *const *v, size_t n, const char *hx,
    size_t max)
{
	size_t i;

	put(g, "<ul class=\"cards\">\n");
	for (i = 0; i < n && i < max; i++) {
		const struct fo_page *p = v[i];

		fo_buf_printf(&g->b, "<li><%s>", hx);
		a_page(g, p, NULL, p->title);
		fo_buf_printf(&g->b, "</%s>\n", hx);
		annot_meta(g, p);
		put(g, "<p>");
		excerpt(&g->b, p->text, 90);
		put(g, "</p>\n");
		tag_links(g, p);
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

/* A list of annotations, one line each: title, author and date (a
 * tag's pages, a clause's whole list: the cards' excerpts and tags would
 * say again, on every tag and clause an annotation has, what its own
 * page and the index say). */
static void
annot_titles(struct pg *g, struct fo_page *const *v, size_t n)
{
	size_t i;

	put(g, "<ul class=\"titles\">\n");
	for (i = 0; i < n; i++) {
		const struct fo_page *p = v[i];

		put(g, "<li>");
		a_page(g, p, NULL, p->title);
		if (p->author != NULL || p->date != NULL) {
			put(g, " <span class=\"meta\">");
			if (p->author != NULL)
				esc(g, p->author);
			if (p->date != NULL) {
				put(g, p->author != NULL ? " <time datetime=\"" :
				    "<time datetime=\"");
				esc(g, p->date);
				put(g, "\">");
				esc(g, p->date);
				put(g, "</time>");
			}
			put(g, "</span>");
		}
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

static void
page_list(struct pg *g, struct fo_page *const *v, size_t n)
{
	size_t i;

	put(g, "<ul>\n");
	for (i = 0; i < n; i++) {
		put(g, "<li>");
		a_page(g, v[i], NULL, NULL);
		if (v[i]->kind == FO_KIND_ANNOTATION) {
			put(g, " <span class=\"kind\">注解</span>");
		}
		put(g, "</li>\n");
	}
	put(g, "</ul>\n");
}

/* ---- long lists: pages of LIST_PER_PAGE ------------------------------ */

/*
 * A list that grows with the corpus (the annotation index, a tag, a
 * clause's annotations, a page's backlinks) is split into pages of
 * LIST_PER_PAGE entries: page 1 at its own path, page k at
 * path "page/k/", each linking the first, the last, its neighbours and
 * the pages next to it.  A clause page shows its CLAUSE_NOTES newest
 * annotations, and a page its first BACKLINKS_MAX backlinks, and links
 * the whole list.  Short lists come out as they always did.
 */
#define LIST_PER_PAGE	100
#define CLAUSE_NOTES	20
#define BACKLINKS_MAX	100

/* One step of a breadcrumb trail. */
struct crumb {
	const char *url;	/* site path */
	const char *name;
};

static void
crumbs_trail(struct pg *g, const struct crumb *v, size_t n, const char *here)
{
	size_t i;

	put(g, "<nav class=\"crumbs\" aria-label=\"位置\"><ol>\n<li><a href=\"");
	href_url(&g->b, g->root, "/");
	put(g, "\">首页</a></li>\n");
	for (i = 0; i < n; i++) {
		put(g, "<li><a href=\"");
		href_url(&g->b, g->root, v[i].url);
		put(g, "\">");
		esc(g, v[i].name);
		put(g, "</a></li>\n");
	}
	put(g, "<li aria-current=\"page\">");
	esc(g, here);
	put(g, "</li>\n</ol></nav>\n");
}

/* Site path of page 'k' (from 1) of the list at 'base'. */
static void
list_url(struct fo_buf *b, const char *base, size_t k)
{
	fo_buf_puts(b, base);
	if (k > 1)
		fo_buf_printf(b, "page/%zu/", k);
}

static void
pager_link(struct pg *g, const char *base, size_t k, const char *rel,
    const char *text)
{
	struct fo_buf u = FO_BUF_INIT;

	list_url(&u, base, k);
	put(g, "<li><a ");
	if (rel != NULL)
		fo_buf_printf(&g->b, "rel=\"%s\" ", rel);
	put(g, "href=\"");
	href_url(&g->b, g->root, u.data);
	put(g, "\">");
	if (text != NULL)
		put(g, text);
	else
		fo_buf_printf(&g->b, "%zu", k);
	put(g, "</a></li>\n");
	fo_buf_release(&u);
}

/* Links to the other pages of a list of 'npages' pages, from page 'k':
 * previous, first, k-2..k+2, last, next. */
static void
pager(struct pg *g, const char *base, size_t k, size_t npages)
{
	size_t i;

	if (npages < 2)
		return;
	put(g, "<nav class=\"pager\" aria-label=\"分页\"><ul>\n");
	if (k > 1)
		pager_link(g, base, k - 1, "prev", "上一页");
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
			pager_link(g, base, i, NULL, NULL);
	}
	if (k < npages)
		pager_link(g, base, k + 1, "next", "下一页");
	put(g, "</ul></nav>\n");
}

struct list_spec {
	const char *base;	/* site path of page 1: "/annotation/" */
	const char *title;	/* the h1 (and <title>) of page 1 */
	struct crumb trail[3];	size_t ntrail;	/* above page 1 */
	const char *intro;	/* HTML under the h1, or NULL */
	const char *empty;	/* HTML for an empty list */
	int	 cards;		/* 1: annot_list(), 2: annot_titles(),
				   0: page_list() */
	void	(*first)(struct pg *, const struct fo_site *);	/* more on page 1 */
};

/* Write the pages of the list 'v' ('n' pages). */
static enum fo_status
paged_list(struct fo_site *s, const struct list_spec *ls,
    struct fo_page *const *v, size_t n)
{
	size_t np = n == 0 ? 1 : (n + LIST_PER_PAGE - 1) / LIST_PER_PAGE, k;
	enum fo_status st = FO_OK;

	for (k = 1; k <= np && st == FO_OK; k++) {
		struct fo_buf url = FO_BUF_INIT, t = FO_BUF_INIT;
		struct crumb tr[4];
		size_t from = (k - 1) * LIST_PER_PAGE;
		size_t m = n - from < LIST_PER_PAGE ? n - from : LIST_PER_PAGE;
		struct pg g;

		list_url(&url, ls->base, k);
		fo_buf_puts(&t, ls->title);
		if (k > 1)
			fo_buf_printf(&t, "（第%zu页）", k);
		pg_init(&g, s, url.data);
		head(&g, t.data, NULL, NULL);
		memcpy(tr, ls->trail, ls->ntrail * sizeof(*tr));
		if (k == 1)
			crumbs_trail(&g, tr, ls->ntrail, ls->title);
		else {
			tr[ls->ntrail].url = ls->base;
			tr[ls->ntrail].name = ls->title;
			fo_buf_reset(&t);
			fo_buf_printf(&t, "第%zu页", k);
			crumbs_trail(&g, tr, ls->ntrail + 1, t.data);
			fo_buf_reset(&t);
			fo_buf_printf(&t, "%s（第%zu页）", ls->title, k);
		}
		put(&g, "<h1>");
		esc(&g, t.data);
		put(&g, "</h1>\n");
		if (ls->intro != NULL)
			put(&g, ls->intro);
		if (n == 0)
			put(&g, ls->empty);
		else {
			if (np > 1)
				fo_buf_printf(&g.b, "<p class=\"hint\">共 %zu 项，"
				    "第 %zu 页，共 %zu 页。</p>\n", n, k, np);
			if (ls->cards == 1)
				annot_list(&g, v + from, m, "h2", m);
			else if (ls->cards == 2)
				annot_titles(&g, v + from, m);
			else
				page_list(&g, v + from, m);
			pager(&g, ls->base, k, np);
		}
		if (k == 1 && ls->first != NULL)
			ls->first(&g, s);
		foot(&g);
		st = emit(&g, url.data);
		fo_buf_release(&url);
		fo_buf_release(&t);
	}
	return st;
}

/* "引用本…的内容" of page 'p': its backlinks; past BACKLINKS_MAX, the
 * first ones and a link to all of them (written by backlinks_list()). */
static void
backlinks(struct pg *g, const struct fo_page *p, const char *heading)
{
	struct fo_buf u = FO_BUF_INIT;

	if (p->nbacklinks == 0)
		return;
	fo_buf_printf(&g->b, "<h2>%s</h2>\n", heading);
	if (p->nbacklinks <= BACKLINKS_MAX) {
		page_list(g, p->backlinks, p->nbacklinks);
		return;
	}
	page_list(g, p->backlinks, BACKLINKS_MAX);
	fo_buf_printf(&u, "%srefs/", p->url);
	put(g, "<p class=\"more\"><a href=\"");
	href_url(&g->b, g->root, u.data);
	fo_buf_printf(&g->b, "\">全部 %zu 项</a></p>\n", p->nbacklinks);
	fo_buf_release(&u);
}

/* The whole backlinks list of 'p' when backlinks() cut it short. */
static enum fo_status
backlinks_list(struct fo_site *s, const struct fo_page *p,
    const struct crumb *trail, size_t ntrail)
{
	struct list_spec ls;
	struct fo_buf base = FO_BUF_INIT, title = FO_BUF_INIT;
	enum fo_status st;

	if (p->nbacklinks <= BACKLINKS_MAX)
		return FO_OK;
	memset(&ls, 0, sizeof(ls));
	fo_buf_printf(&base, "%srefs/", p->url);
	fo_buf_printf(&title, "引用“%s”的内容", p->title);
	ls.base = base.data;
	ls.title = title.data;
	memcpy(ls.trail, trail, ntrail * sizeof(*trail));
	ls.trail[ntrail].url = p->url;
	ls.trail[ntrail].name = p->title;
	ls.ntrail = ntrail + 1;
	st = paged_list(s, &ls, p->backlinks, p->nbacklinks);
	fo_buf_release(&base);
	fo_buf_release(&title);
	return st;
}

/* ---- the pages ---------------------------------------------------- */

static void
toc(struct pg *g)
{
	const struct fo_content *c = g->s->c;
	int sn, cn;

	put(g, "<nav class=\"toc\" aria-labelledby=\"toc-h\">\n"
	    "<h2 id=\"toc-h\">目录</h2>\n<ol class=\"sections\">\n");
	for (sn = 1; sn <= FO_NSECTIONS; sn++) {
		const struct fo_page *sec = c->sections[sn];
		int any = 0;

		if (sec == NULL)
			continue;
		put(g, "<li>");
		a_page(g, sec, NULL, NULL);
		for (cn = 1; cn <= FO_NCLAUSES; cn++) {
			const struct fo_page *cl = c->clauses[cn];

			if (cl == NULL || cl->section != sn)
				continue;
			if (!any++)
				put(g, "\n<ol class=\"clauses\">\n");
			put(g, "<li>");
			a_page(g, cl, NULL, NULL);
			put(g, "</li>\n");
		}
		if (any)
			put(g, "</ol>\n");
		put(g, "</li>\n");
	}
	put(g, "</ol>\n</nav>\n");
}

static enum fo_status
page_home(struct fo_site *s)
{
	const struct fo_content *c = s->c;
	const struct fo_page *d = c->preamble;
	struct pg g;
	size_t i;

	pg_init(&g, s, "/");
	head(&g, NULL, d != NULL ? d->text : NULL, NULL);
	put(&g, "<article class=\"doc\">\n<h1>");
	esc(&g, doc_title(s));
	put(&g, "</h1>\n");
	if (d != NULL) {
		if (d->nissuers > 0) {
			put(&g, "<p class=\"issuers\">发文机关：");
			for (i = 0; i < d->nissuers; i++) {
				if (i > 0)
					put(&g, "、");
				esc(&g, d->issuers[i]);
			}
			put(&g, "</p>\n");
		}
		if (fo_url_is_external_safe(d->source_url)) {
			put(&g, "<p class=\"source\">官方来源：<a href=\"");
			esc(&g, d->source_url);
			put(&g, "\" rel=\"external\">");
			esc(&g, d->source_url);
			put(&g, "</a></p>\n");
		}
		put(&g, "<div class=\"official preamble\">\n");
		render_md(&g, d, 1, 0);
		put(&g, "</div>\n");
	}
	put(&g, "</article>\n<form class=\"search big\" role=\"search\" "
	    "action=\"search/index.html\" method=\"get\">\n"
	    "<label for=\"home-q\">搜索意见全文、注解和术语</label>\n"
	    "<input id=\"home-q\" name=\"q\" type=\"search\" "
	    "placeholder=\"例如：跨境电商、海外仓、RCEP\" autocomplete=\"off\"> "
	    "<button type=\"submit\">搜索</button>\n</form>\n");
	toc(&g);
	if (c->nannotations > 0) {
		put(&g, "<section aria-labelledby=\"latest-h\">\n"
		    "<h2 id=\"latest-h\">最新注解</h2>\n");
		annot_list(&g, c->annotations, c->nannotations, "h3", 5);
		put(&g, "<p><a href=\"annotation/index.html\">全部注解</a></p>\n"
		    "</section>\n");
	}
	foot(&g);
	return emit(&g, "/");
}

static enum fo_status
page_section(struct fo_site *s, const struct fo_page *sec)
{
	const struct fo_content *c = s->c;
	const struct fo_page *prev = NULL, *next = NULL;
	struct pg g;
	int n;

	for (n = sec->number - 1; n >= 1 && prev == NULL; n--)
		prev = c->sections[n];
	for (n = sec->number + 1; n <= FO_NSECTIONS && next == NULL; n++)
		next = c->sections[n];
	pg_init(&g, s, sec->url);
	head(&g, sec->label, sec->text, NULL);
	crumbs(&g, NULL, NULL, sec->label);
	put(&g, "<article>\n<h1>");
	esc(&g, sec->label);
	put(&g, "</h1>\n");
	if (sec->body != NULL && sec->body[strspn(sec->body, " \t\r\n")] != '\0') {
		put(&g, "<div class=\"official\">\n");
		render_md(&g, sec, 1, 1);
		put(&g, "</div>\n");
	}
	put(&g, "<h2>本部分条款</h2>\n<ol class=\"clauses\">\n");
	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *cl = c->clauses[n];

		if (cl == NULL || cl->section != sec->number)
			continue;
		put(&g, "<li>");
		a_page(&g, cl, NULL, NULL);
		put(&g, "<p>");
		excerpt(&g.b, cl->text, 60);
		put(&g, "</p></li>\n");
	}
	put(&g, "</ol>\n</article>\n");
	prevnext(&g, prev, next, "部分");
	foot(&g);
	return emit(&g, sec->url);
}

/* The order of fo_content's annotations: newest first, then by slug. */
static int
cmp_newest(const void *a, const void *b)
{
	const struct fo_page *x = *(struct fo_page *const *)a;
	const struct fo_page *y = *(struct fo_page *const *)b;
	int d = strcmp(y->date != NULL ? y->date : "",
	    x->date != NULL ? x->date : "");

	return d != 0 ? d : strcmp(x->slug, y->slug);
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

static enum fo_status
page_clause(struct fo_site *s, const struct fo_page *cl)
{
	const struct fo_content *c = s->c;
	const struct fo_page *sec = cl->section >= 1 &&
	    cl->section <= FO_NSECTIONS ? c->sections[cl->section] : NULL;
	const struct fo_page *prev = NULL, *next = NULL, *rel[6];
	struct fo_page **v;
	struct fo_buf notes = FO_BUF_INIT;
	struct pg g;
	size_t i, nrel, nann = 0, k = 0;
	enum fo_status st;
	int n;

	for (n = cl->number - 1; n >= 1 && prev == NULL; n--)
		prev = c->clauses[n];
	for (n = cl->number + 1; n <= FO_NCLAUSES && next == NULL; n++)
		next = c->clauses[n];
	pg_init(&g, s, cl->url);
	head(&g, cl->label, cl->text, NULL);
	crumbs(&g, sec, NULL, cl->label);
	put(&g, "<article class=\"clause\">\n<h1>");
	esc(&g, cl->label);
	put(&g, "</h1>\n<p class=\"cite\"><span class=\"cite-label\">引用：</span>"
	    "<span id=\"cite-text\">《");
	esc(&g, doc_title(s));
	put(&g, "》");
	if (sec != NULL) {
		esc(&g, sec->label);
		put(&g, " ");
	}
	esc(&g, cl->label);
	put(&g, "</span> <button type=\"button\" class=\"copy\" "
	    "data-copy=\"cite-text\" hidden>复制引用</button></p>\n"
	    "<section class=\"official\" aria-labelledby=\"official-h\">\n"
	    "<h2 id=\"official-h\">官方原文</h2>\n");
	render_md(&g, cl, 1, 1);
	put(&g, "</section>\n");

	for (i = 0; i < cl->nbacklinks; i++)
		if (cl->backlinks[i]->kind == FO_KIND_ANNOTATION)
			nann++;
	/* newest first, as the content list is */
	v = fo_xcalloc(nann + 1, sizeof(*v));
	for (i = 0; i < cl->nbacklinks; i++)
		if (cl->backlinks[i]->kind == FO_KIND_ANNOTATION && k < nann)
			v[k++] = cl->backlinks[i];
	qsort(v, k, sizeof(*v), cmp_newest);
	fo_buf_printf(&notes, "%snotes/", cl->url);
	put(&g, "<section class=\"notes\" aria-labelledby=\"notes-h\">\n"
	    "<h2 id=\"notes-h\">注解</h2>\n");
	if (nann == 0)
		put(&g, "<p class=\"empty\">本条暂无注解。</p>\n");
	else {
		put(&g, "<p class=\"note-disclaimer\">以下注解为编者所加，"
		    "不属于官方文本。</p>\n");
		put(&g, "<ul class=\"cards\">\n");
		for (i = 0; i < k && i < CLAUSE_NOTES; i++) {
			put(&g, "<li><h3>");
			a_page(&g, v[i], NULL, v[i]->title);
			put(&g, "</h3>\n");
			annot_meta(&g, v[i]);
			put(&g, "<p>");
			excerpt(&g.b, v[i]->text, 140);
			put(&g, "</p>\n");
			if (v[i]->nsources > 0) {
				size_t j;

				put(&g, "<p class=\"srcs\">来源：");
				for (j = 0; j < v[i]->nsources; j++) {
					const struct fo_source *src =
					    &v[i]->sources[j];

					if (j > 0)
						put(&g, "；");
					if (fo_url_is_external_safe(src->url)) {
						put(&g, "<a href=\"");
						esc(&g, src->url);
						put(&g, "\" rel=\"external\">");
						esc(&g, src->title);
						put(&g, "</a>");
					} else
						esc(&g, src->title);
				}
				put(&g, "</p>\n");
			}
			put(&g, "</li>\n");
		}
		put(&g, "</ul>\n");
		if (k > CLAUSE_NOTES) {
			put(&g, "<p class=\"more\"><a href=\"");
			href_url(&g.b, g.root, notes.data);
			fo_buf_printf(&g.b, "\">本条全部 %zu 篇注解</a></p>\n", k);
		}
	}
	put(&g, "</section>\n");

	if (cl->nbacklinks > 0) {
		put(&g, "<section aria-labelledby=\"bl-h\">\n"
		    "<h2 id=\"bl-h\">引用本条的内容</h2>\n");
		if (cl->nbacklinks <= BACKLINKS_MAX)
			page_list(&g, cl->backlinks, cl->nbacklinks);
		else {	/* the annotations are listed above */
			struct fo_page **o = fo_xcalloc(cl->nbacklinks,
			    sizeof(*o));
			size_t no = 0;

			for (i = 0; i < cl->nbacklinks; i++)
				if (cl->backlinks[i]->kind != FO_KIND_ANNOTATION)
					o[no++] = cl->backlinks[i];
			if (no > 0)
				page_list(&g, o, no);
			free(o);
			fo_buf_printf(&g.b, "<p class=\"more\">另有 %zu 篇注解"
			    "引用本条，见<a href=\"", k);
			if (k > CLAUSE_NOTES)
				href_url(&g.b, g.root, notes.data);
			else
				put(&g, "#notes-h");
			put(&g, "\">本条注解</a>。</p>\n");
		}
		put(&g, "</section>\n");
	}
	nrel = related(c, cl, rel, 5);
	if (nrel > 0) {
		put(&g, "<section aria-labelledby=\"rel-h\">\n"
		    "<h2 id=\"rel-h\">相关条款</h2>\n<p class=\"hint\">"
		    "与本条共用术语的条款。</p>\n");
		page_list(&g, (struct fo_page *const *)rel, nrel);
		put(&g, "</section>\n");
	}
	if (cl->nterms > 0) {
		put(&g, "<section aria-labelledby=\"terms-h\">\n"
		    "<h2 id=\"terms-h\">本条术语</h2>\n");
		page_list(&g, cl->terms, cl->nterms);
		put(&g, "</section>\n");
	}
	put(&g, "</article>\n");
	prevnext(&g, prev, next, "条");
	foot(&g);
	st = emit(&g, cl->url);
	if (st == FO_OK && k > CLAUSE_NOTES) {
		struct list_spec ls;
		struct fo_buf title = FO_BUF_INIT;

		memset(&ls, 0, sizeof(ls));
		fo_buf_printf(&title, "注解：%s", cl->label);
		ls.base = notes.data;
		ls.title = title.data;
		if (sec != NULL) {
			ls.trail[ls.ntrail].url = sec->url;
			ls.trail[ls.ntrail++].name = sec->label;
		}
		ls.trail[ls.ntrail].url = cl->url;
		ls.trail[ls.ntrail++].name = cl->label;
		ls.intro = "<p class=\"note-disclaimer\">注解为编者所加，"
		    "不属于官方文本；按日期由新到旧排列。</p>\n";
		ls.cards = 2;	/* the clause page has the cards */
		st = paged_list(s, &ls, v, k);
		fo_buf_release(&title);
	}
	free(v);
	fo_buf_release(&notes);
	return st;
}

static enum fo_status
page_glossary_index(struct fo_site *s)
{
	const struct fo_content *c = s->c;
	struct pg g;
	size_t i, j;

	pg_init(&g, s, "/glossary/");
	head(&g, "术语", NULL, NULL);
	crumbs(&g, NULL, NULL, "术语");
	put(&g, "<h1>术语</h1>\n");
	if (c->nglossary == 0)
		put(&g, "<p class=\"empty\">暂无术语。</p>\n");
	else
		put(&g, "<dl class=\"glossary\">\n");
	for (i = 0; i < c->nglossary; i++) {
		const struct fo_page *t = c->glossary[i];

		put(&g, "<dt>");
		a_page(&g, t, NULL, t->title);
		if (t->naliases > 0) {
			put(&g, " <span class=\"aliases\">（又称");
			for (j = 0; j < t->naliases; j++) {
				if (j > 0)
					put(&g, "、");
				esc(&g, t->aliases[j]);
			}
			put(&g, "）</span>");
		}
		put(&g, "</dt>\n<dd>");
		excerpt(&g.b, t->text, 80);
		put(&g, "</dd>\n");
	}
	if (c->nglossary > 0)
		put(&g, "</dl>\n");
	foot(&g);
	return emit(&g, "/glossary/");
}

static enum fo_status
page_term(struct fo_site *s, const struct fo_page *t)
{
	const struct fo_content *c = s->c;
	struct pg g;
	size_t i, j, nin = 0;
	enum fo_status st;
	int n;

	pg_init(&g, s, t->url);
	head(&g, t->title, t->text, NULL);
	crumbs_url(&g, "/glossary/", "术语", t->title);
	put(&g, "<article>\n<h1>");
	esc(&g, t->title);
	put(&g, "</h1>\n");
	if (t->naliases > 0) {
		put(&g, "<p class=\"aliases\">又称：");
		for (j = 0; j < t->naliases; j++) {
			if (j > 0)
				put(&g, "、");
			esc(&g, t->aliases[j]);
		}
		put(&g, "</p>\n");
	}
	if (page_history(&g, t, &i) != NULL) {
		put(&g, "<p class=\"meta\">");
		last_change(&g, t);
		put(&g, "</p>\n");
	}
	put(&g, "<div class=\"body\">\n");
	render_md(&g, t, 1, 0);
	put(&g, "</div>\n");
	sources(&g, t, "h2");
	for (n = 1; n <= FO_NCLAUSES; n++) {
		const struct fo_page *cl = c->clauses[n];

		if (cl == NULL)
			continue;
		for (i = 0; i < cl->nterms; i++)
			if (cl->terms[i] == t) {
				if (nin++ == 0)
					put(&g, "<h2>出现于</h2>\n<ul>\n");
				put(&g, "<li>");
				a_page(&g, cl, NULL, NULL);
				put(&g, "</li>\n");
			}
	}
	if (nin > 0)
		put(&g, "</ul>\n");
	backlinks(&g, t, "引用本术语的内容");
	history(&g, t, "h2");
	put(&g, "</article>\n");
	foot(&g);
	if ((st = emit(&g, t->url)) == FO_OK) {
		static const struct crumb tr[] = { { "/glossary/", "术语" } };

		st = backlinks_list(s, t, tr, 1);
	}
	return st;
}

/* Page 1 of the annotation index: every tag, with its count. */
static void
tag_index(struct pg *g, const struct fo_site *s)
{
	size_t i;

	if (s->ntags == 0)
		return;
	put(g, "<h2>按标签</h2>\n<ul class=\"tags\">\n");
	for (i = 0; i < s->ntags; i++) {
		put(g, "<li><a href=\"");
		esc(g, g->root);
		fo_buf_printf(&g->b, "tag/%s/index.html\">", s->tags[i].slug);
		esc(g, s->tags[i].name);
		fo_buf_printf(&g->b, " <span class=\"count\">%zu</span>"
		    "</a></li>\n", s->tags[i].npages);
	}
	put(g, "</ul>\n");
}

static enum fo_status
page_annotation_index(struct fo_site *s)
{
	struct list_spec ls;

	memset(&ls, 0, sizeof(ls));
	ls.base = "/annotation/";
	ls.title = "注解";
	ls.intro = "<p class=\"note-disclaimer\">注解为编者所加，"
	    "不属于官方文本；按日期由新到旧排列。</p>\n";
	ls.empty = "<p class=\"empty\">暂无注解。</p>\n";
	ls.cards = 1;
	ls.first = tag_index;
	return paged_list(s, &ls, s->c->annotations, s->c->nannotations);
}

static enum fo_status
page_annotation(struct fo_site *s, const struct fo_page *a)
{
	const struct fo_content *c = s->c;
	struct pg g;
	size_t i;
	enum fo_status st;

	pg_init(&g, s, a->url);
	head(&g, a->title, a->text, NULL);
	crumbs_url(&g, "/annotation/", "注解", a->title);
	put(&g, "<article class=\"annotation\">\n<h1>");
	esc(&g, a->title);
	put(&g, "</h1>\n");
	annot_meta(&g, a);
	if (page_history(&g, a, &i) != NULL) {
		put(&g, "<p class=\"meta\">");
		last_change(&g, a);
		put(&g, "</p>\n");
	}
	tag_links(&g, a);
	if (a->nclauses > 0) {
		put(&g, "<p class=\"about\">所涉条款：");
		for (i = 0; i < a->nclauses; i++) {
			int n = a->clauses[i];

			if (n < 1 || n > FO_NCLAUSES || c->clauses[n] == NULL)
				continue;
			if (i > 0)
				put(&g, "、");
			a_page(&g, c->clauses[n], NULL, NULL);
		}
		put(&g, "</p>\n");
	}
	put(&g, "<p class=\"note-disclaimer\">本文为编者注解，不属于官方文本。</p>\n"
	    "<div class=\"body\">\n");
	render_md(&g, a, 1, 0);
	put(&g, "</div>\n");
	sources(&g, a, "h2");
	backlinks(&g, a, "引用本文的内容");
	history(&g, a, "h2");
	put(&g, "</article>\n");
	foot(&g);
	if ((st = emit(&g, a->url)) == FO_OK) {
		static const struct crumb tr[] = { { "/annotation/", "注解" } };

		st = backlinks_list(s, a, tr, 1);
	}
	return st;
}

static enum fo_status
page_tag(struct fo_site *s, const struct fo_tag *t)
{
	struct fo_buf url = FO_BUF_INIT, title = FO_BUF_INIT;
	struct list_spec ls;
	enum fo_status st;

	fo_buf_printf(&url, "/tag/%s/", t->slug);
	fo_buf_printf(&title, "标签：%s", t->name);
	memset(&ls, 0, sizeof(ls));
	ls.base = url.data;
	ls.title = title.data;
	ls.trail[0].url = "/annotation/";
	ls.trail[0].name = "注解";
	ls.ntrail = 1;
	ls.empty = "";
	ls.cards = 2;
	st = paged_list(s, &ls, t->pages, t->npages);
	fo_buf_release(&url);
	fo_buf_release(&title);
	return st;
}

/* ---- targets ------------------------------------------------------ */

static enum fo_status
page_targets(struct fo_site *s)
{
	const struct fo_content *c = s->c;
	struct pg g;
	size_t i, j, total = 0;
	int n;

	pg_init(&g, s, "/targets/");
	head(&g, "量化指标", NULL, NULL);
	crumbs(&g, NULL, NULL, "量化指标");
	put(&g, "<h1>量化指标</h1>\n<p>意见正文中所有带数量的目标，"
	    "由程序从条款原文中抽取，逐项链接到所在段落。</p>\n"
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
				put(&g, "<tr><td>");
				esc(&g, t.v[j].text);
				put(&g, "</td><td class=\"num\">");
				esc(&g, t.v[j].number);
				esc(&g, t.v[j].unit);
				put(&g, "</td><td>");
				esc(&g, t.v[j].qualifier);
				put(&g, "</td><td>");
				esc(&g, t.v[j].context);
				put(&g, "</td><td>");
				a_page(&g, cl, cl->paras[i].anchor, NULL);
				put(&g, "</td></tr>\n");
				total++;
			}
			fo_targets_release(&t);
		}
	}
	put(&g, "</tbody>\n</table>\n</div>\n");
	fo_buf_printf(&g.b, "<p class=\"hint\">共 %zu 项。</p>\n", total);
	foot(&g);
	return emit(&g, "/targets/");
}

/* ---- search, 404, robots, assets ----------------------------------- */

static enum fo_status
page_search(struct fo_site *s)
{
	/* the engine (C compiled to WebAssembly), then the page that drives it */
	static const char *const scripts[] = { "assets/engine.js",
	    "assets/search-ui.js", NULL };
	struct pg g;

	pg_init(&g, s, "/search/");
	head(&g, "搜索", NULL, scripts);
	put(&g, "<h1>搜索</h1>\n<form class=\"search big\" role=\"search\" "
	    "action=\"index.html\" method=\"get\" id=\"search-form\">\n"
	    "<label for=\"q\">关键词（简体、繁体或拼音均可）</label>\n"
	    "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
	    "aria-keyshortcuts=\"/\"> "
	    "<button type=\"submit\">搜索</button>\n</form>\n"
	    "<div id=\"search-status\" role=\"status\" aria-live=\"polite\"></div>\n"
	    "<ol id=\"results\" class=\"results\" aria-label=\"搜索结果\"></ol>\n"
	    "<noscript><p>搜索需要启用 JavaScript；也可以从<a href=\"../index.html\">"
	    "目录</a>浏览全部条款。</p></noscript>\n");
	foot(&g);
	return emit(&g, "/search/");
}

static enum fo_status
page_404(struct fo_site *s)
{
	struct pg g;
	enum fo_status st;

	pg_init(&g, s, "/");
	g.root = "/";	/* served for any missing path: root-absolute links */
	head(&g, "页面不存在", NULL, NULL);
	put(&g, "<h1>页面不存在</h1>\n<p>没有找到这个页面。请从<a href=\"/index.html\">"
	    "首页目录</a>浏览，或使用上方的搜索。</p>\n");
	foot(&g);
	st = fo_site_write(s, "404.html", g.b.data, g.b.len, 1);
	fo_buf_release(&g.b);
	return st;
}

static enum fo_status
robots(struct fo_site *s)
{
	struct fo_buf b = FO_BUF_INIT;
	enum fo_status st;

	fo_buf_printf(&b, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n",
	    s->opts->base_url);
	st = fo_site_write(s, "robots.txt", b.data, b.len, 1);
	fo_buf_release(&b);
	return st;
}

static enum fo_status
assets(struct fo_site *s)
{
	struct fo_buf rel = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	size_t i;

	for (i = 0; i < fo_nassets && st == FO_OK; i++) {
		fo_buf_reset(&rel);
		fo_buf_printf(&rel, "assets/%s", fo_assets[i].name);
		st = fo_site_write(s, rel.data, fo_assets[i].data,
		    fo_assets[i].len, 1);
	}
	fo_buf_release(&rel);
	return st;
}

const char *
fo_site_tag_slug(const struct fo_site *s, const char *name)
{
	size_t lo = 0, hi = s->ntags;

	while (lo < hi) {	/* s->tags is sorted by name (site.c) */
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(s->tags[mid].name, name);

		if (r == 0)
			return s->tags[mid].slug;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static enum fo_status
html_pages(struct fo_site *s)
{
	const struct fo_content *c = s->c;
	enum fo_status st;
	size_t i;
	int n;

	if ((st = assets(s)) != FO_OK || (st = page_home(s)) != FO_OK)
		return st;
	for (n = 1; n <= FO_NSECTIONS; n++)
		if (c->sections[n] != NULL &&
		    (st = page_section(s, c->sections[n])) != FO_OK)
			return st;
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (c->clauses[n] != NULL &&
		    (st = page_clause(s, c->clauses[n])) != FO_OK)
			return st;
	if ((st = page_glossary_index(s)) != FO_OK)
		return st;
	for (i = 0; i < c->nglossary; i++)
		if ((st = page_term(s, c->glossary[i])) != FO_OK)
			return st;
	if ((st = page_annotation_index(s)) != FO_OK)
		return st;
	for (i = 0; i < c->nannotations; i++)
		if ((st = page_annotation(s, c->annotations[i])) != FO_OK)
			return st;
	for (i = 0; i < s->ntags; i++)
		if ((st = page_tag(s, &s->tags[i])) != FO_OK)
			return st;
	if ((st = page_targets(s)) != FO_OK || (st = page_search(s)) != FO_OK ||
	    (st = page_404(s)) != FO_OK || (st = robots(s)) != FO_OK)
		return st;
	return FO_OK;
}

/* Every page.  s->hist, the content tree's git history (site.c reads
 * it while the search index is exported), gives the provenance of
 * annotation and glossary pages: outside git, or with git missing, it
 * is NULL and the pages simply have no history section. */
enum fo_status
fo_site_html(struct fo_site *s)
{
	enum fo_status st = html_pages(s);

	if (st == FO_OK)
		st = batch_flush(s);
	batch_free(s);
	return st;
}
