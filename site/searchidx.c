/* site/searchidx.c -- the browser search index (to come). */
#include "site.h"

enum fo_status
fo_site_searchidx(struct fo_site *s)
{
	(void)s;
	return FO_OK;
}
