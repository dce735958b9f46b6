/* indexer/content/content.c -- load the content tree: the schemas of the
 * front matter, the walk of the directories, reading and checking each
 * file (frontmatter.c, markdown.c, the fidelity check), then the checks
 * of the whole tree; links.c resolves links and backlinks, terms.c finds
 * the glossary terms; diagnostics go to the sink of diag.c. */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "fs.h"
#include "content_int.h"
#include "fidelity.h"

#define PAGE(f)		offsetof(struct fo_page, f)

static const struct fo_field doc_fields[] = {
	{ "title", FO_F_STR, 1, PAGE(title), 0, 0, 0, NULL },
	{ "issuers", FO_F_STRLIST, 1, PAGE(issuers), PAGE(nissuers), 0, 0, NULL },
	{ "source", FO_F_URL, 1, PAGE(source_url), 0, 0, 0, NULL },
	{ "trusted", FO_F_BOOL, 0, PAGE(trusted), 0, 0, 0, NULL },
	/* the document's status: optional, empty until an editor fills
	   them from a source */
	{ "issued", FO_F_DATE, 0, PAGE(issued), 0, 0, 0, NULL },
	{ "docno", FO_F_OPTSTR, 0, PAGE(docno), 0, 0, 0, NULL },
	{ "status", FO_F_OPTSTR, 0, PAGE(status), 0, 0, 0, NULL },
	{ "checked", FO_F_DATE, 0, PAGE(checked), 0, 0, 0, NULL },
};
enum { DOC_STATUS = 6 };	/* index of "status" above */
static const struct fo_field section_fields[] = {
	{ "number", FO_F_INT, 1, PAGE(number), 0, 1, FO_NSECTIONS, "section" },
	{ "title", FO_F_STR, 1, PAGE(title), 0, 0, 0, NULL },
	{ "trusted", FO_F_BOOL, 0, PAGE(trusted), 0, 0, 0, NULL },
};
static const struct fo_field clause_fields[] = {
	{ "number", FO_F_INT, 1, PAGE(number), 0, 1, FO_NCLAUSES, "clause" },
	{ "section", FO_F_INT, 1, PAGE(section), 0, 1, FO_NSECTIONS, "section" },
	{ "title", FO_F_STR, 1, PAGE(title), 0, 0, 0, NULL },
	{ "trusted", FO_F_BOOL, 0, PAGE(trusted), 0, 0, 0, NULL },
};
/* in the order of FO__AN_* (content_int.h) */
static const struct fo_field annotation_fields[] = {
	{ "title", FO_F_STR, 1, PAGE(title), 0, 0, 0, NULL },
	{ "author", FO_F_STR, 1, PAGE(author), 0, 0, 0, NULL },
	{ "date", FO_F_DATE, 1, PAGE(date), 0, 0, 0, NULL },
	{ "clauses", FO_F_INTLIST, 1, PAGE(clauses), PAGE(nclauses), 1,
	    FO_NCLAUSES, "clause" },
	{ "tags", FO_F_STRLIST, 0, PAGE(tags), PAGE(ntags), 0, 0, NULL },
	{ "sources", FO_F_SOURCES, 1, PAGE(sources), PAGE(nsources), 0, 0, NULL },
	{ "trusted", FO_F_BOOL, 0, PAGE(trusted), 0, 0, 0, NULL },
};
enum { GL_TERM, GL_ALIASES };
static const struct fo_field glossary_fields[] = {
	{ "term", FO_F_STR, 1, PAGE(title), 0, 0, 0, NULL },
	{ "aliases", FO_F_STRLIST, 0, PAGE(aliases), PAGE(naliases), 0, 0, NULL },
	{ "en", FO_F_OPTSTR, 0, PAGE(en), 0, 0, 0, NULL },
	{ "sources", FO_F_SOURCES, 1, PAGE(sources), PAGE(nsources), 0, 0, NULL },
	{ "trusted", FO_F_BOOL, 0, PAGE(trusted), 0, 0, 0, NULL },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const struct {
	const struct fo_field	*fields;
	size_t			 n;
} schemas[] = {
	[FO_KIND_PREAMBLE] = { doc_fields, NELEM(doc_fields) },
	[FO_KIND_SECTION] = { section_fields, NELEM(section_fields) },
	[FO_KIND_CLAUSE] = { clause_fields, NELEM(clause_fields) },
	[FO_KIND_ANNOTATION] = { annotation_fields, NELEM(annotation_fields) },
	[FO_KIND_GLOSSARY] = { glossary_fields, NELEM(glossary_fields) },
};

/* Loader state beyond the public struct. */
struct loader {
	struct fo_content	*c;
	struct fo_source_text	*src;	/* official text; NULL if unavailable */
	int			 has_clauses_dir, has_sections_dir;
	int			 claimed_clause[FO_NCLAUSES + 1];
	int			 claimed_section[FO_NSECTIONS + 1];
	int			 claimed_doc;
	struct fo_page		**ann, **glo;	/* in load order */
	size_t			 nann, nglo, capann, capglo;
	struct fo_page		**rejected;	/* files with errors: links
						   checked, then freed */
	size_t			 nrejected;
};

static char *
xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
xprintf(const char *fmt, ...)
{
	struct fo_buf b = FO_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	fo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return fo_buf_detach(&b, NULL);
}

/* Free 'n' strings and the array holding them. */
static void
page_free(struct fo_page *p)
{
	struct fo_ipage *ip = (struct fo_ipage *)p;
	size_t i;

	if (p == NULL)
		return;
	free(p->path);
	free(p->slug);
	free(p->id);
	free(p->url);
	free(p->title);
	free(p->label);
	free(p->numeral);
	free(p->body);
	free(p->text);
	for (i = 0; i < p->nparas; i++) {
		free(p->paras[i].text);
		free(p->paras[i].anchor);
	}
	free(p->paras);
	for (i = 0; i < p->nlinks; i++)
		free(p->links[i].target);
	free(p->links);
	fo_strv_free(p->issuers, p->nissuers);
	free(p->source_url);
	free(p->issued);
	free(p->docno);
	free(p->status);
	free(p->checked);
	free(p->author);
	free(p->date);
	free(p->clauses);
	fo_strv_free(p->tags, p->ntags);
	for (i = 0; i < p->nsources; i++) {
		free(p->sources[i].title);
		free(p->sources[i].url);
	}
	free(p->sources);
	fo_strv_free(p->aliases, p->naliases);
	free(p->en);
	free(p->terms);
	free(p->backlinks);
	for (i = 0; i < FO_MAX_FIELDS; i++) {
		free(ip->iline[i]);
		free(ip->icol[i]);
	}
	free(ip);
}

/* Read a whole file; NULL with a diagnostic on failure. */
static char *
read_file(struct fo_content *c, const char *path, size_t *len)
{
	struct fo_buf b = FO_BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "cannot read the file: %s",
		    strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		fo_buf_put(&b, chunk, n);
		if (b.len > FO_MAX_FILE_BYTES)
			break;
	}
	if (ferror(fp)) {
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "cannot read the file: %s",
		    strerror(errno));
		fclose(fp);
		fo_buf_release(&b);
		return NULL;
	}
	fclose(fp);
	if (b.len > FO_MAX_FILE_BYTES) {
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "file is over the limit "
		    "of %d bytes (256 KiB): split it into smaller files",
		    FO_MAX_FILE_BYTES);
		fo_buf_release(&b);
		return NULL;
	}
	return fo_buf_detach(&b, len);
}

/* Stem of an NN.md name as a number; -1 if it is not all digits. */
static int
stem_number(const char *stem)
{
	int v = 0;
	size_t i;

	if (*stem == '\0' || strlen(stem) > 4)
		return -1;
	for (i = 0; stem[i]; i++) {
		if (stem[i] < '0' || stem[i] > '9')
			return -1;
		v = v * 10 + (stem[i] - '0');
	}
	return v;
}

static int
field_index(const struct fo_field *fields, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(fields[i].name, name) == 0)
			return (int)i;
	return 0;
}

static void
report_fidelity(struct fo_content *c, struct fo_ipage *ip, enum fo_status st,
    const struct fo_fidelity_diff *d, const char *what)
{
	struct fo_page *p = &ip->p;
	int line, col = 0, ti;

	if (st == FO_OK)
		return;
	if (st != FO_EPARSE) {
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, 1, 0, "%s cannot be compared "
		    "with the official text: %s", what, fo_strerror(st));
		ip->nerr++;
		return;
	}
	if (d->in_body && d->line > 0) {
		line = p->body_line + d->line - 1;
	} else {
		ti = field_index(schemas[p->kind].fields, schemas[p->kind].n,
		    "title");
		line = ip->fline[ti] ? ip->fline[ti] : 1;
		col = ip->fcol[ti];
	}
	fo__diag(&c->diags, FO_SEV_ERROR, p->path, line, col, "%s text differs from "
	    "the official text near '%s' (official: '%s'); the official text "
	    "may not be edited (see content/source/opinion.md)", what,
	    d->actual, d->expected);
	ip->nerr++;
}

static void
check_fidelity(struct loader *L, struct fo_ipage *ip, cmark_node *doc)
{
	struct fo_page *p = &ip->p;
	struct fo_fidelity_diff d;
	enum fo_status st;
	int sec;

	if (L->src == NULL)
		return;
	memset(&d, 0, sizeof d);
	switch (p->kind) {
	case FO_KIND_PREAMBLE:
		st = fo__fidelity_check(L->src, p->kind, 0, p->title, doc,
		    &d);
		report_fidelity(L->c, ip, st, &d, "document");
		break;
	case FO_KIND_SECTION:
		st = fo__fidelity_check(L->src, p->kind, p->number, p->title,
		    doc, &d);
		report_fidelity(L->c, ip, st, &d, "section");
		break;
	case FO_KIND_CLAUSE:
		st = fo__fidelity_check(L->src, p->kind, p->number, p->title,
		    doc, &d);
		report_fidelity(L->c, ip, st, &d, "clause");
		sec = fo_source_text_clause_section(L->src, p->number);
		if (sec != 0 && sec != p->section) {
			fo__diag(&L->c->diags, FO_SEV_ERROR, p->path, ip->fline[1] ?
			    ip->fline[1] : 1, ip->fcol[1], "clause %d belongs "
			    "to section %d, not %d: set 'section: %d'",
			    p->number, sec, p->section, sec);
			ip->nerr++;
		}
		break;
	default:
		break;
	}
}

/* Fill the derived fields of a parsed page; returns errors found. */
static int
derive(struct loader *L, struct fo_ipage *ip, const char *stem)
{
	struct fo_content *c = L->c;
	struct fo_page *p = &ip->p;
	const char *num;
	int sn;

	switch (p->kind) {
	case FO_KIND_PREAMBLE:
		p->slug = fo_xstrdup("index");
		p->id = fo_xstrdup("preamble");
		p->url = fo_xstrdup("/");
		p->label = fo_xstrdup(p->title);
		if (p->nissuers == 0) {
			fo__diag(&c->diags, FO_SEV_ERROR, p->path, ip->fline[1],
			    ip->fcol[1], "field 'issuers' is empty: list the "
			    "issuing bodies, e.g. issuers: [中共广东省委, "
			    "广东省人民政府]");
			return 1;
		}
		if (p->status != NULL && strcmp(p->status, "现行有效") != 0 &&
		    strcmp(p->status, "已修订") != 0 &&
		    strcmp(p->status, "已废止") != 0) {
			fo__diag(&c->diags, FO_SEV_ERROR, p->path,
			    ip->fline[DOC_STATUS], ip->fcol[DOC_STATUS],
			    "status '%s' is not one of 现行有效, 已修订, 已废止: "
			    "write one of them, or leave the field empty",
			    p->status);
			return 1;
		}
		return 0;
	case FO_KIND_SECTION:
	case FO_KIND_CLAUSE:
		sn = stem_number(stem);
		if (sn != p->number) {
			const char *what = fo_kind_name(p->kind);

			if (sn < 0)
				fo__diag(&c->diags, FO_SEV_ERROR, p->path, 1, 0, "a %s "
				    "file is named by its number: rename it to "
				    "%02d.md", what, p->number);
			else
				fo__diag(&c->diags, FO_SEV_ERROR, p->path, ip->fline[0],
				    ip->fcol[0], "%s number %d does not match "
				    "the file name %s.md: fix the number or "
				    "rename the file to %02d.md", what,
				    p->number, stem, p->number);
			return 1;
		}
		num = fo_cn_numeral(p->number);
		p->numeral = fo_xstrdup(num ? num : "");
		p->slug = xprintf("%d", p->number);
		if (p->kind == FO_KIND_SECTION) {
			p->section = p->number;
			p->id = xprintf("section:%d", p->number);
			p->url = xprintf("/section/%d/", p->number);
			p->label = xprintf("%s、%s", p->numeral, p->title);
		} else {
			p->id = xprintf("clause:%d", p->number);
			p->url = xprintf("/clause/%d/", p->number);
			p->label = xprintf("（%s）%s", p->numeral, p->title);
		}
		return 0;
	case FO_KIND_ANNOTATION:
		p->slug = fo_xstrdup(stem);
		p->id = xprintf("annotation:%s", stem);
		p->url = xprintf("/annotation/%s/", stem);
		p->label = fo_xstrdup(p->title);
		return 0;
	case FO_KIND_GLOSSARY:
		p->slug = fo_xstrdup(stem);
		p->id = xprintf("glossary:%s", stem);
		p->url = xprintf("/glossary/%s/", stem);
		p->label = fo_xstrdup(p->title);
		return 0;
	}
	return 0;
}

static void
add_page(struct loader *L, struct fo_ipage *ip)
{
	struct fo_content *c = L->c;
	struct fo_page *p = &ip->p, **slot = NULL;

	switch (p->kind) {
	case FO_KIND_PREAMBLE:
		slot = &c->preamble;
		break;
	case FO_KIND_SECTION:
		slot = &c->sections[p->number];
		break;
	case FO_KIND_CLAUSE:
		slot = &c->clauses[p->number];
		break;
	case FO_KIND_ANNOTATION:
		if (L->nann == L->capann) {	/* doubling: 10k+ files */
			L->capann = L->capann ? 2 * L->capann : 64;
			L->ann = fo_xreallocarray(L->ann, L->capann,
			    sizeof *L->ann);
		}
		L->ann[L->nann++] = p;
		return;
	case FO_KIND_GLOSSARY:
		if (L->nglo == L->capglo) {
			L->capglo = L->capglo ? 2 * L->capglo : 64;
			L->glo = fo_xreallocarray(L->glo, L->capglo,
			    sizeof *L->glo);
		}
		L->glo[L->nglo++] = p;
		return;
	}
	if (*slot != NULL) {
		fo__diag(&c->diags, FO_SEV_ERROR, p->path, ip->fline[0] ? ip->fline[0] :
		    1, ip->fcol[0], "duplicate id '%s': %s already defines it; "
		    "each %s has exactly one file", p->id, (*slot)->path,
		    fo_kind_name(p->kind));
		page_free(p);
		return;
	}
	*slot = p;
}

static void
load_file(struct loader *L, const char *path, enum fo_kind kind,
    const char *stem)
{
	struct fo_content *c = L->c;
	struct fo_ipage *ip;
	struct stat st;
	cmark_node *doc;
	size_t len = 0;
	char *data;
	int nerr;

	if (stat(path, &st) == 0 && st.st_size > FO_MAX_FILE_BYTES) {
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "file is %lld bytes, over "
		    "the limit of %d bytes (256 KiB): split it into smaller "
		    "files", (long long)st.st_size, FO_MAX_FILE_BYTES);
		return;
	}
	data = read_file(c, path, &len);
	if (data == NULL)
		return;
	if (fo__lint_bytes(&c->diags, path, data, len) > 0) {
		free(data);
		return;
	}
	ip = fo_xcalloc(1, sizeof *ip);
	ip->p.kind = kind;
	ip->p.path = fo_xstrdup(path);
	nerr = fo__fm_load(&c->diags, path, data, len, schemas[kind].fields,
	    schemas[kind].n, ip);
	free(data);
	if (nerr == 0)
		nerr = derive(L, ip, stem);
	if (nerr > 0) {
		/* left out of the model, but its body is still checked so
		 * that one error does not hide the others */
		if (ip->p.body != NULL) {
			cmark_node_free(fo__md_load(&c->diags, ip));
			L->rejected = fo_xreallocarray(L->rejected,
			    L->nrejected + 1, sizeof *L->rejected);
			L->rejected[L->nrejected++] = &ip->p;
		} else
			page_free(&ip->p);
		return;
	}
	doc = fo__md_load(&c->diags, ip);
	check_fidelity(L, ip, doc);	/* on the same parse */
	cmark_node_free(doc);
	add_page(L, ip);
}

/*
 * The symbolic-link policy, for files and folders alike: the content tree
 * holds its files and folders themselves, and a symbolic link anywhere in
 * it is an error (a pull request could otherwise point content/annotations
 * at a folder outside the tree and publish its files).  1 (with the
 * error) if 'path' is a link, or holds one below the root.
 */
static int
refuse_link(struct fo_content *c, const char *path)
{
	size_t rl = strlen(c->root), i;
	char *p = fo_xstrdup(path);
	struct stat st;
	int link = 0;

	/* each component below the root, the path itself last */
	for (i = rl + 1; !link && p[i - 1] != '\0'; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		{
			char keep = p[i];

			p[i] = '\0';
			link = lstat(p, &st) == 0 && S_ISLNK(st.st_mode);
			if (link)
				fo__diag(&c->diags, FO_SEV_ERROR, p, 0, 0, "a symbolic "
				    "link: the content tree must hold its files "
				    "and folders themselves, not links to them "
				    "(a link could publish files from outside "
				    "%s)", c->root);
			p[i] = keep;
		}
	}
	free(p);
	return link;
}

static void
load_dir(struct loader *L, const char *sub, enum fo_kind kind)
{
	struct fo_content *c = L->c;
	char *dir = xprintf("%s/%s", c->root, sub);
	size_t n, i;
	char **names;

	if (refuse_link(c, dir)) {
		free(dir);
		return;
	}
	names = fo_dir_list(dir, &n);
	if (names == NULL) {
		fo__diag(&c->diags, FO_SEV_ERROR, dir, 0, 0, "cannot read the directory: "
		    "%s", strerror(errno));
		free(dir);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = names[i];
		char *path = xprintf("%s/%s", dir, name);
		struct stat st;

		if (lstat(path, &st) != 0) {
			fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "cannot read the "
			    "file: %s", strerror(errno));
		} else if ((name[0] == '.' && !fo__md_name(name)) ||
		    strcmp(name, "README.md") == 0) {
			/* .gitkeep and editor files: not content */
		} else if (S_ISDIR(st.st_mode)) {
			fo__diag(&c->diags, FO_SEV_WARNING, path, 0, 0, "directory is "
			    "ignored: %s/ holds only .md files", sub);
		} else if (!fo__md_name(name)) {
			fo__diag(&c->diags, FO_SEV_WARNING, path, 0, 0, "not a Markdown "
			    "file, ignored: %s/ holds only .md files", sub);
		} else if (!fo__lint_name_ok(name)) {
			fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "unsafe file name: "
			    "name files with lowercase ASCII letters, digits and "
			    "'-' only, at most 64 of them, ending in .md (e.g. "
			    "kuajing-dianshang.md)");
		} else if (S_ISLNK(st.st_mode)) {
			refuse_link(c, path);
		} else if (!S_ISREG(st.st_mode)) {
			fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "not a regular "
			    "file: put the Markdown file itself here");
		} else {
			char *stem = fo_xstrndup(name, strlen(name) - 3);
			int sn = stem_number(stem);

			if (kind == FO_KIND_CLAUSE && sn >= 1 &&
			    sn <= FO_NCLAUSES)
				L->claimed_clause[sn] = 1;
			if (kind == FO_KIND_SECTION && sn >= 1 &&
			    sn <= FO_NSECTIONS)
				L->claimed_section[sn] = 1;
			load_file(L, path, kind, stem);
			free(stem);
		}
		free(path);
	}
	fo_strv_free(names, n);
	free(dir);
}

static void
load_source(struct loader *L)
{
	struct fo_content *c = L->c;
	char *path = xprintf("%s/source/opinion.md", c->root);
	char *msg = NULL;
	enum fo_status st;

	if (refuse_link(c, path)) {
		free(path);
		return;
	}
	st = fo_source_text_load(path, &L->src, &msg);
	if (st == FO_ENOTFOUND) {
		if (L->has_clauses_dir)
			fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "the official text "
			    "is missing, so clauses cannot be checked against "
			    "it: restore content/source/opinion.md");
	} else if (st != FO_OK) {
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "the official text cannot "
		    "be read: %s", msg ? msg : fo_strerror(st));
	}
	free(msg);
	free(path);
}

/* ---- after loading: completeness, names, links ------------------------ */

static void
check_complete(struct loader *L)
{
	struct fo_content *c = L->c;
	struct fo_buf miss = FO_BUF_INIT;
	char *path;
	int i, nmiss = 0;

	if (!L->has_clauses_dir)
		return;
	for (i = 1; i <= FO_NCLAUSES; i++)
		if (c->clauses[i] == NULL && !L->claimed_clause[i]) {
			fo_buf_printf(&miss, "%s%02d.md", nmiss ? ", " : "", i);
			nmiss++;
		}
	if (nmiss > 0) {
		path = xprintf("%s/clauses", c->root);
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "%d clause file%s missing "
		    "(%s): the opinion has clauses 1–24, each in clauses/NN.md",
		    nmiss, nmiss == 1 ? " is" : "s are", miss.data);
		free(path);
	}
	fo_buf_reset(&miss);
	nmiss = 0;
	for (i = 1; i <= FO_NSECTIONS; i++)
		if (c->sections[i] == NULL && !L->claimed_section[i]) {
			fo_buf_printf(&miss, "%s%02d.md", nmiss ? ", " : "", i);
			nmiss++;
		}
	if (nmiss > 0) {
		path = xprintf("%s/sections", c->root);
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "%d section file%s "
		    "missing (%s): the opinion has sections 1–7, each in "
		    "sections/NN.md", nmiss, nmiss == 1 ? " is" : "s are",
		    miss.data);
		free(path);
	}
	fo_buf_release(&miss);
	if (!L->claimed_doc) {
		path = xprintf("%s/document.md", c->root);
		fo__diag(&c->diags, FO_SEV_ERROR, path, 0, 0, "document.md is missing: "
		    "it holds the title, issuers, source and the preamble");
		free(path);
	}
}

/* Each glossary name (term or alias) may belong to one entry only. */
static void
check_names(struct loader *L)
{
	struct fo_content *c = L->c;
	size_t i, j, k, a;

	for (i = 0; i < c->nglossary; i++) {
		struct fo_ipage *ip = (struct fo_ipage *)c->glossary[i];
		struct fo_page *p = &ip->p;

		for (a = 0; a <= p->naliases; a++) {
			const char *name = a == 0 ? p->title : p->aliases[a - 1];
			int line = a == 0 ? ip->fline[GL_TERM] :
			    ip->iline[GL_ALIASES][a - 1];
			int col = a == 0 ? ip->fcol[GL_TERM] :
			    ip->icol[GL_ALIASES][a - 1];
			const struct fo_page *owner = NULL;

			for (j = 0; j < i && owner == NULL; j++) {
				const struct fo_page *q = c->glossary[j];

				if (strcmp(q->title, name) == 0)
					owner = q;
				for (k = 0; k < q->naliases && !owner; k++)
					if (strcmp(q->aliases[k], name) == 0)
						owner = q;
			}
			if (owner != NULL)
				fo__diag(&c->diags, FO_SEV_ERROR, p->path, line, col,
				    "'%s' is already a term or alias of %s: a "
				    "name may belong to one glossary entry; "
				    "merge the entries or drop the name", name,
				    owner->path);
		}
	}
}

static int
cmp_slug(const void *a, const void *b)
{
	const struct fo_page *x = *(struct fo_page *const *)a;
	const struct fo_page *y = *(struct fo_page *const *)b;

	return strcmp(x->slug, y->slug);
}

static void
collect_pages(struct loader *L)
{
	struct fo_content *c = L->c;
	size_t i;
	int n;

	c->pages = fo_xcalloc(1 + FO_NSECTIONS + FO_NCLAUSES + L->nann +
	    L->nglo, sizeof *c->pages);
	if (c->preamble)
		c->pages[c->npages++] = c->preamble;
	for (n = 1; n <= FO_NSECTIONS; n++)
		if (c->sections[n])
			c->pages[c->npages++] = c->sections[n];
	for (n = 1; n <= FO_NCLAUSES; n++)
		if (c->clauses[n])
			c->pages[c->npages++] = c->clauses[n];
	if (L->nann > 1)
		qsort(L->ann, L->nann, sizeof *L->ann, cmp_slug);
	for (i = 0; i < L->nann; i++)
		c->pages[c->npages++] = L->ann[i];
	if (L->nglo > 1)
		qsort(L->glo, L->nglo, sizeof *L->glo, cmp_slug);
	for (i = 0; i < L->nglo; i++)
		c->pages[c->npages++] = L->glo[i];
	c->annotations = L->ann;
	c->nannotations = L->nann;
	L->ann = NULL;
	c->glossary = L->glo;
	c->nglossary = L->nglo;
	L->glo = NULL;
}

enum fo_status
fo_content_load(const char *root, struct fo_content **out)
{
	struct loader L;
	struct fo_content *c;
	struct stat st;
	size_t n, i, len;
	char **names;

	if (out == NULL)
		return FO_EINVAL;
	*out = NULL;
	if (root == NULL || stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
		return FO_ENOTFOUND;
	memset(&L, 0, sizeof L);
	c = fo_xcalloc(1, sizeof *c);
	L.c = c;
	c->root = fo_xstrdup(root);
	len = strlen(c->root);
	while (len > 1 && c->root[len - 1] == '/')
		c->root[--len] = '\0';
	names = fo_dir_list(c->root, &n);
	if (names == NULL) {
		free(c->root);
		free(c);
		return FO_EIO;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], "clauses") == 0)
			L.has_clauses_dir = 1;
		if (strcmp(names[i], "sections") == 0)
			L.has_sections_dir = 1;
	}
	load_source(&L);
	for (i = 0; i < n; i++) {
		const char *name = names[i];
		char *path = xprintf("%s/%s", c->root, name);
		int isdir = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);

		if (name[0] != '.' && refuse_link(c, path)) {
			/* refused, whatever it points at */
		} else if (strcmp(name, "document.md") == 0 && !isdir) {
			L.claimed_doc = 1;
			load_file(&L, path, FO_KIND_PREAMBLE, "document");
		} else if (isdir && strcmp(name, "sections") == 0) {
			load_dir(&L, name, FO_KIND_SECTION);
		} else if (isdir && strcmp(name, "clauses") == 0) {
			load_dir(&L, name, FO_KIND_CLAUSE);
		} else if (isdir && strcmp(name, "annotations") == 0) {
			load_dir(&L, name, FO_KIND_ANNOTATION);
		} else if (isdir && strcmp(name, "glossary") == 0) {
			load_dir(&L, name, FO_KIND_GLOSSARY);
		} else if (isdir && (strcmp(name, "source") == 0 ||
		    strcmp(name, "templates") == 0)) {
			/* provenance and editors' templates: not pages */
		} else if (name[0] == '.' || strcmp(name, "README.md") == 0) {
			/* not content */
		} else {
			fo__diag(&c->diags, FO_SEV_WARNING, path, 0, 0, "%s is ignored: "
			    "content goes in document.md, sections/, clauses/, "
			    "annotations/ and glossary/", isdir ? "directory" :
			    "file");
		}
		free(path);
	}
	fo_strv_free(names, n);

	collect_pages(&L);
	check_complete(&L);
	check_names(&L);
	fo__links_resolve(c, L.rejected, L.nrejected);
	fo__terms_find(c);
	if (c->nannotations > 1)
		qsort(c->annotations, c->nannotations, sizeof *c->annotations,
		    fo_page_cmp_newest);
	fo__diags_sort(&c->diags);
	for (i = 0; i < L.nrejected; i++)
		page_free(L.rejected[i]);
	free(L.rejected);
	fo_source_text_free(L.src);
	*out = c;
	return FO_OK;
}

void
fo_content_free(struct fo_content *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->npages; i++)
		page_free(c->pages[i]);
	free(c->pages);
	free(c->annotations);
	free(c->glossary);
	fo__diags_release(&c->diags);
	free(c->root);
	free(c);
}
