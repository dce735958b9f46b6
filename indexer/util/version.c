/* indexer/util/version.c -- fo_version() (status.h): the release and the
 * libraries it was built with, for every program's --version.  Native
 * only (the WebAssembly engine has no ICU). */
#include <stdio.h>

#include <unicode/uversion.h>

#include "status.h"
#include "xap.h"

const char *
fo_version(void)
{
	static char v[160];

	if (v[0] == '\0') {
		UVersionInfo u;
		char icu[U_MAX_VERSION_STRING_LENGTH];

		u_getVersion(u);
		u_versionToString(u, icu);
		snprintf(v, sizeof v, "%s (Xapian %s, ICU %s)", FO_VERSION,
		    fo_xapian_version(), icu);
	}
	return v;
}
