/* indexer/utf8.h -- UTF-8, in one place: validation, decoding, walking,
 * encoding, and the edit distance over code points.  Every module that
 * steps through UTF-8 text uses these (utf8.c). */
#ifndef FO_UTF8_H
#define FO_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Check that 's' is valid UTF-8 (no overlongs, surrogates, > U+10FFFF).
 * Returns 1 if valid; else 0 and, if 'bad' is non-NULL, *bad = offset of
 * the first bad byte. */
int	 fo_utf8_valid(const char *s, size_t len, size_t *bad);

/* The byte length (1 to 4) of the character whose first byte is 'lead',
 * trusting the lead byte (the text is valid UTF-8). */
static inline size_t
fo_utf8_len(unsigned char lead)
{
	return lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
}

/* Decode the code point at s[*i] (s must be valid UTF-8 up to 'len')
 * and advance *i past it; never reads past 'len'. */
uint32_t fo_utf8_next(const char *s, size_t len, size_t *i);

/* Append the UTF-8 form of 'cp' (< 0x110000, not a surrogate). */
void	 fo_utf8_put(struct fo_buf *b, uint32_t cp);

/* The number of characters in the 'n' bytes at 's' (by lead bytes). */
size_t	 fo_utf8_count(const char *s, size_t n);

/* The code points of NUL-terminated 's' into 'cp', at most 'max' of
 * them; returns how many. */
size_t	 fo_utf8_decode(const char *s, uint32_t *cp, size_t max);

/* Levenshtein distance between 'a' and 'b' over code points; only the
 * first FO_EDIT_MAX code points of each count. */
#define FO_EDIT_MAX	64
size_t	 fo_edit_distance(const char *a, const char *b);

#ifdef __cplusplus
}
#endif
#endif /* FO_UTF8_H */
