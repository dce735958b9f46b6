/* tests/test_xap.c -- the Xapian shim: documents, metadata, queries and
 * the error mapping.
 * Each case gets a fresh mkdtemp(3) database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xap.h"
#include "testutil.h"

struct fx {
	char	 dir[64];
	char	 path[128];
	struct fo_xdb *db;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char *msg = NULL;

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/fo-xap-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/db", f->dir);
	if (fo_xdb_open(f->path, FO_XDB_CREATE, &f->db, &msg) != FO_OK) {
		free(msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	fo_xdb_close(f->db);
	(void)rm_rf(f->dir);
	free(f);
	return 0;
}

/* One document: id term, data, then 'terms' as "term@pos" (positional)
 * or plain "term" (no position). */
static void
put(struct fo_xdb *db, const char *id, const char *data, const char **terms)
{
	char t[256];
	const char *at;
	struct fo_xdoc *d;

	assert_int_equal(fo_xdoc_new(id, &d, NULL), FO_OK);
	for (; *terms != NULL; terms++) {
		at = strchr(*terms, '@');
		if (at != NULL) {
			snprintf(t, sizeof t, "%.*s", (int)(at - *terms), *terms);
			assert_int_equal(fo_xdoc_posting(d, t,
			    (unsigned)atoi(at + 1), 1), FO_OK);
		} else
			assert_int_equal(fo_xdoc_term(d, *terms, 1), FO_OK);
	}
	assert_int_equal(fo_xdoc_data(d, data, strlen(data)), FO_OK);
	assert_int_equal(fo_xdb_put_doc(db, d, 0), FO_OK);
	fo_xdoc_free(d);
}

static struct fo_qnode
term(const char *t)
{
	struct fo_qnode q;

	memset(&q, 0, sizeof q);
	q.op = FO_Q_TERM;
	q.term = (char *)t;
	return q;
}

static struct fo_qnode
node(enum fo_qop op, struct fo_qnode **kids, size_t n)
{
	struct fo_qnode q;

	memset(&q, 0, sizeof q);
	q.op = op;
	q.kids = kids;
	q.nkids = n;
	return q;
}

/* Data of the hits, joined with ','. */
static void
hits_data(const struct fo_xhits *h, char *out, size_t cap)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < h->n; i++) {
		if (i > 0)
			strncat(out, ",", cap - strlen(out) - 1);
		strncat(out, h->v[i].data, cap - strlen(out) - 1);
	}
}

static void
search(struct fo_xdb *db, const struct fo_qnode *q, char *out, size_t cap)
{
	struct fo_xhits h;

	assert_int_equal(fo_xdb_search(db, q, 0, 10, &h), FO_OK);
	hits_data(&h, out, cap);
	fo_xhits_release(&h);
}

static void
test_xap__put_replaces_by_idterm(void **state)
{
	struct fx *f = *state;
	const char *t1[] = { "old@0", "Kclause", NULL };
	const char *t2[] = { "new@0", "Kclause", NULL };
	struct fo_qnode q;
	unsigned n;
	char buf[256], *data;
	size_t len;

	put(f->db, "Qclause:4", "v1", t1);
	put(f->db, "Qclause:5", "other", t1);
	put(f->db, "Qclause:4", "v2", t2);
	assert_int_equal(fo_xdb_doc_count(f->db, &n), FO_OK);
	assert_int_equal(n, 2);
	q = term("old");
	search(f->db, &q, buf, sizeof buf);
	assert_string_equal(buf, "other");
	q = term("new");
	search(f->db, &q, buf, sizeof buf);
	assert_string_equal(buf, "v2");
	assert_int_equal(fo_xdb_get_data(f->db, "Qclause:4", &data, &len), FO_OK);
	assert_string_equal(data, "v2");
	assert_int_equal(len, 2);
	free(data);
	assert_int_equal(fo_xdb_get_data(f->db, "Qnope", &data, &len),
	    FO_ENOTFOUND);
	assert_null(data);
}

static void
test_xap__value_roundtrip(void **state)
{
	struct fx *f = *state;
	char *v;
	size_t len;
	struct fo_xdoc *d;

	assert_int_equal(fo_xdoc_new("Qa", &d, NULL), FO_OK);
	assert_int_equal(fo_xdoc_value(d, 2, "h\0sh", 4), FO_OK);
	assert_int_equal(fo_xdb_put_doc(f->db, d, 0), FO_OK);
	fo_xdoc_free(d);
	assert_int_equal(fo_xdb_get_value(f->db, "Qa", 2, &v, &len), FO_OK);
	assert_int_equal(len, 4);
	assert_memory_equal(v, "h\0sh", 4);
	free(v);
	assert_int_equal(fo_xdb_get_value(f->db, "Qa", 7, &v, &len), FO_OK);
	assert_int_equal(len, 0);
	assert_string_equal(v, "");
	free(v);
}

static void
test_xap__delete_removes(void **state)
{
	struct fx *f = *state;
	const char *t[] = { "x@0", NULL };
	unsigned n;

	put(f->db, "Qa", "a", t);
	put(f->db, "Qb", "b", t);
	assert_int_equal(fo_xdb_delete(f->db, "Qa"), FO_OK);
	assert_int_equal(fo_xdb_delete(f->db, "Qmissing"), FO_OK);
	assert_int_equal(fo_xdb_doc_count(f->db, &n), FO_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fo_xdb_commit(f->db), FO_OK);
	assert_int_equal(fo_xdb_delete(f->db, ""), FO_EINVAL);
}

static void
test_xap__metadata_roundtrip(void **state)
{
	struct fx *f = *state;
	struct fo_xdb *r;
	char *v;
	size_t len;

	assert_int_equal(fo_xdb_set_metadata(f->db, "fiveout:vocab",
	    "a\0b跨境", 9), FO_OK);
	assert_int_equal(fo_xdb_commit(f->db), FO_OK);
	assert_int_equal(fo_xdb_open(f->path, FO_XDB_READ, &r, NULL), FO_OK);
	assert_int_equal(fo_xdb_get_metadata(r, "fiveout:vocab", &v, &len),
	    FO_OK);
	assert_int_equal(len, 9);
	assert_memory_equal(v, "a\0b跨境", 9);
	free(v);
	assert_int_equal(fo_xdb_get_metadata(r, "unset", &v, &len), FO_OK);
	assert_int_equal(len, 0);
	assert_string_equal(v, "");
	free(v);
	fo_xdb_close(r);
}

static void
test_xap__phrase_needs_adjacent_bigrams(void **state)
{
	struct fx *f = *state;
	const char *adj[] = { "B跨境@3", "B境电@4", "B电商@5", NULL };
	const char *scat[] = { "B跨境@0", "B境电@7", "B电商@20", NULL };
	struct fo_qnode k[3], *kp[3], q;
	char buf[256];

	put(f->db, "Qadj", "adj", adj);
	put(f->db, "Qscat", "scat", scat);
	k[0] = term("B跨境"); k[1] = term("B境电"); k[2] = term("B电商");
	kp[0] = &k[0]; kp[1] = &k[1]; kp[2] = &k[2];
	q = node(FO_Q_PHRASE, kp, 3);
	search(f->db, &q, buf, sizeof buf);
	assert_string_equal(buf, "adj");
	q = node(FO_Q_AND, kp, 3);
	search(f->db, &q, buf, sizeof buf);
	assert_int_equal(strlen(buf), strlen("adj,scat"));
	q = node(FO_Q_NEAR, kp, 3);
	q.window = 25;
	search(f->db, &q, buf, sizeof buf);
	assert_int_equal(strlen(buf), strlen("adj,scat"));
	/* a phrase in the wrong order does not match */
	kp[0] = &k[2]; kp[2] = &k[0];
	q = node(FO_Q_PHRASE, kp, 3);
	search(f->db, &q, buf, sizeof buf);
	assert_string_equal(buf, "");
}

static void
test_xap__and_maybe_ranks_and_reports_terms(void **state)
{
	struct fx *f = *state;
	const char *a[] = { "外贸@0", "filler@1", NULL };
	const char *b[] = { "外贸@0", "新业态@1", NULL };
	const char *c[] = { "新业态@0", NULL };
	struct fo_qnode k[2], *kp[2], q;
	struct fo_xhits h;
	size_t i;
	int saw = 0;

	put(f->db, "Qa", "a", a);
	put(f->db, "Qb", "b", b);
	put(f->db, "Qc", "c", c);
	k[0] = term("外贸"); k[1] = term("新业态");
	kp[0] = &k[0]; kp[1] = &k[1];
	q = node(FO_Q_AND_MAYBE, kp, 2);
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h), FO_OK);
	assert_int_equal(h.n, 2);	/* c lacks the required term */
	assert_string_equal(h.v[0].data, "b");
	assert_string_equal(h.v[1].data, "a");
	assert_true(h.v[0].weight > h.v[1].weight);
	assert_int_equal(h.v[0].rank, 0);
	assert_int_equal(h.v[1].rank, 1);
	for (i = 0; i < h.v[0].nterms; i++)
		saw |= strcmp(h.v[0].terms[i], "新业态") == 0;
	assert_true(saw);
	assert_int_equal(h.v[1].nterms, 1);
	assert_string_equal(h.v[1].terms[0], "外贸");
	{	/* bare: the same hits, no terms */
		struct fo_xhits b;

		assert_int_equal(fo_xdb_search_bare(f->db, &q, 0, 10, &b),
		    FO_OK);
		assert_int_equal(b.n, h.n);
		for (i = 0; i < b.n; i++) {
			assert_string_equal(b.v[i].data, h.v[i].data);
			assert_true(b.v[i].weight == h.v[i].weight);
			assert_int_equal(b.v[i].nterms, 0);
		}
		fo_xhits_release(&b);
	}
	fo_xhits_release(&h);
	assert_null(h.v);
	/* offset counts in rank */
	assert_int_equal(fo_xdb_search(f->db, &q, 1, 10, &h), FO_OK);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.v[0].rank, 1);
	assert_string_equal(h.v[0].data, "a");
	fo_xhits_release(&h);
}

/* fo_xdb_exists(): yes when some document matches (a boost that matches
 * nothing does not stop it), no when none does, EINVAL without a query. */
static void
test_xap__exists(void **state)
{
	struct fx *f = *state;
	const char *a[] = { "海外仓@0", "Kclause", NULL };
	struct fo_qnode k[2], *kp[2], q, none;
	int yes = -1;

	put(f->db, "Qa", "a", a);
	k[0] = term("海外仓"); k[1] = term("nowhere");
	kp[0] = &k[0]; kp[1] = &k[1];
	q = node(FO_Q_AND_MAYBE, kp, 2);
	assert_int_equal(fo_xdb_exists(f->db, &q, &yes), FO_OK);
	assert_int_equal(yes, 1);
	q = node(FO_Q_AND, kp, 2);
	assert_int_equal(fo_xdb_exists(f->db, &q, &yes), FO_OK);
	assert_int_equal(yes, 0);
	none = term("Kannotation");
	assert_int_equal(fo_xdb_exists(f->db, &none, &yes), FO_OK);
	assert_int_equal(yes, 0);
	assert_int_equal(fo_xdb_exists(f->db, NULL, &yes), FO_EINVAL);
}

static void
test_xap__filter_adds_no_weight(void **state)
{
	struct fx *f = *state;
	const char *a[] = { "海外仓@0", "Kclause", "C4", NULL };
	const char *b[] = { "海外仓@0", "Kannotation", "C4", NULL };
	const char *c[] = { "海外仓@0", "Kannotation", "C5", NULL };
	struct fo_qnode k[3], *kp[3], q, plain;
	struct fo_xhits h1, h2;

	put(f->db, "Qa", "a", a);
	put(f->db, "Qb", "b", b);
	put(f->db, "Qc", "c", c);
	k[0] = term("海外仓"); k[1] = term("Kannotation"); k[2] = term("C4");
	kp[0] = &k[0]; kp[1] = &k[1]; kp[2] = &k[2];
	q = node(FO_Q_FILTER, kp, 3);	/* every filter kid must hold */
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h1), FO_OK);
	assert_int_equal(h1.n, 1);
	assert_string_equal(h1.v[0].data, "b");
	plain = term("海外仓");
	assert_int_equal(fo_xdb_search(f->db, &plain, 0, 10, &h2), FO_OK);
	assert_int_equal(h2.n, 3);
	assert_true(h1.v[0].weight == h2.v[0].weight);
	/* equal weights: ties broken by docid */
	assert_string_equal(h2.v[0].data, "a");
	assert_string_equal(h2.v[1].data, "b");
	assert_string_equal(h2.v[2].data, "c");
	fo_xhits_release(&h1);
	fo_xhits_release(&h2);
}

static void
test_xap__scale_and_wildcard(void **state)
{
	struct fx *f = *state;
	const char *a[] = { "S跨境电商@0", "跨境电商@0", "x@1", NULL };
	const char *b[] = { "S跨境贸易@0", "x@0", NULL };
	struct fo_qnode k, *kp, q, w;
	struct fo_xhits h1, h2;
	char buf[256];

	put(f->db, "Qa", "a", a);
	put(f->db, "Qb", "b", b);
	k = term("x");
	kp = &k;
	q = node(FO_Q_SCALE, &kp, 1);
	q.scale = 2.0;
	assert_int_equal(fo_xdb_search(f->db, &k, 0, 10, &h1), FO_OK);
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h2), FO_OK);
	assert_int_equal(h1.n, 2);
	assert_int_equal(h2.n, 2);
	assert_true(h2.v[0].weight > 1.99 * h1.v[0].weight &&
	    h2.v[0].weight < 2.01 * h1.v[0].weight);
	fo_xhits_release(&h1);
	fo_xhits_release(&h2);

	w = node(FO_Q_WILDCARD, NULL, 0);
	w.term = "S跨境";
	assert_int_equal(fo_xdb_search(f->db, &w, 0, 10, &h1), FO_OK);
	assert_int_equal(h1.n, 2);
	for (size_t i = 0; i < h1.n; i++) {
		/* matching terms name the expansion this page holds */
		assert_int_equal(h1.v[i].nterms, 1);
		assert_string_equal(h1.v[i].terms[0],
		    strcmp(h1.v[i].data, "a") == 0 ? "S跨境电商" : "S跨境贸易");
	}
	fo_xhits_release(&h1);

	q = node(FO_Q_ALL, NULL, 0);
	search(f->db, &q, buf, sizeof buf);
	assert_string_equal(buf, "a,b");
}

static void
test_xap__bad_queries_are_einval(void **state)
{
	struct fx *f = *state;
	struct fo_qnode q = term(""), *kp[1] = { NULL };
	struct fo_xhits h;

	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h), FO_EINVAL);
	assert_int_equal(h.n, 0);
	assert_null(h.v);
	assert_string_not_equal(fo_xdb_errmsg(f->db), "");
	q = node(FO_Q_AND, kp, 1);
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h), FO_EINVAL);
	q = node(FO_Q_OR, NULL, 0);
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h), FO_EINVAL);
	q = node((enum fo_qop)99, NULL, 0);
	assert_int_equal(fo_xdb_search(f->db, &q, 0, 10, &h), FO_EINVAL);
}

static void
test_xap__idterms_and_allterms(void **state)
{
	struct fx *f = *state;
	const char *t1[] = { "Kclause", "外贸@0", NULL };
	const char *t2[] = { "Kclause", "外资@0", "外贸@1", NULL };
	char **v;
	unsigned *fr;
	size_t n;

	put(f->db, "Qclause:2", "2", t1);
	put(f->db, "Qclause:10", "10", t2);
	put(f->db, "Qglossary:hwc", "g", t1);
	assert_int_equal(fo_xdb_idterms(f->db, "Q", &v, &n), FO_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "Qclause:10");	/* byte order */
	assert_string_equal(v[1], "Qclause:2");
	assert_string_equal(v[2], "Qglossary:hwc");
	fo_strv_free(v, n);
	assert_int_equal(fo_xdb_idterms(f->db, "Qnone", &v, &n), FO_OK);
	assert_int_equal(n, 0);
	fo_strv_free(v, n);
	assert_int_equal(fo_xdb_allterms(f->db, "外", 10, &v, &fr, &n), FO_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "外贸");
	assert_int_equal(fr[0], 3);
	assert_string_equal(v[1], "外资");
	assert_int_equal(fr[1], 1);
	fo_strv_free(v, n);
	free(fr);
	assert_int_equal(fo_xdb_allterms(f->db, "外", 1, &v, NULL, &n), FO_OK);
	assert_int_equal(n, 1);
	fo_strv_free(v, n);
}

static void
test_xap__open_missing_is_enotfound(void **state)
{
	struct fx *f = *state;
	struct fo_xdb *db = (struct fo_xdb *)1;
	char p[256], *msg = NULL;

	snprintf(p, sizeof p, "%s/no/such/db", f->dir);
	assert_int_equal(fo_xdb_open(p, FO_XDB_READ, &db, &msg), FO_ENOTFOUND);
	assert_null(db);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "no/such/db"));
	free(msg);
	/* an empty directory holds no database either */
	snprintf(p, sizeof p, "%s", f->dir);
	assert_int_equal(fo_xdb_open(p, FO_XDB_READ, &db, NULL), FO_ENOTFOUND);
}

static void
garble(const char *dir, const char *name, size_t n)
{
	char p[256], junk[8192];
	int fd;
	size_t i;

	for (i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 131 + 7);
	snprintf(p, sizeof p, "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, junk, n), (ssize_t)n);
	close(fd);
}

/* Open and search a damaged db; every failure must be a status with a
 * message, never a crash. */
static enum fo_status
open_and_search(const char *path, char **msg)
{
	struct fo_xdb *db;
	struct fo_qnode q = term("x");
	struct fo_xhits h;
	enum fo_status st;

	st = fo_xdb_open(path, FO_XDB_READ, &db, msg);
	if (st != FO_OK)
		return st;
	st = fo_xdb_search(db, &q, 0, 10, &h);
	if (st == FO_OK)
		fo_xhits_release(&h);
	else
		*msg = strdup(fo_xdb_errmsg(db));
	fo_xdb_close(db);
	return st;
}

static void
test_xap__corrupt_db_is_an_error(void **state)
{
	struct fx *f = *state;
	const char *t[] = { "x@0", NULL };
	const char *files[] = { "postlist.glass", "termlist.glass",
	    "docdata.glass", "position.glass", NULL };
	char *msg = NULL;
	enum fo_status st;
	int i;

	for (i = 0; i < 30; i++)
		put(f->db, i % 2 ? "Qa" : "Qb", "d", t);
	assert_int_equal(fo_xdb_commit(f->db), FO_OK);
	fo_xdb_close(f->db);
	f->db = NULL;

	/* garbage table files */
	for (i = 0; files[i] != NULL; i++)
		garble(f->path, files[i], 8192);
	st = open_and_search(f->path, &msg);
	assert_true(st == FO_ECORRUPT || st == FO_EXAPIAN);
	assert_non_null(msg);
	assert_string_not_equal(msg, "");
	free(msg);
	msg = NULL;

	/* a truncated version file */
	garble(f->path, "iamglass", 0);
	st = open_and_search(f->path, &msg);
	assert_true(st == FO_ECORRUPT || st == FO_EXAPIAN);
	assert_non_null(msg);
	free(msg);
	msg = NULL;

	/* garbage in the version file */
	garble(f->path, "iamglass", 100);
	assert_int_equal(open_and_search(f->path, &msg), FO_ECORRUPT);
	assert_non_null(strstr(msg, "Corrupt"));
	free(msg);
}

static void
test_xap__null_handle_is_einval(void **state)
{
	struct fo_qnode q = term("x");
	struct fo_xhits h;
	char *s, **v;
	size_t n;
	unsigned u;

	(void)state;
	/* fo_xdb_close() frees the handle, so "closed" means NULL here */
	fo_xdb_close(NULL);
	assert_int_equal(fo_xdb_doc_count(NULL, &u), FO_EINVAL);
	assert_int_equal(fo_xdoc_posting(NULL, "a", 0, 1), FO_EINVAL);
	assert_int_equal(fo_xdoc_term(NULL, "a", 1), FO_EINVAL);
	assert_int_equal(fo_xdoc_value(NULL, 0, "a", 1), FO_EINVAL);
	assert_int_equal(fo_xdoc_data(NULL, "a", 1), FO_EINVAL);
	assert_int_equal(fo_xdb_put_doc(NULL, NULL, 0), FO_EINVAL);
	fo_xdoc_free(NULL);
	assert_int_equal(fo_xdb_delete(NULL, "Qa"), FO_EINVAL);
	assert_int_equal(fo_xdb_idterms(NULL, "Q", &v, &n), FO_EINVAL);
	assert_int_equal(fo_xdb_set_metadata(NULL, "k", "v", 1), FO_EINVAL);
	assert_int_equal(fo_xdb_get_metadata(NULL, "k", &s, &n), FO_EINVAL);
	assert_int_equal(fo_xdb_get_value(NULL, "Qa", 0, &s, &n), FO_EINVAL);
	assert_int_equal(fo_xdb_commit(NULL), FO_EINVAL);
	assert_int_equal(fo_xdb_search(NULL, &q, 0, 10, &h), FO_EINVAL);
	assert_int_equal(fo_xdb_allterms(NULL, "", 1, &v, NULL, &n), FO_EINVAL);
	assert_non_null(fo_xdb_errmsg(NULL));
	assert_int_equal(fo_xdb_open(NULL, FO_XDB_READ, NULL, NULL), FO_EINVAL);
}

static void
test_xap__readonly_refuses_writes(void **state)
{
	struct fx *f = *state;
	struct fo_xdb *r;
	struct fo_xdoc *d;
	const char *t[] = { "x@0", NULL };
	unsigned n;

	put(f->db, "Qa", "a", t);
	assert_int_equal(fo_xdb_commit(f->db), FO_OK);
	assert_int_equal(fo_xdb_open(f->path, FO_XDB_READ, &r, NULL), FO_OK);
	assert_int_equal(fo_xdoc_new("Qb", &d, NULL), FO_OK);
	assert_int_not_equal(fo_xdb_put_doc(r, d, 0), FO_OK);
	fo_xdoc_free(d);
	assert_non_null(strstr(fo_xdb_errmsg(r), "read-only"));
	assert_int_not_equal(fo_xdb_delete(r, "Qa"), FO_OK);
	assert_int_not_equal(fo_xdb_set_metadata(r, "k", "v", 1), FO_OK);
	assert_int_not_equal(fo_xdb_commit(r), FO_OK);
	assert_string_not_equal(fo_xdb_errmsg(r), "");
	assert_int_equal(fo_xdb_doc_count(r, &n), FO_OK);
	assert_int_equal(n, 1);
	fo_xdb_close(r);
}

/* Terms are checked as they are added; a bad one leaves the document
 * usable; 'fresh' adds a second document with the same id term (the
 * caller's promise broken), replacing does not. */
static void
test_xap__doc_checks_terms_and_ids(void **state)
{
	struct fx *f = *state;
	struct fo_xdoc *d;
	char big[300], *err = NULL;
	unsigned n;

	assert_int_equal(fo_xdoc_new("", &d, &err), FO_EINVAL);
	assert_null(d);
	assert_non_null(err);
	free(err);
	assert_int_equal(fo_xdoc_new("Qa", &d, NULL), FO_OK);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(fo_xdoc_posting(d, big, 0, 1), FO_EINVAL);
	assert_non_null(strstr(fo_xdoc_errmsg(d), "245"));
	assert_int_equal(fo_xdoc_term(d, "", 1), FO_EINVAL);
	assert_int_equal(fo_xdoc_posting(d, "ok", 0, 1), FO_OK);
	assert_int_equal(fo_xdb_put_doc(f->db, d, 0), FO_OK);
	assert_int_equal(fo_xdb_put_doc(f->db, d, 0), FO_OK);
	assert_int_equal(fo_xdb_doc_count(f->db, &n), FO_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fo_xdb_put_doc(f->db, d, 1), FO_OK);
	assert_int_equal(fo_xdb_doc_count(f->db, &n), FO_OK);
	assert_int_equal(n, 2);
	fo_xdoc_free(d);
}

static void
test_xap__version_string(void **state)
{
	(void)state;
	assert_int_equal(strncmp(fo_xapian_version(), "1.", 2), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_xap__put_replaces_by_idterm),
		T(test_xap__value_roundtrip),
		T(test_xap__delete_removes),
		T(test_xap__metadata_roundtrip),
		T(test_xap__phrase_needs_adjacent_bigrams),
		T(test_xap__and_maybe_ranks_and_reports_terms),
		T(test_xap__filter_adds_no_weight),
		T(test_xap__exists),
		T(test_xap__scale_and_wildcard),
		T(test_xap__bad_queries_are_einval),
		T(test_xap__idterms_and_allterms),
		T(test_xap__open_missing_is_enotfound),
		T(test_xap__corrupt_db_is_an_error),
		T(test_xap__null_handle_is_einval),
		T(test_xap__readonly_refuses_writes),
		T(test_xap__doc_checks_terms_and_ids),
		cmocka_unit_test(test_xap__version_string),
	};

	return cmocka_run_group_tests_name("xap", tests, NULL, NULL);
}
