/* site/serve/watch.h -- noticing edits under the content folder (inotify). */
#ifndef FO_SERVE_WATCH_H
#define FO_SERVE_WATCH_H

/* Watch 'root' and every folder below it.  Returns a handle (an inotify
 * descriptor) or -1 with errno set. */
int	fo_watch_open(const char *root);
/* Wait up to 'ms' for a change of a Markdown file (or a folder); then
 * let the burst of events settle (an editor's save is several).
 * Returns 1 if something changed, 0 on time-out, -1 on error. */
int	fo_watch_wait(int w, const char *root, int ms);

#endif /* FO_SERVE_WATCH_H */
