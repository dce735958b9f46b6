/* indexer/content.h -- the content model: the whole content/ tree in memory.
 *
 * fo_content_load() reads every Markdown file under a content root:
 *
 *   document.md            kind document: title, issuers, source URL; body = preamble
 *   sections/NN.md         kind section:  number (1-7), title; body (only 一 has one)
 *   clauses/NN.md          kind clause:   number (1-24), section, title; body = official text
 *   annotations/<slug>.md  kind annotation: title, author, date, clauses, tags, sources
 *   glossary/<slug>.md     kind glossary: term, aliases, sources; body = definition
 *   source/                provenance (the seed text); read by the fidelity check, not a page
 *
 * Front matter is YAML between "---" lines (libyaml); bodies are CommonMark
 * (cmark, raw HTML off unless the file sets `trusted: true`).  Links that
 * editors type in any body:
 *
 *   [（四）](clause:4)   [二、…](section:2)   [海外仓](term:haiwaicang)
 *   [海外仓](term:海外仓)  (a term's slug, term text or alias)   […](annotation:slug)
 *   [（四）](clause:4#p1)  any of these + "#pM": paragraph M (anchor pM) of the
 *                        target, which must have M paragraphs (fo_link.para)
 *
 * Structures below are public but read-only for callers: the loader owns
 * every pointer, and all of it is freed by fo_content_free().
 */
#ifndef FO_CONTENT_H
#define FO_CONTENT_H

#include <stddef.h>

#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

enum fo_kind {
	FO_KIND_PREAMBLE = 0,	/* document.md: title, issuers, preamble text */
	FO_KIND_SECTION,
	FO_KIND_CLAUSE,
	FO_KIND_ANNOTATION,
	FO_KIND_GLOSSARY
};

/* "preamble", "section", "clause", "annotation", "glossary". Static. */
const char *fo_kind_name(enum fo_kind k);
/* 1 if pages of kind 'k' are the opinion's own text (the preamble,
 * sections and clauses), as opposed to commentary on it. */
int	 fo_kind_official(enum fo_kind k);
/* The kind named 'name' (as fo_kind_name() gives it, or "term" for a
 * glossary entry), or -1. */
int	 fo_kind_find(const char *name);

/* The slug rule, the one the loader applies to file names (without .md),
 * links apply to their targets and `make annotation` to a new file's
 * name: 1 if 's' is [a-z0-9][a-z0-9-]* and at most FO_SLUG_MAX bytes. */
#define FO_SLUG_MAX		64
int	 fo_slug_valid(const char *s);

/* Limits enforced by the loader (lint errors past them). */
#define FO_MAX_FILE_BYTES	(256 * 1024)
#define FO_NCLAUSES		24
#define FO_NSECTIONS		7

enum fo_link_kind {
	FO_LINK_CLAUSE,		/* clause:N */
	FO_LINK_SECTION,	/* section:N */
	FO_LINK_TERM,		/* term:slug-or-term-or-alias */
	FO_LINK_ANNOTATION,	/* annotation:slug */
	FO_LINK_EXTERNAL	/* http(s):, mailto: ... not checked */
};

/* One link found in a body. */
struct fo_link {
	enum fo_link_kind kind;
	char	*target;	/* text after "clause:" etc. (without a "#pM"
				   fragment), or the URL */
	int	 number;	/* clause/section number; 0 otherwise */
	int	 para;		/* M of a "#pM" fragment (paragraph M of the
				   target, anchor pM); 0 if none */
	int	 sentence;	/* K of a "#pMsK" fragment (sentence K of that
				   paragraph, on the official text); 0 if none */
	struct fo_page *page;	/* resolved target page, NULL if external */
	int	 line, col;	/* position in the source file (1-based; col
				   counts characters, not bytes; 0 if unknown) */
};

/* Parse a link fragment 'frag' (the text after '#'): "pM" (paragraph M)
 * or "pMsK" (its sentence K), numbers from 1 with no leading 0, up to 4
 * digits.  Returns 1 with *para and *sentence (0 without "sK") set,
 * else 0 with both 0.  Lint and the site's links both read them so. */
int	fo_link_fragment(const char *frag, int *para, int *sentence);

/* Append the anchor of paragraph 'para' ("pM"), or of its sentence
 * 'sentence' when that is above 0 ("pMsK"), to 'b': what
 * fo_link_fragment() reads back. */
struct fo_buf;
void	fo_anchor_put(struct fo_buf *b, int para, int sentence);

/* One paragraph (or list item / heading) of a body, in document order. */
struct fo_para {
	char	*text;		/* plain text: markup removed, soft breaks joined;
				   one line (a code block's lines joined by a
				   space), never a '\n' */
	char	*anchor;	/* stable id within the page: "p1", "p2", ... */
	int	 line;		/* source line of its first character */
	size_t	 block;		/* which of the body's paragraph, heading and
				   code-block nodes it is (document order,
				   from 0; empty ones get no paragraph): how
				   the renderer finds it in its own parse */
};

/* A source cited by an annotation or glossary entry. */
struct fo_source {
	char	*title;		/* required */
	char	*url;		/* NULL if none */
};

struct fo_page {
	enum fo_kind kind;
	char	*path;		/* file path as given to the loader + relative path */
	char	*slug;		/* "4" for clause 4, "2" for section 2, file stem otherwise;
				   preamble: "index". Always [a-z0-9-]+ */
	char	*id;		/* unique id: "clause:4", "section:2", "preamble",
				   "annotation:<slug>", "glossary:<slug>" */
	char	*url;		/* site path: "/", "/section/2/", "/clause/4/",
				   "/annotation/<slug>/", "/glossary/<slug>/" */
	int	 number;	/* clause or section number; 0 otherwise */
	int	 section;	/* a clause's section; a section's own number; 0 otherwise */
	char	*title;		/* clause short title (发展外贸新业态), section title,
				   document title, annotation title, glossary term */
	char	*label;		/* what a reader calls it: "（四）发展外贸新业态",
				   "二、全力推动外贸稳规模优结构"; = title for others */
	char	*numeral;	/* Chinese numeral of the number: "四", "二十四"; NULL if none */
	char	*body;		/* Markdown body, after the front matter */
	int	 body_line;	/* file line on which 'body' starts */
	int	 trusted;	/* raw HTML allowed (front matter trusted: true) */
	char	*text;		/* plain text of the body, paragraphs joined by "\n":
				   line i is paras[i] */
	struct fo_para *paras;
	size_t	 nparas;
	struct fo_link *links;
	size_t	 nlinks;

	/* preamble */
	char	**issuers;	size_t nissuers;
	char	*source_url;
	/* its status, each NULL unless document.md gives it: issue date
	   (YYYY-MM-DD), document number (文号), status (现行有效 / 已修订 /
	   已废止), the date the text was last checked against its source */
	char	*issued, *docno, *status, *checked;

	/* annotation */
	char	*author;
	char	*date;		/* YYYY-MM-DD */
	int	*clauses;	size_t nclauses;	/* front matter clauses: + clause: links, unique, sorted */
	char	**tags;		size_t ntags;

	/* annotation and glossary */
	struct fo_source *sources; size_t nsources;

	/* glossary */
	char	**aliases;	size_t naliases;	/* other names: 跨境电子商务 ... */
	char	*en;		/* English name; NULL if none */
	/* glossary terms (pages) this page links with term:, and for the
	   official text (clauses, sections, preamble) those whose term or
	   alias occurs in its title or text ("related terms"); in order of
	   first occurrence, linked-only ones last */
	struct fo_page **terms;	size_t nterms;

	/* backlinks: pages whose links or clauses: cite this page */
	struct fo_page **backlinks; size_t nbacklinks;
};

/* One problem found while loading; gcc-style when printed. */
enum fo_severity { FO_SEV_WARNING, FO_SEV_ERROR };

struct fo_diag {
	enum fo_severity sev;
	char	*path;
	int	 line;		/* 1-based; 0 when the whole file */
	int	 col;		/* 1-based, in characters; 0 when unknown */
	char	*msg;		/* says what is wrong and how to fix it */
};

/* The problems found while loading, a sink the loader's readers append to
 * (content/diag.c): sorted by path, line, column once loading is done. */
struct fo_diags {
	struct fo_diag	*v;	size_t n;
	size_t		 nerrors, nwarnings;
};

/* Print 'd' as "path:line:col: error: msg" lines to 'fp' (control
 * characters as \xNN, so one diagnostic is one line).  NULL is a no-op. */
#include <stdio.h>
void	fo_diags_print(const struct fo_diags *d, FILE *fp);

struct fo_content {
	char	*root;
	struct fo_page **pages;	size_t npages;	/* every page, in load order:
						   preamble, sections, clauses,
						   annotations, glossary; each
						   group sorted by number/slug */
	struct fo_page *preamble;
	struct fo_page *sections[FO_NSECTIONS + 1];	/* [1..7]; NULL if missing */
	struct fo_page *clauses[FO_NCLAUSES + 1];	/* [1..24]; NULL if missing */
	struct fo_page **annotations; size_t nannotations; /* newest first */
	struct fo_page **glossary; size_t nglossary;	/* by slug */
	struct fo_diags diags;
};

/*
 * Load and check the tree under 'root'.  Every problem is collected as a
 * diagnostic in (*out)->diags and loading goes on, so one bad file never
 * hides the errors of another; files whose front matter has errors are
 * left out of the model (their body links are still checked).  Pages
 * with a broken link or a fidelity error stay in, with link->page NULL.
 * content/source/ (the official text, which clauses, sections and the
 * preamble are compared with), content/templates/, dot files and
 * README.md are not pages.  Diagnostic paths are 'root' + "/" + the
 * relative path.  Returns FO_OK whenever *out was built (even with diagnostics:
 * check (*out)->diags.nerrors), FO_ENOTFOUND if 'root' is not a directory,
 * FO_ENOMEM.  Caller frees with fo_content_free().  On failure *out is NULL.
 */
enum fo_status fo_content_load(const char *root, struct fo_content **out);

/*
 * A page's searchable text, in order: its title pieces (the label, or the
 * title; a glossary entry's aliases and English name; a clause's title
 * when its label lacks it), then its body pieces (a preamble's issuers,
 * the text).  Returns a malloc(3)ed array of *n pointers borrowed from
 * 'p' (never NULL; "" for a missing label or text), of which the first
 * *ntitle are title pieces.  The index and the browser's export both
 * read a page so.
 */
const char **fo_page_pieces(const struct fo_page *p, size_t *n,
    size_t *ntitle);

/* qsort(3) order of struct fo_page * elements: the newest date first,
 * then by slug.  The order of c->annotations, and of every list of
 * annotations the site shows. */
int	fo_page_cmp_newest(const void *a, const void *b);

/* Look up a page by id ("clause:4"); borrowed, NULL if none. */
struct fo_page *fo_content_find(const struct fo_content *c, const char *id);

/* Glossary page whose slug, term or alias is 'name'; borrowed, NULL if none. */
struct fo_page *fo_content_term(const struct fo_content *c, const char *name);

/* NULL is a no-op. */
void fo_content_free(struct fo_content *c);

/* "四" for 4, "二十四" for 24 (1..99); static storage, NULL out of range. */
const char *fo_cn_numeral(int n);

#ifdef __cplusplus
}
#endif
#endif /* FO_CONTENT_H */
