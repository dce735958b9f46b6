/* indexer/snippet.h -- the snippet of a hit: the best paragraph (or a
 * window of it) with the matched words marked as byte spans.
 *
 * Matching is done on folded text (fo_analyzer_fold: NFKC, case fold,
 * Traditional -> Simplified) and mapped back to the original bytes, so
 * a Traditional query marks the page's own characters, and a page in
 * Traditional gets its own characters marked for a Simplified query.
 */
#ifndef FO_SNIPPET_H
#define FO_SNIPPET_H

#include <stddef.h>

#include "analyze.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A marked span of the snippet text: bytes [start, end), and the same
 * span counted in Unicode characters [cstart, cend) (for JavaScript). */
struct fo_span {
	size_t	 start, end;
	size_t	 cstart, cend;
};

struct fo_snippet {
	char	*text;		/* UTF-8; "…" marks a cut at either end */
	struct fo_span *spans;	/* sorted, non-overlapping */
	size_t	 nspans;
	int	 para;		/* 0-based paragraph the text comes from;
				   -1 when nothing matched (the text is the
				   start of the page) */
	int	 sentence;	/* 1-based sentence of that paragraph holding
				   the first mark (fo_sentence_at); 0 when
				   para is -1 */
};
#define FO_SNIPPET_INIT { NULL, NULL, 0, -1, 0 }

/*
 * Sentences: the official text's paragraphs are cut after 。！？ and the
 * closing quotes or brackets that follow (”’」』）).  The site gives each
 * sentence an anchor #pNsM and search results point at it, so both
 * count with these two.
 */
/* The length in bytes of the sentence end at 's' (the mark and its
 * closers), or 0 when none starts there. */
size_t	fo_sentence_end(const char *s);
/* The 1-based number of the sentence holding byte 'off' of the
 * paragraph 'text' (NUL-terminated). */
int	fo_sentence_at(const char *text, size_t off);

/*
 * Make the snippet of 'text' (paragraphs separated by "\n") for the
 * folded strings 'needles' (whole query words first, then their
 * segments; see fo_qexplain.needles).  The paragraph with the best
 * score wins: a needle counts its length in characters, once, plus a
 * little for each repeat, so one paragraph holding the whole query word
 * beats one holding its pieces.  At most 'maxchars' characters (plus
 * the "…" marks) are kept, the first mark near the start.
 * On FO_OK 'out' owns its memory: free with fo_snippet_release().
 * Returns FO_EINVAL on invalid UTF-8.
 */
enum fo_status fo_snippet_make(struct fo_analyzer *an, const char *text,
    const char *const *needles, size_t nneedles, size_t maxchars,
    struct fo_snippet *out);

/* Free what 'sn' owns; it is left as FO_SNIPPET_INIT. */
void fo_snippet_release(struct fo_snippet *sn);

#ifdef __cplusplus
}
#endif
#endif /* FO_SNIPPET_H */
