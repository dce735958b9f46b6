/* tests/test_query.c -- the query language: parsing, errors, pinyin
 * rewriting and compiling to query trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"
#include "buf.h"
#include "content.h"
#include "query.h"
#include "vocab.h"
#include "testutil.h"

/* Parse 'q' and compare its description with 'want'. */
static void
parses_as(const char *q, const char *want)
{
	struct fo_qast *a = NULL;
	struct fo_buf b = FO_BUF_INIT;
	char *err = NULL;

	if (fo_query_parse(q, &a, &err) != FO_OK)
		fail_msg("parse of '%s' failed: %s", q, err ? err : "?");
	fo_qast_describe(a, &b);
	if (strcmp(b.data, want) != 0)
		fail_msg("'%s' parsed as '%s', want '%s'", q, b.data, want);
	fo_buf_release(&b);
	fo_qast_free(a);
}

/* Parse 'q', expect 'st' and an error mentioning 'needle' on one line. */
static void
fails_with(const char *q, enum fo_status st, const char *needle)
{
	struct fo_qast *a = (struct fo_qast *)1;
	char *err = NULL;
	enum fo_status got = fo_query_parse(q, &a, &err);

	if (got != st)
		fail_msg("'%s': status %d, want %d (%s)", q, got, st,
		    err ? err : "no message");
	assert_null(a);
	assert_non_null(err);
	if (strstr(err, needle) == NULL)
		fail_msg("'%s': message '%s' lacks '%s'", q, err, needle);
	assert_null(strchr(err, '\n'));
	free(err);
}

static void
test_query__words_are_soft_and(void **state)
{
	(void)state;
	parses_as("跨境电商", "跨境电商");
	parses_as("跨境电商 海外仓", "AND~(跨境电商 海外仓)");
	parses_as("  跨境电商\t海外仓  ", "AND~(跨境电商 海外仓)");
	/* the ideographic space separates words too */
	parses_as("跨境电商\xe3\x80\x80海外仓", "AND~(跨境电商 海外仓)");
	/* lower-case operators are words */
	parses_as("free and fair", "AND~(free and fair)");
}

static void
test_query__operators(void **state)
{
	(void)state;
	parses_as("a AND b", "AND(a b)");
	parses_as("a OR b", "OR(a b)");
	parses_as("a OR b c", "OR(a AND~(b c))");
	parses_as("a OR b OR c", "OR(a b c)");
	parses_as("a NOT b", "AND~(a -b)");
	parses_as("+a -b c", "AND~(+a -b c)");
	parses_as("(a OR b) c", "AND~(OR(a b) c)");
	parses_as("-(a b) c", "AND~(-AND~(a b) c)");
	parses_as("NOT a", "-a");
	/* a missing ')' at the very end is forgiven */
	parses_as("(a OR b", "OR(a b)");
	/* a lone '-' or '+' is not a modifier */
	parses_as("a - b", "AND~(a - b)");
}

static void
test_query__phrases(void **state)
{
	(void)state;
	parses_as("\"外贸 新业态\"", "\"外贸 新业态\"");
	/* Chinese quotation marks */
	parses_as("\xe2\x80\x9c跨境电商\xe2\x80\x9d 海外仓",
	    "AND~(\"跨境电商\" 海外仓)");
	parses_as("-\"a b\" c", "AND~(-\"a b\" c)");
	/* unterminated: to the end */
	parses_as("\"跨境电商", "\"跨境电商\"");
	/* an empty phrase is nothing */
	parses_as("\"\" a", "a");
}

static void
test_query__filters(void **state)
{
	(void)state;
	parses_as("kind:clause", "kind:clause");
	parses_as("Kind:CLAUSE 外贸", "AND~(kind:clause 外贸)");
	parses_as("section:02 clause:4", "AND~(section:2 clause:4)");
	parses_as("-kind:glossary 外贸", "AND~(-kind:glossary 外贸)");
	parses_as("kind:term", "kind:glossary");
	parses_as("tag:跨境电商", "tag:跨境电商");
	parses_as("tag:\"外贸 新业态\" x", "AND~(tag:外贸 新业态 x)");
	/* not filters: digits before the colon, or nothing */
	parses_as("10:30", "10:30");
	parses_as(":x", ":x");
}

static void
test_query__errors(void **state)
{
	char big[FO_QUERY_MAX_BYTES + 2];
	struct fo_buf many = FO_BUF_INIT;
	int i;

	(void)state;
	fails_with("", FO_EINVAL, "empty query");
	fails_with("   ", FO_EINVAL, "empty query");
	fails_with("()", FO_EINVAL, "empty query");
	fails_with("\xe8\xb7", FO_EINVAL, "UTF-8");
	fails_with("ab\xff", FO_EINVAL, "offset 2");
	fails_with("\xed\xa0\x80", FO_EINVAL, "UTF-8");	/* surrogate */
	fails_with("\xc0\xaf", FO_EINVAL, "UTF-8");		/* overlong */
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	fails_with(big, FO_ETOOBIG, "limit is 1024");
	for (i = 0; i <= FO_QUERY_MAX_WORDS; i++)
		fo_buf_puts(&many, "a ");
	fails_with(many.data, FO_ETOOBIG, "limit is 64");
	fo_buf_release(&many);
	fails_with("kind:foo", FO_EPARSE, "kind:clause");
	fails_with("section:9", FO_EPARSE, "1 to 7");
	fails_with("section:0", FO_EPARSE, "1 to 7");
	fails_with("section:two", FO_EPARSE, "1 to 7");
	fails_with("clause:25", FO_EPARSE, "1 to 24");
	fails_with("clause:", FO_EPARSE, "needs a value");
	fails_with("foo:bar", FO_EPARSE, "unknown filter 'foo:'");
	fails_with("a )", FO_EPARSE, "unmatched");
	fails_with("OR a", FO_EPARSE, "OR needs");
	fails_with("a OR", FO_EPARSE, "OR needs");
	fails_with("a AND", FO_EPARSE, "AND needs");
	fails_with("AND a", FO_EPARSE, "AND needs");
	fails_with("NOT", FO_EPARSE, "NOT needs");
}

/* ---- with an analyzer ---------------------------------------------- */

struct fx {
	struct fo_analyzer *an;
	struct fo_vocab *v;
	struct fo_content c;
	struct fo_page gl, cl;
};

static int
setup(void **state)
{
	static char *aliases[] = { "跨境电子商务" };
	struct fx *f = calloc(1, sizeof *f);
	char *err = NULL;

	if (fo_analyzer_open(test_lexicon(), &f->an, &err) != FO_OK) {
		fprintf(stderr, "no analyzer: %s\n", err ? err : "?");
		free(err);
		free(f);
		return -1;
	}
	f->gl.kind = FO_KIND_GLOSSARY;
	f->gl.title = "跨境电商";
	f->gl.aliases = aliases;
	f->gl.naliases = 1;
	f->cl.kind = FO_KIND_CLAUSE;
	f->cl.number = 4;
	f->cl.title = "发展外贸新业态";
	{
		static struct fo_page *gls[1];

		gls[0] = &f->gl;
		f->c.glossary = gls;
		f->c.nglossary = 1;
	}
	f->c.clauses[4] = &f->cl;
	if (fo_vocab_build(&f->c, f->an, &f->v) != FO_OK) {
		fo_analyzer_free(f->an);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	fo_vocab_free(f->v);
	fo_analyzer_free(f->an);
	free(f);
	return 0;
}

/* Compile 'q' and return its description; caller frees. */
static char *
compiled(struct fx *f, const char *q, int loose, struct fo_qexplain *ex)
{
	struct fo_qast *a = NULL;
	struct fo_qnode *n = NULL;
	struct fo_buf b = FO_BUF_INIT;

	assert_int_equal(fo_query_parse(q, &a, NULL), FO_OK);
	assert_int_equal(fo_query_compile(a, f->an, f->v, loose, ex, &n), FO_OK);
	fo_qnode_describe(n, &b);
	fo_qnode_free(n);
	fo_qast_free(a);
	return fo_buf_detach(&b, NULL);
}

static void
test_query__word_is_words_or_bigram_phrase(void **state)
{
	struct fx *f = *state;
	char *d = compiled(f, "海外仓", 0, NULL);

	/* contiguous lane: the bigram phrase; title boost: S terms */
	assert_non_null(strstr(d, "PHRASE(B海外, B外仓)"));
	assert_non_null(strstr(d, "S"));
	assert_non_null(strstr(d, "AND_MAYBE("));
	free(d);
}

static void
test_query__traditional_compiles_like_simplified(void **state)
{
	struct fx *f = *state;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	char *t = compiled(f, "跨境電商", 0, &ex);
	char *s = compiled(f, "跨境电商", 0, NULL);

	assert_string_equal(t, s);
	assert_int_equal(ex.folds.n, 1);
	assert_string_equal(ex.folds.v[0], "跨境電商 → 跨境电商");
	free(t);
	free(s);
	fo_qexplain_release(&ex);
}

static void
test_query__synonyms_expand(void **state)
{
	struct fx *f = *state;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	char *a = compiled(f, "跨境电子商务", 0, &ex);
	char *b = compiled(f, "跨境电商", 0, NULL);

	assert_int_equal(ex.also.n, 1);
	assert_string_equal(ex.also.v[0], "跨境电商");
	assert_non_null(strstr(a, "PHRASE(B跨境, B境电, B电商)"));
	assert_non_null(strstr(a, "PHRASE(B跨境, B境电, B电子, B子商, B商务)"));
	/* both members searched whichever one was typed */
	assert_non_null(strstr(b, "B商务"));
	/* but a quoted phrase is exact */
	free(a);
	a = compiled(f, "\"跨境电商\"", 0, NULL);
	assert_null(strstr(a, "B商务"));
	free(a);
	free(b);
	fo_qexplain_release(&ex);
}

static void
test_query__loose_turns_soft_and_into_or(void **state)
{
	struct fx *f = *state;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	char *strict = compiled(f, "rcep cptpp", 0, &ex);
	char *loose = compiled(f, "rcep cptpp", 1, NULL);
	char *hard = compiled(f, "rcep AND cptpp", 1, NULL);

	assert_true(ex.loosenable);
	assert_int_equal(strncmp(strict, "AND(", 4), 0);
	assert_int_equal(strncmp(loose, "OR(", 3), 0);
	/* an explicit AND stays AND */
	assert_int_equal(strncmp(hard, "AND(", 4), 0);
	free(strict);
	free(loose);
	free(hard);
	fo_qexplain_release(&ex);
}

static void
test_query__stopwords_dropped_not_alone(void **state)
{
	struct fx *f = *state;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	char *d = compiled(f, "的 rcep", 0, &ex);
	char *alone = compiled(f, "的", 0, NULL);

	assert_int_equal(ex.dropped.n, 1);
	assert_string_equal(ex.dropped.v[0], "的");
	assert_null(strstr(d, "的"));
	assert_non_null(strstr(alone, "的"));
	free(d);
	free(alone);
	fo_qexplain_release(&ex);
}

static void
test_query__filters_and_exclusions(void **state)
{
	struct fx *f = *state;
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	char *d = compiled(f, "rcep kind:clause kind:section section:2 -cptpp",
	    0, &ex);
	char *only = compiled(f, "kind:glossary", 0, NULL);

	assert_non_null(strstr(d, "FILTER("));
	assert_non_null(strstr(d, "OR(Kclause, Ksection)"));
	assert_non_null(strstr(d, "G2"));
	assert_non_null(strstr(d, "AND_NOT("));
	/* excluded words are not highlighted */
	assert_int_equal(ex.needles.n, 1);
	assert_string_equal(ex.needles.v[0], "rcep");
	assert_string_equal(only, "FILTER(ALL, Kglossary)");
	free(d);
	free(only);
	fo_qexplain_release(&ex);
}

/* Digits and Latin letters are part of the contiguous match: the word
 * lane pins them to their Han neighbours, and a lone Han character is
 * any gram starting with it. */
static void
test_query__digits_pinned_in_contiguous_lane(void **state)
{
	struct fx *f = *state;
	char *d = compiled(f, "8万亿元", 0, NULL);

	assert_non_null(strstr(d,
	    "2*(AND(PHRASE(B万亿, B亿元), PHRASE(8万亿, 元)))"));
	free(d);
	d = compiled(f, "\"1.2万亿元\"", 0, NULL);
	assert_non_null(strstr(d, "PHRASE(1.2万亿, 元)"));
	free(d);
	d = compiled(f, "rcep协定", 0, NULL);
	assert_non_null(strstr(d, "AND(B协定, PHRASE(rcep, 协定))"));
	free(d);
	/* 个 of 500个 is inside a longer run on the page (500个较大) */
	d = compiled(f, "\"500个\"", 0, NULL);
	assert_non_null(strstr(d, "AND(B个*, PHRASE(500, 个))"));
	free(d);
	/* all Han: the bigram phrase alone, no word phrase */
	d = compiled(f, "海外仓", 0, NULL);
	assert_null(strstr(d, "PHRASE(海外"));
	free(d);
	/* a gap (punctuation) is not pinned */
	d = compiled(f, "\"rcep，协定\"", 0, NULL);
	assert_null(strstr(d, "PHRASE(rcep"));
	free(d);
}

/* Filters apply to the whole query wherever they are written, as
 * Xapian's boolean prefixes do; inside an exclusion they stay local. */
static void
test_query__filters_apply_to_whole_query(void **state)
{
	struct fx *f = *state;
	char *d = compiled(f, "rcep OR cptpp kind:glossary", 0, NULL);
	char *e = compiled(f, "(rcep OR cptpp) kind:glossary", 0, NULL);

	/* one FILTER, at the top, over both words */
	assert_int_equal(strncmp(d, "FILTER(OR(", 10), 0);
	assert_non_null(strstr(d, "), Kglossary)"));
	assert_null(strstr(d + 1, "FILTER("));
	assert_string_equal(d, e);
	free(d);
	free(e);
	/* a filter alone in an OR does not widen the query to everything */
	d = compiled(f, "rcep OR kind:glossary", 0, NULL);
	assert_string_equal(d,
	    "FILTER(AND_MAYBE(rcep, 1.5*(Srcep)), Kglossary)");
	free(d);
	/* same field ORed, fields ANDed, exclusions at the top too */
	d = compiled(f, "rcep OR cptpp kind:clause section:2 OR kind:section "
	    "-tag:外贸", 0, NULL);
	assert_int_equal(strncmp(d, "AND_NOT(FILTER(", 15), 0);
	assert_non_null(strstr(d, "AND(OR(Kclause, Ksection), G2)), T外贸)"));
	free(d);
	/* inside an exclusion the filter narrows only what is excluded */
	d = compiled(f, "rcep NOT (cptpp kind:clause)", 0, NULL);
	assert_int_equal(strncmp(d, "AND_NOT(", 8), 0);
	assert_non_null(strstr(d, "FILTER(AND_MAYBE(cptpp, 1.5*(Scptpp)), "
	    "Kclause)"));
	free(d);
}

static void
test_query__punctuation_only_is_nothing(void **state)
{
	struct fx *f = *state;
	struct fo_qast *a = NULL;
	struct fo_qnode *n = (struct fo_qnode *)1;

	assert_int_equal(fo_query_parse("，！ ...", &a, NULL), FO_OK);
	assert_int_equal(fo_query_compile(a, f->an, f->v, 0, NULL, &n),
	    FO_EINVAL);
	assert_null(n);
	fo_qast_free(a);
}

static int
is_term(void *ctx, const char *w)
{
	(void)ctx;
	return strcmp(w, "rcep") == 0;
}

static void
pinyin_gives(struct fx *f, const char *q, const char *want, const char *interp)
{
	struct fo_qast *a = NULL;
	struct fo_buf b = FO_BUF_INIT, i = FO_BUF_INIT;

	assert_int_equal(fo_query_parse(q, &a, NULL), FO_OK);
	assert_int_equal(fo_query_pinyin(a, f->v, is_term, NULL, &i),
	    interp != NULL);
	fo_qast_describe(a, &b);
	if (strcmp(b.data, want) != 0)
		fail_msg("pinyin '%s' gave '%s', want '%s'", q, b.data, want);
	if (interp != NULL)
		assert_string_equal(i.data, interp);
	fo_buf_release(&b);
	fo_buf_release(&i);
	fo_qast_free(a);
}

static void
test_query__pinyin(void **state)
{
	struct fx *f = *state;

	pinyin_gives(f, "kuajing dianshang", "跨境电商",
	    "kuajing dianshang → 跨境电商");
	pinyin_gives(f, "KuaJingDianShang", "跨境电商",
	    "KuaJingDianShang → 跨境电商");
	pinyin_gives(f, "fazhan waimao xinyetai kind:clause",
	    "AND~(发展外贸新业态 kind:clause)",
	    "fazhan waimao xinyetai → 发展外贸新业态");
	/* word by word when the whole does not spell one */
	pinyin_gives(f, "kuajingdianshang rcep", "AND~(跨境电商 rcep)",
	    "kuajingdianshang → 跨境电商");
	/* real Latin terms stay words */
	pinyin_gives(f, "rcep", "rcep", NULL);
	pinyin_gives(f, "kuajing", "kuajing", NULL);
}

int
main(void)
{
	const struct CMUnitTest parse[] = {
		cmocka_unit_test(test_query__words_are_soft_and),
		cmocka_unit_test(test_query__operators),
		cmocka_unit_test(test_query__phrases),
		cmocka_unit_test(test_query__filters),
		cmocka_unit_test(test_query__errors),
	};
	const struct CMUnitTest compile[] = {
		cmocka_unit_test(test_query__word_is_words_or_bigram_phrase),
		cmocka_unit_test(test_query__traditional_compiles_like_simplified),
		cmocka_unit_test(test_query__synonyms_expand),
		cmocka_unit_test(test_query__loose_turns_soft_and_into_or),
		cmocka_unit_test(test_query__stopwords_dropped_not_alone),
		cmocka_unit_test(test_query__filters_and_exclusions),
		cmocka_unit_test(test_query__pinyin),
		cmocka_unit_test(test_query__punctuation_only_is_nothing),
		cmocka_unit_test(test_query__digits_pinned_in_contiguous_lane),
		cmocka_unit_test(test_query__filters_apply_to_whole_query),
	};
	int r;

	r = cmocka_run_group_tests_name("query", parse, NULL, NULL);
	r += cmocka_run_group_tests_name("query_compile", compile, setup,
	    teardown);
	return r;
}
