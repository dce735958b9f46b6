/* indexer/wasm/lexshard.c -- the lexicon of the WebAssembly engine: the same
 * struct fo_lexicon that lexicon.c maps from build/lexicon.bin, filled
 * from the shards the site exports (jieba's words by first character)
 * as queries need them, so seg.c cuts a query exactly as natively.
 * fo_lexicon_range() is this file's for the engine: a character whose
 * shard is not loaded has no words yet, and its shard is noted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_int.h"
#include "store.h"
#include "xmem.h"

struct lexshard {
	struct fo_lexicon lx;	/* first: the lexicon handed out */
	unsigned nshards;
	uint8_t	*ok;
	struct fo_strlist *need;
	/* loaded words, kept sorted in lx.words / freq / flags */
	char	*blob;
	uint32_t *off, *freq;
	uint8_t	*flags;
	size_t	 n, blobsize;
};

struct fo_lexicon *
fo_lexshard_new(unsigned nshards, uint64_t total, const uint8_t *convmap,
    size_t convlen, const void *chartab, size_t chartablen,
    struct fo_strlist *need)
{
	struct lexshard *ls;
	const uint32_t *u = chartab;

	if (convlen != FO_CONVMAP_BYTES)
		return NULL;
	ls = fo_xcalloc(1, sizeof *ls);

	ls->nshards = nshards > 0 ? nshards : 1;
	ls->ok = fo_xcalloc(ls->nshards, 1);
	ls->need = need;
	ls->off = fo_xcalloc(1, sizeof *ls->off);
	ls->lx.words.off = ls->off;
	ls->lx.words.blob = "";
	ls->lx.first = fo_xcalloc(0x10002, sizeof *ls->lx.first);
	ls->lx.total = total;
	ls->lx.logtotal = log((double)(total > 0 ? total : 1));
	ls->lx.convmap = convmap;
	if (chartab != NULL && chartablen >= 8) {
		uint32_t n = u[0];

		if ((size_t)(2 * n + 2) * 4 <= chartablen) {
			ls->lx.chars.n = n;
			ls->lx.chars.cp = u + 1;
			ls->lx.chars.off = u + 1 + n;
			ls->lx.chars.blob = (const char *)(u + 2 + 2 * n);
		}
	}
	return &ls->lx;
}

void
fo_lexshard_free(struct fo_lexicon *lx)
{
	struct lexshard *ls = (struct lexshard *)lx;

	if (ls == NULL)
		return;
	free(ls->ok);
	free(ls->blob);
	free(ls->off);
	free(ls->freq);
	free(ls->flags);
	free(ls->lx.first);
	free(ls);
}

struct ent {
	const char *w;
	size_t	 n;
	uint32_t freq;
	uint8_t	 flags;
};

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	size_t m = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->w, y->w, m);

	return c != 0 ? c : (x->n > y->n) - (x->n < y->n);
}

enum fo_status
fo_lexshard_feed(struct fo_lexicon *lx, unsigned k, const char *text,
    size_t len)
{
	struct lexshard *ls = (struct lexshard *)lx;
	const char *p = text, *end = text + len;
	struct ent *v, old;
	size_t n = 0, cap = 64, i, j, m, bytes = 0;
	char *blob;
	uint32_t *off, *freq;
	uint8_t *flags;

	if (k >= ls->nshards)
		return FO_EINVAL;
	if (ls->ok[k])
		return FO_OK;
	/* the shard's words, sorted; then merged with those loaded (a
	   sort of everything at every shard grew with the session) */
	v = fo_xreallocarray(NULL, cap, sizeof *v);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *t1, *t2;
		char *e;

		if (nl == NULL)
			nl = end;
		if (*p != '\t') {	/* the shard's other lines */
			p = nl + 1;
			continue;
		}
		p++;
		t1 = memchr(p, '\t', (size_t)(nl - p));
		t2 = t1 != NULL ? memchr(t1 + 1, '\t', (size_t)(nl - t1 - 1)) :
		    NULL;
		if (t1 == NULL || t2 == NULL || t1 == p) {
			free(v);
			return FO_ECORRUPT;
		}
		if (n == cap) {
			cap *= 2;
			v = fo_xreallocarray(v, cap, sizeof *v);
		}
		v[n].w = p;
		v[n].n = (size_t)(t1 - p);
		v[n].freq = (uint32_t)strtoul(t1 + 1, &e, 10);
		v[n].flags = (uint8_t)strtoul(t2 + 1, &e, 10);
		bytes += v[n].n;
		n++;
		p = nl + 1;
	}
	qsort(v, n, sizeof *v, ent_cmp);
	m = ls->n + n;
	blob = fo_xmalloc(ls->blobsize + bytes + 1);
	off = fo_xreallocarray(NULL, m + 1, sizeof *off);
	freq = fo_xreallocarray(NULL, m + 1, sizeof *freq);
	flags = fo_xreallocarray(NULL, m + 1, 1);
	bytes = 0;
	for (i = 0, j = 0; i + j < m; ) {
		const struct ent *x;

		if (i < ls->n) {
			old.w = ls->blob + ls->off[i];
			old.n = ls->off[i + 1] - ls->off[i];
			old.freq = ls->freq[i];
			old.flags = ls->flags[i];
		}
		if (j == n || (i < ls->n && ent_cmp(&old, &v[j]) <= 0)) {
			x = &old;
			i++;
		} else
			x = &v[j++];
		off[i + j - 1] = (uint32_t)bytes;
		memcpy(blob + bytes, x->w, x->n);
		bytes += x->n;
		freq[i + j - 1] = x->freq;
		flags[i + j - 1] = x->flags;
	}
	off[m] = (uint32_t)bytes;
	free(v);
	free(ls->blob);
	free(ls->off);
	free(ls->freq);
	free(ls->flags);
	ls->blob = blob;
	ls->off = off;
	ls->freq = freq;
	ls->flags = flags;
	ls->n = m;
	ls->blobsize = bytes;
	ls->lx.words.n = (uint32_t)m;
	ls->lx.words.off = off;
	ls->lx.words.blob = blob;
	ls->lx.freq = freq;
	ls->lx.flags = flags;
	memset(ls->lx.first, 0, 0x10002 * sizeof *ls->lx.first);
	ls->ok[k] = 1;
	return FO_OK;
}

void
fo_lexicon_range(const struct fo_lexicon *lx, uint32_t cp, uint32_t *lo,
    uint32_t *hi)
{
	struct lexshard *ls = (struct lexshard *)(uintptr_t)lx;
	struct fo_buf u = FO_BUF_INIT;
	unsigned k;

	fo_utf8_put(&u, cp);
	k = fo_store_word_hash(u.data, u.len) % ls->nshards;
	fo_buf_release(&u);
	if (!ls->ok[k]) {
		char name[24];

		snprintf(name, sizeof name, "s/%u", k);
		fo_strlist_add(ls->need, name);
	}
	fo_wordlist_first_range(&lx->words, ls->lx.first, cp, lo, hi);
}
