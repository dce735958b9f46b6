/* indexer/fs.h -- directory listing and removal, the program's folder
 * (fs.c). */
#ifndef FO_FS_H
#define FO_FS_H

#ifdef __cplusplus
extern "C" {
#endif

#include <stddef.h>

/* The names in 'dir' but "." and "..", sorted by strcmp; NULL (and *n
 * 0) if it cannot be read or is empty.  Free with fo_strv_free() (buf.h). */
char	**fo_dir_list(const char *dir, size_t *n);

/* rm -rf 'path' without following symlinks: 0, or -1 if something could
 * not be removed (a missing 'path' is not an error). */
int	fo_rmtree(const char *path);

/* The same for 'name' in the open directory 'dfd' (AT_FDCWD: the working
 * directory), 'depth' levels below where the removal started (more than
 * 64 is refused), 'isdir' if it is known to be a directory. */
int	fo_rmtree_at(int dfd, const char *name, int depth, int isdir);

/* The folder of the running program (/proc/self/exe), malloc(3)ed; NULL
 * when it cannot be read.  Where a program looks for what it ships with
 * (fo_lexicon_find()). */
char	*fo_program_dir(void);

#ifdef __cplusplus
}
#endif
#endif /* FO_FS_H */
