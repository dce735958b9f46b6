/* site/serve/watch.c -- inotify over the content folder (watch.h). */
#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "watch.h"



static void
add_tree(int w, const char *dir, int depth)
{
	char p[PATH_MAX];
	struct dirent *e;
	DIR *d;

	if (inotify_add_watch(w, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
	    IN_MOVED_FROM | IN_CREATE | IN_DELETE) < 0 || depth > 4)
		return;
	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
		if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			add_tree(w, p, depth + 1);
	}
	closedir(d);
}

int
fo_watch_open(const char *root)
{
	int w = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);

	if (w < 0)
		return -1;
	add_tree(w, root, 0);
	return w;
}

/* Read the queued events: 1 if one concerns a Markdown file or a
 * folder (a new folder is watched too). */
static int
drain(int w, const char *root)
{
	char buf[16384] __attribute__((aligned(8)));
	int hit = 0;
	ssize_t n;

	while ((n = read(w, buf, sizeof buf)) > 0) {
		char *p = buf;

		while (p < buf + n) {
			struct inotify_event *e = (struct inotify_event *)p;
			size_t l = e->len ? strlen(e->name) : 0;

			if ((e->mask & IN_ISDIR) != 0 ||
			    (l > 3 && e->name[0] != '.' &&
			    strcmp(e->name + l - 3, ".md") == 0))
				hit = 1;
			p += sizeof *e + e->len;
		}
	}
	if (hit)	/* new folders: watch them (watching twice is harmless) */
		add_tree(w, root, 0);
	return hit;
}

int
fo_watch_wait(int w, const char *root, int ms)
{
	struct pollfd pf = { w, POLLIN, 0 };
	int r, hit;

	r = poll(&pf, 1, ms);
	if (r <= 0)
		return r < 0 && errno != EINTR ? -1 : 0;
	hit = drain(w, root);
	/* an editor's save is a burst: wait until 15 ms pass quietly */
	while (poll(&pf, 1, 15) > 0)
		hit |= drain(w, root);
	return hit;
}
