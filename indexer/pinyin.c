/* indexer/pinyin.c -- toneless Hanyu Pinyin through ICU's transliterator
 * "Han-Latin; Latin-ASCII; Lower" (opened once per analyzer, lazily:
 * building it costs milliseconds). */
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "analyze_int.h"

static const char pinyin_rules[] = "Han-Latin; Latin-ASCII; Lower";

enum fo_status
fo_pinyin_open(UTransliterator **out)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar id[64];

	u_uastrcpy(id, pinyin_rules);
	*out = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
	if (U_FAILURE(err)) {
		*out = NULL;
		return FO_EINTERNAL;
	}
	return FO_OK;
}

enum fo_status
fo_pinyin_run(UTransliterator *tr, const char *text, size_t len,
    struct fo_buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u;
	int32_t ulen, cap, limit;
	char *s;
	int32_t slen;
	int space = 1;

	if (len > INT32_MAX / 8)
		return FO_ETOOBIG;
	u_strFromUTF8(NULL, 0, &ulen, text, (int32_t)len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return FO_EINVAL;
	err = U_ZERO_ERROR;
	/* Han-Latin grows text: one Han character becomes up to ~7 letters. */
	cap = ulen * 8 + 16;
	u = fo_xreallocarray(NULL, (size_t)cap, sizeof *u);
	u_strFromUTF8(u, cap, &ulen, text, (int32_t)len, &err);
	if (U_FAILURE(err)) {
		free(u);
		return FO_EINVAL;
	}
	limit = ulen;
	utrans_transUChars(tr, u, &ulen, cap, 0, &limit, &err);
	if (U_FAILURE(err)) {
		free(u);
		return FO_EINTERNAL;
	}
	u_strToUTF8(NULL, 0, &slen, u, ulen, &err);
	err = U_ZERO_ERROR;
	s = fo_xmalloc((size_t)slen + 1);
	u_strToUTF8(s, slen + 1, &slen, u, ulen, &err);
	free(u);
	if (U_FAILURE(err)) {
		free(s);
		return FO_EINTERNAL;
	}
	/* Collapse runs of spaces to one, trim the ends. */
	for (int32_t i = 0; i < slen; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			space = 1;
			continue;
		}
		if (space && out->len > 0 && i > 0 &&
		    out->data[out->len - 1] != ' ')
			fo_buf_putc(out, ' ');
		space = 0;
		fo_buf_putc(out, s[i]);
	}
	free(s);
	return FO_OK;
}
