/* tests/testutil.h -- fixture helpers shared by the cmocka tests: write a
 * file, read one whole, remove a temporary tree.  Header-only (static
 * inline) because the Makefile links each tests/test_*.c alone against
 * libfiveout.a.  Include after <cmocka.h>: the helpers assert. */
#ifndef FO_TESTUTIL_H
#define FO_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "fs.h"

/* Write 'len' bytes of 'data' to 'path' (created or truncated); any
 * error fails the test. */
static inline void
write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* The whole of 'path', NUL-terminated; its length in *len if 'len' is
 * non-NULL.  A file that cannot be opened fails the test.  Caller frees
 * with free(). */
static inline char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct fo_buf b = FO_BUF_INIT;
	char chunk[4096];
	size_t n;

	if (fp == NULL)
		fail_msg("cannot open %s (run from the repository root)", path);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fo_buf_put(&b, chunk, n);
	fclose(fp);
	return fo_buf_detach(&b, len);
}

/* The lexicon the tests run with: $FIVEOUT_LEXICON (the Makefile sets
 * it), else the tree's build/lexicon.bin.  The library reads no
 * environment, so a test passes this as a program's main.c would. */
static inline const char *
test_lexicon(void)
{
	const char *e = getenv("FIVEOUT_LEXICON");

	return e != NULL && *e != '\0' ? e : "build/lexicon.bin";
}

/* rm -rf 'dir': the library's fo_rmtree() (fs.h); 0 on success. */
static inline int
rm_rf(const char *dir)
{
	return fo_rmtree(dir);
}

#endif /* FO_TESTUTIL_H */
