/* site/main.c -- fiveout-site: build the static site.
 *   fiveout-site [--db DIR] [--base-url URL] [--lexicon FILE] -o OUTDIR CONTENTDIR
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "fs.h"
#include "site.h"

#define EXIT_LINT	1	/* the content has errors; nothing written */
#define EXIT_FAIL	2	/* usage, I/O, lexicon or output failure */

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fiveout-site [--db DIR] [--base-url URL] "
	    "[--lexicon FILE] -o OUTDIR CONTENTDIR\n");
	exit(EXIT_FAIL);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct fo_site_opts o = { 0 };
	struct fo_content *c = NULL;
	struct fo_site_stats st;
	struct fo_buf base = FO_BUF_INIT;
	char *msg = NULL;
	char *lexicon, *dir;
	int ch, quiet = 0, lint;
	enum fo_status rc;
	double t0 = now_ms();

	o.base_url = NULL;	/* no address: relative links, no sitemap */
	while ((ch = getopt_long(argc, argv, "o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': o.dbdir = optarg; break;
		case 'b': o.base_url = optarg; break;
		case 'l': o.lexicon = optarg; break;
		case 'o': o.outdir = optarg; break;
		case 'q': quiet = 1; break;
		case 'V': printf("fiveout-site %s\n", fo_version()); return 0;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 1 || o.outdir == NULL)
		usage();
	/* The environment is read here only: the site code takes options.
	 * The lexicon: --lexicon, else FIVEOUT_LEXICON, else the rule of
	 * fo_lexicon_find() (beside the index, the program, installed). */
	dir = fo_program_dir();
	o.lexicon = lexicon = fo_lexicon_find(o.lexicon != NULL ? o.lexicon :
	    getenv("FIVEOUT_LEXICON"), o.dbdir, dir, NULL);
	free(dir);
	if (o.base_url != NULL && *o.base_url == '\0')
		o.base_url = NULL;	/* make SITE_URL= */
	if (o.base_url != NULL) {
		const char *host = strstr(o.base_url, "://");

		if (!fo_url_is_external_safe(o.base_url) || host == NULL ||
		    host[3] == '\0' || host[3] == '/' ||
		    strpbrk(o.base_url, "?#'") != NULL)
			errx(EXIT_FAIL, "--base-url must be an http(s) URL "
			    "without query or fragment, e.g. "
			    "https://example.org/kb/: %s", o.base_url);
		fo_buf_puts(&base, o.base_url);
		if (base.data[base.len - 1] != '/')
			fo_buf_putc(&base, '/');
		o.base_url = base.data;
	}
	if ((rc = fo_content_load(argv[0], &c)) != FO_OK)
		errx(EXIT_FAIL, "%s: %s", argv[0], fo_strerror(rc));
	fo_diags_print(&c->diags, stderr);
	lint = c->diags.nerrors > 0;
	rc = fo_site_build(&o, c, &st, &msg);
	fo_content_free(c);
	if (rc != FO_OK) {
		/* the new tree is switched in whole or not at all, so a
		 * failure at any step (a full disk too) leaves the old one */
		warnx("%s; %s was left as it was", msg != NULL ? msg :
		    fo_strerror(rc), o.outdir);
		free(msg);
		free(lexicon);
		fo_buf_release(&base);
		return lint ? EXIT_LINT : EXIT_FAIL;
	}
	if (!quiet) {
		printf("%s: %zu pages, %zu files, %zu bytes; search: %zu terms "
		    "in %zu shards, %zu bytes\n", o.outdir, st.pages, st.files,
		    st.bytes, st.search_terms, st.search_shards, st.search_bytes);
		fprintf(stderr, "fiveout-site: %s: %zu page%s written, %zu "
		    "unchanged (%zu of %zu files kept) in %.0f ms\n", o.outdir,
		    st.pages_written, st.pages_written == 1 ? "" : "s",
		    st.pages_unchanged, st.files_kept, st.files,
		    now_ms() - t0);
	}
	free(lexicon);
	fo_buf_release(&base);
	return 0;
}
