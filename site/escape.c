/* site/escape.c -- escaping for HTML, XML, URLs and JSON. */
#include <string.h>

#include "site.h"

void
fo_esc_html(struct fo_buf *b, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\0': rep = "\xef\xbf\xbd"; break;
		default: continue;
		}
		fo_buf_put(b, s + run, i - run);
		fo_buf_puts(b, rep);
		run = i + 1;
	}
	fo_buf_put(b, s + run, n - run);
}

void
fo_esc_htmls(struct fo_buf *b, const char *s)
{
	if (s != NULL)
		fo_esc_html(b, s, strlen(s));
}

void
fo_esc_xml(struct fo_buf *b, const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '&': fo_buf_puts(b, "&amp;"); break;
		case '<': fo_buf_puts(b, "&lt;"); break;
		case '>': fo_buf_puts(b, "&gt;"); break;
		case '"': fo_buf_puts(b, "&quot;"); break;
		case '\'': fo_buf_puts(b, "&apos;"); break;
		default:
			if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
				break;	/* not allowed in XML 1.0 */
			fo_buf_putc(b, *p);
		}
	}
}

void
fo_esc_url(struct fo_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			fo_buf_putc(b, c);
		else {
			fo_buf_putc(b, '%');
			fo_buf_putc(b, hex[c >> 4]);
			fo_buf_putc(b, hex[c & 15]);
		}
	}
}

int
fo_url_is_external_safe(const char *url)
{
	const unsigned char *p;

	if (url == NULL)
		return 0;
	if (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "mailto:", 7) != 0)
		return 0;
	for (p = (const unsigned char *)url; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' ||
		    *p == '>' || *p == '\\' || *p == '`')
			return 0;
	return 1;
}
