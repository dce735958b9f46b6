/* indexer/analyze/lexicon.c -- the compiled word-frequency lexicon.
 *
 * fo_lexicon_compile() turns jieba's dict.txt ("word freq [tag]" lines)
 * into one binary file that fo_lexicon_open() maps with mmap(2) and
 * checks, without parsing anything at start-up.  Layout (host byte
 * order; the endian mark rejects a file from another byte order):
 *
 *   0  char     magic[8]  "FOLEXv1\n"
 *   8  uint32   version   (FO_LEX_VERSION)
 *  12  uint32   endian    0x01020304
 *  16  uint32   nwords
 *  20  uint32   reserved  0
 *  24  uint64   total     sum of all frequencies
 *  32  uint64   blobsize  bytes of word text
 *  40  uint64   hash      body_hash() of off .. convmap: the lexicon's
 *                         identity (in the analyzer fingerprint)
 *  48  uint64   check     quick_check() of the file with this field 0:
 *                         verified by fo_lexicon_verify(), not at open
 *                         (see "What is checked when" below)
 *  56  uint64   reserved  0
 *  64  uint32   off[nwords + 1]   word i is blob[off[i] .. off[i+1])
 *      uint32   freq[nwords]
 *      uint8    flags[nwords]     FO_LEXF_* from the dictionary's tag
 *      char     blob[blobsize]    folded words, sorted bytewise, unique
 *      uint8    convmap[8192]     BMP characters OpenCC may change (fold.c)
 *      uint8    pad[0..3]         zero, to a multiple of 4 from the start
 *      uint32   nconv             struct fo_chartab: for each character
 *      uint32   conv_cp[nconv]    of convmap, ascending, what OpenCC
 *      uint32   conv_off[nconv+1] makes of it alone:
 *      char     conv_blob[]       conv_blob[conv_off[i] .. conv_off[i+1])
 *      uint8    pad[0..3]         zero, to a multiple of 4 from the start
 *      uint32   unilen            (format 5) the unidata section:
 *      char     unidata[unilen]   ICU's and OpenCC's answers as tables for
 *                                 the WebAssembly build (unidata.h;
 *                                 unilen a multiple of 4)
 *
 * What is checked when.  fo_lexicon_open() is on every search's
 * start-up, so it checks what costs no pass over the file's 6 MB yet
 * keeps every lookup inside the mapping: the size (a truncated or
 * extended file), the magic, version and byte order, the section sizes
 * against the file's, the ends of the word offsets and the conversion
 * table (a few KB).  Lookups clamp every word to the blob (wordlist.c),
 * so offsets damaged in between give wrong words, never a read outside
 * the map.  The checksum over the whole file (quick_check(), about a
 * millisecond) is fo_lexicon_verify(): run by the compiler on the file
 * it wrote before renaming it into place, by every index and site build
 * (fo_analyzer_check_lexicon(), once per analyzer), by fiveout-index
 * --verify and fiveout-search --check-lexicon.  What a search alone
 * does not see: a changed byte that keeps the size and the header (a
 * word's text or offset, a frequency, a flag, the character map, the
 * unidata tables); it changes how a query is cut, not the index, which
 * was built with a checked file.
 *
 * Native only: the WebAssembly build (-DFO_WASM) compiles none of this
 * file; its lexicon comes from lexshard.c.
 */
#ifndef FO_WASM
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_int.h"
#include "unidata.h"

#define FO_LEX_MAGIC	"FOLEXv1\n"
#define FO_LEX_VERSION	5
#define FO_LEX_ENDIAN	0x01020304u
#define FO_LEX_HDR	64
/* What every refusal of a damaged file says to do. */
#define LEX_REBUILD	"rebuild it with fiveout-index --compile-lexicon"


struct lexhdr {
	char	 magic[8];
	uint32_t version, endian, nwords, reserved0;
	uint64_t total, blobsize, hash, check, reserved;
};
_Static_assert(sizeof(struct lexhdr) == FO_LEX_HDR, "lexicon header size");

/* The lexicon's identity: FNV-1a style over 64-bit words of the body.
 * Computed by the compiler only (it is one dependent chain of
 * multiplies); unchanged since format 2, so an unchanged dictionary
 * keeps its analyzer fingerprint. */
static uint64_t
body_hash(const unsigned char *p, size_t n)
{
	uint64_t h = FO_FNV_SEED;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h ^= w;
		h *= UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	return fo_fnv64(h, p + i, n - i);
}

/*
 * The corruption check over the whole file (fo_lexicon_verify()): four
 * independent lanes of FNV-style steps over 64-bit words, so their
 * multiplies overlap (body_hash() is one dependent chain, about four
 * times slower).  Each step (h ^ w) * odd is a bijection of its lane:
 * any one changed word changes the result.
 */
static uint64_t
quick_check(const struct lexhdr *hdr, const unsigned char *p, size_t n)
{
	const uint64_t prime = UINT64_C(0x100000001b3);
	uint64_t l0 = FO_FNV_SEED, l1 = FO_FNV_SEED ^ 1, l2 = FO_FNV_SEED ^ 2,
	    l3 = FO_FNV_SEED ^ 3, lanes[4];
	struct lexhdr h = *hdr;
	size_t i = 0;

	for (; i + 32 <= n; i += 32) {
		uint64_t w[4];

		memcpy(w, p + i, 32);
		l0 = (l0 ^ w[0]) * prime;
		l1 = (l1 ^ w[1]) * prime;
		l2 = (l2 ^ w[2]) * prime;
		l3 = (l3 ^ w[3]) * prime;
		l0 ^= l0 >> 29;
		l1 ^= l1 >> 29;
		l2 ^= l2 >> 29;
		l3 ^= l3 >> 29;
	}
	lanes[0] = l0;
	lanes[1] = l1;
	lanes[2] = l2;
	lanes[3] = l3;
	h.check = 0;
	return fo_fnv64(fo_fnv64(fo_fnv64(FO_FNV_SEED, &h, sizeof h), lanes,
	    sizeof lanes), p + i, n - i);
}

/* ---- lookup ---------------------------------------------------------- */

void
fo_lexicon_range(const struct fo_lexicon *lx, uint32_t cp, uint32_t *lo,
    uint32_t *hi)
{
	fo_wordlist_first_range(&lx->words, lx->first, cp, lo, hi);
}

/* ---- open ------------------------------------------------------------ */

enum fo_status
fo_lexicon_open(const char *path, struct fo_lexicon **out, char **errmsg)
{
	struct fo_lexicon *lx;
	struct lexhdr h;
	struct stat sb;
	const unsigned char *p;
	uint64_t need;
	uint32_t nconv = 0, convlen = 0, unilen = 0;
	uint64_t uniat = 0;
	int fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return fo_error(errmsg, errno == ENOENT ? FO_ENOTFOUND : FO_EIO,
		    "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1) {
		int e = errno;
		close(fd);
		return fo_error(errmsg, FO_EIO, "%s: %s", path, strerror(e));
	}
	if (!S_ISREG(sb.st_mode) || (uint64_t)sb.st_size < FO_LEX_HDR) {
		close(fd);
		return fo_error(errmsg, FO_ECORRUPT,
		    "%s: not a lexicon (too short)", path);
	}
	/* no MAP_POPULATE: a search touches a few pages of the 6 MB */
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return fo_error(errmsg, FO_EIO, "%s: mmap: %s", path,
		    strerror(errno));
	memcpy(&h, p, sizeof h);
	if (memcmp(h.magic, FO_LEX_MAGIC, 8) != 0 ||
	    h.endian != FO_LEX_ENDIAN || h.version != FO_LEX_VERSION) {
		munmap((void *)p, (size_t)sb.st_size);
		return fo_error(errmsg, FO_ECORRUPT, "%s: not a fiveout lexicon "
		    "(bad magic, version or byte order); " LEX_REBUILD, path);
	}
	need = FO_LEX_HDR + 4 * ((uint64_t)h.nwords + 1) + 5 * (uint64_t)h.nwords
	    + h.blobsize + FO_CONVMAP_BYTES;
	need += (4 - need % 4) % 4;
	if (h.nwords <= UINT32_MAX / 16 && h.blobsize <= UINT32_MAX &&
	    need + 4 <= (uint64_t)sb.st_size) {
		memcpy(&nconv, p + need, 4);
		if (nconv <= 0x10000)
			need += 4 + 4 * (uint64_t)nconv + 4 * ((uint64_t)nconv + 1);
		else
			need = 0;
		if (need >= 4 && need <= (uint64_t)sb.st_size) {
			/* conv_off[nconv], the blob's size */
			memcpy(&convlen, p + need - 4, 4);
			need += convlen;
			need += (4 - need % 4) % 4;
			uniat = need + 4;
			if (need + 4 <= (uint64_t)sb.st_size) {
				memcpy(&unilen, p + need, 4);
				need += 4 + (uint64_t)unilen;
			} else
				need = 0;
		}
	}
	if (h.nwords == 0 || h.blobsize > UINT32_MAX ||
	    need != (uint64_t)sb.st_size || h.total == 0 || unilen % 4 != 0) {
		munmap((void *)p, (size_t)sb.st_size);
		return fo_error(errmsg, FO_ECORRUPT, "%s: truncated or damaged "
		    "lexicon (size %lld, expected %llu); " LEX_REBUILD, path,
		    (long long)sb.st_size, (unsigned long long)need);
	}
	lx = fo_xcalloc(1, sizeof *lx);
	lx->map = (void *)p;
	lx->maplen = (size_t)sb.st_size;
	lx->words.n = h.nwords;
	lx->words.off = (const uint32_t *)(p + FO_LEX_HDR);
	lx->freq = lx->words.off + h.nwords + 1;
	lx->flags = (const uint8_t *)(lx->freq + h.nwords);
	lx->words.blob = (const char *)(lx->flags + h.nwords);
	lx->convmap = (const uint8_t *)lx->words.blob + h.blobsize;
	{
		size_t at = (size_t)(lx->convmap + FO_CONVMAP_BYTES - p);

		at += (4 - at % 4) % 4;
		lx->chars.n = nconv;
		lx->chars.cp = (const uint32_t *)(p + at + 4);
		lx->chars.off = lx->chars.cp + nconv;
		lx->chars.blob = (const char *)(lx->chars.off + nconv + 1);
	}
	lx->unidata = p + uniat;
	lx->unilen = unilen;
	lx->total = h.total;
	lx->hash = h.hash;
	lx->logtotal = log((double)h.total);
	/* The offsets' ends; lookups clamp each word to the blob
	   (wordlist.c), so the 1.4 MB between are not read here: the
	   checksum covers them (fo_lexicon_verify()). */
	if (lx->words.off[0] != 0 || lx->words.off[h.nwords] != h.blobsize)
		goto corrupt;
	/* The conversions: ascending BMP characters, monotonic offsets. */
	if (lx->chars.off[0] != 0)
		goto corrupt;
	for (uint32_t i = 0; i < nconv; i++)
		if (lx->chars.cp[i] >= 0x10000 ||
		    (i > 0 && lx->chars.cp[i] <= lx->chars.cp[i - 1]) ||
		    lx->chars.off[i] > lx->chars.off[i + 1])
			goto corrupt;
	/* The first-character index is filled at first use of each
	   character (fo_lexicon_range): building it whole here decoded
	   every word, a third of a search's start-up.  calloc(3) of this
	   size maps zero pages, so only the pages used are touched. */
	lx->first = fo_xcalloc(0x10001, sizeof *lx->first);
	*out = lx;
	return FO_OK;
corrupt:
	fo_lexicon_close(lx);
	return fo_error(errmsg, FO_ECORRUPT, "%s: damaged lexicon offsets; "
	    LEX_REBUILD, path);
}

enum fo_status
fo_lexicon_verify(struct fo_lexicon *lx, const char *path, char **errmsg)
{
	struct lexhdr h;

	if (lx->verified)
		return FO_OK;
	memcpy(&h, lx->map, sizeof h);
	if (quick_check(&h, (const unsigned char *)lx->map + FO_LEX_HDR,
	    lx->maplen - FO_LEX_HDR) != h.check)
		return fo_error(errmsg, FO_ECORRUPT, "%s: damaged lexicon "
		    "(checksum mismatch); " LEX_REBUILD, path);
	lx->verified = 1;
	return FO_OK;
}

void
fo_lexicon_unidata(const struct fo_lexicon *lx, const void **p, size_t *len)
{
	*p = lx->unidata;
	*len = lx->unilen;
}

void
fo_lexicon_close(struct fo_lexicon *lx)
{
	if (lx == NULL)
		return;
	munmap(lx->map, lx->maplen);
	free(lx->first);
	free(lx);
}

/* ---- compile --------------------------------------------------------- */

struct entry {
	const char *w;
	uint32_t len;
	uint64_t freq;
	uint8_t flags;
};

/* Flags from a jieba part-of-speech tag. */
static uint8_t
tag_flags(const char *t, size_t n)
{
	if ((n == 2 && memcmp(t, "nr", 2) == 0) ||
	    (n == 4 && memcmp(t, "nrfg", 4) == 0))
		return FO_LEXF_NAME;
	if (n == 1 && t[0] == 'm')
		return FO_LEXF_NUM;
	if (n == 1 && (t[0] == 'i' || t[0] == 'l'))
		return FO_LEXF_IDIOM;
	return 0;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int r = memcmp(x->w, y->w, n);

	if (r != 0)
		return r;
	return (x->len > y->len) - (x->len < y->len);
}

static enum fo_status
read_file(const char *path, struct fo_buf *b, char **errmsg)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (fp == NULL)
		return fo_error(errmsg, errno == ENOENT ? FO_ENOTFOUND : FO_EIO,
		    "%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		fo_buf_put(b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		return fo_error(errmsg, FO_EIO, "%s: read error", path);
	}
	fclose(fp);
	return FO_OK;
}

static int
write_all(int fd, const void *p, size_t n)
{
	const char *s = p;

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

enum fo_status
fo_lexicon_compile(const char *dict_path, const char *out_path, char **errmsg)
{
	return fo_lexicon_compile_keys(dict_path, NULL, out_path, errmsg);
}

/* Frequency of the one-character word 'c' (clen bytes) in the sorted,
 * merged entries; 0 if it is not a word. */
static uint64_t
char_freq(const struct entry *ents, size_t nent, const char *c, size_t clen)
{
	struct entry key = { c, (uint32_t)clen, 0, 0 };
	const struct entry *e = bsearch(&key, ents, nent, sizeof *ents,
	    entry_cmp);

	return e != NULL ? e->freq : 0;
}

/*
 * OpenCC converts phrases as well as characters: 瞭解 becomes 了解 though
 * 瞭 and 解 alone stay.  fo_fold_text() skips OpenCC for a text none of
 * whose characters is in the map, so for every phrase key (one a line,
 * from the dictionaries of the conversion chain: see the Makefile) that
 * converts otherwise than character by character and has no character in
 * the map yet, put one of its characters in the map: the least frequent,
 * so that common characters (一, 不) keep the fast path.
 */
static enum fo_status
add_phrase_triggers(struct fo_fold *fold, uint8_t *map, const char *keys_path,
    const struct entry *ents, size_t nent, char **errmsg)
{
	struct fo_buf src = FO_BUF_INIT, whole = FO_BUF_INIT, each = FO_BUF_INIT;
	enum fo_status st;
	char *p, *end;
	size_t line = 0;

	if ((st = read_file(keys_path, &src, errmsg)) != FO_OK)
		return st;
	p = src.data;
	end = src.data + src.len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end, *tab;
		size_t k = 0, n, best = 0, bestlen = 0, nch = 0;
		uint64_t bestf = UINT64_MAX;
		size_t *os = NULL;
		int mapped = 0;

		line++;
		if ((tab = memchr(p, '\t', (size_t)(le - p))) != NULL)
			le = tab;
		n = (size_t)(le - p);
		if (n == 0 || !fo_utf8_valid(p, n, NULL) ||
		    memchr(p, '\0', n) != NULL)
			goto next;
		while (k < n) {		/* characters, and any in the map */
			size_t at = k;
			uint32_t c = fo_utf8_next(p, n, &k);

			nch++;
			if (c >= 0x10000 || (map[c >> 3] & (1u << (c & 7))))
				mapped = 1;
			else {
				uint64_t f = char_freq(ents, nent, p + at, k - at);

				if (f < bestf) {
					bestf = f;
					best = at;
					bestlen = k - at;
				}
			}
		}
		if (nch < 2 || mapped)
			goto next;
		fo_buf_reset(&whole);
		fo_buf_reset(&each);
		if ((st = fo_fold_text(fold, p, n, &whole, &os, NULL)) != FO_OK)
			goto fail;
		free(os);
		for (k = 0; k < n; ) {
			size_t at = k;

			fo_utf8_next(p, n, &k);
			if ((st = fo_fold_text(fold, p + at, k - at, &each, &os,
			    NULL)) != FO_OK)
				goto fail;
			free(os);
		}
		if (whole.len != each.len ||
		    memcmp(whole.data, each.data, whole.len) != 0) {
			size_t q = 0;
			uint32_t c = fo_utf8_next(p + best, bestlen, &q);

			map[c >> 3] |= (uint8_t)(1u << (c & 7));
		}
next:
		p = nl ? nl + 1 : end;
	}
	st = FO_OK;
	goto out;
fail:
	st = fo_error(errmsg, st, "%s:%zu: OpenCC failed on a phrase key",
	    keys_path, line);
out:
	fo_buf_release(&src);
	fo_buf_release(&whole);
	fo_buf_release(&each);
	return st;
}

enum fo_status
fo_lexicon_compile_keys(const char *dict_path, const char *keys_path,
    const char *out_path, char **errmsg)
{
	struct fo_buf src = FO_BUF_INIT, words = FO_BUF_INIT, folded = FO_BUF_INIT;
	struct fo_buf body = FO_BUF_INIT, tmp = FO_BUF_INIT;
	struct fo_fold fold;
	uint64_t *freqs = NULL;
	uint8_t *tflags = NULL;
	struct entry *ents = NULL;
	size_t nlines = 0, cap = 0, nent = 0, i, *os = NULL, chat;
	enum fo_status st;
	struct lexhdr h;
	size_t bad;
	int fd = -1, have_fold = 0;

	if (errmsg != NULL)
		*errmsg = NULL;
	if ((st = read_file(dict_path, &src, errmsg)) != FO_OK)
		goto out;
	if (!fo_utf8_valid(src.data, src.len, &bad)) {
		size_t line = 1;
		for (i = 0; i < bad; i++)
			line += src.data[i] == '\n';
		st = fo_error(errmsg, FO_EPARSE, "%s:%zu: invalid UTF-8",
		    dict_path, line);
		goto out;
	}
	/* Parse "word freq [tag]" lines; collect the words '\n'-joined so
	 * they can be folded in one call. */
	{
		char *p = src.data, *end = src.data + src.len;

		while (p < end) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *le = nl ? nl : end, *q = p, *w, *num;
			unsigned long long fq = 0;

			nlines++;
			while (le > p && (le[-1] == '\r' || le[-1] == ' '))
				le--;
			if (le == p) {
				p = nl ? nl + 1 : end;
				continue;
			}
			w = q;
			while (q < le && *q != ' ' && *q != '\t')
				q++;
			if (q == w || q == le)
				goto badline;
			if (memchr(w, '\0', (size_t)(q - w)) != NULL)
				goto badline;
			fo_buf_put(&words, w, (size_t)(q - w));
			fo_buf_putc(&words, '\n');
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			num = q;
			while (q < le && *q >= '0' && *q <= '9') {
				fq = fq * 10 + (unsigned)(*q - '0');
				if (fq > UINT32_MAX)
					fq = UINT32_MAX;
				q++;
			}
			if (q == num || (q < le && *q != ' ' && *q != '\t'))
				goto badline;
			while (q < le && (*q == ' ' || *q == '\t'))
				q++;
			if (nent == cap) {
				cap = cap ? 2 * cap : 4096;
				freqs = fo_xreallocarray(freqs, cap, sizeof *freqs);
				tflags = fo_xreallocarray(tflags, cap, 1);
			}
			tflags[nent] = tag_flags(q, (size_t)(le - q));
			freqs[nent++] = fq;
			p = nl ? nl + 1 : end;
			continue;
badline:
			st = fo_error(errmsg, FO_EPARSE, "%s:%zu: expected "
			    "\"word frequency [tag]\"", dict_path, nlines);
			goto out;
		}
	}
	if (nent == 0) {
		st = fo_error(errmsg, FO_EPARSE, "%s: no words", dict_path);
		goto out;
	}
	if ((st = fo_fold_init(&fold, errmsg)) != FO_OK)
		goto out;
	have_fold = 1;
	if ((st = fo_fold_opencc(&fold, errmsg)) != FO_OK)
		goto out;
	if ((st = fo_fold_text(&fold, words.data, words.len, &folded, &os,
	    NULL)) != FO_OK) {
		st = fo_error(errmsg, st, "%s: folding failed", dict_path);
		goto out;
	}
	/* Split the folded text back into words. */
	ents = fo_xreallocarray(NULL, nent, sizeof *ents);
	{
		char *p = folded.data, *end = folded.data + folded.len;
		size_t k = 0, m = 0;

		while (p < end && k < nent) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *le = nl ? nl : end;

			if (le > p && memchr(p, ' ', (size_t)(le - p)) == NULL &&
			    memchr(p, '\t', (size_t)(le - p)) == NULL &&
			    le - p < 256) {
				ents[m].w = p;
				ents[m].len = (uint32_t)(le - p);
				ents[m].freq = freqs[k];
				ents[m].flags = tflags[k];
				m++;
			}
			k++;
			p = nl ? nl + 1 : end;
		}
		if (k != nent) {
			st = fo_error(errmsg, FO_EINTERNAL, "%s: folding changed "
			    "the number of lines", dict_path);
			goto out;
		}
		nent = m;
	}
	qsort(ents, nent, sizeof *ents, entry_cmp);
	/* Merge duplicates (Traditional and Simplified spellings). */
	{
		size_t m = 0;

		for (i = 0; i < nent; i++) {
			if (m > 0 && entry_cmp(&ents[m - 1], &ents[i]) == 0) {
				ents[m - 1].freq += ents[i].freq;
				ents[m - 1].flags |= ents[i].flags;
				continue;
			}
			ents[m++] = ents[i];
		}
		nent = m;
	}
	/* Body: offsets, frequencies, blob. */
	memset(&h, 0, sizeof h);
	memcpy(h.magic, FO_LEX_MAGIC, 8);
	h.version = FO_LEX_VERSION;
	h.endian = FO_LEX_ENDIAN;
	h.nwords = (uint32_t)nent;
	{
		uint32_t off = 0;

		for (i = 0; i < nent; i++) {
			fo_buf_put(&body, &off, 4);
			off += ents[i].len;
		}
		fo_buf_put(&body, &off, 4);
		h.blobsize = off;
		for (i = 0; i < nent; i++) {
			uint32_t f = ents[i].freq > UINT32_MAX ? UINT32_MAX :
			    (uint32_t)ents[i].freq;

			if (f == 0)
				f = 1;
			h.total += f;
			fo_buf_put(&body, &f, 4);
		}
		for (i = 0; i < nent; i++)
			fo_buf_putc(&body, ents[i].flags);
		for (i = 0; i < nent; i++)
			fo_buf_put(&body, ents[i].w, ents[i].len);
	}
	{
		uint8_t map[FO_CONVMAP_BYTES];

		if ((st = fo_fold_convmap(&fold, map)) != FO_OK) {
			st = fo_error(errmsg, st, "OpenCC: character map failed");
			goto out;
		}
		if (keys_path != NULL && (st = add_phrase_triggers(&fold, map,
		    keys_path, ents, nent, errmsg)) != FO_OK)
			goto out;
		fo_buf_put(&body, map, sizeof map);
		h.hash = body_hash((const unsigned char *)body.data, body.len);
		while ((FO_LEX_HDR + body.len) % 4 != 0)
			fo_buf_putc(&body, '\0');
		chat = body.len;
		if ((st = fo_fold_chartab(&fold, map, &body)) != FO_OK) {
			st = fo_error(errmsg, st, "OpenCC: character table failed");
			goto out;
		}
		/* The unidata section, folding with the ICU path set up as the
		   analyzer's over this lexicon. */
		{
			struct fo_chartab ct;
			uint32_t nc, len;
			char *umsg = NULL;

			memcpy(&nc, body.data + chat, 4);
			ct.n = nc;
			ct.cp = (const uint32_t *)(body.data + chat + 4);
			ct.off = ct.cp + nc;
			ct.blob = (const char *)(ct.off + nc + 1);
			fold.convmap = map;
			fold.chars = &ct;
			/* body.data moves as it grows: build apart */
			fo_buf_reset(&tmp);
			st = fo_unidata_build(&fold, keys_path, &tmp, &umsg);
			fold.convmap = NULL;
			fold.chars = NULL;
			if (st != FO_OK) {
				st = fo_error(errmsg, st, "unidata: %s",
				    umsg ? umsg : "failed");
				free(umsg);
				goto out;
			}
			while ((FO_LEX_HDR + body.len) % 4 != 0)
				fo_buf_putc(&body, '\0');
			len = (uint32_t)tmp.len;
			fo_buf_put(&body, &len, 4);
			fo_buf_put(&body, tmp.data, tmp.len);
			fo_buf_reset(&tmp);
		}
	}
	h.check = quick_check(&h, (const unsigned char *)body.data, body.len);
	/* Write to a temporary name beside the target, then rename. */
	fo_buf_printf(&tmp, "%s.tmpXXXXXX", out_path);
	if ((fd = mkstemp(tmp.data)) == -1) {
		st = fo_error(errmsg, FO_EIO, "%s: %s", tmp.data, strerror(errno));
		goto out;
	}
	if (write_all(fd, &h, sizeof h) == -1 ||
	    write_all(fd, body.data, body.len) == -1 ||
	    fchmod(fd, 0644) == -1 || close(fd) == -1) {
		st = fo_error(errmsg, FO_EIO, "%s: %s", tmp.data, strerror(errno));
		fd = -1;
		unlink(tmp.data);
		goto out;
	}
	fd = -1;
	/* read back whole (the checksum) before it replaces anything */
	{
		struct fo_lexicon *lx;

		if ((st = fo_lexicon_open(tmp.data, &lx, errmsg)) == FO_OK) {
			st = fo_lexicon_verify(lx, tmp.data, errmsg);
			fo_lexicon_close(lx);
		}
		if (st != FO_OK) {
			unlink(tmp.data);
			goto out;
		}
	}
	if (rename(tmp.data, out_path) == -1) {
		st = fo_error(errmsg, FO_EIO, "%s: %s", out_path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	st = FO_OK;
out:
	if (fd != -1)
		close(fd);
	if (have_fold)
		fo_fold_release(&fold);
	free(os);
	free(freqs);
	free(tflags);
	free(ents);
	fo_buf_release(&src);
	fo_buf_release(&words);
	fo_buf_release(&folded);
	fo_buf_release(&body);
	fo_buf_release(&tmp);
	return st;
}

#endif /* !FO_WASM */
