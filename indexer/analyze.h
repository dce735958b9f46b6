/* indexer/analyze.h -- Chinese text analysis: one code path for documents
 * and queries.
 *
 *   input UTF-8 --NFKC+casefold (ICU)--> --Traditional->Simplified (OpenCC,
 *   HK and TW variants)--> folded text --segment (lexicon DAG + max
 *   probability, project vocabulary on top)--> words
 *                                         \--> Han character bigrams (recall lane)
 *
 * Every token keeps the byte span it came from in the *original* input,
 * so snippets can highlight the reader's own characters (Traditional in,
 * Traditional highlighted).
 *
 * Cutting rules (PKU style; indexer/analyze/seg.c): Han text by the lexicon's
 * maximum-probability route, with built-in domain words (外包, 外经,
 * 做强 ...) and the project vocabulary on top; numeral and measure word
 * apart (一 批, 万亿 元), surname and given name apart (习 近平).  A run
 * of Latin letters and digits is one lowercased word ("rcep", "6g",
 * "cptpp"), keeping a decimal point ("3.5"), a trailing percent sign
 * ("90%") and Han number units right after digits ("10万").  Whitespace
 * gives no token; a line break or punctuation mark gives a position gap.
 * Punctuation tokens (FO_AN_PUNCT) carry the folded mark: "，" -> ",".
 *
 * An analyzer keeps its ICU and OpenCC handles and scratch buffers
 * between calls: open one per thread, never share one between threads.
 *
 * The WebAssembly build (-DFO_WASM: no ICU, no OpenCC) folds and
 * segments from tables the native code compiled into the lexicon
 * (indexer/unidata.h), with the same results: fo_analyzer_open_mem().
 */
#ifndef FO_ANALYZE_H
#define FO_ANALYZE_H

#include <stddef.h>

#include "buf.h"
#include "status.h"
#include "utf8.h"

#ifdef __cplusplus
extern "C" {
#endif

struct fo_analyzer;	/* opaque; see fo_analyzer_open() */

enum fo_tok_kind {
	FO_TOK_WORD,	/* a segmented word (Han word, Latin word, number) */
	FO_TOK_GRAM	/* a Han character bigram, for substring recall; a
			   lone Han character (a run of one) gives its unigram,
			   and so does a run's last character with FO_AN_TAILS */
};

struct fo_token {
	char	*term;		/* folded text, NUL-terminated; owned by the list */
	size_t	 start, end;	/* byte span [start, end) in the original input */
	unsigned pos;		/* position in its own stream (words and grams
				   are numbered separately, from 0); a gap of
				   >1 separates runs that must not phrase-match
				   across punctuation */
	enum fo_tok_kind kind;
	int	 han;		/* 1 if made of Han characters */
};

/* A token list; fo_tokens_init() / FO_TOKENS_INIT, free with fo_tokens_release(). */
struct fo_tokens {
	struct fo_token *v;
	size_t	 n, cap;
};
#define FO_TOKENS_INIT { NULL, 0, 0 }
void fo_tokens_init(struct fo_tokens *t);
void fo_tokens_release(struct fo_tokens *t);

/* Flags for fo_analyze(). */
#define FO_AN_WORDS	0x1	/* emit FO_TOK_WORD tokens */
#define FO_AN_GRAMS	0x2	/* emit FO_TOK_GRAM tokens */
#define FO_AN_PUNCT	0x4	/* also emit punctuation as words (for --segment) */
#define FO_AN_TAILS	0x8	/* with FO_AN_GRAMS: after a run's last bigram,
				   its last character as a one-character gram
				   (海外仓: 海外 外仓 仓), so a one-character query
				   (B仓*) finds a run's end too.  For documents;
				   queries leave it out, so their bigram phrases
				   still match inside longer runs */

/* The installed lexicon (make install). */
#define FO_LEXICON_INSTALLED	FO_PREFIX "/share/fiveout/lexicon.bin"

/*
 * Where a program's lexicon is, the one rule for every program: 'given'
 * (its --lexicon or FIVEOUT_LEXICON, which only main.c reads) when
 * non-empty; else lexicon.bin beside the index folder 'db' (build/index
 * -> build/lexicon.bin) if there; else in 'progdir' (the program's own
 * folder, fo_program_dir(); may be NULL) if there; else
 * FO_LEXICON_INSTALLED.  'looked' (may be NULL) gets the places tried,
 * ", "-separated, for the message when none opens.  Returns a malloc(3)ed
 * path; never NULL.
 */
struct fo_buf;
char	*fo_lexicon_find(const char *given, const char *db,
	    const char *progdir, struct fo_buf *looked);

/*
 * Open an analyzer over the compiled lexicon at 'lexicon_path' (mapped,
 * not parsed: see fo_lexicon_compile()).  NULL means FO_LEXICON_INSTALLED;
 * programs find theirs with fo_lexicon_find().
 * On FO_OK *out is a new analyzer; caller frees with fo_analyzer_free().
 * On failure *out is NULL and, if 'errmsg' is non-NULL, *errmsg gets a
 * malloc(3)ed message naming the file; the caller frees it.
 * Returns FO_ENOTFOUND, FO_ECORRUPT, FO_EIO, FO_EINTERNAL (ICU/OpenCC).
 */
enum fo_status fo_analyzer_open(const char *lexicon_path,
    struct fo_analyzer **out, char **errmsg);
/*
 * fo_analyzer_open() checks what costs no pass over the lexicon (its size,
 * header, sections and word offsets: a truncated file, another format or
 * broken offsets are FO_ECORRUPT there), so that a search starts without
 * reading the file's 6 MB.  This checks the whole file against its
 * checksum: FO_ECORRUPT, *errmsg naming the file and saying to rebuild
 * it.  Index and site builds call it (fo_index_build_opts(),
 * fo_site_build()), as do fiveout-index --verify and fiveout-search
 * --check-lexicon.  Once per analyzer: later calls return FO_OK at once
 * after a pass.  An analyzer over a caller's lexicon
 * (fo_analyzer_open_mem()) has no file to check: FO_OK.
 */
enum fo_status fo_analyzer_check_lexicon(struct fo_analyzer *an,
    char **errmsg);

/*
 * An analyzer that reads no file and calls neither ICU nor OpenCC: the
 * WebAssembly module's (built with -DFO_WASM, where it is the only
 * constructor).  'lx' is a lexicon the caller built from data it loaded
 * (struct fo_lexicon, analyze_int.h); 'unidata' ('len' bytes, 4-byte
 * aligned) is the lexicon's unidata section (fo_lexicon_unidata(),
 * unidata.h); 'fingerprint' is what fo_analyzer_fingerprint() will
 * return, taken from the index the module reads (NULL: computed as
 * usual, natively only).  All three are borrowed and must outlive the
 * analyzer.  On FO_OK *out is new; free it with fo_analyzer_free().
 * FO_EINVAL (NULL lexicon), FO_ECORRUPT (bad unidata); *errmsg as in
 * fo_analyzer_open().
 */
struct fo_lexicon;
enum fo_status fo_analyzer_open_mem(struct fo_lexicon *lx,
    const void *unidata, size_t len, const char *fingerprint,
    struct fo_analyzer **out, char **errmsg);

/*
 * A second analyzer for another thread: the same lexicon file and the
 * same project words as 'an' (so the same fingerprint and the same
 * tokens), with handles of its own.  'an' is only read.  On FO_OK *out
 * is new; caller frees with fo_analyzer_free().  Errors as
 * fo_analyzer_open(); FO_EINTERNAL if the copy's fingerprint differs.
 */
enum fo_status fo_analyzer_clone(struct fo_analyzer *an,
    struct fo_analyzer **out, char **errmsg);

/* NULL is a no-op. */
void fo_analyzer_free(struct fo_analyzer *an);

/*
 * Add a project vocabulary word (glossary term, alias, clause title) so
 * the segmenter keeps it whole.  'word' is folded first, so a Traditional
 * spelling adds its Simplified form.  Borrowed for the call.  Changes the
 * fingerprint.  Returns FO_OK or FO_EINVAL (empty/invalid UTF-8).
 */
enum fo_status fo_analyzer_add_word(struct fo_analyzer *an, const char *word);

/*
 * Normalise (NFKC, case fold) and fold Traditional to Simplified.
 * Appends the folded text to 'out'.  If 'offmap' is non-NULL it gets a
 * malloc(3)ed array of out->len+1 entries (relative to the length of 'out'
 * on entry): offmap[i] is the byte offset in 'text' that folded byte i
 * came from; caller frees it.  Returns FO_EINVAL on invalid UTF-8.
 */
enum fo_status fo_analyzer_fold(struct fo_analyzer *an, const char *text,
    size_t len, struct fo_buf *out, size_t **offmap);

/*
 * Analyse 'text' (UTF-8, 'len' bytes) and append tokens to 'out' as
 * 'flags' asks.  Returns FO_OK, or FO_EINVAL on invalid UTF-8 (nothing
 * appended).
 */
enum fo_status fo_analyze(struct fo_analyzer *an, const char *text,
    size_t len, int flags, struct fo_tokens *out);

/*
 * The --segment view: the words of 'text' (punctuation included), in
 * their original spelling, separated by single spaces, appended to 'out'.
 */
enum fo_status fo_segment_line(struct fo_analyzer *an, const char *text,
    size_t len, struct fo_buf *out);

/*
 * Toneless lowercase Hanyu Pinyin of 'text' (ICU Han-Latin), syllables
 * separated by one space: "跨境电商" -> "kua jing dian shang".  Runs of
 * other letters and digits pass through lowercased as words of their
 * own; punctuation and spaces only separate: "RCEP协定，6G" ->
 * "rcep xie ding 6g".  Appends to 'out'.  FO_EINVAL on invalid UTF-8.
 * The transliterator is built on the first call (some milliseconds).
 * Under FO_WASM: FO_EINTERNAL (the index holds the vocabulary's pinyin).
 */
enum fo_status fo_pinyin(struct fo_analyzer *an, const char *text,
    struct fo_buf *out);

/*
 * A string naming everything that changes analysis results: segmenter
 * version, lexicon hash, vocabulary hash, OpenCC configs, ICU and
 * Unicode versions, flags.  Borrowed: valid until the next call on 'an'.
 */
const char *fo_analyzer_fingerprint(struct fo_analyzer *an);

/*
 * Compile a jieba-style frequency dictionary ("word freq [tag]" lines) at
 * 'dict_path' into the binary lexicon at 'out_path' (written to a
 * temporary name and renamed, so a failure leaves any old file whole).
 * Words are folded as fo_analyzer_fold() would; the file also records
 * the tags that matter (names, numerals), which characters OpenCC can
 * change, and the unidata tables (unidata.h) of the WebAssembly build.  The format (indexer/analyze/lexicon.c) is host byte order and
 * versioned; fo_analyzer_open() rejects another version or a damaged or
 * truncated file with FO_ECORRUPT.  Returns FO_OK, FO_ENOTFOUND, FO_EIO,
 * FO_EPARSE (bad line, invalid UTF-8), FO_EINTERNAL.  On failure
 * *errmsg (if non-NULL) gets a malloc(3)ed message with file and line.
 */
enum fo_status fo_lexicon_compile(const char *dict_path,
    const char *out_path, char **errmsg);
/* fo_lexicon_compile() that also reads OpenCC's phrase keys, one a line
 * (text before a TAB), from 'keys_path' (NULL: none), so that a text
 * holding a phrase OpenCC converts (瞭解 -> 了解) is never taken for one
 * OpenCC leaves alone.  The Makefile makes the file with opencc_dict. */
enum fo_status fo_lexicon_compile_keys(const char *dict_path,
    const char *keys_path, const char *out_path, char **errmsg);

/* fo_utf8_valid(): utf8.h */

#ifdef __cplusplus
}
#endif
#endif /* FO_ANALYZE_H */
