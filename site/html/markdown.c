/* site/html/markdown.c -- a page's Markdown body as HTML.  cmark renders
 * it (raw HTML only for trusted pages) after its clause:/section:/term:/
 * annotation: links are rewritten to site URLs and unknown schemes are
 * unlinked; the first occurrence of each of the page's glossary terms
 * can be linked, and the loader's paragraphs get their id="pN". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "html.h"

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

/* Point each link at its target as the loader resolved it: the k-th
 * link node of the body is p->links[k] (the loader walks the same
 * parse in the same order), so the site never reads a destination
 * itself.  Internal links become relative site URLs with their #pM or
 * #pMsK; safe external ones stay; the rest (unknown schemes, relative
 * files, images) keep only their text. */
static void
rewrite_links(struct pg *g, cmark_node *doc, const struct fo_page *p)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	cmark_node **drop = NULL;
	size_t ndrop = 0, i, k = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const struct fo_link *lk = NULL;
		struct fo_buf u = FO_BUF_INIT;

		if (ev != CMARK_EVENT_ENTER ||
		    (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		if (t == CMARK_NODE_LINK && k < p->nlinks)
			lk = &p->links[k++];
		if (lk != NULL && lk->page != NULL) {
			fo_html_href(&u, g->root, lk->page->url);
			if (lk->para > 0) {
				fo_buf_putc(&u, '#');
				fo_anchor_put(&u, lk->para, lk->sentence);
			}
			cmark_node_set_url(n, u.data);
			fo_buf_release(&u);
			continue;
		}
		if (lk != NULL && lk->kind == FO_LINK_EXTERNAL &&
		    fo_url_is_external_safe(lk->target))
			continue;
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
				/* the term, and its definition shown on
				 * hover and focus by CSS alone */
				link = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
				fo_buf_puts(&u, "<span class=\"tw\"><a class=\"term\" "
				    "href=\"");
				fo_html_href(&u, g->root, p->terms[bestk]->url);
				fo_buf_printf(&u, "\" aria-describedby=\"%stip-%s\">",
				    g->idp, p->terms[bestk]->slug);
				cmark_node_set_on_enter(link, u.data);
				fo_buf_reset(&u);
				fo_buf_printf(&u, "</a><span class=\"tip\" "
				    "role=\"tooltip\" id=\"%stip-%s\">", g->idp,
				    p->terms[bestk]->slug);
				if (p->terms[bestk]->en != NULL) {
					fo_buf_puts(&u, "<span class=\"en\" lang=\"en\">");
					fo_esc_htmls(&u, p->terms[bestk]->en);
					fo_buf_puts(&u, "</span> ");
				}
				fo_html_excerpt(&u, p->terms[bestk]->text, 90);
				fo_buf_puts(&u, "</span></span>");
				cmark_node_set_on_exit(link, u.data);
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

/* Mark the blocks that are the loader's paragraphs: paragraph j of 'p'
 * is the paras[j].block-th paragraph, heading or code-block node of the
 * same parse, so the numbering is the loader's, never counted twice. */
static void
mark_paras(cmark_node *doc, const struct fo_page *p)
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
		    t == CMARK_NODE_HEADING || t == CMARK_NODE_CODE_BLOCK)) {
			v = fo_xreallocarray(v, nv + 1, sizeof(*v));
			v[nv++] = n;
		}
	}
	cmark_iter_free(it);
	for (i = 0; i < p->nparas && p->paras[i].block < nv; i++) {
		cmark_node *k, *b = v[p->paras[i].block];

		snprintf(m, sizeof(m), "%c%zu%c", MARK, i + 1, MARK);
		if (cmark_node_get_type(b) == CMARK_NODE_CODE_BLOCK) {
			k = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
			cmark_node_set_on_enter(k, m);
			cmark_node_insert_before(b, k);
		} else {
			k = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
			cmark_node_set_on_enter(k, m);
			cmark_node_prepend_child(b, k);
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
			fo_buf_printf(b, " id=\"%sp%d\">", g->idp, n);
			if (permalink)
				fo_buf_printf(b, "<a class=\"pl\" href=\"#%sp%d\" "
				    "aria-label=\"第%d段的链接\">¶</a>", g->idp,
				    n, n);
		} else
			fo_buf_printf(b, "<span class=\"anchor\" id=\"%sp%d\">"
			    "</span>", g->idp, n);
		p = e + 1;
	}
	fo_buf_puts(&g->b, p);
}

/* ---- sentences ------------------------------------------------------
 * The official text's paragraphs are cut into sentences, each ending at
 * 。！？ (with the closing quotes or brackets that follow it), and each
 * sentence of paragraph N becomes <span class="s" id="pNsM">, numbered
 * from 1 in the paragraph, with a link to itself at its end (its number
 * comes from CSS, so copied text has none).  A sentence is cut only
 * outside inline elements, so the spans nest.  The sentence end is
 * fo_sentence_end() (snippet.h), which search results count with too. */

static void
span_open(struct fo_buf *b, const char *idp, int para, int m)
{
	fo_buf_printf(b, "<span class=\"s\" id=\"%s", idp);
	fo_anchor_put(b, para, m);
	fo_buf_puts(b, "\">");
}

static void
sentence_close(struct fo_buf *b, const char *idp, int para, int m)
{
	fo_buf_printf(b, "<a class=\"sl\" href=\"#%s", idp);
	fo_anchor_put(b, para, m);
	fo_buf_printf(b, "\" data-n=\"%d\" aria-label=\"第%d段第%d句的链接\">"
	    "</a></span>", m, para, m);
}

/* Copy 'html' into 'b', cutting each <p id="{idp}pN"> into sentences. */
static void
put_sentences(struct fo_buf *b, const char *html, const char *idp)
{
	const char *p = html;
	struct fo_buf open_p = FO_BUF_INIT;

	fo_buf_printf(&open_p, "<p id=\"%sp", idp);
	while (*p != '\0') {
		const char *q = strstr(p, open_p.data);
		int para, m = 1, depth = 0, open = 0;
		size_t n;

		if (q == NULL) {
			fo_buf_puts(b, p);
			break;
		}
		para = atoi(q + open_p.len);
		q = strchr(q, '>') + 1;
		if (strncmp(q, "<a class=\"pl\"", 13) == 0)
			q = strstr(q, "</a>") + 4;
		fo_buf_put(b, p, (size_t)(q - p));
		p = q;
		while (*p != '\0') {
			if (strncmp(p, "</p>", 4) == 0 && depth == 0)
				break;
			if (*p == '<') {
				const char *e = strchr(p, '>');

				if (e == NULL)
					break;
				if (!open && p[1] != '/') {
					span_open(b, idp, para, m);
					open = 1;
				}
				if (p[1] == '/')
					depth--;
				else if (e[-1] != '/' && strncmp(p, "<br", 3)
				    != 0 && strncmp(p, "<img", 4) != 0)
					depth++;
				fo_buf_put(b, p, (size_t)(e + 1 - p));
				p = e + 1;
				continue;
			}
			if (!open && !(*p == ' ' || *p == '\n')) {
				span_open(b, idp, para, m);
				open = 1;
			}
			if (depth == 0 && open && (n = fo_sentence_end(p)) > 0) {
				fo_buf_put(b, p, n);
				p += n;
				sentence_close(b, idp, para, m++);
				open = 0;
				continue;
			}
			fo_buf_putc(b, *p++);
		}
		if (open)
			sentence_close(b, idp, para, m);
	}
	fo_buf_release(&open_p);
}

/* Body headings are shifted below the page's own h1/h2. */
void
fo_html_markdown(struct pg *g, const struct fo_page *p, int anchors,
    int terms)
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
	rewrite_links(g, doc, p);
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
		mark_paras(doc, p);
	h = cmark_render_html(doc, opts);
	if (anchors && fo_kind_official(p->kind)) {
		struct pg t = *g;	/* the official text: its sentences */

		fo_buf_init(&t.b);
		put_marked(&t, h, anchors);
		put_sentences(&g->b, t.b.data, g->idp);
		fo_buf_release(&t.b);
	} else
		put_marked(g, h, anchors);
	free(h);
	cmark_node_free(doc);
}

