/* indexer/content_int.h -- private to the content loader (content/: the
 * loader, and the readers it calls: frontmatter.c, markdown.c, lint.c,
 * which report to the sink of diag.c).  Not part of the public API. */
#ifndef FO_CONTENT_INT_H
#define FO_CONTENT_INT_H

#include <stddef.h>

#include "content.h"

/* Field types of the front matter schemas. */
enum fo_ftype {
	FO_F_STR,	/* non-empty string -> char * */
	FO_F_OPTSTR,	/* string, may be empty -> char * */
	FO_F_URL,	/* http(s) URL -> char * */
	FO_F_DATE,	/* YYYY-MM-DD, a real date -> char * */
	FO_F_INT,	/* integer min..max -> int */
	FO_F_BOOL,	/* true/false -> int */
	FO_F_STRLIST,	/* list of strings -> char **, size_t */
	FO_F_INTLIST,	/* non-empty list of integers min..max -> int *, size_t */
	FO_F_SOURCES	/* non-empty list of {title, url?} -> fo_source *, size_t */
};

struct fo_field {
	const char	*name;
	enum fo_ftype	 type;
	int		 required;
	size_t		 off;	/* offset of the value in struct fo_page */
	size_t		 noff;	/* offset of the count, for lists */
	int		 min, max;	/* integer range; 0, 0 = any */
	const char	*what;	/* "clause", "section": names range errors */
};

#define FO_MAX_FIELDS 12

/* The order of the annotation schema's fields (content.c), for the
 * lines of a field's items (struct fo_ipage). */
enum { FO__AN_TITLE, FO__AN_AUTHOR, FO__AN_DATE, FO__AN_CLAUSES, FO__AN_TAGS,
	FO__AN_SOURCES };

/*
 * The loader's page: the public page plus where each field was written,
 * for diagnostics found after parsing.  'p' must stay first: a struct
 * fo_page * from the loader can be cast back to struct fo_ipage *.
 */
struct fo_ipage {
	struct fo_page	 p;
	int		 fline[FO_MAX_FIELDS];	/* line of each field's value; 0 if absent */
	int		 fcol[FO_MAX_FIELDS];
	int		*iline[FO_MAX_FIELDS];	/* lines of list items (malloc'd) */
	int		*icol[FO_MAX_FIELDS];
	int		 nerr;	/* errors found in this file */
};

/* diag.c */
/* Append a diagnostic to 'dg'; 'path' is copied.  A line of 0 on a .md
 * file becomes 1:1.  Never fails (aborts on OOM). */
void	fo__diag(struct fo_diags *dg, enum fo_severity sev, const char *path,
	    int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* Sort by path, line, column, keeping the order found among equals. */
void	fo__diags_sort(struct fo_diags *dg);
/* Free what 'dg' holds and empty it. */
void	fo__diags_release(struct fo_diags *dg);
/* 1 if 'name' ends in ".md", in any case. */
int	fo__md_name(const char *name);

/* frontmatter.c */
/*
 * Split 'data' (NUL-terminated, 'len' bytes, valid UTF-8) into front matter
 * and body and apply the schema 'fields' to 'ip'.  Sets ip->p.body and
 * ip->p.body_line.  Every problem becomes a diagnostic on 'path'; returns
 * the number of errors found (0 = usable).
 */
int	fo__fm_load(struct fo_diags *dg, const char *path, const char *data,
	    size_t len, const struct fo_field *fields, size_t nfields,
	    struct fo_ipage *ip);

/* markdown.c */
/*
 * Parse ip->p.body with cmark: fill text, paras and links (unresolved),
 * warn about raw HTML unless trusted and about links that are neither a
 * known scheme nor an http(s)/mailto URL.  Errors for malformed clause:/
 * section: numbers.  Returns the parse, for the fidelity check to read
 * rather than parse the body again; the caller frees it with
 * cmark_node_free().
 */
struct cmark_node;
struct cmark_node *fo__md_load(struct fo_diags *dg, struct fo_ipage *ip);

/* fidelity.c */
/*
 * fidelity.h's check of page 'kind' 'number' (clause, section or the
 * preamble) on the loader's parse 'doc' of its body (borrowed): is its
 * title and body the official text?  Returns as fo_fidelity_check_clause().
 */
struct fo_source_text;
struct fo_fidelity_diff;
enum fo_status fo__fidelity_check(const struct fo_source_text *src,
	    enum fo_kind kind, int number, const char *title,
	    struct cmark_node *doc, struct fo_fidelity_diff *diff);

/* lint.c */
/*
 * Check 'len' bytes for NUL bytes and invalid UTF-8; reports the first of
 * each with its byte offset and line:col.  Returns the number of errors.
 */
int	fo__lint_bytes(struct fo_diags *dg, const char *path, const char *data,
	    size_t len);
/* 1 if 'name' is [a-z0-9][a-z0-9-]*\.md */
int	fo__lint_name_ok(const char *name);
/* The closest of 'names' (NULL-terminated) to 's' by edit distance, or NULL. */
const char *fo__lint_near(const char *s, const char *const *names);
/* 1 if 'd' is a real YYYY-MM-DD date. */
int	fo__lint_date_ok(const char *d);

/* links.c */
/*
 * Resolve the links of every page of 'c' and of the 'rejected' pages
 * (files with errors: checked, not linked), reporting missing targets and
 * fragments; record backlinks and merge an annotation's clause: links
 * into its clauses.
 */
void	fo__links_resolve(struct fo_content *c, struct fo_page *const *rejected,
	    size_t nrejected);

/* terms.c */
/* Fill page->terms for every page of 'c'. */
void	fo__terms_find(struct fo_content *c);

#endif /* FO_CONTENT_INT_H */
