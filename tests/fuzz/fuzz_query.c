/* tests/fuzz/fuzz_query.c -- the query parser, the pinyin rewrite and the
 * compiler on any bytes: an error status is fine, a crash, a leak or
 * undefined behaviour is not. */
#include "fuzz.h"
#include "query.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fo_qexplain ex = FO_QEXPLAIN_INIT;
	struct fo_qast *a = NULL;
	struct fo_qnode *q = NULL;
	struct fo_buf d = FO_BUF_INIT, interp = FO_BUF_INIT;
	char *s = fuzz_str(data, size), *err = NULL;

	if (fo_query_parse(s, &a, &err) == FO_OK) {
		fo_qast_describe(a, &d);
		fo_query_pinyin(a, NULL, NULL, NULL, &interp);
		if (fo_query_compile(a, fuzz_analyzer(), NULL, size & 1, &ex,
		    &q) == FO_OK)
			fo_qnode_describe(q, &d);
	}
	fo_qnode_free(q);
	fo_qast_free(a);
	fo_qexplain_release(&ex);
	fo_buf_release(&d);
	fo_buf_release(&interp);
	free(err);
	free(s);
	return 0;
}
