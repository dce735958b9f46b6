/* indexer/content/frontmatter.c -- split a content file into YAML front matter and a
 * Markdown body, parse the YAML with libyaml and apply a field schema. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "buf.h"
#include "content_int.h"

#define AT(ip, off, type)	((type *)(void *)((char *)&(ip)->p + (off)))

/* One file being read: where its front matter starts in the file. */
struct fm {
	struct fo_diags	*dg;
	const char		*path;
	int			 line0;	/* file line of front matter line 1 */
	yaml_document_t		 doc;
	struct fo_ipage		*ip;
	const struct fo_field	*fields;
	size_t			 nfields;
	int			 nerr;
};

/* 1 if the line at 's' (up to '\n' or end) is "---" plus blanks. */
static int
is_fence(const char *s, const char *end)
{
	if (end - s < 3 || strncmp(s, "---", 3) != 0)
		return 0;
	for (s += 3; s < end && *s != '\n'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

static const char *
next_line(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl == NULL ? end : nl + 1;
}

static int
line_of(struct fm *f, const yaml_node_t *n)
{
	return f->line0 + (int)n->start_mark.line;
}

static int
col_of(const yaml_node_t *n)
{
	return (int)n->start_mark.column + 1;
}

static void
err_at(struct fm *f, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
err_at(struct fm *f, const yaml_node_t *n, const char *fmt, ...)
{
	struct fo_buf m = FO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	fo_buf_vprintf(&m, fmt, ap);
	va_end(ap);
	fo__diag(f->dg, FO_SEV_ERROR, f->path, n ? line_of(f, n) : 1,
	    n ? col_of(n) : 0, "%s", m.data);
	fo_buf_release(&m);
	f->nerr++;
}

static int
is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style !=
	    YAML_PLAIN_SCALAR_STYLE)
		return 0;
	v = (const char *)n->data.scalar.value;
	return *v == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0;
}

/* A scalar's value as a new string, or NULL with an error. */
static char *
scalar_str(struct fm *f, const yaml_node_t *n, const char *name)
{
	if (n->type != YAML_SCALAR_NODE) {
		err_at(f, n, "field '%s' must be text, not a %s", name,
		    n->type == YAML_SEQUENCE_NODE ? "list" : "set of fields");
		return NULL;
	}
	if (memchr(n->data.scalar.value, '\0', n->data.scalar.length)) {
		err_at(f, n, "field '%s' contains a NUL character: remove it",
		    name);
		return NULL;
	}
	/* The editors' templates mark every blank with 请填写 ("fill in"). */
	if (strstr((const char *)n->data.scalar.value, "请填写") != NULL) {
		err_at(f, n, "field '%s' still holds the template's '请填写' "
		    "(fill in) text: replace it with your own", name);
		return NULL;
	}
	return fo_xstrndup((const char *)n->data.scalar.value,
	    n->data.scalar.length);
}

static int
url_ok(const char *u)
{
	const char *rest;

	if (strncmp(u, "https://", 8) == 0)
		rest = u + 8;
	else if (strncmp(u, "http://", 7) == 0)
		rest = u + 7;
	else
		return 0;
	if (*rest == '\0' || *rest == '/')
		return 0;
	for (; *u; u++)
		if (*u == ' ' || *u == '\t' || *u == '\n')
			return 0;
	return 1;
}

/* Parse an integer scalar; 1 on success. */
static int
scalar_int(struct fm *f, const yaml_node_t *n, const struct fo_field *fd,
    int *out)
{
	const char *v;
	char *end;
	long l;

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style !=
	    YAML_PLAIN_SCALAR_STYLE) {
		err_at(f, n, "field '%s' must be a number without quotes, "
		    "e.g. %s", fd->name, fd->type == FO_F_INTLIST ?
		    "clauses: [4, 16]" : "number: 4");
		return 0;
	}
	v = (const char *)n->data.scalar.value;
	errno = 0;
	l = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || l < INT_MIN ||
	    l > INT_MAX) {
		err_at(f, n, "field '%s' must be a whole number, not '%s'",
		    fd->name, v);
		return 0;
	}
	if (fd->min != 0 || fd->max != 0) {
		if (l < fd->min || l > fd->max) {
			struct fo_buf m = FO_BUF_INIT;

			if (fd->what != NULL)
				fo_buf_printf(&m, "%s %ld does not exist: the "
				    "opinion has %ss %d–%d", fd->what, l,
				    fd->what, fd->min, fd->max);
			else
				fo_buf_printf(&m, "field '%s' must be between "
				    "%d and %d, not %ld", fd->name, fd->min,
				    fd->max, l);
			err_at(f, n, "%s", m.data);
			fo_buf_release(&m);
			return 0;
		}
	}
	*out = (int)l;
	return 1;
}

static yaml_node_t *
node(struct fm *f, int id)
{
	return yaml_document_get_node(&f->doc, id);
}

static void
apply_strlist(struct fm *f, const yaml_node_t *n, size_t fi)
{
	const struct fo_field *fd = &f->fields[fi];
	char ***arr = AT(f->ip, fd->off, char **);
	size_t *cnt = AT(f->ip, fd->noff, size_t);
	yaml_node_item_t *it;
	size_t k = 0, max;

	if (n->type != YAML_SEQUENCE_NODE) {
		err_at(f, n, "field '%s' must be a list, e.g. %s: [a, b]",
		    fd->name, fd->name);
		return;
	}
	max = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	*arr = fo_xcalloc(max + 1, sizeof **arr);
	f->ip->iline[fi] = fo_xcalloc(max + 1, sizeof(int));
	f->ip->icol[fi] = fo_xcalloc(max + 1, sizeof(int));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(f, *it);
		char *s;

		if (e == NULL)
			continue;
		if (e->type != YAML_SCALAR_NODE) {
			err_at(f, e, "each item of '%s' must be text", fd->name);
			continue;
		}
		s = scalar_str(f, e, fd->name);
		if (s == NULL)
			continue;
		if (*s == '\0') {
			err_at(f, e, "an item of '%s' is empty: remove it or "
			    "give it a value", fd->name);
			free(s);
			continue;
		}
		f->ip->iline[fi][k] = line_of(f, e);
		f->ip->icol[fi][k] = col_of(e);
		(*arr)[k++] = s;
	}
	*cnt = k;
}

static void
apply_intlist(struct fm *f, const yaml_node_t *n, size_t fi)
{
	const struct fo_field *fd = &f->fields[fi];
	int **arr = AT(f->ip, fd->off, int *);
	size_t *cnt = AT(f->ip, fd->noff, size_t);
	yaml_node_item_t *it;
	size_t k = 0, max;

	if (n->type != YAML_SEQUENCE_NODE) {
		err_at(f, n, "field '%s' must be a list of numbers, e.g. "
		    "%s: [4, 16]", fd->name, fd->name);
		return;
	}
	max = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (max == 0 && fd->required) {
		err_at(f, n, "field '%s' is empty: list at least one, e.g. "
		    "%s: [4]", fd->name, fd->name);
		return;
	}
	*arr = fo_xcalloc(max + 1, sizeof **arr);
	f->ip->iline[fi] = fo_xcalloc(max + 1, sizeof(int));
	f->ip->icol[fi] = fo_xcalloc(max + 1, sizeof(int));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(f, *it);
		int v;

		if (e == NULL || !scalar_int(f, e, fd, &v))
			continue;
		f->ip->iline[fi][k] = line_of(f, e);
		f->ip->icol[fi][k] = col_of(e);
		(*arr)[k++] = v;
	}
	*cnt = k;
}

static void
apply_sources(struct fm *f, const yaml_node_t *n, size_t fi)
{
	static const char *const keys[] = { "title", "url", NULL };
	const struct fo_field *fd = &f->fields[fi];
	struct fo_source **arr = AT(f->ip, fd->off, struct fo_source *);
	size_t *cnt = AT(f->ip, fd->noff, size_t);
	yaml_node_item_t *it;
	size_t k = 0, max;

	if (n->type != YAML_SEQUENCE_NODE) {
		err_at(f, n, "field '%s' must be a list of sources, each "
		    "'- title: …' with an optional 'url: https://…'", fd->name);
		return;
	}
	max = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	if (max == 0) {
		err_at(f, n, "field '%s' is empty: cite at least one source "
		    "('- title: …')", fd->name);
		return;
	}
	*arr = fo_xcalloc(max + 1, sizeof **arr);
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		yaml_node_t *e = node(f, *it);
		yaml_node_pair_t *pr;
		struct fo_source src = { NULL, NULL };
		int bad = 0;

		if (e == NULL)
			continue;
		if (e->type != YAML_MAPPING_NODE) {
			err_at(f, e, "each source must be '- title: …' with an "
			    "optional 'url: https://…'");
			continue;
		}
		for (pr = e->data.mapping.pairs.start;
		    pr < e->data.mapping.pairs.top; pr++) {
			yaml_node_t *kn = node(f, pr->key);
			yaml_node_t *vn = node(f, pr->value);
			const char *key, *near;
			char **slot;

			if (kn == NULL || vn == NULL)
				continue;
			key = kn->type == YAML_SCALAR_NODE ?
			    (const char *)kn->data.scalar.value : "";
			if (strcmp(key, "title") == 0)
				slot = &src.title;
			else if (strcmp(key, "url") == 0)
				slot = &src.url;
			else {
				near = fo__lint_near(key, keys);
				fo__diag(f->dg, FO_SEV_WARNING, f->path,
				    line_of(f, kn), col_of(kn),
				    "unknown source field '%s'%s%s%s: a source "
				    "has 'title' and 'url'", key,
				    near ? ": did you mean '" : "",
				    near ? near : "", near ? "'?" : "");
				continue;
			}
			if (*slot != NULL) {
				err_at(f, kn, "source field '%s' is given "
				    "twice: keep one", key);
				bad = 1;
				continue;
			}
			if (is_null(vn))
				continue;
			*slot = scalar_str(f, vn, key);
			if (*slot == NULL)
				bad = 1;
			else if (slot == &src.url && !url_ok(src.url)) {
				err_at(f, vn, "source url '%s' is not a "
				    "complete http:// or https:// address",
				    src.url);
				bad = 1;
			}
		}
		if (!bad && (src.title == NULL || *src.title == '\0')) {
			err_at(f, e, "a source has no title: add 'title: …'");
			bad = 1;
		}
		if (bad) {
			free(src.title);
			free(src.url);
			continue;
		}
		(*arr)[k++] = src;
	}
	*cnt = k;
}

static void
apply(struct fm *f, const yaml_node_t *n, size_t fi)
{
	const struct fo_field *fd = &f->fields[fi];
	char *s;
	int v;

	f->ip->fline[fi] = line_of(f, n);
	f->ip->fcol[fi] = col_of(n);
	if (is_null(n)) {
		if (fd->required)
			err_at(f, n, "field '%s' is empty: give it a value",
			    fd->name);
		return;
	}
	switch (fd->type) {
	case FO_F_STR:
	case FO_F_OPTSTR:
	case FO_F_URL:
	case FO_F_DATE:
		s = scalar_str(f, n, fd->name);
		if (s == NULL)
			return;
		if (fd->type == FO_F_OPTSTR && *s == '\0') {
			free(s);	/* en: "" is the same as no en */
			return;
		}
		if (fd->type == FO_F_STR && s[strspn(s, " \t\n")] == '\0') {
			err_at(f, n, "field '%s' is empty: give it a value",
			    fd->name);
			free(s);
			return;
		}
		if (fd->type == FO_F_URL && !url_ok(s)) {
			err_at(f, n, "field '%s' must be a complete http:// or "
			    "https:// address, not '%s'", fd->name, s);
			free(s);
			return;
		}
		if (fd->type == FO_F_DATE && !fo__lint_date_ok(s)) {
			err_at(f, n, "invalid date '%s': write a real date as "
			    "YYYY-MM-DD, e.g. 2024-05-01", s);
			free(s);
			return;
		}
		*AT(f->ip, fd->off, char *) = s;
		break;
	case FO_F_INT:
		if (scalar_int(f, n, fd, &v))
			*AT(f->ip, fd->off, int) = v;
		break;
	case FO_F_BOOL:
		if (n->type == YAML_SCALAR_NODE && n->data.scalar.style ==
		    YAML_PLAIN_SCALAR_STYLE && (strcasecmp((const char *)
		    n->data.scalar.value, "true") == 0 || strcasecmp(
		    (const char *)n->data.scalar.value, "false") == 0))
			*AT(f->ip, fd->off, int) = strcasecmp((const char *)
			    n->data.scalar.value, "true") == 0;
		else
			err_at(f, n, "field '%s' must be true or false", fd->name);
		break;
	case FO_F_STRLIST:
		apply_strlist(f, n, fi);
		break;
	case FO_F_INTLIST:
		apply_intlist(f, n, fi);
		break;
	case FO_F_SOURCES:
		apply_sources(f, n, fi);
		break;
	}
}

static void
apply_mapping(struct fm *f, const yaml_node_t *root)
{
	const char *names[FO_MAX_FIELDS + 1];
	int seen[FO_MAX_FIELDS] = { 0 };
	yaml_node_pair_t *pr;
	size_t i;

	for (i = 0; i < f->nfields; i++)
		names[i] = f->fields[i].name;
	names[i] = NULL;
	if (root != NULL && root->type != YAML_MAPPING_NODE) {
		err_at(f, root, "front matter must be fields, one "
		    "'name: value' a line");
		return;
	}
	for (pr = root ? root->data.mapping.pairs.start : NULL;
	    root && pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *kn = node(f, pr->key), *vn = node(f, pr->value);
		const char *key, *near;

		if (kn == NULL || vn == NULL)
			continue;
		if (kn->type != YAML_SCALAR_NODE) {
			err_at(f, kn, "a field name must be plain text");
			continue;
		}
		key = (const char *)kn->data.scalar.value;
		for (i = 0; i < f->nfields; i++)
			if (strcmp(key, f->fields[i].name) == 0)
				break;
		if (i == f->nfields) {
			struct fo_buf all = FO_BUF_INIT;
			size_t j;

			for (j = 0; j < f->nfields; j++)
				fo_buf_printf(&all, "%s%s", j ? ", " : "",
				    f->fields[j].name);
			near = fo__lint_near(key, names);
			if (near != NULL)
				fo__diag(f->dg, FO_SEV_WARNING, f->path,
				    line_of(f, kn), col_of(kn), "unknown field "
				    "'%s' is ignored: did you mean '%s'?", key,
				    near);
			else
				fo__diag(f->dg, FO_SEV_WARNING, f->path,
				    line_of(f, kn), col_of(kn), "unknown field "
				    "'%s' is ignored: the fields here are %s",
				    key, all.data);
			fo_buf_release(&all);
			continue;
		}
		if (seen[i]) {
			err_at(f, kn, "field '%s' is given twice: keep one",
			    key);
			continue;
		}
		seen[i] = 1;
		apply(f, vn, i);
	}
	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].required && !seen[i])
			fo__diag(f->dg, FO_SEV_ERROR, f->path, 1, 1,
			    "missing required field '%s': add '%s: …' to the "
			    "front matter", f->fields[i].name,
			    f->fields[i].name), f->nerr++;
}

/*
 * libyaml's time grows with the square of flow nesting ("[[[[..."), so a
 * hostile file could stall the loader: refuse nesting deeper than any
 * schema needs before parsing.  Brackets inside quotes are not counted.
 */
#define FM_MAX_DEPTH	16

static int
too_deep(struct fo_diags *dg, const char *path, const char *s,
    const char *end, int line)
{
	int depth = 0, col = 1;
	char quote = 0;

	for (; s < end; s++, col++) {
		if (*s == '\n') {
			quote = 0;	/* a stray quote ends with its line */
			line++, col = 0;
		} else if (quote != 0) {
			if (*s == quote)
				quote = 0;
		} else if (*s == '"' || *s == '\'') {
			quote = *s;
		} else if (*s == '[' || *s == '{') {
			if (++depth > FM_MAX_DEPTH) {
				fo__diag(dg, FO_SEV_ERROR, path, line, col,
				    "front matter nests lists or fields more "
				    "than %d deep: no field needs that; fix the "
				    "brackets", FM_MAX_DEPTH);
				return 1;
			}
		} else if ((*s == ']' || *s == '}') && depth > 0) {
			depth--;
		}
		if (((unsigned char)*s & 0xc0) == 0x80)
			col--;	/* count characters, not bytes */
	}
	return 0;
}

int
fo__fm_load(struct fo_diags *dg, const char *path, const char *data,
    size_t len, const struct fo_field *fields, size_t nfields,
    struct fo_ipage *ip)
{
	const char *end = data + len, *s = data, *fm_start, *fm_end = NULL;
	yaml_parser_t parser;
	struct fm f;
	int line = 1;

	memset(&f, 0, sizeof f);
	f.dg = dg;
	f.path = path;
	f.ip = ip;
	f.fields = fields;
	f.nfields = nfields;
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;		/* a byte order mark: harmless */
	if (!is_fence(s, end)) {
		fo__diag(dg, FO_SEV_ERROR, path, 1, 1, "missing front matter: "
		    "the file must start with a line '---', the fields "
		    "('name: value') and another line '---'");
		return 1;
	}
	s = next_line(s, end);
	fm_start = s;
	line = 2;
	f.line0 = 2;
	while (s < end) {
		if (is_fence(s, end)) {
			fm_end = s;
			break;
		}
		s = next_line(s, end);
		line++;
	}
	if (fm_end == NULL) {
		fo__diag(dg, FO_SEV_ERROR, path, 1, 1, "front matter is not "
		    "closed: add a line '---' after the last field");
		return 1;
	}
	s = next_line(fm_end, end);
	ip->p.body = fo_xstrndup(s, (size_t)(end - s));
	ip->p.body_line = line + 1;

	if (too_deep(dg, path, fm_start, fm_end, f.line0))
		return 1;
	if (!yaml_parser_initialize(&parser))
		abort();	/* out of memory, as fo_x* */
	yaml_parser_set_input_string(&parser, (const unsigned char *)fm_start,
	    (size_t)(fm_end - fm_start));
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yaml_parser_load(&parser, &f.doc)) {
		if (parser.error == YAML_MEMORY_ERROR)
			abort();
		fo__diag(dg, FO_SEV_ERROR, path,
		    f.line0 + (int)parser.problem_mark.line,
		    (int)parser.problem_mark.column + 1,
		    "malformed YAML front matter: %s%s%s: fix the syntax "
		    "(fields are 'name: value', lists '[a, b]'; quote text "
		    "that contains ': ' or starts with a symbol)",
		    parser.problem ? parser.problem : "syntax error",
		    parser.context ? " " : "",
		    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return 1;
	}
	yaml_parser_delete(&parser);
	apply_mapping(&f, yaml_document_get_root_node(&f.doc));
	yaml_document_delete(&f.doc);
	return f.nerr;
}
