/* indexer/query/query.c -- parse the query language and compile it to a
 * fo_qnode tree (see query.h for the language and the matching rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "query.h"
#include "schema.h"
#include "utf8.h"

/* Weights of the parts of one word's query (see query.h, point 3). */
#define W_WORDS		1.0	/* the segmented words (scattered lane) */
#define W_GRAMS		2.0	/* the bigram phrase: contiguous only */
#define W_TITLE		1.5	/* title words, on top of either */

/* ---- query trees ------------------------------------------------------ */

struct fo_qnode *
fo_qnode_new(enum fo_qop op, const char *term)
{
	struct fo_qnode *q = fo_xcalloc(1, sizeof *q);

	q->op = op;
	q->term = term != NULL ? fo_xstrdup(term) : NULL;
	q->scale = 1.0;
	return q;
}

struct fo_qnode *
fo_qnode_add(struct fo_qnode *parent, struct fo_qnode *kid)
{
	if (kid == NULL)
		return parent;
	parent->kids = fo_xreallocarray(parent->kids, parent->nkids + 1,
	    sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
	return parent;
}

void
fo_qnode_free(struct fo_qnode *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nkids; i++)
		fo_qnode_free(q->kids[i]);
	free(q->kids);
	free(q->term);
	free(q);
}

static const char *const opname[] = {
	"TERM", "PHRASE", "NEAR", "AND", "OR", "AND_NOT", "AND_MAYBE",
	"FILTER", "SCALE", "WILDCARD", "ALL"
};

void
fo_qnode_describe(const struct fo_qnode *q, struct fo_buf *out)
{
	size_t i;

	if (q == NULL) {
		fo_buf_puts(out, "(null)");
		return;
	}
	switch (q->op) {
	case FO_Q_TERM:
		fo_buf_puts(out, q->term);
		if (q->wqf > 1)
			fo_buf_printf(out, "^%u", q->wqf);
		return;
	case FO_Q_WILDCARD:
		fo_buf_printf(out, "%s*", q->term);
		return;
	case FO_Q_ALL:
		fo_buf_puts(out, "ALL");
		return;
	case FO_Q_SCALE:
		fo_buf_printf(out, "%g*", q->scale);
		break;
	default:
		fo_buf_puts(out, opname[q->op]);
		break;
	}
	fo_buf_putc(out, '(');
	for (i = 0; i < q->nkids; i++) {
		if (i > 0)
			fo_buf_puts(out, ", ");
		fo_qnode_describe(q->kids[i], out);
	}
	fo_buf_putc(out, ')');
}

/* An op node over 'kids', or the one kid itself, or NULL for none. */
static struct fo_qnode *
mk(enum fo_qop op, struct fo_qnode **kids, size_t n)
{
	struct fo_qnode *q;
	size_t i;

	if (n == 0)
		return NULL;
	if (n == 1 && op != FO_Q_PHRASE)
		return kids[0];
	q = fo_qnode_new(op, NULL);
	for (i = 0; i < n; i++)
		fo_qnode_add(q, kids[i]);
	return q;
}

static struct fo_qnode *
scale(struct fo_qnode *q, double s)
{
	struct fo_qnode *n;

	if (q == NULL || s == 1.0)
		return q;
	n = fo_qnode_new(FO_Q_SCALE, NULL);
	n->scale = s;
	return fo_qnode_add(n, q);
}

static struct fo_qnode *
two(enum fo_qop op, struct fo_qnode *a, struct fo_qnode *b)
{
	if (a == NULL)
		return b;
	if (b == NULL)
		return a;
	return fo_qnode_add(fo_qnode_add(fo_qnode_new(op, NULL), a), b);
}

/* ---- string lists ------------------------------------------------------ */

void
fo_strlist_add(struct fo_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = fo_xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = fo_xstrdup(s);
}

void
fo_strlist_release(struct fo_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
fo_qexplain_release(struct fo_qexplain *e)
{
	if (e == NULL)
		return;
	fo_strlist_release(&e->segments);
	fo_strlist_release(&e->folds);
	fo_strlist_release(&e->also);
	fo_strlist_release(&e->needles);
	fo_strlist_release(&e->dropped);
	fo_strlist_release(&e->loose);
	e->loosenable = 0;
}

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
lex_fail(struct lexer *lx, enum fo_status st, const char *fmt, const char *a)
{
	struct fo_buf b = FO_BUF_INIT;

	if (lx->err != NULL)
		return;
	fo_buf_printf(&b, fmt, a);
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

/* ---- pinyin ------------------------------------------------------------- */

/* Is 's' made of ASCII letters (and apostrophes: xi'an)? */
static int
pinyin_word(const char *s)
{
	int letters = 0;

	for (; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))
			letters++;
		else if (*s != '\'')
			return 0;
	}
	return letters > 0;
}

static void
pinyin_letters(const char *s, struct fo_buf *b)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			fo_buf_putc(b, *s - 'A' + 'a');
		else if (*s != '\'')
			fo_buf_putc(b, *s);
}

static int
is_plain_word(const struct fo_qast *a)
{
	return a->kind == FO_QA_WORD && a->mod == FO_QA_PLAIN &&
	    pinyin_word(a->text);
}

static int
word_is_term(const char *w, int (*is_term)(void *, const char *), void *ctx)
{
	struct fo_buf b = FO_BUF_INIT;
	int r;

	if (is_term == NULL)
		return 0;
	pinyin_letters(w, &b);
	r = is_term(ctx, b.data);
	fo_buf_release(&b);
	return r;
}

static void
interp_add(struct fo_buf *interp, const char *from, const char *to)
{
	if (interp == NULL)
		return;
	if (interp->len > 0)
		fo_buf_puts(interp, "; ");
	fo_buf_printf(interp, "%s → %s", from, to);
}

static int
pinyin_each(struct fo_qast *a, const struct fo_vocab *v,
    int (*is_term)(void *, const char *), void *ctx, struct fo_buf *interp)
{
	struct fo_buf b = FO_BUF_INIT;
	const char *w;
	size_t i;
	int done = 0;

	if (a->kind == FO_QA_AND || a->kind == FO_QA_OR) {
		for (i = 0; i < a->nkids; i++)
			done |= pinyin_each(a->kids[i], v, is_term, ctx, interp);
		return done;
	}
	if (a->kind != FO_QA_WORD || !pinyin_word(a->text) ||
	    word_is_term(a->text, is_term, ctx))
		return 0;
	pinyin_letters(a->text, &b);
	if ((w = fo_vocab_pinyin(v, b.data)) != NULL) {
		interp_add(interp, a->text, w);
		free(a->text);
		a->text = fo_xstrdup(w);
		done = 1;
	}
	fo_buf_release(&b);
	return done;
}

int
fo_query_pinyin(struct fo_qast *a, const struct fo_vocab *v,
    int (*is_term)(void *, const char *), void *ctx, struct fo_buf *interp)
{
	struct fo_buf key = FO_BUF_INIT, from = FO_BUF_INIT;
	const char *w;
	size_t i, j, nplain = 0, nterms = 0, first = 0;

	if (a == NULL || v == NULL)
		return 0;
	/* The whole query: one word, or a soft AND of plain words (and
	 * filters). */
	if (is_plain_word(a)) {
		nplain = 1;
		pinyin_letters(a->text, &key);
		fo_buf_puts(&from, a->text);
		nterms = word_is_term(a->text, is_term, ctx);
	} else if (a->kind == FO_QA_AND && a->soft && a->mod == FO_QA_PLAIN) {
		for (i = 0; i < a->nkids; i++) {
			if (a->kids[i]->kind == FO_QA_FILTER)
				continue;
			if (!is_plain_word(a->kids[i]))
				break;
			if (nplain++ == 0)
				first = i;
			else
				fo_buf_putc(&from, ' ');
			pinyin_letters(a->kids[i]->text, &key);
			fo_buf_puts(&from, a->kids[i]->text);
			nterms += word_is_term(a->kids[i]->text, is_term, ctx);
		}
		if (i < a->nkids)
			nplain = 0;
	}
	if (nplain > 0 && nterms < nplain &&
	    (w = fo_vocab_pinyin(v, key.data)) != NULL) {
		interp_add(interp, from.data, w);
		if (a->kind == FO_QA_WORD) {
			free(a->text);
			a->text = fo_xstrdup(w);
		} else {
			free(a->kids[first]->text);
			a->kids[first]->text = fo_xstrdup(w);
			for (i = j = 0; i < a->nkids; i++) {
				if (i != first && a->kids[i]->kind == FO_QA_WORD) {
					fo_qast_free(a->kids[i]);
					continue;
				}
				a->kids[j++] = a->kids[i];
			}
			a->nkids = j;
			if (a->nkids == 1) {
				/* collapse AND~(x) into x */
				struct fo_qast *k = a->kids[0];

				free(a->kids);
				*a = *k;
				free(k);
			}
		}
		fo_buf_release(&key);
		fo_buf_release(&from);
		return 1;
	}
	fo_buf_release(&key);
	fo_buf_release(&from);
	return pinyin_each(a, v, is_term, ctx, interp);
}

/* ---- compiling ---------------------------------------------------------- */

static const char *const stopwords[] = {
	"的", "和", "与", "及", "等", "在", "对", "为", "了", "是", "之",
	"或", "并", "其", "将", "把", "被", "中", "上", "以及", "和的",
	/* a question's frame: readers type questions, the text answers
	   them without these words (query.h) */
	"怎样", "怎么", "如何", "哪些", "什么", "是否", "有没有", "需要",
	"吗", "呢", "多少", "为什么", "可以", "能否", "能不能", "哪里",
	"哪个", "有哪些", "谁", "要求", "吧", "啊", "我", "我们", "想",
	"请问", "怎么办", "有", "没有", "给", "去", "要", "会", "该"
};

int
fo_query_stopword(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
		if (strcmp(w, stopwords[i]) == 0)
			return 1;
	return 0;
}

struct cctx {
	struct fo_analyzer *an;
	const struct fo_vocab *v;
	int	 loose;
	int	 neg;		/* inside an exclusion: no needles */
	struct fo_qexplain *ex;
	enum fo_status st;
	int	(*has)(void *ctx, const struct fo_qnode *q);
	void	*hctx;
	int	 scatter;	/* this word: segments anywhere (no contiguous match) */
};

#define EX_ADD(c, field, s) do {					\
	if ((c)->ex != NULL && (s) != NULL && *(s) != '\0')		\
		fo_strlist_add(&(c)->ex->field, (s));			\
} while (0)

static size_t
u8chars(const char *s)
{
	return fo_utf8_count(s, strlen(s));
}

/* Remove ASCII spaces that touch a non-ASCII character ("外贸 新业态"
 * is the phrase 外贸新业态; "free trade" keeps its space). */
static char *
squeeze_han_spaces(const char *s)
{
	size_t n = strlen(s), i, j;
	char *o = fo_xmalloc(n + 1);

	for (i = j = 0; i < n; i++) {
		if (s[i] == ' ') {
			size_t k = i;

			while (k < n && s[k] == ' ')
				k++;
			if ((j > 0 && (unsigned char)o[j - 1] >= 0x80) ||
			    (k < n && (unsigned char)s[k] >= 0x80)) {
				i = k - 1;
				continue;
			}
		}
		o[j++] = s[i];
	}
	o[j] = '\0';
	return o;
}

static struct fo_qnode *
term(const char *prefix, const char *t)
{
	struct fo_buf b = FO_BUF_INIT;
	struct fo_qnode *q;

	fo_buf_puts(&b, prefix);
	fo_buf_puts(&b, t);
	q = fo_qnode_new(FO_Q_TERM, b.data);
	fo_buf_release(&b);
	return q;
}

/*
 * The word lane's hold on digits and Latin letters: a PHRASE of each two
 * neighbouring words (no gap) of which one is not Han, ANDed; NULL if
 * none.  The bigram phrase has only the Han characters, so without this
 * 8万亿元 would match every 万亿元 and RCEP协定 every 协定.  All words
 * count, stopwords too: the index has them all.
 */
static struct fo_qnode *
pin_words(const struct fo_tokens *tk)
{
	const struct fo_token *prev = NULL, *t;
	struct fo_qnode *all = NULL, *ph;
	size_t i;

	for (i = 0; i < tk->n; i++) {
		t = &tk->v[i];
		if (t->kind != FO_TOK_WORD)
			continue;
		if (prev != NULL && t->pos == prev->pos + 1 &&
		    (!t->han || !prev->han)) {
			ph = fo_qnode_new(FO_Q_PHRASE, NULL);
			fo_qnode_add(ph, term(FO_PREFIX_WORD, prev->term));
			fo_qnode_add(ph, term(FO_PREFIX_WORD, t->term));
			if (all != NULL && all->op == FO_Q_AND)
				fo_qnode_add(all, ph);
			else
				all = two(FO_Q_AND, all, ph);
		}
		prev = t;
	}
	return all;
}

/*
 * One spelling 's' (folded) of a query word.  'phrase': exact text only.
 */
static struct fo_qnode *
compile_spelling(struct cctx *c, const char *s, int phrase)
{
	struct fo_tokens tk = FO_TOKENS_INIT;
	struct fo_qnode **words = NULL, **titles = NULL, **runs = NULL,
	    **latin = NULL, **cur = NULL;
	struct fo_qnode *wq, *gq, *match, *boost;
	struct fo_buf seg = FO_BUF_INIT;
	size_t i, nw = 0, nt = 0, nr = 0, nl = 0, ncur = 0, ncontent = 0;
	size_t nmulti = 0;
	char *single;	/* words[i] is a one-character Han word */
	unsigned lastpos = 0;
	int all_stop = 1;

	if (fo_analyze(c->an, s, strlen(s), FO_AN_WORDS | FO_AN_GRAMS,
	    &tk) != FO_OK) {
		c->st = FO_EINVAL;
		return NULL;
	}
	for (i = 0; i < tk.n; i++)
		if (tk.v[i].kind == FO_TOK_WORD && !fo_query_stopword(tk.v[i].term))
			all_stop = 0;
	words = fo_xcalloc(tk.n + 1, sizeof *words);
	titles = fo_xcalloc(tk.n + 1, sizeof *titles);
	runs = fo_xcalloc(tk.n + 1, sizeof *runs);
	latin = fo_xcalloc(tk.n + 1, sizeof *latin);
	cur = fo_xcalloc(tk.n + 1, sizeof *cur);
	single = fo_xcalloc(tk.n + 1, 1);
	fo_buf_printf(&seg, "%s →", s);
	for (i = 0; i < tk.n; i++) {
		const struct fo_token *t = &tk.v[i];

		if (t->kind == FO_TOK_GRAM) {
			if (ncur > 0 && t->pos != lastpos + 1) {
				runs[nr++] = mk(FO_Q_PHRASE, cur, ncur);
				ncur = 0;
			}
			cur[ncur++] = term(FO_PREFIX_GRAM, t->term);
			lastpos = t->pos;
			continue;
		}
		fo_buf_printf(&seg, " %s", t->term);
		if (!phrase && !all_stop && fo_query_stopword(t->term)) {
			EX_ADD(c, dropped, t->term);
			continue;
		}
		ncontent++;
		if (!t->han || u8chars(t->term) > 1)
			nmulti++;
		else
			single[nw] = 1;
		words[nw++] = term(FO_PREFIX_WORD, t->term);
		titles[nt++] = term(FO_PREFIX_TITLE, t->term);
		if (!t->han)
			latin[nl++] = term(FO_PREFIX_WORD, t->term);
		else if (u8chars(t->term) == 1 && !phrase && c->scatter) {
			/* a one-character word: any bigram starting with it.
			   Only where words decide the match (scattered): as a
			   boost beside the contiguous bigram phrase, a wildcard
			   over every B<x>* term costs more than the rest of
			   the query (at 10,000 poems most of it) and adds
			   little; the phrase already holds the character. */
			struct fo_qnode *wc = term(FO_PREFIX_GRAM, t->term);

			wc->op = FO_Q_WILDCARD;
			words[nw - 1] = two(FO_Q_OR, words[nw - 1], wc);
		}
		if (!c->neg && (!t->han || u8chars(t->term) > 1))
			EX_ADD(c, needles, t->term);
	}
	if (ncur > 0)
		runs[nr++] = ncur == 1 ? cur[0] : mk(FO_Q_PHRASE, cur, ncur);
	/* a one-gram "phrase" is just the term */
	for (i = 0; i < nr; i++)
		if (runs[i]->op == FO_Q_PHRASE && runs[i]->nkids == 1) {
			struct fo_qnode *k = runs[i]->kids[0];

			runs[i]->nkids = 0;
			fo_qnode_free(runs[i]);
			runs[i] = k;
		}
	/* a lone character (个 of 500个): any gram starting with it, as
	   the page has it inside a longer run (500个较大) */
	for (i = 0; i < nr; i++)
		if (runs[i]->op == FO_Q_TERM && u8chars(runs[i]->term + 1) == 1)
			runs[i]->op = FO_Q_WILDCARD;
	EX_ADD(c, segments, seg.data);
	if (!c->neg)
		EX_ADD(c, needles, s);
	/* Loosening one word to any of its segments is only worth it for
	 * two or more real words ("推动跨境电商发展"); a typo like 跨境电伤
	 * should not fall back to everything with 跨境 or 伤. */
	if (c->ex != NULL && nmulti > 1 && !phrase)
		c->ex->loosenable = 1;

	gq = mk(FO_Q_AND, runs, nr);
	if (gq != NULL) {
		/* contiguous means the digits and Latin words too */
		struct fo_qnode *pins = pin_words(&tk);

		if (pins != NULL && gq->op == FO_Q_AND)
			gq = fo_qnode_add(gq, pins);
		else
			gq = two(FO_Q_AND, gq, pins);
	}
	if (phrase) {
		/* exact: the bigram phrase(s), and Latin words in order */
		struct fo_qnode *lq = nl > 1 ? mk(FO_Q_PHRASE, latin, nl) :
		    mk(FO_Q_AND, latin, nl);

		match = two(FO_Q_AND, gq, lq);
		wq = mk(FO_Q_AND, words, nw);
		if (match == NULL)
			match = wq, wq = NULL;
		else if (wq != NULL)
			match = two(FO_Q_AND_MAYBE, match, wq);
	} else {
		for (i = 0; i < nl; i++)
			fo_qnode_free(latin[i]);
		if (c->loose && nmulti > 1) {
			size_t j = 0;

			for (i = 0; i < nw; i++)
				if (single[i])
					fo_qnode_free(words[i]);
				else
					words[j++] = words[i];
			wq = mk(FO_Q_OR, words, j);
		} else
			wq = mk(FO_Q_AND, words, nw);
		if (c->scatter || gq == NULL)
			match = two(FO_Q_OR, scale(wq, W_WORDS),
			    scale(gq, W_GRAMS));
		else	/* contiguous only; the words boost */
			match = two(FO_Q_AND_MAYBE, scale(gq, W_GRAMS),
			    scale(wq, W_WORDS));
	}
	boost = scale(mk(FO_Q_OR, titles, nt), W_TITLE);
	match = two(FO_Q_AND_MAYBE, match, boost);

	fo_buf_release(&seg);
	free(words);
	free(titles);
	free(runs);
	free(latin);
	free(cur);
	free(single);
	fo_tokens_release(&tk);
	return match;
}

static struct fo_qnode *compile_word1(struct cctx *c, const char *text,
    int phrase);

/*
 * A word matches where it occurs contiguously; if it occurs nowhere so
 * (c->has says), where its segments all occur, and ex->loose says so.
 */
static struct fo_qnode *
compile_word(struct cctx *c, const char *text, int phrase)
{
	struct fo_qnode *q = compile_word1(c, text, phrase), *loose;
	struct fo_buf f = FO_BUF_INIT;

	if (q == NULL || phrase || c->has == NULL || c->neg || c->scatter ||
	    c->has(c->hctx, q))
		return q;
	c->scatter = 1;
	loose = compile_word1(c, text, phrase);
	c->scatter = 0;
	if (loose == NULL || !c->has(c->hctx, loose)) {
		fo_qnode_free(loose);	/* nothing either way */
		return q;
	}
	fo_qnode_free(q);
	q = loose;
	if (c->ex != NULL && fo_analyzer_fold(c->an, text, strlen(text), &f,
	    NULL) == FO_OK)
		fo_strlist_add(&c->ex->loose, f.data);
	fo_buf_release(&f);
	return q;
}

static struct fo_qnode *
compile_word1(struct cctx *c, const char *text, int phrase)
{
	struct fo_buf f = FO_BUF_INIT;
	struct fo_qnode **alts, *q;
	const char *const *grp = NULL;
	char *sq = NULL;
	size_t n = 0, i, na = 0;

	if (phrase)
		text = sq = squeeze_han_spaces(text);
	if (fo_analyzer_fold(c->an, text, strlen(text), &f, NULL) != FO_OK) {
		c->st = FO_EINVAL;
		free(sq);
		return NULL;
	}
	if (strcmp(f.data, text) != 0 && c->ex != NULL) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_printf(&m, "%s → %s", text, f.data);
		fo_strlist_add(&c->ex->folds, m.data);
		fo_buf_release(&m);
	}
	if (!phrase)
		grp = fo_vocab_group(c->v, f.data, &n);
	if (grp == NULL) {
		q = compile_spelling(c, f.data, phrase);
		fo_buf_release(&f);
		free(sq);
		return q;
	}
	alts = fo_xcalloc(n, sizeof *alts);
	for (i = 0; i < n; i++) {
		if (strcmp(grp[i], f.data) != 0 && !c->neg && c->ex != NULL)
			fo_strlist_add(&c->ex->also, grp[i]);
		if ((q = compile_spelling(c, grp[i], 0)) != NULL)
			alts[na++] = q;
	}
	q = mk(FO_Q_OR, alts, na);
	free(alts);
	fo_buf_release(&f);
	free(sq);
	return q;
}

static struct fo_qnode *compile_node(struct cctx *c, const struct fo_qast *a);

static struct fo_qnode *
filter_term(struct cctx *c, const struct fo_qast *a)
{
	struct fo_buf f = FO_BUF_INIT;
	struct fo_qnode *q;

	int k = fo_filter_find(a->field, strlen(a->field));

	if (k != FO_FILTER_TAG)	/* kind, section, clause: as checked */
		return term(fo_filter_prefix((enum fo_filter)k), a->text);
	if (fo_analyzer_fold(c->an, a->text, strlen(a->text), &f, NULL) != FO_OK) {
		c->st = FO_EINVAL;
		return NULL;
	}
	q = term(FO_PREFIX_TAG, f.data);
	fo_buf_release(&f);
	return q;
}

/* Is this a plain query word that is only a stopword? */
static int
stop_kid(struct cctx *c, const struct fo_qast *a)
{
	struct fo_buf f = FO_BUF_INIT;
	int r;

	if (a->kind != FO_QA_WORD || a->mod == FO_QA_REQUIRE)
		return 0;
	if (fo_analyzer_fold(c->an, a->text, strlen(a->text), &f, NULL) != FO_OK)
		return 0;
	r = fo_query_stopword(f.data);
	fo_buf_release(&f);
	return r;
}

/* An AND list (or a lone node treated as one). */
static struct fo_qnode *
compile_list(struct cctx *c, struct fo_qast *const *kids, size_t n, int soft)
{
	struct fo_qnode **pos, **req, **neg, *base, *q;
	struct fo_qnode *ffield[FO_NFILTERS] = { NULL, NULL, NULL, NULL };
	struct fo_qnode **fneg;
	size_t i, k, np = 0, nr = 0, nn = 0, nfn = 0, nstop = 0, nplain = 0;
	size_t nhoist = 0;

	pos = fo_xcalloc(n + 1, sizeof *pos);
	req = fo_xcalloc(n + 1, sizeof *req);
	neg = fo_xcalloc(n + 1, sizeof *neg);
	fneg = fo_xcalloc(n + 1, sizeof *fneg);
	for (i = 0; i < n; i++)
		if (kids[i]->kind != FO_QA_FILTER && kids[i]->mod != FO_QA_EXCLUDE) {
			nplain++;
			nstop += stop_kid(c, kids[i]);
		}
	for (i = 0; i < n; i++) {
		const struct fo_qast *a = kids[i];

		if (a->kind == FO_QA_FILTER) {
			if (c->neg == 0) {
				nhoist++;	/* applied by fo_query_compile() */
				continue;
			}
			q = filter_term(c, a);
			if (q == NULL)
				continue;
			if (a->mod == FO_QA_EXCLUDE) {
				fneg[nfn++] = q;
				continue;
			}
			k = (size_t)fo_filter_find(a->field, strlen(a->field));
			ffield[k] = two(FO_Q_OR, ffield[k], q);
			continue;
		}
		if (a->mod == FO_QA_EXCLUDE) {
			c->neg++;
			q = compile_node(c, a);
			c->neg--;
			if (q != NULL)
				neg[nn++] = q;
			continue;
		}
		if (nstop < nplain && stop_kid(c, a)) {
			if (c->ex != NULL)
				fo_strlist_add(&c->ex->dropped, a->text);
			continue;
		}
		q = compile_node(c, a);
		if (q == NULL)
			continue;
		if (a->mod == FO_QA_REQUIRE)
			req[nr++] = q;
		else
			pos[np++] = q;
	}
	if (nplain > 0 && np + nr == 0 && nn == 0 && c->st == FO_OK)
		c->st = FO_EINVAL;	/* only punctuation or symbols */
	if (soft && c->ex != NULL && np >= 1 && np + nr >= 2)
		c->ex->loosenable = 1;
	if (soft && c->loose) {
		base = mk(FO_Q_OR, pos, np);
		base = two(FO_Q_AND_MAYBE, mk(FO_Q_AND, req, nr), base);
	} else {
		for (i = 0; i < nr; i++)
			pos[np++] = req[i];
		base = mk(FO_Q_AND, pos, np);
	}
	if (base == NULL && nn == 0 && nhoist > 0)
		goto out;	/* only filters: nothing here */
	if (base == NULL)
		base = fo_qnode_new(FO_Q_ALL, NULL);
	if (nn > 0) {
		q = fo_qnode_new(FO_Q_AND_NOT, NULL);
		fo_qnode_add(q, base);
		for (i = 0; i < nn; i++)
			fo_qnode_add(q, neg[i]);
		base = q;
	}
	{
		struct fo_qnode *f[FO_NFILTERS];
		size_t nf = 0;

		for (k = 0; k < FO_NFILTERS; k++)
			if (ffield[k] != NULL)
				f[nf++] = ffield[k];
		if (nf > 0)
			base = two(FO_Q_FILTER, base, mk(FO_Q_AND, f, nf));
	}
	if (nfn > 0) {
		q = fo_qnode_new(FO_Q_AND_NOT, NULL);
		fo_qnode_add(q, base);
		for (i = 0; i < nfn; i++)
			fo_qnode_add(q, fneg[i]);
		base = q;
	}
out:
	free(pos);
	free(req);
	free(neg);
	free(fneg);
	return base;
}

/* Compile 'a' ignoring its own modifier. */
static struct fo_qnode *
compile_node(struct cctx *c, const struct fo_qast *a)
{
	struct fo_qnode **kids, *q;
	size_t i, n = 0;

	switch (a->kind) {
	case FO_QA_WORD:
		return compile_word(c, a->text, 0);
	case FO_QA_PHRASE:
		return compile_word(c, a->text, 1);
	case FO_QA_FILTER:
		return filter_term(c, a);
	case FO_QA_AND:
		return compile_list(c, a->kids, a->nkids, a->soft);
	case FO_QA_OR:
		kids = fo_xcalloc(a->nkids + 1, sizeof *kids);
		for (i = 0; i < a->nkids; i++) {
			if (a->kids[i]->kind == FO_QA_FILTER && c->neg == 0)
				continue;	/* hoisted */
			if (a->kids[i]->mod == FO_QA_EXCLUDE ||
			    a->kids[i]->kind == FO_QA_FILTER)
				q = compile_list(c, &a->kids[i], 1, 1);
			else
				q = compile_node(c, a->kids[i]);
			if (q != NULL)
				kids[n++] = q;
		}
		q = mk(FO_Q_OR, kids, n);
		free(kids);
		return q;
	}
	return NULL;
}

/* The filters of a whole query: same field ORed, fields ANDed, and the
 * excluded ones. */
struct filters {
	struct fo_qnode	 *field[FO_NFILTERS];	/* by enum fo_filter */
	struct fo_qnode	 *neg;		/* OR of the excluded ones */
};

/*
 * Collect every filter of 'a' that is not inside an exclusion: filters
 * apply to the whole query, as Xapian's boolean prefixes do, so
 * "a OR b kind:glossary" is glossary entries with a or b.  Filters
 * inside an exclusion ("NOT (a kind:clause)") stay where they are.
 */
static void
hoist_filters(struct cctx *c, const struct fo_qast *a, struct filters *f)
{
	struct fo_qnode *q;
	size_t i, k;

	if (a->kind == FO_QA_FILTER) {
		if ((q = filter_term(c, a)) == NULL)
			return;
		if (a->mod == FO_QA_EXCLUDE) {
			f->neg = two(FO_Q_OR, f->neg, q);
			return;
		}
		k = (size_t)fo_filter_find(a->field, strlen(a->field));
		f->field[k] = two(FO_Q_OR, f->field[k], q);
		return;
	}
	if (a->mod == FO_QA_EXCLUDE)
		return;
	if (a->kind == FO_QA_AND || a->kind == FO_QA_OR)
		for (i = 0; i < a->nkids; i++)
			hoist_filters(c, a->kids[i], f);
}

/* 'q' (NULL: every page) restricted by 'f', which it takes over. */
static struct fo_qnode *
apply_filters(struct fo_qnode *q, struct filters *f)
{
	struct fo_qnode *v[FO_NFILTERS];
	size_t k, n = 0;

	for (k = 0; k < FO_NFILTERS; k++)
		if (f->field[k] != NULL)
			v[n++] = f->field[k];
	if (n == 0 && f->neg == NULL)
		return q;
	if (q == NULL)
		q = fo_qnode_new(FO_Q_ALL, NULL);
	if (n > 0)
		q = two(FO_Q_FILTER, q, mk(FO_Q_AND, v, n));
	if (f->neg != NULL) {
		struct fo_qnode *an = fo_qnode_new(FO_Q_AND_NOT, NULL);
		size_t i;

		fo_qnode_add(an, q);
		if (f->neg->op == FO_Q_OR) {
			for (i = 0; i < f->neg->nkids; i++)
				fo_qnode_add(an, f->neg->kids[i]);
			f->neg->nkids = 0;
			fo_qnode_free(f->neg);
		} else
			fo_qnode_add(an, f->neg);
		q = an;
	}
	return q;
}

enum fo_status
fo_query_compile(const struct fo_qast *a, struct fo_analyzer *an,
    const struct fo_vocab *v, int loose, struct fo_qexplain *ex,
    struct fo_qnode **out)
{
	return fo_query_compile_checked(a, an, v, loose, NULL, NULL, ex, out);
}

enum fo_status
fo_query_compile_checked(const struct fo_qast *a, struct fo_analyzer *an,
    const struct fo_vocab *v, int loose,
    int (*has)(void *ctx, const struct fo_qnode *q), void *ctx,
    struct fo_qexplain *ex, struct fo_qnode **out)
{
	struct cctx c = { an, v, loose, 0, ex, FO_OK, has, ctx, 0 };
	struct filters f = { { NULL, NULL, NULL, NULL }, NULL };
	struct fo_qnode *q;

	if (out != NULL)
		*out = NULL;
	if (a == NULL || an == NULL || out == NULL)
		return FO_EINVAL;
	hoist_filters(&c, a, &f);
	if (a->kind == FO_QA_AND)
		q = compile_node(&c, a);
	else
		q = compile_list(&c, (struct fo_qast *const *)&a, 1, 1);
	q = apply_filters(q, &f);
	if (c.st != FO_OK) {
		fo_qnode_free(q);
		return c.st;
	}
	if (q == NULL)
		return FO_EINVAL;
	*out = q;
	return FO_OK;
}
