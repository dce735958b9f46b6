/* indexer/util/status.c -- text for enum fo_status, and the one error
 * formatter (fo_error()). */
#include <stdarg.h>

#include "buf.h"
#include "status.h"

enum fo_status
fo_error(char **errmsg, enum fo_status st, const char *fmt, ...)
{
	struct fo_buf b = FO_BUF_INIT;
	va_list ap;
	char *p;

	if (errmsg == NULL)
		return st;
	va_start(ap, fmt);
	fo_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	for (p = b.data; *p != '\0'; p++)	/* one line */
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	*errmsg = fo_buf_detach(&b, NULL);
	return st;
}

const char *
fo_strerror(enum fo_status st)
{
	switch (st) {
	case FO_OK:		return "success";
	case FO_EINVAL:		return "invalid argument or input";
	case FO_ENOMEM:		return "out of memory";
	case FO_EIO:		return "input/output error";
	case FO_EPARSE:		return "parse error";
	case FO_EXAPIAN:	return "Xapian error";
	case FO_ENOTFOUND:	return "not found";
	case FO_ECORRUPT:	return "file is corrupt";
	case FO_EVERSION:	return "index built by a different analyzer";
	case FO_ETOOBIG:	return "input too large";
	case FO_EINTERNAL:	return "internal error";
	case FO_ESHARD:		return "a shard of the index is unavailable";
	}
	return "unknown status";
}

