/* site/sitemap.c -- sitemap.xml: every page written, as absolute
 * directory URLs under --base-url. */
#include "site.h"

enum fo_status
fo_site_sitemap(struct fo_site *s)
{
	struct fo_buf b = FO_BUF_INIT, u = FO_BUF_INIT;
	enum fo_status st;
	size_t i;

	fo_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = 0; i < s->nurls; i++) {
		fo_buf_reset(&u);
		fo_buf_printf(&u, "%s%s", s->opts->base_url,
		    s->urls[i] + (s->urls[i][0] == '/'));
		fo_buf_puts(&b, "<url><loc>");
		fo_esc_xml(&b, u.data);
		fo_buf_puts(&b, "</loc></url>\n");
	}
	fo_buf_puts(&b, "</urlset>\n");
	st = fo_site_write(s, "sitemap.xml", b.data, b.len, 1);
	fo_buf_release(&b);
	fo_buf_release(&u);
	return st;
}
