/* tests/test_site.c -- fiveout-site internals: escaping, output paths,
 * gzip twins, the atomic output switch, and a whole build of content/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../site/site.h"

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct fo_buf b = FO_BUF_INIT;
	char tmp[4096];
	size_t n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(tmp, 1, sizeof(tmp), fp)) > 0)
		fo_buf_put(&b, tmp, n);
	fclose(fp);
	return fo_buf_detach(&b, NULL);
}

static void
test_site__html_escape(void **state)
{
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	fo_esc_htmls(&b, "<script>a&b</script> \"x\" 'y' 跨境");
	assert_string_equal(b.data, "&lt;script&gt;a&amp;b&lt;/script&gt; "
	    "&quot;x&quot; &#39;y&#39; 跨境");
	fo_buf_release(&b);
}

static void
test_site__url_and_json_escape(void **state)
{
	struct fo_buf b = FO_BUF_INIT;

	(void)state;
	fo_esc_url(&b, "跨境 a/b?", strlen("跨境 a/b?"));
	assert_string_equal(b.data, "%E8%B7%A8%E5%A2%83%20a%2Fb%3F");
	fo_buf_reset(&b);
	fo_esc_json(&b, "</script>\"\\\n", 12);
	assert_string_equal(b.data, "\\u003c/script\\u003e\\\"\\\\\\n");
	fo_buf_reset(&b);
	fo_esc_xml(&b, "a\x01<&>");
	assert_string_equal(b.data, "a&lt;&amp;&gt;");
	fo_buf_release(&b);
}

static void
test_site__external_url_safety(void **state)
{
	(void)state;
	assert_true(fo_url_is_external_safe("https://www.gd.gov.cn/x?a=1&b=2"));
	assert_true(fo_url_is_external_safe("mailto:a@b.example"));
	assert_false(fo_url_is_external_safe("javascript:alert(1)"));
	assert_false(fo_url_is_external_safe("JAVASCRIPT:alert(1)"));
	assert_false(fo_url_is_external_safe("data:text/html,x"));
	assert_false(fo_url_is_external_safe("https://x.example/\"onmouseover=1"));
	assert_false(fo_url_is_external_safe("https://x.example/ a"));
	assert_false(fo_url_is_external_safe("//x.example/"));
	assert_false(fo_url_is_external_safe(NULL));
}

static void
test_site__output_paths(void **state)
{
	(void)state;
	assert_true(fo_out_path_ok("index.html"));
	assert_true(fo_out_path_ok("clause/4/index.html"));
	assert_true(fo_out_path_ok("tag/kua-jing-dian-shang/index.html"));
	assert_false(fo_out_path_ok("../x"));
	assert_false(fo_out_path_ok("a/../../x"));
	assert_false(fo_out_path_ok("/etc/passwd"));
	assert_false(fo_out_path_ok("a//b"));
	assert_false(fo_out_path_ok("a/"));
	assert_false(fo_out_path_ok(".hidden"));
	assert_false(fo_out_path_ok("tag/跨境/index.html"));
	assert_false(fo_out_path_ok("a b"));
	assert_false(fo_out_path_ok(""));
	assert_false(fo_out_path_ok(NULL));
}

static void
test_site__gzip_roundtrip(void **state)
{
	struct fo_buf z = FO_BUF_INIT, z2 = FO_BUF_INIT, back = FO_BUF_INIT;
	const char *text = "跨境电商跨境电商跨境电商 <p>hello</p>";

	(void)state;
	assert_int_equal(fo_gzip(text, strlen(text), &z), FO_OK);
	assert_true(z.len > 18);
	assert_int_equal((unsigned char)z.data[0], 0x1f);	/* gzip magic */
	assert_int_equal((unsigned char)z.data[1], 0x8b);
	assert_int_equal(fo_gunzip(z.data, z.len, &back), FO_OK);
	assert_string_equal(back.data, text);
	/* reproducible: same input, same bytes (mtime 0) */
	assert_int_equal(fo_gzip(text, strlen(text), &z2), FO_OK);
	assert_int_equal(z.len, z2.len);
	assert_memory_equal(z.data, z2.data, z.len);
	fo_buf_reset(&back);
	assert_int_equal(fo_gunzip(z.data, z.len - 5, &back), FO_ECORRUPT);
	fo_buf_release(&z);
	fo_buf_release(&z2);
	fo_buf_release(&back);
}

static void
test_site__out_switch_and_refusal(void **state)
{
	char dir[] = "/tmp/fo-test-site-XXXXXX";
	struct fo_buf out = FO_BUF_INIT, p = FO_BUF_INIT;
	struct fo_out *o;
	char *msg = NULL, *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&out, "%s/site", dir);
	/* first build */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a/b.html", "one", 3, 1, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "../escape", "x", 1, 0, &msg), FO_EINVAL);
	free(msg);
	msg = NULL;
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
	fo_buf_printf(&p, "%s/a/b.html", out.data);
	s = slurp(p.data);
	assert_string_equal(s, "one");
	free(s);
	/* an aborted rebuild leaves the old site */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a/b.html", "two", 3, 1, &msg), FO_OK);
	fo_out_abort(o);
	s = slurp(p.data);
	assert_string_equal(s, "one");
	free(s);
	/* a committed rebuild replaces it */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a/b.html", "two", 3, 1, &msg), FO_OK);
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
	s = slurp(p.data);
	assert_string_equal(s, "two");
	free(s);
	/* a directory we did not make is refused */
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/mine", dir);
	assert_int_equal(mkdir(p.data, 0755), 0);
	fo_buf_puts(&p, "/keep");
	fclose(fopen(p.data, "w"));
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/mine", dir);
	assert_int_equal(fo_out_open(p.data, &o, &msg), FO_EINVAL);
	assert_null(o);
	assert_non_null(msg);
	free(msg);
	fo_buf_puts(&p, "/keep");
	assert_int_equal(access(p.data, F_OK), 0);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&p);
}

static void
test_site__build_content(void **state)
{
	char dir[] = "/tmp/fo-test-site-XXXXXX";
	struct fo_site_opts o = { 0 };
	struct fo_site_stats st;
	struct fo_content *c = NULL;
	struct fo_buf p = FO_BUF_INIT;
	char *msg = NULL, *html;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(fo_content_load("content", &c), FO_OK);
	fo_buf_printf(&p, "%s/out", dir);
	o.outdir = p.data;
	o.base_url = "https://example.org/";
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	assert_null(msg);
	assert_true(st.pages >= 1 + 7 + 24 + 5);
	fo_buf_printf(&p, "/clause/4/index.html");
	html = slurp(p.data);
	assert_non_null(html);
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(html, "<p id=\"p1\">"));
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "href=\"../../section/2/index.html\""));
	assert_null(strstr(html, "href=\"/"));	/* relative links only */
	free(html);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/out/targets/index.html", dir);
	html = slurp(p.data);
	assert_non_null(html);
	assert_non_null(strstr(html, "突破万亿元"));
	assert_non_null(strstr(html, "../clause/4/index.html#p1"));
	free(html);
	fo_content_free(c);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_site__html_escape),
		cmocka_unit_test(test_site__url_and_json_escape),
		cmocka_unit_test(test_site__external_url_safety),
		cmocka_unit_test(test_site__output_paths),
		cmocka_unit_test(test_site__gzip_roundtrip),
		cmocka_unit_test(test_site__out_switch_and_refusal),
		cmocka_unit_test(test_site__build_content),
	};

	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}
