/* site/html/batch.c -- pages rendered but not yet written.
 *
 * Pages are written in batches by fo_out_write_batch(), on two threads:
 * compressing the .gz twins is most of the work of writing a page.
 *
 * Every page gets its .gz twin, small ones too: a site is promised to
 * servers that serve pre-compressed files only (nginx gzip_static with
 * gzip off), where a page without a twin would go out uncompressed.
 */
#include <stdlib.h>

#include "html.h"

#define BATCH_PAGES	256
#define BATCH_BYTES	(8u << 20)

struct batch {
	struct fo_out *out;
	char	**rels;		/* output paths */
	char	**data;		/* page bytes */
	size_t	 *len;
	unsigned char *gz;	/* write a twin */
	size_t	  n, cap, bytes;
	size_t	  written, kept;	/* pages so far */
};

struct batch *
fo_html_batch_new(struct fo_out *o)
{
	struct batch *b = fo_xcalloc(1, sizeof(*b));

	b->out = o;
	return b;
}

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->rels[i]);
		free(b->data[i]);
	}
	b->n = b->bytes = 0;
}

/* Write the pages held; count those kept unchanged. */
enum fo_status
fo_html_batch_flush(struct batch *b, char **errmsg)
{
	size_t kept;
	enum fo_status st;

	if (b->n == 0)
		return FO_OK;
	st = fo_out_write_batch(b->out, (const char *const *)b->rels,
	    (const void *const *)b->data, b->len, b->gz, b->n, &kept, errmsg);
	if (st == FO_OK) {
		b->kept += kept;
		b->written += b->n - kept;
	}
	batch_clear(b);
	return st;
}

enum fo_status
fo_html_batch_add(struct batch *b, const char *path, char *data, size_t n,
    char **errmsg)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : BATCH_PAGES;
		b->rels = fo_xreallocarray(b->rels, b->cap, sizeof(*b->rels));
		b->data = fo_xreallocarray(b->data, b->cap, sizeof(*b->data));
		b->len = fo_xreallocarray(b->len, b->cap, sizeof(*b->len));
		b->gz = fo_xreallocarray(b->gz, b->cap, sizeof(*b->gz));
	}
	b->rels[b->n] = fo_xstrdup(path);
	b->data[b->n] = data;
	b->gz[b->n] = 1;
	b->len[b->n++] = n;
	b->bytes += n;
	if (b->n >= BATCH_PAGES || b->bytes >= BATCH_BYTES)
		return fo_html_batch_flush(b, errmsg);
	return FO_OK;
}

void
fo_html_batch_counts(const struct batch *b, size_t *written, size_t *kept)
{
	*written = b->written;
	*kept = b->kept;
}

void
fo_html_batch_free(struct batch *b)
{
	if (b == NULL)
		return;
	batch_clear(b);
	free(b->rels);
	free(b->data);
	free(b->len);
	free(b->gz);
	free(b);
}
