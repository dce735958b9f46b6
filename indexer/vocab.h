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

/* Parse what fo_vocab_encode() wrote and add its words to 'an' (so a
 * query is cut as the documents were).  Caller frees *out with
 * fo_vocab_free(); FO_ECORRUPT on a bad blob. */
enum fo_status fo_vocab_decode(const char *data, size_t len,
    struct fo_analyzer *an, struct fo_vocab **out);

void fo_vocab_free(struct fo_vocab *v);	/* NULL is a no-op */

#ifdef __cplusplus
}
#endif
#endif /* FO_VOCAB_H */
