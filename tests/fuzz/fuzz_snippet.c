/* tests/fuzz/fuzz_snippet.c -- the snippet maker: the input up to its
 * first NUL is the text, each NUL-separated piece after it a needle. */
#include "fuzz.h"
#include "snippet.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fo_snippet sn = FO_SNIPPET_INIT;
	const char *needles[8];
	char *s = fuzz_str(data, size), *p;
	size_t n = 0;

	p = s + strlen(s);
	while (p < s + size && n < 8) {
		p++;
		needles[n++] = p;
		p += strlen(p);
	}
	if (fo_snippet_make(fuzz_analyzer(), s, needles, n, size % 200,
	    &sn) == FO_OK)
		fo_snippet_release(&sn);
	free(s);
	return 0;
}
