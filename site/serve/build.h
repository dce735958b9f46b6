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
	/* told the outcome once, as soon as it is known: a JSON array of
	   errors ({"file","line","col","message"}), "[]" the moment the new
	   site is in (before the old one is even removed) */
	void	(*ready)(void *ctx, const char *errors);
	void	*ctx;
};

/*
 * Rebuild, telling p->ready() the outcome.  A content with errors leaves
 * the index and the site as they were; so does a failed build, which is
 * reported as one error of the content folder.  Appends one line saying
 * what was done to 'log'.  Returns FO_OK (content errors or not), or the
 * failure of the index or site build.
 */
enum fo_status fo_preview_build(const struct fo_preview *p, struct fo_buf *log);

/* After the last rebuild: remove what the rebuilds keep for the next one
 * (the spare tree beside the site, OUTDIR.spare: fo_out_keep_spare()). */
void	fo_preview_end(const struct fo_preview *p);

#endif /* FO_SERVE_BUILD_H */
