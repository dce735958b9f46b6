/* tests/fuzz/fuzz.h -- what the harnesses share: libFuzzer's entry point
 * (each fuzz_*.c defines LLVMFuzzerTestOneInput) and an analyzer over
 * the built lexicon ($FIVEOUT_LEXICON, else build/lexicon.bin), opened
 * once per process. */
#ifndef FO_FUZZ_H
#define FO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline struct fo_analyzer *
fuzz_analyzer(void)
{
	static struct fo_analyzer *an;
	const char *lex;

	if (an == NULL) {
		lex = getenv("FIVEOUT_LEXICON");
		if (fo_analyzer_open(lex != NULL && *lex ? lex : "build/lexicon.bin",
		    &an, NULL) != FO_OK)
			abort();	/* the harness needs the lexicon */
	}
	return an;
}

/* The input as a NUL-terminated string (callers free). */
static inline char *
fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif /* FO_FUZZ_H */
