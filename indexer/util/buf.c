/* indexer/util/buf.c -- see buf.h for the invariants. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

char fo_buf_empty[1];

static void
oom(void)
{
	fputs("fiveout: out of memory\n", stderr);
	abort();
}

void *
fo_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
fo_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
fo_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
fo_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom();
	return fo_xrealloc(p, nmemb * size);
}

char *
fo_xstrdup(const char *s)
{
	return fo_xstrndup(s, strlen(s));
}

void
fo_strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
fo_xstrndup(const char *s, size_t n)
{
	char *p = fo_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
fo_buf_init(struct fo_buf *b)
{
	b->data = fo_buf_empty;
	b->len = b->cap = 0;
}

void
fo_buf_grow(struct fo_buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0) {
		b->data = NULL;
		b->cap = need < 64 ? 64 : need;
		b->data = fo_xmalloc(b->cap);
		b->data[0] = '\0';
		return;
	}
	/* Grow by half again so repeated appends stay amortised O(1). */
	b->cap = b->cap + b->cap / 2 > need ? b->cap + b->cap / 2 : need;
	b->data = fo_xrealloc(b->data, b->cap);
}

void
fo_buf_put(struct fo_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	fo_buf_grow(b, n);
	memmove(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
fo_buf_puts(struct fo_buf *b, const char *s)
{
	fo_buf_put(b, s, strlen(s));
}

void
fo_buf_putc(struct fo_buf *b, int c)
{
	fo_buf_grow(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}

void
fo_buf_vprintf(struct fo_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	fo_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
fo_buf_printf(struct fo_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fo_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
fo_buf_truncate(struct fo_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

void
fo_buf_reset(struct fo_buf *b)
{
	fo_buf_truncate(b, 0);
}

void
fo_buf_release(struct fo_buf *b)
{
	if (b->cap != 0)
		free(b->data);
	fo_buf_init(b);
}

char *
fo_buf_detach(struct fo_buf *b, size_t *len)
{
	char *s;

	if (len != NULL)
		*len = b->len;
	if (b->cap == 0) {
		s = fo_xstrdup("");
	} else
		s = b->data;
	fo_buf_init(b);
	return s;
}

uint64_t
fo_fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

uint32_t
fo_fnv32(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 16777619u;
	}
	return h;
}
