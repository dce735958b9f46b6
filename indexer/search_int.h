/* indexer/search_int.h -- private to the search (query/search.c and the
 * parts it calls: refs.c, suggest.c).  Not part of the public API. */
#ifndef FO_SEARCH_INT_H
#define FO_SEARCH_INT_H

#include <stddef.h>

#include "analyze.h"
#include "content.h"
#include "query.h"
#include "vocab.h"

/* refs.c: a clause or section the query names. */
struct fo_ref {
	enum fo_kind kind;
	int	 n;
};
#define FO_MAX_REFS	8

/*
 * Clause references in the forms the query language would take apart:
 * "(20)" and "第(4)条" (ASCII brackets group words) and "第 15 条"
 * (spaces separate words) become （20）, 第（4）条 and 第15条, so
 * fo_clause_ref() sees them whole.  Returns a malloc(3)ed copy.
 */
char	*fo__refs_join(const char *query);

/* Take the references (at most FO_MAX_REFS, into refs[*nrefs ...]) out
 * of the top level of 'a', which it owns; returns what is left to search
 * for (NULL: only references).  A word that starts with a reference
 * keeps its rest, folded by 'an'. */
struct fo_qast *fo__refs_take(struct fo_analyzer *an, struct fo_qast *a,
	    struct fo_ref *refs, size_t *nrefs);

/* The page reference 'r' names, among pages of its kind, as a filter
 * (FO_Q_FILTER) or, with 'related', as the page to leave out of its
 * related pages (FO_Q_AND_NOT): a new tree with the left side to fill. */
struct fo_qnode *fo__ref_query(const struct fo_ref *r, int related);

/* suggest.c: up to five vocabulary words (and words whose pinyin key is
 * near) nearest to the query's words, into 'out'. */
void	fo__suggest(struct fo_analyzer *an, const struct fo_vocab *v,
	    const struct fo_qast *a, struct fo_strlist *out);

#endif /* FO_SEARCH_INT_H */
