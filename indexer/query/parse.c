/* indexer/query/parse.c -- the query language (query.h): a lexer of
 * words, phrases, filters and operators, and a recursive-descent parser
 * to a fo_qast tree, with the errors a reader can act on. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "query.h"
#include "schema.h"
#include "utf8.h"

/* ---- lexing ------------------------------------------------------------- */

enum tokkind { T_WORD, T_PHRASE, T_FILTER, T_AND, T_OR, T_NOT, T_LP, T_RP,
	T_END };

struct tok {
	enum tokkind kind;
	enum fo_qa_mod mod;
	char	*text;
	char	*field;
};

struct lexer {
	struct tok *v;
	size_t	 n, i;
	char	*err;
	enum fo_status st;
};

/* Does 'p' start with the three bytes a b c?  Stops at a NUL. */
static int
lead3(const char *p, unsigned a, unsigned b, unsigned c)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[0] == a && u[1] == b && u[2] == c;
}

static int
is_space(const char *p, size_t *n)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	    *p == '\f' || *p == '\v') {
		*n = 1;
		return 1;
	}
	if (lead3(p, 0xe3, 0x80, 0x80)) {	/* U+3000 */
		*n = 3;
		return 1;
	}
	return 0;
}

/* Opening quote: '"' or U+201C; returns its length or 0. */
static size_t
open_quote(const char *p)
{
	if (*p == '"')
		return 1;
	if (lead3(p, 0xe2, 0x80, 0x9c))
		return 3;
	return 0;
}

static size_t
close_quote(const char *p)
{
	if (*p == '"')
		return 1;
	if (lead3(p, 0xe2, 0x80, 0x9d))
		return 3;
	return 0;
}

static void
lex_push(struct lexer *lx, enum tokkind k, enum fo_qa_mod mod, char *text,
    char *field)
{
	lx->v = fo_xreallocarray(lx->v, lx->n + 1, sizeof *lx->v);
	lx->v[lx->n].kind = k;
	lx->v[lx->n].mod = mod;
	lx->v[lx->n].text = text;
	lx->v[lx->n].field = field;
	lx->n++;
}

static void
lex_fail(struct lexer *lx, enum fo_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The first error of a lexer or parser: later ones follow from it. */
static void
lex_fail(struct lexer *lx, enum fo_status st, const char *fmt, ...)
{
	struct fo_buf b = FO_BUF_INIT;
	va_list ap;

	if (lx->err != NULL)
		return;
	va_start(ap, fmt);
	fo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	lx->err = fo_buf_detach(&b, NULL);
	lx->st = st;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Check a filter; normalises *valp (kind: lower case, term -> glossary). */
static int
check_filter(struct lexer *lx, const char *field, char **valp)
{
	char *val = *valp;
	char *p;
	int k;
	long n;

	if (*val == '\0') {
		lex_fail(lx, FO_EPARSE, "filter '%s:' needs a value, e.g. "
		    "kind:clause, section:2, clause:4, tag:跨境电商", field);
		return 0;
	}
	if (strcmp(field, fo_filter_name(FO_FILTER_KIND)) == 0) {
		for (p = val; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		if ((k = fo_kind_find(val)) >= 0) {
			free(*valp);	/* term -> glossary */
			*valp = fo_xstrdup(fo_kind_name((enum fo_kind)k));
			return 1;
		}
		lex_fail(lx, FO_EPARSE, "unknown kind '%s': use kind:clause, "
		    "kind:section, kind:annotation, kind:glossary or "
		    "kind:preamble", val);
		return 0;
	}
	if (strcmp(field, fo_filter_name(FO_FILTER_SECTION)) == 0 ||
	    strcmp(field, fo_filter_name(FO_FILTER_CLAUSE)) == 0) {
		int sec = strcmp(field, fo_filter_name(FO_FILTER_SECTION)) == 0;

		n = all_digits(val) && strlen(val) < 4 ? strtol(val, NULL, 10) : -1;
		if (n < 1 || n > (sec ? FO_NSECTIONS : FO_NCLAUSES)) {
			lex_fail(lx, FO_EPARSE, sec ?
			    "no section '%s': sections are numbered 1 to 7 "
			    "(section:2)" :
			    "no clause '%s': clauses are numbered 1 to 24 "
			    "(clause:4)", val);
			return 0;
		}
		snprintf(val, strlen(val) + 1, "%ld", n);
		return 1;
	}
	return 1;	/* tag: anything */
}

static const char *
known_field(const char *s, size_t n)
{
	int f = fo_filter_find(s, n);

	return f >= 0 ? fo_filter_name((enum fo_filter)f) : NULL;
}

static void
lex(struct lexer *lx, const char *q)
{
	const char *p = q, *s;
	size_t n, words = 0;

	for (;;) {
		enum fo_qa_mod mod = FO_QA_PLAIN;
		size_t oq;

		while (*p != '\0' && is_space(p, &n))
			p += n;
		if (*p == '\0')
			break;
		if (*p == '(') {
			lex_push(lx, T_LP, FO_QA_PLAIN, NULL, NULL);
			p++;
			continue;
		}
		if (*p == ')') {
			lex_push(lx, T_RP, FO_QA_PLAIN, NULL, NULL);
			p++;
			continue;
		}
		if ((*p == '+' || *p == '-') && p[1] != '\0' &&
		    !is_space(p + 1, &n) && p[1] != ')' && p[1] != '+' &&
		    p[1] != '-') {
			mod = *p == '+' ? FO_QA_REQUIRE : FO_QA_EXCLUDE;
			p++;
			if (*p == '(') {
				lex_push(lx, T_LP, mod, NULL, NULL);
				p++;
				continue;
			}
		}
		if ((oq = open_quote(p)) != 0) {
			p += oq;
			for (s = p; *p != '\0' && close_quote(p) == 0; p++)
				;
			if (p > s) {
				lex_push(lx, T_PHRASE, mod, fo_xstrndup(s, p - s),
				    NULL);
				words++;
			}
			if (*p != '\0')
				p += close_quote(p);
			continue;
		}
		for (s = p; *p != '\0' && !is_space(p, &n) && *p != '(' &&
		    *p != ')' && open_quote(p) == 0; p++)
			;
		n = p - s;
		if (mod == FO_QA_PLAIN && n == 2 && memcmp(s, "OR", 2) == 0) {
			lex_push(lx, T_OR, mod, NULL, NULL);
			continue;
		}
		if (mod == FO_QA_PLAIN && n == 3 && memcmp(s, "AND", 3) == 0) {
			lex_push(lx, T_AND, mod, NULL, NULL);
			continue;
		}
		if (mod == FO_QA_PLAIN && n == 3 && memcmp(s, "NOT", 3) == 0) {
			lex_push(lx, T_NOT, mod, NULL, NULL);
			continue;
		}
		words++;
		{
			const char *colon = memchr(s, ':', n), *c;
			const char *field;
			char *val;

			for (c = s; colon != NULL && c < colon; c++)
				if (!((*c >= 'a' && *c <= 'z') ||
				    (*c >= 'A' && *c <= 'Z')))
					break;
			if (colon == NULL || c < colon || colon == s) {
				lex_push(lx, T_WORD, mod, fo_xstrndup(s, n), NULL);
				continue;
			}
			field = known_field(s, colon - s);
			if (field == NULL) {
				char *f = fo_xstrndup(s, colon - s + 1);

				lex_fail(lx, FO_EPARSE, "unknown filter '%s': "
				    "filters are kind:, section:, clause: and "
				    "tag: (put text in quotes to search for it)",
				    f);
				free(f);
				return;
			}
			if (colon + 1 == p && (oq = open_quote(p)) != 0) {
				/* tag:"…" */
				p += oq;
				for (s = p; *p != '\0' && close_quote(p) == 0; p++)
					;
				val = fo_xstrndup(s, p - s);
				if (*p != '\0')
					p += close_quote(p);
			} else
				val = fo_xstrndup(colon + 1, p - colon - 1);
			if (!check_filter(lx, field, &val)) {
				free(val);
				return;
			}
			lex_push(lx, T_FILTER, mod, val, fo_xstrdup(field));
		}
	}
	if (words > FO_QUERY_MAX_WORDS) {
		char num[32];

		snprintf(num, sizeof num, "%zu", words);
		lex_fail(lx, FO_ETOOBIG, "query has %s words; the limit is 64: "
		    "shorten it", num);
	}
	lex_push(lx, T_END, FO_QA_PLAIN, NULL, NULL);
}

static void
lex_free(struct lexer *lx)
{
	size_t i;

	for (i = 0; i < lx->n; i++) {
		free(lx->v[i].text);
		free(lx->v[i].field);
	}
	free(lx->v);
	free(lx->err);
}

/* ---- parsing ------------------------------------------------------------ */

static struct fo_qast *
ast_new(enum fo_qa_kind k)
{
	struct fo_qast *a = fo_xcalloc(1, sizeof *a);

	a->kind = k;
	return a;
}

static void
ast_add(struct fo_qast *p, struct fo_qast *k)
{
	p->kids = fo_xreallocarray(p->kids, p->nkids + 1, sizeof *p->kids);
	p->kids[p->nkids++] = k;
}

void
fo_qast_free(struct fo_qast *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nkids; i++)
		fo_qast_free(a->kids[i]);
	free(a->kids);
	free(a->text);
	free(a->field);
	free(a);
}

static struct tok *
peek(struct lexer *lx)
{
	return &lx->v[lx->i];
}

static struct fo_qast *parse_or(struct lexer *lx);

static struct fo_qast *
parse_unary(struct lexer *lx)
{
	struct tok *t = peek(lx);
	struct fo_qast *a;

	if (t->kind == T_NOT) {
		lx->i++;
		t = peek(lx);
		if (t->kind == T_END || t->kind == T_RP || t->kind == T_OR ||
		    t->kind == T_AND) {
			lex_fail(lx, FO_EPARSE, "%s needs a word after it "
			    "(跨境电商 NOT 海外仓)", "NOT");
			return NULL;
		}
		a = parse_unary(lx);
		if (a != NULL)
			a->mod = FO_QA_EXCLUDE;
		return a;
	}
	switch (t->kind) {
	case T_LP: {
		enum fo_qa_mod mod = t->mod;

		lx->i++;
		a = parse_or(lx);
		if (peek(lx)->kind == T_RP)
			lx->i++;	/* a missing ')' at the end is forgiven */
		if (a == NULL || mod == FO_QA_PLAIN)
			return a;
		if (a->mod != FO_QA_PLAIN) {
			struct fo_qast *w = ast_new(FO_QA_AND);

			ast_add(w, a);
			a = w;
		}
		a->mod = mod;
		return a;
	}
	case T_WORD:
	case T_PHRASE:
	case T_FILTER:
		a = ast_new(t->kind == T_WORD ? FO_QA_WORD :
		    t->kind == T_PHRASE ? FO_QA_PHRASE : FO_QA_FILTER);
		a->mod = t->mod;
		a->text = t->text;
		a->field = t->field;
		t->text = t->field = NULL;
		lx->i++;
		return a;
	default:
		return NULL;
	}
}

static struct fo_qast *
parse_and(struct lexer *lx)
{
	struct fo_qast *a = ast_new(FO_QA_AND), *k;
	struct tok *t;

	a->soft = 1;
	for (;;) {
		t = peek(lx);
		if (t->kind == T_END || t->kind == T_RP || t->kind == T_OR)
			break;
		if (t->kind == T_AND) {
			lx->i++;
			t = peek(lx);
			if (a->nkids == 0 || t->kind == T_END ||
			    t->kind == T_RP || t->kind == T_OR ||
			    t->kind == T_AND) {
				lex_fail(lx, FO_EPARSE, "%s needs a word on each "
				    "side (跨境电商 AND 海外仓)", "AND");
				break;
			}
			a->soft = 0;
			continue;
		}
		k = parse_unary(lx);
		if (lx->err != NULL) {
			fo_qast_free(k);
			break;
		}
		if (k != NULL)
			ast_add(a, k);
	}
	if (lx->err != NULL || a->nkids == 0) {
		fo_qast_free(a);
		return NULL;
	}
	if (a->nkids == 1) {
		k = a->kids[0];
		a->nkids = 0;
		fo_qast_free(a);
		return k;
	}
	return a;
}

static struct fo_qast *
parse_or(struct lexer *lx)
{
	struct fo_qast *a = NULL, *k;

	for (;;) {
		k = parse_and(lx);
		if (lx->err != NULL) {
			fo_qast_free(k);
			break;
		}
		if (k == NULL && peek(lx)->kind == T_OR) {
			lex_fail(lx, FO_EPARSE, "%s needs a word on each side "
			    "(跨境电商 OR 海外仓)", "OR");
			break;
		}
		if (k != NULL) {
			if (a == NULL) {
				a = k;
			} else {
				if (a->kind != FO_QA_OR || a->mod != FO_QA_PLAIN ||
				    a->nkids == 0) {
					struct fo_qast *o = ast_new(FO_QA_OR);

					ast_add(o, a);
					a = o;
				}
				ast_add(a, k);
			}
		}
		if (peek(lx)->kind != T_OR)
			break;
		lx->i++;
		if (k == NULL || peek(lx)->kind == T_END ||
		    peek(lx)->kind == T_RP) {
			lex_fail(lx, FO_EPARSE, "%s needs a word on each side "
			    "(跨境电商 OR 海外仓)", "OR");
			break;
		}
	}
	if (lx->err != NULL) {
		fo_qast_free(a);
		return NULL;
	}
	return a;
}

static void
set_err(char **errmsg, const char *msg)
{
	if (errmsg != NULL)
		*errmsg = fo_xstrdup(msg);
}

enum fo_status
fo_query_parse(const char *query, struct fo_qast **out, char **errmsg)
{
	struct lexer lx = { NULL, 0, 0, NULL, FO_OK };
	struct fo_qast *a;
	size_t len, bad;
	enum fo_status st;

	if (out != NULL)
		*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (query == NULL || out == NULL) {
		set_err(errmsg, "no query given");
		return FO_EINVAL;
	}
	len = strlen(query);
	if (len > FO_QUERY_MAX_BYTES) {
		if (errmsg != NULL) {
			struct fo_buf b = FO_BUF_INIT;

			fo_buf_printf(&b, "query is %zu bytes; the limit is %d: "
			    "shorten it", len, FO_QUERY_MAX_BYTES);
			*errmsg = fo_buf_detach(&b, NULL);
		}
		return FO_ETOOBIG;
	}
	if (!fo_utf8_valid(query, len, &bad)) {
		if (errmsg != NULL) {
			struct fo_buf b = FO_BUF_INIT;

			fo_buf_printf(&b, "query is not valid UTF-8 (bad byte "
			    "at offset %zu): check the terminal's encoding", bad);
			*errmsg = fo_buf_detach(&b, NULL);
		}
		return FO_EINVAL;
	}
	lex(&lx, query);
	a = NULL;
	if (lx.err == NULL) {
		a = parse_or(&lx);
		if (lx.err == NULL && peek(&lx)->kind == T_RP)
			lex_fail(&lx, FO_EPARSE, "unmatched '%s': remove it or "
			    "add the '(' it closes", ")");
	}
	if (lx.err != NULL) {
		fo_qast_free(a);
		st = lx.st;
		if (errmsg != NULL) {
			*errmsg = lx.err;
			lx.err = NULL;
		}
		lex_free(&lx);
		return st;
	}
	lex_free(&lx);
	if (a == NULL) {
		set_err(errmsg, "empty query: give a word to search for, "
		    "e.g. fiveout-search 跨境电商");
		return FO_EINVAL;
	}
	*out = a;
	return FO_OK;
}

void
fo_qast_describe(const struct fo_qast *a, struct fo_buf *out)
{
	size_t i;

	if (a == NULL)
		return;
	if (a->mod == FO_QA_REQUIRE)
		fo_buf_putc(out, '+');
	else if (a->mod == FO_QA_EXCLUDE)
		fo_buf_putc(out, '-');
	switch (a->kind) {
	case FO_QA_WORD:
		fo_buf_puts(out, a->text);
		return;
	case FO_QA_PHRASE:
		fo_buf_printf(out, "\"%s\"", a->text);
		return;
	case FO_QA_FILTER:
		fo_buf_printf(out, "%s:%s", a->field, a->text);
		return;
	case FO_QA_AND:
		fo_buf_puts(out, a->soft ? "AND~(" : "AND(");
		break;
	case FO_QA_OR:
		fo_buf_puts(out, "OR(");
		break;
	}
	for (i = 0; i < a->nkids; i++) {
		if (i > 0)
			fo_buf_putc(out, ' ');
		fo_qast_describe(a->kids[i], out);
	}
	fo_buf_putc(out, ')');
}
