/* tests/test_site.c -- fiveout-site internals: escaping, output paths,
 * gzip twins, the atomic output switch, and a whole build of content/. */
#include <math.h>
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
#include "index.h"
#include "store.h"
#include "xap.h"
#include "testutil.h"

static char *
read_or_null(const char *path)
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
	fo_json_esc(&b, "</script>\"\\\n", 12);
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

/* One fo_gz for many files, small and big (two levels): each twin is
 * what fo_gzip() gives alone, and inflates to its input. */
static void
test_site__gz_stream_reuse(void **state)
{
	struct fo_gz *gz = fo_gz_new();
	struct fo_buf big = FO_BUF_INIT, z = FO_BUF_INIT, alone = FO_BUF_INIT,
	    back = FO_BUF_INIT;
	const char *small = "<p>跨境电商</p>";
	unsigned long long x = 7;
	size_t i, round;

	(void)state;
	assert_non_null(gz);
	for (i = 0; big.len < 300 * 1024; i++) {	/* shard-like JSON */
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		fo_buf_printf(&big, "[%llu,%.6g],", x % 5000,
		    (double)(x % 100000) / 7919.0);
	}
	for (round = 0; round < 2; round++) {
		const char *in[3] = { small, big.data, small };
		size_t len[3] = { strlen(small), big.len, strlen(small) };

		for (i = 0; i < 3; i++) {
			fo_buf_reset(&z);
			fo_buf_reset(&alone);
			fo_buf_reset(&back);
			assert_int_equal(fo_gz_compress(gz, in[i], len[i], &z),
			    FO_OK);
			assert_int_equal(fo_gzip(in[i], len[i], &alone), FO_OK);
			assert_int_equal(z.len, alone.len);
			assert_memory_equal(z.data, alone.data, z.len);
			assert_int_equal(fo_gunzip(z.data, z.len, &back), FO_OK);
			assert_int_equal(back.len, len[i]);
			assert_memory_equal(back.data, in[i], len[i]);
		}
	}
	fo_gz_free(gz);
	fo_buf_release(&big);
	fo_buf_release(&z);
	fo_buf_release(&alone);
	fo_buf_release(&back);
}

/* fo_rmtree: a whole tree goes, a symlink in it is removed, not followed */
static void
test_site__rmtree_no_follow(void **state)
{
	char dir[] = "/tmp/fo-test-rmtree-XXXXXX";
	struct fo_buf p = FO_BUF_INIT, q = FO_BUF_INIT;
	struct stat sb;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&p, "%s/keep", dir);
	assert_int_equal(mkdir(p.data, 0755), 0);
	fo_buf_puts(&p, "/precious");
	assert_non_null(fp = fopen(p.data, "w"));
	fclose(fp);
	fo_buf_printf(&q, "%s/t", dir);
	assert_int_equal(mkdir(q.data, 0755), 0);
	fo_buf_puts(&q, "/a");
	assert_int_equal(mkdir(q.data, 0755), 0);
	fo_buf_puts(&q, "/b");
	assert_int_equal(mkdir(q.data, 0755), 0);
	fo_buf_puts(&q, "/f.html");
	assert_non_null(fp = fopen(q.data, "w"));
	fclose(fp);
	fo_buf_reset(&q);
	fo_buf_printf(&q, "%s/t/a/link", dir);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/keep", dir);
	assert_int_equal(symlink(p.data, q.data), 0);
	fo_buf_reset(&q);
	fo_buf_printf(&q, "%s/t", dir);
	assert_int_equal(fo_rmtree(q.data), 0);
	assert_int_not_equal(lstat(q.data, &sb), 0);
	fo_buf_puts(&p, "/precious");
	assert_int_equal(stat(p.data, &sb), 0);	/* not followed */
	assert_int_equal(fo_rmtree(q.data), 0);	/* missing: fine */
	assert_int_equal(fo_rmtree(dir), 0);
	assert_int_not_equal(lstat(dir, &sb), 0);
	fo_buf_release(&p);
	fo_buf_release(&q);
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
	s = read_or_null(p.data);
	assert_string_equal(s, "one");
	free(s);
	/* an aborted rebuild leaves the old site */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a/b.html", "two", 3, 1, &msg), FO_OK);
	fo_out_abort(o);
	s = read_or_null(p.data);
	assert_string_equal(s, "one");
	free(s);
	/* a committed rebuild replaces it */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a/b.html", "two", 3, 1, &msg), FO_OK);
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
	s = read_or_null(p.data);
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
	struct fo_site_opts o = { .lexicon = test_lexicon() };
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
	html = read_or_null(p.data);
	assert_non_null(html);
	assert_non_null(strstr(html, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(html, "<p id=\"p1\">"));
	assert_non_null(strstr(html, "Content-Security-Policy"));
	assert_non_null(strstr(html, "href=\"../../section/2/index.html\""));
	assert_null(strstr(html, "href=\"/"));	/* relative links only */
	assert_non_null(strstr(html, "<link rel=\"canonical\" "
	    "href=\"https://example.org/clause/4/\">"));
	assert_non_null(strstr(html, "<meta property=\"og:url\" "
	    "content=\"https://example.org/clause/4/\">"));
	assert_non_null(strstr(html, "<meta property=\"og:type\" "
	    "content=\"article\">"));
	assert_non_null(strstr(html, "<script type=\"application/ld+json\">"
	    "{\"@context\":\"https://schema.org\",\"@type\":\"Legislation\","
	    "\"name\":\"（四）发展外贸新业态\""));
	assert_non_null(strstr(html, "\"url\":\"https://example.org/clause/4/\""));
	/* each sentence of the official text has its anchor and its link */
	assert_non_null(strstr(html, "<span class=\"s\" id=\"p1s2\">加快建设"));
	assert_non_null(strstr(html, "<a class=\"sl\" href=\"#p1s2\""));
	/* the citation box: short and full forms, the permalink without
	 * index.html */
	assert_non_null(strstr(html, ">《意见》第（四）条</span>"));
	assert_non_null(strstr(html, "第（四）条“发展外贸新业态”，"
	    "https://example.org/clause/4/</span>"));
	free(html);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/out/targets/index.html", dir);
	html = read_or_null(p.data);
	assert_non_null(html);
	assert_non_null(strstr(html, "突破万亿元"));
	assert_non_null(strstr(html, "../clause/4/index.html#p1s1\">"
	    "（四）发展外贸新业态第1句</a>"));
	free(html);
	fo_content_free(c);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&p);
}

/* ---- BM25 from posting lists equals Xapian's own weights ----------- */

struct bm25_fx {
	unsigned *len;		size_t nlen;	/* docid -> document length */
	unsigned long long total;
	unsigned ndocs;
	struct fo_xdb *db;
	size_t	 nterm, checked, in_shards;
	const char *site;	/* built site, for the shard check */
	unsigned nshards;	/* its manifest's postings shards */
};

static int
cmp_uint(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static int
bm25_doc(void *ctx, unsigned docid, unsigned doclen, const char *data,
    size_t datalen)
{
	struct bm25_fx *f = ctx;

	(void)data; (void)datalen;
	if (docid >= f->nlen) {
		f->len = fo_xreallocarray(f->len, docid + 1, sizeof(*f->len));
		memset(f->len + f->nlen, 0, (docid + 1 - f->nlen) * sizeof(*f->len));
		f->nlen = docid + 1;
	}
	f->len[docid] = doclen;
	return 0;
}

static int
bm25_term(void *ctx, const char *t, unsigned termfreq,
    const struct fo_xposting *p, size_t n)
{
	struct bm25_fx *f = ctx;
	struct fo_qnode q = { FO_Q_TERM, NULL, 1, 0, 0, NULL, 0 };
	struct fo_xhits h = { NULL, 0, 0 };
	struct fo_bm25 w;
	size_t i, j;

	/* a sample: every 4th term, and every term in over a third of
	 * the documents (BM25's replaced negative idf) */
	if (t[0] == 'Q' || (f->nterm++ % 4 != 0 && termfreq * 3 <= f->ndocs))
		return 0;
	assert_int_equal(termfreq, n);
	q.term = (char *)t;
	assert_int_equal(fo_xdb_search(f->db, &q, 0, f->ndocs + 1, &h), FO_OK);
	assert_int_equal(h.n, n);
	fo_bm25_init(&w, termfreq, f->ndocs, f->total);
	for (i = 0; i < h.n; i++) {
		unsigned wdf = 0;

		for (j = 0; j < n; j++)
			if (p[j].docid == h.v[i].docid)
				wdf = p[j].wdf;
		assert_true(h.v[i].docid < f->nlen);
		/* equal as doubles, not merely close */
		if (fo_bm25_weight(&w, wdf, f->len[h.v[i].docid]) !=
		    h.v[i].weight)
			fail_msg("%s in document %u: %.17g, Xapian %.17g", t,
			    h.v[i].docid, fo_bm25_weight(&w, wdf,
			    f->len[h.v[i].docid]), h.v[i].weight);
	}
	/* the site's shard fnv32(term without its prefix) % shards has
	 * the term's entry:
	 * the MSet's documents in docid order, each as the gap from the
	 * one before (the first: its index + 1; index = docid - 1), negated
	 * and followed by the wdf unless that is 1 (xmem.c computes the
	 * weights above from these and the manifest's lengths) */
	if (f->site != NULL && f->checked % 16 == 0) {
		struct fo_buf e = FO_BUF_INIT, path = FO_BUF_INIT;
		unsigned *ids = fo_xcalloc(h.n + 1, sizeof(*ids)), prev = 0;
		uint32_t hh = 2166136261u;
		char *js;

		for (i = 0; i < h.n; i++)
			ids[i] = h.v[i].docid;
		qsort(ids, h.n, sizeof(*ids), cmp_uint);
		/* a line "term<TAB>postings" of the script's text */
		fo_buf_puts(&e, "\\n");
		fo_json_esc(&e, t, strlen(t));
		fo_buf_puts(&e, "\\t");
		for (i = 0; i < h.n; i++) {
			unsigned wdf = 0, gap = ids[i] - 1 - prev + (i == 0);

			for (j = 0; j < n; j++)
				if (p[j].docid == ids[i])
					wdf = p[j].wdf;
			if (wdf == 1)
				fo_buf_printf(&e, "%s%u", i ? " " : "", gap);
			else
				fo_buf_printf(&e, "%s-%u %u", i ? " " : "", gap,
				    wdf);
			prev = ids[i] - 1;
		}
		fo_buf_puts(&e, "\\n");
		/* hashed without the prefix letter */
		for (i = t[0] >= 'A' && t[0] <= 'Z'; t[i] != '\0'; i++) {
			hh ^= (unsigned char)t[i];
			hh *= 16777619u;
		}
		fo_buf_printf(&path, "%s/search/s/%u.js", f->site,
		    (unsigned)(hh % f->nshards));
		js = read_or_null(path.data);
		assert_non_null(js);
		if (strstr(js, e.data) == NULL)
			fail_msg("shard %s has no %s", path.data, e.data);
		free(js);
		free(ids);
		f->in_shards++;
		fo_buf_release(&e);
		fo_buf_release(&path);
	}
	f->checked++;
	fo_xhits_release(&h);
	return 0;
}

static void
test_site__bm25_equals_xapian(void **state)
{
	char dir[] = "/tmp/fo-test-bm25-XXXXXX";
	struct fo_content *c = NULL;
	struct fo_analyzer *an = NULL;
	struct fo_index_stats ist;
	struct fo_site_opts o = { .lexicon = test_lexicon() };
	struct fo_site_stats st;
	struct fo_buf db = FO_BUF_INIT, out = FO_BUF_INIT;
	struct bm25_fx f;
	char *msg = NULL;

	(void)state;
	memset(&f, 0, sizeof(f));
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&db, "%s/index", dir);
	fo_buf_printf(&out, "%s/site", dir);
	assert_int_equal(fo_content_load("content", &c), FO_OK);
	assert_int_equal(fo_analyzer_open(test_lexicon(), &an, &msg), FO_OK);
	assert_int_equal(fo_index_build(c, an, db.data, &ist, &msg), FO_OK);
	fo_analyzer_free(an);
	o.outdir = out.data;
	o.dbdir = db.data;
	o.base_url = "https://example.org/";
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	assert_true(st.search_terms > 1000);
	fo_content_free(c);

	assert_int_equal(fo_xdb_open(db.data, FO_XDB_READ, &f.db, NULL), FO_OK);
	assert_int_equal(fo_xdb_stats(f.db, &f.ndocs, &f.total), FO_OK);
	assert_true(f.ndocs > 70);
	assert_int_equal(fo_xdb_each_doc(f.db, bm25_doc, &f), FO_OK);
	/* docids 1..N with no gaps in a fresh index: shard index = docid-1 */
	assert_int_equal(f.nlen, f.ndocs + 1);
	f.site = out.data;
	{
		struct fo_buf mp = FO_BUF_INIT;
		char *m, *at;

		fo_buf_printf(&mp, "%s/search/manifest.js", out.data);
		assert_non_null(m = read_or_null(mp.data));
		assert_non_null(at = strstr(m, "\\nshards\\t"));
		f.nshards = (unsigned)strtoul(at + 10, NULL, 10);
		assert_true(f.nshards >= 1);
		/* one length per document, for BM25 */
		assert_non_null(at = strstr(m, "\\ndl\\t"));
		free(m);
		fo_buf_release(&mp);
	}
	assert_int_equal(fo_xdb_each_term(f.db, "", bm25_term, &f), FO_OK);
	assert_true(f.checked > 500);
	assert_true(f.in_shards > 30);
	fo_xdb_close(f.db);
	/* a rebuild takes pages' folded text and pinyin from .fiveout-cache
	 * and still writes the same bytes: every file is kept */
	{
		struct fo_buf cp = FO_BUF_INIT;
		char *cache;

		fo_buf_printf(&cp, "%s/.fiveout-cache", out.data);
		assert_non_null(cache = read_or_null(cp.data));
		assert_non_null(strstr(cache, "\nf\tclause:4 "));
		free(cache);
		size_t terms = st.search_terms, sbytes = st.search_bytes;

		assert_int_equal(fo_content_load("content", &c), FO_OK);
		assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
		assert_int_equal(st.files_kept, st.files);
		assert_int_equal(st.pages_written, 0);
		assert_int_equal(st.search_terms, terms);	/* as computed */
		assert_int_equal(st.search_bytes, sbytes);
		assert_non_null(cache = read_or_null(cp.data));
		assert_non_null(strstr(cache, "\nS\texport\t"));
		free(cache);
		/* the kept export's key covers the content: a page whose
		 * text changed (the index did not) gets a new document
		 * file search/d/<its index>.js */
		free(c->annotations[0]->text);
		c->annotations[0]->text = fo_xstrdup("海豹测试段落。");
		assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
		{
			size_t k, found = 0;

			for (k = 0; k < f.ndocs; k++) {
				fo_buf_reset(&cp);
				fo_buf_printf(&cp, "%s/search/d/%zu.js",
				    out.data, k);
				assert_non_null(cache = read_or_null(cp.data));
				found += strstr(cache, "海豹测试段落") != NULL;
				free(cache);
			}
			assert_int_equal(found, 1);
		}
		fo_content_free(c);
		fo_buf_release(&cp);
	}
	free(f.len);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&db);
	fo_buf_release(&out);
}

/* ---- .fiveout-cache: slow results kept between builds ---------------- */

static int
build_into(const char *out, struct fo_content *c)
{
	struct fo_site_opts o = { .lexicon = test_lexicon() };
	struct fo_site_stats st;
	char *msg = NULL;
	enum fo_status rc;

	o.outdir = out;
	o.base_url = "https://example.org/";
	rc = fo_site_build(&o, c, &st, &msg);
	free(msg);
	return rc == FO_OK ? 0 : -1;
}

static void
test_site__cache_kept_and_keyed(void **state)
{
	char dir[] = "/tmp/fo-test-cache-XXXXXX";
	struct fo_content *c = NULL;
	struct fo_buf out = FO_BUF_INIT, path = FO_BUF_INIT, edit = FO_BUF_INIT;
	char *cache, *line, *tab, name[256];
	struct stat sb;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&out, "%s/out", dir);
	fo_buf_printf(&path, "%s/out/.fiveout-cache", dir);
	assert_int_equal(fo_content_load("content", &c), FO_OK);
	assert_int_equal(build_into(out.data, c), 0);
	cache = read_or_null(path.data);
	assert_non_null(cache);
	assert_int_equal(strncmp(cache, "fiveout-site cache 1\t", 21), 0);
	assert_non_null(strstr(cache, "icu="));	/* keyed by the analyzer */
	/* a tag's pinyin is kept; say it is "zzz cache" instead */
	assert_non_null(line = strstr(cache, "\np\t"));
	line += 3;
	assert_non_null(tab = strchr(line, '\t'));
	assert_true((size_t)(tab - line) < sizeof(name));
	memcpy(name, line, (size_t)(tab - line));
	name[tab - line] = '\0';
	fo_buf_put(&edit, cache, (size_t)(line - cache));
	fo_buf_printf(&edit, "%s\tzzz cache\n", name);
	fo_buf_puts(&edit, strchr(tab, '\n') + 1);
	assert_non_null(fp = fopen(path.data, "wb"));
	assert_int_equal(fwrite(edit.data, 1, edit.len, fp), edit.len);
	assert_int_equal(fclose(fp), 0);
	/* the next build takes the kept value, not ICU's */
	assert_int_equal(build_into(out.data, c), 0);
	fo_buf_reset(&edit);
	fo_buf_printf(&edit, "%s/out/tag/zzz-cache/index.html", dir);
	assert_int_equal(stat(edit.data, &sb), 0);
	free(cache);
	/* another key (say, another ICU) voids the file */
	cache = read_or_null(path.data);
	assert_non_null(cache);
	assert_non_null(strstr(cache, "\tzzz cache\n"));
	assert_non_null(line = strstr(cache, "icu="));
	line[4] = line[4] == '9' ? '8' : '9';
	assert_non_null(fp = fopen(path.data, "wb"));
	assert_int_equal(fwrite(cache, 1, strlen(cache), fp), strlen(cache));
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(build_into(out.data, c), 0);
	assert_int_not_equal(stat(edit.data, &sb), 0);
	free(cache);
	cache = read_or_null(path.data);
	assert_non_null(cache);
	assert_null(strstr(cache, "zzz cache"));
	free(cache);
	/* a damaged file is only a slower build */
	assert_non_null(fp = fopen(path.data, "wb"));
	fputs("fiveout-site cache 1\tx\np\n\t\t\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(build_into(out.data, c), 0);
	fo_content_free(c);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&path);
	fo_buf_release(&edit);
}

/* ---- long lists in pages ------------------------------------------- */

/* How many times 'needle' occurs in the file 'path' (-1: no file). */
static int
count_in(const char *path, const char *needle)
{
	char *s = read_or_null(path), *p;
	int n = 0;

	if (s == NULL)
		return -1;
	for (p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	free(s);
	return n;
}

static int
exists(const char *dir, const char *rel)
{
	struct fo_buf b = FO_BUF_INIT;
	struct stat sb;
	int ok;

	fo_buf_printf(&b, "%s/%s", dir, rel);
	ok = stat(b.data, &sb) == 0;
	fo_buf_release(&b);
	return ok;
}

/* ---- the spare tree: a rebuild updates the replaced tree in place --- */

/* The text of 'rel' in 'dir' (and, of its twin, the gunzipped text, which
 * must be the same); NULL if missing.  Caller frees. */
static char *
text_of(const char *dir, const char *rel)
{
	struct fo_buf p = FO_BUF_INIT, z = FO_BUF_INIT;
	char *s, *gz;
	FILE *fp;
	long n;

	fo_buf_printf(&p, "%s/%s", dir, rel);
	s = read_or_null(p.data);
	fo_buf_puts(&p, ".gz");
	if (s != NULL && (fp = fopen(p.data, "rb")) != NULL) {
		fseek(fp, 0, SEEK_END);
		n = ftell(fp);
		fclose(fp);
		gz = read_or_null(p.data);
		assert_int_equal(fo_gunzip(gz, (size_t)n, &z), FO_OK);
		assert_string_equal(z.data, s);
		free(gz);
	}
	fo_buf_release(&p);
	fo_buf_release(&z);
	return s;
}

static ino_t
inode_of(const char *dir, const char *rel)
{
	struct fo_buf p = FO_BUF_INIT;
	struct stat sb;

	fo_buf_printf(&p, "%s/%s", dir, rel);
	assert_int_equal(lstat(p.data, &sb), 0);
	fo_buf_release(&p);
	return sb.st_ino;
}

/* One build of 'out' writing the 'n' files rels[i] = texts[i], each with
 * its twin; the replaced tree kept as the spare if 'spare'. */
static void
spare_build(const char *out, const char *const *rels, const char *const *texts,
    size_t n, int spare)
{
	struct fo_out *o;
	char *msg = NULL;
	size_t i;

	assert_int_equal(fo_out_open(out, &o, &msg), FO_OK);
	if (spare)
		fo_out_keep_spare(o);
	for (i = 0; i < n; i++)
		assert_int_equal(fo_out_write(o, rels[i], texts[i],
		    strlen(texts[i]), 1, &msg), FO_OK);
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
}

static void
assert_text(const char *dir, const char *rel, const char *want)
{
	char *s = text_of(dir, rel);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void
test_site__out_spare_updated_in_place(void **state)
{
	static const char *r1[] = { "a.html", "b.html", "c/d.html", "f.html" };
	static const char *t1[] = { "one", "bee", "dee", "same" };
	static const char *t2[] = { "two", "bee", "dee", "same" };
	static const char *r3[] = { "a.html", "b.html", "e/e.html", "f.html" };
	static const char *t3[] = { "three", "bee2", "new", "same" };
	char dir[] = "/tmp/fo-test-spare-XXXXXX";
	struct fo_buf out = FO_BUF_INIT, sp = FO_BUF_INIT, p = FO_BUF_INIT;
	struct fo_outfiles list;
	struct fo_outfile *e;
	struct fo_out *o;
	char *msg = NULL;
	struct stat sb;
	ino_t f_ino;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&out, "%s/site", dir);
	fo_buf_printf(&sp, "%s/site.spare", dir);
	spare_build(out.data, r1, t1, 4, 1);
	assert_false(exists(dir, "site.spare"));	/* nothing replaced */
	/* put into the site by hand: gone when the tree becomes the spare,
	   as nothing the list of a tree does not name stays in it */
	fo_buf_printf(&p, "%s/junk.html", out.data);
	assert_non_null(fp = fopen(p.data, "w"));
	fclose(fp);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/c/out", out.data);
	assert_int_equal(symlink("/etc", p.data), 0);
	spare_build(out.data, r1, t2, 4, 1);
	assert_true(exists(dir, "site.spare/.fiveout-site"));	/* build 1 */
	assert_text(sp.data, "a.html", "one");
	assert_false(exists(sp.data, "junk.html"));
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/c/out", sp.data);
	assert_int_not_equal(lstat(p.data, &sb), 0);
	assert_true(exists(sp.data, ".fiveout-files"));
	/* b.html is one file in both trees (kept by a hard link) */
	assert_int_equal(inode_of(sp.data, "b.html"), inode_of(out.data,
	    "b.html"));
	f_ino = inode_of(sp.data, "f.html");

	/* build 3 takes the spare: b changes in it, not in the live site */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	fo_out_keep_spare(o);
	assert_false(exists(dir, "site.spare"));
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(fo_out_write(o, r3[i], t3[i], strlen(t3[i]), 1,
		    &msg), FO_OK);
	assert_int_equal(fo_out_kept(o), 2);	/* f.html and its twin */
	assert_text(out.data, "b.html", "bee");
	assert_text(out.data, "a.html", "two");
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
	assert_text(out.data, "a.html", "three");
	assert_text(out.data, "b.html", "bee2");
	assert_text(out.data, "e/e.html", "new");
	assert_text(out.data, "f.html", "same");
	assert_int_equal(inode_of(out.data, "f.html"), f_ino);	/* in place */
	assert_false(exists(out.data, "c"));	/* c/d.html went, and c */
	assert_false(exists(out.data, "junk.html"));
	assert_text(sp.data, "b.html", "bee");	/* build 2, whole */
	assert_text(sp.data, "a.html", "two");
	/* the list says what the tree holds */
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/.fiveout-files", out.data);
	assert_int_equal(fo_outfiles_load(&list, p.data), 0);
	assert_int_equal(list.n, 4);
	assert_non_null(e = fo_outfiles_find(&list, "b.html"));
	assert_true(e->h == fo_bytes_hash("bee2", 4) && e->n == 4 && e->gz);
	assert_null(fo_outfiles_find(&list, "c/d.html"));
	fo_outfiles_release(&list);

	/* an aborted build leaves the live site; the spare it took is gone,
	   and nothing is left beside */
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_out_write(o, "a.html", "four", 4, 1, &msg), FO_OK);
	fo_out_abort(o);
	assert_text(out.data, "a.html", "three");
	assert_false(exists(dir, "site.spare"));
	/* a spare with a damaged list is not trusted */
	spare_build(out.data, r3, t3, 4, 1);
	assert_true(exists(dir, "site.spare"));
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/.fiveout-files", sp.data);
	assert_non_null(fp = fopen(p.data, "w"));
	fputs("fiveout-files 1\nb.html 0 x\n", fp);
	fclose(fp);
	spare_build(out.data, r1, t1, 4, 0);	/* and none is kept */
	assert_text(out.data, "b.html", "bee");
	assert_text(out.data, "c/d.html", "dee");
	assert_false(exists(dir, "site.spare"));
	/* fo_out_drop_spare() */
	spare_build(out.data, r1, t2, 4, 1);
	assert_true(exists(dir, "site.spare"));
	fo_out_drop_spare(out.data);
	assert_false(exists(dir, "site.spare"));
	assert_text(out.data, "a.html", "two");
	{
		char **v;
		size_t n, i;

		v = fo_dir_list(dir, &n);
		for (i = 0; i < n; i++)
			assert_null(strstr(v[i], ".new-"));
		fo_strv_free(v, n);
	}
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&sp);
	fo_buf_release(&p);
}

/* A value put replaces the previous build's of the same kind and name. */
static void
test_site__cache_put_replaces(void **state)
{
	char dir[] = "/tmp/fo-test-cput-XXXXXX";
	struct fo_buf out = FO_BUF_INIT, p = FO_BUF_INIT;
	struct fo_cache *c;
	struct fo_out *o;
	char *msg = NULL, *s;
	int round;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&out, "%s/site", dir);
	fo_buf_printf(&p, "%s/site/.fiveout-cache", dir);
	for (round = 1; round <= 3; round++) {
		char v[16];

		assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
		c = fo_cache_load(o, "key");
		if (round > 1) {
			snprintf(v, sizeof(v), "v%d", round - 1);
			assert_non_null(fo_cache_get(c, 'x', "k"));
			assert_string_equal(fo_cache_get(c, 'x', "k"), v);
		}
		snprintf(v, sizeof(v), "v%d", round);
		fo_cache_put(c, 'x', "k", v);
		assert_int_equal(fo_cache_save(c, o, &msg), FO_OK);
		fo_cache_free(c);
		assert_int_equal(fo_out_commit(o, &msg), FO_OK);
		s = read_or_null(p.data);
		assert_non_null(s);
		assert_int_equal(count_in(p.data, "x\tk\t"), 1);
		free(s);
	}
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&p);
}

/* 230 annotations on clause 4, tagged "bulk", linking 海外仓: the
 * annotation index, the tag, clause 4's annotations and the term's
 * backlinks come in pages of 100 that list each of them once; the
 * clause page shows 20; atom.xml the 50 newest; a rebuild of the same
 * content writes nothing, and an edit only some pages. */
static void
test_site__long_lists_paged(void **state)
{
	char dir[] = "/tmp/fo-test-pages-XXXXXX";
	struct fo_buf b = FO_BUF_INIT, out = FO_BUF_INIT, f = FO_BUF_INIT;
	struct fo_site_opts o = { .lexicon = test_lexicon() };
	struct fo_site_stats st;
	struct fo_content *c = NULL;
	char *msg = NULL;
	int i, n, total;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	fo_buf_printf(&b, "cp -R content %s/c", dir);
	assert_int_equal(system(b.data), 0);
	for (i = 0; i < 230; i++) {
		fo_buf_reset(&f);
		fo_buf_printf(&f, "%s/c/annotations/zz-bulk-%03d.md", dir, i);
		assert_non_null(fp = fopen(f.data, "w"));
		fprintf(fp, "---\ntitle: \"批量注解%03d\"\nauthor: \"测试\"\n"
		    "date: 2020-01-%02d\nclauses: [4]\ntags: [\"bulk\"]\n"
		    "sources:\n  - title: \"测试\"\n---\n\n"
		    "第%03d篇，谈[海外仓](term:haiwaicang)。\n", i, 1 + i % 28, i);
		assert_int_equal(fclose(fp), 0);
	}
	fo_buf_reset(&b);
	fo_buf_printf(&b, "%s/c", dir);
	assert_int_equal(fo_content_load(b.data, &c), FO_OK);
	assert_int_equal(c->diags.nerrors, 0);
	fo_buf_printf(&out, "%s/out", dir);
	o.outdir = out.data;
	o.base_url = "https://example.org/";
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	assert_null(msg);
	assert_int_equal(st.pages_written, st.pages);

	/* the annotation index: ceil(n / 100) pages, each annotation once */
	n = (int)c->nannotations;
	assert_true(n > 230 && n <= 300);
	assert_true(exists(out.data, "annotation/page/3/index.html"));
	assert_false(exists(out.data, "annotation/page/4/index.html"));
	assert_false(exists(out.data, "annotation/page/1/index.html"));
	total = 0;
	for (i = 1; i <= 3; i++) {
		fo_buf_reset(&f);
		if (i == 1)
			fo_buf_printf(&f, "%s/annotation/index.html", out.data);
		else
			fo_buf_printf(&f, "%s/annotation/page/%d/index.html",
			    out.data, i);
		total += count_in(f.data, "<li><h2><a href=");
		assert_int_equal(count_in(f.data, "class=\"pager\""), 1);
		assert_int_equal(count_in(f.data, "<h1>"), 1);
		/* the tag list is on the first page only */
		assert_int_equal(count_in(f.data, "<h2>按标签</h2>"), i == 1);
	}
	assert_int_equal(total, n);
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/annotation/page/2/index.html", out.data);
	assert_int_equal(count_in(f.data, "rel=\"prev\" href=\"../../../"
	    "annotation/index.html\""), 1);
	assert_int_equal(count_in(f.data, "rel=\"next\" href=\"../../../"
	    "annotation/page/3/index.html\""), 1);
	assert_int_equal(count_in(f.data, "zz-bulk-"), 100);

	/* the tag: 230 in three pages */
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/tag/bulk/page/3/index.html", out.data);
	assert_int_equal(count_in(f.data, "zz-bulk-"), 30);
	assert_int_equal(count_in(f.data, "<li><a href=\"../../../../"
	    "annotation/zz-bulk-"), 30);	/* one line each */
	assert_false(exists(out.data, "tag/bulk/page/4/index.html"));

	/* clause 4: the 20 newest on its page, all at clause/4/notes/ */
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/clause/4/index.html", out.data);
	assert_int_equal(count_in(f.data, "<li><h3><a href=\"../../annotation/"),
	    20);
	assert_int_equal(count_in(f.data, "href=\"../../clause/4/notes/"
	    "index.html\""), 1);	/* under 注解 (not again in backlinks) */
	total = 0;
	for (i = 1; i <= 3; i++) {
		fo_buf_reset(&f);
		if (i == 1)
			fo_buf_printf(&f, "%s/clause/4/notes/index.html",
			    out.data);
		else
			fo_buf_printf(&f, "%s/clause/4/notes/page/%d/index.html",
			    out.data, i);
		n = count_in(f.data, "zz-bulk-");
		assert_true(n > 0);
		total += n;
	}
	assert_true(total >= 230);
	assert_false(exists(out.data, "clause/4/notes/page/4/index.html"));
	assert_false(exists(out.data, "clause/5/notes/index.html"));

	/* the term's backlinks: 100 on its page, all at refs/ */
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/glossary/haiwaicang/index.html", out.data);
	n = count_in(f.data, "zz-bulk-");	/* with the pages of content/ */
	assert_true(n > 90 && n <= 100);
	assert_int_equal(count_in(f.data,
	    "href=\"../../glossary/haiwaicang/refs/index.html\""), 1);
	total = 0;
	for (i = 1; i <= 3; i++) {
		fo_buf_reset(&f);
		if (i == 1)
			fo_buf_printf(&f, "%s/glossary/haiwaicang/refs/index.html",
			    out.data);
		else
			fo_buf_printf(&f, "%s/glossary/haiwaicang/refs/page/%d/"
			    "index.html", out.data, i);
		total += count_in(f.data, "zz-bulk-");
	}
	assert_int_equal(total, 230);

	/* twins: every text file has one, small pages too */
	assert_true(exists(out.data, "annotation/index.html.gz"));
	assert_true(exists(out.data, "annotation/zz-bulk-000/index.html"));
	assert_true(exists(out.data, "annotation/zz-bulk-000/index.html.gz"));
	assert_true(exists(out.data, "atom.xml.gz"));
	assert_true(exists(out.data, "assets/style.css.gz"));

	/* atom.xml: the 50 newest */
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/atom.xml", out.data);
	assert_int_equal(count_in(f.data, "<entry>"), 50);

	/* the same content again: every page kept, none written */
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	assert_int_equal(st.pages_written, 0);
	assert_int_equal(st.pages_unchanged, st.pages);
	fo_content_free(c);

	/* an edit of an old annotation rewrites some pages, not all */
	fo_buf_reset(&f);
	fo_buf_printf(&f, "%s/c/annotations/zz-bulk-200.md", dir);
	assert_non_null(fp = fopen(f.data, "a"));
	fputs("\n补一句。\n", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(fo_content_load(b.data, &c), FO_OK);
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	assert_true(st.pages_written >= 1);
	assert_true(st.pages_written < 20);
	assert_int_equal(st.pages_written + st.pages_unchanged, st.pages);
	fo_content_free(c);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&b);
	fo_buf_release(&out);
	fo_buf_release(&f);
}

/* sitemap.xml: one file up to the limit; past it an index of files of
 * at most that many URLs, each URL in exactly one. */
static void
test_site__sitemap_index_past_max(void **state)
{
	char dir[] = "/tmp/fo-test-sitemap-XXXXXX";
	char *urls[5] = { (char *)"/", (char *)"/a/", (char *)"/b/",
	    (char *)"/c/", (char *)"/d/" };
	struct fo_url v[5];
	struct fo_urls pages;
	struct fo_out *o;
	struct fo_buf out = FO_BUF_INIT, f = FO_BUF_INIT;
	char *msg = NULL;
	size_t max, i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(v, 0, sizeof(v));
	for (i = 0; i < 5; i++)
		v[i].url = urls[i];
	memset(&pages, 0, sizeof(pages));
	pages.v = v;
	pages.n = 5;
	for (max = 2; max <= 5; max += 3) {
		fo_buf_reset(&out);
		fo_buf_printf(&out, "%s/out%zu", dir, max);
		assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
		assert_int_equal(fo_sitemap_write(&pages, "https://example.org/",
		    max, o, &msg), FO_OK);
		assert_null(msg);
		assert_int_equal(fo_out_commit(o, &msg), FO_OK);
		fo_buf_reset(&f);
		fo_buf_printf(&f, "%s/sitemap.xml", out.data);
		if (max == 5) {
			assert_int_equal(count_in(f.data, "<url><loc>"), 5);
			assert_int_equal(count_in(f.data, "<sitemapindex"), 0);
			assert_false(exists(out.data, "sitemap-1.xml"));
			continue;
		}
		assert_int_equal(count_in(f.data, "<sitemapindex"), 1);
		assert_int_equal(count_in(f.data, "<sitemap><loc>"), 3);
		assert_int_equal(count_in(f.data,
		    "<loc>https://example.org/sitemap-3.xml</loc>"), 1);
		assert_int_equal(count_in(f.data, "<url>"), 0);
		fo_buf_reset(&f);
		fo_buf_printf(&f, "%s/sitemap-1.xml", out.data);
		assert_int_equal(count_in(f.data, "<url><loc>"), 2);
		assert_int_equal(count_in(f.data,
		    "<loc>https://example.org/</loc>"), 1);
		fo_buf_reset(&f);
		fo_buf_printf(&f, "%s/sitemap-3.xml", out.data);
		assert_int_equal(count_in(f.data, "<url><loc>"), 1);
		assert_int_equal(count_in(f.data,
		    "<loc>https://example.org/d/</loc>"), 1);
		assert_true(exists(out.data, "sitemap-3.xml.gz"));
		assert_false(exists(out.data, "sitemap-4.xml"));
	}
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&f);
}

/* document.md's status, when given (content/ leaves it empty): a status
 * box on every clause page, the feed's subtitle, the JSON-LD; escaped. */
static void
test_site__document_status(void **state)
{
	char dir[] = "/tmp/fo-test-status-XXXXXX";
	struct fo_site_opts o = { .lexicon = test_lexicon() };
	struct fo_site_stats st;
	struct fo_content *c = NULL;
	struct fo_buf p = FO_BUF_INIT;
	char *msg = NULL, *html;
	int n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(fo_content_load("content", &c), FO_OK);
	fo_buf_printf(&p, "%s/out", dir);
	o.outdir = p.data;
	/* clause 4 without them first: no box */
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	fo_buf_printf(&p, "/clause/4/index.html");
	html = read_or_null(p.data);
	assert_null(strstr(html, "class=\"status\""));
	free(html);
	c->preamble->status = fo_xstrdup("现行有效");
	c->preamble->docno = fo_xstrdup("粤发〔2024〕<1>号");
	c->preamble->issued = fo_xstrdup("2024-03-01");
	c->preamble->checked = fo_xstrdup("2026-12-01");
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/out", dir);
	assert_int_equal(fo_site_build(&o, c, &st, &msg), FO_OK);
	for (n = 1; n <= FO_NCLAUSES; n++) {
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/out/clause/%d/index.html", dir, n);
		html = read_or_null(p.data);
		assert_non_null(strstr(html, "<aside class=\"status\""));
		assert_non_null(strstr(html, "<dd class=\"force\">现行有效</dd>"));
		assert_non_null(strstr(html, "<dd>粤发〔2024〕&lt;1&gt;号</dd>"));
		assert_non_null(strstr(html, "<time datetime=\"2026-12-01\">"));
		assert_non_null(strstr(html, "\"legislationIdentifier\":"
		    "\"粤发〔2024〕\\u003c1\\u003e号\""));
		assert_non_null(strstr(html, "\"legislationLegalForce\":"
		    "\"https://schema.org/InForce\""));
		assert_non_null(strstr(html, "\"legislationDate\":\"2024-03-01\""));
		free(html);
	}
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/out/atom.xml", dir);
	html = read_or_null(p.data);
	assert_non_null(strstr(html, "<subtitle>效力：现行有效；文号：粤发〔2024〕"
	    "&lt;1&gt;号；发布日期：2024-03-01；最后核对：2026-12-01</subtitle>"));
	free(html);
	fo_content_free(c);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&p);
}

/* Without a base URL there is no address for a sitemap: none is written,
 * and robots.txt names none. */
static void
test_site__no_base_url_no_sitemap(void **state)
{
	char dir[] = "/tmp/fo-test-sitemap-XXXXXX";
	char *urls[1] = { (char *)"/" };
	struct fo_url v[1];
	struct fo_urls pages;
	struct fo_out *o;
	struct fo_buf out = FO_BUF_INIT, f = FO_BUF_INIT;
	char *msg = NULL, *robots;

	(void)state;
	assert_non_null(mkdtemp(dir));
	memset(v, 0, sizeof(v));
	v[0].url = urls[0];
	memset(&pages, 0, sizeof(pages));
	pages.v = v;
	pages.n = 1;
	fo_buf_printf(&out, "%s/out", dir);
	assert_int_equal(fo_out_open(out.data, &o, &msg), FO_OK);
	assert_int_equal(fo_sitemap_write(&pages, NULL, 0, o, &msg), FO_OK);
	assert_int_equal(fo_out_commit(o, &msg), FO_OK);
	assert_false(exists(out.data, "sitemap.xml"));
	fo_buf_printf(&f, "%s/robots.txt", out.data);
	robots = read_or_null(f.data);
	assert_string_equal(robots, "User-agent: *\nAllow: /\n");
	free(robots);
	assert_int_equal(fo_rmtree(dir), 0);
	fo_buf_release(&out);
	fo_buf_release(&f);
}

static void
test_site__fmt_g6_is_printf(void **state)
{
	static const double fixed[] = { 0, 1, 10, 0.5, 1.015625, 2.5,
	    999999.5, 999999.4, 99999.95, 123456.5, 1234565, 0.0001,
	    0.00009999995, 0.000123456789, 1e-5, 1e-17, 1e17, 3e300,
	    5e-324, 0.1, 0.3, 7.0000005, 1.0000005, 4.2e-7, 65536.5,
	    12345678, 0.000099999949 };
	char want[64], got[64];
	unsigned long long x = 88172645463325252ull;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(want, sizeof(want), "%.6g", fixed[i]);
		assert_int_equal(fo_fmt_g6(got, fixed[i]), strlen(want));
		assert_string_equal(got, want);
	}
	/* log-uniform over 1e-9 .. 1e9, and BM25-like weights 0 .. 30 */
	for (i = 0; i < 400000; i++) {
		double v;

		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		if (i % 2)
			v = pow(10, (double)(x % 18000000) / 1e6 - 9);
		else
			v = (double)(x >> 11) / (double)(1ull << 53) * 30;
		snprintf(want, sizeof(want), "%.6g", v);
		fo_fmt_g6(got, v);
		if (strcmp(got, want) != 0)
			fail_msg("%.17g: %s, printf %s", v, got, want);
	}
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
		cmocka_unit_test(test_site__gz_stream_reuse),
		cmocka_unit_test(test_site__rmtree_no_follow),
		cmocka_unit_test(test_site__out_switch_and_refusal),
		cmocka_unit_test(test_site__out_spare_updated_in_place),
		cmocka_unit_test(test_site__cache_put_replaces),
		cmocka_unit_test(test_site__build_content),
		cmocka_unit_test(test_site__bm25_equals_xapian),
		cmocka_unit_test(test_site__fmt_g6_is_printf),
		cmocka_unit_test(test_site__cache_kept_and_keyed),
		cmocka_unit_test(test_site__long_lists_paged),
		cmocka_unit_test(test_site__sitemap_index_past_max),
		cmocka_unit_test(test_site__no_base_url_no_sitemap),
		cmocka_unit_test(test_site__document_status),
	};

	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}
