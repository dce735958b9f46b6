/* indexer/wasm/engine.c -- the search engine of the site, compiled to
 * WebAssembly (the Makefile's $(B)/engine.wasm): fo_search_run() of
 * search.c over the exported store (xmem.c) and the shard-fed lexicon
 * (lexshard.c), with the analysis of the native programs.  The page's
 * script (site/assets/engine.js) only moves bytes:
 *
 *   fo_engine_open(manifest, core)   once
 *   fo_engine_search(query, ...)     -> JSON text:
 *       {"need":["s/3","p/7","d/12"]}  load these files with
 *                                      fo_engine_feed() and ask again;
 *       {"error":{"status":"EPARSE","message":"..."}}
 *       or the result, as fiveout-search --json prints it
 *
 * Strings in and out are NUL-terminated UTF-8 in the module's memory:
 * fo_engine_alloc()/fo_engine_free() for what the script passes in; the
 * returned text is the engine's, valid until its next call.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "buf.h"
#include "json.h"
#include "search.h"
#include "unidata.h"
#include "xmem.h"

#define EXPORT(name) __attribute__((export_name(name)))

static struct {
	struct fo_xdb	*db;		/* owned by s */
	struct fo_lexicon *lx;
	struct fo_unidata *uni;
	struct fo_search *s;
	char		*fp, *h;	/* fingerprint, its hash */
	void		*core;
	struct fo_buf	 out;
} E;

EXPORT("fo_engine_alloc") void *
fo_engine_alloc(size_t n)
{
	return fo_xmalloc(n + 1);
}

EXPORT("fo_engine_free") void
fo_engine_free(void *p)
{
	free(p);
}

static const char *
error_json(enum fo_status st, const char *msg)
{
	static const struct { enum fo_status st; const char *name; } names[] = {
		{ FO_EINVAL, "EINVAL" }, { FO_ETOOBIG, "ETOOBIG" },
		{ FO_EPARSE, "EPARSE" }, { FO_EVERSION, "EVERSION" },
		{ FO_ECORRUPT, "ECORRUPT" }, { FO_ENOMEM, "ENOMEM" },
	};
	const char *name = "EINTERNAL";
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].st == st)
			name = names[i].name;
	fo_buf_reset(&E.out);
	fo_buf_printf(&E.out, "{\"error\":{\"status\":\"%s\",\"message\":",
	    name);
	fo_json_str(&E.out, msg != NULL ? msg : "");
	fo_buf_puts(&E.out, "}}");
	return E.out.data;
}

/*
 * Open the store: 'manifest' (search/manifest) and 'core' (search/core:
 * the lexicon's OpenCC map and character table, and its unidata
 * section), each with its length.  Both are copied.  Returns NULL on
 * success, else an error's JSON.
 */
EXPORT("fo_engine_open") const char *
fo_engine_open(const char *manifest, size_t mlen, const char *core,
    size_t clen)
{
	struct fo_analyzer *an = NULL;
	const uint32_t *u;
	uint32_t convlen, charlen, unilen;
	unsigned long nshards = 0;
	unsigned long long ltotal = 0;
	const char *v;
	char *err = NULL;
	enum fo_status st;

	fo_buf_init(&E.out);
	if ((st = fo_xmem_open(manifest, mlen, &E.db, &err)) != FO_OK)
		goto fail;
	/* core: uint32 lengths of the three parts, then the parts, each
	   padded to 4 bytes */
	E.core = fo_xmalloc(clen + 4);
	memcpy(E.core, core, clen);
	u = E.core;
	if (clen < 12) {
		st = FO_ECORRUPT;
		goto fail;
	}
	convlen = u[0];
	charlen = u[1];
	unilen = u[2];
	if (charlen % 4 != 0 ||
	    12 + (size_t)convlen + charlen + unilen > clen) {
		st = FO_ECORRUPT;
		goto fail;
	}
	if ((v = strstr(manifest, "\nshards\t")) != NULL)
		nshards = strtoul(v + 8, NULL, 10);
	if ((v = strstr(manifest, "\nltotal\t")) != NULL)
		ltotal = strtoull(v + 8, NULL, 10);
	if ((v = strstr(manifest, "\nfp\t")) != NULL)
		E.fp = fo_xstrndup(v + 4, strcspn(v + 4, "\n"));
	if ((v = strstr(manifest, "\nh\t")) != NULL)
		E.h = fo_xstrndup(v + 3, strcspn(v + 3, "\n"));
	if (E.fp == NULL || E.h == NULL) {
		st = FO_ECORRUPT;
		goto fail;
	}
	E.lx = fo_lexshard_new((unsigned)nshards, ltotal,
	    (const uint8_t *)E.core + 12, convlen,
	    (const char *)E.core + 12 + convlen, charlen, fo_xmem_need(E.db));
	if (E.lx == NULL) {
		st = FO_ECORRUPT;
		goto fail;
	}
	if ((st = fo_unidata_open((const char *)E.core + 12 + convlen +
	    charlen, unilen, &E.uni, &err)) != FO_OK)
		goto fail;
	fo_xmem_set_unidata(E.db, E.uni);
	if ((st = fo_analyzer_open_mem(E.lx, (const char *)E.core + 12 +
	    convlen + charlen, unilen, E.fp, &an, &err)) != FO_OK)
		goto fail;
	st = fo_search_attach(E.db, an, "the site's search index", &E.s, &err);
	E.db = NULL;
	if (st != FO_OK)
		goto fail;
	return NULL;
fail:
	error_json(st, err != NULL ? err : "cannot open the search index; "
	    FO_HOW_REBUILD_SITE);
	free(err);
	fo_xdb_close(E.db);
	E.db = NULL;
	return E.out.data;
}

/* Load file 'name' ("s/3", "p/7", "d/12"); 'bytes' are copied.
 * Returns NULL, or an error's JSON. */
EXPORT("fo_engine_feed") const char *
fo_engine_feed(const char *name, const char *bytes, size_t len)
{
	struct fo_xdb *db;
	enum fo_status st;

	if (E.s == NULL)
		return error_json(FO_EINVAL, "search index not open");
	db = fo_search_db(E.s);
	st = fo_xmem_feed(db, name, bytes, len);
	/* a postings shard also holds the lexicon words it keys */
	if (st == FO_OK && name[0] == 's')
		st = fo_lexshard_feed(E.lx, (unsigned)strtoul(name + 2, NULL,
		    10), bytes, len);
	if (st != FO_OK)
		return error_json(st, fo_xdb_errmsg(db)[0] != '\0' ?
		    fo_xdb_errmsg(db) : "damaged search index file; "
		    FO_HOW_REBUILD_SITE);
	return NULL;
}

/*
 * Run 'query' with the options (kind: a kind's name or "" for all;
 * section 0 for all).  Returns the JSON described at the top.
 */
EXPORT("fo_engine_search") const char *
fo_engine_search(const char *query, unsigned offset, unsigned limit,
    const char *kind, int section)
{
	struct fo_search_opts o = FO_SEARCH_OPTS_INIT;
	struct fo_search_result r;
	struct fo_strlist *need;
	char *err = NULL;
	enum fo_status st;
	size_t i;

	if (E.s == NULL)
		return error_json(FO_EINVAL, "search index not open");
	o.offset = offset;
	o.limit = limit;
	o.section = section;
	o.facets = 1;
	if (kind != NULL && *kind != '\0' &&
	    (o.kind = fo_search_kind(kind)) < 0)
		return error_json(FO_EINVAL, "unknown kind");
	need = fo_xmem_need(fo_search_db(E.s));
	fo_xmem_need_reset(fo_search_db(E.s));
	st = fo_search_run(E.s, query, &o, &r, &err);
	if (need->n > 0) {
		if (st == FO_OK)
			fo_search_result_release(&r);
		free(err);
		fo_buf_reset(&E.out);
		fo_buf_puts(&E.out, "{\"need\":[");
		for (i = 0; i < need->n; i++)
			fo_buf_printf(&E.out, "%s\"%s\"", i ? "," : "",
			    need->v[i]);
		fo_buf_puts(&E.out, "]}");
		return E.out.data;
	}
	if (st != FO_OK) {
		error_json(st, err);
		free(err);
		return E.out.data;
	}
	fo_buf_reset(&E.out);
	fo_search_result_json(&r, 0, &E.out);
	fo_search_result_release(&r);
	return E.out.data;
}
