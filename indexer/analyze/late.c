/* indexer/analyze/late.c -- the two libraries a search seldom needs,
 * loaded at their first use with dlopen(3): OpenCC (for text with a
 * character it may convert: fold.c) and ICU's transliterator in
 * libicui18n (pinyin: pinyin.c).  Linked as usual, loading and
 * relocating them cost every fiveout-search about half a millisecond of
 * its start while most queries use neither; nothing names them now, so
 * the linker's --as-needed (Debian's default) leaves them out of every
 * program.  Each function pointer has the type its library's header
 * gives (__typeof__); ICU's names carry the version suffix its headers
 * add (utrans_openU is utrans_openU_72), and its soname comes from the
 * same headers; OpenCC's soname from the Makefile (FO_OPENCC_SONAME, the
 * SONAME of the library pkg-config names).
 *
 * Native only: the WebAssembly build has neither library.
 */
#ifndef FO_WASM
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <unicode/uvernum.h>

#include "analyze_int.h"

#ifndef FO_OPENCC_SONAME
#error "FO_OPENCC_SONAME: the Makefile defines it (libopencc's SONAME)"
#endif
_Static_assert(sizeof FO_OPENCC_SONAME > 1, "FO_OPENCC_SONAME is empty: "
    "objdump found no SONAME in libopencc.so (see the Makefile)");

#define ICU_I18N_SONAME	"libicui18n.so." U_ICU_VERSION_SHORT

/* The name a symbol has in the library (ICU's renaming macros applied). */
#define SYM_NAME(x)	SYM_NAME2(x)
#define SYM_NAME2(x)	#x

struct late {
	pthread_once_t	 once;
	const char	*soname;
	int		 ok;
	char		 msg[512];
};

/* Bind 'name' in 'h' to *(fn) or say which is missing. */
static int
bind_sym(struct late *l, void *h, void *fn, size_t fnsize, const char *name)
{
	void *p;

	if (l->msg[0] != '\0')
		return 0;
	if ((p = dlsym(h, name)) == NULL) {
		snprintf(l->msg, sizeof l->msg, "%s: no symbol %s", l->soname,
		    name);
		return 0;
	}
	memcpy(fn, &p, fnsize);		/* POSIX: a function's address */
	return 1;
}
#define BIND(l, h, dst, sym) bind_sym((l), (h), &(dst), sizeof (dst), SYM_NAME(sym))

static void *
open_lib(struct late *l)
{
	void *h = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL)
		snprintf(l->msg, sizeof l->msg, "%s (fiveout needs it: "
		    "scripts/deps.sh installs it)", dlerror());
	return h;
}

static const void *
result(struct late *l, const void *fns, char **errmsg)
{
	if (l->ok)
		return fns;
	if (errmsg != NULL)
		(void)fo_error(errmsg, FO_EINTERNAL, "%s", l->msg);
	return NULL;
}

static struct fo_opencc_fns cc;
static struct late cc_late = { PTHREAD_ONCE_INIT, FO_OPENCC_SONAME, 0, "" };

static void
load_opencc(void)
{
	struct late *l = &cc_late;
	void *h = open_lib(l);

	if (h == NULL)
		return;
	l->ok = BIND(l, h, cc.open, opencc_open) &
	    BIND(l, h, cc.close, opencc_close) &
	    BIND(l, h, cc.convert_utf8, opencc_convert_utf8) &
	    BIND(l, h, cc.convert_utf8_free, opencc_convert_utf8_free) &
	    BIND(l, h, cc.error, opencc_error);
}

const struct fo_opencc_fns *
fo_late_opencc(char **errmsg)
{
	pthread_once(&cc_late.once, load_opencc);
	return result(&cc_late, &cc, errmsg);
}

static struct fo_utrans_fns tr;
static struct late tr_late = { PTHREAD_ONCE_INIT, ICU_I18N_SONAME, 0, "" };

static void
load_utrans(void)
{
	struct late *l = &tr_late;
	void *h = open_lib(l);

	if (h == NULL)
		return;
	l->ok = BIND(l, h, tr.openU, utrans_openU) &
	    BIND(l, h, tr.close, utrans_close) &
	    BIND(l, h, tr.transUChars, utrans_transUChars);
}

const struct fo_utrans_fns *
fo_late_utrans(char **errmsg)
{
	pthread_once(&tr_late.once, load_utrans);
	return result(&tr_late, &tr, errmsg);
}
#endif /* !FO_WASM */
