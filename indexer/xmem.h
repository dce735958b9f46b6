/* indexer/xmem.h -- the browser's store behind xap.h (xmem.c), and the
 * shard-fed lexicon (lexshard.c): what the WebAssembly engine (engine.c)
 * opens instead of a Xapian database and a mapped lexicon file.  Not in
 * the native library. */
#ifndef FO_XMEM_H
#define FO_XMEM_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "status.h"
#include "xap.h"

struct fo_lexicon;
struct fo_unidata;

/* The character classes phrase checks use (borrowed; unidata.h). */
void fo_xmem_set_unidata(struct fo_xdb *db, const struct fo_unidata *u);

/*
 * A store over the manifest's text ('len' bytes, borrowed for the call;
 * site/searchidx.c writes it).  On FO_OK *out is new; fo_xdb_close()
 * frees it.  FO_EVERSION (another layout), FO_ECORRUPT; *errmsg (if
 * non-NULL) gets a malloc(3)ed message.
 */
enum fo_status fo_xmem_open(const char *manifest, size_t len,
    struct fo_xdb **out, char **errmsg);

/* Load the file 'name' ("s/3" postings, "d/12" a document), 'len' bytes,
 * copied.  FO_EVERSION if it names another analyzer, FO_ECORRUPT,
 * FO_EINVAL for a name the store does not know. */
enum fo_status fo_xmem_feed(struct fo_xdb *db, const char *name,
    const char *bytes, size_t len);

/* The files the calls since the last reset found missing ("s/3",
 * "d/12", "p/5"); owned by 'db'. */
struct fo_strlist *fo_xmem_need(struct fo_xdb *db);
void fo_xmem_need_reset(struct fo_xdb *db);

/*
 * The lexicon of the browser: jieba's words arrive in the postings
 * shards ("s/K", fo_store_word_hash() % nshards == K), and a lookup of a
 * character whose shard is not loaded notes "s/K" in 'need' (borrowed,
 * must outlive the lexicon).  'total' is the lexicon's frequency total;
 * 'convmap' (FO_CONVMAP_BYTES) and 'chartab' (struct fo_chartab as
 * uint32 n, cp[n], off[n + 1], then its text) come from the site's core
 * file (borrowed).  NULL if 'convlen' is not the map's size.  Free with
 * fo_lexshard_free().
 */
struct fo_lexicon *fo_lexshard_new(unsigned nshards, uint64_t total,
    const uint8_t *convmap, size_t convlen, const void *chartab,
    size_t chartablen, struct fo_strlist *need);
/* Take the lexicon lines ("\tword\tfreq\tflags") of shard "s/K"'s text;
 * its other lines are skipped.  FO_ECORRUPT on a bad line. */
enum fo_status fo_lexshard_feed(struct fo_lexicon *lx, unsigned k,
    const char *text, size_t len);
void fo_lexshard_free(struct fo_lexicon *lx);

#endif /* FO_XMEM_H */
