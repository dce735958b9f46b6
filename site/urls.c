/* site/urls.c -- every page of the site, in the order it is written,
 * with its site path and output file, computed once before anything is
 * written: the HTML writer renders these pages, the sitemap lists them,
 * the feed links them.  The paginated lists are decided here (how many
 * pages, which entries); so are the annotation tags and their slugs.
 */
#include <stdlib.h>
#include <string.h>

#include "site.h"

/* "kua jing dian shang" -> "kua-jing-dian-shang"; only [a-z0-9-]. */
static char *
slugify(const char *s)
{
	struct fo_buf b = FO_BUF_INIT;

	for (; *s != '\0'; s++) {
		char ch = *s;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			fo_buf_putc(&b, ch);
		else if (b.len > 0 && b.data[b.len - 1] != '-')
			fo_buf_putc(&b, '-');
	}
	while (b.len > 0 && b.data[b.len - 1] == '-')
		fo_buf_truncate(&b, b.len - 1);
	if (b.len > 64)
		fo_buf_truncate(&b, 64);
	return fo_buf_detach(&b, NULL);
}

static int
cmp_tag(const void *a, const void *b)
{
	return strcmp(((const struct fo_tag *)a)->name,
	    ((const struct fo_tag *)b)->name);
}

/* Collect annotation tags; give each a readable, unique, safe slug.
 * u->tags is kept sorted by name while it grows (binary search, not a
 * scan of every tag for every tag of every annotation). */
static void
collect_tags(struct fo_urls *u, const struct fo_content *c,
    struct fo_analyzer *an, struct fo_cache *cache)
{
	size_t i, j, cap = 0;

	for (i = 0; i < c->nannotations; i++) {
		struct fo_page *a = c->annotations[i];

		for (j = 0; j < a->ntags; j++) {
			struct fo_tag *t = NULL;
			size_t lo = 0, hi = u->ntags;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int r = strcmp(u->tags[mid].name, a->tags[j]);

				if (r == 0) {
					t = &u->tags[mid];
					break;
				}
				if (r < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (t == NULL) {
				if (u->ntags == cap) {
					cap = cap ? 2 * cap : 64;
					u->tags = fo_xreallocarray(u->tags, cap,
					    sizeof(*u->tags));
				}
				memmove(&u->tags[lo + 1], &u->tags[lo],
				    (u->ntags - lo) * sizeof(*u->tags));
				u->ntags++;
				t = &u->tags[lo];
				memset(t, 0, sizeof(*t));
				t->name = fo_xstrdup(a->tags[j]);
			}
			if (t->npages > 0 && t->pages[t->npages - 1] == a)
				continue;	/* tag listed twice */
			/* capacity: the next power of two (no cap field) */
			if ((t->npages & (t->npages - 1)) == 0)
				t->pages = fo_xreallocarray(t->pages,
				    t->npages ? 2 * t->npages : 1,
				    sizeof(*t->pages));
			t->pages[t->npages++] = a;
		}
	}
	qsort(u->tags, u->ntags, sizeof(*u->tags), cmp_tag);
	for (i = 0; i < u->ntags; i++) {
		struct fo_buf py = FO_BUF_INIT, url = FO_BUF_INIT;
		char *slug;
		int clash, n = 1;

		const char *cached = fo_cache_get(cache, 'p',
		    u->tags[i].name);

		if (cached != NULL)
			slug = slugify(cached);
		else if (an != NULL &&
		    fo_pinyin(an, u->tags[i].name, &py) == FO_OK) {
			fo_cache_put(cache, 'p', u->tags[i].name, py.data);
			slug = slugify(py.data);
		} else
			slug = slugify(u->tags[i].name);
		fo_buf_release(&py);
		if (*slug == '\0') {
			free(slug);
			slug = fo_xstrdup("tag");
		}
		do {	/* 两个 tags with one pinyin: -2, -3 ... */
			struct fo_buf cand = FO_BUF_INIT;

			if (n == 1)
				fo_buf_puts(&cand, slug);
			else
				fo_buf_printf(&cand, "%s-%d", slug, n);
			clash = 0;
			for (j = 0; j < i; j++)
				if (strcmp(u->tags[j].slug, cand.data) == 0)
					clash = 1;
			if (!clash)
				u->tags[i].slug = fo_buf_detach(&cand, NULL);
			fo_buf_release(&cand);
			n++;
		} while (clash);
		free(slug);
		fo_buf_printf(&url, "/tag/%s/", u->tags[i].slug);
		u->tags[i].url = fo_buf_detach(&url, NULL);
	}
}

/* Append the page at site path 'url'; the new entry. */
static struct fo_url *
add(struct fo_urls *u, enum fo_url_kind kind, const char *url,
    const struct fo_page *page)
{
	struct fo_url *e;
	struct fo_buf path = FO_BUF_INIT;

	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 128;
		u->v = fo_xreallocarray(u->v, u->cap, sizeof(*u->v));
	}
	e = &u->v[u->n++];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->url = fo_xstrdup(url);
	fo_buf_puts(&path, url + (url[0] == '/'));
	if (path.len == 0 || path.data[path.len - 1] == '/')
		fo_buf_puts(&path, "index.html");
	e->path = fo_buf_detach(&path, NULL);
	e->page = page;
	return e;
}

/* The pages of the list 'v' ('n' entries) at 'base' ("/annotation/",
 * then "/annotation/page/2/" ...); at least one page, even if empty. */
static void
add_list(struct fo_urls *u, enum fo_url_kind kind, const char *base,
    const struct fo_page *page, const struct fo_tag *tag,
    struct fo_page *const *v, size_t n)
{
	size_t np = n == 0 ? 1 :
	    (n + FO_LIST_PER_PAGE - 1) / FO_LIST_PER_PAGE, k;
	const char *first = NULL;

	for (k = 1; k <= np; k++) {
		struct fo_buf url = FO_BUF_INIT;
		struct fo_url *e;

		fo_buf_puts(&url, base);
		if (k > 1)
			fo_buf_printf(&url, "page/%zu/", k);
		e = add(u, kind, url.data, page);
		fo_buf_release(&url);
		if (first == NULL)
			first = e->url;
		e->tag = tag;
		e->items = v;
		e->nitems = n;
		e->list_page = k;
		e->list_pages = np;
		e->list_base = first;
	}
}

/* The page of 'p' and, past FO_BACKLINKS_MAX, the list of its
 * backlinks. */
static void
add_with_refs(struct fo_urls *u, enum fo_url_kind kind,
    const struct fo_page *p)
{
	struct fo_buf base = FO_BUF_INIT;
	size_t at = u->n;

	add(u, kind, p->url, p);
	if (p->nbacklinks <= FO_BACKLINKS_MAX)
		return;
	fo_buf_printf(&base, "%srefs/", p->url);
	add_list(u, FO_URL_REFS, base.data, p, NULL, p->backlinks,
	    p->nbacklinks);
	u->v[at].more = u->v[at + 1].url;
	fo_buf_release(&base);
}

/* A clause's page, its annotations (newest first, as the content list
 * is) and, past FO_CLAUSE_NOTES, the list of all of them. */
static void
add_clause(struct fo_urls *u, const struct fo_page *cl)
{
	struct fo_page **v;
	struct fo_url *e;
	size_t i, k = 0, at = u->n;

	v = fo_xcalloc(cl->nbacklinks + 1, sizeof(*v));
	for (i = 0; i < cl->nbacklinks; i++)
		if (cl->backlinks[i]->kind == FO_KIND_ANNOTATION)
			v[k++] = cl->backlinks[i];
	qsort(v, k, sizeof(*v), fo_page_cmp_newest);
	e = add(u, FO_URL_CLAUSE, cl->url, cl);
	e->items = v;
	e->nitems = k;
	if (k > FO_CLAUSE_NOTES) {
		struct fo_buf base = FO_BUF_INIT;

		fo_buf_printf(&base, "%snotes/", cl->url);
		add_list(u, FO_URL_NOTES, base.data, cl, NULL, v, k);
		u->v[at].more = u->v[at + 1].url;
		fo_buf_release(&base);
	}
}

void
fo_urls_build(struct fo_urls *u, const struct fo_content *c,
    struct fo_analyzer *an, struct fo_cache *cache)
{
	size_t i;
	int n;

	memset(u, 0, sizeof(*u));
	collect_tags(u, c, an, cache);
	add(u, FO_URL_HOME, "/", NULL);
	add(u, FO_URL_TEXT, "/text/", NULL);
	for (n = 1; n <= FO_NSECTIONS; n++)
		if (c->sections[n] != NULL)
			add(u, FO_URL_SECTION, c->sections[n]->url,
			    c->sections[n]);
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (c->clauses[n] != NULL)
			add_clause(u, c->clauses[n]);
	add(u, FO_URL_GLOSSARY, "/glossary/", NULL);
	for (i = 0; i < c->nglossary; i++)
		add_with_refs(u, FO_URL_TERM, c->glossary[i]);
	add_list(u, FO_URL_ANNOTATIONS, "/annotation/", NULL, NULL,
	    c->annotations, c->nannotations);
	for (i = 0; i < c->nannotations; i++)
		add_with_refs(u, FO_URL_ANNOTATION, c->annotations[i]);
	if (u->ntags > 0)
		add(u, FO_URL_TAGS, "/tag/", NULL);
	for (i = 0; i < u->ntags; i++) {
		const struct fo_tag *t = &u->tags[i];

		add_list(u, FO_URL_TAG, t->url, NULL, t, t->pages, t->npages);
	}
	add(u, FO_URL_TARGETS, "/targets/", NULL);
	add(u, FO_URL_SEARCH, "/search/", NULL);
}

const struct fo_tag *
fo_urls_tag(const struct fo_urls *u, const char *name)
{
	size_t lo = 0, hi = u->ntags;

	while (lo < hi) {	/* u->tags is sorted by name */
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(u->tags[mid].name, name);

		if (r == 0)
			return &u->tags[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
fo_urls_release(struct fo_urls *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		free(u->v[i].url);
		free(u->v[i].path);
		if (u->v[i].kind == FO_URL_CLAUSE)
			free((void *)u->v[i].items);
	}
	free(u->v);
	for (i = 0; i < u->ntags; i++) {
		free(u->tags[i].name);
		free(u->tags[i].slug);
		free(u->tags[i].url);
		free(u->tags[i].pages);
	}
	free(u->tags);
	memset(u, 0, sizeof(*u));
}
