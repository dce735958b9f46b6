/* site/sitemap.c -- sitemap.xml: every page of the site, as absolute
 * directory URLs under --base-url.  The sitemaps protocol allows 50,000
 * URLs in one file: past that, sitemap.xml is a sitemap index of
 * sitemap-1.xml, sitemap-2.xml ... (robots.txt names sitemap.xml either
 * way), and robots.txt.  Without --base-url there is no address to
 * give: no sitemap, and robots.txt names none. */
#include "site.h"

#define FO_SITEMAP_MAX	50000

static void
loc(struct fo_buf *b, struct fo_buf *u, const char *base, const char *path)
{
	fo_buf_reset(u);
	fo_buf_puts(u, base);
	fo_buf_puts(u, path + (path[0] == '/'));
	fo_buf_puts(b, "<loc>");
	fo_esc_xml(b, u->data);
	fo_buf_puts(b, "</loc>");
}

static enum fo_status
robots(const char *base_url, struct fo_out *o, char **errmsg)
{
	struct fo_buf b = FO_BUF_INIT;
	enum fo_status st;

	fo_buf_puts(&b, "User-agent: *\nAllow: /\n");
	if (base_url != NULL)
		fo_buf_printf(&b, "Sitemap: %ssitemap.xml\n", base_url);
	st = fo_out_write(o, "robots.txt", b.data, b.len, 1, errmsg);
	fo_buf_release(&b);
	return st;
}

enum fo_status
fo_sitemap_write(const struct fo_urls *pages, const char *base_url,
    size_t max, struct fo_out *o, char **errmsg)
{
	struct fo_buf b = FO_BUF_INIT, u = FO_BUF_INIT, name = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	size_t i, k, nfiles;

	if (base_url == NULL)	/* the protocol wants absolute URLs */
		return robots(NULL, o, errmsg);
	if (max == 0)
		max = FO_SITEMAP_MAX;
	nfiles = pages->n <= max ? 1 : (pages->n + max - 1) / max;
	for (k = 0; k < nfiles && st == FO_OK; k++) {
		fo_buf_reset(&b);
		fo_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		for (i = k * max; i < pages->n && i < (k + 1) * max; i++) {
			fo_buf_puts(&b, "<url>");
			loc(&b, &u, base_url, pages->v[i].url);
			fo_buf_puts(&b, "</url>\n");
		}
		fo_buf_puts(&b, "</urlset>\n");
		fo_buf_reset(&name);
		if (nfiles == 1)
			fo_buf_puts(&name, "sitemap.xml");
		else
			fo_buf_printf(&name, "sitemap-%zu.xml", k + 1);
		st = fo_out_write(o, name.data, b.data, b.len, 1, errmsg);
	}
	if (st == FO_OK && nfiles > 1) {
		fo_buf_reset(&b);
		fo_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/"
		    "sitemap/0.9\">\n");
		for (k = 0; k < nfiles; k++) {
			fo_buf_reset(&name);
			fo_buf_printf(&name, "sitemap-%zu.xml", k + 1);
			fo_buf_puts(&b, "<sitemap>");
			loc(&b, &u, base_url, name.data);
			fo_buf_puts(&b, "</sitemap>\n");
		}
		fo_buf_puts(&b, "</sitemapindex>\n");
		st = fo_out_write(o, "sitemap.xml", b.data, b.len, 1,
		    errmsg);
	}
	fo_buf_release(&b);
	fo_buf_release(&u);
	fo_buf_release(&name);
	if (st == FO_OK)
		st = robots(base_url, o, errmsg);
	return st;
}
