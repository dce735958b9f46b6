/* site/html/meta.c -- what a page says about itself to machines: its
 * JSON-LD (schema.org) object, put in g->ld before fo_html_head() writes
 * it into the head.  The opinion and its parts are Legislation, an
 * annotation an Article, a glossary entry a DefinedTerm in the
 * glossary's DefinedTermSet.  Every string goes through fo_json_str(),
 * which also escapes '<', so the object cannot end its <script>. */
#include <string.h>

#include "json.h"

#include "html.h"

static void
key(struct pg *g, const char *k)
{
	fo_buf_puts(&g->ld, ",");
	fo_json_str(&g->ld, k);
	fo_buf_puts(&g->ld, ":");
}

static void
kv(struct pg *g, const char *k, const char *v)
{
	if (v == NULL)
		return;
	key(g, k);
	fo_json_str(&g->ld, v);
}

/* "url": the absolute address of site path 'url', if the site has one. */
static void
url(struct pg *g, const char *k, const char *path)
{
	struct fo_buf u = FO_BUF_INIT;

	if (g->in->base_url == NULL)
		return;
	fo_buf_printf(&u, "%s%s", g->in->base_url, path + (path[0] == '/'));
	kv(g, k, u.data);
	fo_buf_release(&u);
}

static void
start(struct pg *g, const char *type, const char *name)
{
	fo_buf_reset(&g->ld);
	fo_buf_puts(&g->ld, "{\"@context\":\"https://schema.org\",\"@type\":");
	fo_json_str(&g->ld, type);
	kv(g, "name", name);
	kv(g, "inLanguage", "zh-CN");
	url(g, "url", g->url != NULL ? g->url : "/");
}

/* The first paragraph of 'text', cut to 'max' characters (fo_html_cut()),
 * as JSON-LD property 'k'. */
static void
excerpt(struct pg *g, const char *k, const char *text, size_t max)
{
	struct fo_buf t = FO_BUF_INIT;
	int more;

	if (text == NULL || *text == '\0')
		return;
	fo_buf_put(&t, text, fo_html_cut(text, max, &more));
	if (more)
		fo_buf_puts(&t, "…");
	kv(g, k, t.data);
	fo_buf_release(&t);
}

/* The document's own properties: issuers, date, number, force. */
static void
doc_props(struct pg *g, const struct fo_page *d)
{
	size_t i;

	if (d->nissuers > 0) {
		key(g, "legislationPassedBy");
		fo_buf_puts(&g->ld, "[");
		for (i = 0; i < d->nissuers; i++) {
			fo_buf_puts(&g->ld, i > 0 ? "," : "");
			fo_buf_puts(&g->ld, "{\"@type\":\"GovernmentOrganization\","
			    "\"name\":");
			fo_json_str(&g->ld, d->issuers[i]);
			fo_buf_puts(&g->ld, "}");
		}
		fo_buf_puts(&g->ld, "]");
	}
	kv(g, "legislationJurisdiction", "广东省");
	kv(g, "legislationDate", d->issued);
	kv(g, "legislationIdentifier", d->docno);
	if (d->status != NULL)
		kv(g, "legislationLegalForce",
		    strcmp(d->status, "现行有效") == 0 ?
		    "https://schema.org/InForce" :
		    strcmp(d->status, "已修订") == 0 ?
		    "https://schema.org/PartiallyInForce" :
		    "https://schema.org/NotInForce");
	kv(g, "dateModified", d->checked);
	if (fo_url_is_external_safe(d->source_url))
		kv(g, "isBasedOn", d->source_url);
}

void
fo_html_ld_doc(struct pg *g)
{
	const struct fo_page *d = g->in->c->preamble;

	start(g, "Legislation", fo_html_doc_title(g->in->c));
	if (d != NULL) {
		doc_props(g, d);
		excerpt(g, "description", d->text, 200);
	}
	fo_buf_puts(&g->ld, "}");
}

void
fo_html_ld_part(struct pg *g, const struct fo_page *p)
{
	const struct fo_page *d = g->in->c->preamble;

	start(g, "Legislation", p->label);
	excerpt(g, "description", p->text, 200);
	key(g, "isPartOf");
	fo_buf_puts(&g->ld, "{\"@type\":\"Legislation\",\"name\":");
	fo_json_str(&g->ld, fo_html_doc_title(g->in->c));
	url(g, "url", "/");
	if (d != NULL)
		doc_props(g, d);
	fo_buf_puts(&g->ld, "}}");
}

void
fo_html_ld_article(struct pg *g, const struct fo_page *a)
{
	size_t i;

	start(g, "Article", NULL);
	kv(g, "headline", a->title);
	if (a->author != NULL) {
		key(g, "author");
		fo_buf_puts(&g->ld, "{\"@type\":\"Organization\",\"name\":");
		fo_json_str(&g->ld, a->author);
		fo_buf_puts(&g->ld, "}");
	}
	kv(g, "datePublished", a->date);
	excerpt(g, "description", a->text, 200);
	if (a->ntags > 0) {
		key(g, "keywords");
		fo_buf_puts(&g->ld, "[");
		for (i = 0; i < a->ntags; i++) {
			fo_buf_puts(&g->ld, i > 0 ? "," : "");
			fo_json_str(&g->ld, a->tags[i]);
		}
		fo_buf_puts(&g->ld, "]");
	}
	if (a->nclauses > 0) {
		key(g, "about");
		fo_buf_puts(&g->ld, "[");
		for (i = 0; i < a->nclauses; i++) {
			const struct fo_page *cl =
			    g->in->c->clauses[a->clauses[i]];

			if (cl == NULL)
				continue;
			fo_buf_puts(&g->ld, g->ld.data[g->ld.len - 1] == '['
			    ? "" : ",");
			fo_buf_puts(&g->ld, "{\"@type\":\"Legislation\","
			    "\"name\":");
			fo_json_str(&g->ld, cl->label);
			url(g, "url", cl->url);
			fo_buf_puts(&g->ld, "}");
		}
		fo_buf_puts(&g->ld, "]");
	}
	fo_buf_puts(&g->ld, "}");
}

void
fo_html_ld_term(struct pg *g, const struct fo_page *t)
{
	size_t i;

	start(g, "DefinedTerm", t->title);
	if (t->naliases > 0 || t->en != NULL) {
		key(g, "alternateName");
		fo_buf_puts(&g->ld, "[");
		for (i = 0; i < t->naliases; i++) {
			fo_buf_puts(&g->ld, i > 0 ? "," : "");
			fo_json_str(&g->ld, t->aliases[i]);
		}
		if (t->en != NULL) {
			fo_buf_puts(&g->ld, t->naliases > 0 ? "," : "");
			fo_json_str(&g->ld, t->en);
		}
		fo_buf_puts(&g->ld, "]");
	}
	excerpt(g, "description", t->text, 200);
	key(g, "inDefinedTermSet");
	fo_buf_puts(&g->ld, "{\"@type\":\"DefinedTermSet\",\"name\":\"术语\"");
	url(g, "url", "/glossary/");
	fo_buf_puts(&g->ld, "}}");
}

void
fo_html_ld_termset(struct pg *g)
{
	start(g, "DefinedTermSet", "术语");
	kv(g, "description", "“五外联动”意见中的术语、别称与释义");
	fo_buf_puts(&g->ld, "}");
}
