/* indexer/fs.h -- directory removal (fs.c). */
#ifndef FO_FS_H
#define FO_FS_H

#ifdef __cplusplus
extern "C" {
#endif

/* rm -rf 'path' without following symlinks: 0, or -1 if something could
 * not be removed (a missing 'path' is not an error). */
int	fo_rmtree(const char *path);

/* The same for 'name' in the open directory 'dfd' (AT_FDCWD: the working
 * directory), 'depth' levels below where the removal started (more than
 * 64 is refused), 'isdir' if it is known to be a directory. */
int	fo_rmtree_at(int dfd, const char *name, int depth, int isdir);

#ifdef __cplusplus
}
#endif
#endif /* FO_FS_H */
