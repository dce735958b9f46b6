/* site/html/html.h -- the HTML writer's own header (fo_html_write() in
 * site.h is its only entry point).  Every page of the site is generated
 * from the content model; nothing is written per page by hand.
 *
 *   html.c      the driver: one page per entry of the page table
 *               (urls.c), then the assets and 404.html
 *   batch.c     pages rendered, written in batches with .gz twins
 *   frame.c     a page being written: links, head and foot
 *   meta.c      the page's JSON-LD (schema.org)
 *   markdown.c  a Markdown body to HTML (links, terms, #pN anchors)
 *   parts.c     pieces several pages share: crumbs, lists, history
 *   pager.c     one page of a long list and its pager
 *   doc.c       the document: home, sections, clauses
 *   notes.c     annotations, tags, the glossary, backlinks lists
 *   tools.c     the targets table, the search page, 404.html
 *
 * Calls go one way: html.c calls batch.c and the page files (doc,
 * notes, tools); these call pager, parts, markdown and frame; pager
 * calls parts; parts and markdown call frame.  None calls html.c, and
 * nothing here calls site.c (tests/e2e/callgraph.sh).
 *
 * Links are relative and name index.html explicitly ("../../clause/4/
 * index.html"), so the same tree works from a web server and opened as
 * plain files.  Every content string goes through fo_esc_html().
 */
#ifndef FO_SITE_HTML_H
#define FO_SITE_HTML_H

#include "../site.h"
#include "snippet.h"	/* fo_sentence_at, fo_sentence_end */

#define SITE_NAME	"“五外联动”意见知识库"

/* One page being written. */
struct pg {
	const struct fo_html_in *in;
	struct fo_buf	 b;
	const char	*root;	/* "" / "../" / "../../" ; for 404.html "/"
				   or the path of --base-url */
	const char	*url;	/* its site path; NULL: it has none (404) */
	const char	*type;	/* og:type: "website", or "article" */
	struct fo_buf	 ld;	/* its JSON-LD object (meta.c), or empty */
	const char	*idp;	/* prefix of the anchors fo_html_markdown()
				   writes ("c4-": c4-p1, c4-p1s2), for pages
				   that show several bodies; "" */
};

static inline void
put(struct pg *g, const char *s)
{
	fo_buf_puts(&g->b, s);
}

static inline void
esc(struct pg *g, const char *s)
{
	fo_esc_htmls(&g->b, s);
}

/* ---- frame.c ------------------------------------------------------ */

/* Start a page at site path 'url' (root from its depth); release what
 * it holds besides 'b' with fo_html_pg_release(). */
void	fo_html_pg_init(struct pg *g, const struct fo_html_in *in,
	    const char *url);
void	fo_html_pg_release(struct pg *g);
/* The absolute address of site path 'url' under --base-url, escaped
 * for an attribute, without index.html; nothing without --base-url. */
void	fo_html_abs(struct fo_buf *b, const char *base, const char *url);
/* href value (already attribute-safe) for a site path "/clause/4/". */
void	fo_html_href(struct fo_buf *b, const char *root, const char *url);
/* <a> to page 'p' (#frag if not NULL), text 'text' or p's label. */
void	fo_html_a_page(struct pg *g, const struct fo_page *p,
	    const char *frag, const char *text);
/* <time datetime="D">D</time> for the date 'date' (YYYY-MM-DD). */
void	fo_html_time(struct pg *g, const char *date);
/* The strings v[0..n-1], escaped, joined by 、. */
void	fo_html_esc_list(struct pg *g, char *const *v, size_t n);
/* The first paragraph of 'text' cut to 'max' characters: its length in
 * bytes (a whole UTF-8 character at a time); *more is set when the text
 * goes on past it (the caller adds "…").  0 for a NULL 'text'. */
size_t	fo_html_cut(const char *text, size_t max, int *more);
/* fo_html_cut() of 'text', escaped, with "…" when cut. */
void	fo_html_excerpt(struct fo_buf *b, const char *text, size_t max);
const char *fo_html_doc_title(const struct fo_content *c);
/* 'title' (NULL: the home page), a description from 'desc' (the
 * page's own text: its first paragraph, cut short; NULL or empty: one
 * from the title), then canonical, Open Graph and the JSON-LD of g->ld.
 * 'scripts': NULL or a NULL-terminated list of root-relative paths, run
 * in order after site.js (all deferred). */
void	fo_html_head(struct pg *g, const char *title, const char *desc,
	    const char *const *scripts);
void	fo_html_foot(struct pg *g);

/* ---- meta.c: the page's JSON-LD (into g->ld, before the head) ------ */

void	fo_html_ld_doc(struct pg *g);		/* the opinion: Legislation */
/* a section or clause: Legislation, part of the opinion */
void	fo_html_ld_part(struct pg *g, const struct fo_page *p);
void	fo_html_ld_article(struct pg *g, const struct fo_page *a);
void	fo_html_ld_term(struct pg *g, const struct fo_page *t);
void	fo_html_ld_termset(struct pg *g);	/* the glossary */

/* ---- markdown.c --------------------------------------------------- */

/* Render the Markdown body of 'p'.  With 'anchors', blocks get
 * id="p1".. in the numbering the loader gives struct fo_para.  With
 * 'terms', the first occurrence of each of the page's glossary terms
 * links to its entry. */
void	fo_html_markdown(struct pg *g, const struct fo_page *p, int anchors,
	    int terms);
/* The official text (document, sections, clauses) with 'anchors' also
 * has each sentence M of paragraph N as <span class="s" id="pNsM">,
 * cut where fo_sentence_end() (snippet.h) says, so fo_sentence_at() on
 * a paragraph's plain text (struct fo_para) gives the same M. */

/* ---- parts.c ------------------------------------------------------ */

/* One step of a breadcrumb trail. */
struct crumb {
	const char *url;	/* site path */
	const char *name;
};

/* The citation box: short and full forms (full without the permalink,
 * which is added), 'unit' the clause or section a sentence is cited
 * under, or NULL. */
void	fo_html_cite(struct pg *g, const char *brief, const char *full,
	    const char *unit);
void	fo_html_crumbs(struct pg *g, const struct fo_page *a,
	    const struct fo_page *b, const char *here);
void	fo_html_crumbs_url(struct pg *g, const char *url, const char *name,
	    const char *here);
void	fo_html_crumbs_trail(struct pg *g, const struct crumb *v, size_t n,
	    const char *here);
void	fo_html_prevnext(struct pg *g, const struct fo_page *prev,
	    const struct fo_page *next, const char *what);
void	fo_html_sources(struct pg *g, const struct fo_page *p,
	    const char *hx);
/* Commits of page 'p''s source file, newest first; NULL outside git or
 * for an untracked file. */
const struct fo_commit *const *fo_html_page_history(const struct pg *g,
	    const struct fo_page *p, size_t *n);
void	fo_html_last_change(struct pg *g, const struct fo_page *p);
void	fo_html_history(struct pg *g, const struct fo_page *p,
	    const char *hx);
void	fo_html_tag_links(struct pg *g, const struct fo_page *p);
void	fo_html_annot_meta(struct pg *g, const struct fo_page *p);
void	fo_html_annot_list(struct pg *g, struct fo_page *const *v, size_t n,
	    const char *hx, size_t max);
void	fo_html_annot_titles(struct pg *g, struct fo_page *const *v,
	    size_t n);
void	fo_html_page_list(struct pg *g, struct fo_page *const *v, size_t n);
/* "引用本…的内容" of 'p': its backlinks; with 'more' (the page's
 * entry's), the first FO_BACKLINKS_MAX and a link to the whole list. */
void	fo_html_backlinks(struct pg *g, const struct fo_page *p,
	    const char *more, const char *heading);

/* ---- pager.c ------------------------------------------------------ */

struct list_spec {
	const char *title;	/* the h1 (and <title>) of page 1 */
	struct crumb trail[3];	size_t ntrail;	/* above page 1 */
	const char *intro;	/* HTML under the h1, or NULL */
	const char *empty;	/* HTML for an empty list */
	int	 cards;		/* 1: annot_list(), 2: annot_titles(),
				   0: page_list() */
};

/* Page u->list_page of the list 'u' (head to pager; the caller adds
 * what else page 1 shows, and the foot). */
void	fo_html_list_page(struct pg *g, const struct list_spec *ls,
	    const struct fo_url *u);

/* ---- the pages: each renders entry 'u' of the table into 'g' ------ */

void	fo_html_home(struct pg *g, const struct fo_url *u);	/* doc.c */
void	fo_html_text(struct pg *g, const struct fo_url *u);
void	fo_html_section(struct pg *g, const struct fo_url *u);
void	fo_html_clause(struct pg *g, const struct fo_url *u);
void	fo_html_notes(struct pg *g, const struct fo_url *u);	/* notes.c */
void	fo_html_glossary(struct pg *g, const struct fo_url *u);
void	fo_html_term(struct pg *g, const struct fo_url *u);
void	fo_html_refs(struct pg *g, const struct fo_url *u);
void	fo_html_annotations(struct pg *g, const struct fo_url *u);
void	fo_html_annotation(struct pg *g, const struct fo_url *u);
void	fo_html_tags(struct pg *g, const struct fo_url *u);
void	fo_html_tag(struct pg *g, const struct fo_url *u);
void	fo_html_targets(struct pg *g, const struct fo_url *u);	/* tools.c */
/* targets/targets.csv: UTF-8 with a BOM, one row a target. */
void	fo_html_targets_csv(const struct fo_html_in *in, struct fo_buf *b);
void	fo_html_search(struct pg *g, const struct fo_url *u);
/* 404.html: served for any missing path, so its links are
 * root-absolute; 'g' is fresh (fo_html_pg_init()). */
void	fo_html_404(struct pg *g);

/* ---- batch.c ------------------------------------------------------ */

struct batch;	/* opaque */

struct batch *fo_html_batch_new(struct fo_out *o);
/* Take page bytes 'data' ('n' bytes, malloc(3)ed; taken over) for
 * output file 'path'; writes the batch when it is full.  FO_OK, or the
 * write's failure with *errmsg. */
enum fo_status fo_html_batch_add(struct batch *b, const char *path,
    char *data, size_t n, char **errmsg);
/* Write what is held. */
enum fo_status fo_html_batch_flush(struct batch *b, char **errmsg);
/* Pages written and pages kept unchanged from the previous site. */
void	fo_html_batch_counts(const struct batch *b, size_t *written,
	    size_t *kept);
void	fo_html_batch_free(struct batch *b);	/* NULL is a no-op */

#endif /* FO_SITE_HTML_H */
