/* indexer/util/utf8.c -- UTF-8 validation, decoding, walking and encoding,
 * and the edit distance over code points (utf8.h). */
#include <stddef.h>
#include <stdint.h>

#include "utf8.h"

int
fo_utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07; min = 0x10000;
		} else
			goto fail;
		if (len - i <= n)
			goto fail;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += n + 1;
	}
	return 1;
fail:
	if (bad != NULL)
		*bad = i;
	return 0;
}

uint32_t
fo_utf8_next(const char *str, size_t len, size_t *i)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[*i];
	uint32_t cp;
	size_t n;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c < 0xe0) {
		n = 1; cp = c & 0x1f;
	} else if (c < 0xf0) {
		n = 2; cp = c & 0x0f;
	} else {
		n = 3; cp = c & 0x07;
	}
	if (n > len - *i - 1)	/* defensive: never read past 'len' */
		n = len - *i - 1;
	for (size_t k = 1; k <= n; k++)
		cp = (cp << 6) | (s[*i + k] & 0x3f);
	*i += n + 1;
	return cp;
}

void
fo_utf8_put(struct fo_buf *b, uint32_t cp)
{
	char t[4];
	size_t n;

	if (cp < 0x80) {
		t[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		t[0] = (char)(0xf0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	fo_buf_put(b, t, n);
}

size_t
fo_utf8_count(const char *s, size_t n)
{
	size_t i = 0, c = 0;

	while (i < n) {
		i += fo_utf8_len((unsigned char)s[i]);
		c++;
	}
	return c;
}

size_t
fo_utf8_decode(const char *s, uint32_t *cp, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p && n < max) {
		uint32_t c = *p++;
		int k = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

		if (k > 0)
			c &= 0x3f >> k;
		while (k-- > 0 && *p)
			c = (c << 6) | (*p++ & 0x3f);
		cp[n++] = c;
	}
	return n;
}

size_t
fo_edit_distance(const char *a, const char *b)
{
	uint32_t ca[FO_EDIT_MAX], cb[FO_EDIT_MAX];
	size_t na = fo_utf8_decode(a, ca, FO_EDIT_MAX);
	size_t nb = fo_utf8_decode(b, cb, FO_EDIT_MAX);
	size_t row[FO_EDIT_MAX + 1], i, j, prev, tmp;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			tmp = row[j];
			row[j] = prev + (ca[i - 1] != cb[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[nb];
}
