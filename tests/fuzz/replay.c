/* tests/fuzz/replay.c -- the fuzz harnesses as regression tests: run each
 * file of the corpora given (folders or files) through the harness it is
 * linked with, under ASan and UBSan in `make check`; libFuzzer is not
 * needed.  Prints "N passed, 0 failed": a failure is a sanitizer's
 * abort. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static size_t n;

static void
one(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (fp == NULL) {
		perror(path);
		exit(1);
	}
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		r = fread(buf + len, 1, cap - len, fp);
		len += r;
	} while (r > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	n++;
}

int
main(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		struct dirent **v;
		int k, m;

		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(sb.st_mode)) {
			one(argv[i]);
			continue;
		}
		if ((m = scandir(argv[i], &v, NULL, alphasort)) < 0)
			return 1;
		for (k = 0; k < m; k++) {
			char p[4096];

			if (v[k]->d_name[0] != '.') {
				snprintf(p, sizeof p, "%s/%s", argv[i],
				    v[k]->d_name);
				one(p);
			}
			free(v[k]);
		}
		free(v);
	}
	printf("%s: %zu passed, 0 failed\n", argv[0], n);
	return 0;
}
