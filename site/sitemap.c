/* site/sitemap.c -- sitemap.xml: every page written, as absolute
 * directory URLs under --base-url.  The sitemaps protocol allows 50,000
 * URLs in one file: past that, sitemap.xml is a sitemap index of
 * sitemap-1.xml, sitemap-2.xml ... (robots.txt names sitemap.xml either
 * way). */
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

enum fo_status
fo_site_sitemap_max(struct fo_site *s, size_t max)
{
	struct fo_buf b = FO_BUF_INIT, u = FO_BUF_INIT, name = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	size_t i, k, nfiles;

	if (max == 0)
		max = FO_SITEMAP_MAX;
	nfiles = s->nurls <= max ? 1 : (s->nurls + max - 1) / max;
	for (k = 0; k < nfiles && st == FO_OK; k++) {
		fo_buf_reset(&b);
		fo_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
		for (i = k * max; i < s->nurls && i < (k + 1) * max; i++) {
			fo_buf_puts(&b, "<url>");
			loc(&b, &u, s->opts->base_url, s->urls[i]);
			fo_buf_puts(&b, "</url>\n");
		}
		fo_buf_puts(&b, "</urlset>\n");
		fo_buf_reset(&name);
		if (nfiles == 1)
			fo_buf_puts(&name, "sitemap.xml");
		else
			fo_buf_printf(&name, "sitemap-%zu.xml", k + 1);
		st = fo_site_write(s, name.data, b.data, b.len, 1);
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
			loc(&b, &u, s->opts->base_url, name.data);
			fo_buf_puts(&b, "</sitemap>\n");
		}
		fo_buf_puts(&b, "</sitemapindex>\n");
		st = fo_site_write(s, "sitemap.xml", b.data, b.len, 1);
	}
	fo_buf_release(&b);
	fo_buf_release(&u);
	fo_buf_release(&name);
	return st;
}

enum fo_status
fo_site_sitemap(struct fo_site *s)
{
	return fo_site_sitemap_max(s, FO_SITEMAP_MAX);
}
