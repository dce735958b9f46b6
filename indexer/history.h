/* indexer/history.h -- the git history of the content tree, for the
 * provenance shown on annotation and glossary pages.
 *
 * fo_history_load() runs `git log` once for the whole content root (a
 * fixed argv through posix_spawnp(3), no shell; git's stderr goes to
 * /dev/null) and keeps, for every file path relative to the root, the
 * commits that touched it, newest first.  Outside a git checkout, with
 * git not installed, or for an untracked file there is simply no
 * history: callers show none.  Nothing here prints.
 */
#ifndef FO_HISTORY_H
#define FO_HISTORY_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One commit that touched a file.  Owned by the fo_history. */
struct fo_commit {
	char	*hash;		/* full hex object name */
	char	*short_hash;	/* its first 7 characters */
	char	*date;		/* author date, YYYY-MM-DD */
	char	*subject;	/* first line of the message (may be "") */
};

struct fo_history;	/* opaque; see fo_history_load() */

/*
 * Read the history of every file under 'root' (a directory) with
 *   git -C ROOT -c core.quotePath=false log --relative --name-only
 *       --no-renames --format=... --date=short -- .
 * On FO_OK *out is a new history (possibly with no file in it); caller
 * frees with fo_history_free().  FO_ENOTFOUND when there is no history
 * to read: git is not installed, 'root' is not inside a git work tree,
 * or git failed; FO_EINVAL for a NULL argument, FO_EIO if git's output
 * could not be read.  On failure *out is NULL and, if 'errmsg' is
 * non-NULL, *errmsg gets a malloc(3)ed message the caller frees.
 */
enum fo_status fo_history_load(const char *root, struct fo_history **out,
    char **errmsg);

/*
 * Commits that touched 'relpath' (relative to the root given to
 * fo_history_load(), e.g. "annotations/kuajing.md"), newest first;
 * '*n' gets their number.  NULL (and *n = 0) for an untracked or unknown
 * file, or when 'h' is NULL.  Borrowed: owned by 'h', valid until
 * fo_history_free(h).
 */
const struct fo_commit *const *fo_history_find(const struct fo_history *h,
    const char *relpath, size_t *n);

/* Number of files with at least one commit (0 for NULL). */
size_t	fo_history_nfiles(const struct fo_history *h);

/* NULL is a no-op. */
void	fo_history_free(struct fo_history *h);

#ifdef __cplusplus
}
#endif
#endif /* FO_HISTORY_H */
