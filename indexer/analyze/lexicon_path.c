/* indexer/analyze/lexicon_path.c -- where a program finds the compiled
 * lexicon (fo_lexicon_find, analyze.h): one rule for fiveout-index,
 * fiveout-search, fiveout-site and fiveout-serve.  The library reads no
 * environment; the programs pass what their options and environment
 * say. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "buf.h"

/* Try 'path': 1 (and noted in 'looked') if it is a file. */
static int
try_path(const char *path, struct fo_buf *looked)
{
	struct stat sb;

	if (looked != NULL)
		fo_buf_printf(looked, "%s%s", looked->len > 0 ? ", " : "",
		    path);
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

char *
fo_lexicon_find(const char *given, const char *db, const char *progdir,
    struct fo_buf *looked)
{
	struct fo_buf p = FO_BUF_INIT;

	if (given != NULL && *given != '\0')
		return fo_xstrdup(given);
	if (db != NULL && *db != '\0') {
		/* build/index -> build/lexicon.bin; a trailing slash is
		 * the same folder */
		size_t n = strlen(db);

		while (n > 1 && db[n - 1] == '/')
			n--;
		while (n > 0 && db[n - 1] != '/')
			n--;
		fo_buf_put(&p, db, n);
		fo_buf_puts(&p, "lexicon.bin");
		if (try_path(p.data, looked))
			return fo_buf_detach(&p, NULL);
		fo_buf_reset(&p);
	}
	if (progdir != NULL && *progdir != '\0') {
		fo_buf_printf(&p, "%s/lexicon.bin", progdir);
		if (try_path(p.data, looked))
			return fo_buf_detach(&p, NULL);
		fo_buf_reset(&p);
	}
	fo_buf_puts(&p, FO_LEXICON_INSTALLED);
	(void)try_path(p.data, looked);
	return fo_buf_detach(&p, NULL);
}
