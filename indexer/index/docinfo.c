/* indexer/index/docinfo.c -- the document data blob of the index.
 *
 * Layout (text, binary-safe; every line ends in '\n'):
 *
 *	fodi1
 *	<kind> <number> <section>	decimal ints
 *	<string> x 6			id, title, label, section_label,
 *					url, text; each "-" for NULL or
 *					"<len>:<len bytes>"
 *
 * The decoder checks every length against the blob, so a damaged blob
 * gives FO_ECORRUPT, never a read past the end.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "index.h"

#define MAGIC		"fodi1\n"
#define NSTR		6

static char **
strfield(struct fo_docinfo *di, int i)
{
	switch (i) {
	case 0: return &di->id;
	case 1: return &di->title;
	case 2: return &di->label;
	case 3: return &di->section_label;
	case 4: return &di->url;
	default: return &di->text;
	}
}

char *
fo_docinfo_encode(const struct fo_docinfo *di, size_t *len)
{
	struct fo_buf b = FO_BUF_INIT;
	struct fo_docinfo tmp = *di;
	int i;

	fo_buf_puts(&b, MAGIC);
	fo_buf_printf(&b, "%d %d %d\n", (int)di->kind, di->number, di->section);
	for (i = 0; i < NSTR; i++) {
		const char *s = *strfield(&tmp, i);

		if (s == NULL)
			fo_buf_puts(&b, "-\n");
		else {
			fo_buf_printf(&b, "%zu:", strlen(s));
			fo_buf_puts(&b, s);
			fo_buf_putc(&b, '\n');
		}
	}
	return fo_buf_detach(&b, len);
}

/* Parse a decimal (optional '-') ending at 'end' char; advance *p. */
static int
getint(const char **p, const char *lim, char end, long long max,
    long long *out)
{
	const char *s = *p;
	long long v = 0;
	int neg = 0, nd = 0;

	if (s < lim && *s == '-') {
		neg = 1;
		s++;
	}
	while (s < lim && *s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
		s++;
		nd++;
	}
	if (nd == 0 || s >= lim || *s != end)
		return -1;
	*out = neg ? -v : v;
	*p = s + 1;
	return 0;
}

enum fo_status
fo_docinfo_decode(const char *data, size_t len, struct fo_docinfo *di)
{
	const char *p = data, *lim = data + len;
	long long k, n, sec, sl;
	int i;

	if (di == NULL)
		return FO_EINVAL;
	memset(di, 0, sizeof *di);
	if (data == NULL)
		return FO_EINVAL;
	if (len < sizeof MAGIC - 1 || memcmp(p, MAGIC, sizeof MAGIC - 1) != 0)
		return FO_ECORRUPT;
	p += sizeof MAGIC - 1;
	if (getint(&p, lim, ' ', FO_KIND_GLOSSARY, &k) != 0 || k < 0 ||
	    getint(&p, lim, ' ', INT_MAX, &n) != 0 ||
	    getint(&p, lim, '\n', INT_MAX, &sec) != 0)
		return FO_ECORRUPT;
	di->kind = (enum fo_kind)k;
	di->number = (int)n;
	di->section = (int)sec;
	for (i = 0; i < NSTR; i++) {
		if (lim - p >= 2 && p[0] == '-' && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (getint(&p, lim, ':', (long long)len, &sl) != 0 || sl < 0 ||
		    (size_t)(lim - p) < (size_t)sl + 1 || p[sl] != '\n' ||
		    memchr(p, '\0', (size_t)sl) != NULL)
			goto bad;
		*strfield(di, i) = fo_xstrndup(p, (size_t)sl);
		p += sl + 1;
	}
	if (p != lim || di->id == NULL)
		goto bad;
	return FO_OK;
bad:
	fo_docinfo_release(di);
	return FO_ECORRUPT;
}

void
fo_docinfo_release(struct fo_docinfo *di)
{
	int i;

	if (di == NULL)
		return;
	for (i = 0; i < NSTR; i++)
		free(*strfield(di, i));
	memset(di, 0, sizeof *di);
}
