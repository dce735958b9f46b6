/* indexer/pinyin.c -- toneless Hanyu Pinyin through ICU's transliterator
 * "Han-Latin; Latin-ASCII; Lower" (opened once per analyzer, lazily:
 * building it costs milliseconds). */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
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

/* Transliterate one run and append it, words separated by one space. */
static enum fo_status
run_one(UTransliterator *tr, const char *text, size_t len, struct fo_buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u;
	int32_t ulen, cap, limit, slen;
	char *s;
	int space = 1;

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
	for (int32_t i = 0; i < slen; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			space = 1;
			continue;
		}
		if (space && out->len > 0 && out->data[out->len - 1] != ' ')
			fo_buf_putc(out, ' ');
		space = 0;
		fo_buf_putc(out, s[i]);
	}
	free(s);
	return FO_OK;
}

/*
 * Han runs become syllables, runs of other letters and digits pass
 * through lowercased, everything else (punctuation, spaces) only
 * separates: "跨境电商，RCEP" -> "kua jing dian shang rcep".
 */
enum fo_status
fo_pinyin_run(UTransliterator *tr, const char *text, size_t len,
    struct fo_buf *out)
{
	size_t i = 0, base = out->len;

	if (len > INT32_MAX / 8)
		return FO_ETOOBIG;
	while (i < len) {
		size_t a = i, j;
		uint32_t cp = fo_utf8_next(text, len, &i);
		int han = fo_is_han(cp);
		enum fo_status st;

		if (!han && !u_isalnum((UChar32)cp))
			continue;
		j = i;
		while (j < len) {
			size_t k = j;
			uint32_t c = fo_utf8_next(text, len, &k);

			if (fo_is_han(c) != han || (!han && !u_isalnum((UChar32)c)))
				break;
			j = k;
		}
		if (out->len > base)
			fo_buf_putc(out, ' ');
		if ((st = run_one(tr, text + a, j - a, out)) != FO_OK)
			return st;
		i = j;
	}
	return FO_OK;
}
