/* indexer/analyze/vocab.c -- the project vocabulary (see vocab.h).
 *
 * Serialised form (FO_META_VOCAB), one record a line, fields split by
 * TAB, every string folded UTF-8 without TAB or newline:
 *
 *   fiveout-vocab 1
 *   w <word>                 a word added to the analyzer, in order
 *   g <term> <alias> ...     a synonym group
 *   p <key> <word>           a pinyin key ("kuajingdianshang") and its word
 *
 * The vocabulary is a few hundred entries, so lookups are linear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

#include "analyze.h"
#include "buf.h"
#include "vocab.h"

#define VOCAB_MAGIC	"fiveout-vocab 1"
/* The pinyin cache (fo_vocab_encode_pinyin()): this header, the ICU
 * version, then "word TAB pinyin" lines.  Bump the number when
 * fo_pinyin() output changes. */
#define PINYIN_MAGIC	"fiveout-pinyin 1 icu="

struct vgroup {
	char	**m;
	size_t	 n;
};

struct vkey {
	char	*key;
	char	*word;
};

struct fo_vocab {
	char	**words;	size_t nwords, capwords;
	struct vgroup *groups;	size_t ngroups, capgroups;
	struct vkey *keys;	size_t nkeys, capkeys;
	/* fo_pinyin() of each word given pinyin keys (key: word, word:
	   its pinyin), for fo_vocab_encode_pinyin() */
	struct vkey *py;	size_t npy, cappy;
};

/* A parsed pinyin cache: words and their fo_pinyin() text. */
struct pycache {
	char	*copy;
	struct vkey *e;
	size_t	 n;
};

static int
has_word(const struct fo_vocab *v, const char *w)
{
	size_t i;

	for (i = 0; i < v->nwords; i++)
		if (strcmp(v->words[i], w) == 0)
			return 1;
	return 0;
}

static void
push_word(struct fo_vocab *v, const char *w)
{
	if (*w == '\0' || has_word(v, w))
		return;
	if (v->nwords == v->capwords) {
		v->capwords = v->capwords ? 2 * v->capwords : 64;
		v->words = fo_xreallocarray(v->words, v->capwords,
		    sizeof *v->words);
	}
	v->words[v->nwords++] = fo_xstrdup(w);
}

static struct vgroup *
push_group(struct fo_vocab *v)
{
	struct vgroup *g;

	if (v->ngroups == v->capgroups) {
		v->capgroups = v->capgroups ? 2 * v->capgroups : 32;
		v->groups = fo_xreallocarray(v->groups, v->capgroups,
		    sizeof *v->groups);
	}
	g = &v->groups[v->ngroups++];
	g->m = NULL;
	g->n = 0;
	return g;
}

static void
group_add(struct vgroup *g, const char *w)
{
	size_t i;

	if (*w == '\0')
		return;
	for (i = 0; i < g->n; i++)
		if (strcmp(g->m[i], w) == 0)
			return;
	g->m = fo_xreallocarray(g->m, g->n + 1, sizeof *g->m);
	g->m[g->n++] = fo_xstrdup(w);
}

static void
push_key(struct fo_vocab *v, const char *key, const char *word)
{
	size_t i;

	if (*key == '\0' || *word == '\0')
		return;
	for (i = 0; i < v->nkeys; i++)
		if (strcmp(v->keys[i].key, key) == 0)
			return;	/* first (glossary) wins */
	if (v->nkeys == v->capkeys) {
		v->capkeys = v->capkeys ? 2 * v->capkeys : 64;
		v->keys = fo_xreallocarray(v->keys, v->capkeys,
		    sizeof *v->keys);
	}
	v->keys[v->nkeys].key = fo_xstrdup(key);
	v->keys[v->nkeys].word = fo_xstrdup(word);
	v->nkeys++;
}

/* Does 's' hold a Han character (any byte sequence starting 0xE3..0xE9
 * or a 4-byte plane-2 character is close enough for CJK text)? */
static int
has_han(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p >= 0xe3 && *p <= 0xe9) || *p == 0xf0)
			return 1;
	return 0;
}

/* Fold 'in' and drop TAB/newline; returns malloc(3)ed text or NULL. */
static char *
fold_clean(struct fo_analyzer *an, const char *in)
{
	struct fo_buf b = FO_BUF_INIT;
	char *s, *p, *q;

	if (in == NULL || *in == '\0')
		return NULL;
	if (fo_analyzer_fold(an, in, strlen(in), &b, NULL) != FO_OK) {
		fo_buf_release(&b);
		return NULL;
	}
	s = fo_buf_detach(&b, NULL);
	for (p = q = s; *p; p++)
		if (*p != '\t' && *p != '\n' && *p != '\r')
			*q++ = *p;
	*q = '\0';
	/* trim spaces */
	for (p = s; *p == ' '; p++)
		;
	memmove(s, p, strlen(p) + 1);
	for (q = s + strlen(s); q > s && q[-1] == ' '; q--)
		q[-1] = '\0';
	if (*s == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static void
icu_version(char *buf)
{
	UVersionInfo ver;

	u_getVersion(ver);
	u_versionToString(ver, buf);
}

/* Parse 'data' (a fo_vocab_encode_pinyin() blob) into 'pc'; a blob
 * from another ICU or cache version, or damaged, gives an empty cache. */
static void
pycache_parse(struct pycache *pc, const char *data, size_t len)
{
	char icu[U_MAX_VERSION_STRING_LENGTH], head[64], *line, *next, *tab;
	size_t cap = 0;

	memset(pc, 0, sizeof *pc);
	if (data == NULL || len == 0 || memchr(data, '\0', len) != NULL)
		return;
	icu_version(icu);
	snprintf(head, sizeof head, "%s%s\n", PINYIN_MAGIC, icu);
	if (len < strlen(head) || memcmp(data, head, strlen(head)) != 0)
		return;
	pc->copy = fo_xstrndup(data, len);
	for (line = pc->copy + strlen(head); *line != '\0'; line = next + 1) {
		if ((next = strchr(line, '\n')) == NULL ||
		    (tab = memchr(line, '\t', (size_t)(next - line))) == NULL) {
			pc->n = 0;	/* damaged: use none of it */
			return;
		}
		*next = *tab = '\0';
		if (pc->n == cap) {
			cap = cap ? 2 * cap : 64;
			pc->e = fo_xreallocarray(pc->e, cap, sizeof *pc->e);
		}
		pc->e[pc->n].key = line;
		pc->e[pc->n].word = tab + 1;
		pc->n++;
	}
}

static void
pycache_release(struct pycache *pc)
{
	free(pc->copy);
	free(pc->e);
}

/* fo_pinyin() of 'w' from the cache, or NULL. */
static const char *
pycache_find(const struct pycache *pc, const char *w)
{
	for (size_t i = 0; pc != NULL && i < pc->n; i++)
		if (strcmp(pc->e[i].key, w) == 0)
			return pc->e[i].word;
	return NULL;
}

/* Remember fo_pinyin() of 'w' for the next build's cache. */
static void
push_py(struct fo_vocab *v, const char *w, const char *py)
{
	for (size_t i = 0; i < v->npy; i++)
		if (strcmp(v->py[i].key, w) == 0)
			return;
	if (v->npy == v->cappy) {
		v->cappy = v->cappy ? 2 * v->cappy : 64;
		v->py = fo_xreallocarray(v->py, v->cappy, sizeof *v->py);
	}
	v->py[v->npy].key = fo_xstrdup(w);
	v->py[v->npy].word = fo_xstrdup(py);
	v->npy++;
}

/* Add pinyin keys for folded word 'w': letters only, "ü" as v and u.
 * Its pinyin comes from 'pc' when there, else from fo_pinyin(). */
static void
add_pinyin(struct fo_vocab *v, struct fo_analyzer *an, const char *w,
    const struct pycache *pc)
{
	struct fo_buf py = FO_BUF_INIT, kv = FO_BUF_INIT, ku = FO_BUF_INIT;
	const unsigned char *p;
	const char *hit;
	int umlaut = 0;

	if (!has_han(w))
		goto out;
	if ((hit = pycache_find(pc, w)) != NULL)
		fo_buf_puts(&py, hit);
	else if (fo_pinyin(an, w, &py) != FO_OK)
		goto out;
	push_py(v, w, py.data != NULL ? py.data : "");
	if (py.data == NULL)	/* no text at all: no key */
		goto out;
	for (p = (const unsigned char *)py.data; *p; p++) {
		if (*p >= 'a' && *p <= 'z') {
			fo_buf_putc(&kv, *p);
			fo_buf_putc(&ku, *p);
		} else if (*p >= 'A' && *p <= 'Z') {
			fo_buf_putc(&kv, *p - 'A' + 'a');
			fo_buf_putc(&ku, *p - 'A' + 'a');
		} else if (p[0] == 0xc3 && (p[1] == 0xbc || p[1] == 0x9c)) {
			fo_buf_putc(&kv, 'v');
			fo_buf_putc(&ku, 'u');
			umlaut = 1;
			p++;
		} else if (*p >= 0x80 && has_han((const char *)p)) {
			/* an unconverted Han character: no usable key */
			goto out;
		}
	}
	push_key(v, kv.data, w);
	if (umlaut)
		push_key(v, ku.data, w);
out:
	fo_buf_release(&py);
	fo_buf_release(&kv);
	fo_buf_release(&ku);
}

enum fo_status
fo_vocab_build(const struct fo_content *c, struct fo_analyzer *an,
    struct fo_vocab **out)
{
	return fo_vocab_build_cached(c, an, NULL, 0, out);
}

enum fo_status
fo_vocab_build_cached(const struct fo_content *c, struct fo_analyzer *an,
    const char *cache, size_t cachelen, struct fo_vocab **out)
{
	struct pycache pc;
	struct fo_vocab *v;
	size_t i, j;
	char *w;
	int n;

	if (out != NULL)
		*out = NULL;
	if (c == NULL || an == NULL || out == NULL)
		return FO_EINVAL;
	v = fo_xcalloc(1, sizeof *v);
	pycache_parse(&pc, cache, cachelen);

	/* Glossary: one group per entry; every member is a word and a key. */
	for (i = 0; i < c->nglossary; i++) {
		const struct fo_page *g = c->glossary[i];
		struct vgroup *grp;

		if (g == NULL)
			continue;
		grp = push_group(v);
		for (j = 0; j <= g->naliases; j++) {
			w = fold_clean(an, j == 0 ? g->title : g->aliases[j - 1]);
			if (w == NULL)
				continue;
			group_add(grp, w);
			push_word(v, w);
			add_pinyin(v, an, w, &pc);
			free(w);
		}
		if (grp->n == 0) {
			free(grp->m);
			v->ngroups--;
		}
	}
	/* Clause titles: words and keys. */
	for (n = 1; n <= FO_NCLAUSES; n++) {
		if (c->clauses[n] == NULL ||
		    (w = fold_clean(an, c->clauses[n]->title)) == NULL)
			continue;
		push_word(v, w);
		add_pinyin(v, an, w, &pc);
		free(w);
	}
	/* Section titles are long phrases: pinyin keys only, so the
	 * segmenter still cuts them into their words. */
	for (n = 1; n <= FO_NSECTIONS; n++) {
		if (c->sections[n] == NULL ||
		    (w = fold_clean(an, c->sections[n]->title)) == NULL)
			continue;
		add_pinyin(v, an, w, &pc);
		free(w);
	}
	pycache_release(&pc);
	for (i = 0; i < v->nwords; i++)
		if (fo_analyzer_add_word(an, v->words[i]) != FO_OK) {
			fo_vocab_free(v);
			return FO_EINVAL;
		}
	*out = v;
	return FO_OK;
}

char *
fo_vocab_encode_pinyin(const struct fo_vocab *v, size_t *len)
{
	struct fo_buf b = FO_BUF_INIT;
	char icu[U_MAX_VERSION_STRING_LENGTH];

	icu_version(icu);
	fo_buf_printf(&b, "%s%s\n", PINYIN_MAGIC, icu);
	for (size_t i = 0; v != NULL && i < v->npy; i++)
		fo_buf_printf(&b, "%s\t%s\n", v->py[i].key, v->py[i].word);
	return fo_buf_detach(&b, len);
}

char *
fo_vocab_encode(const struct fo_vocab *v, size_t *len)
{
	struct fo_buf b = FO_BUF_INIT;
	size_t i, j;

	fo_buf_puts(&b, VOCAB_MAGIC "\n");
	if (v != NULL) {
		for (i = 0; i < v->nwords; i++)
			fo_buf_printf(&b, "w\t%s\n", v->words[i]);
		for (i = 0; i < v->ngroups; i++) {
			fo_buf_putc(&b, 'g');
			for (j = 0; j < v->groups[i].n; j++)
				fo_buf_printf(&b, "\t%s", v->groups[i].m[j]);
			fo_buf_putc(&b, '\n');
		}
		for (i = 0; i < v->nkeys; i++)
			fo_buf_printf(&b, "p\t%s\t%s\n", v->keys[i].key,
			    v->keys[i].word);
	}
	return fo_buf_detach(&b, len);
}

/* Split 'line' (modified in place) on TAB into at most 'max' fields. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	char *p = line;

	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return p == NULL ? n : max + 1;
}

enum fo_status
fo_vocab_decode(const char *data, size_t len, struct fo_analyzer *an,
    struct fo_vocab **out)
{
	struct fo_vocab *v;
	char *copy, *line, *next, *f[65];
	size_t i, n;
	enum fo_status st = FO_ECORRUPT;

	if (out != NULL)
		*out = NULL;
	if (data == NULL || out == NULL)
		return FO_EINVAL;
	if (memchr(data, '\0', len) != NULL || !fo_utf8_valid(data, len, NULL))
		return FO_ECORRUPT;
	copy = fo_xstrndup(data, len);
	v = fo_xcalloc(1, sizeof *v);
	line = copy;
	next = strchr(line, '\n');
	if (next == NULL)
		goto bad;
	*next = '\0';
	if (strcmp(line, VOCAB_MAGIC) != 0)
		goto bad;
	for (line = next + 1; *line != '\0'; line = next + 1) {
		if ((next = strchr(line, '\n')) == NULL)
			goto bad;	/* every record ends in a newline */
		*next = '\0';
		n = split_tabs(line, f, 64);
		if (n > 64 || strlen(f[0]) != 1)
			goto bad;
		for (i = 1; i < n; i++)
			if (*f[i] == '\0')
				goto bad;
		switch (f[0][0]) {
		case 'w':
			if (n != 2)
				goto bad;
			push_word(v, f[1]);
			break;
		case 'g': {
			struct vgroup *g;

			if (n < 2)
				goto bad;
			g = push_group(v);
			for (i = 1; i < n; i++)
				group_add(g, f[i]);
			break;
		}
		case 'p':
			if (n != 3)
				goto bad;
			for (i = 0; f[1][i]; i++)
				if (f[1][i] < 'a' || f[1][i] > 'z')
					goto bad;
			push_key(v, f[1], f[2]);
			break;
		default:
			goto bad;
		}
	}
	if (an != NULL)
		for (i = 0; i < v->nwords; i++)
			if (fo_analyzer_add_word(an, v->words[i]) != FO_OK)
				goto bad;
	free(copy);
	*out = v;
	return FO_OK;
bad:
	free(copy);
	fo_vocab_free(v);
	return st;
}

void
fo_vocab_free(struct fo_vocab *v)
{
	size_t i, j;

	if (v == NULL)
		return;
	for (i = 0; i < v->nwords; i++)
		free(v->words[i]);
	free(v->words);
	for (i = 0; i < v->ngroups; i++) {
		for (j = 0; j < v->groups[i].n; j++)
			free(v->groups[i].m[j]);
		free(v->groups[i].m);
	}
	free(v->groups);
	for (i = 0; i < v->nkeys; i++) {
		free(v->keys[i].key);
		free(v->keys[i].word);
	}
	free(v->keys);
	for (i = 0; i < v->npy; i++) {
		free(v->py[i].key);
		free(v->py[i].word);
	}
	free(v->py);
	free(v);
}

const char *const *
fo_vocab_group(const struct fo_vocab *v, const char *folded, size_t *n)
{
	size_t i, j;

	if (n != NULL)
		*n = 0;
	if (v == NULL || folded == NULL)
		return NULL;
	for (i = 0; i < v->ngroups; i++)
		for (j = 0; j < v->groups[i].n; j++)
			if (strcmp(v->groups[i].m[j], folded) == 0) {
				if (n != NULL)
					*n = v->groups[i].n;
				return (const char *const *)v->groups[i].m;
			}
	return NULL;
}

const char *
fo_vocab_pinyin(const struct fo_vocab *v, const char *letters)
{
	size_t i;

	if (v == NULL || letters == NULL)
		return NULL;
	for (i = 0; i < v->nkeys; i++)
		if (strcmp(v->keys[i].key, letters) == 0)
			return v->keys[i].word;
	return NULL;
}

size_t
fo_vocab_nwords(const struct fo_vocab *v)
{
	return v == NULL ? 0 : v->nwords;
}

const char *
fo_vocab_word(const struct fo_vocab *v, size_t i)
{
	return v == NULL || i >= v->nwords ? NULL : v->words[i];
}

size_t
fo_vocab_npinyin(const struct fo_vocab *v)
{
	return v == NULL ? 0 : v->nkeys;
}

void
fo_vocab_pinyin_at(const struct fo_vocab *v, size_t i, const char **key,
    const char **word)
{
	if (v == NULL || i >= v->nkeys) {
		*key = *word = NULL;
		return;
	}
	*key = v->keys[i].key;
	*word = v->keys[i].word;
}
