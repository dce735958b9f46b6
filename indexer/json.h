/* indexer/json.h -- JSON string escaping: one rule for fiveout-search
 * --json, the engine's answers and the site's scripts and JSON files. */
#ifndef FO_JSON_H
#define FO_JSON_H

#include <stddef.h>

#include "buf.h"

/*
 * Append s[0..n) escaped for the inside of a JSON string that may also
 * sit in a <script> or a JavaScript string literal: quote, backslash and
 * control characters (\n \r \t, else \u00XX, DEL too), U+2028 and U+2029,
 * and < > & as \u003c \u003e \u0026.  Other UTF-8 passes as it is.
 */
void	fo_json_esc(struct fo_buf *b, const char *s, size_t n);
/* Append NUL-terminated 's' as a quoted JSON string, or null if NULL. */
void	fo_json_str(struct fo_buf *b, const char *s);

#endif /* FO_JSON_H */
