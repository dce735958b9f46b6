/* tests/test_search.c -- fo_search_open()/fo_search_run() on an index
 * built from content/ into a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyze.h"
#include "content.h"
#include "index.h"
#include "search.h"
#include "xap.h"
#include "testutil.h"

struct fx {
	char	 dir[64];
	char	 db[128];
	struct fo_search *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct fo_content *c = NULL;
	struct fo_analyzer *an = NULL;
	struct fo_index_stats st;
	char *err = NULL;

	snprintf(f->dir, sizeof f->dir, "/tmp/fo-test-search.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "%s/index", f->dir);
	if (fo_content_load("content", &c) != FO_OK || c->diags.nerrors > 0 ||
	    fo_analyzer_open(test_lexicon(), &an, &err) != FO_OK ||
	    fo_index_build(c, an, f->db, &st, &err) != FO_OK) {
		fprintf(stderr, "setup: %s\n", err ? err : "content has errors");
		return -1;
	}
	fo_analyzer_free(an);
	fo_content_free(c);
	if (fo_search_open(f->db, test_lexicon(), &f->s, &err) != FO_OK) {
		fprintf(stderr, "setup: %s\n", err);
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
	fo_search_close(f->s);
	if (rm_rf(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

static struct fo_search_result
run(struct fx *f, const char *q, const struct fo_search_opts *o)
{
	struct fo_search_result r;
	char *err = NULL;

	if (fo_search_run(f->s, q, o, &r, &err) != FO_OK)
		fail_msg("'%s': %s", q, err ? err : "?");
	return r;
}

static int
marks(const char *text, const struct fo_span *sp, const char *w)
{
	return sp->end - sp->start == strlen(w) &&
	    memcmp(text + sp->start, w, strlen(w)) == 0;
}

/* Every span of every hit marks 'want' or its synonym 'alt'. */
static void
spans_mark(const struct fo_search_result *r, const char *want,
    const char *alt)
{
	size_t i, j, n = 0;

	for (i = 0; i < r->nhits; i++)
		for (j = 0; j < r->hits[i].snippet.nspans; j++) {
			const struct fo_span *sp = &r->hits[i].snippet.spans[j];

			assert_true(sp->end <= strlen(r->hits[i].snippet.text));
			if (!marks(r->hits[i].snippet.text, sp, want) &&
			    !marks(r->hits[i].snippet.text, sp, alt))
				fail_msg("%s: span %zu-%zu is not %s",
				    r->hits[i].id, sp->start, sp->end, want);
			n++;
		}
	assert_true(n >= 2);
}

static void
test_search__flagship_clauses_first(void **state)
{
	struct fo_search_result r = run(*state, "跨境电商", NULL);

	assert_true(r.total >= 4);
	assert_false(r.fallback);
	assert_string_equal(r.hits[0].id, "clause:4");
	assert_string_equal(r.hits[1].id, "clause:16");
	assert_int_equal(r.hits[0].kind, FO_KIND_CLAUSE);
	assert_int_equal(r.hits[0].number, 4);
	assert_int_equal(r.hits[0].section, 2);
	assert_string_equal(r.hits[0].label, "（四）发展外贸新业态");
	assert_non_null(r.hits[0].section_label);
	assert_string_equal(r.hits[0].url, "/clause/4/#p1s1");
	assert_true(r.hits[0].score >= r.hits[1].score);
	assert_int_equal(r.also.n, 1);
	assert_string_equal(r.also.v[0], "跨境电子商务");
	spans_mark(&r, "跨境电商", "跨境电子商务");
	fo_search_result_release(&r);
	assert_null(r.hits);
}

static void
test_search__traditional_synonym_pinyin_same_hits(void **state)
{
	static const char *const qs[] = { "跨境電商", "跨境电子商务",
	    "kuajing dianshang", "KuaJing DianShang" };
	struct fo_search_result ref = run(*state, "跨境电商", NULL), r;
	size_t i, j;

	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		r = run(*state, qs[i], NULL);
		assert_int_equal(r.nhits, ref.nhits);
		for (j = 0; j < r.nhits; j++)
			assert_string_equal(r.hits[j].id, ref.hits[j].id);
		if (i >= 2) {
			assert_non_null(r.pinyin);
			assert_non_null(strstr(r.pinyin, "→ 跨境电商"));
		} else
			assert_null(r.pinyin);
		/* a Traditional query marks the page's own (Simplified) bytes */
		spans_mark(&r, "跨境电商", "跨境电子商务");
		fo_search_result_release(&r);
	}
	fo_search_result_release(&ref);
}

static void
test_search__fallback_and_suggestions(void **state)
{
	struct fo_search_result r = run(*state, "跨境电商 中欧班列", NULL);

	assert_true(r.fallback);
	assert_true(r.total > 0);
	fo_search_result_release(&r);
	r = run(*state, "跨境电商 海外仓", NULL);
	assert_false(r.fallback);
	assert_string_equal(r.hits[0].id, "clause:4");
	fo_search_result_release(&r);
	r = run(*state, "跨境电伤", NULL);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.nhits, 0);
	assert_true(r.suggestions.n >= 1);
	assert_string_equal(r.suggestions.v[0], "跨境电商");
	fo_search_result_release(&r);
	r = run(*state, "kuajingdianshan", NULL);
	assert_int_equal(r.total, 0);
	assert_true(r.suggestions.n >= 1);
	assert_string_equal(r.suggestions.v[0], "跨境电商");
	fo_search_result_release(&r);
}

static void
test_search__options_filter_and_page(void **state)
{
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_search_result all, r;
	size_t i;

	all = run(*state, "外资", NULL);
	o.kind = FO_KIND_GLOSSARY;
	r = run(*state, "外资", &o);
	assert_true(r.nhits > 0 && r.total < all.total);
	for (i = 0; i < r.nhits; i++)
		assert_int_equal(r.hits[i].kind, FO_KIND_GLOSSARY);
	fo_search_result_release(&r);

	o = (struct fo_search_opts)FO_SEARCH_OPTS_INIT;
	o.offset = 1;
	o.limit = 2;
	r = run(*state, "外资", &o);
	assert_int_equal(r.nhits, 2);
	assert_int_equal(r.total, all.total);
	assert_string_equal(r.hits[0].id, all.hits[1].id);
	assert_string_equal(r.hits[1].id, all.hits[2].id);
	fo_search_result_release(&r);

	o = (struct fo_search_opts)FO_SEARCH_OPTS_INIT;
	o.section = 6;
	r = run(*state, "人才", &o);
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == FO_KIND_CLAUSE)
			assert_int_equal(r.hits[i].section, 6);
	fo_search_result_release(&r);
	fo_search_result_release(&all);
}

/* A number in a query must be where the page has it: the opinion has
 * 万亿元 but no 8万亿元; 500个 is in (四) and marked with its digits. */
static void
test_search__numbers_match_contiguously(void **state)
{
	struct fo_search_result r = run(*state, "8万亿元", NULL);
	size_t i, j;
	int marked;

	assert_int_equal(r.total, 0);
	fo_search_result_release(&r);
	r = run(*state, "\"1.2万亿元\"", NULL);
	assert_int_equal(r.total, 0);
	fo_search_result_release(&r);
	r = run(*state, "突破万亿元", NULL);
	assert_true(r.total >= 1);
	assert_string_equal(r.hits[0].id, "clause:4");
	fo_search_result_release(&r);
	r = run(*state, "\"500个\"", NULL);
	assert_true(r.total >= 1);
	assert_string_equal(r.hits[0].id, "clause:4");
	for (i = 0; i < r.nhits; i++) {
		const struct fo_snippet *sn = &r.hits[i].snippet;

		assert_non_null(strstr(r.hits[i].url, "#p"));
		for (j = 0, marked = 0; j < sn->nspans; j++)
			if (strncmp(sn->text + sn->spans[j].start, "500个",
			    strlen("500个")) == 0)
				marked = 1;
		assert_true(marked);
	}
	fo_search_result_release(&r);
}

/* Paging past the first fetch gives the same order as one big page,
 * and every page agrees on the total. */
static void
test_search__paging_matches_one_big_page(void **state)
{
	static const char *const qs[] = { "外资", "推动", "企业", "合作" };
	struct fx *f = *state;
	size_t k, i;

	for (k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		struct fo_search_opts big = FO_SEARCH_OPTS_INIT;
		struct fo_search_result all;
		unsigned off;

		big.limit = 1000;
		all = run(f, qs[k], &big);
		assert_true(all.nhits > 12);
		assert_int_equal(all.total, all.nhits);
		for (off = 0; off < all.nhits; off += 3) {
			struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
			struct fo_search_result r;

			o.offset = off;
			o.limit = 3;
			r = run(f, qs[k], &o);
			assert_int_equal(r.total, all.total);
			assert_int_equal(r.nhits, all.nhits - off < 3 ?
			    all.nhits - off : 3);
			for (i = 0; i < r.nhits; i++) {
				assert_string_equal(r.hits[i].id,
				    all.hits[off + i].id);
				assert_true(r.hits[i].score ==
				    all.hits[off + i].score);
			}
			fo_search_result_release(&r);
		}
		fo_search_result_release(&all);
	}
}

/* Does folded 'field' contain 'needle'? */
static int
folded_has(struct fo_analyzer *an, const char *field, const char *needle)
{
	struct fo_buf b = FO_BUF_INIT;
	int r = 0;

	if (field != NULL && fo_analyzer_fold(an, field, strlen(field), &b,
	    NULL) == FO_OK)
		r = strstr(b.data, needle) != NULL;
	fo_buf_release(&b);
	return r;
}

/* A one-word query matches exactly the pages that have it as a
 * substring: every page whose text has it (no misses) and only pages
 * whose title, label or text has it (no extras from scattered
 * characters). */
static void
test_search__substring_matches_exactly(void **state)
{
	static const char *const qs[] = { "高水平对外开放",
	    "数字贸易", "进出口", "对外开放" };
	struct fx *f = *state;
	struct fo_analyzer *an = fo_search_analyzer(f->s);
	struct fo_content *c = NULL;
	size_t k, i, j;

	assert_int_equal(fo_content_load("content", &c), FO_OK);
	for (k = 0; k < sizeof qs / sizeof qs[0]; k++) {
		struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
		struct fo_search_result r;
		size_t want = 0;

		o.limit = 1000;
		r = run(f, qs[k], &o);
		assert_int_equal(r.loose.n, 0);
		for (i = 0; i < c->npages; i++) {
			const struct fo_page *p = c->pages[i];
			int hit = 0;

			for (j = 0; j < r.nhits; j++)
				if (strcmp(r.hits[j].id, p->id) == 0)
					hit = 1;
			if (folded_has(an, p->text, qs[k])) {
				want++;
				if (!hit)
					fail_msg("%s: missed %s", qs[k], p->id);
			} else if (hit && !folded_has(an, p->title, qs[k]) &&
			    !folded_has(an, p->label, qs[k]))
				fail_msg("%s: extra %s", qs[k], p->id);
		}
		assert_true(want > 0);
		fo_search_result_release(&r);
	}
	fo_content_free(c);
}

/* A word no page has contiguously falls back to its segments anywhere
 * and says so; one that is nowhere at all does not. */
static void
test_search__scattered_word_falls_back(void **state)
{
	struct fx *f = *state;
	struct fo_search_result r;

	r = run(f, "推进外资", NULL);
	assert_true(r.total > 0);
	assert_int_equal(r.loose.n, 1);
	assert_string_equal(r.loose.v[0], "推进外资");
	assert_int_equal(r.fallback, 0);
	fo_search_result_release(&r);
	r = run(f, "外资", NULL);
	assert_int_equal(r.loose.n, 0);
	fo_search_result_release(&r);
	r = run(f, "万宇兮", NULL);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.loose.n, 0);
	fo_search_result_release(&r);
}

static void
test_search__bad_queries(void **state)
{
	struct fx *f = *state;
	struct fo_search_result r;
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	char *err = NULL;

	assert_int_equal(fo_search_run(f->s, "", NULL, &r, &err), FO_EINVAL);
	assert_null(r.hits);
	assert_non_null(strstr(err, "empty query"));
	free(err);
	assert_int_equal(fo_search_run(f->s, "kind:foo", NULL, &r, &err),
	    FO_EPARSE);
	free(err);
	assert_int_equal(fo_search_run(f->s, "\xff", NULL, &r, &err), FO_EINVAL);
	free(err);
	o.section = 9;
	assert_int_equal(fo_search_run(f->s, "x", &o, &r, &err), FO_EINVAL);
	free(err);
}

/* An exclusion drops exactly the pages its subquery matches, also when
 * both sides are contiguous (phrase) matches and the subquery has a
 * filter (Xapian 1.4 kept clause 9 here before xap.cc built such a
 * right-hand side without its boosts). */
static void
test_search__exclusion_with_filter_drops_its_pages(void **state)
{
	struct fx *f = *state;
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_search_result all, neg, minus;
	size_t i, j, n = 0;

	o.limit = 1000;
	all = run(f, "招商引资", &o);
	neg = run(f, "链主招商 kind:clause", &o);
	minus = run(f, "招商引资 -(链主招商 kind:clause)", &o);
	assert_true(neg.nhits > 0);
	for (i = 0; i < all.nhits; i++) {
		int dropped = 0, kept = 0;

		for (j = 0; j < neg.nhits; j++)
			dropped |= strcmp(all.hits[i].id, neg.hits[j].id) == 0;
		for (j = 0; j < minus.nhits; j++)
			kept |= strcmp(all.hits[i].id, minus.hits[j].id) == 0;
		if (dropped == kept)
			fail_msg("%s: %s", all.hits[i].id, kept ? "not excluded" :
			    "lost");
		n += dropped;
	}
	assert_true(n > 0);
	assert_int_equal(minus.nhits, all.nhits - n);
	assert_int_equal(minus.total, all.total - n);
	fo_search_result_release(&all);
	fo_search_result_release(&neg);
	fo_search_result_release(&minus);
}

static void
test_search__clause_references(void **state)
{
	static const char *const forms[] = { "第四条", "第4条", "第（四）条",
	    "第(4)条", "第 4 条", "（四）", "(4)", "第四條" };
	size_t i, j;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct fo_search_result r = run(*state, forms[i], NULL);

		if (r.nhits == 0 || strcmp(r.hits[0].id, "clause:4") != 0)
			fail_msg("%s: first hit %s", forms[i],
			    r.nhits ? r.hits[0].id : "(none)");
		assert_int_equal(r.hits[0].match, FO_MATCH_REF);
		/* then the pages that cite it, each saying so */
		assert_true(r.nhits >= 2);
		for (j = 1; j < r.nhits; j++) {
			assert_int_equal(r.hits[j].match, FO_MATCH_RELATED);
			assert_string_equal(r.hits[j].via, "clause:4");
		}
		fo_search_result_release(&r);
	}
	{	/* a section; a number past the last clause is text */
		struct fo_search_result r = run(*state, "第二部分", NULL);

		assert_string_equal(r.hits[0].id, "section:2");
		fo_search_result_release(&r);
		r = run(*state, "第二十五条", NULL);
		for (j = 0; j < r.nhits; j++)
			assert_int_not_equal(r.hits[j].match, FO_MATCH_REF);
		fo_search_result_release(&r);
	}
	{	/* with a word: the clause, then the pages with the word */
		struct fo_search_result r = run(*state, "第三条 进口", NULL);

		assert_string_equal(r.hits[0].id, "clause:3");
		assert_int_equal(r.hits[0].match, FO_MATCH_REF);
		assert_true(r.nhits >= 2);
		assert_int_equal(r.hits[1].match, FO_MATCH_ALL);
		fo_search_result_release(&r);
	}
}

static void
test_search__partial_tier_and_all(void **state)
{
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_search_result r = run(*state, "海外仓 数量", NULL);
	size_t i;
	int clause4 = -1, nall = 0;

	/* the clause has the topic but not the reader's word: listed, and
	   first (the official text that matches well), as partial */
	for (i = 0; i < r.nhits; i++) {
		if (strcmp(r.hits[i].id, "clause:4") == 0)
			clause4 = (int)i;
		nall += r.hits[i].match == FO_MATCH_ALL;
	}
	assert_int_equal(clause4, 0);
	assert_int_equal(r.hits[0].match, FO_MATCH_PARTIAL);
	assert_true(nall >= 1);
	assert_false(r.fallback);
	fo_search_result_release(&r);
	/* --all: only the pages with every word */
	o.all = 1;
	r = run(*state, "海外仓 数量", &o);
	assert_int_equal(r.total, (unsigned)nall);
	for (i = 0; i < r.nhits; i++)
		assert_int_equal(r.hits[i].match, FO_MATCH_ALL);
	fo_search_result_release(&r);
}

static void
test_search__questions(void **state)
{
	struct fo_search_result r = run(*state, "外资企业怎样享受国民待遇？", NULL);
	size_t i;
	int found = 0;

	/* the question frame need not match: the content words find the
	   clause that answers */
	for (i = 0; i < r.nhits && i < 3; i++)
		found |= strcmp(r.hits[i].id, "clause:11") == 0;
	assert_true(found);
	fo_search_result_release(&r);
}

static void
test_search__open_errors(void **state)
{
	struct fx *f = *state;
	struct fo_search *s = (struct fo_search *)1;
	struct fo_xdb *db = NULL;
	char path[256], *err = NULL, *blob = NULL;
	size_t len = 0;

	snprintf(path, sizeof path, "%s/none", f->dir);
	assert_int_equal(fo_search_open(path, test_lexicon(), &s, &err), FO_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err, "make"));
	assert_null(strchr(err, '\n'));
	free(err);

	/* a different lexicon: a different analyzer fingerprint */
	snprintf(path, sizeof path, "%s/tiny.txt", f->dir);
	{
		FILE *fp = fopen(path, "w");
		char lex[256];

		assert_non_null(fp);
		fputs("跨境 10\n电商 10\n", fp);
		fclose(fp);
		snprintf(lex, sizeof lex, "%s/tiny.bin", f->dir);
		assert_int_equal(fo_lexicon_compile(path, lex, NULL), FO_OK);
		assert_int_equal(fo_search_open(f->db, lex, &s, &err),
		    FO_EVERSION);
		assert_non_null(strstr(err, "different analyzer"));
		free(err);
	}

	/* a damaged vocabulary */
	assert_int_equal(fo_xdb_open(f->db, FO_XDB_UPDATE, &db, NULL), FO_OK);
	assert_int_equal(fo_xdb_get_metadata(db, FO_META_VOCAB, &blob, &len),
	    FO_OK);
	assert_int_equal(fo_xdb_set_metadata(db, FO_META_VOCAB, "junk", 4),
	    FO_OK);
	assert_int_equal(fo_xdb_commit(db), FO_OK);
	fo_xdb_close(db);
	assert_int_equal(fo_search_open(f->db, test_lexicon(), &s, &err), FO_ECORRUPT);
	assert_non_null(strstr(err, "rebuild"));
	free(err);
	assert_int_equal(fo_xdb_open(f->db, FO_XDB_UPDATE, &db, NULL), FO_OK);
	assert_int_equal(fo_xdb_set_metadata(db, FO_META_VOCAB, blob, len),
	    FO_OK);
	assert_int_equal(fo_xdb_commit(db), FO_OK);
	fo_xdb_close(db);
	free(blob);
	assert_int_equal(fo_search_open(f->db, test_lexicon(), &s, &err), FO_OK);
	fo_search_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search__flagship_clauses_first),
		cmocka_unit_test(test_search__clause_references),
		cmocka_unit_test(test_search__partial_tier_and_all),
		cmocka_unit_test(test_search__questions),
		cmocka_unit_test(test_search__traditional_synonym_pinyin_same_hits),
		cmocka_unit_test(test_search__fallback_and_suggestions),
		cmocka_unit_test(test_search__options_filter_and_page),
		cmocka_unit_test(test_search__numbers_match_contiguously),
		cmocka_unit_test(test_search__paging_matches_one_big_page),
		cmocka_unit_test(test_search__substring_matches_exactly),
		cmocka_unit_test(test_search__scattered_word_falls_back),
		cmocka_unit_test(test_search__exclusion_with_filter_drops_its_pages),
		cmocka_unit_test(test_search__bad_queries),
		cmocka_unit_test(test_search__open_errors),
	};

	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
