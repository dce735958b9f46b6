/* tests/test_snippet.c -- best paragraph, window, highlight spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "buf.h"
#include "content.h"
#include "snippet.h"
#include "testutil.h"

static int
setup(void **state)
{
	struct fo_analyzer *an = NULL;
	char *err = NULL;

	if (fo_analyzer_open(test_lexicon(), &an, &err) != FO_OK) {
		fprintf(stderr, "no analyzer: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	*state = an;
	return 0;
}

static int
teardown(void **state)
{
	fo_analyzer_free(*state);
	return 0;
}

/* The text of span i of 'sn'. */
static char *
span_text(const struct fo_snippet *sn, size_t i)
{
	return strndup(sn->text + sn->spans[i].start,
	    sn->spans[i].end - sn->spans[i].start);
}

static void
test_snippet__best_paragraph_and_span(void **state)
{
	const char *text = "巩固提升电子信息产业。\n"
	    "支持广州、深圳建设跨境电商国际枢纽城市。\n"
	    "电商与跨境物流。";
	const char *needles[] = { "跨境电商", "跨境", "电商" };
	struct fo_snippet sn = FO_SNIPPET_INIT;
	char *s;

	assert_int_equal(fo_snippet_make(*state, text, needles, 3, 100, &sn),
	    FO_OK);
	/* the paragraph with the whole word wins over the scattered one */
	assert_int_equal(sn.para, 1);
	assert_string_equal(sn.text, "支持广州、深圳建设跨境电商国际枢纽城市。");
	/* 跨境 and 电商 inside 跨境电商 merge into one span */
	assert_int_equal(sn.nspans, 1);
	s = span_text(&sn, 0);
	assert_string_equal(s, "跨境电商");
	free(s);
	assert_int_equal(sn.spans[0].start, 27);
	assert_int_equal(sn.spans[0].cstart, 9);
	assert_int_equal(sn.spans[0].cend, 13);
	fo_snippet_release(&sn);
	assert_null(sn.text);
}

static void
test_snippet__traditional_page_marks_its_own_bytes(void **state)
{
	/* the needle is folded (Simplified); the page is Traditional */
	const char *text = "支持廣州、深圳建設跨境電商國際樞紐城市。";
	const char *needles[] = { "跨境电商" };
	struct fo_snippet sn = FO_SNIPPET_INIT;
	char *s;

	assert_int_equal(fo_snippet_make(*state, text, needles, 1, 100, &sn),
	    FO_OK);
	assert_int_equal(sn.para, 0);
	assert_int_equal(sn.nspans, 1);
	s = span_text(&sn, 0);
	assert_string_equal(s, "跨境電商");
	free(s);
	fo_snippet_release(&sn);
}

static void
test_snippet__latin_whole_words_any_case(void **state)
{
	const char *text = "高质量落实区域全面经济伙伴关系协定（RCEP），RCEPS 不算。";
	const char *needles[] = { "rcep" };
	struct fo_snippet sn = FO_SNIPPET_INIT;
	char *s;

	assert_int_equal(fo_snippet_make(*state, text, needles, 1, 100, &sn),
	    FO_OK);
	assert_int_equal(sn.nspans, 1);
	s = span_text(&sn, 0);
	assert_string_equal(s, "RCEP");
	free(s);
	fo_snippet_release(&sn);
}

static void
test_snippet__long_paragraph_window(void **state)
{
	char text[4096];
	const char *needles[] = { "海外仓" };
	struct fo_snippet sn = FO_SNIPPET_INIT;
	char *s;
	int i;

	text[0] = '\0';
	for (i = 0; i < 60; i++)
		strcat(text, "外贸");
	strcat(text, "海外仓");
	for (i = 0; i < 60; i++)
		strcat(text, "外资");
	assert_int_equal(fo_snippet_make(*state, text, needles, 1, 40, &sn),
	    FO_OK);
	/* cut at both ends, marked with an ellipsis */
	assert_int_equal(strncmp(sn.text, "…", 3), 0);
	assert_int_equal(strcmp(sn.text + strlen(sn.text) - 3, "…"), 0);
	assert_int_equal(sn.nspans, 1);
	s = span_text(&sn, 0);
	assert_string_equal(s, "海外仓");
	free(s);
	/* the mark comes early in the window: 40/5 = 8 characters in,
	   after the one-character ellipsis */
	assert_int_equal(sn.spans[0].cstart, 9);
	fo_snippet_release(&sn);
}

/* Sentences end at 。！？ with the closing quotes and brackets after
 * them; the numbering the site's #pNsM anchors use. */
static void
test_snippet__sentence_numbers(void **state)
{
	/* 甲。 | 乙“丙。” | 丁！） | 戊？ | 己 */
	const char *t = "甲。乙“丙。”丁！）戊？己";
	const char *needles[] = { "戊" };
	struct fo_snippet sn = FO_SNIPPET_INIT;

	assert_int_equal(fo_sentence_end("。”）x"), 9);
	assert_int_equal(fo_sentence_end("，"), 0);
	assert_int_equal(fo_sentence_at(t, 0), 1);
	assert_int_equal(fo_sentence_at(t, strstr(t, "乙") - t), 2);
	/* the closer belongs to the sentence it closes */
	assert_int_equal(fo_sentence_at(t, strstr(t, "”") - t), 2);
	assert_int_equal(fo_sentence_at(t, strstr(t, "丁") - t), 3);
	assert_int_equal(fo_sentence_at(t, strstr(t, "戊") - t), 4);
	assert_int_equal(fo_sentence_at(t, strstr(t, "己") - t), 5);
	/* a snippet knows the sentence of its first mark, in its paragraph */
	assert_int_equal(fo_snippet_make(*state, "无关。\n甲。乙“丙。”丁！）戊？己",
	    needles, 1, 100, &sn), FO_OK);
	assert_int_equal(sn.para, 1);
	assert_int_equal(sn.sentence, 4);
	fo_snippet_release(&sn);
	assert_int_equal(sn.sentence, 0);
	(void)state;
}

static void
test_snippet__no_match_is_page_start(void **state)
{
	const char *text = "\n第一段。\n第二段。";
	const char *needles[] = { "海外仓" };
	struct fo_snippet sn = FO_SNIPPET_INIT;

	assert_int_equal(fo_snippet_make(*state, text, needles, 1, 100, &sn),
	    FO_OK);
	assert_int_equal(sn.para, -1);
	assert_int_equal(sn.sentence, 0);
	assert_int_equal(sn.nspans, 0);
	assert_string_equal(sn.text, "第一段。");
	fo_snippet_release(&sn);
}

/* A page loaded from Markdown with a two-line code block: the hit after
 * it is paragraph 2 of the page text, the page's anchor p3 (not p4). */
static void
test_snippet__paragraph_after_code_block(void **state)
{
	static const char note[] = "---\ntitle: 代码\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n第一段。\n\n```\nint a;\nint b;\n```\n\n海外仓在这里。\n";
	const char *needles[] = { "海外仓" };
	char tmpl[] = "/tmp/fo-snippet-XXXXXX", path[600], *dir;
	struct fo_snippet sn = FO_SNIPPET_INIT;
	struct fo_content *c = NULL;
	struct fo_page *p;
	FILE *fp;

	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/annotations", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/annotations/code.md", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(note, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(fo_content_load(dir, &c), FO_OK);
	p = fo_content_find(c, "annotation:code");
	assert_non_null(p);
	assert_int_equal(fo_snippet_make(*state, p->text, needles, 1, 100,
	    &sn), FO_OK);
	assert_int_equal(sn.para, 2);
	assert_string_equal(p->paras[sn.para].anchor, "p3");
	assert_string_equal(sn.text, "海外仓在这里。");
	fo_snippet_release(&sn);
	fo_content_free(c);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof path, "%s/annotations", dir);
	assert_int_equal(rmdir(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_snippet__invalid_utf8(void **state)
{
	const char *needles[] = { "a" };
	struct fo_snippet sn = FO_SNIPPET_INIT;

	assert_int_equal(fo_snippet_make(*state, "a\xff", needles, 1, 100,
	    &sn), FO_EINVAL);
	assert_null(sn.text);
	assert_int_equal(fo_snippet_make(*state, NULL, needles, 1, 100, &sn),
	    FO_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snippet__best_paragraph_and_span),
		cmocka_unit_test(test_snippet__traditional_page_marks_its_own_bytes),
		cmocka_unit_test(test_snippet__latin_whole_words_any_case),
		cmocka_unit_test(test_snippet__long_paragraph_window),
		cmocka_unit_test(test_snippet__sentence_numbers),
		cmocka_unit_test(test_snippet__no_match_is_page_start),
		cmocka_unit_test(test_snippet__paragraph_after_code_block),
		cmocka_unit_test(test_snippet__invalid_utf8),
	};

	return cmocka_run_group_tests_name("snippet", tests, setup, teardown);
}
