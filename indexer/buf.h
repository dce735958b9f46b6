/* indexer/buf.h -- a growable byte buffer (after git's strbuf).
 *
 * Invariants, true after fo_buf_init() or FO_BUF_INIT and after every
 * call below:
 *  - 'data' is never NULL (an empty buffer points at a static "");
 *  - data[len] == '\0', so 'data' is always a C string (it may also
 *    hold NUL bytes before 'len');
 *  - len < cap, or cap == 0 while 'data' is the static empty string.
 * Growth aborts on out-of-memory, as cmark and git do, so appends
 * cannot fail.  fo_buf_detach() is the only way to take the memory.
 */
#ifndef FO_BUF_H
#define FO_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fo_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

extern char fo_buf_empty[];
#define FO_BUF_INIT { fo_buf_empty, 0, 0 }

void	fo_buf_init(struct fo_buf *b);
/* Make room for 'extra' more bytes plus the NUL. */
void	fo_buf_grow(struct fo_buf *b, size_t extra);
void	fo_buf_put(struct fo_buf *b, const void *p, size_t n);
void	fo_buf_puts(struct fo_buf *b, const char *s);
void	fo_buf_putc(struct fo_buf *b, int c);
void	fo_buf_printf(struct fo_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	fo_buf_vprintf(struct fo_buf *b, const char *fmt, va_list ap);
/* Shorten to 'len' bytes (no-op if already shorter). */
void	fo_buf_truncate(struct fo_buf *b, size_t len);
/* Set len to 0, keep the memory. */
void	fo_buf_reset(struct fo_buf *b);
/* Free the contents; 'b' is left as after fo_buf_init(). */
void	fo_buf_release(struct fo_buf *b);
/* Hand over the string: caller frees it with free(3); 'b' is reset
 * to empty.  Never returns NULL. If 'len' is non-NULL it gets the length. */
char	*fo_buf_detach(struct fo_buf *b, size_t *len);

/* Aborting allocators used across the library (OOM is fatal). */
void	*fo_xmalloc(size_t n);
void	*fo_xcalloc(size_t nmemb, size_t size);
void	*fo_xrealloc(void *p, size_t n);
/* realloc for arrays: aborts on nmemb*size overflow. */
void	*fo_xreallocarray(void *p, size_t nmemb, size_t size);
char	*fo_xstrdup(const char *s);
/* Free the 'n' malloc(3)ed strings of 'v' and 'v' itself (NULL: nothing). */
void	fo_strv_free(char **v, size_t n);
char	*fo_xstrndup(const char *s, size_t n);

/* A list of unique malloc(3)ed strings in the order added (strlist.c). */
struct fo_strlist {
	char	**v;
	size_t	 n;
};
#define FO_STRLIST_INIT { NULL, 0 }
/* Append a copy of 's' unless already there (a linear scan: the lists
 * are a query's words). */
void	fo_strlist_add(struct fo_strlist *l, const char *s);
/* Free the strings and the array; 'l' is left empty. */
void	fo_strlist_release(struct fo_strlist *l);

/* printf's "%.6g" of 'v' into 'out' (32 bytes or more), NUL-terminated;
 * the length (fmt.c). */
size_t	fo_fmt_g6(char *out, double v);

/* 64-bit FNV-1a of p[0..n), continuing from 'h' (FO_FNV_SEED to start):
 * the one hash for identities, cache keys and content hashes. */
#define FO_FNV_SEED	UINT64_C(0xcbf29ce484222325)
uint64_t fo_fnv64(uint64_t h, const void *p, size_t n);
/* FNV-1a 32 of 'n' bytes: how the browser's search files are sharded
 * (site/searchidx.c writes them, xmem.c and lexshard.c find them). */
uint32_t fo_fnv32(const void *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* FO_BUF_H */
