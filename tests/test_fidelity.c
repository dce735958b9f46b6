/* tests/test_fidelity.c -- the content files carry the official text.
 *
 * Runs from the repository root: reads content/source/opinion.md and the
 * content files directly, with the tiny front matter reader below (only
 * the number, section and title keys matter here).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "content.h"
#include "fidelity.h"
#include "status.h"
#include "testutil.h"

#define SOURCE	"content/source/opinion.md"

/* A content file split into its front matter keys and its body. */
struct cfile {
	char	*data;		/* whole file */
	int	 number, section;
	char	 title[512];
	const char *body;	/* points into data, after the closing --- */
};

static void
cfile_read(struct cfile *f, const char *path)
{
	char *p, *nl, *v;

	memset(f, 0, sizeof(*f));
	f->data = slurp(path, NULL);
	if (strncmp(f->data, "---\n", 4) != 0)
		fail_msg("%s: no front matter", path);
	for (p = f->data + 4; *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			fail_msg("%s: front matter not closed", path);
		if (strncmp(p, "---\n", 4) == 0) {
			f->body = p + 4;
			return;
		}
		*nl = '\0';
		if ((v = strchr(p, ':')) != NULL && p[0] != '#') {
			*v++ = '\0';
			while (*v == ' ')
				v++;
			if (strcmp(p, "number") == 0)
				f->number = atoi(v);
			else if (strcmp(p, "section") == 0)
				f->section = atoi(v);
			else if (strcmp(p, "title") == 0)
				snprintf(f->title, sizeof(f->title), "%s", v);
		}
	}
	fail_msg("%s: front matter not closed", path);
}

static void
cfile_clause(struct cfile *f, int n)
{
	char path[64];

	snprintf(path, sizeof(path), "content/clauses/%02d.md", n);
	cfile_read(f, path);
	assert_int_equal(f->number, n);
}

/* Code points in the first 'n' bytes of 's'. */
static size_t
ncp(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* 's' with the first 'from' replaced by 'to'; caller frees. */
static char *
replace(const char *s, const char *from, const char *to)
{
	struct fo_buf b = FO_BUF_INIT;
	const char *p = strstr(s, from);

	assert_non_null(p);
	fo_buf_put(&b, s, (size_t)(p - s));
	fo_buf_puts(&b, to);
	fo_buf_puts(&b, p + strlen(from));
	return fo_buf_detach(&b, NULL);
}

static int
setup(void **state)
{
	struct fo_source_text *src = NULL;
	char *err = NULL;

	if (fo_source_text_load(SOURCE, &src, &err) != FO_OK) {
		fprintf(stderr, "%s\n", err ? err : "load failed");
		free(err);
		return -1;
	}
	*state = src;
	return 0;
}

static int
teardown(void **state)
{
	fo_source_text_free(*state);
	return 0;
}

static void
test_fidelity__source_has_every_part(void **state)
{
	const struct fo_source_text *src = *state;
	static const int sec_of[FO_NCLAUSES + 1] = { 0,
	    2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6,
	    7, 7, 7 };
	int n;

	assert_string_equal(fo_source_text_title(src),
	    "中共广东省委广东省人民政府关于实施“五外联动”推进高水平对外开放的意见");
	assert_string_equal(fo_source_text_preamble(src),
	    "为深入贯彻习近平总书记关于对外开放的重要论述精神，在新起点上打好外贸、"
	    "外资、外包、外经、外智“五外联动”组合拳，坚定不移推进广东高水平对外开放，"
	    "加快塑造国际合作与竞争新优势，现结合实际提出如下意见。");
	assert_string_equal(fo_source_text_section_title(src, 1), "总体要求");
	assert_string_equal(fo_source_text_section_title(src, 7),
	    "强化保障措施");	/* the seed has it in bold */
	assert_true(strncmp(fo_source_text_section_body(src, 1), "坚持以",
	    strlen("坚持以")) == 0);
	for (n = 2; n <= FO_NSECTIONS; n++)
		assert_string_equal(fo_source_text_section_body(src, n), "");
	assert_null(fo_source_text_section_title(src, 8));
	assert_null(fo_source_text_section_title(src, 0));
	for (n = 1; n <= FO_NCLAUSES; n++) {
		const char *c = fo_source_text_clause(src, n);

		assert_non_null(c);
		assert_null(strchr(c, '*'));
		assert_null(strchr(c, ' '));
		assert_int_equal(fo_source_text_clause_section(src, n),
		    sec_of[n]);
	}
	assert_null(fo_source_text_clause(src, 25));
	assert_int_equal(fo_source_text_clause_section(src, 25), 0);
	/* the three marker styles, normalised */
	assert_true(strncmp(fo_source_text_clause(src, 1),
	    "（一）打造优势出口产业集群。巩固", strlen("（一）打造优势出口产业集群。巩固")) == 0);
	assert_true(strncmp(fo_source_text_clause(src, 6),
	    "（六）完善跨境物流体系。优化", strlen("（六）完善跨境物流体系。优化")) == 0);
	assert_true(strncmp(fo_source_text_clause(src, 13),
	    "（十三）建强服务外包平台。提升", strlen("（十三）建强服务外包平台。提升")) == 0);
	assert_string_equal(fo_source_text_clause_title(src, 4),
	    "发展外贸新业态");
	assert_string_equal(fo_source_text_clause_title(src, 24),
	    "强化联动效应");
	/* paragraphs split by the PDF's page breaks are joined */
	assert_non_null(strstr(fo_source_text_clause(src, 5),
	    "招引培育一批龙头贸易公司"));
	assert_non_null(strstr(fo_source_text_clause(src, 12),
	    "服务业态所需"));
	assert_non_null(strstr(fo_source_text_clause(src, 19),
	    "高效便捷服务，带动"));
	/* and the clause after a split one starts cleanly */
	assert_true(strncmp(fo_source_text_clause(src, 20), "（二十）",
	    strlen("（二十）")) == 0);
}

static void
test_fidelity__every_clause_matches(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_fidelity_diff d;
	struct cfile f;
	char *body;
	int n;

	for (n = 1; n <= FO_NCLAUSES; n++) {
		cfile_clause(&f, n);
		assert_int_equal(f.section,
		    fo_source_text_clause_section(src, n));
		assert_string_equal(f.title,
		    fo_source_text_clause_title(src, n));
		if (fo_fidelity_check_clause(src, n, f.title, f.body, &d) !=
		    FO_OK)
			fail_msg("clause %d differs at %zu: '%s' vs '%s'", n,
			    d.offset, d.actual, d.expected);
		/* the body alone is the clause after its title sentence */
		assert_int_equal(fo_fidelity_strip_md(f.body, strlen(f.body),
		    &body), FO_OK);
		assert_non_null(strstr(fo_source_text_clause(src, n), body));
		assert_string_equal(strstr(fo_source_text_clause(src, n), "。")
		    + strlen("。"), body);
		free(body);
		free(f.data);
	}
}

static void
test_fidelity__preamble_and_sections_match(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_fidelity_diff d;
	struct cfile f;
	char path[64];
	int n;

	cfile_read(&f, "content/document.md");
	assert_int_equal(fo_fidelity_check_preamble(src, f.title, f.body, &d),
	    FO_OK);
	/* the issuers keep their space in the title; whitespace never counts */
	assert_non_null(strstr(f.title, "中共广东省委 广东省人民政府关于"));
	free(f.data);
	for (n = 1; n <= FO_NSECTIONS; n++) {
		snprintf(path, sizeof(path), "content/sections/%02d.md", n);
		cfile_read(&f, path);
		assert_int_equal(f.number, n);
		assert_string_equal(f.title,
		    fo_source_text_section_title(src, n));
		if (fo_fidelity_check_section(src, n, f.title, f.body, &d) !=
		    FO_OK)
			fail_msg("section %d differs at %zu: '%s' vs '%s'", n,
			    d.offset, d.actual, d.expected);
		free(f.data);
	}
}

static void
test_fidelity__changed_character_found(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_fidelity_diff d;
	struct cfile f;
	char *bad;

	cfile_clause(&f, 4);
	/* "（四）发展外贸新业态。" is 11 characters, then 支持广州、深圳建设
	 * 跨境电商国际 (15) and 枢, the changed one. */
	bad = replace(f.body, "国际枢纽城市", "国际中纽城市");
	assert_int_equal(fo_fidelity_check_clause(src, 4, f.title, bad, &d),
	    FO_EPARSE);
	assert_int_equal(d.offset, 26);
	assert_int_equal(d.in_body, 1);
	assert_int_equal(d.line, 2);	/* body: blank line, then the text */
	assert_string_equal(d.actual, "建设跨境电商国际中纽城市，打造20");
	assert_string_equal(d.expected, "建设跨境电商国际枢纽城市，打造20");
	free(bad);

	/* a change in the title is outside the body: no body line */
	assert_int_equal(fo_fidelity_check_clause(src, 4, "发展外贸新业绩",
	    f.body, &d), FO_EPARSE);
	assert_int_equal(d.offset, 9);
	assert_int_equal(d.in_body, 0);
	assert_int_equal(d.line, 0);
	free(f.data);
}

static void
test_fidelity__dropped_character_found(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_fidelity_diff d;
	struct cfile f;
	char *bad;
	const char *c;

	/* Clause 5 as the PDF split it, over two paragraphs and wrapped
	 * lines: still the same text.  Then drop 龙 from the second
	 * paragraph, which starts on body line 4. */
	cfile_clause(&f, 5);
	bad = replace(f.body, "一批龙头贸易公司", "一批\n\n龙头贸易\n公司");
	assert_int_equal(fo_fidelity_check_clause(src, 5, f.title, bad, &d),
	    FO_OK);
	free(bad);
	bad = replace(f.body, "一批龙头贸易公司", "一批\n\n头贸易\n公司");
	assert_int_equal(fo_fidelity_check_clause(src, 5, f.title, bad, &d),
	    FO_EPARSE);
	c = fo_source_text_clause(src, 5);
	assert_int_equal(d.offset, ncp(c, (size_t)(strstr(c, "龙头贸易公司") - c)));
	assert_int_equal(d.in_body, 1);
	assert_int_equal(d.line, 4);
	assert_non_null(strstr(d.expected, "一批龙头贸易"));
	assert_non_null(strstr(d.actual, "一批头贸易公"));
	free(bad);
	free(f.data);

	/* the final 。 dropped: the content stops one character early */
	cfile_clause(&f, 24);
	bad = replace(f.body, "综合集成效应。", "综合集成效应");
	assert_int_equal(fo_fidelity_check_clause(src, 24, f.title, bad, &d),
	    FO_EPARSE);
	c = fo_source_text_clause(src, 24);
	assert_int_equal(d.offset, ncp(c, strlen(c)) - 1);
	assert_int_equal(d.in_body, 1);
	assert_int_equal(d.line, 2);
	assert_string_equal(d.expected, "动”综合集成效应。");
	assert_string_equal(d.actual, "动”综合集成效应");
	free(bad);
	free(f.data);
}

static void
test_fidelity__marker_style_is_not_content(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_source_text *alt = NULL;
	struct fo_fidelity_diff d;
	struct cfile f;
	char *md, *a, *b, *c, *err = NULL;
	size_t len;
	int n;

	(void)src;
	/* Swap the three marker styles around in the source. */
	md = slurp(SOURCE, &len);
	a = replace(md, "(一) **打造优势出口产业集群**。",
	    "**（一）打造优势出口产业集群。**");
	b = replace(a, "**（六）完善跨境物流体系。**",
	    "(六) **完善跨境物流体系**。");
	free(a);
	c = replace(b, "**(十三) 建强服务外包平台。**",
	    "（十三） 建强服务外包平台。");
	assert_int_equal(fo_source_text_parse(c, strlen(c), "alt", &alt, &err),
	    FO_OK);
	assert_null(err);
	for (n = 1; n <= FO_NCLAUSES; n++) {
		assert_string_equal(fo_source_text_clause(alt, n),
		    fo_source_text_clause(src, n));
		cfile_clause(&f, n);
		assert_int_equal(fo_fidelity_check_clause(alt, n, f.title,
		    f.body, &d), FO_OK);
		free(f.data);
	}
	fo_source_text_free(alt);

	/* Markup in the content is not content either... */
	cfile_clause(&f, 6);
	a = replace(f.body, "优化粤港贸易通道", "**优化**[粤港](term:yuegang)\n贸易通道");
	assert_int_equal(fo_fidelity_check_clause(src, 6, f.title, a, &d),
	    FO_OK);
	free(a);
	/* ...but the text is: clause 6's text filed as clause 7 gets the
	 * marker （七） from its number and differs at the first character
	 * of the title. */
	assert_int_equal(fo_fidelity_check_clause(src, 7, f.title, f.body, &d),
	    FO_EPARSE);
	assert_int_equal(d.offset, 3);
	assert_int_equal(d.in_body, 0);
	assert_int_equal(d.line, 0);
	assert_string_equal(d.expected, "（七）健全风险防控体系。");
	assert_string_equal(d.actual, "（七）完善跨境物流体系。");
	free(f.data);
	free(md);
	free(b);
	free(c);
}

static void
test_fidelity__section_text_where_none_is(void **state)
{
	const struct fo_source_text *src = *state;
	struct fo_fidelity_diff d;

	assert_int_equal(fo_fidelity_check_section(src, 2,
	    "全力推动外贸稳规模优结构", "", &d), FO_OK);
	assert_int_equal(fo_fidelity_check_section(src, 2,
	    "全力推动外贸稳规模优结构", "\n\n多余\n", &d), FO_EPARSE);
	assert_int_equal(d.offset, ncp("二、全力推动外贸稳规模优结构",
	    strlen("二、全力推动外贸稳规模优结构")));
	assert_int_equal(d.in_body, 1);
	assert_int_equal(d.line, 3);
	assert_int_equal(fo_fidelity_check_section(src, 8, "x", "", &d),
	    FO_ENOTFOUND);
	assert_int_equal(fo_fidelity_check_clause(src, 0, "x", "", &d),
	    FO_ENOTFOUND);
	assert_int_equal(fo_fidelity_check_clause(src, 1, "x", "\xff", &d),
	    FO_EINVAL);
}

static void
test_fidelity__strip_md_keeps_only_text(void **state)
{
	char *out = (char *)1;

	(void)state;
	assert_int_equal(fo_fidelity_strip_md(
	    "# 标题\n\n**加快** [海外仓](term:haiwaicang)\xe3\x80\x80x\xc2\xa0y"
	    " `co de` <b>h</b>\n\n> 引\n> 用\n\n    block\n", 
	    strlen("# 标题\n\n**加快** [海外仓](term:haiwaicang)\xe3\x80\x80x\xc2\xa0y"
	    " `co de` <b>h</b>\n\n> 引\n> 用\n\n    block\n"), &out), FO_OK);
	assert_string_equal(out, "标题加快海外仓xycodeh引用");
	free(out);
	assert_int_equal(fo_fidelity_strip_ws(" a\tb\n\xe3\x80\x80"
	    "c\xc2\xa0", strlen(" a\tb\n\xe3\x80\x80" "c\xc2\xa0"), &out),
	    FO_OK);
	assert_string_equal(out, "abc");
	free(out);
	out = (char *)1;
	assert_int_equal(fo_fidelity_strip_md("ab\xc3", 3, &out), FO_EINVAL);
	assert_null(out);
}

static void
test_fidelity__bad_source_is_refused(void **state)
{
	struct fo_source_text *src = (struct fo_source_text *)1;
	char *md, *bad, *err = NULL;
	size_t len;

	(void)state;
	assert_int_equal(fo_source_text_load("tests/no-such-file.md", &src,
	    &err), FO_ENOTFOUND);
	assert_null(src);
	assert_non_null(err);
	free(err);

	/* clause 九 missing: 十 comes out of order */
	md = slurp(SOURCE, &len);
	bad = replace(md, "**（九）强化制造业招商引资。**", "强化制造业招商引资。");
	src = (struct fo_source_text *)1;
	assert_int_equal(fo_source_text_parse(bad, strlen(bad), "bad.md", &src,
	    &err), FO_EPARSE);
	assert_null(src);
	assert_non_null(err);
	assert_non_null(strstr(err, "bad.md:40:"));
	free(err);
	free(bad);
	free(md);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fidelity__source_has_every_part),
		cmocka_unit_test(test_fidelity__every_clause_matches),
		cmocka_unit_test(test_fidelity__preamble_and_sections_match),
		cmocka_unit_test(test_fidelity__changed_character_found),
		cmocka_unit_test(test_fidelity__dropped_character_found),
		cmocka_unit_test(test_fidelity__marker_style_is_not_content),
		cmocka_unit_test(test_fidelity__section_text_where_none_is),
		cmocka_unit_test(test_fidelity__strip_md_keeps_only_text),
		cmocka_unit_test(test_fidelity__bad_source_is_refused),
	};

	return cmocka_run_group_tests_name("fidelity", tests, setup, teardown);
}
