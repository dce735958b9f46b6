/* site/out.c -- the output tree.  A build writes into a fresh directory
 * beside OUTDIR and switches it in at the end with one rename (an atomic
 * exchange when the kernel has renameat2), so readers see the old site
 * or the new one, never half of each; a failed build leaves the old
 * site whole.  One idea, hence one file past 800 lines: writing into
 * the tree (path checks, .gz twins, two writer threads), keeping the
 * previous site's unchanged files, and the switch.
 *
 * The live preview rebuilds after every save, and a fresh tree costs a
 * directory entry per file: on this machine's ext4, 4,500 links into
 * the new tree and 4,500 removals from the old took ~150 ms of the
 * 300 ms rebuild, and the next fsync (the index's) waited for their
 * journal.  So the preview keeps the replaced tree as OUTDIR.spare
 * (fo_out_keep_spare()), and its next build takes it as the new tree:
 * every tree carries the list of its files with their hashes
 * (.fiveout-files, outfiles.c), so a file is left as it is when the
 * spare's list has its new bytes, hard-linked from the live tree when
 * the live list has them, else written; what the spare's list names and
 * the build did not write goes.  A tree is made the spare (retire())
 * once readers see the new one, and then cleared of anything its list
 * does not name (tidy()), so that work is off the reload's path.  Files
 * are only ever replaced, never changed in place: the two trees share
 * the unchanged ones by hard links. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "site.h"

#define MARKER ".fiveout-site"
#define CACHE ".fiveout-cache"	/* site/cache.c */
#define FILES ".fiveout-files"	/* site/outfiles.c */
#define SPARE ".spare"		/* OUTDIR.spare: fo_out_keep_spare() */
#define MARKER_TEXT "made by fiveout-site; the directory is replaced on rebuild\n"

static int write_file(const char *path, const void *p, size_t n);
static void out_free(struct fo_out *o);

/* What a writer (the build, or one thread of fo_out_write_all) counts
 * and compresses with. */
struct wr {
	size_t	 files, bytes, kept;
	struct fo_gz *gz;	/* deflate streams reused for every twin */
	struct fo_buf z;	/* their output, reused */
	struct fo_buf dir;	/* the last folder made: files come in order,
				   so most need no mkdir(2) at all */
	struct fo_buf mf;	/* lines of the new tree's list (outfiles.c) */
};

/* The pages and the browser search index are written at the same time
 * (site.c), so the build's counters and fo_out_write()'s streams are
 * used under 'lock'; fo_out_write_all() works on its own and adds its
 * counts at the end. */
struct fo_out {
	char	*final;		/* OUTDIR as given, no trailing '/' */
	char	*tmp;		/* OUTDIR.new-XXXXXX */
	int	 reuse;		/* 'final' is an earlier site of ours */
	struct fo_outfiles live;	/* the list of 'final' (empty if none) */
	int	 spare;		/* 'tmp' is the spare, updated in place */
	struct fo_outfiles old;	/* its list: what it holds */
	int	 keep_spare;	/* fo_out_keep_spare() */
	pthread_mutex_t lock;	/* over 'w' */
	struct wr w;		/* counters and deflate state of the build */
	void	(*switched)(void *);	/* called once the new tree is in */
	void	*switched_ctx;
	int	 lockfd;	/* OUTDIR.lock, held (flock) while building */
};

void
fo_out_on_switch(struct fo_out *o, void (*fn)(void *ctx), void *ctx)
{
	o->switched = fn;
	o->switched_ctx = ctx;
}

/* The old site, after a switch: its entries two levels down (the 10,000
 * annotation directories, the search export's file directories) are
 * shared out to two threads, as each system call costs microseconds on
 * a VM; then what is left, the directories above them, goes.  Every
 * removal is relative to an open directory, as in fo_rmtree_at(): no path is
 * resolved through a link. */
struct rm_item {
	int	 dfd;		/* the open directory holding it */
	char	*name;
	int	 isdir;
};

struct rm_par {
	pthread_mutex_t mu;
	struct rm_item *v;
	size_t	 n, next;
	int	 rc;
};

static void *
rm_worker(void *arg)
{
	struct rm_par *r = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&r->mu);
		i = r->next++;
		pthread_mutex_unlock(&r->mu);
		if (i >= r->n)
			break;
		if (fo_rmtree_at(r->v[i].dfd, r->v[i].name, 1, r->v[i].isdir) != 0) {
			pthread_mutex_lock(&r->mu);
			r->rc = -1;
			pthread_mutex_unlock(&r->mu);
		}
	}
	return NULL;
}

/*
 * Remove one of our trees (OUTDIR, OUTDIR.new-*, OUTDIR.old-*) with its
 * marker last: a build killed half-way through the removal leaves a
 * tree that still carries the marker, which the next build's
 * remove_leftovers() recognises and finishes.
 */
static int
rmtree_ours(const char *root)
{
	struct fo_buf p = FO_BUF_INIT;
	struct dirent *e;
	int rc = 0;
	DIR *d;

	if ((d = opendir(root)) == NULL)
		return fo_rmtree(root);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, MARKER) == 0)
			continue;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", root, e->d_name);
		if (fo_rmtree(p.data) != 0)
			rc = -1;
	}
	closedir(d);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/" MARKER, root);
	if (unlink(p.data) != 0 && errno != ENOENT)
		rc = -1;
	if (rmdir(root) != 0 && errno != ENOENT)
		rc = -1;
	fo_buf_release(&p);
	return rc;
}

static int
rmtree_par(const char *root)
{
	struct rm_par r;
	DIR *d, *sd, **subs = NULL;
	struct dirent *e, *se;
	size_t cap = 0, nsubs = 0, i;
	pthread_t th;
	int fd, threaded, rc;

	memset(&r, 0, sizeof(r));
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return rmtree_ours(root);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return rmtree_ours(root);
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		if ((fd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) < 0)
			continue;
		if ((sd = fdopendir(fd)) == NULL) {
			close(fd);
			continue;
		}
		subs = fo_xreallocarray(subs, nsubs + 1, sizeof(*subs));
		subs[nsubs++] = sd;
		while ((se = readdir(sd)) != NULL) {
			if (strcmp(se->d_name, ".") == 0 ||
			    strcmp(se->d_name, "..") == 0)
				continue;
			if (r.n == cap) {
				cap = cap ? 2 * cap : 256;
				r.v = fo_xreallocarray(r.v, cap, sizeof(*r.v));
			}
			r.v[r.n].dfd = dirfd(sd);
			r.v[r.n].name = fo_xstrdup(se->d_name);
			r.v[r.n++].isdir = se->d_type == DT_DIR;
		}
	}
	closedir(d);
	pthread_mutex_init(&r.mu, NULL);
	threaded = pthread_create(&th, NULL, rm_worker, &r) == 0;
	rm_worker(&r);
	if (threaded)
		pthread_join(th, NULL);
	pthread_mutex_destroy(&r.mu);
	for (i = 0; i < r.n; i++)
		free(r.v[i].name);
	free(r.v);
	for (i = 0; i < nsubs; i++)
		closedir(subs[i]);
	free(subs);
	rc = rmtree_ours(root);	/* the rest, the marker last */
	return rc != 0 ? rc : r.rc;
}

/* 1 if 'dir' may be replaced: missing, empty, or made by us. */
static int
replaceable(const char *dir, int *exists)
{
	struct stat st;
	struct fo_buf m = FO_BUF_INIT;
	int ok;

	*exists = 0;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT;
	*exists = 1;
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (rmdir(dir) == 0) {	/* empty: gone, will be made anew */
		*exists = 0;
		return 1;
	}
	fo_buf_printf(&m, "%s/" MARKER, dir);
	ok = access(m.data, F_OK) == 0;
	fo_buf_release(&m);
	return ok;
}

/*
 * Remove what builds of 'final' that died left beside it: OUTDIR.new-*
 * (a tree being written) and OUTDIR.old-* (one being removed).  Only
 * called with OUTDIR.lock held, so no live build owns any of them; only
 * folders that carry our marker are removed, and empty ones (a build
 * killed before it wrote the marker).
 */
static void
remove_leftovers(const char *final)
{
	const char *slash = strrchr(final, '/');
	struct fo_buf dir = FO_BUF_INIT, p = FO_BUF_INIT;
	const char *base = slash != NULL ? slash + 1 : final;
	size_t bl = strlen(base);
	struct dirent *e;
	DIR *d;

	if (slash != NULL)
		fo_buf_put(&dir, final, (size_t)(slash - final) + (slash == final));
	else
		fo_buf_puts(&dir, ".");
	if ((d = opendir(dir.data)) == NULL) {
		fo_buf_release(&dir);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat sb;

		if (strncmp(e->d_name, base, bl) != 0 ||
		    (strncmp(e->d_name + bl, ".new-", 5) != 0 &&
		    strncmp(e->d_name + bl, ".old-", 5) != 0))
			continue;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s/" MARKER, dir.data, e->d_name);
		if (lstat(p.data, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			/* killed between mkdtemp(3) and the marker: empty */
			fo_buf_truncate(&p, p.len - strlen("/" MARKER));
			(void)rmdir(p.data);
			continue;
		}
		fo_buf_truncate(&p, p.len - strlen("/" MARKER));
		rmtree_ours(p.data);
	}
	closedir(d);
	fo_buf_release(&dir);
	fo_buf_release(&p);
}

/* 1 if 'f' was read from a tree (fo_outfiles_load() succeeded). */
static int
listed(const struct fo_outfiles *f)
{
	return f->cap > 0;
}

/* 1 if the spare's list names 'rel' (or, for "x.gz", x with a twin). */
static int
spare_lists(const struct fo_outfiles *f, struct fo_buf *rel)
{
	const struct fo_outfile *e;
	size_t n = rel->len;

	if (fo_outfiles_find(f, rel->data) != NULL)
		return 1;
	if (n <= 3 || strcmp(rel->data + n - 3, ".gz") != 0)
		return 0;
	rel->data[n - 3] = '\0';
	e = fo_outfiles_find(f, rel->data);
	rel->data[n - 3] = '.';
	return e != NULL && e->gz;
}

/*
 * Clear the folder 'fd' (at 'rel' in the tree) of everything that the
 * tree's list 'f' does not name: files put there by hand, links, and at
 * the top .fiveout-cache (the marker and the list stay); folders left
 * empty go.  Reading ~100 folders costs a few milliseconds: done to the
 * tree that becomes the spare, once readers see the new one, so that a
 * tree switched in holds exactly what its build wrote.  Takes 'fd'.
 */
static int
tidy(const struct fo_outfiles *f, int fd, struct fo_buf *rel, int depth)
{
	struct dirent *e;
	struct stat sb;
	DIR *d;
	int rc = 0, sub;

	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		size_t at = rel->len;
		unsigned type = e->d_type;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    (depth == 0 && (strcmp(e->d_name, MARKER) == 0 ||
		    strcmp(e->d_name, FILES) == 0)))
			continue;
		if (at > 0)
			fo_buf_putc(rel, '/');
		fo_buf_puts(rel, e->d_name);
		if (type == DT_UNKNOWN) {
			type = DT_LNK;	/* removed, unless known to be more */
			if (fstatat(dirfd(d), e->d_name, &sb,
			    AT_SYMLINK_NOFOLLOW) == 0)
				type = S_ISDIR(sb.st_mode) ? DT_DIR :
				    S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR && depth < 64) {
			if ((sub = openat(dirfd(d), e->d_name, O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
			    tidy(f, sub, rel, depth + 1) != 0)
				rc = -1;
			(void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
		} else if (type != DT_REG || !spare_lists(f, rel)) {
			if (type == DT_DIR)
				rc = -1;	/* too deep to be ours */
			else if (unlinkat(dirfd(d), e->d_name, 0) != 0 &&
			    errno != ENOENT)
				rc = -1;
		}
		fo_buf_truncate(rel, at);
	}
	closedir(d);
	return rc;
}

/*
 * Take OUTDIR.spare, a tree of ours with its list, as the new tree when
 * the live one has its list too: renamed to OUTDIR.new-XXXXXX (so that a
 * build that dies leaves it to remove_leftovers()), its list read and
 * removed (the new one is written at the commit).  It was tidied when it
 * was made the spare (retire()).  0 if taken; -1 if there is none, or it
 * cannot serve (then, if ours, it is removed).
 */
static int
take_spare(struct fo_out *o)
{
	struct fo_buf sp = FO_BUF_INIT, p = FO_BUF_INIT;
	struct stat sb;
	int rc = -1;

	fo_buf_printf(&sp, "%s" SPARE, o->final);
	fo_buf_printf(&p, "%s/" MARKER, sp.data);
	if (lstat(sp.data, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
	    lstat(p.data, &sb) != 0 || !S_ISREG(sb.st_mode))
		goto out;	/* none, or not ours: left alone */
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/" FILES, sp.data);
	if (!listed(&o->live) || fo_outfiles_load(&o->old, p.data) != 0)
		goto drop;
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s.new-XXXXXX", o->final);
	if (mkdtemp(p.data) == NULL)
		goto drop;
	if (rename(sp.data, p.data) != 0) {
		(void)rmdir(p.data);
		goto drop;
	}
	o->tmp = fo_buf_detach(&p, NULL);
	fo_buf_printf(&p, "%s/" FILES, o->tmp);
	if (unlink(p.data) != 0) {
		rmtree_ours(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		fo_outfiles_release(&o->old);
		goto out;
	}
	o->spare = 1;
	rc = 0;
	goto out;
drop:
	fo_outfiles_release(&o->old);
	rmtree_ours(sp.data);
out:
	fo_buf_release(&sp);
	fo_buf_release(&p);
	return rc;
}

enum fo_status
fo_out_open(const char *outdir, struct fo_out **out, char **errmsg)
{
	struct fo_out *o;
	struct fo_buf b = FO_BUF_INIT;
	size_t n;
	int exists;

	*out = NULL;
	if (outdir == NULL || *outdir == '\0')
		return FO_EINVAL;
	n = strlen(outdir);
	while (n > 1 && outdir[n - 1] == '/')
		n--;
	if ((n == 1 && outdir[0] == '/') ||
	    (n >= 1 && outdir[n - 1] == '.' && (n == 1 || outdir[n - 2] == '/'))) {
		errno = EINVAL;
		return fo_error(errmsg, FO_EINVAL, "%s: not a usable output "
		    "directory (%s)", outdir, strerror(errno));
	}
	o = fo_xcalloc(1, sizeof(*o));
	o->lockfd = -1;
	pthread_mutex_init(&o->lock, NULL);
	fo_buf_init(&o->w.z);
	fo_buf_init(&o->w.dir);
	fo_buf_init(&o->w.mf);
	fo_buf_init(&o->live.text);
	fo_buf_init(&o->old.text);
	o->final = fo_xstrndup(outdir, n);
	if (!replaceable(o->final, &exists)) {
		enum fo_status st;

		errno = EEXIST;
		st = fo_error(errmsg, FO_EINVAL, "%s: exists and was not made by "
		    "fiveout-site (no " MARKER "); refusing to replace it (%s)",
		    o->final, strerror(errno));
		fo_buf_release(&b);
		out_free(o);
		return st;
	}
	/* one build of an output folder at a time; the lock also tells a
	   build that the work folders beside it are a dead one's */
	fo_buf_printf(&b, "%s.lock", o->final);
	o->lockfd = open(b.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (o->lockfd < 0 || flock(o->lockfd, LOCK_EX) != 0) {
		enum fo_status st = fo_error(errmsg, FO_EIO, "%s: %s", b.data,
		    strerror(errno));

		fo_buf_release(&b);
		out_free(o);
		return st;
	}
	fo_buf_reset(&b);
	remove_leftovers(o->final);
	o->reuse = exists;
	if (exists) {
		fo_buf_printf(&b, "%s/" FILES, o->final);
		(void)fo_outfiles_load(&o->live, b.data);
		fo_buf_reset(&b);
	}
	if (take_spare(o) == 0) {
		fo_buf_release(&b);
		*out = o;
		return FO_OK;
	}
	fo_buf_printf(&b, "%s.new-XXXXXX", o->final);
	if (mkdtemp(b.data) == NULL) {
		enum fo_status st = fo_error(errmsg, FO_EIO, "%s: %s", b.data,
		    strerror(errno));

		fo_buf_release(&b);
		out_free(o);
		return st;
	}
	chmod(b.data, 0755);
	o->tmp = fo_buf_detach(&b, NULL);
	fo_buf_printf(&b, "%s/" MARKER, o->tmp);
	if (write_file(b.data, MARKER_TEXT, strlen(MARKER_TEXT)) != 0) {
		enum fo_status st = fo_error(errmsg, FO_EIO, "%s: %s", b.data,
		    strerror(errno));

		fo_buf_release(&b);
		fo_out_abort(o);
		return st;
	}
	fo_buf_release(&b);
	*out = o;
	return FO_OK;
}

int
fo_out_path_ok(const char *rel)
{
	const char *p = rel, *seg;

	if (rel == NULL || *rel == '\0' || *rel == '/')
		return 0;
	while (*p != '\0') {
		seg = p;
		while (*p != '\0' && *p != '/') {
			char c = *p;

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
			    c == '.'))
				return 0;
			p++;
		}
		if (p == seg || seg[0] == '.')	/* empty, ., .., hidden */
			return 0;
		if (*p == '/') {
			p++;
			if (*p == '\0')
				return 0;
		}
	}
	return 1;
}

/* Make the directories of 'path' below its first 'skip' bytes. */
static int
mkparents(char *path, size_t skip)
{
	char *s = strrchr(path + skip, '/');
	int rc;

	/* the parent alone first: it exists, or is made, in one call */
	if (s == NULL || s == path + skip)
		return 0;
	*s = '\0';
	rc = mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : errno;
	*s = '/';
	if (rc != ENOENT)
		return rc == 0 ? 0 : -1;
	for (s = strchr(path + skip, '/'); s != NULL; s = strchr(s + 1, '/')) {
		if (s == path + skip)
			continue;
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return 0;
}

/* A new file (O_EXCL: never through a link) with 'n' bytes; open, one
 * write, close -- stdio's buffer, fstat and copy cost more than the
 * write of a small page. */
static int
write_file(const char *path, const void *p, size_t n)
{
	const char *q = p;
	ssize_t w;
	int fd, ok = 1, e;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0666)) < 0)
		return -1;
	while (n > 0) {
		if ((w = write(fd, q, n)) < 0) {
			if (errno == EINTR)
				continue;
			ok = 0;
			break;
		}
		q += w;
		n -= (size_t)w;
	}
	e = errno;
	if (close(fd) != 0)
		ok = 0;
	else
		errno = e;
	return ok ? 0 : -1;
}

/* 1 if the regular file 'path' holds exactly the 'n' bytes at 'p'. */
static int
same_file(const char *path, const void *p, size_t n)
{
	char buf[65536];
	struct stat sb;
	size_t off = 0;
	ssize_t r;
	int fd, same = 0;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (size_t)sb.st_size != n)
		goto out;
	for (;;) {
		r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || off + (size_t)r > n ||
		    memcmp(buf, (const char *)p + off, (size_t)r) != 0)
			break;
		off += (size_t)r;
	}
	same = r == 0 && off == n;
out:
	close(fd);
	return same;
}

/* Count a file (and its twin) that the new tree holds as 'e' says, and
 * list it. */
static void
took(struct wr *w, const char *rel, const struct fo_outfile *e, int kept)
{
	w->files += 1 + (size_t)e->gz;
	w->bytes += e->n + e->zn;
	if (kept)
		w->kept += 1 + (size_t)e->gz;
	fo_outfiles_line(&w->mf, rel, e->h, e->n, e->gz, e->zn);
}

static int
same_entry(const struct fo_outfile *e, uint64_t h, size_t n, int gz)
{
	return e->h == h && e->n == n && e->gz == (gz != 0);
}

/* Remove 'path' and its twin from the spare (missing ones: fine). */
static int
unlink_twins(const char *path)
{
	struct fo_buf z = FO_BUF_INIT;
	int rc = 0;

	if (unlink(path) != 0 && errno != ENOENT)
		rc = -1;
	fo_buf_printf(&z, "%s.gz", path);
	if (unlink(z.data) != 0 && errno != ENOENT)
		rc = -1;
	fo_buf_release(&z);
	return rc;
}

/* Hard-link the live tree's 'rel' (and twin if 'gz') as 'path': 0, or
 * -1 with nothing linked. */
static int
link_twins(const struct fo_out *o, const char *rel, const char *path, int gz)
{
	struct fo_buf old = FO_BUF_INIT, nw = FO_BUF_INIT;
	int rc = -1;

	fo_buf_printf(&old, "%s/%s", o->final, rel);
	if (link(old.data, path) != 0)
		goto out;
	if (gz) {
		fo_buf_puts(&old, ".gz");
		fo_buf_printf(&nw, "%s.gz", path);
		if (link(old.data, nw.data) != 0) {
			unlink(path);
			goto out;
		}
	}
	rc = 0;
out:
	fo_buf_release(&old);
	fo_buf_release(&nw);
	return rc;
}

/*
 * Before 'rel' (bytes of hash 'h', 'n' long, a twin if 'gz') is written
 * as 'path' into the spare: 1 if the spare holds it already (its list
 * says so) or it was linked from the live tree (whose list says so);
 * 0 if it is to be written (the spare's old file removed, or its folder
 * made); -1 on an error (errno).  The lists stand for the bytes: no
 * file is read, and none is ever changed in place (the trees share
 * files by hard links), only replaced.
 */
static int
spare_has(struct fo_out *o, struct wr *w, const char *rel, char *path,
    uint64_t h, size_t n, int gz)
{
	struct fo_outfile *e = fo_outfiles_find(&o->old, rel), *l;

	if (e != NULL) {
		e->seen = 1;
		if (same_entry(e, h, n, gz)) {
			took(w, rel, e, 1);
			return 1;
		}
		if (unlink_twins(path) != 0)
			return -1;
	} else if (mkparents(path, strlen(o->tmp)) != 0)
		return -1;
	l = fo_outfiles_find(&o->live, rel);
	if (l != NULL && same_entry(l, h, n, gz) &&
	    link_twins(o, rel, path, gz) == 0) {
		took(w, rel, l, 1);
		return 1;
	}
	return 0;
}

/*
 * Keep 'rel' (and its twin 'rel'.gz if 'gz') from the previous site
 * when its bytes are unchanged: hard-link the old file into the new
 * tree, so an unchanged page is neither rewritten nor recompressed and
 * keeps its mtime.  The old tree is only read, never modified, so a
 * failed build still leaves it whole.  1 if kept (both files linked).
 */
static int
keep_old(struct fo_out *o, struct wr *w, const char *rel, const char *newpath,
    const void *p, size_t n, int gz, uint64_t h)
{
	struct fo_buf old = FO_BUF_INIT, newz = FO_BUF_INIT;
	struct stat sb;
	int ok = 0;

	if (!o->reuse)
		return 0;
	fo_buf_printf(&old, "%s/%s", o->final, rel);
	if (!same_file(old.data, p, n) || link(old.data, newpath) != 0)
		goto out;
	if (gz) {
		fo_buf_puts(&old, ".gz");
		fo_buf_printf(&newz, "%s.gz", newpath);
		if (lstat(old.data, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    link(old.data, newz.data) != 0) {
			unlink(newpath);
			goto out;
		}
		w->files++;
		w->kept++;
		w->bytes += (size_t)sb.st_size;
	}
	w->files++;
	w->kept++;
	w->bytes += n;
	fo_outfiles_line(&w->mf, rel, h, n, gz, gz ? (size_t)sb.st_size : 0);
	ok = 1;
out:
	fo_buf_release(&old);
	fo_buf_release(&newz);
	return ok;
}

int
fo_out_keep(struct fo_out *o, const char *const *rels, size_t n)
{
	struct fo_buf old = FO_BUF_INIT, nw = FO_BUF_INIT, lastdir = FO_BUF_INIT;
	struct wr w;
	struct fo_outfile *l, *e;
	struct stat sb;
	size_t i, k;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	fo_buf_init(&w.mf);
	if (o == NULL || !o->reuse)
		return -1;
	/* all there, or nothing is linked: listed (the new tree's list
	   takes their hashes from the live one's) and, without a spare,
	   on disk */
	for (i = 0; i < n; i++) {
		if (!fo_out_path_ok(rels[i]) ||
		    (l = fo_outfiles_find(&o->live, rels[i])) == NULL || !l->gz)
			goto out;
		for (k = 0; k < 2 && !o->spare; k++) {
			fo_buf_reset(&old);
			fo_buf_printf(&old, "%s/%s%s", o->final, rels[i],
			    k ? ".gz" : "");
			if (lstat(old.data, &sb) != 0 || !S_ISREG(sb.st_mode))
				goto out;
		}
	}
	for (i = 0; i < n; i++) {
		/* a directory is made once for the files that follow in it
		 * (the export's shards come grouped by directory) */
		const char *sl = strrchr(rels[i], '/');
		size_t dl = sl != NULL ? (size_t)(sl - rels[i]) : 0;
		int newdir = dl > 0 && (dl != lastdir.len ||
		    memcmp(lastdir.data, rels[i], dl) != 0);

		l = fo_outfiles_find(&o->live, rels[i]);
		took(&w, rels[i], l, 1);
		fo_buf_reset(&nw);
		fo_buf_printf(&nw, "%s/%s", o->tmp, rels[i]);
		if (o->spare) {
			/* the spare's own file if it is the same, else the
			   live one's */
			if ((e = fo_outfiles_find(&o->old, rels[i])) != NULL) {
				e->seen = 1;
				if (same_entry(e, l->h, l->n, 1))
					continue;
			}
			if ((e != NULL ? unlink_twins(nw.data) :
			    mkparents(nw.data, strlen(o->tmp))) != 0 ||
			    link_twins(o, rels[i], nw.data, 1) != 0) {
				rc = -2;
				goto out;
			}
			continue;
		}
		if ((newdir && mkparents(nw.data, strlen(o->tmp)) != 0) ||
		    link_twins(o, rels[i], nw.data, 1) != 0) {
			rc = -2;
			goto out;
		}
		if (newdir) {
			fo_buf_reset(&lastdir);
			fo_buf_put(&lastdir, rels[i], dl);
		}
	}
	pthread_mutex_lock(&o->lock);
	o->w.files += w.files;
	o->w.kept += w.kept;
	o->w.bytes += w.bytes;
	fo_buf_put(&o->w.mf, w.mf.data, w.mf.len);
	pthread_mutex_unlock(&o->lock);
	rc = 0;
out:
	fo_buf_release(&old);
	fo_buf_release(&nw);
	fo_buf_release(&lastdir);
	fo_buf_release(&w.mf);
	return rc;
}

static enum fo_status
write_one(struct fo_out *o, struct wr *w, const char *rel, const void *p,
    size_t n, int gz, char **errmsg)
{
	struct fo_buf path = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	uint64_t h;

	if (o == NULL || !fo_out_path_ok(rel)) {
		if (errmsg != NULL) {
			struct fo_buf m = FO_BUF_INIT;

			fo_buf_puts(&m, "refusing unsafe output path: ");
			fo_esc_url(&m, rel != NULL ? rel : "(null)",
			    rel != NULL ? strlen(rel) : 6);
			*errmsg = fo_buf_detach(&m, NULL);
		}
		return FO_EINVAL;
	}
	h = fo_bytes_hash(p, n);
	fo_buf_printf(&path, "%s/%s", o->tmp, rel);
	if (o->spare) {
		int r = spare_has(o, w, rel, path.data, h, n, gz);

		if (r < 0)
			st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
			    strerror(errno));
		if (r != 0)
			goto out;
	} else {
		const char *slash = strrchr(path.data, '/');
		size_t dl = (size_t)(slash - path.data);

		if (w->dir.len != dl || memcmp(w->dir.data, path.data, dl) != 0) {
			if (mkparents(path.data, strlen(o->tmp)) != 0) {
				st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
				    strerror(errno));
				goto out;
			}
			fo_buf_reset(&w->dir);
			fo_buf_put(&w->dir, path.data, dl);
		}
		if (keep_old(o, w, rel, path.data, p, n, gz, h))
			goto out;
	}
	if (write_file(path.data, p, n) != 0) {
		st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
		    strerror(errno));
		goto out;
	}
	w->files++;
	w->bytes += n;
	if (gz) {
		if (w->gz == NULL)
			w->gz = fo_gz_new();
		fo_buf_reset(&w->z);
		if ((st = fo_gz_compress(w->gz, p, n, &w->z)) != FO_OK)
			goto out;
		fo_buf_puts(&path, ".gz");
		if (write_file(path.data, w->z.data, w->z.len) != 0) {
			st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
			    strerror(errno));
			goto out;
		}
		w->files++;
		w->bytes += w->z.len;
	}
	fo_outfiles_line(&w->mf, rel, h, n, gz, gz ? w->z.len : 0);
out:
	fo_buf_release(&path);
	return st;
}

enum fo_status
fo_out_write(struct fo_out *o, const char *rel, const void *p, size_t n,
    int gz, char **errmsg)
{
	enum fo_status st;

	if (o == NULL)
		return write_one(o, NULL, rel, p, n, gz, errmsg);
	pthread_mutex_lock(&o->lock);
	st = write_one(o, &o->w, rel, p, n, gz, errmsg);
	pthread_mutex_unlock(&o->lock);
	return st;
}

/* One of the two writers of fo_out_write_all(): files from, from+2, ... */
struct half {
	struct fo_out *o;
	const char *const *rels;
	const void *const *p;
	const size_t *len;
	const unsigned char *gz;	/* NULL: every file gets its twin */
	size_t	 n, from;
	size_t	 nkept;		/* entries kept from the previous site */
	struct wr w;
	enum fo_status st;
	char	*errmsg;
};

static void *
write_half(void *arg)
{
	struct half *h = arg;
	size_t i;

	for (i = h->from; i < h->n && h->st == FO_OK; i += 2) {
		size_t kept = h->w.kept;

		h->st = write_one(h->o, &h->w, h->rels[i], h->p[i], h->len[i],
		    h->gz != NULL ? h->gz[i] : 1, &h->errmsg);
		if (h->w.kept > kept)
			h->nkept++;
	}
	return NULL;
}

enum fo_status
fo_out_write_all(struct fo_out *o, const char *const *rels,
    const void *const *p, const size_t *len, size_t n, char **errmsg)
{
	return fo_out_write_batch(o, rels, p, len, NULL, n, NULL, errmsg);
}

enum fo_status
fo_out_write_batch(struct fo_out *o, const char *const *rels,
    const void *const *p, const size_t *len, const unsigned char *gz,
    size_t n, size_t *kept, char **errmsg)
{
	struct half h[2];
	pthread_t th;
	int threaded;
	size_t k;
	enum fo_status st = FO_OK;

	if (o == NULL)
		return FO_EINVAL;
	memset(h, 0, sizeof(h));
	for (k = 0; k < 2; k++) {
		h[k].o = o;
		h[k].rels = rels;
		h[k].p = p;
		h[k].len = len;
		h[k].gz = gz;
		h[k].n = n;
		h[k].from = k;
		fo_buf_init(&h[k].w.z);
		fo_buf_init(&h[k].w.dir);
		fo_buf_init(&h[k].w.mf);
	}
	pthread_mutex_lock(&o->lock);
	h[0].w.gz = o->w.gz;	/* the build's streams for one half */
	o->w.gz = NULL;
	pthread_mutex_unlock(&o->lock);
	threaded = pthread_create(&th, NULL, write_half, &h[1]) == 0;
	write_half(&h[0]);
	if (threaded)
		pthread_join(th, NULL);
	else
		write_half(&h[1]);
	pthread_mutex_lock(&o->lock);
	if (o->w.gz == NULL) {
		o->w.gz = h[0].w.gz;
		h[0].w.gz = NULL;
	}
	for (k = 0; k < 2; k++) {
		o->w.files += h[k].w.files;
		o->w.bytes += h[k].w.bytes;
		o->w.kept += h[k].w.kept;
		fo_buf_put(&o->w.mf, h[k].w.mf.data, h[k].w.mf.len);
	}
	pthread_mutex_unlock(&o->lock);
	if (kept != NULL)
		*kept = h[0].nkept + h[1].nkept;
	for (k = 0; k < 2; k++) {
		if (h[k].st != FO_OK && st == FO_OK) {
			st = h[k].st;
			if (errmsg != NULL) {
				*errmsg = h[k].errmsg;
				h[k].errmsg = NULL;
			}
		}
		free(h[k].errmsg);
		fo_buf_release(&h[k].w.z);
		fo_buf_release(&h[k].w.dir);
		fo_buf_release(&h[k].w.mf);
	}
	fo_gz_free(h[0].w.gz);
	fo_gz_free(h[1].w.gz);
	return st;
}

/* The previous site's bookkeeping file: appended to 'b'; -1 if none. */
int
fo_out_cache_old(const struct fo_out *o, struct fo_buf *b)
{
	struct fo_buf path = FO_BUF_INIT;
	char buf[65536];
	ssize_t r;
	int fd, rc = -1;

	if (o == NULL || !o->reuse)
		return -1;
	fo_buf_printf(&path, "%s/" CACHE, o->final);
	if ((fd = open(path.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		while ((r = read(fd, buf, sizeof(buf))) > 0 ||
		    (r < 0 && errno == EINTR))
			if (r > 0)
				fo_buf_put(b, buf, (size_t)r);
		rc = r == 0 ? 0 : -1;
		close(fd);
	}
	fo_buf_release(&path);
	return rc;
}

int
fo_out_cache_link(struct fo_out *o)
{
	struct fo_buf old = FO_BUF_INIT, nw = FO_BUF_INIT;
	int rc = -1;

	if (o != NULL && o->reuse) {
		fo_buf_printf(&old, "%s/" CACHE, o->final);
		fo_buf_printf(&nw, "%s/" CACHE, o->tmp);
		rc = link(old.data, nw.data);
	}
	fo_buf_release(&old);
	fo_buf_release(&nw);
	return rc;
}

enum fo_status
fo_out_cache_put(struct fo_out *o, const void *p, size_t n, char **errmsg)
{
	struct fo_buf path = FO_BUF_INIT;
	enum fo_status st = FO_OK;

	fo_buf_printf(&path, "%s/" CACHE, o->tmp);
	if (write_file(path.data, p, n) != 0)
		st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
		    strerror(errno));
	fo_buf_release(&path);
	return st;
}

void
fo_out_stats(const struct fo_out *o, size_t *files, size_t *bytes)
{
	pthread_mutex_lock((pthread_mutex_t *)&o->lock);
	*files = o->w.files;
	*bytes = o->w.bytes;
	pthread_mutex_unlock((pthread_mutex_t *)&o->lock);
}

size_t
fo_out_kept(const struct fo_out *o)
{
	size_t n;

	if (o == NULL)
		return 0;
	pthread_mutex_lock((pthread_mutex_t *)&o->lock);
	n = o->w.kept;
	pthread_mutex_unlock((pthread_mutex_t *)&o->lock);
	return n;
}

/* Free 'o' and what it holds (the trees are the caller's business). */
static void
out_free(struct fo_out *o)
{
	free(o->tmp);
	free(o->final);
	fo_gz_free(o->w.gz);
	fo_buf_release(&o->w.z);
	fo_buf_release(&o->w.dir);
	fo_buf_release(&o->w.mf);
	fo_outfiles_release(&o->live);
	fo_outfiles_release(&o->old);
	pthread_mutex_destroy(&o->lock);
	if (o->lockfd >= 0)
		close(o->lockfd);	/* and with it the lock */
	free(o);
}

void
fo_out_keep_spare(struct fo_out *o)
{
	o->keep_spare = 1;
}

void
fo_out_drop_spare(const char *outdir)
{
	struct fo_buf b = FO_BUF_INIT;
	size_t n = strlen(outdir);
	int fd;

	while (n > 1 && outdir[n - 1] == '/')
		n--;
	fo_buf_put(&b, outdir, n);
	fo_buf_puts(&b, ".lock");
	if ((fd = open(b.data, O_RDWR | O_CLOEXEC | O_NOFOLLOW)) >= 0 &&
	    flock(fd, LOCK_EX) == 0) {
		struct stat sb;

		fo_buf_truncate(&b, n);
		fo_buf_puts(&b, SPARE "/" MARKER);
		if (lstat(b.data, &sb) == 0 && S_ISREG(sb.st_mode)) {
			fo_buf_truncate(&b, n + strlen(SPARE));
			rmtree_ours(b.data);
		}
	}
	if (fd >= 0)
		close(fd);
	fo_buf_release(&b);
}

/* The spare's files that this build did not write, with their folders
 * if that leaves them empty. */
static void
drop_unseen(struct fo_out *o)
{
	struct fo_buf p = FO_BUF_INIT;
	size_t i, root = strlen(o->tmp);
	char *sl;

	for (i = 0; i < o->old.n; i++) {
		if (o->old.v[i].seen || !fo_out_path_ok(o->old.v[i].rel))
			continue;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", o->tmp, o->old.v[i].rel);
		(void)unlink_twins(p.data);
		while ((sl = strrchr(p.data, '/')) != NULL &&
		    (size_t)(sl - p.data) > root) {
			*sl = '\0';
			if (rmdir(p.data) != 0)
				break;
		}
	}
	fo_buf_release(&p);
}

/* The replaced tree, now at 'path': the spare (tidied: tidy()), or
 * removed.  Only a tree with its list can serve as the spare. */
static void
retire(const struct fo_out *o, const char *path)
{
	struct fo_buf sp = FO_BUF_INIT, rel = FO_BUF_INIT;
	int fd;

	fo_buf_printf(&sp, "%s" SPARE, o->final);
	if (!o->keep_spare || !listed(&o->live) || rename(path, sp.data) != 0)
		rmtree_par(path);
	else if ((fd = open(sp.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0 || tidy(&o->live, fd, &rel, 0) != 0)
		rmtree_par(sp.data);
	fo_buf_release(&sp);
	fo_buf_release(&rel);
}

enum fo_status
fo_out_commit(struct fo_out *o, char **errmsg)
{
	struct fo_buf list = FO_BUF_INIT, path = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	int exists, wrote;

	/* the spare's leftovers go, and the list of what the tree holds
	   is the last file written into it */
	if (o->spare)
		drop_unseen(o);
	fo_outfiles_text(&o->w.mf, &list);
	fo_buf_printf(&path, "%s/" FILES, o->tmp);
	wrote = write_file(path.data, list.data, list.len) == 0;
	if (!wrote)
		st = fo_error(errmsg, FO_EIO, "%s: %s", path.data,
		    strerror(errno));
	fo_buf_release(&list);
	fo_buf_release(&path);
	if (!wrote) {
		fo_out_abort(o);
		return st;
	}
	if (!replaceable(o->final, &exists)) {
		errno = EEXIST;
		st = fo_error(errmsg, FO_EINVAL, "%s: changed during the build; "
		    "not replacing it (%s)", o->final, strerror(errno));
		fo_out_abort(o);
		return st;
	}
	if (!exists) {
		if (rename(o->tmp, o->final) != 0) {
			st = fo_error(errmsg, FO_EIO, "%s: %s", o->final,
			    strerror(errno));
			fo_out_abort(o);
			return st;
		}
		if (o->switched != NULL)
			o->switched(o->switched_ctx);
	} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
	    RENAME_EXCHANGE) != 0) {
		/* No atomic exchange here: move the old one aside first. */
		struct fo_buf old = FO_BUF_INIT;

		fo_buf_printf(&old, "%s.old-XXXXXX", o->final);
		if (mkdtemp(old.data) == NULL || rmdir(old.data) != 0 ||
		    rename(o->final, old.data) != 0) {
			st = fo_error(errmsg, FO_EIO, "%s: %s", o->final,
			    strerror(errno));
			fo_buf_release(&old);
			fo_out_abort(o);
			return st;
		}
		if (rename(o->tmp, o->final) != 0) {
			st = fo_error(errmsg, FO_EIO, "%s: %s", o->final,
			    strerror(errno));
			rename(old.data, o->final);	/* put the old one back */
			fo_buf_release(&old);
			fo_out_abort(o);
			return st;
		}
		if (o->switched != NULL)
			o->switched(o->switched_ctx);
		retire(o, old.data);
		fo_buf_release(&old);
		out_free(o);
		return st;
	} else if (o->switched != NULL)
		o->switched(o->switched_ctx);
	/* After an exchange o->tmp holds the old site: removed (or kept as
	   the spare) after the switch, so readers already see the new one
	   meanwhile. */
	if (exists)
		retire(o, o->tmp);
	out_free(o);
	return st;
}

void
fo_out_abort(struct fo_out *o)
{
	if (o == NULL)
		return;
	if (o->tmp != NULL)
		rmtree_ours(o->tmp);
	out_free(o);
}
