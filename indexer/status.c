/* indexer/status.c -- text for enum fo_status. */
#include "status.h"

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
	}
	return "unknown status";
}
