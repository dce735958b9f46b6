/* tests/test_targets.c -- the quantified-target extractor (site/targets.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../site/site.h"

/* Targets of 'text' as "text|qualifier|number|unit" lines. */
static char *
find(const char *text)
{
	struct fo_targets t = FO_TARGETS_INIT;
	struct fo_buf b = FO_BUF_INIT;
	size_t i;

	fo_targets_find(text, &t);
	for (i = 0; i < t.n; i++)
		fo_buf_printf(&b, "%s|%s|%s|%s\n", t.v[i].text, t.v[i].qualifier,
		    t.v[i].number, t.v[i].unit);
	fo_targets_release(&t);
	return fo_buf_detach(&b, NULL);
}

#define EXPECT(text, want) do {						\
	char *got_ = find(text);					\
	assert_string_equal(got_, want);				\
	free(got_);							\
} while (0)

static void
test_targets__clause4_counts(void **state)
{
	(void)state;
	EXPECT("打造20个“产业集群+跨境电商”园区，培育10家百亿元级跨境电商龙头企业，"
	    "建设500个较大规模海外仓，推动跨境电商进出口规模突破万亿元。",
	    "20个||20|个\n10家||10|家\n百亿元级|量级|百亿|元\n500个||500|个\n"
	    "突破万亿元|突破|万亿|元\n");
}

static void
test_targets__qualifiers_and_spaces(void **state)
{
	(void)state;
	EXPECT("推动超过 10 万家中小外贸企业数字化改造，培育不少于 100 个有影响力的"
	    "自主出口品牌。",
	    "超过10万家|超过|10万|家\n不少于100个|不少于|100|个\n");
	EXPECT("推动“单一窗口”应用率保持在 90%以上。", "90%以上|以上|90|%\n");
}

static void
test_targets__descriptors_are_not_targets(void **state)
{
	(void)state;
	/* 强 a ranking; no unit, no target; 级 of an amount is a level */
	EXPECT("巩固提升电子信息等万亿元级出口产业集群，瞄准超千亿元级重点出口市场。",
	    "万亿元级|量级|万亿|元\n超千亿元级|超|千亿|元\n");
	EXPECT("推动智能家电出口迈上万亿元级台阶", "万亿元级|量级|万亿|元\n");
	EXPECT("培育 15 个省级数字服务出口基地", "15个||15|个\n");
	/* a count of kinds in Chinese; not 一大批, 大力 */
	EXPECT("建设六大进口基地，大力发展，引进一大批项目。", "六大||六|大\n");
	EXPECT("发挥世界 500 强企业俱乐部作用，吸引一批全球外包 100 强。", "");
	EXPECT("围绕 6G、新一代人工智能，落实省委“1310”具体部署。", "");
	/* a Chinese amount needs a qualifier */
	EXPECT("推动智能家电出口迈上万亿元台阶", "");
	EXPECT("营业收入超千亿元的本土跨国公司", "超千亿元|超|千亿|元\n");
}

static void
test_targets__context_and_span(void **state)
{
	struct fo_targets t = FO_TARGETS_INIT;
	const char *text = "提升水平，培育 15 个省级数字服务出口基地；其他。";

	(void)state;
	fo_targets_find(text, &t);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.v[0].context, "培育 15 个省级数字服务出口基地");
	assert_memory_equal(text + t.v[0].start, "15", 2);
	assert_memory_equal(text + t.v[0].end - 3, "个", 3);
	fo_targets_release(&t);
	assert_null(t.v);
}

static void
test_targets__empty_and_null(void **state)
{
	struct fo_targets t = FO_TARGETS_INIT;

	(void)state;
	fo_targets_find(NULL, &t);
	fo_targets_find("", &t);
	fo_targets_find("123", &t);
	assert_int_equal(t.n, 0);
	fo_targets_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets__clause4_counts),
		cmocka_unit_test(test_targets__qualifiers_and_spaces),
		cmocka_unit_test(test_targets__descriptors_are_not_targets),
		cmocka_unit_test(test_targets__context_and_span),
		cmocka_unit_test(test_targets__empty_and_null),
	};

	return cmocka_run_group_tests_name("targets", tests, NULL, NULL);
}
