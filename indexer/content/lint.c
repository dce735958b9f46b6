/* indexer/content/lint.c -- byte-level and name checks shared by the content loader. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "content_int.h"
#include "utf8.h"

/* Length of the valid UTF-8 sequence at 's' (at most 'n' bytes), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (n < 2 || (s[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;	/* > U+10FFFF */
		return 4;
	}
	return 0;
}

int
fo__lint_bytes(struct fo_diags *dg, const char *path, const char *data,
    size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, n;
	int line = 1, col = 1, nerr = 0, bad_utf8 = 0, bad_nul = 0;

	while (i < len && !(bad_utf8 && bad_nul)) {
		if (s[i] == '\0') {
			if (!bad_nul) {
				fo__diag(dg, FO_SEV_ERROR, path, line, col,
				    "NUL byte at byte offset %zu: a content file "
				    "is text; remove the NUL byte", i);
				nerr++;
				bad_nul = 1;
			}
			i++, col++;
			continue;
		}
		n = utf8_len(s + i, len - i);
		if (n == 0) {
			if (!bad_utf8) {
				fo__diag(dg, FO_SEV_ERROR, path, line, col,
				    "invalid UTF-8 (byte 0x%02x at byte offset "
				    "%zu): save the file as UTF-8", s[i], i);
				nerr++;
				bad_utf8 = 1;
			}
			i++, col++;
			continue;
		}
		if (s[i] == '\n')
			line++, col = 1;
		else
			col++;
		i += n;
	}
	return nerr;
}

int
fo_slug_valid(const char *s)
{
	size_t i;

	if (s == NULL || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (i >= FO_SLUG_MAX)
			return 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	}
	return 1;
}

int
fo__lint_name_ok(const char *name)
{
	size_t n = strlen(name);
	char stem[FO_SLUG_MAX + 1];

	if (n < 4 || strcmp(name + n - 3, ".md") != 0 || n - 3 > FO_SLUG_MAX)
		return 0;
	memcpy(stem, name, n - 3);
	stem[n - 3] = '\0';
	return fo_slug_valid(stem);
}

const char *
fo__lint_near(const char *s, const char *const *names)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, d, ls = strlen(s);

	for (; *names != NULL; names++) {
		size_t ln = strlen(*names);

		/* a prefix of at least 3 letters: "src" ~ "sources"? no, "sour" yes */
		if (ls >= 3 && ln > ls && strncmp(*names, s, ls) == 0)
			d = 1;
		else
			d = fo_edit_distance(s, *names);
		if (d < bestd) {
			bestd = d;
			best = *names;
		}
	}
	if (best == NULL)
		return NULL;
	/* near: at most 2 edits, and fewer than half the word */
	if (bestd <= 2 && bestd * 2 < strlen(best))
		return best;
	return NULL;
}

int
fo__lint_date_ok(const char *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, day, i, leap;

	if (d == NULL || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9'))
			return 0;
	y = atoi(d);
	m = atoi(d + 5);
	day = atoi(d + 8);
	if (y < 1900 || m < 1 || m > 12 || day < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return day <= mdays[m - 1] + (m == 2 && leap);
}
