/* indexer/content/history.c -- `git log` of the content tree, per file.
 *
 * One git process for the whole tree; its output is one record per
 * commit:
 *
 *   \001<hash>\002<YYYY-MM-DD>\002<subject>\n
 *   \n
 *   annotations/a.md\n
 *   glossary/b.md\n
 *
 * parsed into (path, commit) pairs, then sorted by path (ties kept in
 * log order, newest first) so lookups are a binary search.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "history.h"

extern char **environ;

/* More git output than any content tree should produce. */
#define MAX_LOG_BYTES	(64u * 1024 * 1024)

struct entry {
	const char *path;	/* into the log text */
	size_t	 seq;		/* order in the log: lower is newer */
	const struct fo_commit *commit;
};

struct file {
	char	*path;
	const struct fo_commit **v;
	size_t	 n;
};

struct fo_history {
	struct fo_commit **commits;	size_t ncommits;
	struct file *files;		size_t nfiles;
};

static enum fo_status
fail(char **errmsg, enum fo_status st, const char *what, const char *root)
{
	if (errmsg != NULL) {
		struct fo_buf b = FO_BUF_INIT;

		fo_buf_printf(&b, "%s: %s", root, what);
		*errmsg = fo_buf_detach(&b, NULL);
	}
	return st;
}

/* Run git in 'root'; its stdout into 'log'.  FO_ENOTFOUND if git is
 * missing or exits non-zero. */
static enum fo_status
run_git(const char *root, struct fo_buf *log, char **errmsg)
{
	char *const argv[] = {
		"git", "-C", (char *)root, "-c", "core.quotePath=false",
		"-c", "log.showSignature=false", "--no-pager", "log",
		"--relative", "--name-only", "--no-renames", "--no-color",
		"--encoding=UTF-8", "--format=%x01%H%x02%ad%x02%s",
		"--date=short", "--", ".", NULL
	};
	posix_spawn_file_actions_t fa;
	enum fo_status st = FO_OK;
	int pfd[2], err, status;
	pid_t pid;
	ssize_t r;

	if (pipe(pfd) != 0)
		return fail(errmsg, FO_EIO, strerror(errno), root);
	fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (pfd[1] > 2)
		posix_spawn_file_actions_addclose(&fa, pfd[1]);
	err = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (err != 0) {
		close(pfd[0]);
		return fail(errmsg, err == ENOENT ? FO_ENOTFOUND : FO_EIO,
		    err == ENOENT ? "git is not installed" : strerror(err),
		    root);
	}
	for (;;) {
		fo_buf_grow(log, 65536);
		r = read(pfd[0], log->data + log->len, log->cap - log->len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			st = fail(errmsg, FO_EIO, strerror(errno), root);
			break;
		}
		if (r == 0)
			break;
		log->len += (size_t)r;
		log->data[log->len] = '\0';
		if (log->len > MAX_LOG_BYTES) {
			kill(pid, SIGTERM);
			st = fail(errmsg, FO_ETOOBIG, "git log output too "
			    "large", root);
			break;
		}
	}
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	/* 127: the exec failed in the child (where posix_spawnp cannot
	 * report it, e.g. under valgrind) */
	if (st == FO_OK && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		st = fail(errmsg, FO_ENOTFOUND, "git is not installed", root);
	else if (st == FO_OK && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		st = fail(errmsg, FO_ENOTFOUND, "no git history (not in a git "
		    "work tree, or git log failed)", root);
	return st;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static struct fo_commit *
parse_header(char *s)
{
	struct fo_commit *c;
	char *date, *subj;

	if ((date = strchr(s, '\002')) == NULL)
		return NULL;
	*date++ = '\0';
	if ((subj = strchr(date, '\002')) == NULL)
		return NULL;
	*subj++ = '\0';
	c = fo_xcalloc(1, sizeof(*c));
	c->hash = fo_xstrdup(s);
	c->short_hash = fo_xstrndup(s, 7);
	c->date = fo_xstrdup(date);
	c->subject = fo_xstrdup(subj);
	return c;
}

/* Split 'log' (modified in place) into h->commits and h->files. */
static void
parse(struct fo_history *h, char *log)
{
	struct entry *ents = NULL;
	size_t nents = 0, cap = 0, capc = 0, i, j;
	struct fo_commit *cur = NULL;
	char *line, *nl;

	for (line = log; *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = line + strlen(line);
		if (line[0] == '\001') {
			cur = parse_header(line + 1);
			if (cur == NULL)
				continue;
			if (h->ncommits == capc) {
				capc = capc ? 2 * capc : 64;
				h->commits = fo_xreallocarray(h->commits,
				    capc, sizeof(*h->commits));
			}
			h->commits[h->ncommits++] = cur;
			continue;
		}
		if (line[0] == '\0' || cur == NULL)
			continue;
		if (nents == cap) {
			cap = cap ? 2 * cap : 256;
			ents = fo_xreallocarray(ents, cap, sizeof(*ents));
		}
		ents[nents].path = line;
		ents[nents].seq = nents;
		ents[nents].commit = cur;
		nents++;
	}
	if (nents > 0)
		qsort(ents, nents, sizeof(*ents), cmp_entry);
	for (i = 0; i < nents; i = j) {
		struct file *f;

		for (j = i + 1; j < nents &&
		    strcmp(ents[j].path, ents[i].path) == 0; j++)
			;
		h->files = fo_xreallocarray(h->files, h->nfiles + 1,
		    sizeof(*h->files));
		f = &h->files[h->nfiles++];
		f->path = fo_xstrdup(ents[i].path);
		f->n = 0;
		f->v = fo_xreallocarray(NULL, j - i, sizeof(*f->v));
		for (; i < j; i++)	/* one commit may list a path once only */
			if (f->n == 0 || f->v[f->n - 1] != ents[i].commit)
				f->v[f->n++] = ents[i].commit;
	}
	free(ents);
}

enum fo_status
fo_history_load(const char *root, struct fo_history **out, char **errmsg)
{
	struct fo_buf log = FO_BUF_INIT;
	struct fo_history *h;
	enum fo_status st;

	if (out != NULL)
		*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (root == NULL || out == NULL)
		return FO_EINVAL;
	if ((st = run_git(root, &log, errmsg)) != FO_OK) {
		fo_buf_release(&log);
		return st;
	}
	h = fo_xcalloc(1, sizeof(*h));
	parse(h, log.data);
	fo_buf_release(&log);
	*out = h;
	return FO_OK;
}

static int
cmp_file(const void *key, const void *elem)
{
	return strcmp(key, ((const struct file *)elem)->path);
}

const struct fo_commit *const *
fo_history_find(const struct fo_history *h, const char *relpath, size_t *n)
{
	const struct file *f;

	if (n != NULL)
		*n = 0;
	if (h == NULL || relpath == NULL || h->nfiles == 0)
		return NULL;
	while (relpath[0] == '.' && relpath[1] == '/')
		relpath += 2;
	f = bsearch(relpath, h->files, h->nfiles, sizeof(*h->files), cmp_file);
	if (f == NULL)
		return NULL;
	if (n != NULL)
		*n = f->n;
	return (const struct fo_commit *const *)f->v;
}

size_t
fo_history_nfiles(const struct fo_history *h)
{
	return h != NULL ? h->nfiles : 0;
}

void
fo_history_free(struct fo_history *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->ncommits; i++) {
		free(h->commits[i]->hash);
		free(h->commits[i]->short_hash);
		free(h->commits[i]->date);
		free(h->commits[i]->subject);
		free(h->commits[i]);
	}
	free(h->commits);
	for (i = 0; i < h->nfiles; i++) {
		free(h->files[i].path);
		free(h->files[i].v);
	}
	free(h->files);
	free(h);
}
