/* indexer/analyze/charclass.c -- the character classes of the analysis
 * (analyze_int.h): Han, a Latin word's character, white space.  From
 * ICU natively, or from the unidata tables (always under FO_WASM); both
 * give the same answers for every code point (tests/test_unidata.c).
 * Apart from seg.c so that unidata's compiler, which asks ICU, calls
 * nothing that calls back into it. */
#include <stdint.h>

#ifndef FO_WASM
#include <unicode/uchar.h>
#endif

#include "analyze_int.h"
#include "unidata.h"

#ifndef FO_WASM
int
fo_is_han(uint32_t cp)
{
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 1;
	if (cp < 0x2e80)
		return 0;
	if ((cp >= 0x3400 && cp <= 0x4dbf) || cp == 0x3007 ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x3134f))
		return 1;
	return u_hasBinaryProperty((UChar32)cp, UCHAR_IDEOGRAPHIC) != 0;
}

int
fo_icu_is_alnum(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
	if (fo_is_han(cp))
		return 0;
	return u_isalnum((UChar32)cp) ||
	    (U_GET_GC_MASK((UChar32)cp) & U_GC_M_MASK) != 0;
}

int
fo_icu_is_white(uint32_t cp)
{
	return u_isUWhiteSpace((UChar32)cp) != 0;
}
#endif

/* The table path asks unidata (the WebAssembly build always does); the
 * common characters are answered first without a lookup, alike on both
 * paths. */
int
fo_class_han(const struct fo_unidata *u, uint32_t cp)
{
	if (cp >= 0x4e00 && cp <= 0x9fff)
		return 1;
	if (cp < 0x2e80)
		return 0;
#ifndef FO_WASM
	if (u == NULL)
		return fo_is_han(cp);
#endif
	return fo_unidata_is_han(u, cp);
}

int
fo_class_alnum(const struct fo_unidata *u, uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		    (cp >= 'A' && cp <= 'Z');
#ifndef FO_WASM
	if (u == NULL)
		return fo_icu_is_alnum(cp);
#endif
	return fo_unidata_is_alnum(u, cp);
}

int
fo_class_white(const struct fo_unidata *u, uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
#ifndef FO_WASM
	if (u == NULL)
		return fo_icu_is_white(cp);
#endif
	return fo_unidata_is_white(u, cp);
}
