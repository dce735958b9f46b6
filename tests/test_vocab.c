/* tests/test_vocab.c -- the project vocabulary: groups, pinyin keys,
 * encode/decode round trip, and that decoding gives the analyzer the
 * fingerprint it had at build time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"
#include "content.h"
#include "vocab.h"
#include "testutil.h"

struct fx {
	struct fo_analyzer *an;
	struct fo_vocab *v;
	struct fo_content c;
	struct fo_page g1, g2, cl, sec;
	struct fo_page *gl[2];
};

static int
setup(void **state)
{
	static char *a1[] = { "跨境电子商务" };
	static char *a2[] = { "區域全面經濟夥伴關係協定" };	/* Traditional */
	struct fx *f = calloc(1, sizeof *f);

	if (fo_analyzer_open(test_lexicon(), &f->an, NULL) != FO_OK)
		return -1;
	f->g1.title = "跨境电商";
	f->g1.aliases = a1;
	f->g1.naliases = 1;
	f->g2.title = "RCEP";
	f->g2.aliases = a2;
	f->g2.naliases = 1;
	f->gl[0] = &f->g1;
	f->gl[1] = &f->g2;
	f->c.glossary = f->gl;
	f->c.nglossary = 2;
	f->cl.title = "发展外贸新业态";
	f->c.clauses[4] = &f->cl;
	f->sec.title = "全力推动外贸稳规模优结构";
	f->c.sections[2] = &f->sec;
	if (fo_vocab_build(&f->c, f->an, &f->v) != FO_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	fo_vocab_free(f->v);
	fo_analyzer_free(f->an);
	free(f);
	return 0;
}

static void
check_vocab(const struct fo_vocab *v)
{
	const char *const *g;
	size_t n;

	g = fo_vocab_group(v, "跨境电子商务", &n);
	assert_non_null(g);
	assert_int_equal(n, 2);
	assert_string_equal(g[0], "跨境电商");
	assert_string_equal(g[1], "跨境电子商务");
	/* members are folded: the Traditional alias is stored Simplified,
	   the Latin term lower case */
	g = fo_vocab_group(v, "区域全面经济伙伴关系协定", &n);
	assert_non_null(g);
	assert_string_equal(g[0], "rcep");
	assert_null(fo_vocab_group(v, "海外仓", &n));
	assert_int_equal(n, 0);

	assert_string_equal(fo_vocab_pinyin(v, "kuajingdianshang"), "跨境电商");
	assert_string_equal(fo_vocab_pinyin(v, "fazhanwaimaoxinyetai"),
	    "发展外贸新业态");
	/* section titles are keys but not segmenter words */
	assert_string_equal(fo_vocab_pinyin(v,
	    "quanlituidongwaimaowenguimoyoujiegou"), "全力推动外贸稳规模优结构");
	assert_null(fo_vocab_pinyin(v, "kuajing"));
	assert_null(fo_vocab_pinyin(v, "rcep"));	/* no Han: no key */
}

static void
test_vocab__build_groups_and_pinyin(void **state)
{
	struct fx *f = *state;
	size_t i;
	int sec = 0;

	check_vocab(f->v);
	for (i = 0; i < fo_vocab_nwords(f->v); i++)
		if (strcmp(fo_vocab_word(f->v, i), "全力推动外贸稳规模优结构") == 0)
			sec = 1;
	assert_false(sec);
	assert_null(fo_vocab_word(f->v, fo_vocab_nwords(f->v)));
}

static void
test_vocab__roundtrip_same_fingerprint(void **state)
{
	struct fx *f = *state;
	struct fo_analyzer *an2 = NULL;
	struct fo_vocab *v2 = NULL;
	char *blob, *blob2;
	size_t len, len2, i;

	blob = fo_vocab_encode(f->v, &len);
	assert_non_null(blob);
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an2, NULL), FO_OK);
	assert_int_equal(fo_vocab_decode(blob, len, an2, &v2), FO_OK);
	check_vocab(v2);
	assert_int_equal(fo_vocab_nwords(v2), fo_vocab_nwords(f->v));
	for (i = 0; i < fo_vocab_nwords(v2); i++)
		assert_string_equal(fo_vocab_word(v2, i), fo_vocab_word(f->v, i));
	/* the query side analyses exactly as the index did */
	assert_string_equal(fo_analyzer_fingerprint(an2),
	    fo_analyzer_fingerprint(f->an));
	blob2 = fo_vocab_encode(v2, &len2);
	assert_int_equal(len, len2);
	assert_memory_equal(blob, blob2, len);
	free(blob);
	free(blob2);
	fo_vocab_free(v2);
	fo_analyzer_free(an2);
}

static void
test_vocab__decode_rejects_damage(void **state)
{
	static const char *const bad[] = {
		"",
		"junk",
		"fiveout-vocab 2\n",
		"fiveout-vocab 1\nw\tx",		/* no final newline */
		"fiveout-vocab 1\nx\ty\n",		/* unknown record */
		"fiveout-vocab 1\np\tKEY\tx\n",		/* key not a-z */
		"fiveout-vocab 1\np\tkey\n",		/* missing word */
		"fiveout-vocab 1\ng\ta\t\tb\n",		/* empty member */
		"fiveout-vocab 1\nw\t\xff\n",		/* bad UTF-8 */
	};
	struct fo_vocab *v = (struct fo_vocab *)1;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = (struct fo_vocab *)1;
		if (fo_vocab_decode(bad[i], strlen(bad[i]), NULL, &v) !=
		    FO_ECORRUPT)
			fail_msg("accepted bad blob %zu", i);
		assert_null(v);
	}
	assert_int_equal(fo_vocab_decode("fiveout-vocab 1\n", 16, NULL, &v),
	    FO_OK);
	assert_int_equal(fo_vocab_nwords(v), 0);
	fo_vocab_free(v);
	fo_vocab_free(NULL);
}

/* Build 'c' with 'cache' on a fresh analyzer; return the vocabulary blob. */
static char *
build_with(struct fo_content *c, const char *cache, size_t clen, size_t *len,
    char **pycache, size_t *pylen)
{
	struct fo_analyzer *an = NULL;
	struct fo_vocab *v = NULL;
	char *blob;

	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, NULL), FO_OK);
	assert_int_equal(fo_vocab_build_cached(c, an, cache, clen, &v), FO_OK);
	blob = fo_vocab_encode(v, len);
	if (pycache != NULL)
		*pycache = fo_vocab_encode_pinyin(v, pylen);
	fo_vocab_free(v);
	fo_analyzer_free(an);
	return blob;
}

static void
test_vocab__pinyin_cache(void **state)
{
	struct fx *f = *state;
	char *ref, *blob, *py, *fake, *p;
	size_t rlen, len, pylen;

	ref = fo_vocab_encode(f->v, &rlen);
	/* what a build records: every word with pinyin keys, section
	   titles too */
	blob = build_with(&f->c, NULL, 0, &len, &py, &pylen);
	assert_int_equal(len, rlen);
	assert_memory_equal(blob, ref, rlen);
	free(blob);
	assert_non_null(strstr(py, "\n跨境电商\tkua jing dian shang\n"));
	assert_non_null(strstr(py, "\n全力推动外贸稳规模优结构\t"));
	/* with its own cache: the same vocabulary */
	blob = build_with(&f->c, py, pylen, &len, NULL, NULL);
	assert_int_equal(len, rlen);
	assert_memory_equal(blob, ref, rlen);
	free(blob);
	/* the cache is used: a planted pinyin gives its key ... */
	fake = strdup(py);
	p = strstr(fake, "kua jing dian shang");
	memcpy(p, "zzz", 3);
	blob = build_with(&f->c, fake, strlen(fake), &len, NULL, NULL);
	assert_non_null(strstr(blob, "\np\tzzzjingdianshang\t跨境电商\n"));
	free(blob);
	/* ... but not one from another ICU, nor a damaged one */
	p = strstr(fake, "icu=");
	p[4] = 'X';
	blob = build_with(&f->c, fake, strlen(fake), &len, NULL, NULL);
	assert_int_equal(len, rlen);
	assert_memory_equal(blob, ref, rlen);
	free(blob);
	p[4] = py[p - fake + 4];
	fake[strlen(fake) - 1] = '\0';	/* last line without its newline */
	blob = build_with(&f->c, fake, strlen(fake), &len, NULL, NULL);
	assert_int_equal(len, rlen);
	assert_memory_equal(blob, ref, rlen);
	free(blob);
	free(fake);
	free(py);
	free(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab__build_groups_and_pinyin),
		cmocka_unit_test(test_vocab__roundtrip_same_fingerprint),
		cmocka_unit_test(test_vocab__decode_rejects_damage),
		cmocka_unit_test(test_vocab__pinyin_cache),
	};

	return cmocka_run_group_tests_name("vocab", tests, setup, teardown);
}
