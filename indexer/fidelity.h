/* indexer/fidelity.h -- is the content still the official text?
 *
 * content/source/opinion.md is a byte-for-byte copy of the seed (the text as
 * published, converted from a PDF).  fo_source_text_load() reads it and
 * derives the expected plain text of the title, the preamble, every section
 * (heading + paragraph) and every clause.  The fo_fidelity_check_*()
 * functions compare a content file's title and Markdown body with it.
 *
 * "Plain text" here is always the stripped form: Markdown markup and every
 * Unicode White_Space character removed (see fo_fidelity_strip_md()), so
 * line wrapping, emphasis, links and spaces may differ, characters may not.
 *
 * Expected texts (all stripped):
 *   title      中共广东省委广东省人民政府关于实施“五外联动”推进高水平对外开放的意见
 *   preamble   为深入贯彻…
 *   section n  "一、" + 总体要求 + its paragraph (only 一 has one)
 *   clause n   "（四）" + 发展外贸新业态 + "。" + the text after the title sentence
 *
 * Clause markers.  The source writes them in three styles:
 *   (一) **打造优势出口产业集群**。…     **（六）完善跨境物流体系。**…
 *   **(十三) 建强服务外包平台。**…
 * every one is normalised to full-width "（" + Chinese numeral + "）".  Stray
 * "**" that cmark leaves as text (CJK punctuation defeats the flanking rules
 * in "。**优化") are removed from the source text only: the official text has
 * no asterisk of its own.  Paragraphs that do not start with a marker continue
 * the clause before them (page breaks of the PDF split three paragraphs) and
 * are joined with nothing in between.
 */
#ifndef FO_FIDELITY_H
#define FO_FIDELITY_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The official text, parsed.  Opaque; see fo_source_text_load(). */
struct fo_source_text;

/*
 * Read and parse the source file 'path' (content/source/opinion.md).
 * On FO_OK *out is a new object; caller frees with fo_source_text_free().
 * Returns FO_ENOTFOUND (no such file), FO_EIO (cannot read), FO_ETOOBIG
 * (over FO_MAX_FILE_BYTES), FO_EINVAL (invalid UTF-8) or FO_EPARSE (not
 * the expected structure: title heading, preamble, sections 一..七 and
 * clauses （一）..（二十四） in order).  On failure *out is NULL and, if
 * 'errmsg' is non-NULL, it gets a malloc(3)ed message ("path:line: ...")
 * the caller frees with free(3).
 */
enum fo_status fo_source_text_load(const char *path,
    struct fo_source_text **out, char **errmsg);

/*
 * The same from memory: 'md' is 'len' bytes of Markdown (need not be
 * NUL-terminated; borrowed for the call).  'name' (may be NULL) prefixes
 * error messages.  Ownership and errors as fo_source_text_load().
 */
enum fo_status fo_source_text_parse(const char *md, size_t len,
    const char *name, struct fo_source_text **out, char **errmsg);

/* NULL is a no-op. */
void fo_source_text_free(struct fo_source_text *src);

/*
 * Expected texts, stripped as described above.  All borrowed: owned by
 * 'src', valid until fo_source_text_free(src).  NULL when 'n' is out of
 * range (sections 1..7, clauses 1..24).
 */
const char *fo_source_text_title(const struct fo_source_text *src);
const char *fo_source_text_preamble(const struct fo_source_text *src);
/* Section heading without its "一、" marker: "总体要求". */
const char *fo_source_text_section_title(const struct fo_source_text *src,
    int n);
/* The section's own paragraph(s); "" for sections 2..7. */
const char *fo_source_text_section_body(const struct fo_source_text *src,
    int n);
/* Whole clause with normalised marker: "（四）发展外贸新业态。支持广州…". */
const char *fo_source_text_clause(const struct fo_source_text *src, int n);
/* Short title: "发展外贸新业态" (no marker, no 。). */
const char *fo_source_text_clause_title(const struct fo_source_text *src,
    int n);
/* Section a clause belongs to (2..7); 0 when 'n' is out of range. */
int fo_source_text_clause_section(const struct fo_source_text *src, int n);

/* Characters (code points) of context kept each side of a difference. */
#define FO_FIDELITY_CTX		8
/* Room for 2 * FO_FIDELITY_CTX + 1 UTF-8 characters and the NUL. */
#define FO_FIDELITY_CTX_BYTES	(4 * (2 * FO_FIDELITY_CTX + 1) + 1)

/*
 * Where the content first differs from the official text.  Plain data
 * filled by the check functions; no pointers, nothing to free.
 */
struct fo_fidelity_diff {
	size_t	offset;		/* code points into the stripped expected
				   text (marker and title included) */
	int	in_body;	/* 1: in the body; 0: in the marker or title */
	int	line;		/* 1-based line in 'body_md' of the content's
				   first differing character (its last
				   character when the content stops early);
				   0 when !in_body or the body is empty */
	char	expected[FO_FIDELITY_CTX_BYTES];	/* official text around
							   'offset', UTF-8 */
	char	actual[FO_FIDELITY_CTX_BYTES];		/* content text around
							   'offset', UTF-8 */
};

/*
 * Compare clause 'number' of a content file with the official text.
 * 'title' is the front matter title (发展外贸新业态, without marker or 。),
 * 'body_md' the Markdown body (NUL-terminated); both borrowed for the call.
 * The content's text is "（" + fo_cn_numeral(number) + "）" + title + "。" +
 * body, stripped, so only the characters count, never the marker style.
 *
 * Returns FO_OK when the texts are equal (*diff, if non-NULL, is zeroed);
 * FO_EPARSE when they differ, with *diff (if non-NULL) filled in;
 * FO_ENOTFOUND when 'number' is not a clause of 'src'; FO_EINVAL for NULL
 * arguments or invalid UTF-8.
 */
enum fo_status fo_fidelity_check_clause(const struct fo_source_text *src,
    int number, const char *title, const char *body_md,
    struct fo_fidelity_diff *diff);

/*
 * Same for section 'number': the content's text is numeral + "、" + title +
 * body (sections 2..7 have no body in the official text, so any body text
 * there is a difference).  Returns as fo_fidelity_check_clause().
 */
enum fo_status fo_fidelity_check_section(const struct fo_source_text *src,
    int number, const char *title, const char *body_md,
    struct fo_fidelity_diff *diff);

/*
 * Same for document.md: the content's text is title + preamble body.
 * Returns as fo_fidelity_check_clause() (never FO_ENOTFOUND).
 */
enum fo_status fo_fidelity_check_preamble(const struct fo_source_text *src,
    const char *title, const char *body_md, struct fo_fidelity_diff *diff);

/*
 * Plain text of Markdown 'md' ('len' bytes, borrowed), as the check sees
 * it: parsed by cmark with default options (no smart punctuation); the
 * literals of text and inline-code nodes kept in document order and
 * everything else dropped (markup, link and image targets, raw HTML, code
 * blocks, breaks); then every Unicode White_Space character removed (ASCII
 * space, tab, newlines, U+00A0, U+3000 ...).
 * On FO_OK *out is a malloc(3)ed NUL-terminated string the caller frees
 * with free(3).  FO_EINVAL for NULL or invalid UTF-8.  On failure *out is
 * NULL.
 */
enum fo_status fo_fidelity_strip_md(const char *md, size_t len, char **out);

/* Only the whitespace removal of fo_fidelity_strip_md(), for plain text
 * such as front matter titles.  Ownership and errors the same. */
enum fo_status fo_fidelity_strip_ws(const char *s, size_t len, char **out);

#ifdef __cplusplus
}
#endif
#endif /* FO_FIDELITY_H */
