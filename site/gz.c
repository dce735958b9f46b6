/* site/gz.c -- gzip twins with zlib (gzip format: deflateInit2 with
 * windowBits 31).  The header carries mtime 0, so a rebuild of the same
 * content gives the same bytes. */
#include <stdint.h>

#include <zlib.h>

#include "site.h"

enum fo_status
fo_gzip(const void *p, size_t n, struct fo_buf *out)
{
	z_stream zs = { 0 };
	int rc;

	if (deflateInit2(&zs, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		return FO_ENOMEM;
	fo_buf_grow(out, deflateBound(&zs, (uLong)n) + 64);
	zs.next_in = (Bytef *)(uintptr_t)p;
	zs.avail_in = (uInt)n;
	for (;;) {
		fo_buf_grow(out, 4096);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		rc = deflate(&zs, Z_FINISH);
		out->len = out->cap - 1 - zs.avail_out;
		out->data[out->len] = '\0';
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK && rc != Z_BUF_ERROR) {
			deflateEnd(&zs);
			return FO_EINTERNAL;
		}
	}
	deflateEnd(&zs);
	return FO_OK;
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
