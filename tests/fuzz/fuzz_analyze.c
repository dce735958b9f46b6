/* tests/fuzz/fuzz_analyze.c -- folding and segmentation on any bytes
 * (invalid UTF-8 must be refused, never read past). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fo_analyzer *an = fuzz_analyzer();
	struct fo_tokens t = FO_TOKENS_INIT;
	struct fo_buf b = FO_BUF_INIT;
	size_t *map = NULL;

	fo_analyze(an, (const char *)data, size, FO_AN_WORDS | FO_AN_GRAMS |
	    FO_AN_PUNCT | FO_AN_TAILS, &t);
	if (fo_analyzer_fold(an, (const char *)data, size, &b, &map) == FO_OK)
		free(map);
	fo_buf_reset(&b);
	fo_segment_line(an, (const char *)data, size, &b);
	fo_tokens_release(&t);
	fo_buf_release(&b);
	return 0;
}
