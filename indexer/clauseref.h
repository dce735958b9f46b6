/* indexer/clauseref.h -- references to a clause or a section in a query
 * (clauseref.c): the forms readers cite the opinion by. */
#ifndef FO_CLAUSEREF_H
#define FO_CLAUSEREF_H

#include <stddef.h>

#include "content.h"

/*
 * Does folded text 'w' start with a reference to a clause (第三条, 第3条,
 * 第（十二）条, 第(12)条, （二十）, (20)) or a section (第二部分, 二、)?
 * If so, 1 with *kind FO_KIND_CLAUSE or FO_KIND_SECTION, *n its number
 * (1-24 or 1-7) and *len the bytes of 'w' it takes; else 0.  Numbers out
 * of range are no reference (第二十五条 is searched as text).
 */
int	fo_clause_ref(const char *w, enum fo_kind *kind, int *n, size_t *len);

#endif /* FO_CLAUSEREF_H */
