/* tests/test_relevance.c -- ranking quality on tests/relevance/queries.txt:
 * nDCG@5 and MRR per category and overall against the built index
 * ($FO_BUILD/index, default build/index; skipped when there is none --
 * tests/e2e/relevance.sh runs it after `make`). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "search.h"
#include "testutil.h"

/* the suite it was tuned on, and readers' queries graded apart from it
 * (clause references, a topic plus a word, questions) */
static const char *const files[] = { "tests/relevance/queries.txt",
    "tests/relevance/readers.txt" };
#define K		5
/* Floors: the build fails below them. */
#define FLOOR_NDCG	0.95
#define FLOOR_MRR	0.95
#define FLOOR_CAT	0.90	/* every category, Traditional and synonyms too */

struct cat {
	char	 name[32];
	double	 ndcg, mrr;
	int	 n;
};

static int
relevant(const char *ids, const char *id)
{
	size_t n = strlen(id);
	const char *p = ids;

	while ((p = strstr(p, id)) != NULL) {
		if ((p == ids || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

static int
count_ids(const char *ids)
{
	int n = 0;
	const char *p = ids;

	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		n++;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

static void
test_relevance__ndcg_and_mrr(void **state)
{
	const char *b = getenv("FO_BUILD");
	char db[4096], *line = NULL, *err = NULL;
	struct fo_search *s = NULL;
	struct cat cats[16];
	size_t cap = 0, ncat = 0, i;
	double ndcg = 0, mrr = 0;
	int nq = 0;
	struct stat sb;
	FILE *fp;

	(void)state;
	snprintf(db, sizeof db, "%s/index", b != NULL && *b ? b : "build");
	if (stat(db, &sb) != 0) {
		fprintf(stderr, "relevance: no index at %s (run `make`); skipped\n",
		    db);
		skip();
	}
	if (fo_search_open(db, test_lexicon(), &s, &err) != FO_OK)
		fail_msg("open %s: %s", db, err);
	memset(cats, 0, sizeof cats);
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
	const char *QUERIES = files[f];

	fp = fopen(QUERIES, "r");
	assert_non_null(fp);
	while (getline(&line, &cap, fp) != -1) {
		struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
		struct fo_search_result r;
		char *cat, *q = NULL, *ids = NULL, *nl;
		double dcg = 0, idcg = 0, rr = 0;
		int nrel, j;

		if ((nl = strchr(line, '\n')) != NULL)
			*nl = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		cat = line;
		if ((q = strchr(cat, '\t')) == NULL ||
		    (ids = strchr(q + 1, '\t')) == NULL) {
			fail_msg("bad line in %s: %s", QUERIES, line);
			return;
		}
		*q++ = '\0';
		*ids++ = '\0';
		o.limit = 10;
		if (fo_search_run(s, q, &o, &r, &err) != FO_OK)
			fail_msg("query '%s': %s", q, err);
		nrel = count_ids(ids);
		for (j = 0; j < (int)r.nhits; j++) {
			int rel = relevant(ids, r.hits[j].id);

			if (rel && j < K)
				dcg += 1.0 / log2(j + 2.0);
			if (rel && rr == 0)
				rr = 1.0 / (j + 1);
		}
		for (j = 0; j < nrel && j < K; j++)
			idcg += 1.0 / log2(j + 2.0);
		if (idcg > 0)
			dcg /= idcg;
		if (dcg < 0.999) {
			printf("  %-12s %-28s nDCG@5 %.3f RR %.2f  got:", cat, q,
			    dcg, rr);
			for (j = 0; j < (int)r.nhits && j < K; j++)
				printf(" %s", r.hits[j].id);
			printf("  want: %s\n", ids);
		}
		fo_search_result_release(&r);
		for (i = 0; i < ncat; i++)
			if (strcmp(cats[i].name, cat) == 0)
				break;
		if (i == ncat) {
			assert_true(ncat < sizeof cats / sizeof cats[0]);
			snprintf(cats[ncat++].name, sizeof cats[0].name, "%s", cat);
		}
		cats[i].ndcg += dcg;
		cats[i].mrr += rr;
		cats[i].n++;
		ndcg += dcg;
		mrr += rr;
		nq++;
	}
	fclose(fp);
	}
	free(line);
	fo_search_close(s);
	assert_true(nq >= 150);
	printf("  %-12s %3s  %7s  %5s\n", "category", "n", "nDCG@5", "MRR");
	for (i = 0; i < ncat; i++)
		printf("  %-12s %3d  %7.3f  %5.3f\n", cats[i].name, cats[i].n,
		    cats[i].ndcg / cats[i].n, cats[i].mrr / cats[i].n);
	printf("  %-12s %3d  %7.3f  %5.3f\n", "overall", nq, ndcg / nq, mrr / nq);
	for (i = 0; i < ncat; i++)
		if (cats[i].ndcg / cats[i].n < FLOOR_CAT)
			fail_msg("category %s: nDCG@5 %.3f below %.2f", cats[i].name,
			    cats[i].ndcg / cats[i].n, FLOOR_CAT);
	if (ndcg / nq < FLOOR_NDCG)
		fail_msg("nDCG@5 %.3f below %.2f", ndcg / nq, FLOOR_NDCG);
	if (mrr / nq < FLOOR_MRR)
		fail_msg("MRR %.3f below %.2f", mrr / nq, FLOOR_MRR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relevance__ndcg_and_mrr),
	};

	return cmocka_run_group_tests_name("relevance", tests, NULL, NULL);
}
