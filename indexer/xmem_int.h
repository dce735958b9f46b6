/* indexer/xmem_int.h -- private to the browser's store (wasm/xmem.c:
 * loading the exported files) and its matcher (wasm/xmatch.c: xap.h's
 * search over them).  Not part of the public API. */
#ifndef FO_XMEM_INT_H
#define FO_XMEM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "xap.h"

struct plist {
	unsigned n;
	unsigned *doc;		/* 0-based document index, ascending */
	double	*w;		/* BM25 weight of the term alone (wqf 1) */
};

/* Where a common bigram is in each document's folded pieces. */
struct ppos {
	unsigned nd;
	unsigned *doc;		/* ascending */
	unsigned *first;	/* [nd + 1]: doc i's positions are
				   pos[first[i] .. first[i + 1]) */
	unsigned *pos;
};

/* What the store knows of a term: its postings once its shard is in,
 * its positions once its positions shard is (only common bigrams). */
struct term {
	char	*term;
	int	 has_post, has_pos;
	struct plist post;
	struct ppos pos;
};

struct fo_xdb {
	char	*err;
	char	*fp, *h, *vocab;	/* fingerprint, its hash, vocabulary */
	size_t	 vocablen;
	unsigned ndocs;
	unsigned *dl;		/* document lengths */
	char	*dk;		/* kind letters */
	unsigned long long total;	/* sum of the lengths (BM25) */
	unsigned nshards;
	uint8_t	*post_ok;
	unsigned pshards, pmin;	/* bigram positions: shards, and the
				   postings a bigram has past which it
				   has positions */
	uint8_t	*pos_ok;
	/* the terms: open addressing, cap a power of 2 */
	struct term *tv;
	size_t	 nt, tcap;
	/* documents: data (docinfo) and folded pieces */
	char	**data;
	size_t	*datalen;
	char	**fold;
	/* what a run found missing: names of files, "s/3", "d/12" */
	struct fo_strlist need;
	const struct fo_unidata *uni;	/* character classes */
};

/* xmem.c: the postings of term 't' (empty when it has none); *missing
 * set when its shard is not loaded yet, which is noted for the engine to
 * fetch (fo_xmem_need()). */
const struct plist *fo__xmem_postings(struct fo_xdb *db, const char *t,
	    int *missing);
/* xmem.c: the entry of term 't', or NULL. */
struct term *fo__xmem_term(const struct fo_xdb *db, const char *t);
/* xmem.c: note file "what/k" ("p/3", "d/12") as needed. */
void	fo__xmem_need_file(struct fo_xdb *db, const char *what, unsigned k);

#endif /* FO_XMEM_INT_H */
