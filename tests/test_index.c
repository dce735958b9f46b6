/* tests/test_index.c -- the docinfo blob and fo_index_build(): a first
 * build, unchanged and one-file rebuilds, deletions, failed builds that
 * leave the old index whole, and what may stand at 'dbdir'.
 *
 * The loader insists on a complete opinion (24 clauses, 7 sections, the
 * source text), so the fixture is a temporary copy of the real content/
 * tree, edited per case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "content.h"
#include "index.h"
#include "vocab.h"
#include "xap.h"
#include "testutil.h"

struct fx {
	char	 dir[64];
	char	 content[128];
	char	 db[128];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char cmd[512];

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/fo-index-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->content, sizeof f->content, "%s/content", f->dir);
	snprintf(f->db, sizeof f->db, "%s/build/index", f->dir);
	snprintf(cmd, sizeof cmd, "cp -R content '%s' && mkdir '%s/build'",
	    f->content, f->dir);
	if (system(cmd) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	(void)rm_rf(f->dir);
	free(f);
	return 0;
}

static struct fo_content *
load(const char *root)
{
	struct fo_content *c = NULL;

	assert_int_equal(fo_content_load(root, &c), FO_OK);
	if (c->diags.nerrors > 0)
		fo_diags_print(&c->diags, stderr);
	assert_int_equal(c->diags.nerrors, 0);
	return c;
}

/* Load, build with a fresh analyzer and 'threads' analysing (0: as
 * fo_index_build() does), free. */
static enum fo_status
build_threads(const struct fx *f, unsigned threads, struct fo_index_stats *s,
    char **msg)
{
	struct fo_content *c = load(f->content);
	struct fo_index_opts o = FO_INDEX_OPTS_INIT;
	struct fo_analyzer *an;
	enum fo_status st;

	o.threads = threads;
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	st = fo_index_build_opts(c, an, f->db, &o, s, msg);
	fo_analyzer_free(an);
	fo_content_free(c);
	return st;
}

static enum fo_status
build(const struct fx *f, struct fo_index_stats *s, char **msg)
{
	return build_threads(f, 0, s, msg);
}

static unsigned
npages(const struct fx *f)
{
	struct fo_content *c = load(f->content);
	unsigned n = (unsigned)c->npages;

	fo_content_free(c);
	return n;
}

/* Hits for a single term, as a count; -1 if the index will not open. */
static int
count(const char *db, const char *term)
{
	struct fo_xdb *x;
	struct fo_qnode q;
	struct fo_xhits h;
	int n;

	if (fo_xdb_open(db, FO_XDB_READ, &x, NULL) != FO_OK)
		return -1;
	memset(&q, 0, sizeof q);
	q.op = FO_Q_TERM;
	q.term = (char *)term;
	assert_int_equal(fo_xdb_search(x, &q, 0, 1000, &h), FO_OK);
	n = (int)h.n;
	fo_xhits_release(&h);
	fo_xdb_close(x);
	return n;
}

static int
nentries(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
append(const char *path, const char *text)
{
	FILE *fp = fopen(path, "a");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* ---- docinfo -------------------------------------------------------- */

static void
test_index__docinfo_roundtrip(void **state)
{
	struct fo_docinfo in = { FO_KIND_CLAUSE, 4, 2, "clause:4",
	    "发展外贸新业态", "（四）发展外贸新业态",
	    "二、全力推动外贸稳规模优结构", "/clause/4/", "第一段\n第二段" };
	struct fo_docinfo out;
	size_t len;
	char *blob;

	(void)state;
	blob = fo_docinfo_encode(&in, &len);
	assert_int_equal(fo_docinfo_decode(blob, len, &out), FO_OK);
	assert_int_equal(out.kind, FO_KIND_CLAUSE);
	assert_int_equal(out.number, 4);
	assert_int_equal(out.section, 2);
	assert_string_equal(out.id, "clause:4");
	assert_string_equal(out.label, "（四）发展外贸新业态");
	assert_string_equal(out.section_label, "二、全力推动外贸稳规模优结构");
	assert_string_equal(out.text, "第一段\n第二段");
	fo_docinfo_release(&out);
	assert_null(out.id);
	free(blob);

	/* NULL strings stay NULL */
	in.section_label = NULL;
	in.text = NULL;
	blob = fo_docinfo_encode(&in, &len);
	assert_int_equal(fo_docinfo_decode(blob, len, &out), FO_OK);
	assert_null(out.section_label);
	assert_null(out.text);
	assert_string_equal(out.url, "/clause/4/");
	fo_docinfo_release(&out);
	free(blob);
}

static void
test_index__docinfo_corrupt(void **state)
{
	struct fo_docinfo in = { FO_KIND_GLOSSARY, 0, 0, "glossary:x", "海外仓",
	    "海外仓", NULL, "/glossary/x/", "定义" };
	struct fo_docinfo out;
	size_t len, i;
	char *blob, *copy;

	(void)state;
	blob = fo_docinfo_encode(&in, &len);
	/* every truncation fails cleanly (no read past the end: ASan) */
	for (i = 0; i < len; i++) {
		copy = malloc(i + 1);
		memcpy(copy, blob, i);
		assert_int_equal(fo_docinfo_decode(copy, i, &out), FO_ECORRUPT);
		assert_null(out.id);
		free(copy);
	}
	/* trailing junk, a bad magic, a length past the end, a bad kind */
	copy = malloc(len + 1);
	memcpy(copy, blob, len);
	copy[len] = 'x';
	assert_int_equal(fo_docinfo_decode(copy, len + 1, &out), FO_ECORRUPT);
	copy[0] = 'X';
	assert_int_equal(fo_docinfo_decode(copy, len, &out), FO_ECORRUPT);
	free(copy);
	assert_int_equal(fo_docinfo_decode("fodi1\n1 0 0\n999:x\n", 18, &out),
	    FO_ECORRUPT);
	assert_int_equal(fo_docinfo_decode("fodi1\n9 0 0\n-\n-\n-\n-\n-\n-\n",
	    24, &out), FO_ECORRUPT);
	/* a missing id is corrupt too */
	assert_int_equal(fo_docinfo_decode("fodi1\n1 0 0\n-\n-\n-\n-\n-\n-\n",
	    24, &out), FO_ECORRUPT);
	free(blob);
}

/* ---- builds ---------------------------------------------------------- */

static void
test_index__first_build_writes_every_page(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct fo_xdb *x;
	struct fo_analyzer *an;
	struct fo_content *c;
	struct stat sb;
	unsigned n;
	char *v, *msg = NULL;
	size_t len;

	assert_int_equal(build(f, &s, &msg), FO_OK);
	assert_null(msg);
	n = npages(f);
	assert_int_equal(s.added, n);
	assert_int_equal(s.replaced + s.deleted + s.unchanged, 0);
	assert_int_equal(lstat(f->db, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));

	assert_int_equal(count(f->db, "Kclause"), FO_NCLAUSES);
	assert_int_equal(count(f->db, "Ksection"), FO_NSECTIONS);
	assert_int_equal(count(f->db, "Kpreamble"), 1);
	assert_int_equal(count(f->db, "Qclause:4"), 1);
	/* C4: clause 4 itself plus at least one page citing it */
	assert_true(count(f->db, "C4") >= 2);
	assert_int_equal(count(f->db, "G2") >= 6, 1);
	/* segmented words and bigrams, title words prefixed */
	assert_true(count(f->db, "海外仓") >= 1);
	assert_true(count(f->db, "B海外") >= 1);
	assert_true(count(f->db, "S海外仓") >= 1);

	/* metadata: the analyzer fingerprint with the vocabulary added */
	assert_int_equal(fo_xdb_open(f->db, FO_XDB_READ, &x, NULL), FO_OK);
	assert_int_equal(fo_xdb_doc_count(x, &n), FO_OK);
	assert_int_equal(n, s.added);
	assert_int_equal(fo_xdb_get_metadata(x, FO_META_FINGERPRINT, &v, &len),
	    FO_OK);
	c = load(f->content);
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	{
		struct fo_vocab *voc;
		assert_int_equal(fo_vocab_build(c, an, &voc), FO_OK);
		fo_vocab_free(voc);
	}
	assert_string_equal(v, fo_analyzer_fingerprint(an));
	free(v);
	fo_analyzer_free(an);
	fo_content_free(c);
	assert_int_equal(fo_xdb_get_metadata(x, FO_META_VOCAB, &v, &len), FO_OK);
	assert_true(len > 0);
	free(v);
	/* the data decodes */
	assert_int_equal(fo_xdb_get_data(x, "Qclause:4", &v, &len), FO_OK);
	{
		struct fo_docinfo di;
		assert_int_equal(fo_docinfo_decode(v, len, &di), FO_OK);
		assert_int_equal(di.kind, FO_KIND_CLAUSE);
		assert_int_equal(di.number, 4);
		assert_string_equal(di.url, "/clause/4/");
		assert_non_null(di.section_label);
		assert_non_null(strstr(di.text, "海外仓"));
		fo_docinfo_release(&di);
	}
	free(v);
	fo_xdb_close(x);
}

/* Each page's content hash and data, "id hash" lines, from 'db'. */
static char *
page_hashes(const char *db)
{
	struct fo_xdb *x;
	char **ids = NULL, *v, *data, *out = NULL;
	size_t n = 0, i, len, dlen, olen = 0;
	FILE *fp = open_memstream(&out, &olen);

	assert_non_null(fp);
	assert_int_equal(fo_xdb_open(db, FO_XDB_READ, &x, NULL), FO_OK);
	assert_int_equal(fo_xdb_idterms(x, "Q", &ids, &n), FO_OK);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(fo_xdb_get_value(x, ids[i], FO_SLOT_HASH, &v,
		    &len), FO_OK);
		assert_int_equal(fo_xdb_get_data(x, ids[i], &data, &dlen),
		    FO_OK);
		fprintf(fp, "%s %s %zu\n", ids[i], v, dlen);
		free(v);
		free(data);
	}
	fo_strv_free(ids, n);
	fo_xdb_close(x);
	fclose(fp);
	return out;
}

/* Analysing in a second thread (the default with two processors and
 * enough pages: the real content has 77) gives the very same index as
 * one analysing thread (FIVEOUT_THREADS=1); the hash covers every term,
 * position, wdf, value
 * and the data. */
static void
test_index__threaded_build_equals_serial(void **state)
{
	struct fx *f = *state, g = *f;
	struct fo_index_stats s;
	char *serial, *threaded;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		skip();
	assert_int_equal(build_threads(f, 1, &s, NULL), FO_OK);
	serial = page_hashes(f->db);
	snprintf(g.db, sizeof g.db, "%s/build/index2", f->dir);
	assert_true(npages(f) >= 64);
	assert_int_equal(build(&g, &s, NULL), FO_OK);
	assert_int_equal(s.added, npages(f));
	threaded = page_hashes(g.db);
	assert_string_equal(serial, threaded);
	free(serial);
	free(threaded);
}

static void
test_index__rebuild_unchanged_and_one_change(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct fo_content *c;
	char p[256], gdir[256];
	unsigned n;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	n = s.added;
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.unchanged, n);
	assert_int_equal(s.added + s.replaced + s.deleted, 0);
	snprintf(gdir, sizeof gdir, "%s.gen", f->db);
	/* the lock, the new generation and the one before it */
	assert_int_equal(nentries(gdir), 3);

	/* the official text may not change (fidelity check): edit an
	 * annotation's body, which no other page's document includes */
	c = load(f->content);
	assert_true(c->nannotations > 0);
	snprintf(p, sizeof p, "%s", c->annotations[0]->path);
	fo_content_free(c);
	append(p, "\n测试新增段落：海外仓扩容。\n");
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.replaced, 1);
	assert_int_equal(s.unchanged, n - 1);
	assert_int_equal(s.added + s.deleted, 0);
	assert_int_equal(count(f->db, "扩容"), 1);
	assert_int_equal(nentries(gdir), 3);	/* older ones pruned */
}

/* Replace the first 'from' in file 'path' by 'to'. */
static void
rewrite(const char *path, const char *from, const char *to)
{
	char buf[65536], *at;
	size_t n;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	at = strstr(buf, from);
	assert_non_null(at);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fwrite(buf, 1, (size_t)(at - buf), fp);
	fputs(to, fp);
	fputs(at + strlen(from), fp);
	fclose(fp);
}

/* An unchanged page is not even analysed (its input hash is stored), so
 * every kind of input plan_page() reads must count as a change: each
 * edit below re-indexes exactly its page, and the new term is there.
 * (A glossary alias is a project word: changing one changes the analyzer
 * and rebuilds everything, see vocabulary_change_rebuilds_all.) */
static void
test_index__every_input_reanalyses(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	char a[256], g[256];
	size_t i;
	const struct {
		const char *file, *from, *to, *term;
	} edits[] = {
		{ a, "title: 风险防控", "title: 鹦鹉风险防控", "B鹦鹉" },
		{ a, "tags: [风险防控,", "tags: [蝴蝶标签, 风险防控,", "T蝴蝶标签" },
		{ a, "clauses: [7, 18, 23]", "clauses: [5, 7, 18, 23]", NULL },
		{ g, "term: \"1310\"\n", "term: \"1310\"\nen: Zebra Plan\n",
		  "zebra" },
		/* same text, another target: only the links differ */
		{ g, "(section:1)", "(section:3)", NULL },
	};

	snprintf(a, sizeof a, "%s/annotations/fengxian-fangkong.md",
	    f->content);
	snprintf(g, sizeof g, "%s/glossary/1310.md", f->content);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(count(f->db, "C5") >= 1, 1);
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		int c5 = count(f->db, "C5"), g3 = count(f->db, "G3");

		rewrite(edits[i].file, edits[i].from, edits[i].to);
		assert_int_equal(build(f, &s, NULL), FO_OK);
		assert_int_equal(s.replaced, 1);
		assert_int_equal(s.added + s.deleted, 0);
		if (edits[i].term != NULL)
			assert_true(count(f->db, edits[i].term) >= 1);
		else if (strstr(edits[i].to, "[5,") != NULL)
			assert_int_equal(count(f->db, "C5"), c5 + 1);
		else
			assert_int_equal(count(f->db, "G3"), g3 + 1);
		/* and nothing else changed: a second build skips all */
		assert_int_equal(build(f, &s, NULL), FO_OK);
		assert_int_equal(s.replaced + s.added + s.deleted, 0);
	}
}

static void
test_index__vanished_page_is_deleted(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct fo_content *c;
	char p[512], victim[256];
	const char *slug = NULL;
	size_t i;
	unsigned n;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	n = s.added;
	/* an annotation that nothing links to can go */
	c = load(f->content);
	for (i = 0; i < c->nannotations && slug == NULL; i++)
		if (c->annotations[i]->nbacklinks == 0)
			slug = c->annotations[i]->slug;
	assert_non_null(slug);
	snprintf(victim, sizeof victim, "Qannotation:%s", slug);
	snprintf(p, sizeof p, "%s/annotations/%s.md", f->content, slug);
	fo_content_free(c);
	assert_int_equal(count(f->db, victim), 1);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.deleted, 1);
	assert_int_equal(s.unchanged, n - 1);
	assert_int_equal(count(f->db, victim), 0);
}

static void
test_index__failed_build_keeps_old_index(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct fo_content *c;
	struct fo_analyzer *an;
	char before[256], after[256], gdir[256], *msg = NULL, *saved;
	ssize_t n;
	size_t i;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	n = readlink(f->db, before, sizeof before - 1);
	assert_true(n > 0);
	before[n] = '\0';

	/* inject a failure late in the build: invalid UTF-8 in the last page */
	c = load(f->content);
	i = c->npages - 1;
	saved = c->pages[i]->text;
	c->pages[i]->text = "\xff\xfe broken";
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	assert_int_not_equal(fo_index_build(c, an, f->db, &s, &msg), FO_OK);
	assert_non_null(msg);
	assert_non_null(strstr(msg, c->pages[i]->path));
	assert_int_equal(s.added + s.replaced + s.unchanged, 0);
	free(msg);
	c->pages[i]->text = saved;
	fo_analyzer_free(an);
	fo_content_free(c);

	n = readlink(f->db, after, sizeof after - 1);
	assert_true(n > 0);
	after[n] = '\0';
	assert_string_equal(before, after);
	snprintf(gdir, sizeof gdir, "%s.gen", f->db);
	/* lock + the old generation: the half-built one is gone */
	assert_int_equal(nentries(gdir), 2);
	assert_int_equal(count(f->db, "Kclause"), FO_NCLAUSES);

	/* content with errors is refused before anything is touched */
	c = load(f->content);
	c->diags.nerrors = 1;
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	assert_int_equal(fo_index_build(c, an, f->db, &s, &msg), FO_EINVAL);
	free(msg);
	fo_analyzer_free(an);
	c->diags.nerrors = 0;
	fo_content_free(c);
	assert_int_equal(count(f->db, "Kclause"), FO_NCLAUSES);
}

static void
test_index__vocabulary_change_rebuilds_all(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	char p[256];
	unsigned n;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	n = s.added;
	/* a new alias changes the vocabulary, so the fingerprint */
	snprintf(p, sizeof p, "%s/glossary/haiwaicang.md", f->content);
	rewrite(p, "\naliases: []\n", "\naliases: [海外仓储点]\n");
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.replaced, n);
	assert_int_equal(s.unchanged + s.added + s.deleted, 0);
	assert_int_equal(count(f->db, "S海外仓储点"), 1);
}

static void
test_index__concurrent_build_is_refused(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	char p[256], *msg = NULL;
	int fd;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	snprintf(p, sizeof p, "%s.gen/lock", f->db);
	fd = open(p, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(build(f, &s, &msg), FO_EIO);
	assert_non_null(strstr(msg, "another process"));
	free(msg);
	close(fd);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.added + s.replaced, 0);	/* lock released */
	assert_true(s.unchanged > 0);
}

static void
test_index__damaged_index_is_rebuilt(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	char cmd[512];
	unsigned n;

	assert_int_equal(build(f, &s, NULL), FO_OK);
	n = s.added;
	snprintf(cmd, sizeof cmd, "cd '%s' && for t in *.glass iamglass; do "
	    "head -c 4096 /dev/zero | tr '\\0' x > $t; done", f->db);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(count(f->db, "Kclause"), -1);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.added, n);	/* nothing could be reused */
	assert_int_equal(count(f->db, "Kclause"), FO_NCLAUSES);
}

static void
test_index__plain_directory_is_migrated(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct stat sb;
	char p[256], *msg = NULL;
	FILE *fp;

	/* an empty directory becomes the symlink */
	assert_int_equal(mkdir(f->db, 0755), 0);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(lstat(f->db, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(count(f->db, "Kpreamble"), 1);

	/* a directory with other things in it is refused, untouched */
	assert_int_equal(unlink(f->db), 0);
	assert_int_equal(mkdir(f->db, 0755), 0);
	snprintf(p, sizeof p, "%s/notes.txt", f->db);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(build(f, &s, &msg), FO_EINVAL);
	assert_non_null(strstr(msg, "move it away"));
	free(msg);
	assert_int_equal(stat(p, &sb), 0);
}

static void
test_index__legacy_plain_index_is_reused(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	char target[256], cmd[768];
	ssize_t n;
	unsigned added;

	/* an index from before generations: a plain Xapian directory */
	assert_int_equal(build(f, &s, NULL), FO_OK);
	added = s.added;
	n = readlink(f->db, target, sizeof target - 1);
	assert_true(n > 0);
	target[n] = '\0';
	snprintf(cmd, sizeof cmd, "cd '%s/build' && rm index && mv '%s' index"
	    " && rm -rf index.gen", f->dir, target);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(build(f, &s, NULL), FO_OK);
	assert_int_equal(s.unchanged, added);	/* copied, not rebuilt */
	assert_int_equal(count(f->db, "Kclause"), FO_NCLAUSES);
}

static void
test_index__timing_real_content(void **state)
{
	struct fx *f = *state;
	struct fo_index_stats s;
	struct fo_content *c;
	struct fo_analyzer *an;
	struct timespec t0, t1, t2, t3;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	c = load(f->content);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_int_equal(fo_index_build(c, an, f->db, &s, NULL), FO_OK);
	clock_gettime(CLOCK_MONOTONIC, &t3);
#define MS(a, b) (((b).tv_sec - (a).tv_sec) * 1e3 + \
	((b).tv_nsec - (a).tv_nsec) / 1e6)
	print_message("load %.1f ms, analyzer %.1f ms, build %.1f ms "
	    "(%u pages)\n", MS(t0, t1), MS(t1, t2), MS(t2, t3), s.added);
	fo_analyzer_free(an);
	fo_content_free(c);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index__docinfo_roundtrip),
		cmocka_unit_test(test_index__docinfo_corrupt),
		T(test_index__first_build_writes_every_page),
		T(test_index__threaded_build_equals_serial),
		T(test_index__rebuild_unchanged_and_one_change),
		T(test_index__every_input_reanalyses),
		T(test_index__vanished_page_is_deleted),
		T(test_index__failed_build_keeps_old_index),
		T(test_index__vocabulary_change_rebuilds_all),
		T(test_index__concurrent_build_is_refused),
		T(test_index__damaged_index_is_rebuilt),
		T(test_index__plain_directory_is_migrated),
		T(test_index__legacy_plain_index_is_reused),
		T(test_index__timing_real_content),
	};

	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
