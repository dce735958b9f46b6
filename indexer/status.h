/* indexer/status.h -- the one status type of libfiveout. */
#ifndef FO_STATUS_H
#define FO_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every fallible library function returns one of these.  A zero value
 * (FO_OK) means the call completed; anything else means it did not and
 * its out-parameters are NULL/zero.
 */
enum fo_status {
	FO_OK = 0,
	FO_EINVAL,	/* bad argument or bad input (invalid UTF-8, empty query) */
	FO_ENOMEM,	/* allocation failed */
	FO_EIO,		/* a file could not be read or written */
	FO_EPARSE,	/* content, front matter or query did not parse */
	FO_EXAPIAN,	/* the Xapian library reported an error */
	FO_ENOTFOUND,	/* a named file, database, id or term does not exist */
	FO_ECORRUPT,	/* an index or lexicon file is damaged */
	FO_EVERSION,	/* the index was built by a different analyzer */
	FO_ETOOBIG,	/* input over a documented size limit */
	FO_EINTERNAL,	/* a bug: an exception or state we did not expect */
	FO_ESHARD	/* a shard of the index (remote: down, refusing,
			   timing out) could not be read */
};

/* The release of fiveout, for --version. */
#define FO_VERSION	"0.5.0"

/* "fiveout 0.5.0 (Xapian 1.4.22, ICU 72.1, ...)": what --version prints
 * after the program's name.  Static; never freed. */
const char *fo_version(void);

/* Static English text for 'st'; never NULL, never freed. */
const char *fo_strerror(enum fo_status st);

/*
 * The one error formatter: if 'errmsg' is non-NULL, *errmsg gets the
 * printf(3) formatting of 'fmt', malloc(3)ed (the caller frees it), on
 * one line (CR and LF become spaces).  Returns 'st', so a failing call
 * can end with `return fo_error(errmsg, FO_EIO, "cannot read %s", p);`.
 */
enum fo_status fo_error(char **errmsg, enum fo_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What a message tells the reader to do about an index or a site that is
 * missing, out of date or damaged: one wording, joined to the message by
 * string concatenation ("...; " FO_HOW_REBUILD_INDEX). */
#define FO_HOW_BUILD_INDEX	"build it with `make` or `fiveout-index`"
#define FO_HOW_REBUILD_INDEX	"rebuild the index with `make` or `fiveout-index`"
#define FO_HOW_REBUILD_SITE	"rebuild the site"

#ifdef __cplusplus
}
#endif
#endif /* FO_STATUS_H */
