/* site/gz.c -- gzip twins with zlib (gzip format: deflateInit2 with
 * windowBits 31).  The header carries mtime 0, so a rebuild of the same
 * content gives the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include <zlib.h>

#include "site.h"

/*
 * Deflate streams reset between files: deflateInit2 allocates and clears
 * ~400 KB each time, which cost more than compressing a small page;
 * deflateReset() gives the same bytes.  Level 6 throughout: on the
 * 10,000-document bench level 9 made pages no smaller (6,195,340 bytes
 * against 6,195,352 for 3,000 annotation pages), list pages 0.8%
 * smaller, and took 20-30% longer.  Files under FO_GZ_BIG use memLevel 8
 * (deflateReset clears half the hash table of memLevel 9); the browser
 * index's shards, docs.json and other big files memLevel 9.
 */
#define FO_GZ_BIG	(128 * 1024)

struct fo_gz {
	z_stream zs[2];		/* [0] small files, [1] FO_GZ_BIG or more */
	int	 ok[2];
};

struct fo_gz *
fo_gz_new(void)
{
	return fo_xcalloc(1, sizeof(struct fo_gz));
}

void
fo_gz_free(struct fo_gz *z)
{
	if (z == NULL)
		return;
	if (z->ok[0])
		deflateEnd(&z->zs[0]);
	if (z->ok[1])
		deflateEnd(&z->zs[1]);
	free(z);
}

enum fo_status
fo_gz_compress(struct fo_gz *z, const void *p, size_t n, struct fo_buf *out)
{
	int big = n >= FO_GZ_BIG, rc;
	z_stream *zs = &z->zs[big];

	if (!z->ok[big]) {
		if (deflateInit2(zs, 6, Z_DEFLATED, 31, big ? 9 : 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return FO_ENOMEM;
		z->ok[big] = 1;
	} else if (deflateReset(zs) != Z_OK)
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
