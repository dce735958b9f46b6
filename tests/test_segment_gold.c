/* tests/test_segment_gold.c -- word segmentation quality against the
 * hand-segmented gold standard tests/gold/segment.txt (50 sentences of
 * the opinion, PKU style, glossary terms whole).  Word F1 is span based:
 * a predicted word counts when a gold word has the same byte span.
 * Lexicon: $FIVEOUT_LEXICON if set, else jieba's dict.txt compiled into
 * a mkdtemp(3) directory.  Vocabulary: the term: and aliases: lines of
 * the glossary pages content/glossary/NAME.md (or a fallback list of core terms).
 * Run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyze.h"
#include "buf.h"
#include "status.h"
#include "testutil.h"

#define GOLD		"tests/gold/segment.txt"
#define GLOSSARY	"content/glossary"
#define JIEBA_DICT	"/usr/lib/python3/dist-packages/jieba/dict.txt"

static char tmpdir[] = "/tmp/fo-test-seg-XXXXXX";
static int have_tmp;
static char lexpath[512];

static const char *const core_terms[] = {
	"跨境电商", "跨境电子商务", "服务外包", "海外仓", "离岸贸易",
	"负面清单", "外商投资准入负面清单", "五外联动", "粤港澳大湾区",
	"市场采购贸易", "保税维修", "自贸试验区", "一带一路", "专精特新",
	"单一窗口", "中欧班列", "走出去", "制度型开放", "绿地投资",
	"主权财富基金", "隐形冠军", "免申即享", "两国双园", "链主招商",
	"境外经贸合作区", "跨境电商综合试验区", "数字服务出口基地",
	"出口信用保险", "广交会",
};

static int
setup(void **state)
{
	const char *env = getenv("FIVEOUT_LEXICON");
	char *err = NULL;

	(void)state;
	if (env != NULL && *env != '\0' && access(env, R_OK) == 0) {
		snprintf(lexpath, sizeof lexpath, "%s", env);
		return 0;
	}
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	have_tmp = 1;
	snprintf(lexpath, sizeof lexpath, "%s/lexicon.bin", tmpdir);
	if (fo_lexicon_compile(JIEBA_DICT, lexpath, &err) != FO_OK) {
		fprintf(stderr, "compile %s: %s\n", JIEBA_DICT, err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	if (!have_tmp)
		return 0;
	return rm_rf(tmpdir) == 0 ? 0 : -1;
}

static void
trim(char **s, char **e)
{
	while (*s < *e && (**s == ' ' || **s == '"' || **s == '\''))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '"' ||
	    (*e)[-1] == '\'' || (*e)[-1] == '\n' || (*e)[-1] == '\r'))
		(*e)--;
}

static void
add(struct fo_analyzer *an, char *s, char *e, size_t *n)
{
	char c;

	trim(&s, &e);
	if (s == e)
		return;
	c = *e;
	*e = '\0';
	if (fo_analyzer_add_word(an, s) == FO_OK)
		(*n)++;
	*e = c;
}

/* Add the glossary's terms and aliases; returns how many. */
static size_t
add_glossary(struct fo_analyzer *an)
{
	DIR *d = opendir(GLOSSARY);
	struct dirent *de;
	size_t n = 0;
	char line[4096];

	if (d == NULL) {
		for (size_t i = 0; i < sizeof core_terms / sizeof *core_terms; i++)
			if (fo_analyzer_add_word(an, core_terms[i]) == FO_OK)
				n++;
		return n;
	}
	while ((de = readdir(d)) != NULL) {
		char path[1024];
		size_t l = strlen(de->d_name);
		FILE *fp;

		if (l < 4 || strcmp(de->d_name + l - 3, ".md") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", GLOSSARY, de->d_name);
		if ((fp = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof line, fp) != NULL) {
			char *s, *e = line + strlen(line);

			if (strncmp(line, "term:", 5) == 0)
				add(an, line + 5, e, &n);
			else if (strncmp(line, "aliases:", 8) == 0 &&
			    (s = strchr(line, '[')) != NULL &&
			    (e = strchr(s, ']')) != NULL) {
				char *p = s + 1, *q;

				while ((q = memchr(p, ',', (size_t)(e - p))) != NULL) {
					add(an, p, q, &n);
					p = q + 1;
				}
				add(an, p, e, &n);
			}
		}
		fclose(fp);
	}
	closedir(d);
	return n;
}

/* Append the [start, end) byte spans of the space-separated words of
 * 's' to 'v' (2 entries per word); returns the word count. */
static size_t
spans(const char *s, size_t **v)
{
	size_t n = 0, pos = 0, cap = 0;

	*v = NULL;
	while (*s != '\0') {
		size_t l;

		while (*s == ' ')
			s++;
		l = strcspn(s, " \n");
		if (l == 0)
			break;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*v = fo_xreallocarray(*v, 2 * cap, sizeof **v);
		}
		(*v)[2 * n] = pos;
		(*v)[2 * n + 1] = pos + l;
		pos += l;
		n++;
		s += l;
	}
	return n;
}

/* Word F1 of the analyzer on the gold file. */
static double
gold_f1(struct fo_analyzer *an, size_t *nsent, int verbose)
{
	FILE *fp = fopen(GOLD, "r");
	char line[8192];
	size_t tp = 0, npred = 0, ngold = 0;
	double p, r;

	assert_non_null(fp);
	*nsent = 0;
	while (fgets(line, sizeof line, fp) != NULL) {
		struct fo_buf raw = FO_BUF_INIT, out = FO_BUF_INIT;
		size_t *g, *q, ng, nq, i, j;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		for (char *c = line; *c != '\0' && *c != '\n'; c++)
			if (*c != ' ')
				fo_buf_putc(&raw, *c);
		assert_int_equal(fo_segment_line(an, raw.data, raw.len, &out),
		    FO_OK);
		ng = spans(line, &g);
		nq = spans(out.data, &q);
		/* both lists are sorted: count equal spans */
		for (i = j = 0; i < ng && j < nq; ) {
			if (g[2 * i] == q[2 * j] && g[2 * i + 1] == q[2 * j + 1]) {
				tp++;
				i++;
				j++;
			} else if (g[2 * i] < q[2 * j] || (g[2 * i] == q[2 * j] &&
			    g[2 * i + 1] < q[2 * j + 1]))
				i++;
			else
				j++;
		}
		if (verbose && (ng != nq || tp < ngold + ng))
			printf("  gold: %s  ours: %s\n", line, out.data);
		ngold += ng;
		npred += nq;
		(*nsent)++;
		free(g);
		free(q);
		fo_buf_release(&raw);
		fo_buf_release(&out);
	}
	fclose(fp);
	p = npred ? (double)tp / (double)npred : 0;
	r = ngold ? (double)tp / (double)ngold : 0;
	return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static void
test_segment_gold__f1_with_glossary(void **state)
{
	struct fo_analyzer *an = NULL;
	char *err = NULL;
	size_t nsent, nvocab;
	double f1;

	(void)state;
	assert_int_equal(fo_analyzer_open(lexpath, &an, &err), FO_OK);
	nvocab = add_glossary(an);
	f1 = gold_f1(an, &nsent, getenv("FO_SEG_VERBOSE") != NULL);
	printf("segment gold: %zu sentences, %zu vocabulary words, "
	    "word F1 %.4f\n", nsent, nvocab, f1);
	assert_int_equal(nsent, 50);
	assert_true(nvocab >= 20);
	assert_true(f1 >= 0.90);
	fo_analyzer_free(an);
}

static void
test_segment_gold__f1_without_vocabulary(void **state)
{
	struct fo_analyzer *an = NULL;
	char *err = NULL;
	size_t nsent;
	double f1;

	(void)state;
	assert_int_equal(fo_analyzer_open(lexpath, &an, &err), FO_OK);
	f1 = gold_f1(an, &nsent, 0);
	printf("segment gold: no vocabulary, word F1 %.4f\n", f1);
	/* the glossary terms cost points here; the floor guards the
	 * dictionary route itself (jieba scores 0.80 on this set) */
	assert_true(f1 >= 0.85);
	fo_analyzer_free(an);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segment_gold__f1_with_glossary),
		cmocka_unit_test(test_segment_gold__f1_without_vocabulary),
	};

	return cmocka_run_group_tests_name("segment_gold", tests, setup,
	    teardown);
}
