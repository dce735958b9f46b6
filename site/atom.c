/* site/atom.c -- atom.xml: the newest annotations, newest first (RFC
 * 4287).  A feed is what changed lately, not an archive: readers poll it,
 * so it holds the FO_ATOM_MAX newest entries (the annotation index lists
 * them all). */
#include <string.h>

#include "site.h"

#define FO_ATOM_MAX	50

/* 'url' under the site's address; without one, relative to atom.xml
 * (feed readers resolve it against the feed's own address). */
static void
abs_url(struct fo_buf *b, const char *base_url, const char *url)
{
	struct fo_buf u = FO_BUF_INIT;

	fo_buf_printf(&u, "%s%s", base_url != NULL ? base_url : "",
	    url + (url[0] == '/'));
	if (u.len == 0)
		fo_buf_puts(&u, "./");
	fo_esc_xml(b, u.data);
	fo_buf_release(&u);
}

/* An entry's or the feed's <id>: its address, or without one a tag: URI
 * (RFC 4151) that stays the same wherever the site is put. */
static void
id_url(struct fo_buf *b, const char *base_url, const char *url)
{
	if (base_url != NULL)
		abs_url(b, base_url, url);
	else {
		fo_buf_puts(b, "tag:fiveout,2024:");
		fo_esc_xml(b, url);
	}
}

/* The document's status (document.md), as the feed's subtitle. */
static void
status(struct fo_buf *b, const struct fo_page *d)
{
	const char *sep = "";

	if (d == NULL || (d->status == NULL && d->docno == NULL &&
	    d->issued == NULL && d->checked == NULL))
		return;
	fo_buf_puts(b, "<subtitle>");
	if (d->status != NULL) {
		fo_buf_puts(b, "效力：");
		fo_esc_xml(b, d->status);
		sep = "；";
	}
	if (d->docno != NULL) {
		fo_buf_printf(b, "%s文号：", sep);
		fo_esc_xml(b, d->docno);
		sep = "；";
	}
	if (d->issued != NULL) {
		fo_buf_printf(b, "%s发布日期：", sep);
		fo_esc_xml(b, d->issued);
		sep = "；";
	}
	if (d->checked != NULL) {
		fo_buf_printf(b, "%s最后核对：", sep);
		fo_esc_xml(b, d->checked);
	}
	fo_buf_puts(b, "</subtitle>\n");
}

enum fo_status
fo_atom_write(const struct fo_content *c, const struct fo_urls *u,
    const char *base_url, struct fo_out *o, char **errmsg)
{
	struct fo_buf b = FO_BUF_INIT;
	enum fo_status st;
	const char *updated = "2024-01-01";
	size_t i, j, n = 0;

	if (c->nannotations > 0 && c->annotations[0]->date != NULL)
		updated = c->annotations[0]->date;
	fo_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n"
	    "<title>");
	fo_esc_xml(&b, c->preamble != NULL ? c->preamble->title : "fiveout");
	fo_buf_puts(&b, "：注解</title>\n");
	status(&b, c->preamble);
	fo_buf_puts(&b, "<id>");
	id_url(&b, base_url, "/annotation/");
	fo_buf_puts(&b, "</id>\n<link rel=\"self\" href=\"");
	abs_url(&b, base_url, "/atom.xml");
	fo_buf_puts(&b, "\"/>\n<link href=\"");
	abs_url(&b, base_url, "/annotation/");
	fo_buf_puts(&b, "\"/>\n<updated>");
	fo_esc_xml(&b, updated);
	fo_buf_puts(&b, "T00:00:00Z</updated>\n<author><name>fiveout</name>"
	    "</author>\n");
	/* the annotation pages, newest first as urls.c lists them */
	for (i = 0; i < u->n && n < FO_ATOM_MAX; i++) {
		const struct fo_page *a = u->v[i].page;

		if (u->v[i].kind != FO_URL_ANNOTATION)
			continue;
		n++;
		fo_buf_puts(&b, "<entry>\n<title>");
		fo_esc_xml(&b, a->title);
		fo_buf_puts(&b, "</title>\n<id>");
		id_url(&b, base_url, u->v[i].url);
		fo_buf_puts(&b, "</id>\n<link href=\"");
		abs_url(&b, base_url, u->v[i].url);
		fo_buf_puts(&b, "\"/>\n<updated>");
		fo_esc_xml(&b, a->date != NULL ? a->date : updated);
		fo_buf_puts(&b, "T00:00:00Z</updated>\n");
		if (a->author != NULL) {
			fo_buf_puts(&b, "<author><name>");
			fo_esc_xml(&b, a->author);
			fo_buf_puts(&b, "</name></author>\n");
		}
		for (j = 0; j < a->ntags; j++) {
			fo_buf_puts(&b, "<category term=\"");
			fo_esc_xml(&b, a->tags[j]);
			fo_buf_puts(&b, "\"/>\n");
		}
		fo_buf_puts(&b, "<summary>");
		fo_esc_xml(&b, a->text);
		fo_buf_puts(&b, "</summary>\n</entry>\n");
	}
	fo_buf_puts(&b, "</feed>\n");
	st = fo_out_write(o, "atom.xml", b.data, b.len, 1, errmsg);
	fo_buf_release(&b);
	return st;
}
