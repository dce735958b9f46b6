/* indexer/newfile.h -- make a new annotation or glossary file from its
 * template (content/templates/), for editors. */
#ifndef FO_NEWFILE_H
#define FO_NEWFILE_H

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum fo_newkind { FO_NEW_ANNOTATION, FO_NEW_GLOSSARY };

/*
 * Write <root>/annotations/<slug>.md (or glossary/) from
 * <root>/templates/annotation.md, with {{date}} replaced by today's date,
 * {{clauses}} by "4, 16" and {{links}} by "[（四）](clause:4)、…".
 * 'clauses' has 'nclauses' numbers, each 1..24.  Never overwrites: an
 * existing file gives FO_EINVAL.  The slug must be [a-z0-9][a-z0-9-]*.
 * On success *path_out (if non-NULL) is the malloc(3)ed path written;
 * on failure *errmsg (if non-NULL) gets a malloc(3)ed message that says
 * how to fix it.  Caller frees both.
 */
enum fo_status fo_newfile(const char *root, enum fo_newkind kind,
    const char *slug, const int *clauses, int nclauses,
    char **path_out, char **errmsg);

/* The slug rule: fo_slug_valid() (content.h). */

#ifdef __cplusplus
}
#endif
#endif /* FO_NEWFILE_H */
