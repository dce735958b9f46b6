/* indexer/util/json.c -- JSON string escaping (json.h). */
#include <string.h>

#include "json.h"

void
fo_json_esc(struct fo_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '"':	fo_buf_puts(b, "\\\""); break;
		case '\\':	fo_buf_puts(b, "\\\\"); break;
		case '\n':	fo_buf_puts(b, "\\n"); break;
		case '\r':	fo_buf_puts(b, "\\r"); break;
		case '\t':	fo_buf_puts(b, "\\t"); break;
		case '<':	fo_buf_puts(b, "\\u003c"); break;
		case '>':	fo_buf_puts(b, "\\u003e"); break;
		case '&':	fo_buf_puts(b, "\\u0026"); break;
		default:
			if (p[i] < 0x20 || p[i] == 0x7f)
				fo_buf_printf(b, "\\u%04x", p[i]);
			else if (p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
			    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
				/* U+2028, U+2029: line ends to older JS */
				fo_buf_printf(b, "\\u%04x", p[i + 2] == 0xa8 ?
				    0x2028 : 0x2029);
				i += 2;
			} else
				fo_buf_putc(b, (char)p[i]);
		}
	}
}

void
fo_json_str(struct fo_buf *b, const char *s)
{
	if (s == NULL) {
		fo_buf_puts(b, "null");
		return;
	}
	fo_buf_putc(b, '"');
	fo_json_esc(b, s, strlen(s));
	fo_buf_putc(b, '"');
}
