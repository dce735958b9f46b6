/* indexer/content/anchor.c -- the anchors of paragraphs and sentences,
 * "pM" and "pMsK": how a link's fragment is read (lint, the loader) and
 * how an anchor is written (the site's ids and links, a search hit's
 * URL).  Apart from markdown.c so that the WebAssembly engine has it. */
#include "buf.h"
#include "content.h"

int
fo_link_fragment(const char *f, int *para, int *sentence)
{
	int n[2] = { 0, 0 }, k = 0;
	size_t len;

	*para = *sentence = 0;
	if (f == NULL || *f++ != 'p')
		return 0;
	for (;;) {
		if (*f < '1' || *f > '9')	/* a number, without a 0 first */
			return 0;
		for (len = 0; f[len] >= '0' && f[len] <= '9'; len++) {
			if (len == 4)
				return 0;
			n[k] = n[k] * 10 + (f[len] - '0');
		}
		f += len;
		if (*f == '\0')
			break;
		if (*f != 's' || k == 1)
			return 0;
		f++;
		k = 1;
	}
	*para = n[0];
	*sentence = n[1];
	return 1;
}

void
fo_anchor_put(struct fo_buf *b, int para, int sentence)
{
	if (sentence > 0)
		fo_buf_printf(b, "p%ds%d", para, sentence);
	else
		fo_buf_printf(b, "p%d", para);
}
