/* indexer/content/markdown.c -- walk a page body with cmark: plain text, paragraphs
 * with their source lines, and the links editors typed. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "content_int.h"

/* Plain text collector: soft breaks become a space only between ASCII. */
struct text {
	struct fo_buf	 b;
	int		 brk;	/* a line break is pending */
};

static void
text_put(struct text *t, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	if (t->brk && t->b.len > 0) {
		unsigned char last = (unsigned char)t->b.data[t->b.len - 1];
		unsigned char first = (unsigned char)s[0];

		if (last < 0x80 && first < 0x80 && last != ' ' && first != ' ')
			fo_buf_putc(&t->b, ' ');
	}
	t->brk = 0;
	fo_buf_puts(&t->b, s);
}

static void
collect(cmark_node *n, struct text *t)
{
	cmark_node *ch;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		text_put(t, cmark_node_get_literal(n));
		return;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		t->brk = 1;
		return;
	case CMARK_NODE_HTML_INLINE:
		return;
	default:
		break;
	}
	for (ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
		collect(ch, t);
}

/* Make 'text' one line in place: each run of line breaks (a code block's
 * lines) becomes one space, none next to a space already there.  Page
 * text joins paragraphs with "\n", and the snippet code and the browser
 * search count paragraphs by splitting on it. */
static void
one_line(char *text)
{
	char *r, *w;

	for (r = w = text; *r != '\0'; ) {
		if (*r != '\n' && *r != '\r') {
			*w++ = *r++;
			continue;
		}
		while (*r == '\n' || *r == '\r')
			r++;
		if (w > text && w[-1] != ' ' && *r != ' ' && *r != '\0')
			*w++ = ' ';
	}
	*w = '\0';
}

static void
add_para(struct fo_page *p, char *text, int line, size_t block)
{
	struct fo_para *pa;
	struct fo_buf a = FO_BUF_INIT;

	one_line(text);
	if (*text == '\0') {
		free(text);
		return;
	}
	p->paras = fo_xreallocarray(p->paras, p->nparas + 1, sizeof *p->paras);
	pa = &p->paras[p->nparas++];
	pa->text = text;
	fo_buf_printf(&a, "p%zu", p->nparas);
	pa->anchor = fo_buf_detach(&a, NULL);
	pa->line = line;
	pa->block = block;
}

/* Line starts of a body, and a cache that turns byte columns into
 * character columns in linear time while positions move forward. */
struct lines {
	const char	**start;	/* start[i]: line i + 1 */
	size_t		  n;
	const char	 *end;		/* the body's NUL */
	int		  cline, cbyte, cchar;	/* last conversion */
};

static void
lines_init(struct lines *L, const char *body)
{
	const char *s = body;

	memset(L, 0, sizeof *L);
	for (;;) {
		L->start = fo_xreallocarray(L->start, L->n + 1, sizeof *L->start);
		L->start[L->n++] = s;
		s = strchr(s, '\n');
		if (s == NULL)
			break;
		s++;
	}
	L->end = L->start[L->n - 1] + strlen(L->start[L->n - 1]);
}

/* Line 'n' (1-based) and its length, or NULL. */
static const char *
lines_get(const struct lines *L, int n, size_t *len)
{
	const char *s, *e;

	if (n < 1 || (size_t)n > L->n)
		return NULL;
	s = L->start[n - 1];
	e = (size_t)n < L->n ? L->start[n] - 1 : L->end;
	*len = (size_t)(e - s);
	return s;
}

/* Character column of byte column 'bc' (1-based) on line 'n'. */
static int
lines_charcol(struct lines *L, int n, int bc)
{
	const char *s;
	size_t len;
	int b, ch;

	s = lines_get(L, n, &len);
	if (s == NULL || bc < 1)
		return 0;
	if ((size_t)bc > len + 1)
		bc = (int)len + 1;
	if (L->cline == n && L->cbyte <= bc) {
		b = L->cbyte, ch = L->cchar;
	} else {
		b = 1, ch = 1;
	}
	for (; b < bc; b++)
		if (((unsigned char)s[b - 1] & 0xc0) != 0x80)
			ch++;
	L->cline = n, L->cbyte = bc, L->cchar = ch;
	return ch;
}

/* Where a link node starts: cmark's inline columns are bytes and are
 * wrong for autolinks, so check them against the source. */
static void
locate(const struct fo_page *p, struct lines *L, cmark_node *n,
    const char *url, int *line, int *col)
{
	int sl = cmark_node_get_start_line(n), sc = cmark_node_get_start_column(n);
	cmark_node *ch = cmark_node_first_child(n);
	size_t llen, ulen = strlen(url), i;
	const char *ln = lines_get(L, sl, &llen);

	*line = p->body_line + (sl > 0 ? sl - 1 : 0);
	*col = 0;
	if (ln == NULL)
		return;
	if (sc >= 1 && (size_t)sc <= llen && (ln[sc - 1] == '[' ||
	    ln[sc - 1] == '<')) {
		*col = lines_charcol(L, sl, sc);
		return;
	}
	/* an autolink: its text starts just after the '<' */
	if (ch != NULL && cmark_node_get_start_line(ch) == sl) {
		int tc = cmark_node_get_start_column(ch);

		if (tc >= 2 && (size_t)tc <= llen + 1 && ln[tc - 2] == '<') {
			*col = lines_charcol(L, sl, tc - 1);
			return;
		}
	}
	/* else the first "<url" on the line */
	for (i = 0; i + ulen + 1 <= llen; i++)
		if (ln[i] == '<' && strncmp(ln + i + 1, url, ulen) == 0) {
			*col = lines_charcol(L, sl, (int)i + 1);
			return;
		}
}

static int
has_scheme(const char *u, size_t *slen)
{
	size_t i = 0;

	if (!isalpha((unsigned char)u[0]))
		return 0;
	while (isalnum((unsigned char)u[i]) || u[i] == '+' || u[i] == '-' ||
	    u[i] == '.')
		i++;
	if (u[i] != ':')
		return 0;
	*slen = i;
	return 1;
}

static int
parse_num(const char *s, int *out)
{
	long v = 0;

	if (*s == '\0' || strlen(s) > 4)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (*s - '0');
	}
	*out = (int)v;
	return 1;
}

/* Cut a "#pM" or "#pMsK" fragment off an internal link's target into
 * lk->para and lk->sentence.  Returns 0, or -1 for another fragment
 * ("#top", "#p0", "#p01", "#p1s0"). */
static int
split_para(struct fo_link *lk)
{
	char *h = strchr(lk->target, '#');

	if (h == NULL)
		return 0;
	*h = '\0';
	return fo_link_fragment(h + 1, &lk->para, &lk->sentence) ? 0 : -1;
}

static void
add_link(struct fo_diags *dg, struct fo_ipage *ip, struct lines *L,
    cmark_node *n)
{
	struct fo_page *p = &ip->p;
	const char *url = cmark_node_get_url(n);
	struct fo_link lk;
	size_t slen;
	int max = 0, badfrag = 0;
	const char *what = NULL;

	if (url == NULL)
		url = "";
	memset(&lk, 0, sizeof lk);
	locate(p, L, n, url, &lk.line, &lk.col);
	if (strncmp(url, "clause:", 7) == 0) {
		lk.kind = FO_LINK_CLAUSE;
		lk.target = fo_xstrdup(url + 7);
		badfrag = split_para(&lk);
		what = "clause", max = FO_NCLAUSES;
	} else if (strncmp(url, "section:", 8) == 0) {
		lk.kind = FO_LINK_SECTION;
		lk.target = fo_xstrdup(url + 8);
		badfrag = split_para(&lk);
		what = "section", max = FO_NSECTIONS;
	} else if (strncmp(url, "term:", 5) == 0) {
		lk.kind = FO_LINK_TERM;
		lk.target = fo_xstrdup(url + 5);
		badfrag = split_para(&lk);
		if (!badfrag && *lk.target == '\0') {
			fo__diag(dg, FO_SEV_ERROR, p->path, lk.line, lk.col,
			    "link 'term:' names no term: write term:<slug> or "
			    "term:<the term itself>, e.g. term:haiwaicang");
			ip->nerr++;
		}
	} else if (strncmp(url, "annotation:", 11) == 0) {
		lk.kind = FO_LINK_ANNOTATION;
		lk.target = fo_xstrdup(url + 11);
		badfrag = split_para(&lk);
		if (!badfrag && !fo_slug_valid(lk.target)) {
			fo__diag(dg, FO_SEV_ERROR, p->path, lk.line, lk.col,
			    "link '%s' needs an annotation's file name without "
			    ".md, e.g. annotation:kuajing-dianshang", url);
			ip->nerr++;
		}
	} else {
		lk.kind = FO_LINK_EXTERNAL;
		lk.target = fo_xstrdup(url);
		if (has_scheme(url, &slen)) {
			static const char *const known[] = { "clause",
			    "section", "term", "annotation", NULL };
			char *scheme = fo_xstrndup(url, slen);
			const char *near = fo__lint_near(scheme, known);

			if (near != NULL)
				fo__diag(dg, FO_SEV_ERROR, p->path, lk.line,
				    lk.col, "link '%s' has an unknown kind "
				    "'%s:': did you mean '%s:'?", url, scheme,
				    near);
			if (near != NULL)
				ip->nerr++;
			free(scheme);
		} else if (*url != '#') {
			fo__diag(dg, FO_SEV_WARNING, p->path, lk.line, lk.col,
			    "link '%s' is relative and will break on the site: "
			    "use clause:N, section:N, term:…, annotation:… or a "
			    "full https:// address", url);
		}
	}
	if (badfrag) {
		fo__diag(dg, FO_SEV_ERROR, p->path, lk.line, lk.col,
		    "link '%s' has a fragment that is not a paragraph or "
		    "sentence: write #pN for paragraph N of the page, or "
		    "#pNsM for its sentence M, e.g. clause:4#p1s2",
		    url);
		ip->nerr++;
		what = NULL;
	}
	if (what != NULL) {
		if (!parse_num(lk.target, &lk.number)) {
			fo__diag(dg, FO_SEV_ERROR, p->path, lk.line, lk.col,
			    "link '%s' needs a %s number 1–%d, e.g. %s:4", url,
			    what, max, what);
			ip->nerr++;
		} else if (lk.number < 1 || lk.number > max) {
			fo__diag(dg, FO_SEV_ERROR, p->path, lk.line, lk.col,
			    "%s %d does not exist: the opinion has %ss 1–%d",
			    what, lk.number, what, max);
			ip->nerr++;
			lk.number = 0;
		}
	}
	p->links = fo_xreallocarray(p->links, p->nlinks + 1, sizeof *p->links);
	p->links[p->nlinks++] = lk;
}

cmark_node *
fo__md_load(struct fo_diags *dg, struct fo_ipage *ip)
{
	struct fo_page *p = &ip->p;
	cmark_node *doc, *n;
	cmark_iter *it;
	cmark_event_type ev;
	struct fo_buf all = FO_BUF_INIT;
	int warned_html = 0;
	struct lines lines;
	size_t i, block = 0;

	if (p->body == NULL)
		p->body = fo_xstrdup("");
	lines_init(&lines, p->body);
	doc = cmark_parse_document(p->body, strlen(p->body), CMARK_OPT_DEFAULT);
	if (doc == NULL)
		abort();
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type ty;
		int line;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		ty = cmark_node_get_type(n);
		line = p->body_line + cmark_node_get_start_line(n) - 1;
		switch (ty) {
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING: {
			struct text t = { FO_BUF_INIT, 0 };

			collect(n, &t);
			add_para(p, fo_buf_detach(&t.b, NULL), line, block++);
			break;
		}
		case CMARK_NODE_CODE_BLOCK: {
			const char *lit = cmark_node_get_literal(n);
			size_t len = lit ? strlen(lit) : 0;

			while (len > 0 && lit[len - 1] == '\n')
				len--;
			add_para(p, fo_xstrndup(lit ? lit : "", len), line,
			    block++);
			break;
		}
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			if (!p->trusted && !warned_html) {
				int col = lines_charcol(&lines,
				    cmark_node_get_start_line(n),
				    cmark_node_get_start_column(n));

				if (cmark_node_get_start_line(n) == 0)
					line = 0;
				fo__diag(dg, FO_SEV_WARNING, p->path, line, col,
				    "raw HTML is not rendered; set trusted: true "
				    "in the front matter if it must be, or write "
				    "Markdown instead");
				warned_html = 1;
			}
			break;
		case CMARK_NODE_LINK:
			add_link(dg, ip, &lines, n);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	free(lines.start);
	for (i = 0; i < p->nparas; i++)
		fo_buf_printf(&all, "%s%s", i ? "\n" : "", p->paras[i].text);
	p->text = fo_buf_detach(&all, NULL);
	return doc;
}
