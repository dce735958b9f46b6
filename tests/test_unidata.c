/* tests/test_unidata.c -- the table path (unidata.h: what the WebAssembly
 * build runs, without ICU and OpenCC) against the native ICU + OpenCC
 * path: character classes and the fold of every code point, the fold of
 * every OpenCC phrase key (build/opencc-keys.txt), whole sentences, the
 * analyzer made from memory, and damaged blobs.
 * Runs from the repository root with FIVEOUT_LEXICON=build/lexicon.bin
 * (make unit).  Under valgrind (or with FO_VALGRIND set) and under
 * AddressSanitizer the loops over every code point take a stride, to
 * finish in reasonable time; the plain build checks every one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <unicode/unorm2.h>
#include <valgrind/valgrind.h>

#include "analyze.h"
#include "analyze_int.h"
#include "buf.h"
#include "status.h"
#include "testutil.h"
#include "unidata.h"

static struct fo_lexicon *lx;
static struct fo_unidata *uni;
static const void *blob;
static size_t bloblen;
static struct fo_fold icu, tab;	/* the two paths */
static uint32_t stride = 1;

static const char *
lexicon_path(void)
{
	const char *e = getenv("FIVEOUT_LEXICON");

	return e != NULL && *e != '\0' ? e : "build/lexicon.bin";
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
setup(void **state)
{
	char *err = NULL;

	(void)state;
	if (RUNNING_ON_VALGRIND || getenv("FO_VALGRIND") != NULL)
		stride = 31;
#if defined(__SANITIZE_ADDRESS__)
	stride = 7;	/* make check-asan: natively every code point */
#endif
	if (fo_lexicon_open(lexicon_path(), &lx, &err) != FO_OK) {
		fprintf(stderr, "%s\n", err ? err : "lexicon");
		free(err);
		return -1;
	}
	fo_lexicon_unidata(lx, &blob, &bloblen);
	if (fo_unidata_open(blob, bloblen, &uni, &err) != FO_OK) {
		fprintf(stderr, "%s\n", err ? err : "unidata");
		free(err);
		return -1;
	}
	if (fo_fold_init(&icu, NULL) != FO_OK ||
	    fo_fold_init(&tab, NULL) != FO_OK)
		return -1;
	icu.convmap = tab.convmap = lx->convmap;
	icu.chars = tab.chars = &lx->chars;
	tab.tab = uni;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fo_fold_release(&icu);
	fo_fold_release(&tab);
	fo_unidata_free(uni);
	fo_lexicon_close(lx);
	return 0;
}

/* Fold s[0..n) both ways: the same bytes and the same offset maps. */
static int
same_fold(const char *s, size_t n)
{
	struct fo_buf a = FO_BUF_INIT, b = FO_BUF_INIT;
	size_t *as = NULL, *ae = NULL, *bs = NULL, *be = NULL;
	int ok;

	assert_int_equal(fo_fold_text(&icu, s, n, &a, &as, &ae), FO_OK);
	assert_int_equal(fo_fold_text(&tab, s, n, &b, &bs, &be), FO_OK);
	ok = a.len == b.len && memcmp(a.data, b.data, a.len) == 0 &&
	    memcmp(as, bs, (a.len + 1) * sizeof *as) == 0 &&
	    memcmp(ae, be, (a.len + 1) * sizeof *ae) == 0;
	if (!ok)
		fprintf(stderr, "fold differs: \"%.*s\": ICU \"%s\", "
		    "table \"%s\"\n", (int)n, s, a.data, b.data);
	fo_buf_release(&a);
	fo_buf_release(&b);
	free(as);
	free(ae);
	free(bs);
	free(be);
	return ok;
}

static void
test_unidata__classes_every_code_point(void **state)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFKCCasefoldInstance(&err);
	double t0 = now();
	unsigned bad = 0;

	(void)state;
	assert_false(U_FAILURE(err));
	for (uint32_t cp = 0; cp < 0x110000; cp += stride) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		if (fo_unidata_is_han(uni, cp) != fo_is_han(cp) ||
		    fo_unidata_is_alnum(uni, cp) != fo_icu_is_alnum(cp) ||
		    fo_unidata_is_white(uni, cp) != fo_icu_is_white(cp) ||
		    fo_class_han(uni, cp) != fo_class_han(NULL, cp) ||
		    fo_class_alnum(uni, cp) != fo_class_alnum(NULL, cp) ||
		    fo_class_white(uni, cp) != fo_class_white(NULL, cp) ||
		    fo_unidata_boundary_before(uni, cp) !=
		    (unorm2_hasBoundaryBefore(n2, (UChar32)cp) != 0)) {
			if (bad++ < 10)
				fprintf(stderr, "class differs: U+%04X\n", cp);
		}
	}
	assert_int_equal(bad, 0);
	fprintf(stderr, "classes of every code point: %.2f s\n", now() - t0);
}

static void
test_unidata__fold_every_code_point(void **state)
{
	double t0 = now();
	unsigned bad = 0, n = 0;

	(void)state;
	for (uint32_t cp = 0; cp < 0x110000; cp += stride) {
		struct fo_buf s = FO_BUF_INIT;

		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		fo_utf8_put(&s, cp);
		if (!same_fold(s.data, s.len) && bad++ > 10)
			cp = 0x110000;
		fo_buf_release(&s);
		n++;
	}
	assert_int_equal(bad, 0);
	fprintf(stderr, "fold of %u code points: %.2f s\n", n, now() - t0);
}

static void
test_unidata__fold_every_opencc_key(void **state)
{
	const char *dir = getenv("FO_BUILD");
	struct fo_buf path = FO_BUF_INIT;
	char *src, *p, *end;
	size_t len, n = 0;
	unsigned bad = 0, need = 0;
	double t0 = now();
	struct fo_unidata nophr = *uni;	/* the tables without phrases */
	struct fo_fold bare;

	(void)state;
	nophr.keys.n = 0;
	assert_int_equal(fo_fold_init(&bare, NULL), FO_OK);
	bare.convmap = tab.convmap;
	bare.chars = tab.chars;
	bare.tab = &nophr;
	fo_buf_printf(&path, "%s/opencc-keys.txt", dir ? dir : "build");
	src = slurp(path.data, &len);
	for (p = src, end = src + len; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end, *t = memchr(p, '\t', (size_t)(le - p));

		if (t != NULL)
			le = t;
		if (le > p && fo_utf8_valid(p, (size_t)(le - p), NULL)) {
			struct fo_buf a = FO_BUF_INIT, b = FO_BUF_INIT;
			size_t *os = NULL;

			if (!same_fold(p, (size_t)(le - p)))
				bad++;
			n++;
			/* would character by character have done? */
			assert_int_equal(fo_fold_text(&tab, p, (size_t)(le - p),
			    &a, &os, NULL), FO_OK);
			free(os);
			assert_int_equal(fo_fold_text(&bare, p,
			    (size_t)(le - p), &b, &os, NULL), FO_OK);
			free(os);
			need += a.len != b.len || memcmp(a.data, b.data, a.len);
			fo_buf_release(&a);
			fo_buf_release(&b);
		}
		p = nl ? nl + 1 : end;
	}
	assert_true(n > 1000);
	assert_int_equal(bad, 0);
	assert_true(need > 0);	/* the phrase table is needed (瞭解) */
	fprintf(stderr, "fold of %zu OpenCC keys: %.2f s; %u of them need "
	    "the phrase table (%u phrases); blob %zu bytes\n", n,
	    now() - t0, need, uni->keys.n, bloblen);
	free(src);
	fo_buf_release(&path);
	fo_fold_release(&bare);
}

static const char *const sentences[] = {
	"推動跨境電商進出口規模突破萬億元，發展海外倉。",
	"我們要瞭解外資企業的訴求，優化營商環境",
	"香港的軟件、網絡與數據中心；台灣的軟體、網路與資料庫",
	"ＲＣＥＰ協定、ＣＰＴＰＰ與６Ｇ：全形字元１２３４５％",
	"粵港澳大灣區　著力打造國際一流營商環境",
	"於是他們著手準備，裡面還有一隻貓和衝突、後來",
	"鄉村振興 ABC Def 3.5% 10萬 發佈會 資訊科技 週末",
	"在1990年代, 台湾的電腦與電郵; 矽谷 🇨🇳 𠀀𠀁 ㈱ ㍻ ﬁ",
};

static char *
tokens(struct fo_analyzer *an, const char *text, int flags)
{
	struct fo_tokens t = FO_TOKENS_INIT;
	struct fo_buf b = FO_BUF_INIT;

	assert_int_equal(fo_analyze(an, text, strlen(text), flags, &t), FO_OK);
	for (size_t i = 0; i < t.n; i++)
		fo_buf_printf(&b, "%s/%zu-%zu/%u/%d/%d ", t.v[i].term,
		    t.v[i].start, t.v[i].end, t.v[i].pos, (int)t.v[i].kind,
		    t.v[i].han);
	fo_tokens_release(&t);
	return fo_buf_detach(&b, NULL);
}

static void
test_unidata__sentences(void **state)
{
	struct fo_analyzer *a = NULL, *b = NULL, *m = NULL;
	struct fo_buf f = FO_BUF_INIT;
	const int flags = FO_AN_WORDS | FO_AN_GRAMS | FO_AN_PUNCT | FO_AN_TAILS;

	(void)state;
	assert_int_equal(fo_analyzer_open(lexicon_path(), &a, NULL), FO_OK);
	assert_int_equal(fo_analyzer_open(lexicon_path(), &b, NULL), FO_OK);
	assert_int_equal(fo_analyzer_use_tables(b, 1, NULL), FO_OK);
	assert_int_equal(fo_analyzer_open_mem(lx, blob, bloblen, "fp-x", &m,
	    NULL), FO_OK);
	assert_string_equal(fo_analyzer_fingerprint(m), "fp-x");
	assert_string_equal(fo_analyzer_fingerprint(a),
	    fo_analyzer_fingerprint(b));
	for (size_t i = 0; i < sizeof sentences / sizeof *sentences; i++) {
		char *x = tokens(a, sentences[i], flags);
		char *y = tokens(b, sentences[i], flags);
		char *z = tokens(m, sentences[i], flags);

		assert_true(same_fold(sentences[i], strlen(sentences[i])));
		assert_string_equal(x, y);
		assert_string_equal(x, z);
		free(x);
		free(y);
		free(z);
	}
	fo_buf_reset(&f);
	assert_int_equal(fo_analyzer_fold(m, "瞭解", strlen("瞭解"), &f, NULL),
	    FO_OK);
	assert_string_equal(f.data, "了解");
	fo_buf_reset(&f);
	assert_int_equal(fo_analyzer_fold(m, "海外倉 ＡＢＣ", strlen(
	    "海外倉 ＡＢＣ"), &f, NULL), FO_OK);
	assert_string_equal(f.data, "海外仓 abc");
	/* back to ICU; an open_mem analyzer has no other path */
	assert_int_equal(fo_analyzer_use_tables(b, 0, NULL), FO_OK);
	assert_int_equal(fo_analyzer_use_tables(m, 0, NULL), FO_EINVAL);
	{
		struct fo_analyzer *c = NULL;

		assert_int_equal(fo_analyzer_clone(m, &c, NULL), FO_OK);
		assert_string_equal(fo_analyzer_fingerprint(c), "fp-x");
		fo_analyzer_free(c);
	}
	fo_buf_release(&f);
	fo_analyzer_free(a);
	fo_analyzer_free(b);
	fo_analyzer_free(m);
}

/* A copy of the blob in aligned memory, its checksum redone if 'fix'. */
static void *
copy_blob(size_t len)
{
	void *p = NULL;

	assert_int_equal(posix_memalign(&p, 8, len ? len : 8), 0);
	memcpy(p, blob, len < bloblen ? len : bloblen);
	return p;
}

static void
rehash(unsigned char *p, size_t len)
{
	uint64_t h = fo_fnv64(FO_FNV_SEED, p + FO_UNIDATA_HDR,
	    len - FO_UNIDATA_HDR);

	memcpy(p + 64, &h, 8);
}

static int
opens(const void *p, size_t len)
{
	struct fo_unidata *u = NULL;
	char *err = NULL;
	enum fo_status st = fo_unidata_open(p, len, &u, &err);

	if (st == FO_OK) {
		fo_unidata_free(u);
		return 1;
	}
	assert_int_equal(st, FO_ECORRUPT);
	assert_null(u);
	assert_non_null(err);
	free(err);
	return 0;
}

static void
test_unidata__corrupt(void **state)
{
	unsigned char *p;
	size_t cuts[] = { 0, 4, FO_UNIDATA_HDR - 4, FO_UNIDATA_HDR,
	    FO_UNIDATA_HDR + 4, bloblen / 2, bloblen - 4 };
	uint32_t w;

	(void)state;
	p = copy_blob(bloblen);
	assert_true(opens(p, bloblen));
	/* truncated (the size field also kept) */
	for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++)
		assert_false(opens(p, cuts[i] & ~(size_t)3));
	assert_false(opens(p, bloblen - 1));
	assert_false(opens(p + 4, bloblen - 4));	/* no header */
	assert_false(opens((char *)p + 1, bloblen - 4));	/* misaligned */
	/* any flipped byte: the checksum, or a header check */
	for (size_t at = 0; at < bloblen; at += 1 + bloblen / 61) {
		p[at] ^= 0x20;
		assert_false(opens(p, bloblen));
		p[at] ^= 0x20;
	}
	/* damage that passes the checksum: every count and offset is
	   checked anyway */
	for (size_t f = 20; f < 64; f += 4) {	/* each count */
		memcpy(&w, p + f, 4);
		w += 1;
		memcpy(p + f, &w, 4);
		rehash(p, bloblen);
		assert_false(opens(p, bloblen));
		w -= 1;
		memcpy(p + f, &w, 4);
		w = 0xffffffffu;
		memcpy(p + f, &w, 4);
		rehash(p, bloblen);
		assert_false(opens(p, bloblen));
		free(p);
		p = copy_blob(bloblen);
	}
	{	/* body words made huge, one at a time */
		size_t nw = 0;

		for (size_t at = FO_UNIDATA_HDR; at + 4 <= bloblen &&
		    nw < 400; at += 4 * (1 + (bloblen / 4) / 400), nw++) {
			uint32_t old, big = 0x7fffffffu;
			struct fo_unidata *u = NULL;

			memcpy(&old, p + at, 4);
			memcpy(p + at, &big, 4);
			rehash(p, bloblen);
			/* may still open if only text changed validly; then
			   lookups must stay in bounds */
			if (fo_unidata_open(p, bloblen, &u, NULL) == FO_OK) {
				const char *s, *v;
				char buf[4];
				size_t l;

				for (uint32_t cp = 0; cp < 0x110000; cp += 409) {
					(void)fo_unidata_is_han(u, cp);
					(void)fo_unidata_fold_cp(u, cp, buf, &s,
					    &l);
				}
				(void)fo_unidata_phrase(u, "瞭解", 6, &v, &l);
				fo_unidata_free(u);
			}
			memcpy(p + at, &old, 4);
		}
	}
	rehash(p, bloblen);
	assert_true(opens(p, bloblen));
	free(p);
	assert_false(opens(NULL, 0));
}

/* The lexicon file refuses a damaged unidata section too. */
static void
test_unidata__lexicon_section(void **state)
{
	const void *q;
	size_t n;

	(void)state;
	fo_lexicon_unidata(lx, &q, &n);
	assert_ptr_equal(q, blob);
	assert_true(n > FO_UNIDATA_HDR && n % 4 == 0);
	assert_int_equal(((uintptr_t)q) % 4, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unidata__classes_every_code_point),
		cmocka_unit_test(test_unidata__fold_every_code_point),
		cmocka_unit_test(test_unidata__fold_every_opencc_key),
		cmocka_unit_test(test_unidata__sentences),
		cmocka_unit_test(test_unidata__corrupt),
		cmocka_unit_test(test_unidata__lexicon_section),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
