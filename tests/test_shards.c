/* tests/test_shards.c -- sharded indexes (fo_index_build_opts(), stub
 * files in xap.h): the shards searched as one give the answers of one
 * database over the whole relevance suite; an update writes only the
 * shards whose pages changed; a stub's errors name the file and line, a
 * missing shard is an error naming it or, with allow_partial, named in
 * the result.  (--verify over shards: tests/e2e/shards.sh, since Xapian's
 * own check trips AddressSanitizer inside libxapian.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
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

static const char *const files[] = { "tests/relevance/queries.txt",
    "tests/relevance/readers.txt" };
static const unsigned counts[] = { 2, 5 };	/* against one database */
#define NCOUNTS	(sizeof counts / sizeof counts[0])

struct fx {
	char	 dir[64];
	char	 one[128];		/* one database */
	char	 sharded[NCOUNTS][128];
};

static void
build(const char *root, const char *db, unsigned n,
    struct fo_index_stats *st)
{
	struct fo_content *c = NULL;
	struct fo_analyzer *an = NULL;
	struct fo_index_stats dummy;
	struct fo_index_opts o = FO_INDEX_OPTS_INIT;
	char *err = NULL;

	o.shards = n;
	if (fo_content_load(root, &c) != FO_OK || c->diags.nerrors > 0 ||
	    fo_analyzer_open(test_lexicon(), &an, &err) != FO_OK ||
	    fo_index_build_opts(c, an, db, &o, st != NULL ? st : &dummy,
	    &err) != FO_OK)
		fail_msg("build %s (%u shards): %s", db, n,
		    err ? err : "content has errors");
	fo_analyzer_free(an);
	fo_content_free(c);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	size_t i;

	snprintf(f->dir, sizeof f->dir, "/tmp/fo-test-shards.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->one, sizeof f->one, "%s/one", f->dir);
	build("content", f->one, 1, NULL);
	for (i = 0; i < NCOUNTS; i++) {
		snprintf(f->sharded[i], sizeof f->sharded[i], "%s/n%u",
		    f->dir, counts[i]);
		build("content", f->sharded[i], counts[i], NULL);
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
	if (rm_rf(f->dir) != 0)
		return -1;
	free(f);
	return 0;
}

static struct fo_search *
open_search(const char *db)
{
	struct fo_search *s = NULL;
	char *err = NULL;

	if (fo_search_open(db, test_lexicon(), &s, &err) != FO_OK)
		fail_msg("open %s: %s", db, err);
	return s;
}

/* Every query of the relevance suite gives, on each of 'ns' searches,
 * the same JSON as on 'ref' (hits, order, scores as printed, snippets,
 * totals, facets) and the same scores to SCORE_EPS (relative): Xapian
 * combines the shards' statistics, so every term weighs the same, but it
 * orders each shard's AND/OR branches by that shard's term frequencies,
 * so a document's weights may be summed in another order and differ in
 * the last bit (48 of 1,000-odd hits of the suite, by 1e-16). */
#define SCORE_EPS	1e-12
static int
same_answers(struct fo_search *ref, struct fo_search **ns, size_t n)
{
	char *line = NULL, *err = NULL;
	size_t cap = 0, k, i, j;
	int nq = 0;

	for (k = 0; k < sizeof files / sizeof files[0]; k++) {
		FILE *fp = fopen(files[k], "r");

		assert_non_null(fp);
		while (getline(&line, &cap, fp) != -1) {
			struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
			struct fo_search_result want, got;
			struct fo_buf wj = FO_BUF_INIT, gj = FO_BUF_INIT;
			char *q, *end;

			if (line[0] == '#' || line[0] == '\n' ||
			    (q = strchr(line, '\t')) == NULL)
				continue;
			q++;
			if ((end = strchr(q, '\t')) != NULL)
				*end = '\0';
			o.limit = 100;
			o.facets = 1;
			if (fo_search_run(ref, q, &o, &want, &err) != FO_OK)
				fail_msg("'%s': %s", q, err);
			fo_search_result_json(&want, 1, &wj);
			for (i = 0; i < n; i++) {
				if (fo_search_run(ns[i], q, &o, &got, &err) !=
				    FO_OK)
					fail_msg("'%s': %s", q, err);
				fo_buf_reset(&gj);
				fo_search_result_json(&got, 1, &gj);
				if (strcmp(wj.data, gj.data) != 0)
					fail_msg("'%s' differs:\n%s\n%s", q,
					    wj.data, gj.data);
				assert_int_equal(got.nhits, want.nhits);
				for (j = 0; j < got.nhits; j++)
					if (fabs(got.hits[j].score -
					    want.hits[j].score) > SCORE_EPS *
					    want.hits[j].score)
						fail_msg("'%s' hit %zu: %.17g "
						    "against %.17g", q, j,
						    got.hits[j].score,
						    want.hits[j].score);
				fo_search_result_release(&got);
			}
			fo_search_result_release(&want);
			fo_buf_release(&wj);
			fo_buf_release(&gj);
			nq++;
		}
		fclose(fp);
	}
	free(line);
	return nq;
}

static void
test_shards__same_answers_as_one_database(void **state)
{
	struct fx *f = *state;
	struct fo_search *ref = open_search(f->one), *ns[NCOUNTS];
	size_t i;
	int nq;

	for (i = 0; i < NCOUNTS; i++)
		ns[i] = open_search(f->sharded[i]);
	nq = same_answers(ref, ns, NCOUNTS);
	assert_true(nq >= 170);		/* 77 + 96 queries */
	for (i = 0; i < NCOUNTS; i++)
		fo_search_close(ns[i]);
	fo_search_close(ref);
}

static void
test_shards__layout_is_a_stub(void **state)
{
	struct fx *f = *state;
	struct fo_xdb *db = NULL;
	struct fo_buf p = FO_BUF_INIT;
	unsigned n1 = 0, n5 = 0;
	char *stub;

	fo_buf_printf(&p, "%s/" FO_XDB_STUB, f->sharded[1]);
	stub = slurp(p.data, NULL);
	assert_string_equal(stub, "auto shard0\nauto shard1\nauto shard2\n"
	    "auto shard3\nauto shard4\n");
	free(stub);
	assert_int_equal(fo_xdb_open(f->sharded[1], FO_XDB_READ, &db, NULL),
	    FO_OK);
	assert_int_equal(fo_xdb_nshards(db), 5);
	assert_int_equal(fo_xdb_doc_count(db, &n5), FO_OK);
	fo_xdb_close(db);
	assert_int_equal(fo_xdb_open(f->one, FO_XDB_READ, &db, NULL), FO_OK);
	assert_int_equal(fo_xdb_nshards(db), 1);
	assert_int_equal(fo_xdb_doc_count(db, &n1), FO_OK);
	fo_xdb_close(db);
	assert_int_equal(n1, n5);
	/* writing goes through the shards, never the stub */
	assert_int_equal(fo_xdb_open(f->sharded[1], FO_XDB_UPDATE, &db, NULL),
	    FO_EINVAL);
	assert_null(db);
	fo_buf_release(&p);
}

/* Are the files of shard 'i' of generations 'a' and 'b' of 'db' the same
 * bytes? */
static int
shard_same(const char *db, int a, int b, unsigned i)
{
	static const char *const tables[] = { "postlist.glass",
	    "termlist.glass", "docdata.glass", "position.glass", "iamglass" };
	struct fo_buf pa = FO_BUF_INIT, pb = FO_BUF_INIT;
	size_t k, la, lb;
	int same = 1;

	for (k = 0; k < sizeof tables / sizeof tables[0]; k++) {
		char *x, *y;

		fo_buf_reset(&pa);
		fo_buf_reset(&pb);
		fo_buf_printf(&pa, "%s.gen/%d/shard%u/%s", db, a, i, tables[k]);
		fo_buf_printf(&pb, "%s.gen/%d/shard%u/%s", db, b, i, tables[k]);
		if (access(pa.data, F_OK) != 0 && access(pb.data, F_OK) != 0)
			continue;
		x = slurp(pa.data, &la);
		y = slurp(pb.data, &lb);
		if (la != lb || memcmp(x, y, la) != 0)
			same = 0;
		free(x);
		free(y);
	}
	fo_buf_release(&pa);
	fo_buf_release(&pb);
	return same;
}

static void
test_shards__update_writes_only_changed_shards(void **state)
{
	struct fx *f = *state;
	struct fo_buf p = FO_BUF_INIT, cmd = FO_BUF_INIT;
	struct fo_index_stats st;
	struct fo_search *ref, *sh;
	struct fo_xdb *db;
	unsigned docid, shard, i, changed = 0;
	char *text;

	/* a copy of the content with one annotation edited */
	fo_buf_printf(&cmd, "cp -R content %s/c", f->dir);
	assert_int_equal(system(cmd.data), 0);
	fo_buf_printf(&p, "%s/c/annotations/kuajing-dianshang-liandong.md", f->dir);
	text = slurp(p.data, NULL);
	{
		struct fo_buf t = FO_BUF_INIT;

		fo_buf_printf(&t, "%s\n新增一段：海外仓与离岸贸易。\n", text);
		write_file(p.data, t.data, t.len);
		fo_buf_release(&t);
	}
	free(text);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/c", f->dir);
	build(p.data, f->sharded[1], 0, &st);	/* 0: keeps its 5 shards */
	assert_int_equal(st.replaced, 1);
	assert_int_equal(st.added + st.deleted, 0);

	/* the page's shard and the first (the build time) were written,
	   every other is the previous generation's, byte for byte */
	assert_int_equal(fo_xdb_open(f->sharded[1], FO_XDB_READ, &db, NULL),
	    FO_OK);
	assert_int_equal(fo_xdb_nshards(db), 5);
	assert_int_equal(fo_xdb_docid(db, FO_PREFIX_ID
	    "annotation:kuajing-dianshang-liandong", &docid), FO_OK);
	fo_xdb_close(db);
	shard = (docid - 1) % 5;
	for (i = 0; i < 5; i++) {
		int same = shard_same(f->sharded[1], 1, 2, i);

		if (i == shard || i == 0)
			assert_false(same);
		else
			assert_true(same);
		changed += !same;
	}
	assert_true(changed <= 2);

	/* and it answers as one database built from the edited content */
	fo_buf_reset(&cmd);
	fo_buf_printf(&cmd, "%s/one-edited", f->dir);
	build(p.data, cmd.data, 1, NULL);
	ref = open_search(cmd.data);
	sh = open_search(f->sharded[1]);
	assert_true(same_answers(ref, &sh, 1) >= 170);
	fo_search_close(sh);
	fo_search_close(ref);
	fo_buf_release(&p);
	fo_buf_release(&cmd);
}

static void
test_shards__stub_errors_name_the_line(void **state)
{
	struct fx *f = *state;
	struct fo_buf p = FO_BUF_INIT, s = FO_BUF_INIT;
	struct fo_xdb_opts o = FO_XDB_OPTS_INIT;
	struct fo_xdb *db = NULL;
	unsigned n = 0, all = 0;
	char *msg = NULL;

	fo_buf_printf(&p, "%s/bad.stub", f->dir);
	write_file(p.data, "# shards\nauto n5/shard0\nbogus line\n", 35);
	assert_int_equal(fo_xdb_open(p.data, FO_XDB_READ, &db, &msg),
	    FO_EINVAL);
	assert_null(db);
	assert_non_null(strstr(msg, "bad.stub:3: not a shard"));
	free(msg);

	write_file(p.data, "remote 127.0.0.1:0\n", 19);
	assert_int_equal(fo_xdb_open(p.data, FO_XDB_READ, &db, &msg),
	    FO_EINVAL);
	assert_non_null(strstr(msg, "bad.stub:1: '0' is not a port"));
	free(msg);

	/* a shard that is not there: an error naming it, or with
	   allow_partial, left out and named */
	fo_buf_printf(&s, "auto n5/shard0\nauto n5/shard9\nauto n5/shard2\n");
	write_file(p.data, s.data, s.len);
	assert_int_equal(fo_xdb_open(p.data, FO_XDB_READ, &db, &msg),
	    FO_ESHARD);
	assert_non_null(strstr(msg, "bad.stub:2 (auto n5/shard9) is "
	    "unavailable"));
	free(msg);
	o.allow_partial = 1;
	assert_int_equal(fo_xdb_open_opts(p.data, FO_XDB_READ, &o, &db, &msg),
	    FO_OK);
	assert_non_null(strstr(fo_xdb_missing(db, 0), "bad.stub:2 (auto "
	    "n5/shard9)"));
	assert_null(fo_xdb_missing(db, 1));
	assert_int_equal(fo_xdb_nshards(db), 3);
	assert_int_equal(fo_xdb_doc_count(db, &n), FO_OK);
	fo_xdb_close(db);
	assert_int_equal(fo_xdb_open(f->one, FO_XDB_READ, &db, NULL), FO_OK);
	assert_int_equal(fo_xdb_doc_count(db, &all), FO_OK);
	fo_xdb_close(db);
	assert_true(n > 0 && n < all);

	/* a search over it says which shard is missing, in its JSON too */
	{
		struct fo_search *sr = NULL;
		struct fo_search_result r;
		struct fo_buf j = FO_BUF_INIT;

		assert_int_equal(fo_search_open_opts(p.data, test_lexicon(), &o, &sr,
		    &msg), FO_OK);
		assert_int_equal(fo_search_run(sr, "跨境电商", NULL, &r, &msg),
		    FO_OK);
		assert_int_equal(r.missing.n, 1);
		fo_search_result_json(&r, 0, &j);
		assert_non_null(strstr(j.data, "\"missing_shards\":[\""));
		fo_search_result_release(&r);
		fo_search_close(sr);
		fo_buf_release(&j);
		/* a whole index says nothing of shards */
		sr = open_search(f->one);
		assert_int_equal(fo_search_run(sr, "跨境电商", NULL, &r, &msg),
		    FO_OK);
		assert_int_equal(r.missing.n, 0);
		fo_search_result_json(&r, 0, &j);
		assert_null(strstr(j.data, "missing_shards"));
		fo_search_result_release(&r);
		fo_search_close(sr);
		fo_buf_release(&j);
	}
	fo_buf_release(&p);
	fo_buf_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shards__same_answers_as_one_database),
		cmocka_unit_test(test_shards__layout_is_a_stub),
		cmocka_unit_test(test_shards__update_writes_only_changed_shards),
		cmocka_unit_test(test_shards__stub_errors_name_the_line),
	};

	return cmocka_run_group_tests_name("shards", tests, setup, teardown);
}
