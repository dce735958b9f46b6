/* indexer/main.c -- fiveout-index: check the content tree, compile the
 * lexicon, build the search index.  The only file here that prints or
 * exits; everything else is libfiveout. */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "content.h"
#include "fs.h"
#include "index.h"
#include "newfile.h"
#include "status.h"

#define EXIT_LINT	1	/* the content has errors */
#define EXIT_FAIL	2	/* usage, I/O, index or lexicon failure */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: fiveout-index [-q] [--db DIR] [--shards N] [CONTENT]\n"
	    "       fiveout-index --check [--format text|github] [CONTENT]\n"
	    "       fiveout-index --verify [--db DIR]\n"
	    "       fiveout-index --new annotation|term SLUG [CLAUSE ...] [--content DIR]\n"
	    "       fiveout-index --compile-lexicon DICT.txt OUT.bin [KEYS.txt]\n");
	exit(EXIT_FAIL);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Load and print diagnostics; returns the tree or exits. */
static struct fo_content *
load(const char *root)
{
	struct fo_content *c;
	enum fo_status st;

	st = fo_content_load(root, &c);
	if (st != FO_OK)
		errx(EXIT_FAIL, "%s: %s", root, fo_strerror(st));
	fo_diags_print(&c->diags, stderr);
	return c;
}

/* 's' with GitHub's workflow-command escapes: % CR LF, and in a
 * property (prop) also : and , */
static void
gh_put(FILE *fp, const char *s, int prop)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", fp);
		else if (*s == '\r')
			fputs("%0D", fp);
		else if (*s == '\n')
			fputs("%0A", fp);
		else if (prop && *s == ':')
			fputs("%3A", fp);
		else if (prop && *s == ',')
			fputs("%2C", fp);
		else
			fputc(*s, fp);
	}
}

/* --format github: each diagnostic as a workflow command, so a pull
 * request shows it on the line it concerns. */
static void
print_github(const struct fo_content *c, FILE *fp)
{
	size_t i;

	for (i = 0; i < c->diags.n; i++) {
		const struct fo_diag *d = &c->diags.v[i];

		fputs(d->sev == FO_SEV_ERROR ? "::error file=" : "::warning file=",
		    fp);
		gh_put(fp, d->path, 1);
		if (d->line > 0)
			fprintf(fp, ",line=%d", d->line);
		if (d->line > 0 && d->col > 0)
			fprintf(fp, ",col=%d", d->col);
		fputs(",title=fiveout lint::", fp);
		gh_put(fp, d->msg, 0);
		fputc('\n', fp);
	}
}

static int
do_check(const char *root, int github)
{
	struct fo_content *c;
	int rc;

	if (github) {
		enum fo_status st = fo_content_load(root, &c);

		if (st != FO_OK)
			errx(EXIT_FAIL, "%s: %s", root, fo_strerror(st));
		print_github(c, stdout);
	} else
		c = load(root);
	rc = c->diags.nerrors ? EXIT_LINT : 0;

	fprintf(stderr, "%s: %zu pages, %zu error%s, %zu warning%s\n", root,
	    c->npages, c->diags.nerrors, c->diags.nerrors == 1 ? "" : "s",
	    c->diags.nwarnings, c->diags.nwarnings == 1 ? "" : "s");
	fo_content_free(c);
	return rc;
}

static int
do_compile(const char *dict, const char *out, const char *keys)
{
	char *msg = NULL;
	enum fo_status st;

	st = fo_lexicon_compile_keys(dict, keys, out, &msg);
	if (st != FO_OK)
		errx(EXIT_FAIL, "%s", msg ? msg : fo_strerror(st));
	return 0;
}

/* The lexicon: FIVEOUT_LEXICON, else beside the index, the program,
 * installed (fo_lexicon_find()).  Caller frees. */
static char *
find_lexicon(const char *db)
{
	char *dir = fo_program_dir();
	char *lex = fo_lexicon_find(getenv("FIVEOUT_LEXICON"), db, dir, NULL);

	free(dir);
	return lex;
}

/* --verify's second part: the lexicon a build would use, checked whole
 * (its checksum; a search checks only its structure). */
static void
verify_lexicon(const char *db)
{
	struct fo_analyzer *an;
	enum fo_status st;
	char *msg = NULL, *lex = find_lexicon(db);

	if ((st = fo_analyzer_open(lex, &an, &msg)) == FO_OK)
		st = fo_analyzer_check_lexicon(an, &msg);
	fo_analyzer_free(an);
	if (st != FO_OK)
		errx(EXIT_FAIL, "%s", msg ? msg : fo_strerror(st));
	printf("lexicon %s: checksum ok\n", lex);
	free(lex);
}

static int
do_build(const char *root, const char *db, unsigned nshards, int quiet)
{
	struct fo_index_stats stats = { 0, 0, 0, 0 };
	struct fo_index_opts o = FO_INDEX_OPTS_INIT;
	struct fo_content *c;
	struct fo_analyzer *an;
	enum fo_status st;
	const char *env;
	char *msg = NULL, *lex;
	double t0 = now_ms();

	c = load(root);
	if (c->diags.nerrors) {
		fo_content_free(c);
		errx(EXIT_LINT, "%s: content has errors; the index at %s "
		    "was left as it was", root, db);
	}
	lex = find_lexicon(db);
	st = fo_analyzer_open(lex, &an, &msg);
	free(lex);
	if (st != FO_OK) {
		fo_content_free(c);
		errx(EXIT_FAIL, "%s", msg ? msg : fo_strerror(st));
	}
	/* FIVEOUT_THREADS=1: analyse in the building thread only */
	env = getenv("FIVEOUT_THREADS");
	o.shards = nshards;
	o.threads = env != NULL && atoi(env) == 1 ? 1 : 0;
	st = fo_index_build_opts(c, an, db, &o, &stats, &msg);
	fo_analyzer_free(an);
	fo_content_free(c);
	if (st != FO_OK)
		errx(EXIT_FAIL, "%s: %s; the previous index was left as it "
		    "was", db, msg ? msg : fo_strerror(st));
	if (!quiet)
		fprintf(stderr, "fiveout-index: %s: %u added, %u replaced, "
		    "%u deleted, %u unchanged in %.0f ms\n", db, stats.added,
		    stats.replaced, stats.deleted, stats.unchanged,
		    now_ms() - t0);
	return 0;
}

/* --new annotation|term SLUG [CLAUSE ...] [--content DIR] */
static int
do_new(int argc, char *argv[])
{
	const char *root = "content";
	int clauses[FO_NCLAUSES], n = 0, i;
	enum fo_newkind kind;
	enum fo_status st;
	char *path = NULL, *msg = NULL, *end;
	long v;

	if (argc < 2)
		usage();
	if (strcmp(argv[0], "annotation") == 0)
		kind = FO_NEW_ANNOTATION;
	else if (strcmp(argv[0], "term") == 0 ||
	    strcmp(argv[0], "glossary") == 0)
		kind = FO_NEW_GLOSSARY;
	else
		errx(EXIT_FAIL, "--new takes 'annotation' or 'term', not '%s'",
		    argv[0]);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--content") == 0 && i + 1 < argc) {
			root = argv[++i];
			continue;
		}
		v = strtol(argv[i], &end, 10);
		if (*argv[i] == '\0' || *end != '\0' || v < 1 ||
		    v > FO_NCLAUSES)
			errx(EXIT_FAIL, "clause '%s' does not exist: the opinion "
			    "has clauses 1-24", argv[i]);
		if (n == FO_NCLAUSES)
			errx(EXIT_FAIL, "too many clauses");
		clauses[n++] = (int)v;
	}
	st = fo_newfile(root, kind, argv[1], clauses, n, &path, &msg);
	if (st != FO_OK)
		errx(EXIT_FAIL, "%s", msg ? msg : fo_strerror(st));
	printf("%s\n", path);
	fprintf(stderr, "created %s: fill in the fields marked 请填写, then "
	    "run `make lint` and `make serve`\n", path);
	free(path);
	return 0;
}

int
main(int argc, char *argv[])
{
	const char *db = "build/index", *root = "content";
	int check = 0, quiet = 0, github = 0, verify = 0, i;
	unsigned nshards = 0;	/* 0: fo_index_build_opts() decides */

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--check") == 0)
			check = 1;
		else if (strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (strcmp(argv[i], "--verify") == 0)
			verify = 1;
		else if (strcmp(argv[i], "--version") == 0) {
			printf("fiveout-index %s\n", fo_version());
			return 0;
		}
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
			if (strcmp(argv[++i], "github") == 0)
				github = 1;
			else if (strcmp(argv[i], "text") != 0)
				errx(EXIT_FAIL, "--format takes 'text' or 'github', "
				    "not '%s'", argv[i]);
		}
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--shards") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);

			if (*argv[i] == '\0' || *end != '\0' || v < 1 ||
			    v > FO_INDEX_SHARDS_MAX)
				errx(EXIT_FAIL, "--shards takes a number from 1 "
				    "to %d, not '%s'", FO_INDEX_SHARDS_MAX,
				    argv[i]);
			nshards = (unsigned)v;
		} else if (strcmp(argv[i], "--new") == 0)
			return do_new(argc - i - 1, argv + i + 1);
		else if (strcmp(argv[i], "--compile-lexicon") == 0) {
			if (argc - i != 3 && argc - i != 4)
				usage();
			return do_compile(argv[i + 1], argv[i + 2],
			    argc - i == 4 ? argv[i + 3] : NULL);
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else
			usage();
	}
	if (verify) {
		struct fo_buf rep = FO_BUF_INIT;
		char *msg = NULL;
		enum fo_status st;

		if (i != argc)
			usage();
		if ((st = fo_index_verify(db, &rep, &msg)) != FO_OK)
			errx(EXIT_FAIL, "%s", msg != NULL ? msg : fo_strerror(st));
		printf("%s\n", rep.data);
		fo_buf_release(&rep);
		verify_lexicon(db);
		return 0;
	}
	if (i < argc)
		root = argv[i++];
	if (i != argc)
		usage();
	return check ? do_check(root, github) : do_build(root, db, nshards, quiet);
}
