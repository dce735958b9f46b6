/* site/site.c -- fo_site_build(): compute every page and its address
 * (urls.c), build every output into a fresh tree, switch it in.  Each
 * output format gets its inputs and returns its results; none calls
 * back into this file. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "site.h"

/*
 * The pages are written while the search index is exported: on two
 * cores the export leaves one mostly idle, and the pages need only the
 * content, the page table and the git history (`git log` of the content
 * tree, tens of milliseconds of waiting on git, read first on the same
 * thread).  The job says what the thread reads (in) and what it gives
 * back (hist, res, rc); the output tree is shared (out.c locks what it
 * must), the page table is read-only once built.
 */
struct html_job {
	const char *root;		/* in: the content tree, for git log */
	struct fo_html_in in;		/* in; in.hist is set by the thread */
	struct fo_history *hist;	/* out: the caller frees it */
	struct fo_html_res res;		/* out */
	enum fo_status rc;		/* out */
};

static void *
html_run(void *arg)
{
	struct html_job *j = arg;

	if (fo_history_load(j->root, &j->hist, NULL) != FO_OK)
		j->hist = NULL;
	j->in.hist = j->hist;
	j->rc = fo_html_write(&j->in, &j->res);
	return NULL;
}

/* Keep the first failure's message in *msg. */
static void
take_msg(char **msg, char *m)
{
	if (*msg == NULL)
		*msg = m;
	else
		free(m);
}

enum fo_status
fo_site_build(const struct fo_site_opts *opts, struct fo_content *c,
    struct fo_site_stats *st, char **errmsg)
{
	struct fo_site s;
	struct fo_urls urls;
	struct html_job j;
	enum fo_status rc;
	char *msg = NULL;

	memset(&s, 0, sizeof(s));
	memset(&urls, 0, sizeof(urls));
	memset(&j, 0, sizeof(j));
	s.opts = opts;
	if (errmsg != NULL)
		*errmsg = NULL;
	s.c = c;
	if (c->diags.nerrors > 0) {
		struct fo_buf m = FO_BUF_INIT;

		fo_buf_printf(&m, "%s: %zu error(s) in the content",
		    c->root, c->diags.nerrors);
		msg = fo_buf_detach(&m, NULL);
		rc = FO_EPARSE;
		goto out;
	}
	/* the site ships the lexicon's tables: check it whole */
	if ((rc = fo_analyzer_open(opts->lexicon, &s.an, &msg)) != FO_OK ||
	    (rc = fo_analyzer_check_lexicon(s.an, &msg)) != FO_OK)
		goto out;
	if ((rc = fo_out_open(opts->outdir, &s.out, &msg)) != FO_OK)
		goto out;
	if (opts->switched != NULL)
		fo_out_on_switch(s.out, opts->switched, opts->switched_ctx);
	if (opts->spare)
		fo_out_keep_spare(s.out);
	s.cache = fo_cache_load(s.out, fo_analyzer_fingerprint(s.an));
	fo_urls_build(&urls, c, s.an, s.cache);
	{
		pthread_t th;
		int threaded;

		j.root = c->root;
		j.in.c = c;
		j.in.urls = &urls;
		j.in.base_url = opts->base_url;
		j.in.out = s.out;
		threaded = pthread_create(&th, NULL, html_run, &j) == 0;
		if (!threaded)
			html_run(&j);
		rc = opts->dbdir != NULL ? fo_site_searchidx(&s) : FO_OK;
		if (threaded)
			pthread_join(th, NULL);
		s.st.pages = j.res.pages;
		s.st.pages_written = j.res.pages_written;
		s.st.pages_unchanged = j.res.pages_unchanged;
		if (rc != FO_OK) {
			msg = s.errmsg;
			s.errmsg = NULL;
		} else if ((rc = j.rc) != FO_OK) {
			msg = j.res.errmsg;
			j.res.errmsg = NULL;
		}
	}
	if (rc == FO_OK) {
		char *m = NULL;

		if ((rc = fo_sitemap_write(&urls, opts->base_url, 0, s.out,
		    &m)) == FO_OK)
			rc = fo_atom_write(c, &urls, opts->base_url, s.out, &m);
		take_msg(&msg, m);
	}
	if (rc == FO_OK)
		rc = fo_cache_save(s.cache, s.out, &msg);
	if (rc != FO_OK) {
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
	free(j.res.errmsg);
	fo_history_free(j.hist);
	fo_urls_release(&urls);
	fo_analyzer_free(s.an);
	fo_cache_free(s.cache);
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
