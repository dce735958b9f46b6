/* search/main.c -- fiveout-search: the command line over search.h.
 * The only file of the program that prints or exits. */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "buf.h"
#include "content.h"
#include "fs.h"
#include "search.h"
#include "xap.h"		/* struct fo_xdb_opts */

#ifndef FO_PREFIX
#define FO_PREFIX "/usr/local"
#endif

#define EXIT_HITS	0
#define EXIT_NOHITS	1
#define EXIT_ERROR	2

static const char *progname = "fiveout-search";

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: %s [--json] [--explain] [--all] [--limit N] [--offset N]\n"
	    "       [--kind KIND] [--section N] [--db DIR|STUB] [--allow-partial]\n"
	    "       [--timeout MS] QUERY...\n"
	    "       %s --segment [--db DIR] < lines\n"
	    "       %s --check-lexicon [--db DIR]\n"
	    "query: words, \"phrases\", AND OR NOT, +word -word, kind:clause "
	    "section:2 clause:4 tag:TAG\n", progname, progname, progname);
}

/* 's' with its control characters as \xNN: a query or a message that
 * quotes one never drives the terminal. */
static void
put_safe(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}

static void
die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void
die(const char *fmt, ...)
{
	struct fo_buf m = FO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	fo_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s: ", progname);
	put_safe(stderr, m.data);
	fputc('\n', stderr);
	fo_buf_release(&m);
	exit(EXIT_ERROR);
}

/* A usage error: one line, and where to look. */
static void
bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s '", progname, what);
	put_safe(stderr, arg);
	fprintf(stderr, "'; see %s --help\n", progname);
	exit(EXIT_ERROR);
}

/* The index: --db, else $FIVEOUT_DB, else build/index in the current
 * directory (a source tree after `make`), else beside the program
 * (build/fiveout-search and build/index), else the installed one. */
static const char *
default_db(void)
{
	static char beside[4096];
	const char *e = getenv("FIVEOUT_DB");
	char *dir = fo_program_dir();
	struct stat sb;

	if (e != NULL && *e != '\0')
		return e;
	if (stat("build/index", &sb) == 0 && S_ISDIR(sb.st_mode))
		return "build/index";
	if (dir != NULL) {
		int n = snprintf(beside, sizeof beside, "%s/index", dir);

		free(dir);
		if (n > 0 && (size_t)n < sizeof beside &&
		    stat(beside, &sb) == 0 && S_ISDIR(sb.st_mode))
			return beside;
	}
	return FO_PREFIX "/share/fiveout/index";
}

/* The lexicon: $FIVEOUT_LEXICON, else the library's rule
 * (fo_lexicon_find(): beside the index, beside the program, installed).
 * 'looked' gets the places tried.  Caller frees. */
static char *
find_lexicon(const char *db, struct fo_buf *looked)
{
	char *dir = fo_program_dir();
	char *lex = fo_lexicon_find(getenv("FIVEOUT_LEXICON"), db, dir, looked);

	free(dir);
	return lex;
}

/* Open the index at 'db' with its lexicon, or die saying where it looked. */
static struct fo_search *
open_search(const char *db, const struct fo_xdb_opts *xo)
{
	struct fo_buf looked = FO_BUF_INIT;
	char *lex = find_lexicon(db, &looked);
	struct fo_search *s = NULL;
	char *err = NULL;
	enum fo_status st;

	st = fo_search_open_opts(db, lex, xo, &s, &err);
	free(lex);
	if (st != FO_OK) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_puts(&m, err != NULL ? err : fo_strerror(st));
		if (st == FO_ENOTFOUND && looked.len > 0 &&
		    strstr(m.data, "lexicon") != NULL)
			fo_buf_printf(&m, " (looked for the lexicon in: %s)",
			    looked.data);
		die("%s", m.data);
	}
	fo_buf_release(&looked);
	return s;
}

static unsigned
parse_uint(const char *opt, const char *s, unsigned lo, unsigned hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < (long)lo ||
	    v > (long)hi) {
		fprintf(stderr, "%s: %s wants a number from %u to %u, not '%s'\n",
		    progname, opt, lo, hi, s);
		exit(EXIT_ERROR);
	}
	return (unsigned)v;
}

/* ---- text ------------------------------------------------------------- */

static void
print_list(FILE *fp, const char *what, const struct fo_strlist *l)
{
	size_t i;

	if (l->n == 0)
		return;
	fprintf(fp, "%s", what);
	for (i = 0; i < l->n; i++)
		fprintf(fp, "%s%s", i ? ", " : "", l->v[i]);
	fputc('\n', fp);
}

static void
print_snippet(FILE *fp, const struct fo_snippet *sn, int bold)
{
	size_t at = 0, i;

	for (i = 0; i < sn->nspans; i++) {
		fwrite(sn->text + at, 1, sn->spans[i].start - at, fp);
		if (bold)
			fputs("\033[1m", fp);
		fwrite(sn->text + sn->spans[i].start, 1,
		    sn->spans[i].end - sn->spans[i].start, fp);
		if (bold)
			fputs("\033[0m", fp);
		at = sn->spans[i].end;
	}
	fputs(sn->text + at, fp);
}

static void
print_text(FILE *fp, const struct fo_search_result *r, int explain, int bold)
{
	size_t i;

	if (explain) {
		fputs("explain:\n", fp);
		print_list(fp, "  analysed: ", &r->segments);
		print_list(fp, "  folded: ", &r->folds);
		print_list(fp, "  stopwords left out: ", &r->dropped);
		fprintf(fp, "  fell back to any word: %s\n",
		    r->fallback ? "yes" : "no");
		fprintf(fp, "  query: %s\n", r->tree != NULL ? r->tree : "");
	}
	for (i = 0; i < r->missing.n; i++)
		fprintf(fp, "partial result: shard %s is missing\n",
		    r->missing.v[i]);
	if (r->pinyin != NULL)
		fprintf(fp, "pinyin %s\n", r->pinyin);
	print_list(fp, "also searched: ", &r->also);
	for (i = 0; i < r->loose.n; i++)
		fprintf(fp, "no exact match for %s; showing pages with all of "
		    "its words\n", r->loose.v[i]);
	if (r->fallback)
		fputs("no page has all the words; showing pages with any of "
		    "them\n", fp);
	if (r->total == 0) {
		fputs("no results for ", fp);
		put_safe(fp, r->query);
		fputc('\n', fp);
		print_list(fp, "did you mean: ", &r->suggestions);
		return;
	}
	for (i = 0; i < r->nhits; i++) {
		const struct fo_search_hit *h = &r->hits[i];

		fprintf(fp, "%s", i > 0 ? "\n" : "");
		if (h->kind == FO_KIND_CLAUSE)
			fprintf(fp, "%s", h->label);
		else
			fprintf(fp, "[%s] %s", fo_kind_name(h->kind),
			    h->label != NULL ? h->label : h->title);
		/* the tiers past the pages with every word say so */
		if (h->match == FO_MATCH_REF)
			fputs("  (as named)", fp);
		else if (h->match == FO_MATCH_PARTIAL)
			fputs("  (some of the words)", fp);
		else if (h->match == FO_MATCH_RELATED)
			fprintf(fp, "  (cites %s)", h->via != NULL ? h->via : "");
		fputc('\n', fp);
		if (h->kind == FO_KIND_CLAUSE && h->section_label != NULL)
			fprintf(fp, "  %s\n", h->section_label);
		if (h->snippet.text != NULL && *h->snippet.text != '\0') {
			fputs("  ", fp);
			print_snippet(fp, &h->snippet, bold);
			fputc('\n', fp);
		}
		fprintf(fp, "  %s\n", h->url);
	}
	if (r->total > r->nhits)
		fprintf(fp, "\n%zu of %u results (--limit, --offset for more)\n",
		    r->nhits, r->total);
}

/* --segment: each line of stdin as fo_segment_line() cuts it. */
static int
segment(const char *db, int dbgiven)
{
	struct fo_search *s = NULL;
	struct fo_analyzer *an = NULL, *own = NULL;
	struct fo_buf out = FO_BUF_INIT;
	char *line = NULL, *err = NULL;
	size_t cap = 0;
	ssize_t n;
	enum fo_status st;

	char *lex = find_lexicon(db, NULL);

	if ((st = fo_search_open(db, lex, &s, &err)) == FO_OK)
		an = fo_search_analyzer(s);
	else {
		if (dbgiven)
			die("%s", err);
		fprintf(stderr, "%s: %s; segmenting without the project "
		    "vocabulary\n", progname, err);
		free(err);
		err = NULL;
		if ((st = fo_analyzer_open(lex, &own, &err)) != FO_OK)
			die("%s", err != NULL ? err : fo_strerror(st));
		an = own;
	}
	free(lex);
	while ((n = getline(&line, &cap, stdin)) != -1) {
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		fo_buf_reset(&out);
		if ((st = fo_segment_line(an, line, (size_t)n, &out)) != FO_OK)
			die("line is not valid UTF-8: %s", line);
		puts(out.data);
	}
	free(line);
	fo_buf_release(&out);
	fo_search_close(s);
	fo_analyzer_free(own);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: %s", strerror(errno));
	return EXIT_HITS;
}

/* --check-lexicon: the lexicon a search at 'db' would read, checked
 * whole (its checksum: a search's start checks only its size and
 * structure, analyze.h). */
static int
check_lexicon(const char *db)
{
	struct fo_buf looked = FO_BUF_INIT;
	struct fo_analyzer *an = NULL;
	char *err = NULL, *lex = find_lexicon(db, &looked);
	enum fo_status st;

	if ((st = fo_analyzer_open(lex, &an, &err)) == FO_OK)
		st = fo_analyzer_check_lexicon(an, &err);
	fo_analyzer_free(an);
	if (st == FO_ENOTFOUND)
		die("%s (looked for the lexicon in: %s)", err != NULL ? err :
		    fo_strerror(st), looked.data);
	if (st != FO_OK)
		die("%s", err != NULL ? err : fo_strerror(st));
	printf("lexicon %s: checksum ok\n", lex);
	free(lex);
	fo_buf_release(&looked);
	return EXIT_HITS;
}

static int
cmp_arg(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "explain",	no_argument,		NULL, 'x' },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "offset",	required_argument,	NULL, 'o' },
		{ "kind",	required_argument,	NULL, 'k' },
		{ "section",	required_argument,	NULL, 's' },
		{ "db",		required_argument,	NULL, 'd' },
		{ "segment",	no_argument,		NULL, 'S' },
		{ "check-lexicon", no_argument,		NULL, 'L' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "all",	no_argument,		NULL, 'a' },
		{ "allow-partial", no_argument,		NULL, 'P' },
		{ "timeout",	required_argument,	NULL, 'T' },
		{ NULL,		0,			NULL, 0 }
	};
	char **args = NULL, **words = NULL;
	size_t nwords = 0;
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_xdb_opts xo = FO_XDB_OPTS_INIT;
	struct fo_search_result r;
	struct fo_search *s = NULL;
	struct fo_buf q = FO_BUF_INIT;
	const char *db = NULL, *nc;
	char *err = NULL;
	int c, json = 0, explain = 0, seg = 0, checklex = 0, bold, i;
	enum fo_status st;

	/* "-海外仓" is an excluded word, not options: an argument that is a
	   '-' and then a non-ASCII character goes to the query as it is
	   (getopt would take its bytes for options) */
	args = fo_xcalloc((size_t)argc + 1, sizeof *args);
	words = fo_xcalloc((size_t)argc + 1, sizeof *words);
	for (i = 0, c = 0; i < argc; i++) {
		if (i > 0 && argv[i][0] == '-' && (unsigned char)argv[i][1] >= 0x80)
			words[nwords++] = argv[i];
		else
			args[c++] = argv[i];
	}
	argv = args;
	argc = c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': json = o.facets = 1; break;
		case 'x': explain = 1; break;
		case 'a': o.all = 1; break;
		case 'n': o.limit = parse_uint("--limit", optarg, 1, 1000); break;
		case 'o': o.offset = parse_uint("--offset", optarg, 0, 100000);
			break;
		case 'k':
			if ((o.kind = fo_search_kind(optarg)) < 0)
				die("unknown kind '%s': use clause, section, "
				    "annotation, glossary or preamble", optarg);
			break;
		case 's': o.section = (int)parse_uint("--section", optarg, 1,
		    FO_NSECTIONS); break;
		case 'd': db = optarg; break;
		case 'P': xo.allow_partial = 1; break;
		case 'T': xo.timeout_ms = parse_uint("--timeout", optarg, 1,
		    3600000); break;
		case 'S': seg = 1; break;
		case 'L': checklex = 1; break;
		case 'h': usage(stdout); return EXIT_HITS;
		case 'V':
			printf("%s %s\n", progname, fo_version());
			return EXIT_HITS;
		case ':':
		case '?':
			if (optopt != 0 && strchr("n", optopt) != NULL)
				bad_usage("option needs a value:", argv[optind - 1]);
			bad_usage("unknown option (put -- before a query that "
			    "starts with '-')", argv[optind - 1]);
			break;
		default:
			bad_usage("unknown option", argv[optind - 1]);
		}
	}
	if (checklex) {
		if (optind < argc)
			die("--check-lexicon takes no query (%s)", argv[optind]);
		return check_lexicon(db != NULL ? db : default_db());
	}
	if (seg) {
		if (optind < argc)
			die("--segment reads lines from standard input, not "
			    "arguments (%s)", argv[optind]);
		return segment(db != NULL ? db : default_db(), db != NULL);
	}
	for (i = optind; i < argc; i++)
		words[nwords++] = argv[i];
	if (nwords == 0)
		die("no query: give words to search for, e.g. "
		    "fiveout-search 跨境电商 (see --help)");
	/* the words in the order they were given (arguments are laid out in
	   order in memory: their addresses sort as they came) */
	qsort(words, nwords, sizeof *words, cmp_arg);
	for (i = 0; i < (int)nwords; i++) {
		if (i > 0)
			fo_buf_putc(&q, ' ');
		fo_buf_puts(&q, words[i]);
		if (q.len > 4 * 1024)
			break;	/* fo_search_run() reports the limit */
	}
	if (db == NULL)
		db = default_db();
	s = open_search(db, &xo);
	if ((st = fo_search_run(s, q.data, &o, &r, &err)) != FO_OK) {
		fo_search_close(s);
		die("%s", err != NULL ? err : fo_strerror(st));
	}
	nc = getenv("NO_COLOR");
	bold = !json && isatty(STDOUT_FILENO) && (nc == NULL || *nc == '\0');
	if (json) {
		struct fo_buf jb = FO_BUF_INIT;

		fo_search_result_json(&r, explain, &jb);
		fwrite(jb.data, 1, jb.len, stdout);
		fo_buf_release(&jb);
	} else

		print_text(stdout, &r, explain, bold);
	c = r.total > 0 ? EXIT_HITS : EXIT_NOHITS;
	fo_search_result_release(&r);
	fo_search_close(s);
	fo_buf_release(&q);
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error: %s", strerror(errno));
	return c;
}
