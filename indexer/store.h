/* indexer/store.h -- the layout of the browser's store: the files that
 * fiveout-site exports (site/searchidx.c) and the WebAssembly engine
 * reads (xmem.c, lexshard.c).  Both sides take these rules from here.
 *
 *   search/manifest.js   FO_STORE_MAGIC, then "key\tvalue" lines: fp
 *                        (analyzer fingerprint), h (its hash: the first
 *                        line "fp\t<h>" of every other file), n, dtotal,
 *                        shards, ltotal, pshards, pmin, dk (kind
 *                        letters), dl (document lengths), then
 *                        "vocab\t<bytes>\n" and the vocabulary blob
 *   search/core.js       the lexicon's OpenCC map, character table and
 *                        unidata section (base64)
 *   search/s/K.js        postings "term\tgap gap -gap wdf ...\n" and
 *                        lexicon words "\tword\tfreq\tflags\n"
 *   search/d/D.js        document D: "<length>\n<data><folded pieces>"
 *   search/p/K.js        common bigrams' positions: "B<ab>\t...\n"
 *   search/engine.js     the module (base64)
 *
 * Each file is a script: fiveoutData("name", "text"[, 1 if base64]).
 */
#ifndef FO_STORE_H
#define FO_STORE_H

#include <stddef.h>
#include <stdint.h>

#define FO_STORE_LAYOUT	4
#define FO_STORE_MAGIC	"fiveout-search\t4\n"

/* The postings shard key of 'term' ('n' bytes): FNV-1a 32 of the term
 * without its prefix letter (schema.h), so a word, its S title term and its B
 * gram sit together (a query needs them together). */
uint32_t fo_store_term_hash(const char *term, size_t n);

/* The shard key of a lexicon word: FNV-1a 32 of its first character's
 * UTF-8 bytes ('word' has 'n' bytes): that character's own term key. */
uint32_t fo_store_word_hash(const char *word, size_t n);

/* Append 'v' in decimal to 'b', with a '-' before it if 'neg' and a
 * space before that unless 'first': the store's numbers (printf costs
 * too much for millions of them; xmem.c reads them back). */
struct fo_buf;
void	fo_store_put_num(struct fo_buf *b, unsigned long long v, int neg,
	    int first);

/* BM25 weights as Xapian 1.4's BM25Weight (default parameters) gives
 * them to a one-term query (wqf 1): fo_bm25_init() once per term with
 * its term frequency, the document count and the total document length;
 * then fo_bm25_weight() per posting.  Equal bit for bit to the weights
 * fo_xdb_search() reports for that query: the export (site/searchidx.c)
 * ranks a wildcard's grams with them and the browser's store
 * (wasm/xmem.c) weighs every posting with them. */
struct fo_bm25 {
	double	 termweight, len_factor;
};
void	fo_bm25_init(struct fo_bm25 *w, unsigned termfreq, unsigned ndocs,
	    unsigned long long total_length);
double	fo_bm25_weight(const struct fo_bm25 *w, unsigned wdf, unsigned doclen);

#endif /* FO_STORE_H */
