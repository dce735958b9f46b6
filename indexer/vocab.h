/* indexer/vocab.h -- the project vocabulary: synonym groups from the
 * glossary (term + aliases), words the segmenter must keep whole, and
 * the pinyin keys that let `kuajing dianshang` find 跨境电商.
 * Built from the content at index time, stored in the index metadata
 * (FO_META_VOCAB) and read back by fiveout-search and fiveout-site, so
 * queries see exactly the vocabulary the documents were analysed with.
 */
#ifndef FO_VOCAB_H
#define FO_VOCAB_H

#include <stddef.h>

#include "analyze.h"
#include "content.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fo_vocab;	/* opaque */

/*
 * Build from 'c': one synonym group per glossary entry (term and
 * aliases, folded), plus clause/section titles and glossary terms as
 * pinyin keys.  Adds every vocabulary word to 'an' with
 * fo_analyzer_add_word().  Caller frees *out with fo_vocab_free();
 * on failure *out is NULL.
 */
enum fo_status fo_vocab_build(const struct fo_content *c,
    struct fo_analyzer *an, struct fo_vocab **out);

/* Serialise; malloc(3)ed, caller frees. */
char *fo_vocab_encode(const struct fo_vocab *v, size_t *len);

/*
 * fo_vocab_build() with a cache of pinyin: 'cache' (cachelen bytes, may
 * be NULL) is what fo_vocab_encode_pinyin() wrote at an earlier build;
 * words found there skip fo_pinyin() (opening ICU's transliterators is
 * most of a rebuild's time).  A cache from another ICU version or a
 * damaged one is ignored.  The result is the same as without a cache.
 */
enum fo_status fo_vocab_build_cached(const struct fo_content *c,
    struct fo_analyzer *an, const char *cache, size_t cachelen,
    struct fo_vocab **out);

/* The pinyin of every word that got pinyin keys, as a cache for the
 * next fo_vocab_build_cached(); malloc(3)ed, caller frees. */
char *fo_vocab_encode_pinyin(const struct fo_vocab *v, size_t *len);

/* Parse what fo_vocab_encode() wrote and add its words to 'an' (so a
 * query is cut as the documents were).  Caller frees *out with
 * fo_vocab_free(); FO_ECORRUPT on a bad blob. */
enum fo_status fo_vocab_decode(const char *data, size_t len,
    struct fo_analyzer *an, struct fo_vocab **out);

void fo_vocab_free(struct fo_vocab *v);	/* NULL is a no-op */

/*
 * Read access for the query side.  Every string returned is borrowed:
 * owned by 'v', valid until fo_vocab_free(v).
 */

/* The synonym group (glossary term first, then its aliases, all folded)
 * that has 'folded' as a member, or NULL; *n gets the member count. */
const char *const *fo_vocab_group(const struct fo_vocab *v,
    const char *folded, size_t *n);

/* The vocabulary word whose toneless pinyin, letters only (no spaces,
 * "ü" written "v" or "u"), equals 'letters' (lowercase a-z), or NULL.
 * "kuajingdianshang" -> "跨境电商". Glossary words win over titles. */
const char *fo_vocab_pinyin(const struct fo_vocab *v, const char *letters);

/* Every vocabulary word (folded), in the order they were added to the
 * analyzer; i < fo_vocab_nwords(v). */
size_t fo_vocab_nwords(const struct fo_vocab *v);
const char *fo_vocab_word(const struct fo_vocab *v, size_t i);

/* Every pinyin key with its word, i < fo_vocab_npinyin(v). */
size_t fo_vocab_npinyin(const struct fo_vocab *v);
void fo_vocab_pinyin_at(const struct fo_vocab *v, size_t i,
    const char **key, const char **word);

#ifdef __cplusplus
}
#endif
#endif /* FO_VOCAB_H */
