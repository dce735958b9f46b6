/* indexer/unidata.h -- what ICU and OpenCC answer for the analysis, as
 * tables ("unidata"), so that the WebAssembly build of the query
 * analysis (no ICU, no OpenCC: -DFO_WASM) folds and segments exactly as
 * the native code does.
 *
 * The native compiler (fo_unidata_build(), lexicon.c calls it from
 * fo_lexicon_compile_keys()) asks ICU and OpenCC about every code point
 * and every OpenCC phrase key; the reader (fo_unidata_open() and the
 * queries below) needs neither.  tests/test_unidata.c proves both give
 * the same results over every code point and every phrase key.
 *
 * Blob layout (host byte order like the lexicon; 4-byte aligned; every
 * count and offset checked at open):
 *
 *   0  char     magic[8]   "FOUNIv1\n"
 *   8  uint32   version    FO_UNIDATA_VERSION
 *  12  uint32   endian     0x01020304
 *  16  uint32   size       bytes of the whole blob
 *  20  uint32   nhan, nalnum, nwhite, nnobb, nempty   (boundary lists)
 *  40  uint32   nmap       NFKC_Casefold to one code point, as ranges
 *  44  uint32   nfold, foldblob     NFKC_Casefold to other strings
 *  52  uint32   nphr, keyblob, valblob  (OpenCC phrases)
 *  64  uint64   check      fo_fnv64() of bytes 72 .. size
 *  72  uint32   han[nhan], alnum[nalnum], white[nwhite], nobb[nnobb],
 *               empty[nempty]       boundary lists: ascending code
 *               points where membership toggles (a code point is in the
 *               set iff an odd number of entries are <= it)
 *      uint32   map[nmap][3]        first, count << 1 | (step - 1),
 *               delta: first + k * step folds to first + k * step +
 *               delta (k < count, step 1 or 2, delta modulo 2^32);
 *               ascending and disjoint
 *      uint32   fold_cp[nfold]      ascending; fold_cp[i] folds to
 *      uint32   fold_off[nfold + 1] fold_blob[fold_off[i] .. [i + 1])
 *      uint32   key_off[nphr + 1]   phrase i: key_blob[key_off[i] ..),
 *      uint32   val_off[nphr + 1]   converted val_blob[val_off[i] ..)
 *      char     fold_blob[foldblob], key_blob[keyblob], val_blob[valblob]
 *      uint8    pad[0..3]           zero, to a multiple of 4
 *
 * Sets: han = fo_is_han() (Ideographic), alnum = seg.c's Latin-word
 * character, white = u_isUWhiteSpace(), nobb = code points WITHOUT an
 * NFKC_Casefold boundary before them (unorm2_hasBoundaryBefore() false:
 * what normalize() asks to cut chunks), empty = code points
 * NFKC_Casefold deletes (default ignorables; kept out of map and fold).
 * unorm2_isInert() needs no table: an inert code point folds to itself,
 * which is what a code point missing from the fold table does.
 * Phrases: sorted, unique, valid UTF-8 keys (NFKC_Casefolded); see
 * fo_unidata_t2s() for how they are used.
 */
#ifndef FO_UNIDATA_H
#define FO_UNIDATA_H

#include <stddef.h>
#include <stdint.h>

#include "analyze_int.h"
#include "buf.h"
#include "status.h"

#define FO_UNIDATA_MAGIC	"FOUNIv1\n"
#define FO_UNIDATA_VERSION	2
#define FO_UNIDATA_HDR		72

/* The blob's header (layout above). */
#define FO_UNIDATA_ENDIAN	0x01020304u

struct fo_unihdr {
	char	 magic[8];
	uint32_t version, endian, size;
	uint32_t nhan, nalnum, nwhite, nnobb, nempty;
	uint32_t nmap, nfold, foldblob;
	uint32_t nphr, keyblob, valblob;
	uint64_t check;
};
_Static_assert(sizeof(struct fo_unihdr) == FO_UNIDATA_HDR, "unidata header");

/* The longest phrase that is a prefix of s[0..n): its byte length (0:
 * none), its conversion in *val, *vlen (borrowed). */
typedef size_t (*fo__phrase_fn)(const void *ctx, const char *s, size_t n,
    const char **val, size_t *vlen);

/* fo_unidata_t2s() over any phrase lookup (NULL: none): the reader's and
 * the compiler's, which must agree on the algorithm, so it is written once.
 * Appends to 'out'. */
void	fo__unidata_greedy(fo__phrase_fn look, const void *ctx,
	    const struct fo_chartab *chars, const char *s, size_t n,
	    struct fo_buf *out);

/* A boundary list (see above). */
struct fo_unirange {
	uint32_t	 n;
	const uint32_t	*v;
};

/* An open blob: pointers into the caller's bytes (borrowed). */
struct fo_unidata {
	struct fo_unirange han, alnum, white, nobb, empty;
	uint32_t	 nmap;
	const uint32_t	*map;		/* [nmap][3] */
	uint32_t	 nfold;
	const uint32_t	*fold_cp, *fold_off;
	const char	*fold_blob;
	struct fo_wordlist keys;	/* phrase keys */
	const uint32_t	*val_off;
	const char	*val_blob;
};

/*
 * Check the blob 'blob' ('len' bytes, 4-byte aligned) and open it.
 * Borrows 'blob', which must outlive *out.  On FO_OK *out is new; the
 * caller frees it with fo_unidata_free().  On failure *out is NULL and,
 * if 'errmsg' is non-NULL, *errmsg gets a malloc(3)ed message (caller
 * frees).  Returns FO_ECORRUPT for anything truncated, damaged, of
 * another version or byte order, or misaligned.
 */
enum fo_status fo_unidata_open(const void *blob, size_t len,
    struct fo_unidata **out, char **errmsg);
/* NULL is a no-op.  The blob stays the caller's. */
void	fo_unidata_free(struct fo_unidata *u);

/* Character classes (see the sets above); 'u' is only read. */
int	fo_unidata_is_han(const struct fo_unidata *u, uint32_t cp);
int	fo_unidata_is_alnum(const struct fo_unidata *u, uint32_t cp);
int	fo_unidata_is_white(const struct fo_unidata *u, uint32_t cp);
/* unorm2_hasBoundaryBefore() of NFKC_Casefold. */
int	fo_unidata_boundary_before(const struct fo_unidata *u, uint32_t cp);

/*
 * NFKC_Casefold of the single code point 'cp'.  Returns 0 if it folds to
 * itself; else 1, with *s (not NUL-terminated, maybe empty; borrowed
 * from the blob or from 'buf', the caller's 4 bytes) and *len set.
 */
int	fo_unidata_fold_cp(const struct fo_unidata *u, uint32_t cp,
	    char buf[4], const char **s, size_t *len);

/*
 * The longest phrase key that is a prefix of s[0..n) (valid UTF-8):
 * returns its length in bytes, 0 if none, and sets *val and *vlen to its
 * conversion (borrowed from the blob).
 */
size_t	fo_unidata_phrase(const struct fo_unidata *u, const char *s,
	    size_t n, const char **val, size_t *vlen);

/*
 * Traditional -> Simplified of the run s[0..n) (valid UTF-8) as the
 * table path does it: from left to right, the longest phrase key that
 * starts here (maximum forward match, as OpenCC segments), else one
 * character through 'chars' (fo_chartab, the lexicon's single-character
 * conversions; NULL: none), else the character unchanged.  Appends to
 * 'out'.  'u' and 'chars' are only read.
 */
void	fo_unidata_t2s(const struct fo_unidata *u,
	    const struct fo_chartab *chars, const char *s, size_t n,
	    struct fo_buf *out);

#ifndef FO_WASM
/*
 * The compiler (native only: asks ICU and OpenCC).  'f' is a fold set up
 * as the analyzer's ICU path (fo_fold_init(), OpenCC open, 'convmap' and
 * 'chars' set to the lexicon's being compiled, 'tab' NULL); it is used
 * and left as it was.  'keys_path' is OpenCC's phrase keys, one a line
 * (text before a TAB), or NULL.  Appends the blob to 'out' (its length
 * a multiple of 4).  Phrases kept: every non-ASCII run of a key, or of
 * a code point's NFKC_Casefold, or a supplementary-plane character
 * OpenCC changes, whose fold through the table path (with the phrases
 * kept so far: shorter runs first) would differ from the ICU+OpenCC
 * path.  Returns FO_OK, FO_ENOTFOUND/FO_EIO (keys file), FO_EINTERNAL
 * (ICU or OpenCC failed); *errmsg as above.
 */
enum fo_status fo_unidata_build(struct fo_fold *f, const char *keys_path,
    struct fo_buf *out, char **errmsg);
#endif

#endif /* FO_UNIDATA_H */
