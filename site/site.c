/* site/site.c -- fo_site_build(): load, build every output into a fresh
 * tree, switch it in. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

enum fo_status
fo_site_write(struct fo_site *s, const char *rel, const void *p, size_t n,
    int gz)
{
	char *msg = NULL;
	enum fo_status st = fo_out_write(s->out, rel, p, n, gz, &msg);

	if (st != FO_OK) {
		free(s->errmsg);
		s->errmsg = msg;
	}
	return st;
}

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
 * s->tags is kept sorted by name while it grows (binary search, not a
 * scan of every tag for every tag of every annotation). */
static void
collect_tags(struct fo_site *s)
{
	const struct fo_content *c = s->c;
	size_t i, j, cap = 0;

	for (i = 0; i < c->nannotations; i++) {
		struct fo_page *a = c->annotations[i];

		for (j = 0; j < a->ntags; j++) {
			struct fo_tag *t = NULL;
			size_t lo = 0, hi = s->ntags;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int r = strcmp(s->tags[mid].name, a->tags[j]);

				if (r == 0) {
					t = &s->tags[mid];
					break;
				}
				if (r < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (t == NULL) {
				if (s->ntags == cap) {
					cap = cap ? 2 * cap : 64;
					s->tags = fo_xreallocarray(s->tags, cap,
					    sizeof(*s->tags));
				}
				memmove(&s->tags[lo + 1], &s->tags[lo],
				    (s->ntags - lo) * sizeof(*s->tags));
				s->ntags++;
				t = &s->tags[lo];
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
	qsort(s->tags, s->ntags, sizeof(*s->tags), cmp_tag);
	for (i = 0; i < s->ntags; i++) {
		struct fo_buf py = FO_BUF_INIT;
		char *slug;
		int clash, n = 1;

		const char *cached = fo_cache_get(s->cache, 'p',
		    s->tags[i].name);

		if (cached != NULL)
			slug = slugify(cached);
		else if (s->an != NULL &&
		    fo_pinyin(s->an, s->tags[i].name, &py) == FO_OK) {
			fo_cache_put(s->cache, 'p', s->tags[i].name, py.data);
			slug = slugify(py.data);
		} else
			slug = slugify(s->tags[i].name);
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
				if (strcmp(s->tags[j].slug, cand.data) == 0)
					clash = 1;
			if (!clash)
				s->tags[i].slug = fo_buf_detach(&cand, NULL);
			fo_buf_release(&cand);
			n++;
		} while (clash);
		free(slug);
	}
}

/*
 * The pages are written while the search index is exported: on two
 * cores the export leaves one mostly idle, and the pages need only the
 * content, the tags and the git history (`git log` of the content tree,
 * tens of milliseconds of waiting on git, read first on the same
 * thread).  The thread works on a copy of the struct fo_site, so the
 * sitemap's URLs, the page counts and an error message are its own
 * until they are taken back after the join; the output tree is shared
 * (out.c locks what it must).
 */
struct html_job {
	struct fo_site s;
	enum fo_status rc;
};

static void *
html_run(void *arg)
{
	struct html_job *j = arg;

	if (fo_history_load(j->s.c->root, &j->s.hist, NULL) != FO_OK)
		j->s.hist = NULL;
	j->rc = fo_site_html(&j->s);
	return NULL;
}

static void
site_release(struct fo_site *s)
{
	size_t i;

	for (i = 0; i < s->ntags; i++) {
		free(s->tags[i].name);
		free(s->tags[i].slug);
		free(s->tags[i].pages);
	}
	free(s->tags);
	for (i = 0; i < s->nurls; i++)
		free(s->urls[i]);
	free(s->urls);
	fo_analyzer_free(s->an);
	fo_cache_free(s->cache);
	fo_history_free(s->hist);
}

enum fo_status
fo_site_build(const struct fo_site_opts *opts, struct fo_content *c,
    struct fo_site_stats *st, char **errmsg)
{
	struct fo_site s;
	enum fo_status rc;
	char *msg = NULL;

	memset(&s, 0, sizeof(s));
	s.opts = opts;
	if (errmsg != NULL)
		*errmsg = NULL;
	s.c = c;
	if (c->nerrors > 0) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_printf(&m, "%s: %zu error(s) in the content",
		    c->root, c->nerrors);
		msg = fo_buf_detach(&m, NULL);
		rc = FO_EPARSE;
		goto out;
	}
	if ((rc = fo_analyzer_open(opts->lexicon, &s.an, &msg)) != FO_OK)
		goto out;
	if ((rc = fo_out_open(opts->outdir, &s.out, &msg)) != FO_OK)
		goto out;
	s.cache = fo_cache_load(s.out, fo_analyzer_fingerprint(s.an));
	collect_tags(&s);
	{
		struct html_job j;
		pthread_t th;
		int threaded;

		j.s = s;
		j.rc = FO_OK;
		threaded = pthread_create(&th, NULL, html_run, &j) == 0;
		if (!threaded)
			html_run(&j);
		rc = opts->dbdir != NULL ? fo_site_searchidx(&s) : FO_OK;
		if (threaded)
			pthread_join(th, NULL);
		s.hist = j.s.hist;
		s.urls = j.s.urls;
		s.nurls = j.s.nurls;
		s.capurls = j.s.capurls;
		s.st.pages = j.s.st.pages;
		s.st.pages_written = j.s.st.pages_written;
		s.st.pages_unchanged = j.s.st.pages_unchanged;
		if (rc == FO_OK && j.rc != FO_OK) {
			rc = j.rc;
			free(s.errmsg);
			s.errmsg = j.s.errmsg;
		} else
			free(j.s.errmsg);
	}
	if (rc != FO_OK ||
	    (rc = fo_site_sitemap(&s)) != FO_OK ||
	    (rc = fo_site_atom(&s)) != FO_OK) {
		msg = s.errmsg;
		s.errmsg = NULL;
		fo_out_abort(s.out);
		s.out = NULL;
		goto out;
	}
	if ((rc = fo_cache_save(s.cache, s.out, &msg)) != FO_OK) {
		fo_out_abort(s.out);
		s.out = NULL;
		goto out;
	}
	fo_out_stats(s.out, &s.st.files, &s.st.bytes);
	s.st.files_kept = fo_out_kept(s.out);
	rc = fo_out_commit(s.out, &msg);
	s.out = NULL;
out:
	if (st != NULL)
		*st = s.st;
	free(s.errmsg);
	site_release(&s);
	if (rc != FO_OK && msg == NULL) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_puts(&m, fo_strerror(rc));
		msg = fo_buf_detach(&m, NULL);
	}
	if (errmsg != NULL)
		*errmsg = msg;
	else
		free(msg);
	return rc;
}
