/* tests/fuzz/fuzz_docinfo.c -- the index's document data decoder (a
 * damaged index must give FO_ECORRUPT, never a crash). */
#include "fuzz.h"
#include "index.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fo_docinfo di;

	memset(&di, 0, sizeof di);
	if (fo_docinfo_decode((const char *)data, size, &di) == FO_OK) {
		size_t n;
		char *again = fo_docinfo_encode(&di, &n);

		free(again);
		fo_docinfo_release(&di);
	}
	return 0;
}
