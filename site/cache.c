/* site/cache.c -- what the previous build worked out with slow library
 * calls, kept in OUTDIR/.fiveout-cache so a rebuild need not repeat
 * them: the pinyin of tag names (ICU's Han-Latin transliterator costs
 * about 1e9 instructions to open) and the per-character
 * Traditional->Simplified map of the browser index (27,000 folds).
 *
 *   fiveout-site cache 1 <TAB> <key>
 *   <kind> <TAB> <name> <TAB> <value>
 *   ...
 *
 * The key is the analyzer's fingerprint (lexicon, OpenCC, ICU and
 * Unicode versions): any change there voids the whole file, so a cached
 * value is always what the call would return now.  Names or values
 * holding a tab, newline or NUL are not cached (they are recomputed).
 * A missing, foreign or damaged file only means a slower build.
 */
#include <stdlib.h>
#include <string.h>

#include "site.h"

#define HEADER	"fiveout-site cache 1\t"

struct ent {
	char	 kind;
	char	*name;		/* points into old.data or owned (new) */
	char	*val;
	int	 used;
};

struct fo_cache {
	char	*key;
	struct fo_buf old;	/* the previous file, NULs at tabs/newlines */
	struct ent *v;		size_t n;	/* old entries, sorted */
	struct ent *nv;		size_t nn, ncap;	/* put in this build */
	unsigned char touched[256];	/* kinds got or put in this build */
	int	 valid;		/* the old file was read, under this key */
};

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->kind != y->kind)
		return (unsigned char)x->kind < (unsigned char)y->kind ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int
plain(const char *s)
{
	return strpbrk(s, "\t\n") == NULL;
}

struct fo_cache *
fo_cache_load(const struct fo_out *o, const char *key)
{
	struct fo_cache *c = fo_xcalloc(1, sizeof(*c));
	char *p, *end, *nl;
	size_t cap = 0;
	int bad = 0;

	c->key = fo_xstrdup(key != NULL && plain(key) ? key : "");
	fo_buf_init(&c->old);
	if (fo_out_cache_old(o, &c->old) != 0 || c->old.len == 0 ||
	    memchr(c->old.data, '\0', c->old.len) != NULL)
		return c;
	p = c->old.data;
	end = p + c->old.len;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		return c;
	*nl = '\0';
	if (strncmp(p, HEADER, strlen(HEADER)) != 0 ||
	    strcmp(p + strlen(HEADER), c->key) != 0 || *c->key == '\0')
		return c;
	for (p = nl + 1; p < end; p = nl + 1) {
		char *t1, *t2;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;	/* a truncated last line is dropped */
		*nl = '\0';
		if ((t1 = strchr(p, '\t')) == NULL || t1 != p + 1 ||
		    (t2 = strchr(t1 + 1, '\t')) == NULL || strchr(t2 + 1, '\t')) {
			bad = 1;
			continue;
		}
		*t1 = *t2 = '\0';
		if (c->n == cap) {
			cap = cap ? 2 * cap : 64;
			c->v = fo_xreallocarray(c->v, cap, sizeof(*c->v));
		}
		c->v[c->n].kind = p[0];
		c->v[c->n].name = t1 + 1;
		c->v[c->n].val = t2 + 1;
		c->v[c->n].used = 0;
		c->n++;
	}
	if (c->n > 0)
		qsort(c->v, c->n, sizeof(*c->v), cmp_ent);
	c->valid = p == end && !bad;	/* every line whole and good */
	return c;
}

const char *
fo_cache_get(struct fo_cache *c, char kind, const char *name)
{
	struct ent k, *e;

	if (c == NULL || name == NULL)
		return NULL;
	c->touched[(unsigned char)kind] = 1;
	if (c->n == 0)
		return NULL;
	k.kind = kind;
	k.name = (char *)name;
	if ((e = bsearch(&k, c->v, c->n, sizeof(*c->v), cmp_ent)) == NULL)
		return NULL;
	e->used = 1;
	return e->val;
}

void
fo_cache_put(struct fo_cache *c, char kind, const char *name, const char *val)
{
	struct ent k, *e;

	if (c == NULL || name == NULL || val == NULL || kind == '\t' ||
	    kind == '\n' || kind == '\0' || !plain(name) || !plain(val))
		return;
	c->touched[(unsigned char)kind] = 1;
	k.kind = kind;		/* the value put replaces an old one */
	k.name = (char *)name;
	if (c->n > 0 && (e = bsearch(&k, c->v, c->n, sizeof(*c->v),
	    cmp_ent)) != NULL)
		e->used = 0;
	if (c->nn == c->ncap) {
		c->ncap = c->ncap ? 2 * c->ncap : 16;
		c->nv = fo_xreallocarray(c->nv, c->ncap, sizeof(*c->nv));
	}
	e = &c->nv[c->nn++];
	e->kind = kind;
	e->name = fo_xstrdup(name);
	e->val = fo_xstrdup(val);
	e->used = 1;
}

static void
put_ent(struct fo_buf *b, const struct ent *e)
{
	fo_buf_putc(b, e->kind);
	fo_buf_putc(b, '\t');
	fo_buf_puts(b, e->name);
	fo_buf_putc(b, '\t');
	fo_buf_puts(b, e->val);
	fo_buf_putc(b, '\n');
}

enum fo_status
fo_cache_save(struct fo_cache *c, struct fo_out *o, char **errmsg)
{
	struct fo_buf b = FO_BUF_INIT;
	enum fo_status st;
	size_t i;

	if (c == NULL || *c->key == '\0')
		return FO_OK;
	if (c->valid && c->nn == 0) {	/* nothing new: the same file */
		for (i = 0; i < c->n; i++)
			if (!c->v[i].used && c->touched[(unsigned char)c->v[i].kind])
				break;
		if (i == c->n && fo_out_cache_link(o) == 0)
			return FO_OK;
	}
	fo_buf_puts(&b, HEADER);
	fo_buf_puts(&b, c->key);
	fo_buf_putc(&b, '\n');
	/* what this build used, and whole kinds it did not look at */
	for (i = 0; i < c->n; i++)
		if (c->v[i].used || !c->touched[(unsigned char)c->v[i].kind])
			put_ent(&b, &c->v[i]);
	for (i = 0; i < c->nn; i++)
		put_ent(&b, &c->nv[i]);
	st = fo_out_cache_put(o, b.data, b.len, errmsg);
	fo_buf_release(&b);
	return st;
}

void
fo_cache_free(struct fo_cache *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nn; i++) {
		free(c->nv[i].name);
		free(c->nv[i].val);
	}
	free(c->nv);
	free(c->v);
	fo_buf_release(&c->old);
	free(c->key);
	free(c);
}
