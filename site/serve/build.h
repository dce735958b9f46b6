/* site/serve/build.h -- one rebuild of the preview: content, index, site, with
 * the library's own incremental builders (only what changed is redone). */
#ifndef FO_SERVE_BUILD_H
#define FO_SERVE_BUILD_H

#include "buf.h"
#include "status.h"

struct fo_preview {
	const char *content;	/* content folder */
	const char *db;		/* index folder */
	const char *outdir;	/* site folder */
	const char *lexicon;	/* compiled lexicon file */
	const char *base_url;	/* the site's address, ends with '/' */
};

/*
 * Rebuild.  Appends to 'errors' a JSON array of the content's errors
 * ({"file","line","col","message"}; "[]" when it has none: then the index
 * and the site were rebuilt) and to 'log' one line saying what was done.
 * A content with errors leaves the index and the site as they were.
 * Returns FO_OK (errors or not), or the failure of the index or site
 * build (then 'log' says why).
 */
enum fo_status fo_preview_build(const struct fo_preview *p,
    struct fo_buf *errors, struct fo_buf *log);

#endif /* FO_SERVE_BUILD_H */
