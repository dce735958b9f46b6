/* indexer/content/fidelity.c -- the official text and the fidelity check.
 *
 * One stripping routine serves both sides: strip() walks a cmark tree,
 * keeps the literals of TEXT and CODE nodes, drops all White_Space (ICU's
 * u_isUWhiteSpace) and, on request, records the body line of every kept
 * character so a difference can be reported at a file line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "buf.h"
#include "content.h"
#include "content_int.h"
#include "fidelity.h"

struct fo_source_text {
	char	*title;
	char	*preamble;
	char	*sec_title[FO_NSECTIONS + 1];
	char	*sec_body[FO_NSECTIONS + 1];
	char	*clause[FO_NCLAUSES + 1];
	char	*clause_title[FO_NCLAUSES + 1];
	int	 clause_section[FO_NCLAUSES + 1];
};

/* Stripped text plus, optionally, the line of each code point. */
struct stripped {
	struct fo_buf	 text;
	int		*lines;		/* NULL unless wanted */
	size_t		 ncp;		/* code points in 'text' */
	size_t		 cap;
	int		 want_lines;
};

static void
stripped_release(struct stripped *s)
{
	fo_buf_release(&s->text);
	free(s->lines);
	s->lines = NULL;
	s->ncp = s->cap = 0;
}

/* 1 if 's' ('len' bytes) is valid UTF-8 without NUL bytes. */
static int
valid_utf8(const char *s, size_t len)
{
	int32_t i = 0, n;
	UChar32 c;

	if (len > INT32_MAX)
		return 0;
	n = (int32_t)len;
	while (i < n) {
		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c <= 0)
			return 0;
	}
	return 1;
}

/* Append the non-whitespace characters of 's' ('len' bytes, valid UTF-8). */
static void
put_nows(struct stripped *st, const char *s, size_t len, int line)
{
	int32_t i = 0, start, n = (int32_t)len;
	UChar32 c;

	while (i < n) {
		start = i;
		U8_NEXT((const uint8_t *)s, i, n, c);
		if (c < 0 || u_isUWhiteSpace(c))
			continue;
		fo_buf_put(&st->text, s + start, (size_t)(i - start));
		if (st->want_lines) {
			if (st->ncp == st->cap) {
				st->cap = st->cap ? 2 * st->cap : 256;
				st->lines = fo_xreallocarray(st->lines,
				    st->cap, sizeof(*st->lines));
			}
			st->lines[st->ncp] = line;
		}
		st->ncp++;
	}
}

/* Walk the subtree at 'root', appending its stripped text to 'st'. */
static void
strip_node(cmark_node *root, struct stripped *st)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *node;
	cmark_node_type type;
	const char *lit;
	int line = cmark_node_get_start_line(root);

	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		if (type >= CMARK_NODE_FIRST_BLOCK &&
		    type <= CMARK_NODE_LAST_BLOCK) {
			if (cmark_node_get_start_line(node) > 0)
				line = cmark_node_get_start_line(node);
		} else if (type == CMARK_NODE_SOFTBREAK ||
		    type == CMARK_NODE_LINEBREAK) {
			line++;
		} else if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
			lit = cmark_node_get_literal(node);
			if (lit != NULL)
				put_nows(st, lit, strlen(lit), line);
		}
	}
	cmark_iter_free(it);
}

/* Strip Markdown 'md' into 'st' (initialised by the caller). */
static enum fo_status
strip_md(const char *md, size_t len, struct stripped *st)
{
	cmark_node *doc;

	if (md == NULL || !valid_utf8(md, len))
		return FO_EINVAL;
	doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (doc == NULL)
		return FO_ENOMEM;
	strip_node(doc, st);
	cmark_node_free(doc);
	return FO_OK;
}

enum fo_status
fo_fidelity_strip_md(const char *md, size_t len, char **out)
{
	struct stripped st = { FO_BUF_INIT, NULL, 0, 0, 0 };
	enum fo_status rc;

	if (out == NULL)
		return FO_EINVAL;
	*out = NULL;
	if ((rc = strip_md(md, len, &st)) != FO_OK) {
		stripped_release(&st);
		return rc;
	}
	*out = fo_buf_detach(&st.text, NULL);
	return FO_OK;
}

enum fo_status
fo_fidelity_strip_ws(const char *s, size_t len, char **out)
{
	struct stripped st = { FO_BUF_INIT, NULL, 0, 0, 0 };

	if (out == NULL)
		return FO_EINVAL;
	*out = NULL;
	if (s == NULL || !valid_utf8(s, len))
		return FO_EINVAL;
	put_nows(&st, s, len, 0);
	*out = fo_buf_detach(&st.text, NULL);
	return FO_OK;
}

/* ---- the source text ------------------------------------------------ */

static const char *const digits[] = {
	"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"
};

/*
 * Parse the Chinese numeral at the start of 's'; returns its value (1..99)
 * and sets *end past it, or returns 0 when there is none.
 */
static int
numeral_at(const char *s, const char **end)
{
	const char *p = s;
	size_t i;
	int n, found;
	char tmp[32];

	do {
		found = 0;
		for (i = 0; i < sizeof(digits) / sizeof(digits[0]); i++) {
			if (strncmp(p, digits[i], strlen(digits[i])) == 0) {
				p += strlen(digits[i]);
				found = 1;
				break;
			}
		}
	} while (found && (size_t)(p - s) < sizeof(tmp) - 4);
	if (p == s || (size_t)(p - s) >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, (size_t)(p - s));
	tmp[p - s] = '\0';
	for (n = 1; n <= 99; n++) {
		if (strcmp(fo_cn_numeral(n), tmp) == 0) {
			*end = p;
			return n;
		}
	}
	return 0;
}

/* Skip 'lit' at 's': pointer past it, or NULL if 's' does not start so. */
static const char *
skip(const char *s, const char *lit)
{
	size_t n = strlen(lit);

	return strncmp(s, lit, n) == 0 ? s + n : NULL;
}

/*
 * A clause marker at the start of 's': "(N)" or "（N）" in either mix of
 * half- and full-width parentheses.  Returns N and sets *end, or 0.
 */
static int
marker_at(const char *s, const char **end)
{
	const char *p, *q;
	int n;

	if ((p = skip(s, "(")) == NULL && (p = skip(s, "（")) == NULL)
		return 0;
	if ((n = numeral_at(p, &p)) == 0)
		return 0;
	if ((q = skip(p, ")")) == NULL && (q = skip(p, "）")) == NULL)
		return 0;
	*end = q;
	return n;
}

/* Remove every '*' (unpaired emphasis delimiters cmark left as text). */
static void
drop_asterisks(struct fo_buf *b)
{
	size_t i, j;

	for (i = j = 0; i < b->len; i++)
		if (b->data[i] != '*')
			b->data[j++] = b->data[i];
	fo_buf_truncate(b, j);
}

/* Append 's' to the string '*dst' (NULL counts as empty). */
static void
append(char **dst, const char *s)
{
	struct fo_buf b = FO_BUF_INIT;

	if (*dst != NULL)
		fo_buf_puts(&b, *dst);
	fo_buf_puts(&b, s);
	free(*dst);
	*dst = fo_buf_detach(&b, NULL);
}

void
fo_source_text_free(struct fo_source_text *src)
{
	int i;

	if (src == NULL)
		return;
	free(src->title);
	free(src->preamble);
	for (i = 0; i <= FO_NSECTIONS; i++) {
		free(src->sec_title[i]);
		free(src->sec_body[i]);
	}
	for (i = 0; i <= FO_NCLAUSES; i++) {
		free(src->clause[i]);
		free(src->clause_title[i]);
	}
	free(src);
}

/* Parse the top-level blocks of 'doc' into 'src'. */
static enum fo_status
parse_blocks(cmark_node *doc, struct fo_source_text *src, const char *name,
    char **errmsg)
{
	cmark_node *node;
	cmark_node_type type;
	struct stripped st = { FO_BUF_INIT, NULL, 0, 0, 0 };
	struct fo_buf b = FO_BUF_INIT;
	const char *t, *rest, *stop;
	int nsec = 0, ncl = 0, cur = 0, n, line;
	enum fo_status rc = FO_EPARSE;

	for (node = cmark_node_first_child(doc); node != NULL;
	    node = cmark_node_next(node)) {
		type = cmark_node_get_type(node);
		line = cmark_node_get_start_line(node);
		if (type != CMARK_NODE_HEADING && type != CMARK_NODE_PARAGRAPH) {
			if (src->title == NULL)
				continue;
			fo_error(errmsg, FO_OK, "%s:%d: unexpected %s block in the "
			    "official text", name, line,
			    cmark_node_get_type_string(node));
			goto out;
		}
		fo_buf_reset(&st.text);
		st.ncp = 0;
		strip_node(node, &st);
		drop_asterisks(&st.text);
		t = st.text.data;
		if (src->title == NULL) {
			/* Everything before the title heading (the note
			 * on where the text comes from) is not the text. */
			if (type == CMARK_NODE_HEADING && st.text.len >= 6 &&
			    strcmp(t + st.text.len - 6, "意见") == 0)
				src->title = fo_xstrdup(t);
			continue;
		}
		if (type == CMARK_NODE_HEADING) {
			n = numeral_at(t, &rest);
			if (n == 0 || (rest = skip(rest, "、")) == NULL ||
			    *rest == '\0') {
				fo_error(errmsg, FO_OK, "%s:%d: heading \"%s\" is not "
				    "a section heading (一、…)", name, line, t);
				goto out;
			}
			if (n != nsec + 1 || n > FO_NSECTIONS) {
				fo_error(errmsg, FO_OK, "%s:%d: section %s where "
				    "section %d was expected", name, line,
				    fo_cn_numeral(n), nsec + 1);
				goto out;
			}
			nsec = n;
			src->sec_title[n] = fo_xstrdup(rest);
			src->sec_body[n] = fo_xstrdup("");
			cur = 0;
			continue;
		}
		if ((n = marker_at(t, &rest)) != 0) {
			if (n != ncl + 1 || n > FO_NCLAUSES || nsec == 0) {
				fo_error(errmsg, FO_OK, "%s:%d: clause （%s） where "
				    "clause %d was expected", name, line,
				    fo_cn_numeral(n), ncl + 1);
				goto out;
			}
			if ((stop = strstr(rest, "。")) == NULL ||
			    stop == rest) {
				fo_error(errmsg, FO_OK, "%s:%d: clause （%s） has no "
				    "title sentence ending in 。", name, line,
				    fo_cn_numeral(n));
				goto out;
			}
			ncl = cur = n;
			fo_buf_reset(&b);
			fo_buf_printf(&b, "（%s）%s", fo_cn_numeral(n), rest);
			src->clause[n] = fo_buf_detach(&b, NULL);
			src->clause_title[n] = fo_xstrndup(rest,
			    (size_t)(stop - rest));
			src->clause_section[n] = nsec;
		} else if (cur != 0) {
			/* a paragraph split by a page break */
			append(&src->clause[cur], t);
		} else if (nsec != 0) {
			append(&src->sec_body[nsec], t);
		} else {
			append(&src->preamble, t);
		}
	}
	if (src->title == NULL)
		fo_error(errmsg, FO_OK, "%s: no title heading ending in 意见", name);
	else if (src->preamble == NULL)
		fo_error(errmsg, FO_OK, "%s: no preamble paragraph after the title",
		    name);
	else if (nsec != FO_NSECTIONS)
		fo_error(errmsg, FO_OK, "%s: %d sections, expected %d", name, nsec,
		    FO_NSECTIONS);
	else if (ncl != FO_NCLAUSES)
		fo_error(errmsg, FO_OK, "%s: %d clauses, expected %d", name, ncl,
		    FO_NCLAUSES);
	else
		rc = FO_OK;
out:
	stripped_release(&st);
	fo_buf_release(&b);
	return rc;
}

enum fo_status
fo_source_text_parse(const char *md, size_t len, const char *name,
    struct fo_source_text **out, char **errmsg)
{
	struct fo_source_text *src;
	cmark_node *doc;
	enum fo_status rc;

	if (errmsg != NULL)
		*errmsg = NULL;
	if (out == NULL)
		return FO_EINVAL;
	*out = NULL;
	if (name == NULL)
		name = "source";
	if (md == NULL || !valid_utf8(md, len)) {
		fo_error(errmsg, FO_OK, "%s: not valid UTF-8 text", name);
		return FO_EINVAL;
	}
	if ((doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT)) == NULL)
		return FO_ENOMEM;
	src = fo_xcalloc(1, sizeof(*src));
	rc = parse_blocks(doc, src, name, errmsg);
	cmark_node_free(doc);
	if (rc != FO_OK) {
		fo_source_text_free(src);
		return rc;
	}
	*out = src;
	return FO_OK;
}

enum fo_status
fo_source_text_load(const char *path, struct fo_source_text **out,
    char **errmsg)
{
	struct fo_buf b = FO_BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;
	int err;
	enum fo_status rc;

	if (errmsg != NULL)
		*errmsg = NULL;
	if (out == NULL)
		return FO_EINVAL;
	*out = NULL;
	if (path == NULL)
		return FO_EINVAL;
	if ((fp = fopen(path, "rb")) == NULL) {
		fo_error(errmsg, FO_OK, "%s: %s", path, strerror(errno));
		return errno == ENOENT ? FO_ENOTFOUND : FO_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		fo_buf_put(&b, chunk, n);
		if (b.len > FO_MAX_FILE_BYTES)
			break;
	}
	err = ferror(fp);
	fclose(fp);
	if (err) {
		fo_error(errmsg, FO_OK, "%s: read error", path);
		fo_buf_release(&b);
		return FO_EIO;
	}
	if (b.len > FO_MAX_FILE_BYTES) {
		fo_error(errmsg, FO_OK, "%s: larger than %d bytes", path,
		    FO_MAX_FILE_BYTES);
		fo_buf_release(&b);
		return FO_ETOOBIG;
	}
	rc = fo_source_text_parse(b.data, b.len, path, out, errmsg);
	fo_buf_release(&b);
	return rc;
}

const char *
fo_source_text_title(const struct fo_source_text *src)
{
	return src != NULL ? src->title : NULL;
}

const char *
fo_source_text_preamble(const struct fo_source_text *src)
{
	return src != NULL ? src->preamble : NULL;
}

const char *
fo_source_text_section_title(const struct fo_source_text *src, int n)
{
	if (src == NULL || n < 1 || n > FO_NSECTIONS)
		return NULL;
	return src->sec_title[n];
}

const char *
fo_source_text_section_body(const struct fo_source_text *src, int n)
{
	if (src == NULL || n < 1 || n > FO_NSECTIONS)
		return NULL;
	return src->sec_body[n];
}

const char *
fo_source_text_clause(const struct fo_source_text *src, int n)
{
	if (src == NULL || n < 1 || n > FO_NCLAUSES)
		return NULL;
	return src->clause[n];
}

const char *
fo_source_text_clause_title(const struct fo_source_text *src, int n)
{
	if (src == NULL || n < 1 || n > FO_NCLAUSES)
		return NULL;
	return src->clause_title[n];
}

int
fo_source_text_clause_section(const struct fo_source_text *src, int n)
{
	if (src == NULL || n < 1 || n > FO_NCLAUSES)
		return 0;
	return src->clause_section[n];
}

/* ---- comparison ----------------------------------------------------- */

/* Copy up to FO_FIDELITY_CTX code points either side of byte 'pos' of 's'
 * (the character at 'pos' included) into 'dst'. */
static void
context(const char *s, size_t len, size_t pos, char *dst)
{
	size_t a = pos, z = pos;
	int k;

	for (k = 0; k < FO_FIDELITY_CTX && a > 0; k++) {
		a--;
		while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80)
			a--;
	}
	for (k = 0; k < FO_FIDELITY_CTX + 1 && z < len; k++) {
		z++;
		while (z < len && ((unsigned char)s[z] & 0xC0) == 0x80)
			z++;
	}
	memcpy(dst, s + a, z - a);
	dst[z - a] = '\0';
}

/*
 * Compare 'expected' with label + the stripped body 'doc' (a cmark
 * document: the loader's own parse of the page).  'label' is the
 * content's marker and title, already stripped.
 */
static enum fo_status
compare(const char *expected, const char *label, cmark_node *doc,
    struct fo_fidelity_diff *diff)
{
	struct stripped st = { FO_BUF_INIT, NULL, 0, 0, 1 };
	struct fo_buf act = FO_BUF_INIT;
	size_t elen = strlen(expected), llen = strlen(label);
	size_t i, pos, cp, lcp, k;
	enum fo_status rc;

	if (diff != NULL)
		memset(diff, 0, sizeof(*diff));
	strip_node(doc, &st);
	fo_buf_puts(&act, label);
	fo_buf_put(&act, st.text.data, st.text.len);
	for (i = 0; i < elen && i < act.len && expected[i] == act.data[i]; i++)
		;
	if (i == elen && i == act.len) {
		rc = FO_OK;
		goto out;
	}
	/* Back to the start of the code point both texts share up to 'i'. */
	for (pos = cp = lcp = 0; pos < i; cp++) {
		size_t n = U8_COUNT_TRAIL_BYTES((uint8_t)expected[pos]) + 1;

		if (pos + n > i)
			break;
		pos += n;
		if (pos <= llen)
			lcp = cp + 1;
	}
	rc = FO_EPARSE;
	if (diff == NULL)
		goto out;
	diff->offset = cp;
	diff->in_body = pos >= llen;
	if (diff->in_body && st.ncp > 0) {
		k = cp - lcp;
		diff->line = st.lines[k < st.ncp ? k : st.ncp - 1];
	}
	context(expected, elen, pos, diff->expected);
	context(act.data, act.len, pos, diff->actual);
out:
	stripped_release(&st);
	fo_buf_release(&act);
	return rc;
}

/* Stripped 'title' appended to 'b'; FO_EINVAL if it is not UTF-8. */
static enum fo_status
put_title(struct fo_buf *b, const char *title)
{
	char *t;
	enum fo_status rc;

	if ((rc = fo_fidelity_strip_ws(title, strlen(title), &t)) != FO_OK)
		return rc;
	fo_buf_puts(b, t);
	free(t);
	return FO_OK;
}

/* The expected text and the label of page 'kind' 'number' ('title'
 * stripped into the label), or FO_ENOTFOUND / FO_EINVAL. */
static enum fo_status
expect(const struct fo_source_text *src, enum fo_kind kind, int number,
    const char *title, struct fo_buf *exp, struct fo_buf *label)
{
	switch (kind) {
	case FO_KIND_CLAUSE:
		if (fo_source_text_clause(src, number) == NULL)
			return FO_ENOTFOUND;
		fo_buf_puts(exp, src->clause[number]);
		fo_buf_printf(label, "（%s）", fo_cn_numeral(number));
		if (put_title(label, title) != FO_OK)
			return FO_EINVAL;
		fo_buf_puts(label, "。");
		return FO_OK;
	case FO_KIND_SECTION:
		if (fo_source_text_section_title(src, number) == NULL)
			return FO_ENOTFOUND;
		fo_buf_printf(exp, "%s、%s%s", fo_cn_numeral(number),
		    src->sec_title[number], src->sec_body[number]);
		fo_buf_printf(label, "%s、", fo_cn_numeral(number));
		return put_title(label, title);
	case FO_KIND_PREAMBLE:
		fo_buf_printf(exp, "%s%s", src->title, src->preamble);
		return put_title(label, title);
	default:
		return FO_EINVAL;
	}
}

enum fo_status
fo__fidelity_check(const struct fo_source_text *src, enum fo_kind kind,
    int number, const char *title, cmark_node *doc,
    struct fo_fidelity_diff *diff)
{
	struct fo_buf label = FO_BUF_INIT, exp = FO_BUF_INIT;
	enum fo_status rc;

	if (diff != NULL)
		memset(diff, 0, sizeof(*diff));
	if (src == NULL || title == NULL || doc == NULL)
		return FO_EINVAL;
	if ((rc = expect(src, kind, number, title, &exp, &label)) == FO_OK)
		rc = compare(exp.data, label.data, doc, diff);
	fo_buf_release(&label);
	fo_buf_release(&exp);
	return rc;
}

/* The public checks, on Markdown text: parse it, then the check above. */
static enum fo_status
check_md(const struct fo_source_text *src, enum fo_kind kind, int number,
    const char *title, const char *body_md, struct fo_fidelity_diff *diff)
{
	cmark_node *doc;
	enum fo_status rc;

	if (diff != NULL)
		memset(diff, 0, sizeof(*diff));
	if (src == NULL || title == NULL || body_md == NULL ||
	    !valid_utf8(body_md, strlen(body_md)))
		return FO_EINVAL;
	if ((doc = cmark_parse_document(body_md, strlen(body_md),
	    CMARK_OPT_DEFAULT)) == NULL)
		return FO_ENOMEM;
	rc = fo__fidelity_check(src, kind, number, title, doc, diff);
	cmark_node_free(doc);
	return rc;
}

enum fo_status
fo_fidelity_check_clause(const struct fo_source_text *src, int number,
    const char *title, const char *body_md, struct fo_fidelity_diff *diff)
{
	return check_md(src, FO_KIND_CLAUSE, number, title, body_md, diff);
}

enum fo_status
fo_fidelity_check_section(const struct fo_source_text *src, int number,
    const char *title, const char *body_md, struct fo_fidelity_diff *diff)
{
	return check_md(src, FO_KIND_SECTION, number, title, body_md, diff);
}

enum fo_status
fo_fidelity_check_preamble(const struct fo_source_text *src,
    const char *title, const char *body_md, struct fo_fidelity_diff *diff)
{
	return check_md(src, FO_KIND_PREAMBLE, 0, title, body_md, diff);
}
