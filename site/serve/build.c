/* site/serve/build.c -- one rebuild of the preview (build.h). */
#include <stdlib.h>
#include <time.h>

#include "analyze.h"
#include "build.h"
#include "content.h"
#include "index.h"
#include "json.h"
#include "site.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A failure that is not the content's own, as one error of 'where'. */
static void
fail_json(const struct fo_preview *p, const char *where, const char *msg)
{
	struct fo_buf b = FO_BUF_INIT;

	fo_buf_puts(&b, "[{\"file\":");
	fo_json_str(&b, where);
	fo_buf_puts(&b, ",\"line\":0,\"col\":0,\"message\":");
	fo_json_str(&b, msg);
	fo_buf_puts(&b, "}]");
	p->ready(p->ctx, b.data);
	fo_buf_release(&b);
}

static void
errors_json(const struct fo_content *c, struct fo_buf *out)
{
	size_t i, n = 0;

	fo_buf_putc(out, '[');
	for (i = 0; i < c->diags.n; i++) {
		const struct fo_diag *d = &c->diags.v[i];

		if (d->sev != FO_SEV_ERROR)
			continue;
		fo_buf_puts(out, n++ ? ",{\"file\":" : "{\"file\":");
		fo_json_str(out, d->path);
		fo_buf_printf(out, ",\"line\":%d,\"col\":%d,\"message\":",
		    d->line, d->col);
		fo_json_str(out, d->msg);
		fo_buf_putc(out, '}');
	}
	fo_buf_putc(out, ']');
}

static double t_switch;	/* when the new site went in (ms) */

static void
site_in(void *ctx)
{
	const struct fo_preview *p = ctx;

	t_switch = now_ms();
	p->ready(p->ctx, "[]");
}

enum fo_status
fo_preview_build(const struct fo_preview *p, struct fo_buf *log)
{
	struct fo_buf errors = FO_BUF_INIT;
	struct fo_index_stats ist = { 0, 0, 0, 0 };
	struct fo_site_opts so = { 0 };
	struct fo_site_stats sst;
	struct fo_content *c = NULL;
	struct fo_analyzer *an = NULL;
	char *msg = NULL;
	double t0 = now_ms(), t1, tl;
	enum fo_status st;

	st = fo_content_load(p->content, &c);
	tl = now_ms();
	if (st != FO_OK) {
		fo_buf_printf(log, "%s: %s", p->content, fo_strerror(st));
		fail_json(p, p->content, fo_strerror(st));
		return st;
	}
	if (c->diags.nerrors > 0) {
		errors_json(c, &errors);
		p->ready(p->ctx, errors.data);
		fo_buf_release(&errors);
		fo_buf_printf(log, "%zu error%s in %s: the site was left as it "
		    "was", c->diags.nerrors, c->diags.nerrors == 1 ? "" : "s", p->content);
		fo_content_free(c);
		return FO_OK;
	}
	if ((st = fo_analyzer_open(p->lexicon, &an, &msg)) == FO_OK)
		st = fo_index_build(c, an, p->db, &ist, &msg);
	fo_analyzer_free(an);
	t1 = now_ms();
	if (st == FO_OK) {
		so.outdir = p->outdir;
		so.dbdir = p->db;
		so.lexicon = p->lexicon;
		so.base_url = p->base_url;
		so.switched = site_in;
		so.switched_ctx = (void *)p;
		so.spare = 1;	/* the next rebuild updates it in place */
		st = fo_site_build(&so, c, &sst, &msg);
	}
	fo_content_free(c);
	if (st != FO_OK) {
		fo_buf_printf(log, "build failed: %s", msg != NULL ? msg :
		    fo_strerror(st));
		fail_json(p, p->content, msg != NULL ? msg : fo_strerror(st));
		free(msg);
		return st;
	}
	fo_buf_printf(log, "rebuilt in %.0f ms, readers reloaded at %.0f ms "
	    "(content %.0f ms; index %.0f ms: %u replaced, %u added, %u "
	    "deleted; site: %zu page%s written)", now_ms() - t0, t_switch - t0,
	    tl - t0, t1 - tl, ist.replaced, ist.added, ist.deleted,
	    sst.pages_written, sst.pages_written == 1 ? "" : "s");
	return FO_OK;
}

void
fo_preview_end(const struct fo_preview *p)
{
	fo_out_drop_spare(p->outdir);
}
