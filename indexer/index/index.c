/* indexer/index/index.c -- fo_index_build(): the content model into Xapian.
 * Each page's document is planned by plan.c (its layout is described
 * there), analysed ahead in a second thread by ahead.c, and written by
 * shards.c; this file drives a build from its lock to its switch.
 *
 * Generations: 'dbdir' is a symlink to <dbdir>.gen/<n> (not "<dbdir>.d":
 * the Makefile includes every build/\*.d it finds).  A build copies
 * generation n to n+1 (same analyzer fingerprint) or starts n+1 empty
 * (fingerprint changed, no usable previous index), updates it, commits
 * (Xapian fsyncs its files), fsyncs the directories, then points a new
 * symlink at n+1 under a temporary name and rename(2)s it over 'dbdir'.
 * Older generations are removed afterwards, except generation n, which
 * stays until the next build for readers that opened it just before the
 * switch.  <dbdir>.gen/lock is flock(2)ed for the whole build: a second
 * concurrent build fails with FO_EIO instead of racing.  A plain directory at
 * 'dbdir' (an index from before generations, or empty) is read as the
 * previous index and moved into <dbdir>.gen when the symlink replaces it;
 * anything else there is refused.
 *
 * Shards: a generation of one shard is one Xapian database; of N, it
 * holds shard0 .. shard<N-1>, each a database, and the stub XAPIANDB
 * listing them (xap.h), so 'dbdir' still opens as one index.  Which page
 * goes where, and why the answers are one database's: shards.c.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "index.h"
#include "index_int.h"
#include "utf8.h"
#include "vocab.h"
#include "xap.h"

/* ---- the build ------------------------------------------------------- */

/* The previous generation's name if it lives in gdir: it is kept until
 * the next build, so a reader that opened it just before the switch can
 * finish (Xapian opens some tables lazily). */
static const char *
keep_previous(const struct build *bd)
{
	size_t n = strlen(bd->gdir);

	if (bd->prev == NULL || bd->legacy ||
	    strncmp(bd->prev, bd->gdir, n) != 0 || bd->prev[n] != '/')
		return NULL;
	return bd->prev + n + 1;
}

/* Find the previous index: set prev/legacy, or refuse what is there. */
static enum fo_status
locate(struct build *bd, const char *dbdir)
{
	struct fo_buf t = FO_BUF_INIT;
	char link[PATH_MAX];
	struct stat sb;
	ssize_t n;

	if (lstat(dbdir, &sb) != 0) {
		if (errno == ENOENT)
			return FO_OK;
		return fo__bd_fail(bd, FO_EIO, strerror(errno), "%s", dbdir);
	}
	if (S_ISLNK(sb.st_mode)) {
		n = readlink(dbdir, link, sizeof link - 1);
		if (n < 0)
			return fo__bd_fail(bd, FO_EIO, strerror(errno),
			    "%s", dbdir);
		link[n] = '\0';
		if (link[0] == '/')
			fo_buf_puts(&t, link);
		else
			fo_buf_printf(&t, "%s/%s", bd->parent, link);
		if (stat(t.data, &sb) == 0 && S_ISDIR(sb.st_mode))
			bd->prev = fo_buf_detach(&t, NULL);
		fo_buf_release(&t);
		return FO_OK;
	}
	if (S_ISDIR(sb.st_mode)) {
		fo_buf_printf(&t, "%s/iamglass", dbdir);
		if (stat(t.data, &sb) != 0 && !fo__dir_is_empty(dbdir)) {
			fo_buf_release(&t);
			return fo__bd_fail(bd, FO_EINVAL, NULL,
			    "%s exists and is neither an "
			    "index nor empty; move it away", dbdir);
		}
		fo_buf_release(&t);
		bd->legacy = 1;
		bd->prev = fo_xstrdup(dbdir);
		return FO_OK;
	}
	return fo__bd_fail(bd, FO_EINVAL, NULL,
	    "%s exists and is not a directory or a "
	    "symlink to one; move it away", dbdir);
}

/* Switch 'dbdir' to the new generation. */
static enum fo_status
switch_link(struct build *bd, const char *dbdir)
{
	struct fo_buf target = FO_BUF_INIT, tmp = FO_BUF_INIT,
	    aside = FO_BUF_INIT;
	enum fo_status st = FO_OK;

	fo_buf_printf(&target, "%s.gen/%s", bd->base, bd->gen);
	fo_buf_printf(&tmp, "%s/.%s.tmp-%ld", bd->parent, bd->base,
	    (long)getpid());
	(void)unlink(tmp.data);
	if (symlink(target.data, tmp.data) != 0) {
		st = fo__bd_fail(bd, FO_EIO, strerror(errno),
		    "symlink %s", tmp.data);
		goto out;
	}
	if (bd->legacy) {
		/* rename(2) cannot put a symlink over a directory: move the
		 * old index aside first (the only non-atomic step; a reader
		 * in between sees no index, never a broken one). */
		fo_buf_printf(&aside, "%s/legacy-%s", bd->gdir, bd->gen);
		if (rename(dbdir, aside.data) != 0) {
			st = fo__bd_fail(bd, FO_EIO, strerror(errno),
			    "rename %s", dbdir);
			(void)unlink(tmp.data);
			goto out;
		}
	}
	if (rename(tmp.data, dbdir) != 0) {
		st = fo__bd_fail(bd, FO_EIO, strerror(errno),
		    "rename to %s", dbdir);
		if (bd->legacy)
			(void)rename(aside.data, dbdir);
		(void)unlink(tmp.data);
		goto out;
	}
	(void)fo__fsync_path(bd->parent);
out:
	fo_buf_release(&target);
	fo_buf_release(&tmp);
	fo_buf_release(&aside);
	return st;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is "Q<id>" 'idterm' the id of a page?  'ids': the pages' ids, sorted
 * (a scan of every page for every id took half a one-file rebuild at
 * 10,000 pages). */
static int
has_id(const char *const *ids, size_t n, const char *idterm)
{
	const char *key = idterm + strlen(FO_PREFIX_ID);

	return bsearch(&key, ids, n, sizeof *ids, cmp_str) != NULL;
}

static enum fo_status
build_pages(struct build *bd, int incremental)
{
	struct fo_buf idterm = FO_BUF_INIT;
	enum fo_status st = FO_OK;
	char *oldhash, **ids = NULL, *skip;
	size_t i, nids = 0, nwork = bd->c->npages;
	struct ahead ah;
	int threaded;

	/* Pages whose input is what the previous index recorded are not
	 * analysed at all. */
	skip = fo_xcalloc(bd->c->npages + 1, 1);
	for (i = 0; incremental && bd->old != NULL && i < bd->c->npages; i++) {
		const struct fo_page *p = bd->c->pages[i];
		char in[17], *old = NULL;

		snprintf(in, sizeof in, "%016llx",
		    (unsigned long long)fo__input_hash(bd->c, p));
		fo_buf_reset(&idterm);
		fo_buf_printf(&idterm, FO_PREFIX_ID "%s", p->id);
		if (fo_xdb_get_value(bd->old, idterm.data, FO_SLOT_INPUT, &old,
		    NULL) == FO_OK && strcmp(old, in) == 0) {
			skip[i] = 1;
			nwork--;
		}
		free(old);
	}
	threaded = fo__ahead_start(&ah, bd->c, bd->an, skip, nwork,
	    bd->threads);

	for (i = 0; i < bd->c->npages; i++) {
		const struct fo_page *p = bd->c->pages[i];
		struct plan pl;

		fo_buf_reset(&idterm);
		fo_buf_printf(&idterm, FO_PREFIX_ID "%s", p->id);
		st = threaded ? fo__ahead_take(&ah, i, &pl) :
		    fo__plan_all(&pl, bd->c, p, bd->an, skip[i]);
		if (st != FO_OK) {
			fo__bd_fail(bd, st,
			    pl.err, "%s: cannot analyse the text", p->path);
			fo__plan_release(&pl);
			goto out;
		}
		if (pl.skip) {
			bd->stats->unchanged++;
			fo__plan_release(&pl);
			continue;
		}
		oldhash = NULL;
		if (bd->old != NULL &&
		    fo_xdb_get_value(bd->old, idterm.data, FO_SLOT_HASH, &oldhash,
		    NULL) != FO_OK)
			oldhash = NULL;
		if (incremental && oldhash != NULL &&
		    strcmp(oldhash, pl.hash) == 0)
			bd->stats->unchanged++;
		else {
			st = fo__place_page(bd, p, idterm.data, pl.xd, incremental);
			pl.xd = NULL;
			if (st != FO_OK) {
				free(oldhash);
				fo__plan_release(&pl);
				goto out;
			}
			if (oldhash != NULL)
				bd->stats->replaced++;
			else
				bd->stats->added++;
		}
		free(oldhash);
		fo__plan_release(&pl);
	}

	/* every page is written: the deletes below run in this thread */
	if ((st = fo__shard_join(bd)) != FO_OK)
		goto out;
	/* pages that vanished: in the old index but not in the content */
	if (bd->old != NULL) {
		const char **pids = fo_xcalloc(bd->c->npages + 1,
		    sizeof *pids);

		for (i = 0; i < bd->c->npages; i++)
			pids[i] = bd->c->pages[i]->id;
		qsort(pids, bd->c->npages, sizeof *pids, cmp_str);
		st = fo_xdb_idterms(bd->old, FO_PREFIX_ID, &ids, &nids);
		if (st != FO_OK) {
			free(pids);
			fo__bd_xfail(bd, bd->old, st, "reading the previous index");
			goto out;
		}
		for (i = 0; i < nids; i++) {
			unsigned g, sh;

			if (has_id(pids, bd->c->npages, ids[i]))
				continue;
			if (incremental) {
				if ((st = fo_xdb_docid(bd->old, ids[i], &g)) !=
				    FO_OK) {
					free(pids);
					fo__bd_xfail(bd, bd->old, st, "reading the "
					    "previous index");
					goto out;
				}
				sh = fo__shard_of(g, bd->nshards);
				if ((st = fo__shard_open(bd, sh, FO_XDB_UPDATE)) !=
				    FO_OK) {
					free(pids);
					goto out;
				}
				if ((st = fo_xdb_delete(bd->sh[sh].db, ids[i])) !=
				    FO_OK) {
					free(pids);
					fo__bd_xfail(bd, bd->sh[sh].db, st,
					    "deleting a page");
					goto out;
				}
			}
			bd->stats->deleted++;
		}
		free(pids);
	}
out:
	if (threaded)
		fo__ahead_finish(&ah);
	free(skip);
	fo_strv_free(ids, nids);
	fo_buf_release(&idterm);
	return st;
}

/*
 * The metadata.  Every shard carries the vocabulary, the pinyin cache and
 * the fingerprint (a search needs them, also with the first shard
 * missing: xap.h), written again only where they changed; the first
 * shard also carries the build time.
 */
static enum fo_status
write_meta(struct build *bd, const struct fo_vocab *v, int incremental)
{
	struct {
		const char *key, *what;
		char	*val;
		size_t	 len;
		int	 same;	/* as in the previous index */
	} m[3] = {
		{ FO_META_VOCAB, "writing the vocabulary", NULL, 0, 0 },
		{ FO_META_PINYIN, "writing the pinyin cache", NULL, 0, 0 },
		{ FO_META_FINGERPRINT, "writing the fingerprint", NULL, 0, 0 },
	};
	char when[32];
	enum fo_status st = FO_OK;
	time_t now = time(NULL);
	struct tm tm;
	unsigned i;
	size_t k;

	m[0].val = fo_vocab_encode(v, &m[0].len);
	m[1].val = fo_vocab_encode_pinyin(v, &m[1].len);
	m[2].val = fo_xstrdup(fo_analyzer_fingerprint(bd->an));
	m[2].len = strlen(m[2].val);
	for (k = 0; incremental && k < 3; k++) {
		char *old = NULL;
		size_t len = 0;

		m[k].same = fo_xdb_get_metadata(bd->old, m[k].key, &old,
		    &len) == FO_OK && len == m[k].len &&
		    memcmp(old, m[k].val, len) == 0;
		free(old);
	}
	for (i = 0; i < bd->nshards && st == FO_OK; i++)
		for (k = 0; k < 3 && st == FO_OK; k++) {
			struct fo_xdb *db;

			if (i > 0 && m[k].same)
				continue;
			if ((st = fo__shard_open(bd, i, FO_XDB_UPDATE)) != FO_OK)
				break;
			db = bd->sh[i].db;
			if ((st = fo_xdb_set_metadata(db, m[k].key, m[k].val,
			    m[k].len)) != FO_OK)
				fo__bd_xfail(bd, db, st, m[k].what);
		}
	if (st == FO_OK) {
		gmtime_r(&now, &tm);
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if ((st = fo__shard_open(bd, 0, FO_XDB_UPDATE)) == FO_OK &&
		    (st = fo_xdb_set_metadata(bd->sh[0].db, FO_META_BUILT,
		    when, strlen(when))) != FO_OK)
			fo__bd_xfail(bd, bd->sh[0].db, st, "writing the build time");
	}
	for (k = 0; k < 3; k++)
		free(m[k].val);
	return st;
}

static void
split_path(struct build *bd, const char *dbdir)
{
	char *s = fo_xstrdup(dbdir), *slash;
	size_t n = strlen(s);

	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	slash = strrchr(s, '/');
	if (slash == NULL) {
		bd->parent = fo_xstrdup(".");
		bd->base = fo_xstrdup(s);
	} else if (slash == s) {
		bd->parent = fo_xstrdup("/");
		bd->base = fo_xstrdup(s + 1);
	} else {
		*slash = '\0';
		bd->parent = fo_xstrdup(s);
		bd->base = fo_xstrdup(slash + 1);
	}
	free(s);
}

enum fo_status
fo_index_build(const struct fo_content *c, struct fo_analyzer *an,
    const char *dbdir, struct fo_index_stats *stats, char **errmsg)
{
	return fo_index_build_opts(c, an, dbdir, NULL, stats, errmsg);
}

enum fo_status
fo_index_build_opts(const struct fo_content *c, struct fo_analyzer *an,
    const char *dbdir, const struct fo_index_opts *opts,
    struct fo_index_stats *stats, char **errmsg)
{
	struct fo_index_opts dflt = FO_INDEX_OPTS_INIT;
	unsigned nshards;
	struct fo_index_stats dummy;
	struct build bd;
	struct fo_buf path = FO_BUF_INIT;
	struct fo_vocab *v = NULL;
	char *pycache = NULL;
	size_t pylen = 0;
	enum fo_status st;
	char *oldfp = NULL, *emsg = NULL;
	int incremental = 0, committed = 0;
	size_t fplen;

	if (errmsg != NULL)
		*errmsg = NULL;
	if (stats == NULL)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	if (opts == NULL)
		opts = &dflt;
	nshards = opts->shards;
	if (c == NULL || an == NULL || dbdir == NULL || *dbdir == '\0' ||
	    nshards > FO_INDEX_SHARDS_MAX)
		return FO_EINVAL;
	memset(&bd, 0, sizeof bd);
	bd.lockfd = -1;
	fo_buf_init(&bd.msg);
	bd.c = c;
	bd.an = an;
	bd.stats = stats;
	bd.threads = opts->threads;
	if (c->diags.nerrors > 0) {
		st = fo__bd_fail(&bd, FO_EINVAL, NULL,
		    "%s: content has errors", c->root);
		goto out;
	}
	/* the whole lexicon against its checksum, once per analyzer: a
	   search only checks its structure (analyze.h) */
	if ((st = fo_analyzer_check_lexicon(an, &emsg)) != FO_OK) {
		fo__bd_fail(&bd, st, NULL, "%s", emsg);
		goto out;
	}
	split_path(&bd, dbdir);
	fo_buf_printf(&path, "%s.gen", dbdir);
	bd.gdir = fo_buf_detach(&path, NULL);

	/* The vocabulary changes the analyzer: build it first, with the
	 * pinyin the index in place already has (no ICU transliterator
	 * unless a word is new). */
	{
		struct fo_xdb *cur;

		if (fo_xdb_open(dbdir, FO_XDB_READ, &cur, NULL) == FO_OK) {
			if (fo_xdb_get_metadata(cur, FO_META_PINYIN, &pycache,
			    &pylen) != FO_OK) {
				free(pycache);
				pycache = NULL;
				pylen = 0;
			}
			fo_xdb_close(cur);
		}
	}
	st = fo_vocab_build_cached(c, an, pycache, pylen, &v);
	free(pycache);
	if (st != FO_OK) {
		fo__bd_fail(&bd, st, NULL,
		    "%s: cannot build the vocabulary", c->root);
		goto out;
	}
	if (fo__mkdir_p(bd.gdir) != 0) {
		st = fo__bd_fail(&bd, FO_EIO, strerror(errno),
		    "mkdir %s", bd.gdir);
		goto out;
	}
	fo_buf_printf(&path, "%s/" LOCK_NAME, bd.gdir);
	bd.lockfd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	fo_buf_reset(&path);
	if (bd.lockfd < 0) {
		st = fo__bd_fail(&bd, FO_EIO, strerror(errno),
		    "%s/" LOCK_NAME, bd.gdir);
		goto out;
	}
	if (flock(bd.lockfd, LOCK_EX | LOCK_NB) != 0) {
		st = fo__bd_fail(&bd, FO_EIO, NULL,
		    "%s is being built by another process",
		    dbdir);
		goto out;
	}
	if ((st = locate(&bd, dbdir)) != FO_OK)
		goto out;
	snprintf(bd.gen, sizeof bd.gen, "%lu", fo__max_generation(bd.gdir) + 1);
	fo_buf_printf(&path, "%s/%s", bd.gdir, bd.gen);
	bd.newdir = fo_buf_detach(&path, NULL);
	(void)fo_rmtree(bd.newdir);

	/* A previous index that will not open (damaged, empty) is simply
	 * rebuilt from scratch; so is one of another analyzer or another
	 * number of shards.  Not told how many, an index keeps its own. */
	if (bd.prev != NULL &&
	    fo_xdb_open(bd.prev, FO_XDB_READ, &bd.old, NULL) == FO_OK &&
	    fo_xdb_get_metadata(bd.old, FO_META_FINGERPRINT, &oldfp,
	    &fplen) == FO_OK &&
	    strcmp(oldfp, fo_analyzer_fingerprint(an)) == 0 &&
	    (nshards == 0 || nshards == fo_xdb_nshards(bd.old)) &&
	    fo_xdb_lastdocid(bd.old, &bd.lastdocid) == FO_OK) {
		nshards = fo_xdb_nshards(bd.old);
		if (mkdir(bd.newdir, 0755) != 0 ||
		    fo__copy_dir(bd.prev, bd.newdir) != 0) {
			/* fall back to a full build */
			(void)fo_rmtree(bd.newdir);
			bd.lastdocid = 0;
		} else
			incremental = 1;
	}
	bd.nshards = nshards != 0 ? nshards : fo__auto_shards(c->npages);
	if ((st = fo__shards_init(&bd, incremental)) != FO_OK)
		goto out;
	if ((st = build_pages(&bd, incremental)) != FO_OK)
		goto out;
	if ((st = write_meta(&bd, v, incremental)) != FO_OK)
		goto out;
	if ((st = fo__shards_commit(&bd)) != FO_OK)
		goto out;
	fo__shards_close(&bd);
	fo_xdb_close(bd.old);
	bd.old = NULL;
	if ((st = fo_index_seal(bd.newdir, &emsg)) != FO_OK) {
		fo__bd_fail(&bd, st, NULL, "%s", emsg);
		goto out;
	}
	if (fo__fsync_path(bd.newdir) != 0 || fo__fsync_path(bd.gdir) != 0) {
		st = fo__bd_fail(&bd, FO_EIO, strerror(errno),
		    "fsync %s", bd.newdir);
		goto out;
	}
	if ((st = switch_link(&bd, dbdir)) != FO_OK)
		goto out;
	committed = 1;
	fo__prune_generations(bd.gdir, bd.gen, keep_previous(&bd));
out:
	fo__shards_close(&bd);
	fo_xdb_close(bd.old);
	if (!committed && bd.newdir != NULL)
		(void)fo_rmtree(bd.newdir);
	if (st != FO_OK) {
		memset(stats, 0, sizeof *stats);
		if (errmsg != NULL)
			*errmsg = fo_buf_detach(&bd.msg, NULL);
	}
	if (bd.lockfd >= 0)
		close(bd.lockfd);	/* releases the flock */
	fo_vocab_free(v);
	free(oldfp);
	free(emsg);
	free(bd.parent);
	free(bd.base);
	free(bd.gdir);
	free(bd.prev);
	free(bd.newdir);
	fo_buf_release(&bd.msg);
	fo_buf_release(&path);
	return st;
}