/* tests/test_history.c -- fo_history on a git repository made here, a
 * content root below a repository's top, a directory outside git, and
 * git missing from PATH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "history.h"
#include "testutil.h"

struct fx {
	char	 dir[64];	/* temporary directory, removed in teardown */
};

static int
sh(const char *fmt, const char *dir, const char *arg)
{
	struct fo_buf b = FO_BUF_INIT;
	int rc;

	fo_buf_printf(&b, fmt, dir, arg != NULL ? arg : "");
	rc = system(b.data);
	fo_buf_release(&b);
	return rc;
}

static void
put_file(const char *dir, const char *rel, const char *text)
{
	struct fo_buf p = FO_BUF_INIT;
	FILE *fp;

	fo_buf_printf(&p, "%s/%s", dir, rel);
	fp = fopen(p.data, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	fo_buf_release(&p);
}

/* Commit everything staged in 'dir' with 'subject' on 'date'. */
static void
commit(const char *dir, const char *date, const char *subject)
{
	struct fo_buf b = FO_BUF_INIT;

	fo_buf_printf(&b, "cd '%s' && git add -A && GIT_AUTHOR_DATE='%sT12:00:00' "
	    "GIT_COMMITTER_DATE='%sT12:00:00' git -c user.name=t "
	    "-c user.email=t@example.org -c commit.gpgsign=false commit -q "
	    "-m '%s' >/dev/null", dir, date, date, subject);
	assert_int_equal(system(b.data), 0);
	fo_buf_release(&b);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/fo-history-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
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

	(void)rm_rf(f->dir);
	free(f);
	return 0;
}

/* A repository: content/ holds a.md (two commits), b.md (one), c.md
 * (untracked); top.md sits outside content/. */
static void
make_repo(const char *dir)
{
	assert_int_equal(sh("git init -q '%s' >/dev/null 2>&1", dir, NULL), 0);
	assert_int_equal(sh("mkdir -p '%s/content/annotations'", dir, NULL), 0);
	put_file(dir, "content/annotations/a.md", "one\n");
	put_file(dir, "top.md", "top\n");
	commit(dir, "2026-01-02", "first: a and top");
	put_file(dir, "content/annotations/a.md", "two\n");
	put_file(dir, "content/b.md", "b\n");
	commit(dir, "2026-03-04", "注释：<二> & \"quoted\"");
	put_file(dir, "content/c.md", "untracked\n");
}

static void
test_history__per_file_newest_first(void **state)
{
	struct fx *f = *state;
	struct fo_buf root = FO_BUF_INIT;
	struct fo_history *h = NULL;
	const struct fo_commit *const *v;
	char *msg = NULL;
	size_t n;

	make_repo(f->dir);
	fo_buf_printf(&root, "%s/content", f->dir);
	assert_int_equal(fo_history_load(root.data, &h, &msg), FO_OK);
	assert_null(msg);
	assert_non_null(h);
	assert_int_equal(fo_history_nfiles(h), 2);

	v = fo_history_find(h, "annotations/a.md", &n);
	assert_non_null(v);
	assert_int_equal(n, 2);
	assert_string_equal(v[0]->date, "2026-03-04");
	assert_string_equal(v[0]->subject, "注释：<二> & \"quoted\"");
	assert_string_equal(v[1]->date, "2026-01-02");
	assert_string_equal(v[1]->subject, "first: a and top");
	assert_int_equal(strlen(v[0]->hash), 40);
	assert_int_equal(strlen(v[0]->short_hash), 7);
	assert_memory_equal(v[0]->hash, v[0]->short_hash, 7);
	assert_string_not_equal(v[0]->hash, v[1]->hash);

	v = fo_history_find(h, "b.md", &n);
	assert_non_null(v);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->date, "2026-03-04");
	/* the same commit object for both files */
	assert_ptr_equal(v[0], fo_history_find(h, "annotations/a.md", &n)[0]);

	/* "./" prefix accepted */
	assert_non_null(fo_history_find(h, "./b.md", &n));
	assert_int_equal(n, 1);

	/* untracked, outside the root, unknown: none */
	n = 99;
	assert_null(fo_history_find(h, "c.md", &n));
	assert_int_equal(n, 0);
	assert_null(fo_history_find(h, "top.md", &n));
	assert_null(fo_history_find(h, "../top.md", &n));
	assert_null(fo_history_find(h, "content/b.md", &n));
	fo_history_free(h);
	fo_buf_release(&root);
}

static void
test_history__repo_top_paths(void **state)
{
	struct fx *f = *state;
	struct fo_history *h = NULL;
	size_t n;

	make_repo(f->dir);
	assert_int_equal(fo_history_load(f->dir, &h, NULL), FO_OK);
	assert_int_equal(fo_history_nfiles(h), 3);
	assert_non_null(fo_history_find(h, "top.md", &n));
	assert_int_equal(n, 1);
	assert_non_null(fo_history_find(h, "content/annotations/a.md", &n));
	assert_int_equal(n, 2);
	fo_history_free(h);
}

static void
test_history__not_a_git_tree(void **state)
{
	struct fx *f = *state;
	struct fo_history *h = (struct fo_history *)1;
	char *msg = NULL;
	size_t n = 5;

	/* never look above the temporary directory for a repository */
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	put_file(f->dir, "a.md", "x\n");
	assert_int_equal(fo_history_load(f->dir, &h, &msg), FO_ENOTFOUND);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_null(h);
	assert_non_null(msg);
	assert_non_null(strstr(msg, f->dir));
	free(msg);
	/* a NULL history has nothing in it */
	assert_null(fo_history_find(NULL, "a.md", &n));
	assert_int_equal(n, 0);
	assert_int_equal(fo_history_nfiles(NULL), 0);
	fo_history_free(NULL);
}

static void
test_history__git_not_installed(void **state)
{
	struct fx *f = *state;
	struct fo_history *h = NULL;
	char *msg = NULL, *path = NULL;
	const char *old = getenv("PATH");

	make_repo(f->dir);
	if (old != NULL)
		path = strdup(old);
	setenv("PATH", f->dir, 1);	/* no git in there */
	assert_int_equal(fo_history_load(f->dir, &h, &msg), FO_ENOTFOUND);
	if (path != NULL)
		setenv("PATH", path, 1);
	free(path);
	assert_null(h);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "git is not installed"));
	free(msg);
}

static void
test_history__bad_arguments(void **state)
{
	struct fo_history *h = NULL;

	(void)state;
	assert_int_equal(fo_history_load(NULL, &h, NULL), FO_EINVAL);
	assert_null(h);
	assert_int_equal(fo_history_load("/tmp", NULL, NULL), FO_EINVAL);
	/* a missing directory is no history, not a crash */
	assert_int_equal(fo_history_load("/nonexistent/fo-history", &h, NULL),
	    FO_ENOTFOUND);
	assert_null(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_history__per_file_newest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_history__repo_top_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_history__not_a_git_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_history__git_not_installed, setup, teardown),
		cmocka_unit_test(test_history__bad_arguments),
	};

	return cmocka_run_group_tests_name("history", tests, NULL, NULL);
}
