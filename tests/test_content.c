/* tests/test_content.c -- the content model: the real tree under content/,
 * one lint fixture per rule (tests/fixtures/lint/<rule>/) and generated
 * trees for limits, the fidelity rule and garbage front matter.
 * Run from the repository root. */
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

#include "buf.h"
#include "content.h"
#include "snippet.h"
#include "content_int.h"
#include "status.h"
#include "testutil.h"

#define FIX	"tests/fixtures/lint/"

/* ---- helpers ---------------------------------------------------------- */

static struct fo_content *
load_ok(const char *root)
{
	struct fo_content *c = NULL;

	assert_int_equal(fo_content_load(root, &c), FO_OK);
	assert_non_null(c);
	return c;
}

/* Everything fo_diags_print() prints; caller frees. */
static char *
diags_text(const struct fo_content *c)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	assert_non_null(fp);
	fo_diags_print(&c->diags, fp);
	fclose(fp);
	return s;
}

/* 1 if a printed line starts with "<loc>: <sev>: " and contains 'sub'. */
static int
has_diag(const struct fo_content *c, const char *loc, const char *sev,
    const char *sub)
{
	char *all = diags_text(c), *line, *save = NULL, prefix[512];
	int found = 0;

	snprintf(prefix, sizeof prefix, "%s: %s: ", loc, sev);
	for (line = strtok_r(all, "\n", &save); line && !found;
	    line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, prefix, strlen(prefix)) == 0 &&
		    strstr(line, sub) != NULL)
			found = 1;
	if (!found) {
		free(all);
		all = diags_text(c);
		print_error("expected '%s%s...' in:\n%s", prefix, sub, all);
	}
	free(all);
	return found;
}

static void
expect(const char *rule, const char *loc, const char *sev, const char *sub)
{
	char root[256], full[512];
	struct fo_content *c;

	snprintf(root, sizeof root, FIX "%s", rule);
	snprintf(full, sizeof full, "%s/%s", root, loc);
	c = load_ok(root);
	assert_true(has_diag(c, full, sev, sub));
	if (strcmp(sev, "error") == 0)
		assert_true(c->diags.nerrors > 0);
	fo_content_free(c);
}

/* A fresh temporary tree with an annotations/ directory. */
static char *
tmp_tree(void)
{
	char tmpl[] = "/tmp/fo-content-XXXXXX", path[512];
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/annotations", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	return fo_xstrdup(dir);
}

/* tmp_tree() holding a copy of content/, to add one file to. */
static char *
content_copy(void)
{
	char *dir = tmp_tree(), cmd[700];

	snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r content '%s'", dir,
	    dir);
	assert_int_equal(system(cmd), 0);
	return dir;
}

static void
rm_tree(char *dir)
{
	assert_int_equal(rm_rf(dir), 0);
	free(dir);
}

static int
contains_page(struct fo_page **v, size_t n, const struct fo_page *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == p)
			return 1;
	return 0;
}

/* ---- the real tree ---------------------------------------------------- */

static void
test_content__real_tree_is_complete(void **state)
{
	struct fo_content *c = load_ok("content");
	int n;

	(void)state;
	if (c->diags.nerrors > 0) {
		char *all = diags_text(c);

		print_error("content/ has errors:\n%s", all);
		free(all);
	}
	assert_int_equal(c->diags.nerrors, 0);
	assert_non_null(c->preamble);
	assert_string_equal(c->preamble->id, "preamble");
	assert_string_equal(c->preamble->slug, "index");
	assert_string_equal(c->preamble->url, "/");
	assert_true(c->preamble->nissuers >= 2);
	assert_non_null(strstr(c->preamble->source_url, "gd.gov.cn"));
	assert_non_null(strstr(c->preamble->text, "五外联动"));
	for (n = 1; n <= FO_NSECTIONS; n++) {
		assert_non_null(c->sections[n]);
		assert_int_equal(c->sections[n]->number, n);
		assert_int_equal(c->sections[n]->section, n);
		assert_int_equal(c->sections[n]->kind, FO_KIND_SECTION);
	}
	for (n = 1; n <= FO_NCLAUSES; n++) {
		assert_non_null(c->clauses[n]);
		assert_int_equal(c->clauses[n]->number, n);
		assert_in_range(c->clauses[n]->section, 2, FO_NSECTIONS);
		assert_true(c->clauses[n]->nparas >= 1);
		assert_string_equal(c->clauses[n]->paras[0].anchor, "p1");
	}
	assert_int_equal(c->npages, 1 + FO_NSECTIONS + FO_NCLAUSES +
	    c->nannotations + c->nglossary);
	assert_ptr_equal(c->pages[0], c->preamble);
	assert_ptr_equal(c->pages[1], c->sections[1]);
	assert_ptr_equal(c->pages[1 + FO_NSECTIONS], c->clauses[1]);
	fo_content_free(c);
}

static void
test_content__real_tree_labels_and_ids(void **state)
{
	struct fo_content *c = load_ok("content");
	struct fo_page *p;

	(void)state;
	p = c->clauses[4];
	assert_string_equal(p->label, "（四）发展外贸新业态");
	assert_string_equal(p->title, "发展外贸新业态");
	assert_string_equal(p->numeral, "四");
	assert_string_equal(p->id, "clause:4");
	assert_string_equal(p->slug, "4");
	assert_string_equal(p->url, "/clause/4/");
	assert_string_equal(p->path, "content/clauses/04.md");
	assert_int_equal(p->section, 2);
	assert_int_equal(p->body_line, 6);
	assert_int_equal(p->paras[0].line, 7);
	assert_non_null(strstr(p->text, "海外仓"));
	assert_string_equal(c->clauses[24]->label, "（二十四）强化联动效应");
	assert_string_equal(c->sections[2]->label, "二、全力推动外贸稳规模优结构");
	assert_string_equal(c->sections[2]->url, "/section/2/");
	assert_string_equal(c->sections[2]->id, "section:2");
	assert_ptr_equal(fo_content_find(c, "clause:4"), p);
	assert_ptr_equal(fo_content_find(c, "section:2"), c->sections[2]);
	assert_ptr_equal(fo_content_find(c, "preamble"), c->preamble);
	assert_null(fo_content_find(c, "clause:25"));
	assert_null(fo_content_find(c, NULL));
	fo_content_free(c);
}

static void
test_content__real_tree_ids_unique_and_sorted(void **state)
{
	struct fo_content *c = load_ok("content");
	size_t i, j;

	(void)state;
	for (i = 0; i < c->npages; i++)
		for (j = i + 1; j < c->npages; j++)
			assert_string_not_equal(c->pages[i]->id, c->pages[j]->id);
	for (i = 1; i < c->nannotations; i++) {
		int d = strcmp(c->annotations[i - 1]->date,
		    c->annotations[i]->date);

		assert_true(d > 0 || (d == 0 && strcmp(c->annotations[i - 1]->
		    slug, c->annotations[i]->slug) < 0));
	}
	for (i = 1; i < c->nglossary; i++)
		assert_true(strcmp(c->glossary[i - 1]->slug,
		    c->glossary[i]->slug) < 0);
	for (i = 0; i < c->nannotations; i++) {
		struct fo_page *a = c->annotations[i];
		char url[300];

		snprintf(url, sizeof url, "/annotation/%s/", a->slug);
		assert_string_equal(a->url, url);
		assert_true(a->nsources > 0);
		assert_non_null(a->sources[0].title);
	}
	fo_content_free(c);
}

static void
test_content__real_tree_links_resolve_with_backlinks(void **state)
{
	struct fo_content *c = load_ok("content");
	size_t i, j, k, nresolved = 0;

	(void)state;
	for (i = 0; i < c->npages; i++) {
		struct fo_page *p = c->pages[i];

		for (j = 0; j < p->nlinks; j++) {
			struct fo_link *lk = &p->links[j];

			assert_true(lk->line >= p->body_line);
			if (lk->kind == FO_LINK_EXTERNAL) {
				assert_null(lk->page);
				continue;
			}
			assert_non_null(lk->page);
			nresolved++;
			if (lk->kind == FO_LINK_CLAUSE) {
				assert_ptr_equal(lk->page,
				    c->clauses[lk->number]);
				if (p->kind == FO_KIND_ANNOTATION) {
					int found = 0;

					for (k = 0; k < p->nclauses; k++)
						found |= p->clauses[k] ==
						    lk->number;
					assert_true(found);
				}
			}
			if (lk->page != p)
				assert_true(contains_page(lk->page->backlinks,
				    lk->page->nbacklinks, p));
		}
		if (p->kind == FO_KIND_ANNOTATION) {
			assert_true(p->nclauses > 0);
			for (k = 0; k < p->nclauses; k++) {
				if (k > 0)
					assert_true(p->clauses[k - 1] <
					    p->clauses[k]);
				assert_true(contains_page(c->clauses[p->
				    clauses[k]]->backlinks, c->clauses[p->
				    clauses[k]]->nbacklinks, p));
			}
		}
	}
	if (c->nannotations > 0)
		assert_true(nresolved > 0);
	fo_content_free(c);
}

static void
test_content__real_tree_terms(void **state)
{
	struct fo_content *c = load_ok("content");
	size_t i, j, k;

	(void)state;
	for (i = 0; i < c->nglossary; i++) {
		struct fo_page *g = c->glossary[i];

		assert_ptr_equal(fo_content_term(c, g->slug), g);
		assert_ptr_equal(fo_content_term(c, g->title), g);
		for (k = 0; k < g->naliases; k++)
			assert_ptr_equal(fo_content_term(c, g->aliases[k]), g);
	}
	assert_null(fo_content_term(c, "没有这个术语"));
	/* a clause's terms occur in its title or text (term or an alias) or
	 * are linked */
	for (i = 1; i <= FO_NCLAUSES; i++) {
		struct fo_page *p = c->clauses[i];

		for (j = 0; j < p->nterms; j++) {
			struct fo_page *g = p->terms[j];
			int ok = strstr(p->text, g->title) != NULL ||
			    strstr(p->title, g->title) != NULL;

			assert_int_equal(g->kind, FO_KIND_GLOSSARY);
			for (k = 0; k < g->naliases; k++)
				ok |= strstr(p->text, g->aliases[k]) != NULL ||
				    strstr(p->title, g->aliases[k]) != NULL;
			for (k = 0; k < p->nlinks; k++)
				ok |= p->links[k].page == g;
			assert_true(ok);
		}
	}
	/* clause 4's own title names 外贸新业态 */
	assert_true(contains_page(c->clauses[4]->terms, c->clauses[4]->nterms,
	    fo_content_term(c, "外贸新业态")));
	/* and every glossary term found in a clause text is listed */
	for (i = 0; i < c->nglossary; i++)
		for (j = 1; j <= FO_NCLAUSES; j++)
			if (strstr(c->clauses[j]->text, c->glossary[i]->title))
				assert_true(contains_page(c->clauses[j]->terms,
				    c->clauses[j]->nterms, c->glossary[i]));
	fo_content_free(c);
}

/* ---- one fixture per lint rule --------------------------------------- */

static void
test_content__lint_missing_front_matter(void **state)
{
	(void)state;
	expect("no-front-matter", "annotations/note.md:1:1", "error",
	    "missing front matter");
	expect("unclosed", "annotations/note.md:1:1", "error",
	    "front matter is not closed");
}

static void
test_content__lint_malformed_yaml_maps_to_file_line(void **state)
{
	(void)state;
	expect("bad-yaml", "annotations/note.md:6:8", "error",
	    "malformed YAML front matter: did not find expected ',' or ']'");
}

static void
test_content__lint_missing_field(void **state)
{
	(void)state;
	expect("missing-field", "annotations/note.md:1:1", "error",
	    "missing required field 'author'");
}

static void
test_content__lint_wrong_type(void **state)
{
	(void)state;
	expect("wrong-type", "annotations/note.md:5:10", "error",
	    "field 'clauses' must be a list of numbers");
	expect("wrong-type", "annotations/note.md:6:10", "error",
	    "field 'trusted' must be true or false");
	expect("wrong-type", "clauses/04.md:2:9", "error",
	    "field 'number' must be a number without quotes");
}

static void
test_content__lint_unknown_field_did_you_mean(void **state)
{
	struct fo_content *c;

	(void)state;
	expect("unknown-field", "annotations/note.md:6:1", "warning",
	    "unknown field 'tag' is ignored: did you mean 'tags'?");
	expect("unknown-field", "annotations/typo.md:5:1", "warning",
	    "did you mean 'clauses'?");
	expect("unknown-field", "glossary/haiwaicang.md:3:1", "warning",
	    "did you mean 'aliases'?");
	expect("unknown-field", "annotations/note.md:10:1", "warning",
	    "unknown field 'colour' is ignored: the fields here are title");
	expect("unknown-field", "annotations/note.md:9:5", "warning",
	    "unknown source field 'link'");
	/* a warning leaves the page in the model */
	c = load_ok(FIX "unknown-field");
	assert_non_null(fo_content_find(c, "annotation:note"));
	assert_null(fo_content_find(c, "annotation:typo"));
	fo_content_free(c);
}

static void
test_content__lint_duplicate_id(void **state)
{
	struct fo_content *c;

	(void)state;
	expect("duplicate-id", "clauses/4.md:2:9", "error",
	    "duplicate id 'clause:4': " FIX "duplicate-id/clauses/04.md "
	    "already defines it");
	c = load_ok(FIX "duplicate-id");
	assert_string_equal(c->clauses[4]->path, FIX "duplicate-id/clauses/04.md");
	fo_content_free(c);
}

static void
test_content__lint_references_name_the_target(void **state)
{
	struct fo_content *c;

	(void)state;
	expect("bad-ref", "annotations/note.md:5:14", "error",
	    "clause 25 does not exist: the opinion has clauses 1–24");
	expect("bad-ref", "annotations/note.md:9:2", "error",
	    "clause 25 does not exist");
	expect("bad-ref", "annotations/note.md:9:21", "error",
	    "section 8 does not exist: the opinion has sections 1–7");
	expect("bad-ref", "annotations/note.md:10:3", "error",
	    "term 'bucunzai' does not exist");
	expect("bad-ref", "annotations/note.md:12:1", "error",
	    "term 'haiwaichang' does not exist: did you mean term:haiwaicang?");
	expect("bad-ref", "annotations/note.md:10:27", "error",
	    "annotation 'nosuch' does not exist");
	expect("bad-ref", "annotations/note.md:10:52", "error",
	    "link 'clause:four' needs a clause number 1–24");
	c = load_ok(FIX "bad-ref");
	/* the term link by its text resolved: no error for line 11 */
	assert_int_equal(c->diags.nerrors, 7);
	fo_content_free(c);
}

static void
test_content__lint_bytes(void **state)
{
	(void)state;
	expect("bad-utf8", "annotations/note.md:3:12", "error",
	    "invalid UTF-8 (byte 0xff at byte offset 35)");
	expect("nul", "annotations/note.md:4:3", "error",
	    "NUL byte at byte offset 27");
}

static void
test_content__lint_unsafe_names(void **state)
{
	(void)state;
	expect("bad-name", "annotations/Bad Name.md:1:1", "error",
	    "unsafe file name");
	expect("bad-name", "annotations/UPPER.md:1:1", "error", "unsafe file name");
	expect("bad-name", "annotations/中文.md:1:1", "error", "unsafe file name");
	expect("bad-name", "annotations/-dash.md:1:1", "error", "unsafe file name");
	expect("bad-name", "annotations/notes.txt", "warning",
	    "not a Markdown file");
	assert_true(fo__lint_name_ok("kuajing-dianshang.md"));
	assert_true(fo__lint_name_ok("04.md"));
	assert_false(fo__lint_name_ok("../x.md"));
	assert_false(fo__lint_name_ok(".md"));
	assert_false(fo__lint_name_ok("a.MD"));
	assert_false(fo__lint_name_ok("a b.md"));
	/* one slug rule, one limit: a name the loader accepts is one
	   `make annotation` (fo_slug_valid) accepts, and the other way */
	{
		char name[FO_SLUG_MAX + 8];

		memset(name, 'a', FO_SLUG_MAX);
		name[FO_SLUG_MAX] = '\0';
		assert_true(fo_slug_valid(name));
		memcpy(name + FO_SLUG_MAX, ".md", 4);
		assert_true(fo__lint_name_ok(name));
		memset(name, 'a', FO_SLUG_MAX + 1);
		name[FO_SLUG_MAX + 1] = '\0';
		assert_false(fo_slug_valid(name));
		memcpy(name + FO_SLUG_MAX + 1, ".md", 4);
		assert_false(fo__lint_name_ok(name));
	}
}

static void
test_content__lint_alias_claimed_twice(void **state)
{
	(void)state;
	/* glossary entries are checked in slug order: haiwai-cangku first */
	expect("alias-clash", "glossary/haiwaicang.md:2:7", "error",
	    "'海外仓' is already a term or alias of " FIX
	    "alias-clash/glossary/haiwai-cangku.md");
	expect("alias-clash", "glossary/haiwaicang.md:3:11", "error",
	    "'海外仓库' is already a term or alias");
}

static void
test_content__lint_invalid_date(void **state)
{
	(void)state;
	expect("bad-date", "annotations/note.md:4:7", "error",
	    "invalid date '2024-02-30'");
	assert_true(fo__lint_date_ok("2024-02-29"));
	assert_false(fo__lint_date_ok("2023-02-29"));
	assert_false(fo__lint_date_ok("2024-13-01"));
	assert_false(fo__lint_date_ok("2024-1-01"));
	assert_true(fo__lint_date_ok("2000-02-29"));
	assert_false(fo__lint_date_ok("1900-02-29"));
}

/* document.md's optional status fields: a status from the list, real
 * dates; the others as written. */
static void
test_content__lint_document_status(void **state)
{
	struct fo_content *c;
	char path[512], *dir;
	FILE *f;

	(void)state;
	expect("bad-status", "document.md:7:9", "error",
	    "status '有效' is not one of 现行有效, 已修订, 已废止");
	dir = tmp_tree();
	snprintf(path, sizeof path, "%s/document.md", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("---\ntitle: 测试意见\nissuers: [测试机关]\nsource: "
	    "https://example.org/doc\nissued: 2024-03-01\ndocno: "
	    "测发〔2024〕1号\nstatus: 已修订\nchecked:\n---\n\n序言。\n", f);
	assert_int_equal(fclose(f), 0);
	c = load_ok(dir);
	assert_non_null(c->preamble);
	assert_string_equal(c->preamble->issued, "2024-03-01");
	assert_string_equal(c->preamble->docno, "测发〔2024〕1号");
	assert_string_equal(c->preamble->status, "已修订");
	assert_null(c->preamble->checked);	/* "checked:" left empty */
	fo_content_free(c);
	rm_tree(dir);
	/* content/ leaves them empty: no value is invented */
	c = load_ok("content");
	assert_null(c->preamble->issued);
	assert_null(c->preamble->docno);
	assert_null(c->preamble->status);
	assert_null(c->preamble->checked);
	fo_content_free(c);
}

static void
test_content__lint_number_matches_file_name(void **state)
{
	(void)state;
	expect("number-mismatch", "clauses/05.md:2:9", "error",
	    "clause number 6 does not match the file name 05.md");
}

static void
test_content__lint_missing_files(void **state)
{
	(void)state;
	expect("missing-files", "clauses", "error",
	    "23 clause files are missing (02.md, 03.md");
	expect("missing-files", "sections", "error",
	    "7 section files are missing");
	expect("missing-files", "document.md:1:1", "error",
	    "document.md is missing");
}

static void
test_content__lint_raw_html_unless_trusted(void **state)
{
	struct fo_content *c;
	char *all;

	(void)state;
	expect("raw-html", "annotations/plain.md:11:1", "warning",
	    "raw HTML is not rendered; set trusted: true");
	c = load_ok(FIX "raw-html");
	all = diags_text(c);
	assert_null(strstr(all, "trusted.md:10"));
	assert_int_equal(fo_content_find(c, "annotation:trusted")->trusted, 1);
	assert_int_equal(fo_content_find(c, "annotation:plain")->trusted, 0);
	free(all);
	fo_content_free(c);
}

static void
test_content__did_you_mean(void **state)
{
	static const char *const f[] = { "title", "author", "date", "clauses",
	    "tags", "sources", "trusted", NULL };

	(void)state;
	assert_string_equal(fo__lint_near("tag", f), "tags");
	assert_string_equal(fo__lint_near("clause", f), "clauses");
	assert_string_equal(fo__lint_near("titel", f), "title");
	assert_string_equal(fo__lint_near("source", f), "sources");
	assert_null(fo__lint_near("colour", f));
	assert_null(fo__lint_near("x", f));
}

/* ---- generated trees -------------------------------------------------- */

static void
test_content__lint_file_too_big(void **state)
{
	char *dir = tmp_tree(), path[600];
	size_t n = FO_MAX_FILE_BYTES + 1;
	char *big = fo_xmalloc(n);
	struct fo_content *c;

	(void)state;
	memset(big, 'a', n);
	memcpy(big, "---\ntitle: x\n---\n", 17);
	snprintf(path, sizeof path, "%s/annotations/big.md", dir);
	write_file(path, big, n);
	free(big);
	c = load_ok(dir);
	strcat(path, ":1:1");
	assert_true(has_diag(c, path, "error", "over the limit of 262144 "
	    "bytes"));
	assert_int_equal(c->diags.nerrors, 1);
	fo_content_free(c);
	rm_tree(dir);
}

/* A link to a clause or section whose file is absent names the file. */
static void
test_content__lint_link_to_missing_page(void **state)
{
	static const char note[] = "---\ntitle: 链接\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n见[条款](clause:4)和[部分](section:2)。\n";
	char *dir = tmp_tree(), path[600], loc[700];
	struct fo_content *c;

	(void)state;
	snprintf(path, sizeof path, "%s/annotations/note.md", dir);
	write_file(path, note, sizeof note - 1);
	c = load_ok(dir);
	snprintf(loc, sizeof loc, "%s:9:2", path);
	assert_true(has_diag(c, loc, "error", "link to clause 4: clause 4 "
	    "has no page in this tree (clauses/04.md is missing or has "
	    "errors)"));
	snprintf(loc, sizeof loc, "%s:9:17", path);
	assert_true(has_diag(c, loc, "error", "link to section 2: section 2 "
	    "has no page in this tree (sections/02.md is missing or has "
	    "errors)"));
	fo_content_free(c);
	rm_tree(dir);
}

static void
test_content__fidelity_edit_is_an_error(void **state)
{
	char *dir = tmp_tree(), path[600], *clause, *src, *at;
	size_t n, ns;
	struct fo_content *c;

	(void)state;
	snprintf(path, sizeof path, "%s/source", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/clauses", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	src = slurp("content/source/opinion.md", &ns);
	snprintf(path, sizeof path, "%s/source/opinion.md", dir);
	write_file(path, src, ns);
	free(src);
	clause = slurp("content/clauses/04.md", &n);
	at = strstr(clause, "500个");
	assert_non_null(at);
	at[0] = '6';		/* 500 -> 600 */
	snprintf(path, sizeof path, "%s/clauses/04.md", dir);
	write_file(path, clause, n);
	free(clause);
	c = load_ok(dir);
	snprintf(path, sizeof path, "%s/clauses/04.md:7", dir);
	assert_true(has_diag(c, path, "error", "clause text differs from the "
	    "official text near '"));
	assert_true(has_diag(c, path, "error", "the official text may not be "
	    "edited (see content/source/opinion.md)"));
	fo_content_free(c);
	rm_tree(dir);
}

static const char good[] =
    "---\n"
    "title: 段落与链接\n"
    "author: 编辑部\n"
    "date: 2024-05-01\n"
    "clauses: [16]\n"
    "tags: [外贸]\n"
    "sources:\n"
    "  - title: 来源\n"
    "    url: https://example.org/\n"
    "---\n"
    "\n"
    "# 标题\n"
    "\n"
    "第一段[（四）](clause:4)\n"
    "接着写。 See <https://example.org/x> and\n"
    "more text.\n"
    "\n"
    "- 列表项[五外](term:wuwai)\n";

static void
test_content__paragraphs_and_link_positions(void **state)
{
	static const char wuwai[] = "---\nterm: 五外联动\naliases: [五外]\n"
	    "sources:\n  - title: t\n---\n定义\n";
	char *dir = tmp_tree(), path[600];
	struct fo_content *c;
	struct fo_page *p;

	(void)state;
	snprintf(path, sizeof path, "%s/glossary", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/glossary/wuwai.md", dir);
	write_file(path, wuwai, strlen(wuwai));
	snprintf(path, sizeof path, "%s/annotations/note.md", dir);
	write_file(path, good, sizeof good - 1);
	c = load_ok(dir);
	p = fo_content_find(c, "annotation:note");
	assert_non_null(p);
	assert_int_equal(p->body_line, 11);
	assert_int_equal(p->nparas, 3);
	assert_string_equal(p->paras[0].text, "标题");
	assert_int_equal(p->paras[0].line, 12);
	assert_string_equal(p->paras[1].text,
	    "第一段（四）接着写。 See https://example.org/x and more text.");
	assert_int_equal(p->paras[1].line, 14);
	assert_string_equal(p->paras[1].anchor, "p2");
	assert_string_equal(p->paras[2].text, "列表项五外");
	assert_int_equal(p->paras[2].line, 18);
	assert_string_equal(p->text, "标题\n第一段（四）接着写。 See "
	    "https://example.org/x and more text.\n列表项五外");
	assert_int_equal(p->nlinks, 3);
	assert_int_equal(p->links[0].kind, FO_LINK_CLAUSE);
	assert_int_equal(p->links[0].number, 4);
	assert_int_equal(p->links[0].line, 14);
	assert_int_equal(p->links[0].col, 4);	/* characters, not bytes */
	assert_int_equal(p->links[1].kind, FO_LINK_EXTERNAL);
	assert_string_equal(p->links[1].target, "https://example.org/x");
	assert_int_equal(p->links[1].line, 15);
	assert_int_equal(p->links[1].col, 10);	/* the '<' of the autolink */
	assert_int_equal(p->links[2].kind, FO_LINK_TERM);
	assert_string_equal(p->links[2].target, "wuwai");
	assert_int_equal(p->links[2].line, 18);
	assert_int_equal(p->links[2].col, 6);
	assert_ptr_equal(p->links[2].page, fo_content_find(c, "glossary:wuwai"));
	/* clauses = front matter 16 + link 4, sorted; no clause pages here */
	assert_int_equal(p->nclauses, 2);
	assert_int_equal(p->clauses[0], 4);
	assert_int_equal(p->clauses[1], 16);
	assert_int_equal(p->nterms, 1);
	assert_true(contains_page(p->links[2].page->backlinks,
	    p->links[2].page->nbacklinks, p));
	assert_string_equal(p->sources[0].url, "https://example.org/");
	assert_string_equal(p->tags[0], "外贸");
	fo_content_free(c);
	rm_tree(dir);
}

/* A code block and a hard break stay one paragraph each, on one line of
 * the page text, so line i of p->text is paragraph i and anchor p<i+1>. */
static void
test_content__code_block_is_one_line(void **state)
{
	static const char note[] = "---\ntitle: 代码\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n第一段。\n\n```\nint a;\n\nint b;\r\n  缩进行\n```\n\n"
	    "硬换行  \n之后。\n\n    缩进代码\n    第二行\n\n末段。\n";
	char *dir = tmp_tree(), path[600], *line, *save = NULL, *copy;
	struct fo_content *c;
	struct fo_page *p;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/annotations/code.md", dir);
	write_file(path, note, sizeof note - 1);
	c = load_ok(dir);
	p = fo_content_find(c, "annotation:code");
	assert_non_null(p);
	assert_int_equal(p->nparas, 5);
	assert_string_equal(p->paras[1].text, "int a; int b;  缩进行");
	assert_string_equal(p->paras[2].text, "硬换行之后。");
	assert_string_equal(p->paras[3].text, "缩进代码 第二行");
	assert_string_equal(p->paras[4].text, "末段。");
	assert_string_equal(p->paras[4].anchor, "p5");
	copy = fo_xstrdup(p->text);
	for (i = 0, line = strtok_r(copy, "\n", &save); line != NULL;
	    i++, line = strtok_r(NULL, "\n", &save)) {
		assert_true(i < p->nparas);
		assert_null(strchr(p->paras[i].text, '\n'));
		assert_string_equal(line, p->paras[i].text);
	}
	assert_int_equal(i, p->nparas);
	free(copy);
	fo_content_free(c);
	rm_tree(dir);
}

/* clause:N#pM (and section:, term:, annotation:) link paragraph M of
 * the target: accepted when it exists, else an error naming the count. */
/* clause:N#pMsK links sentence K of paragraph M, counted as the site
 * cuts its #pMsK anchors; only the official text has them. */
static void
test_content__sentence_links(void **state)
{
	static const char ok[] = "---\ntitle: 好\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n见[第2句](clause:4#p1s2)。\n";
	static const char bad[] = "---\ntitle: 坏\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n[a](clause:4#p1s3) [b](term:haiwaicang#p1s1)\n"
	    "[c](clause:4#p1s0) [d](clause:4#p1s)\n";
	char *dir = content_copy(), path[700];
	struct fo_content *c;
	struct fo_page *p;
	const char *text;

	(void)state;
	/* clause 4's one paragraph has two sentences */
	c = load_ok(dir);
	p = fo_content_find(c, "clause:4");
	text = p->paras[0].text;
	assert_int_equal(fo_sentence_at(text, strlen(text)), 2);
	fo_content_free(c);

	snprintf(path, sizeof path, "%s/annotations/zz-ok.md", dir);
	write_file(path, ok, sizeof ok - 1);
	c = load_ok(dir);
	assert_int_equal(c->diags.nerrors, 0);
	p = fo_content_find(c, "annotation:zz-ok");
	assert_int_equal(p->nlinks, 1);
	assert_int_equal(p->links[0].para, 1);
	assert_int_equal(p->links[0].sentence, 2);
	assert_string_equal(p->links[0].target, "4");
	fo_content_free(c);

	snprintf(path, sizeof path, "%s/annotations/zz-bad.md", dir);
	write_file(path, bad, sizeof bad - 1);
	c = load_ok(dir);
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:9:1", dir);
	assert_true(has_diag(c, path, "error", "link to clause:4#p1s3: "
	    "paragraph 1 of clause:4 has 2 sentences (#p1s1–#p1s2)"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:9:20", dir);
	assert_true(has_diag(c, path, "error", "only the official text"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:10:1", dir);
	assert_true(has_diag(c, path, "error", "not a paragraph or sentence"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:10:20", dir);
	assert_true(has_diag(c, path, "error", "'clause:4#p1s'"));
	assert_int_equal(c->diags.nerrors, 4);
	fo_content_free(c);
	rm_tree(dir);
}

static void
test_content__paragraph_links(void **state)
{
	static const char ok[] = "---\ntitle: 好\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n见[（四）](clause:4#p1)与[海外仓](term:haiwaicang#p1)。\n";
	static const char bad[] = "---\ntitle: 坏\nauthor: 编辑部\n"
	    "date: 2024-05-01\nclauses: [4]\nsources:\n  - title: 来源\n"
	    "---\n[a](clause:4#p2) [b](section:2#p1)\n[c](clause:4#top) "
	    "[d](clause:4#p01)\n";
	char *dir = content_copy(), path[700];
	struct fo_content *c;
	struct fo_page *p;

	(void)state;
	snprintf(path, sizeof path, "%s/annotations/zz-ok.md", dir);
	write_file(path, ok, sizeof ok - 1);
	c = load_ok(dir);
	assert_int_equal(c->diags.nerrors, 0);
	p = fo_content_find(c, "annotation:zz-ok");
	assert_non_null(p);
	assert_int_equal(p->nlinks, 2);
	assert_int_equal(p->links[0].kind, FO_LINK_CLAUSE);
	assert_int_equal(p->links[0].number, 4);
	assert_int_equal(p->links[0].para, 1);
	assert_string_equal(p->links[0].target, "4");
	assert_ptr_equal(p->links[0].page, fo_content_find(c, "clause:4"));
	assert_int_equal(p->links[1].para, 1);
	assert_ptr_equal(p->links[1].page,
	    fo_content_find(c, "glossary:haiwaicang"));
	fo_content_free(c);

	snprintf(path, sizeof path, "%s/annotations/zz-bad.md", dir);
	write_file(path, bad, sizeof bad - 1);
	c = load_ok(dir);
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:9:1", dir);
	assert_true(has_diag(c, path, "error", "link to clause:4#p2: "
	    "clause:4 has 1 paragraph (#p1)"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:9:18", dir);
	assert_true(has_diag(c, path, "error", "section:2 has no paragraphs"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:10:1", dir);
	assert_true(has_diag(c, path, "error", "link 'clause:4#top' has a "
	    "fragment that is not a paragraph"));
	snprintf(path, sizeof path, "%s/annotations/zz-bad.md:10:19", dir);
	assert_true(has_diag(c, path, "error", "'clause:4#p01'"));
	assert_int_equal(c->diags.nerrors, 4);
	fo_content_free(c);
	rm_tree(dir);
}

static void
test_content__not_a_directory(void **state)
{
	struct fo_content *c = (struct fo_content *)1;

	(void)state;
	assert_int_equal(fo_content_load("tests/no-such-dir", &c), FO_ENOTFOUND);
	assert_null(c);
	c = (struct fo_content *)1;
	assert_int_equal(fo_content_load("Makefile", &c), FO_ENOTFOUND);
	assert_null(c);
	fo_content_free(NULL);
}

static void
test_content__print_diags_format(void **state)
{
	struct fo_content *c = load_ok(FIX "missing-files");
	char *all = diags_text(c);

	(void)state;
	/* whole-file diagnostics have no line */
	assert_non_null(strstr(all, FIX "missing-files/document.md:1:1: error: "));
	assert_int_equal(c->diags.nwarnings, 0);
	free(all);
	fo_content_free(c);
}

/* Every truncation of a good file, and garbage front matter, loads without
 * crashing and reports at least one problem when the file is broken. */
static void
test_content__garbage_never_crashes(void **state)
{
	static const char alphabet[] = "-:[]{},'\"!&*|>%@`#\n \t?aé中1\\";
	char *dir = tmp_tree(), path[600];
	struct fo_content *c;
	size_t cut, i;
	unsigned seed = 12345;
	int round;

	(void)state;
	snprintf(path, sizeof path, "%s/annotations/note.md", dir);
	for (cut = 0; cut < sizeof good - 1; cut++) {
		write_file(path, good, cut);
		c = load_ok(dir);
		assert_true(c->diags.n > 0);
		fo_content_free(c);
	}
	for (round = 0; round < 300; round++) {
		struct fo_buf b = FO_BUF_INIT;
		size_t len;

		fo_buf_puts(&b, "---\n");
		len = (seed = seed * 1103515245 + 12345) % 120;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			fo_buf_putc(&b, alphabet[(seed >> 16) %
			    (sizeof alphabet - 1)]);
		}
		if (round % 3)
			fo_buf_puts(&b, "\n---\n[x](clause:4) <b>\n");
		write_file(path, b.data, b.len);
		fo_buf_release(&b);
		c = load_ok(dir);
		fo_content_free(c);
	}
	rm_tree(dir);
}

/* Hostile YAML: deep flow nesting (quadratic in libyaml) is refused before
 * parsing, and self-referencing anchors are not followed. */
static void
test_content__hostile_yaml(void **state)
{
	static const char selfref[] = "---\ntitle: &a [*a]\nauthor: x\n"
	    "date: 2024-01-01\nclauses: &b [1, *b]\ntags: &c [*c]\n"
	    "sources: &d [{title: t, url: *d}]\n---\nx\n";
	char *dir = tmp_tree(), path[600], loc[700];
	struct fo_buf b = FO_BUF_INIT;
	struct fo_content *c;
	int i;

	(void)state;
	snprintf(path, sizeof path, "%s/annotations/note.md", dir);
	fo_buf_puts(&b, "---\ntitle: \"[[[\"\ntags: ");
	for (i = 0; i < 100000; i++)
		fo_buf_putc(&b, '[');
	fo_buf_puts(&b, "\n---\n");
	write_file(path, b.data, b.len);
	fo_buf_release(&b);
	c = load_ok(dir);
	/* the quoted "[[[" does not count: the 17th '[' of line 3 does */
	snprintf(loc, sizeof loc, "%s:3:23", path);
	assert_true(has_diag(c, loc, "error", "front matter nests lists or "
	    "fields more than 16 deep"));
	assert_int_equal(c->diags.nerrors, 1);
	fo_content_free(c);

	write_file(path, selfref, sizeof selfref - 1);
	c = load_ok(dir);
	snprintf(loc, sizeof loc, "%s:2:8", path);
	assert_true(has_diag(c, loc, "error", "field 'title' must be text, "
	    "not a list"));
	snprintf(loc, sizeof loc, "%s:6:7", path);
	assert_true(has_diag(c, loc, "error", "each item of 'tags' must be "
	    "text"));
	assert_int_equal(c->npages, 0);
	fo_content_free(c);
	rm_tree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content__real_tree_is_complete),
		cmocka_unit_test(test_content__real_tree_labels_and_ids),
		cmocka_unit_test(test_content__real_tree_ids_unique_and_sorted),
		cmocka_unit_test(test_content__real_tree_links_resolve_with_backlinks),
		cmocka_unit_test(test_content__real_tree_terms),
		cmocka_unit_test(test_content__lint_missing_front_matter),
		cmocka_unit_test(test_content__lint_malformed_yaml_maps_to_file_line),
		cmocka_unit_test(test_content__lint_missing_field),
		cmocka_unit_test(test_content__lint_wrong_type),
		cmocka_unit_test(test_content__lint_unknown_field_did_you_mean),
		cmocka_unit_test(test_content__lint_duplicate_id),
		cmocka_unit_test(test_content__lint_references_name_the_target),
		cmocka_unit_test(test_content__lint_link_to_missing_page),
		cmocka_unit_test(test_content__lint_bytes),
		cmocka_unit_test(test_content__lint_unsafe_names),
		cmocka_unit_test(test_content__lint_alias_claimed_twice),
		cmocka_unit_test(test_content__lint_invalid_date),
		cmocka_unit_test(test_content__lint_document_status),
		cmocka_unit_test(test_content__lint_number_matches_file_name),
		cmocka_unit_test(test_content__lint_missing_files),
		cmocka_unit_test(test_content__lint_raw_html_unless_trusted),
		cmocka_unit_test(test_content__did_you_mean),
		cmocka_unit_test(test_content__lint_file_too_big),
		cmocka_unit_test(test_content__fidelity_edit_is_an_error),
		cmocka_unit_test(test_content__paragraphs_and_link_positions),
		cmocka_unit_test(test_content__code_block_is_one_line),
		cmocka_unit_test(test_content__paragraph_links),
		cmocka_unit_test(test_content__sentence_links),
		cmocka_unit_test(test_content__not_a_directory),
		cmocka_unit_test(test_content__print_diags_format),
		cmocka_unit_test(test_content__garbage_never_crashes),
		cmocka_unit_test(test_content__hostile_yaml),
	};

	return cmocka_run_group_tests_name("content", tests, NULL, NULL);
}
