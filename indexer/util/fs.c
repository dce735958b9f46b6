/* indexer/util/fs.c -- directory listing and removal, the one copy: the
 * content tree (content.c), an index generation's files (verify.c), the
 * index's old generations (index.c), the site's old tree (site/out.c),
 * the tests' temporary trees. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
fo_dir_list(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		v = fo_xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = fo_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

/* Remove 'name' in directory 'dfd' and everything below it, never
 * following a symlink; directory entries' d_type spares a stat per file
 * (a build replaces a tree of hundreds of files, and on a VM each system
 * call costs microseconds). */
int
fo_rmtree_at(int dfd, const char *name, int depth, int isdir)
{
	DIR *d;
	struct dirent *e;
	int fd, rc = 0;

	if (!isdir) {
		if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
			return 0;
		if (errno != EISDIR && errno != EPERM)
			return -1;
	}
	if (depth > 64)
		return -1;
	if ((fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fo_rmtree_at(dirfd(d), e->d_name, depth + 1,
		    e->d_type == DT_DIR) != 0)
			rc = -1;
	}
	closedir(d);
	if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int
fo_rmtree(const char *path)
{
	return fo_rmtree_at(AT_FDCWD, path, 0, 0);
}

char *
fo_program_dir(void)
{
	char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((slash = strrchr(path, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return fo_xstrdup(path[0] != '\0' ? path : "/");
}
