/* indexer/index/files.c -- the files of the index's generations
 * (index_int.h): fsync, copy a generation, find the newest, prune the
 * old ones.  The rules of generations are index.c's. */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "index.h"
#include "index_int.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

int
fo__fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY);
	int r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

static int
copy_file(const char *from, const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out, r = -1;

	if ((in = open(from, O_RDONLY)) < 0)
		return -1;
	if ((out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto done;
	if (n == 0 && fsync(out) == 0)
		r = 0;
done:
	if (close(out) != 0)
		r = -1;
	close(in);
	return r;
}

/* Copy the regular files of directory 'from' into new directory 'to',
 * and its folders (a sharded generation's shards) likewise. */
int
fo__copy_dir(const char *from, const char *to)
{
	struct fo_buf a = FO_BUF_INIT, b = FO_BUF_INIT;
	struct dirent *de;
	struct stat sb;
	DIR *d;
	int r = 0;

	if ((d = opendir(from)) == NULL)
		return -1;
	while (r == 0 && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fo_buf_reset(&a);
		fo_buf_reset(&b);
		fo_buf_printf(&a, "%s/%s", from, de->d_name);
		fo_buf_printf(&b, "%s/%s", to, de->d_name);
		if (lstat(a.data, &sb) != 0)
			r = -1;
		else if (S_ISREG(sb.st_mode))
			r = copy_file(a.data, b.data);
		else if (S_ISDIR(sb.st_mode))
			r = mkdir(b.data, 0755) != 0 ? -1 :
			    fo__copy_dir(a.data, b.data);
	}
	closedir(d);
	fo_buf_release(&a);
	fo_buf_release(&b);
	return r;
}

/* Largest numeric entry name in 'gdir'; 0 if none. */
unsigned long
fo__max_generation(const char *gdir)
{
	struct dirent *de;
	unsigned long max = 0, v;
	char *end;
	DIR *d;

	if ((d = opendir(gdir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		v = strtoul(de->d_name, &end, 10);
		if (v > max)
			max = v;
	}
	closedir(d);
	return max;
}

/* Remove every entry of 'gdir' except 'keep', 'keep2' (may be NULL)
 * and the lock file. */
void
fo__prune_generations(const char *gdir, const char *keep, const char *keep2)
{
	struct fo_buf p = FO_BUF_INIT;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(gdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strcmp(de->d_name, keep) == 0 ||
		    strcmp(de->d_name, LOCK_NAME) == 0 ||
		    (keep2 != NULL && strcmp(de->d_name, keep2) == 0))
			continue;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", gdir, de->d_name);
		(void)fo_rmtree(p.data);
	}
	closedir(d);
	fo_buf_release(&p);
}

int
fo__dir_is_empty(const char *path)
{
	struct dirent *de;
	DIR *d;
	int empty = 1;

	if ((d = opendir(path)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

int
fo__mkdir_p(const char *path)
{
	char *s = fo_xstrdup(path), *q;
	int r = 0;

	for (q = s + 1; *q != '\0'; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		if (mkdir(s, 0755) != 0 && errno != EEXIST)
			r = -1;
		*q = '/';
	}
	if (r == 0 && mkdir(s, 0755) != 0 && errno != EEXIST)
		r = -1;
	free(s);
	return r;
}

