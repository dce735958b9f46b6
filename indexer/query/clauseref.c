/* indexer/query/clauseref.c -- a reader's reference to a clause or a section,
 * as they cite the opinion: 第三条, 第3条, 第（十二）条, 第(12)条, （二十）,
 * (20), 第二部分, 二、 -- at the start of a folded query word.  See
 * clauseref.h. */
#include <string.h>

#include "clauseref.h"
#include "content.h"

/* A number at 's': Arabic digits, or a Chinese numeral 一…九十九 (the
 * longest that fo_cn_numeral() spells).  Its value, and *len its bytes;
 * 0 if none. */
static int
number_at(const char *s, size_t *len)
{
	int n = 0, best = 0;
	size_t i = 0, bl = 0;

	while (s[i] >= '0' && s[i] <= '9' && i < 3)
		n = n * 10 + (s[i++] - '0');
	if (i > 0) {
		*len = i;
		return n;
	}
	for (n = 1; n <= 99; n++) {
		const char *w = fo_cn_numeral(n);
		size_t l = strlen(w);

		if (l > bl && strncmp(s, w, l) == 0) {
			best = n;
			bl = l;
		}
	}
	*len = bl;
	return best;
}

static size_t
open_paren(const char *s)
{
	if (s[0] == '(')
		return 1;
	return strncmp(s, "（", 3) == 0 ? 3 : 0;
}

static size_t
close_paren(const char *s)
{
	if (s[0] == ')')
		return 1;
	return strncmp(s, "）", 3) == 0 ? 3 : 0;
}

int
fo_clause_ref(const char *w, enum fo_kind *kind, int *n, size_t *len)
{
	size_t i = 0, l, p;
	int num, bracket = 0;

	if (strncmp(w, "第", 3) == 0) {
		i = 3;
		if ((p = open_paren(w + i)) != 0) {
			i += p;
			bracket = 1;
		}
		if ((num = number_at(w + i, &l)) == 0)
			return 0;
		i += l;
		if (bracket) {
			if ((p = close_paren(w + i)) == 0)
				return 0;
			i += p;
		}
		if (strncmp(w + i, "条", 3) == 0 && num <= FO_NCLAUSES) {
			*kind = FO_KIND_CLAUSE;
			i += 3;
		} else if (!bracket && strncmp(w + i, "部分", 6) == 0 &&
		    num <= FO_NSECTIONS) {
			*kind = FO_KIND_SECTION;
			i += 6;
		} else
			return 0;
	} else if ((p = open_paren(w)) != 0) {
		i = p;
		if ((num = number_at(w + i, &l)) == 0 || num > FO_NCLAUSES)
			return 0;
		i += l;
		if ((p = close_paren(w + i)) == 0)
			return 0;
		i += p;
		*kind = FO_KIND_CLAUSE;
	} else {
		/* 二、: a section as the opinion heads it (Chinese numerals
		   only: "2、" is a list item anywhere) */
		if ((num = number_at(w, &l)) == 0 || (w[0] >= '0' && w[0] <= '9') ||
		    num > FO_NSECTIONS || strncmp(w + l, "、", 3) != 0)
			return 0;
		i = l + 3;
		*kind = FO_KIND_SECTION;
	}
	*n = num;
	*len = i;
	return 1;
}
