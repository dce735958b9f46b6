/* tests/fuzz/fuzz_content.c -- the content loader (front matter with
 * libyaml, the body with cmark, links, checks) on any bytes as an
 * annotation, a glossary entry and a clause of a small tree. */
#include <sys/stat.h>

#include <stdio.h>
#include <unistd.h>

#include "content.h"
#include "fuzz.h"

static char root[64];

/* The tree is the harness's own: gone when the process ends. */
static void
cleanup(void)
{
	static const char *const files[] = { "annotations/x.md",
	    "glossary/y.md", "clauses/04.md", "annotations", "glossary",
	    "clauses", "sections", "" };
	char p[128];
	size_t i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", root, files[i]);
		if (remove(p) != 0 && i + 1 == sizeof files / sizeof files[0])
			rmdir(root);
	}
}

static void
put(const char *rel, const uint8_t *data, size_t size)
{
	char p[128];
	FILE *fp;

	snprintf(p, sizeof p, "%s/%s", root, rel);
	if ((fp = fopen(p, "wb")) == NULL)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const dirs[] = { "annotations", "glossary",
	    "clauses", "sections" };
	struct fo_content *c = NULL;
	char p[128];
	size_t i;

	if (root[0] == '\0') {
		snprintf(root, sizeof root, "/tmp/fo-fuzz-content-%ld",
		    (long)getpid());
		mkdir(root, 0700);
		atexit(cleanup);
		for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
			snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
			mkdir(p, 0700);
		}
	}
	put("annotations/x.md", data, size);
	put("glossary/y.md", data, size);
	put("clauses/04.md", data, size);
	if (fo_content_load(root, &c) == FO_OK)
		fo_content_free(c);
	return 0;
}
