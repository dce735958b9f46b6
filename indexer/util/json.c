/* indexer/util/json.c -- JSON string escaping (json.h). */
#include <string.h>

#include "json.h"

/* What each byte becomes in a string: 0 itself, else the length of its
 * escape (2: \" \\ \n \r \t; 6: \u00XX, which < > & get too, so that
 * the text is safe inside <script>). */
static const unsigned char esc_len[256] = {
	6, 6, 6, 6, 6, 6, 6, 6, 6, 2, 2, 6, 6, 2, 6, 6,
	6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6,
	['"'] = 2, ['\\'] = 2, ['<'] = 6, ['>'] = 6, ['&'] = 6, [0x7f] = 6
};

/* 1 if p[i..] is U+2028 or U+2029: line ends to older JavaScript. */
static int
line_sep(const unsigned char *p, size_t i, size_t n)
{
	return p[i] == 0xe2 && i + 2 < n && p[i + 1] == 0x80 &&
	    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9);
}

/* Two passes, the length and then the bytes, into one allocation: the
 * browser export escapes megabytes on every rebuild, where a call per
 * byte cost 20 ms. */
void
fo_json_esc(struct fo_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t i, len = 0, k;
	char *d;

	for (i = 0; i < n; i++) {
		if (line_sep(p, i, n)) {
			len += 6;
			i += 2;
		} else
			len += (k = esc_len[p[i]]) != 0 ? k : 1;
	}
	fo_buf_grow(b, len);
	d = b->data + b->len;
	for (i = 0; i < n; i++) {
		unsigned c = p[i];

		if (line_sep(p, i, n)) {
			memcpy(d, p[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
			d += 6;
			i += 2;
			continue;
		}
		switch (esc_len[c]) {
		case 0:
			*d++ = (char)c;
			break;
		case 2:
			*d++ = '\\';
			*d++ = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' :
			    (char)c;
			break;
		default:
			memcpy(d, "\\u00", 4);
			d[4] = hex[c >> 4];
			d[5] = hex[c & 15];
			d += 6;
		}
	}
	b->len += len;
	b->data[b->len] = '\0';
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
