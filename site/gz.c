/* site/gz.c -- gzip twins with zlib (gzip format: deflateInit2 with
 * windowBits 31).  The header carries mtime 0, so a rebuild of the same
 * content gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

#include "site.h"

/* One deflate stream, reset between files: deflateInit2 at level 9
 * allocates and clears ~400 KB each time, which cost more than
 * compressing a small page.  deflateReset() gives the same bytes. */
struct fo_gz {
	z_stream zs;
};

struct fo_gz *
fo_gz_new(void)
{
	struct fo_gz *z = fo_xcalloc(1, sizeof(*z));

	if (deflateInit2(&z->zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK) {
		free(z);
		return NULL;
	}
	return z;
}

void
fo_gz_free(struct fo_gz *z)
{
	if (z == NULL)
		return;
	deflateEnd(&z->zs);
	free(z);
}

enum fo_status
fo_gz_compress(struct fo_gz *z, const void *p, size_t n, struct fo_buf *out)
{
	z_stream *zs = &z->zs;
	int rc;

	if (deflateReset(zs) != Z_OK)
		return FO_EINTERNAL;
	fo_buf_grow(out, deflateBound(zs, (uLong)n) + 64);
	zs->next_in = (Bytef *)(uintptr_t)p;
	zs->avail_in = (uInt)n;
	for (;;) {
		fo_buf_grow(out, 4096);
		zs->next_out = (Bytef *)out->data + out->len;
		zs->avail_out = (uInt)(out->cap - out->len - 1);
		rc = deflate(zs, Z_FINISH);
		out->len = out->cap - 1 - zs->avail_out;
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return FO_EINTERNAL;
	}
	return FO_OK;
}

enum fo_status
fo_gzip(const void *p, size_t n, struct fo_buf *out)
{
	struct fo_gz *z = fo_gz_new();
	enum fo_status st;

	if (z == NULL)
		return FO_ENOMEM;
	st = fo_gz_compress(z, p, n, out);
	fo_gz_free(z);
	return st;
}

enum fo_status
fo_gunzip(const void *p, size_t n, struct fo_buf *out)
{
	z_stream zs = { 0 };
	int rc;

	if (inflateInit2(&zs, 31) != Z_OK)
		return FO_ENOMEM;
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	for (;;) {
		fo_buf_grow(out, 4096);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len = out->cap - 1 - zs.avail_out;
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK || (zs.avail_in == 0 && zs.avail_out != 0)) {
			inflateEnd(&zs);
			return FO_ECORRUPT;
		}
	}
	inflateEnd(&zs);
	return FO_OK;
}
