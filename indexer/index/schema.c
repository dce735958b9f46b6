/* indexer/index/schema.c -- the helpers of the index schema (schema.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "schema.h"

static const struct {
	const char *name, *prefix;
} filters[FO_NFILTERS] = {
	[FO_FILTER_KIND] = { "kind", FO_PREFIX_KIND },
	[FO_FILTER_SECTION] = { "section", FO_PREFIX_SECTION },
	[FO_FILTER_CLAUSE] = { "clause", FO_PREFIX_CLAUSE },
	[FO_FILTER_TAG] = { "tag", FO_PREFIX_TAG },
};

int
fo_term_prefixed(const char *t)
{
	return t != NULL && t[0] != '\0' && strchr(FO_PREFIXES, t[0]) != NULL;
}

int
fo_term_fits(const char *prefix, size_t n)
{
	return n > 0 && n <= FO_TERM_MAX && strlen(prefix) <= FO_TERM_MAX - n;
}

char *
fo_term_new(const char *prefix, const char *t, size_t n)
{
	size_t pl = strlen(prefix);
	char *s = fo_xmalloc(pl + n + 1);

	memcpy(s, prefix, pl);
	memcpy(s + pl, t, n);
	s[pl + n] = '\0';
	return s;
}

char *
fo_term_number(const char *prefix, int n)
{
	char t[32];

	snprintf(t, sizeof t, "%s%d", prefix, n);
	return fo_xstrdup(t);
}

const char *
fo_filter_name(enum fo_filter f)
{
	return (unsigned)f < FO_NFILTERS ? filters[f].name : "";
}

const char *
fo_filter_prefix(enum fo_filter f)
{
	return (unsigned)f < FO_NFILTERS ? filters[f].prefix : "";
}

int
fo_filter_find(const char *s, size_t n)
{
	int i;

	for (i = 0; i < FO_NFILTERS; i++)
		if (strlen(filters[i].name) == n &&
		    strncasecmp(s, filters[i].name, n) == 0)
			return i;
	return -1;
}
