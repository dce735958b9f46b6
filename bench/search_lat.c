/* bench/search_lat.c -- in-process search latency for make bench.
 *
 *   search_lat DBDIR QUERIES.txt
 *
 * Opens the index once (fo_search_open), then runs every line of
 * QUERIES.txt through fo_search_run() with the defaults fiveout-search
 * uses (10 hits, with snippets), timing each call from the query string to
 * the finished result (parse, compile, match, rerank, snippets).  Prints
 * one JSON line: {"latencies_ms": [...], "hits": N, "open_ms": X}.
 * Built by bench/bench.py against the project's libfiveout.a; not part of
 * the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyze.h"
#include "search.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct fo_search *s = NULL;
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_search_result r;
	char *line = NULL, *err = NULL, *lex;
	enum fo_status st;
	size_t cap = 0, hits = 0, nq = 0;
	ssize_t n;
	double t0, open_ms;
	FILE *fp;
	int first = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: search_lat DBDIR QUERIES.txt\n");
		return 2;
	}
	if ((fp = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 2;
	}
	t0 = now_ms();
	/* the lexicon: FIVEOUT_LEXICON, else beside the index (a main.c
	   reads the environment, the library does not) */
	lex = fo_lexicon_find(getenv("FIVEOUT_LEXICON"), argv[1], NULL, NULL);
	st = fo_search_open(argv[1], lex, &s, &err);
	free(lex);
	if (st != FO_OK) {
		fprintf(stderr, "search_lat: %s\n", err ? err : "cannot open");
		return 2;
	}
	open_ms = now_ms() - t0;
	printf("{\"latencies_ms\": [");
	while ((n = getline(&line, &cap, fp)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		t0 = now_ms();
		if (fo_search_run(s, line, &o, &r, &err) != FO_OK) {
			fprintf(stderr, "search_lat: %s: %s\n", line,
			    err ? err : "failed");
			free(err);
			err = NULL;
			continue;
		}
		printf("%s%.4f", first ? "" : ", ", now_ms() - t0);
		first = 0;
		hits += r.nhits;
		nq++;
		fo_search_result_release(&r);
	}
	printf("], \"hits\": %zu, \"queries\": %zu, \"open_ms\": %.3f}\n",
	    hits, nq, open_ms);
	free(line);
	fclose(fp);
	fo_search_close(s);
	return 0;
}
