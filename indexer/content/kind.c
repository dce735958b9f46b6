/* indexer/content/kind.c -- the names of the page kinds (content.h), apart from
 * the content loader so the WebAssembly engine links them too.  The one
 * table of them: the index's K terms (schema.h), the query's kind:
 * filter, --kind and the browser store's kind letters all come from here. */
#include <string.h>

#include "content.h"

static const char *const names[] = {
	[FO_KIND_PREAMBLE] = "preamble",
	[FO_KIND_SECTION] = "section",
	[FO_KIND_CLAUSE] = "clause",
	[FO_KIND_ANNOTATION] = "annotation",
	[FO_KIND_GLOSSARY] = "glossary",
};

const char *
fo_kind_name(enum fo_kind k)
{
	if ((unsigned)k < sizeof names / sizeof names[0])
		return names[k];
	return "unknown";
}

int
fo_kind_official(enum fo_kind k)
{
	return k == FO_KIND_CLAUSE || k == FO_KIND_SECTION ||
	    k == FO_KIND_PREAMBLE;
}

int
fo_kind_find(const char *name)
{
	size_t k;

	if (name == NULL)
		return -1;
	if (strcmp(name, "term") == 0)	/* the editors' word, as in term: links */
		return FO_KIND_GLOSSARY;
	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(name, names[k]) == 0)
			return (int)k;
	return -1;
}
