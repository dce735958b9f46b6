/* tests/test_analyze.c -- Chinese text analysis: normalisation, folding
 * with offsets, segmentation with project vocabulary, bigrams, pinyin,
 * UTF-8 checks, the compiled lexicon and the fingerprint.
 * Self-contained: compiles a small dictionary into a mkdtemp(3) dir. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analyze.h"
#include "analyze_int.h"	/* struct fo_fold: fast path on and off */
#include "buf.h"
#include "status.h"
#include "testutil.h"

static char tmpdir[] = "/tmp/fo-test-analyze-XXXXXX";
static char lexpath[256];

static const char tiny_dict[] =
    "跨境 100 n\n"
    "电商 100 n\n"
    "服务 1000 vn\n"
    "外包 50 n\n"
    "海外 500 n\n"
    "仓 10 n\n"
    "中国 1000 ns\n"
    "一批 200 m\n"
    "企业 800 n\n"
    "龙头 100 n\n"
    "习近平 10 nr\n"
    "签证 100 n\n"
    "关于 500 p\n"
    "發展 300 v\n"		/* Traditional entry: folded at compile */
    "和 5000 c\n";

static int
setup(void **state)
{
	char dict[256], *err = NULL;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(dict, sizeof dict, "%s/dict.txt", tmpdir);
	snprintf(lexpath, sizeof lexpath, "%s/lexicon.bin", tmpdir);
	write_file(dict, tiny_dict, sizeof tiny_dict - 1);
	if (fo_lexicon_compile(dict, lexpath, &err) != FO_OK) {
		fprintf(stderr, "compile: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return rm_rf(tmpdir) == 0 ? 0 : -1;
}

static struct fo_analyzer *
open_an(void)
{
	struct fo_analyzer *an = NULL;
	char *err = NULL;

	assert_int_equal(fo_analyzer_open(lexpath, &an, &err), FO_OK);
	assert_null(err);
	assert_non_null(an);
	return an;
}

/* The words of 'text' joined by '|'. */
static char *
words(struct fo_analyzer *an, const char *text)
{
	struct fo_tokens t = FO_TOKENS_INIT;
	struct fo_buf b = FO_BUF_INIT;

	assert_int_equal(fo_analyze(an, text, strlen(text), FO_AN_WORDS, &t),
	    FO_OK);
	for (size_t i = 0; i < t.n; i++) {
		assert_int_equal(t.v[i].kind, FO_TOK_WORD);
		if (i > 0)
			fo_buf_putc(&b, '|');
		fo_buf_puts(&b, t.v[i].term);
	}
	fo_tokens_release(&t);
	return fo_buf_detach(&b, NULL);
}

static char *
folded(struct fo_analyzer *an, const char *text)
{
	struct fo_buf b = FO_BUF_INIT;

	assert_int_equal(fo_analyzer_fold(an, text, strlen(text), &b, NULL),
	    FO_OK);
	return fo_buf_detach(&b, NULL);
}

static void
test_analyze__nfkc_casefold(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_buf b = FO_BUF_INIT;
	size_t *map = NULL;
	char *s;

	(void)state;
	s = folded(an, "ＲＣＥＰ");		/* full-width letters */
	assert_string_equal(s, "rcep");
	free(s);
	s = folded(an, "ＣＰＴＰＰ協定①，ﬁ");	/* circled digit, comma, ligature */
	assert_string_equal(s, "cptpp协定1,fi");
	free(s);
	/* Offsets: each folded byte maps to the full-width character. */
	assert_int_equal(fo_analyzer_fold(an, "xＲＣ", 7, &b, &map), FO_OK);
	assert_string_equal(b.data, "xrc");
	assert_non_null(map);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[1], 1);
	assert_int_equal(map[2], 4);
	assert_int_equal(map[3], 7);	/* the extra entry: input length */
	free(map);
	fo_buf_release(&b);
	fo_analyzer_free(an);
}

static void
test_analyze__traditional_folds_to_simplified(void **state)
{
	struct fo_analyzer *an = open_an();
	static const char *const cases[][2] = {
		{ "跨境電商", "跨境电商" },
		{ "海外倉", "海外仓" },
		{ "簽證", "签证" },
		{ "裏面", "里面" },		/* HK form */
		{ "裡面", "里面" },		/* TW form */
		{ "衞生", "卫生" },		/* HK variant (hk2s) */
		{ "臺灣", "台湾" },
		{ "跨境电商", "跨境电商" },	/* Simplified is stable */
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = folded(an, cases[i][0]);

		assert_string_equal(s, cases[i][1]);
		free(s);
	}
	fo_analyzer_free(an);
}

/* OpenCC converts some phrases whose characters alone stay (瞭解 -> 了解,
 * 反覆 -> 反复).  With OpenCC's keys compiled in, such a text is never
 * taken for one OpenCC leaves alone; without them it was (the test shows
 * both, so it fails if the keys stop mattering). */
static void
test_analyze__phrase_keys_convert_phrases(void **state)
{
	char dict[300], keys[300], lex2[300];
	struct fo_analyzer *with = NULL, *without = open_an();
	char *s, *err = NULL;

	(void)state;
	snprintf(dict, sizeof dict, "%s/dict.txt", tmpdir);
	snprintf(keys, sizeof keys, "%s/keys.txt", tmpdir);
	snprintf(lex2, sizeof lex2, "%s/lexicon-keys.bin", tmpdir);
	write_file(keys, "瞭解\t了解\n反覆\t反复\n跨境\n", strlen(
	    "瞭解\t了解\n反覆\t反复\n跨境\n"));
	assert_int_equal(fo_lexicon_compile_keys(dict, keys, lex2, &err),
	    FO_OK);
	assert_null(err);
	assert_int_equal(fo_analyzer_open(lex2, &with, NULL), FO_OK);
	s = folded(with, "瞭解");
	assert_string_equal(s, "了解");
	free(s);
	s = folded(with, "反覆思考");
	assert_string_equal(s, "反复思考");
	free(s);
	s = folded(with, "跨境电商");	/* Simplified still stable */
	assert_string_equal(s, "跨境电商");
	free(s);
	s = folded(without, "瞭解");
	assert_string_equal(s, "瞭解");
	free(s);
	/* a missing keys file is an error, not a silent skip */
	snprintf(keys, sizeof keys, "%s/no-such-keys.txt", tmpdir);
	assert_int_equal(fo_lexicon_compile_keys(dict, keys, lex2, &err),
	    FO_ENOTFOUND);
	assert_non_null(err);
	free(err);
	fo_analyzer_free(with);
	fo_analyzer_free(without);
}

/* fo_fold_text() gives OpenCC only the runs that hold a character of the
 * lexicon's map; the result (text and offsets) must equal OpenCC over the
 * whole text.  With the real lexicon (FIVEOUT_LEXICON, OpenCC's keys
 * compiled in) over Taiwan and Hong Kong texts, phrases, ASCII between. */
static void
test_analyze__fold_by_runs_equals_whole_text(void **state)
{
	static const char *const texts[] = {
		"我們瞭解反覆的情況，跨境電商和海外倉。",
		"RCEP協定與東盟 10國，藉助數位貿易；沈默不語",
		"裏面的衞生間，臺灣的軟體與硬體、資訊與網路",
		"跨境电商和服务外包都在推进，不需要转换",
		"一目瞭然 (反反覆覆) 答覆:回覆!找藉口",
		"白頭歲暮苦相思，除卻悲吟無可為。枕上從妨一夜睡",
	};
	const char *path = getenv("FIVEOUT_LEXICON");
	struct fo_lexicon *lx = NULL;
	struct fo_fold fast, all;
	size_t i, k;

	(void)state;
	if (path == NULL || access(path, R_OK) != 0)
		skip();
	assert_int_equal(fo_lexicon_open(path, &lx, NULL), FO_OK);
	assert_int_equal(fo_fold_init(&fast, NULL), FO_OK);
	assert_int_equal(fo_fold_init(&all, NULL), FO_OK);
	fast.convmap = lx->convmap;
	fast.chars = &lx->chars;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct fo_buf a = FO_BUF_INIT, b = FO_BUF_INIT;
		size_t *sa, *ea, *sb, *eb;

		assert_int_equal(fo_fold_text(&fast, texts[i], strlen(texts[i]),
		    &a, &sa, &ea), FO_OK);
		assert_int_equal(fo_fold_text(&all, texts[i], strlen(texts[i]),
		    &b, &sb, &eb), FO_OK);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.data, b.data, a.len);
		for (k = 0; k <= a.len; k++) {
			assert_int_equal(sa[k], sb[k]);
			assert_int_equal(ea[k], eb[k]);
		}
		free(sa); free(ea); free(sb); free(eb);
		fo_buf_release(&a);
		fo_buf_release(&b);
	}
	fo_fold_release(&fast);
	fo_fold_release(&all);
	fo_lexicon_close(lx);
}

static void
test_analyze__span_covers_traditional_bytes(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_tokens t = FO_TOKENS_INIT;
	const char *text = "關於跨境電商，ＲＣＥＰ";
	int found = 0, rcep = 0;

	(void)state;
	assert_int_equal(fo_analyzer_add_word(an, "跨境电商"), FO_OK);
	assert_int_equal(fo_analyze(an, text, strlen(text), FO_AN_WORDS, &t),
	    FO_OK);
	for (size_t i = 0; i < t.n; i++) {
		const struct fo_token *k = &t.v[i];

		if (strcmp(k->term, "跨境电商") == 0) {
			found = 1;
			assert_int_equal(k->start, 6);
			assert_int_equal(k->end, 18);
			assert_memory_equal(text + k->start, "跨境電商", 12);
			assert_true(k->han);
		}
		if (strcmp(k->term, "rcep") == 0) {
			rcep = 1;
			assert_int_equal(k->start, 21);
			assert_int_equal(k->end, 33);
			assert_false(k->han);
		}
	}
	assert_true(found);
	assert_true(rcep);
	fo_tokens_release(&t);
	fo_analyzer_free(an);
}

static void
test_analyze__vocabulary_kept_whole(void **state)
{
	struct fo_analyzer *an = open_an();
	const char *text = "跨境电商和服务外包海外仓";
	char *w;

	(void)state;
	w = words(an, text);
	assert_string_equal(w, "跨境|电商|和|服务|外包|海外|仓");
	free(w);
	assert_int_equal(fo_analyzer_add_word(an, "跨境電商"), FO_OK);
	assert_int_equal(fo_analyzer_add_word(an, "服务外包"), FO_OK);
	assert_int_equal(fo_analyzer_add_word(an, "海外倉"), FO_OK);
	w = words(an, text);
	assert_string_equal(w, "跨境电商|和|服务外包|海外仓");
	free(w);
	/* a Traditional query is cut the same way */
	w = words(an, "跨境電商和服務外包");
	assert_string_equal(w, "跨境电商|和|服务外包");
	free(w);
	assert_int_equal(fo_analyzer_add_word(an, ""), FO_EINVAL);
	assert_int_equal(fo_analyzer_add_word(an, "  "), FO_EINVAL);
	assert_int_equal(fo_analyzer_add_word(an, "\xff"), FO_EINVAL);
	fo_analyzer_free(an);
}

/* A clone (for another thread) cuts like its original, project words
 * included, and changing the original afterwards leaves it alone. */
static void
test_analyze__clone_cuts_the_same(void **state)
{
	struct fo_analyzer *an = open_an(), *cp = NULL;
	const char *text = "跨境電商和服务外包海外仓";
	char *a, *b, *fp;

	(void)state;
	assert_int_equal(fo_analyzer_add_word(an, "跨境电商"), FO_OK);
	assert_int_equal(fo_analyzer_add_word(an, "服务外包"), FO_OK);
	assert_int_equal(fo_analyzer_clone(an, &cp, NULL), FO_OK);
	assert_non_null(cp);
	assert_string_equal(fo_analyzer_fingerprint(an),
	    fo_analyzer_fingerprint(cp));
	a = words(an, text);
	b = words(cp, text);
	assert_string_equal(a, "跨境电商|和|服务外包|海外|仓");
	assert_string_equal(a, b);
	free(a);
	free(b);
	fp = strdup(fo_analyzer_fingerprint(cp));
	assert_int_equal(fo_analyzer_add_word(an, "海外仓"), FO_OK);
	b = words(cp, text);
	assert_string_equal(b, "跨境电商|和|服务外包|海外|仓");
	assert_string_equal(fp, fo_analyzer_fingerprint(cp));
	free(b);
	free(fp);
	fo_analyzer_free(cp);
	fo_analyzer_free(an);
}

static void
test_analyze__pku_numbers_and_names(void **state)
{
	struct fo_analyzer *an = open_an();
	char *w;

	(void)state;
	w = words(an, "超过10万家，90%以上，6G与RCEP，3.5倍");
	/* digits + 万 are one number, the measure word stands alone */
	assert_non_null(strstr(w, "10万|家"));
	assert_non_null(strstr(w, "90%|"));
	assert_non_null(strstr(w, "6g"));
	assert_non_null(strstr(w, "rcep"));
	assert_non_null(strstr(w, "3.5|"));
	free(w);
	w = words(an, "一批龙头企业");
	assert_string_equal(w, "一|批|龙头|企业");
	free(w);
	w = words(an, "习近平");
	assert_string_equal(w, "习|近平");
	free(w);
	fo_analyzer_free(an);
}

static void
test_analyze__punctuation_and_positions(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_tokens t = FO_TOKENS_INIT;
	const char *text = "海外仓，跨境电商";

	(void)state;
	assert_int_equal(fo_analyzer_add_word(an, "海外仓"), FO_OK);
	assert_int_equal(fo_analyzer_add_word(an, "跨境电商"), FO_OK);
	assert_int_equal(fo_analyze(an, text, strlen(text), FO_AN_WORDS, &t),
	    FO_OK);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.v[0].pos, 0);
	assert_true(t.v[1].pos > 1);	/* a gap at the comma */
	fo_tokens_release(&t);
	assert_int_equal(fo_analyze(an, text, strlen(text),
	    FO_AN_WORDS | FO_AN_PUNCT, &t), FO_OK);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.v[1].term, ",");	/* NFKC of '，' */
	assert_int_equal(t.v[1].start, 9);
	assert_int_equal(t.v[1].end, 12);
	fo_tokens_release(&t);
	fo_analyzer_free(an);
}

/* A gram expected from fo_analyze(): term, position, byte span. */
struct gram {
	const char *term;
	unsigned pos;
	size_t	 s, e;
};

/* Analyze 'text' with 'flags' and check it gives exactly 'want'. */
static void
expect_grams(struct fo_analyzer *an, const char *text, int flags,
    const struct gram *want, size_t n)
{
	struct fo_tokens t = FO_TOKENS_INIT;

	assert_int_equal(fo_analyze(an, text, strlen(text), flags, &t), FO_OK);
	assert_int_equal(t.n, n);
	for (size_t i = 0; i < t.n; i++) {
		assert_int_equal(t.v[i].kind, FO_TOK_GRAM);
		assert_string_equal(t.v[i].term, want[i].term);
		assert_int_equal(t.v[i].pos, want[i].pos);
		assert_int_equal(t.v[i].start, want[i].s);
		assert_int_equal(t.v[i].end, want[i].e);
	}
	fo_tokens_release(&t);
}

static void
test_analyze__bigrams_with_positions_and_gaps(void **state)
{
	struct fo_analyzer *an = open_an();
	static const struct gram want[] = {
		{ "跨境", 0, 0, 6 }, { "境电", 1, 3, 9 }, { "电商", 2, 6, 12 },
		{ "仓", 4, 15, 18 },	/* lone character: its unigram */
		{ "海外", 6, 19, 25 },
	};

	(void)state;
	expect_grams(an, "跨境電商，倉 海外", FO_AN_GRAMS, want,
	    sizeof want / sizeof want[0]);
	fo_analyzer_free(an);
}

/* FO_AN_TAILS: each run of two or more characters also gives its last
 * character, right after its last bigram, so the bigram phrase of the
 * run still holds and B仓* finds 海外仓; a lone character is not doubled. */
static void
test_analyze__tails_give_the_last_character(void **state)
{
	struct fo_analyzer *an = open_an();
	static const struct gram want[] = {
		{ "跨境", 0, 0, 6 }, { "境电", 1, 3, 9 }, { "电商", 2, 6, 12 },
		{ "商", 3, 9, 12 },	/* the tail, original bytes 商 */
		{ "仓", 5, 15, 18 },	/* lone character: once */
		{ "海外", 7, 19, 25 }, { "外仓", 8, 22, 28 },
		{ "仓", 9, 25, 28 },
	};

	(void)state;
	expect_grams(an, "跨境電商，倉 海外仓", FO_AN_GRAMS | FO_AN_TAILS, want,
	    sizeof want / sizeof want[0]);
	/* the index changed: the fingerprint names segmenter version 5 */
	assert_non_null(strstr(fo_analyzer_fingerprint(an), "seg=5 "));
	fo_analyzer_free(an);
}

static void
test_analyze__segment_line_keeps_original_spelling(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_buf b = FO_BUF_INIT;
	const char *text = "跨境電商，ＲＣＥＰ";

	(void)state;
	assert_int_equal(fo_analyzer_add_word(an, "跨境电商"), FO_OK);
	assert_int_equal(fo_segment_line(an, text, strlen(text), &b), FO_OK);
	assert_string_equal(b.data, "跨境電商 ， ＲＣＥＰ");
	fo_buf_release(&b);
	fo_analyzer_free(an);
}

static void
test_analyze__pinyin(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	assert_int_equal(fo_pinyin(an, "跨境电商", &b), FO_OK);
	assert_string_equal(b.data, "kua jing dian shang");
	fo_buf_reset(&b);
	assert_int_equal(fo_pinyin(an, "海外仓", &b), FO_OK);
	assert_string_equal(b.data, "hai wai cang");
	fo_buf_reset(&b);
	assert_int_equal(fo_pinyin(an, "RCEP协定，6G", &b), FO_OK);
	assert_string_equal(b.data, "rcep xie ding 6g");
	fo_buf_reset(&b);
	assert_int_equal(fo_pinyin(an, "\xe4\xb8", &b), FO_EINVAL);
	fo_buf_release(&b);
	fo_analyzer_free(an);
}

static void
test_analyze__invalid_utf8(void **state)
{
	struct fo_analyzer *an = open_an();
	struct fo_tokens t = FO_TOKENS_INIT;
	struct fo_buf b = FO_BUF_INIT;
	size_t bad = 99;

	(void)state;
	assert_true(fo_utf8_valid("跨境", 6, &bad));
	assert_false(fo_utf8_valid("ab\xff", 3, &bad));
	assert_int_equal(bad, 2);
	assert_false(fo_utf8_valid("a\xc0\xaf", 3, &bad));	/* overlong */
	assert_int_equal(bad, 1);
	assert_false(fo_utf8_valid("\xed\xa0\x80", 3, &bad));	/* surrogate */
	assert_int_equal(bad, 0);
	assert_false(fo_utf8_valid("跨\xe5\xa2", 5, &bad));	/* truncated */
	assert_int_equal(bad, 3);
	assert_false(fo_utf8_valid("\xf4\x90\x80\x80", 4, &bad)); /* > 10FFFF */
	assert_int_equal(fo_analyze(an, "跨境\xff", 7, FO_AN_WORDS | FO_AN_GRAMS,
	    &t), FO_EINVAL);
	assert_int_equal(t.n, 0);
	assert_int_equal(fo_segment_line(an, "\xc3", 1, &b), FO_EINVAL);
	assert_int_equal(fo_analyzer_fold(an, "\xc3", 1, &b, NULL), FO_EINVAL);
	assert_int_equal(b.len, 0);
	fo_buf_release(&b);
	fo_analyzer_free(an);
}

static void
expect_corrupt(const char *path)
{
	struct fo_analyzer *an = (struct fo_analyzer *)1;
	char *err = NULL;

	assert_int_equal(fo_analyzer_open(path, &an, &err), FO_ECORRUPT);
	assert_null(an);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	free(err);
}

static void
test_analyze__corrupt_lexicon(void **state)
{
	char path[300];
	size_t len;
	char *data = slurp(lexpath, &len);
	uint32_t nwords;

	(void)state;
	snprintf(path, sizeof path, "%s/bad.bin", tmpdir);
	write_file(path, data, len / 2);		/* truncated */
	expect_corrupt(path);
	write_file(path, data, 10);			/* shorter than a header */
	expect_corrupt(path);
	write_file(path, "", 0);			/* empty */
	expect_corrupt(path);
	data[0] = 'X';					/* bad magic */
	write_file(path, data, len);
	expect_corrupt(path);
	data[0] = 'F';
	memcpy(&nwords, data + 16, 4);			/* the offsets' end */
	data[64 + 4 * nwords] ^= 0x01;
	write_file(path, data, len);
	expect_corrupt(path);
	data[64 + 4 * nwords] ^= 0x01;
	free(data);
	unlink(path);
}

/* The open checks no more than its structure; the checksum over the
 * whole file is fo_analyzer_check_lexicon()'s (lexicon.c, "What is
 * checked when"). */
static void
expect_check_fails(const char *path)
{
	struct fo_analyzer *an = NULL;
	struct fo_tokens t;
	char *err = NULL;

	fo_tokens_init(&t);
	assert_int_equal(fo_analyzer_open(path, &an, &err), FO_OK);
	/* what a search does with it: reads stay inside the map (ASan and
	   valgrind run this), whatever the words come out as */
	assert_int_equal(fo_analyze(an, "跨境电商服务外包和海外仓", 36,
	    FO_AN_WORDS | FO_AN_GRAMS, &t), FO_OK);
	fo_tokens_release(&t);
	assert_int_equal(fo_analyzer_check_lexicon(an, &err), FO_ECORRUPT);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "--compile-lexicon"));
	free(err);
	err = NULL;
	/* a failed check is not remembered as a pass */
	assert_int_equal(fo_analyzer_check_lexicon(an, &err), FO_ECORRUPT);
	free(err);
	fo_analyzer_free(an);
}

static void
test_analyze__check_lexicon(void **state)
{
	char path[300];
	size_t len;
	char *data = slurp(lexpath, &len);
	struct fo_analyzer *an = NULL;
	char *err = NULL;
	uint32_t nwords, big = 0xfffffff0u;

	(void)state;
	an = open_an();
	assert_int_equal(fo_analyzer_check_lexicon(an, &err), FO_OK);
	assert_null(err);
	assert_int_equal(fo_analyzer_check_lexicon(an, &err), FO_OK);
	fo_analyzer_free(an);
	snprintf(path, sizeof path, "%s/bad.bin", tmpdir);
	data[len - 3] ^= 0x40;				/* a flipped bit */
	write_file(path, data, len);
	expect_check_fails(path);
	data[len - 3] ^= 0x40;
	memcpy(&nwords, data + 16, 4);
	assert_true(nwords > 4);
	memcpy(data + 64 + 4 * 3, &big, 4);		/* an offset far out */
	write_file(path, data, len);
	expect_check_fails(path);
	free(data);
	unlink(path);
}

static void
test_analyze__corrupt_lexicon_missing(void **state)
{
	char path[300];
	struct fo_analyzer *an = (struct fo_analyzer *)1;
	char *err = NULL;

	(void)state;
	snprintf(path, sizeof path, "%s/missing.bin", tmpdir);
	assert_int_equal(fo_analyzer_open(path, &an, &err), FO_ENOTFOUND);
	assert_null(an);
	free(err);
}

static void
test_analyze__compile_rejects_bad_dict(void **state)
{
	char dict[300], out[300];
	char *err = NULL;

	(void)state;
	snprintf(dict, sizeof dict, "%s/bad.txt", tmpdir);
	snprintf(out, sizeof out, "%s/never.bin", tmpdir);
	write_file(dict, "跨境 10 n\n电商 many n\n", 22);
	assert_int_equal(fo_lexicon_compile(dict, out, &err), FO_EPARSE);
	assert_non_null(err);
	assert_non_null(strstr(err, ":2:"));
	free(err);
	assert_int_not_equal(access(out, F_OK), 0);	/* nothing written */
	write_file(dict, "\xff 10\n", 6);
	assert_int_equal(fo_lexicon_compile(dict, out, &err), FO_EPARSE);
	free(err);
	snprintf(dict, sizeof dict, "%s/none.txt", tmpdir);
	assert_int_equal(fo_lexicon_compile(dict, out, &err), FO_ENOTFOUND);
	free(err);
}

static void
test_analyze__fingerprint_changes_with_vocabulary(void **state)
{
	struct fo_analyzer *an = open_an();
	char *a, *b, *c;

	(void)state;
	a = fo_xstrdup(fo_analyzer_fingerprint(an));
	assert_non_null(strstr(a, "opencc=hk2s+tw2s"));
	assert_non_null(strstr(a, "icu="));
	assert_non_null(strstr(a, "unicode="));
	assert_int_equal(fo_analyzer_add_word(an, "海外仓"), FO_OK);
	b = fo_xstrdup(fo_analyzer_fingerprint(an));
	assert_string_not_equal(a, b);
	assert_int_equal(fo_analyzer_add_word(an, "海外倉"), FO_OK); /* same */
	c = fo_xstrdup(fo_analyzer_fingerprint(an));
	assert_string_equal(b, c);
	free(a);
	free(b);
	free(c);
	fo_analyzer_free(an);
}

/* One rule finds every program's lexicon: the given path, else beside
 * the index folder, else in the program's folder, else the installed
 * one; 'looked' lists what was tried. */
static void
test_analyze__lexicon_find(void **state)
{
	struct fo_buf looked = FO_BUF_INIT, p = FO_BUF_INIT;
	char *got;

	(void)state;
	/* given wins, even if missing, and nothing is looked for */
	got = fo_lexicon_find("/nowhere/x.bin", tmpdir, tmpdir, &looked);
	assert_string_equal(got, "/nowhere/x.bin");
	assert_int_equal(looked.len, 0);
	free(got);
	/* beside the index: tmpdir/index/ -> tmpdir/lexicon.bin (the
	 * fixture's compiled lexicon), a trailing slash or not */
	fo_buf_printf(&p, "%s/index/", tmpdir);
	got = fo_lexicon_find("", p.data, NULL, NULL);
	assert_string_equal(got, lexpath);
	free(got);
	fo_buf_truncate(&p, p.len - 1);
	got = fo_lexicon_find(NULL, p.data, "/nowhere", NULL);
	assert_string_equal(got, lexpath);
	free(got);
	/* not beside the index: the program's folder */
	got = fo_lexicon_find(NULL, "/nowhere/index", tmpdir, &looked);
	assert_string_equal(got, lexpath);
	assert_non_null(strstr(looked.data, "/nowhere/lexicon.bin"));
	free(got);
	/* nowhere: the installed one, and every place tried is named */
	fo_buf_reset(&looked);
	got = fo_lexicon_find(NULL, "idx", "/nowhere", &looked);
	assert_string_equal(got, FO_LEXICON_INSTALLED);
	assert_non_null(strstr(looked.data, "lexicon.bin, /nowhere/lexicon.bin, "));
	assert_non_null(strstr(looked.data, FO_LEXICON_INSTALLED));
	free(got);
	fo_buf_release(&looked);
	fo_buf_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_analyze__lexicon_find),
		cmocka_unit_test(test_analyze__nfkc_casefold),
		cmocka_unit_test(test_analyze__traditional_folds_to_simplified),
		cmocka_unit_test(test_analyze__phrase_keys_convert_phrases),
		cmocka_unit_test(test_analyze__fold_by_runs_equals_whole_text),
		cmocka_unit_test(test_analyze__span_covers_traditional_bytes),
		cmocka_unit_test(test_analyze__vocabulary_kept_whole),
		cmocka_unit_test(test_analyze__clone_cuts_the_same),
		cmocka_unit_test(test_analyze__pku_numbers_and_names),
		cmocka_unit_test(test_analyze__punctuation_and_positions),
		cmocka_unit_test(test_analyze__bigrams_with_positions_and_gaps),
		cmocka_unit_test(test_analyze__tails_give_the_last_character),
		cmocka_unit_test(test_analyze__segment_line_keeps_original_spelling),
		cmocka_unit_test(test_analyze__pinyin),
		cmocka_unit_test(test_analyze__invalid_utf8),
		cmocka_unit_test(test_analyze__corrupt_lexicon),
		cmocka_unit_test(test_analyze__corrupt_lexicon_missing),
		cmocka_unit_test(test_analyze__check_lexicon),
		cmocka_unit_test(test_analyze__compile_rejects_bad_dict),
		cmocka_unit_test(test_analyze__fingerprint_changes_with_vocabulary),
	};

	return cmocka_run_group_tests_name("analyze", tests, setup, teardown);
}
