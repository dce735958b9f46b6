/* indexer/analyze_int.h -- private to the analyzer (utf8.c, fold.c,
 * lexicon.c, seg.c, pinyin.c, analyzer.c).  Not part of the public API.
 */
#ifndef FO_ANALYZE_INT_H
#define FO_ANALYZE_INT_H

#include <stddef.h>
#include <stdint.h>

#ifndef FO_WASM
#include <opencc/opencc.h>
#include <unicode/unorm2.h>
#include <unicode/utrans.h>
#endif

#include "analyze.h"
#include "buf.h"
#include "status.h"

/* Bump when a change to folding or segmentation changes tokens. */
#define FO_SEG_VERSION	5
#define FO_OPENCC_CHAIN	"hk2s+tw2s"

/* utf8.c: utf8.h */
#include "utf8.h"

/* ---- fold.c ---------------------------------------------------------- */

/* What OpenCC makes of each BMP character it changes, taken alone
 * (compiled into the lexicon): a text of one such character is folded
 * from here, without OpenCC.  Character i is cp[i] (ascending); its
 * conversion is blob[off[i] .. off[i+1]). */
struct fo_chartab {
	uint32_t	 n;
	const uint32_t	*cp;
	const uint32_t	*off;
	const char	*blob;
};
/* The conversion of character 'cp' in 't' (a pointer into t->blob,
 * *len bytes, not NUL-terminated), or NULL when 't' is NULL or has no
 * 'cp'.  Binary search: cp[] ascends. */
const char *fo__chartab_get(const struct fo_chartab *t, uint32_t cp,
	    size_t *len);

struct fo_unidata;	/* unidata.h: ICU's and OpenCC's answers as tables */

#ifndef FO_WASM
/* ---- late.c: OpenCC and libicui18n, loaded at first use ------------- */

struct fo_opencc_fns {
	__typeof__(&opencc_open)		open;
	__typeof__(&opencc_close)		close;
	__typeof__(&opencc_convert_utf8)	convert_utf8;
	__typeof__(&opencc_convert_utf8_free)	convert_utf8_free;
	__typeof__(&opencc_error)		error;
};
struct fo_utrans_fns {
	__typeof__(&utrans_openU)		openU;
	__typeof__(&utrans_close)		close;
	__typeof__(&utrans_transUChars)		transUChars;
};
/* The library's functions, loaded (dlopen(3)) at the first call, in any
 * thread; later calls return the same.  NULL if it cannot be loaded,
 * *errmsg (if non-NULL) then naming it and what to do. */
const struct fo_opencc_fns *fo_late_opencc(char **errmsg);
const struct fo_utrans_fns *fo_late_utrans(char **errmsg);
#endif

/* NFKC_Casefold (ICU) then Traditional -> Simplified (OpenCC hk2s, then
 * tw2s).  All handles are opened once and reused; OpenCC's only when
 * first needed.  With 'tab' set (always under FO_WASM, where neither ICU
 * nor OpenCC exists) both steps come from the tables compiled into the
 * lexicon instead (unidata.c), with the same results. */
struct fo_fold {
#ifndef FO_WASM
	const UNormalizer2	*nfkc_cf;
	opencc_t		 hk2s, tw2s;
	const struct fo_opencc_fns *cc;	/* set with hk2s */
#endif
	/* the table path, or NULL for ICU and OpenCC.  Borrowed. */
	const struct fo_unidata	*tab;
	/* FO_CONVMAP_BYTES bitmap of the BMP characters OpenCC may change
	   (from the lexicon); text with none of them skips OpenCC.  NULL:
	   always convert. Borrowed. */
	const uint8_t		*convmap;
	/* single-character conversions (from the lexicon), or NULL.
	   Borrowed. */
	const struct fo_chartab	*chars;
	/* scratch, reused between calls */
	struct fo_buf		 norm;
	size_t			*ns, *ne;	/* per byte of 'norm' */
	size_t			 ncap;
	uint16_t		*u16;
	size_t			 u16cap;
};

#define FO_CONVMAP_BYTES	8192	/* one bit per BMP code point */

/* Under FO_WASM it opens nothing: the caller sets 'tab', 'convmap' and
 * 'chars'. */
enum fo_status fo_fold_init(struct fo_fold *f, char **errmsg);
#ifndef FO_WASM
/* Open OpenCC's converters if not yet open (fo_fold_text() does it on
 * its own when a text needs them; call it first to get a message). */
enum fo_status fo_fold_opencc(struct fo_fold *f, char **errmsg);
/* Fill 'map' (FO_CONVMAP_BYTES) with a bit for every BMP character
 * that the OpenCC chain changes on its own. */
enum fo_status fo_fold_convmap(struct fo_fold *f, uint8_t *map);
/* Append the fo_chartab of every character in 'map' (as written by
 * fo_fold_convmap()) to 'out': uint32 n, cp[n], off[n + 1], blob. */
enum fo_status fo_fold_chartab(struct fo_fold *f, const uint8_t *map,
    struct fo_buf *out);
#endif
void	fo_fold_release(struct fo_fold *f);
/*
 * Fold 'text' (valid UTF-8) and append to 'out'.  *ostart and *oend are
 * set to arrays owned by the caller (free(3)) with one entry per
 * appended byte plus one: the byte span [ostart[i], oend[i]) of 'text'
 * that folded byte i came from.  The extra final entry is {len, len}.
 * 'oend' may be NULL.
 */
enum fo_status fo_fold_text(struct fo_fold *f, const char *text, size_t len,
    struct fo_buf *out, size_t **ostart, size_t **oend);

/* ---- lexicon.c, wordlist.c ------------------------------------------- */

/* A sorted list of UTF-8 words: word i is blob[off[i] .. off[i+1]). */
struct fo_wordlist {
	uint32_t	 n;
	const uint32_t	*off;
	const char	*blob;
};

/* Narrow [*lo, *hi) -- words sharing the 'k'-byte prefix already
 * matched -- to the words whose bytes [k, k+m) equal 'c'.  Returns 1 if
 * the word of exactly k+m bytes exists (it is then wl->..[*lo]).
 * In wordlist.c, which builds for FO_WASM too. */
int	fo_wordlist_narrow(const struct fo_wordlist *wl, size_t k,
	    const char *c, size_t m, uint32_t *lo, uint32_t *hi);
/* Set [*lo, *hi) to the words of 'wl' whose first code point is 'cp'
 * (< 0x10000), by binary search at the first use of each character,
 * then remembered in 'first' (0x10002 entries, zero at first: 1 + the
 * index found).  The lexicon's fo_lexicon_range(), native or shard-fed. */
void	fo_wordlist_first_range(const struct fo_wordlist *wl, uint32_t *first,
	    uint32_t cp, uint32_t *lo, uint32_t *hi);

/* Word flags from the dictionary's part-of-speech tag. */
#define FO_LEXF_NAME	0x1	/* nr, nrfg: a personal name */
#define FO_LEXF_NUM	0x2	/* m: numeral, or numeral + measure word */
#define FO_LEXF_IDIOM	0x4	/* i, l: idiom, set phrase */

struct fo_lexicon {
	void		*map;
	size_t		 maplen;
	struct fo_wordlist words;
	const uint32_t	*freq;
	const uint8_t	*flags;
	const uint8_t	*convmap;	/* FO_CONVMAP_BYTES, see struct fo_fold */
	struct fo_chartab chars;	/* see struct fo_fold */
	uint32_t	*first;		/* [cp]: 1 + the first word whose first
					   code point is >= cp (cp <= 0x10000),
					   or 0 while not yet looked up */
	uint64_t	 total;
	uint64_t	 hash;
	double		 logtotal;
	const void	*unidata;	/* the unidata section, or NULL */
	size_t		 unilen;
	int		 verified;	/* fo_lexicon_verify() passed */
};

#ifndef FO_WASM
/* Map the compiled lexicon at 'path' and check what needs no pass over
 * it: size, header, sections, offsets (lexicon.c, "What is checked
 * when").  FO_ENOTFOUND, FO_EIO, FO_ECORRUPT; *errmsg as in
 * fo_analyzer_open(). */
enum fo_status fo_lexicon_open(const char *path, struct fo_lexicon **out,
    char **errmsg);
void	fo_lexicon_close(struct fo_lexicon *lx);
/* The checksum over the whole mapped file (a pass over its 6 MB), which
 * fo_lexicon_open() leaves out; once: a lexicon that passed passes.
 * FO_ECORRUPT naming 'path' (the file 'lx' maps) and what to do. */
enum fo_status fo_lexicon_verify(struct fo_lexicon *lx, const char *path,
    char **errmsg);
/* The lexicon 'an' reads (fiveout-site exports it for the browser's
 * engine).  Borrowed: valid while 'an' is open. */
const struct fo_lexicon *fo_analyzer_lexicon(const struct fo_analyzer *an);
/* The lexicon's unidata section (unidata.h: what ICU and OpenCC answer,
 * as tables for the WebAssembly module), borrowed from the mapping:
 * valid while 'lx' is open.  Sets *p and *len (4-byte aligned).  For
 * fiveout-site, which copies the bytes to the site. */
void	fo_lexicon_unidata(const struct fo_lexicon *lx, const void **p,
	    size_t *len);
#endif
/* Set [*lo, *hi) to the words whose first code point is 'cp' (< 0x10000).
 * Found by binary search at the first use of each character and then
 * remembered in lx->first (the one thing it changes).  lexicon.c's is
 * native only; the WebAssembly build brings its own (lexshard.c). */
void	fo_lexicon_range(const struct fo_lexicon *lx, uint32_t cp,
	    uint32_t *lo, uint32_t *hi);

/* ---- seg.c ----------------------------------------------------------- */

enum fo_span_kind {
	FO_SPAN_HAN,	/* a Han word from the DAG */
	FO_SPAN_ALNUM,	/* a Latin/digit word (maybe with Han number units) */
	FO_SPAN_PUNCT	/* a punctuation or symbol character */
};

struct fo_segspan {
	size_t	 s, e;		/* byte span in the folded text */
	enum fo_span_kind kind;
	int	 brk;		/* a break (punctuation, newline) precedes it */
};

struct fo_segmenter {
	const struct fo_lexicon	*lex;
	const struct fo_wordlist *vocab;	/* may be NULL */
	/* character classes from tables (unidata.h), or NULL for ICU;
	   borrowed; set by the owner after fo_segmenter_init() */
	const struct fo_unidata	*uni;
	/* scratch, reused */
	uint32_t	*cps;		/* code points of a run */
	size_t		*cpoff;		/* byte offset of each, plus one */
	double		*route;
	uint32_t	*next;
	uint8_t		*flag;		/* FO_LEXF_* of the word chosen at i */
	size_t		 cap;
	/* built-in supplementary words (seg.c) */
	struct fo_wordlist supp;
	uint32_t	*suppoff;
	char		*suppblob;
};

/* Set up 'sg' over 'lex' and 'vocab' (borrowed; vocab may be NULL). */
void	fo_segmenter_init(struct fo_segmenter *sg,
	    const struct fo_lexicon *lex, const struct fo_wordlist *vocab);
void	fo_segmenter_release(struct fo_segmenter *sg);
/*
 * Cut folded text 'f' into spans, appended to *v (n, cap grown with
 * fo_xreallocarray).  Whitespace gives no span; punctuation gives
 * FO_SPAN_PUNCT spans (callers drop them unless asked).
 */
void	fo_segment(struct fo_segmenter *sg, const char *f, size_t len,
	    struct fo_segspan **v, size_t *n, size_t *cap);

/* Character classes (charclass.c) shared by seg.c and analyzer.c: from the tables 'u'
 * when non-NULL (it must be under FO_WASM), else from ICU.  Both give
 * the same answers for every code point (tests/test_unidata.c). */
int	fo_class_han(const struct fo_unidata *u, uint32_t cp);
int	fo_class_alnum(const struct fo_unidata *u, uint32_t cp);
int	fo_class_white(const struct fo_unidata *u, uint32_t cp);
#ifndef FO_WASM
/* ICU's answers (charclass.c), for pinyin.c and unidata_build.c: a Han character
 * (Ideographic), a letter, digit or mark that is not Han (a Latin word's
 * character), Unicode White_Space. */
int	fo_is_han(uint32_t cp);
int	fo_icu_is_alnum(uint32_t cp);
int	fo_icu_is_white(uint32_t cp);
#endif

/* ---- analyzer.c ----------------------------------------------------- */

/* Natively: 1 to run 'an' on the tables of its lexicon's unidata section
 * (as the WebAssembly build does), 0 for ICU and OpenCC (the default).
 * FO_ECORRUPT if the section is bad, FO_EINVAL if 'an' has no section
 * to turn it off for (fo_analyzer_open_mem()).  For tests. */
enum fo_status fo_analyzer_use_tables(struct fo_analyzer *an, int on,
    char **errmsg);

/* ---- pinyin.c -------------------------------------------------------- */

/* "Han-Latin; Latin-ASCII; Lower" without building all of Han-Latin:
 * see pinyin.c.  Open once (costly), close with fo_pinyin_close(). */
struct fo_pinyin;
enum fo_status fo_pinyin_open(struct fo_pinyin **out);
void	fo_pinyin_close(struct fo_pinyin *p);
enum fo_status fo_pinyin_run(struct fo_pinyin *p, const char *text,
    size_t len, struct fo_buf *out);

#endif /* FO_ANALYZE_INT_H */
