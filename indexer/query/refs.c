/* indexer/query/refs.c -- the clauses and sections a query names
 * (第三条, （二十）, 第二部分 ...: clauseref.h reads one word): joined
 * when the query language would take them apart, taken out of the
 * query, and turned into the query of the page they name (search_int.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clauseref.h"
#include "content.h"
#include "schema.h"
#include "search_int.h"

/* If plain word 'w' starts with a reference (clauseref.h), note it in
 * refs and leave the word's rest in its text (folded).  1 if the word is
 * a reference and nothing else. */
static int
take_ref(struct fo_analyzer *an, struct fo_qast *w, struct fo_ref *refs,
    size_t *nrefs)
{
	struct fo_buf f = FO_BUF_INIT;
	enum fo_kind k;
	size_t len;
	int n, whole = 0;

	if (w->kind != FO_QA_WORD || w->mod == FO_QA_EXCLUDE ||
	    *nrefs == FO_MAX_REFS)
		return 0;
	if (fo_analyzer_fold(an, w->text, strlen(w->text), &f, NULL) ==
	    FO_OK && fo_clause_ref(f.data, &k, &n, &len)) {
		refs[*nrefs].kind = k;
		refs[(*nrefs)++].n = n;
		whole = f.data[len] == '\0';
		if (!whole) {
			free(w->text);
			w->text = fo_xstrdup(f.data + len);
		}
	}
	fo_buf_release(&f);
	return whole;
}

/* Take the references out of the query's top level; returns what is
 * left to search for (NULL: only references). */
struct fo_qast *
fo__refs_take(struct fo_analyzer *an, struct fo_qast *a, struct fo_ref *refs,
    size_t *nrefs)
{
	size_t i, m = 0;

	if (a->kind == FO_QA_WORD) {
		if (take_ref(an, a, refs, nrefs)) {
			fo_qast_free(a);
			return NULL;
		}
		return a;
	}
	if (a->kind != FO_QA_AND || a->mod != FO_QA_PLAIN)
		return a;
	for (i = 0; i < a->nkids; i++) {
		if (take_ref(an, a->kids[i], refs, nrefs))
			fo_qast_free(a->kids[i]);
		else
			a->kids[m++] = a->kids[i];
	}
	a->nkids = m;
	if (m == 0) {
		fo_qast_free(a);
		return NULL;
	}
	if (m == 1 && a->kids[0]->kind != FO_QA_FILTER) {
		struct fo_qast *k = a->kids[0];

		a->nkids = 0;
		fo_qast_free(a);
		return k;
	}
	return a;
}

/* The page a reference names: its C<n> (or G<n>) term, among pages of
 * its kind -- the clause (or section) itself. */
struct fo_qnode *
fo__ref_query(const struct fo_ref *r, int related)
{
	struct fo_buf t = FO_BUF_INIT, k = FO_BUF_INIT;
	struct fo_qnode *q;

	fo_buf_printf(&t, "%s%d", r->kind == FO_KIND_CLAUSE ? FO_PREFIX_CLAUSE :
	    FO_PREFIX_SECTION, r->n);
	fo_buf_printf(&k, FO_PREFIX_KIND "%s", fo_kind_name(r->kind));
	q = fo_qnode_add(fo_qnode_add(fo_qnode_new(related ? FO_Q_AND_NOT :
	    FO_Q_FILTER, NULL), fo_qnode_new(FO_Q_TERM, t.data)),
	    fo_qnode_new(FO_Q_TERM, k.data));
	fo_buf_release(&t);
	fo_buf_release(&k);
	return q;
}

/* A number of 1-3 ASCII digits or Chinese numerals at 'p', and spaces
 * around it: its end, or NULL. */
static const char *
ref_number(const char *p, struct fo_buf *out)
{
	const char *q;

	while (*p == ' ')
		p++;
	q = p;
	while ((*q >= '0' && *q <= '9') || strncmp(q, "一", 3) == 0 ||
	    strncmp(q, "二", 3) == 0 || strncmp(q, "三", 3) == 0 ||
	    strncmp(q, "四", 3) == 0 || strncmp(q, "五", 3) == 0 ||
	    strncmp(q, "六", 3) == 0 || strncmp(q, "七", 3) == 0 ||
	    strncmp(q, "八", 3) == 0 || strncmp(q, "九", 3) == 0 ||
	    strncmp(q, "十", 3) == 0)
		q += *q >= '0' && *q <= '9' ? 1 : 3;
	if (q == p || q - p > 9)
		return NULL;
	fo_buf_put(out, p, (size_t)(q - p));
	while (*q == ' ')
		q++;
	return q;
}

/*
 * Clause references in the forms the query language would take apart:
 * "(20)" and "第(4)条" (ASCII brackets group words) and "第 15 条"
 * (spaces separate words) become （20）, 第（4）条 and 第15条, so
 * fo_clause_ref() sees them whole.  Returns a malloc(3)ed copy.
 */
char *
fo__refs_join(const char *query)
{
	struct fo_buf b = FO_BUF_INIT, n = FO_BUF_INIT;
	const char *p = query, *q;

	while (*p) {
		int di = strncmp(p, "第", 3) == 0;
		const char *r = p + (di ? 3 : 0);

		while (di && *r == ' ')
			r++;
		fo_buf_reset(&n);
		if (*r == '(' && (q = ref_number(r + 1, &n)) != NULL &&
		    *q == ')' && (!di || strncmp(q + 1 + strspn(q + 1, " "),
		    "条", 3) == 0)) {
			fo_buf_puts(&b, di ? "第（" : "（");
			fo_buf_put(&b, n.data, n.len);
			fo_buf_puts(&b, "）");
			p = q + 1;
			if (di) {
				p += strspn(p, " ") + 3;
				fo_buf_puts(&b, "条");
			}
			continue;
		}
		fo_buf_reset(&n);
		if (di && (q = ref_number(r, &n)) != NULL &&
		    (strncmp(q, "条", 3) == 0 || strncmp(q, "部分", 6) == 0)) {
			fo_buf_puts(&b, "第");
			fo_buf_put(&b, n.data, n.len);
			p = q;
			continue;
		}
		fo_buf_putc(&b, *p++);
	}
	fo_buf_release(&n);
	return fo_buf_detach(&b, NULL);
}
