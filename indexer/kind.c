/* indexer/kind.c -- the names of the page kinds (content.h), apart from
 * the content loader so the WebAssembly engine links them too. */
#include "content.h"

const char *
fo_kind_name(enum fo_kind k)
{
	switch (k) {
	case FO_KIND_PREAMBLE:
		return "preamble";
	case FO_KIND_SECTION:
		return "section";
	case FO_KIND_CLAUSE:
		return "clause";
	case FO_KIND_ANNOTATION:
		return "annotation";
	case FO_KIND_GLOSSARY:
		return "glossary";
	}
	return "unknown";
}
