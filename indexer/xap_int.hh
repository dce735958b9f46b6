// indexer/xap_int.hh -- private to the Xapian shim (index/xap.cc: opening,
// stubs and shards, writing; index/xap_read.cc: the reading half --
// search and the walks): the handle and the one exception mapper.  The
// helpers are inline in an anonymous namespace, so each file has its own
// copy and the library exports nothing but fo_ names.
#ifndef FO_XAP_INT_HH
#define FO_XAP_INT_HH

#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include <xapian.h>

#include "schema.h"
#include "xap.h"

/* One line of a stub file: a shard, local or remote. */
struct shard {
	std::string	 name;	/* "<stub>:<line> (<what>)", for messages */
	Xapian::Database db;	/* an empty in-memory one when missing */
	bool		 missing = false;
};

struct fo_xdb {
	Xapian::Database	 rdb;	/* always valid; = wdb when writable;
					   over a stub: every shard as one */
	Xapian::WritableDatabase wdb;
	bool			 writable = false;
	std::string		 errmsg;
	std::string		 path;	/* for messages */
	std::vector<shard>	 shards;	/* a stub's; empty otherwise */
	std::vector<std::string> missing;	/* names of missing shards */
};

namespace {

/* Our own failures inside a try block: status plus message. */
struct fo_fail {
	enum fo_status st;
	std::string msg;
};

/* Does 'path' exist at all?  Used to tell "no database here" from
 * "something is here but will not open". */
inline bool
path_exists(const std::string &path)
{
	struct stat sb;

	return stat(path.c_str(), &sb) == 0;
}

inline void
set_msg(std::string *dst, const std::string &s) noexcept
{
	if (dst == NULL)
		return;
	try {
		*dst = s;
	} catch (...) {
		dst->clear();
	}
}

/*
 * Call only from inside a catch block: rethrow and sort.  'msg' (may be
 * NULL) gets the text; 'path' is the database directory when opening
 * (empty otherwise), used to decide ENOTFOUND for opening errors.
 */
inline enum fo_status
fail_msg(std::string *msg, const std::string &path) noexcept
{
	try {
		throw;
	} catch (const fo_fail &f) {
		set_msg(msg, f.msg);
		return f.st;
	} catch (const Xapian::DatabaseNotFoundError &e) {
		set_msg(msg, e.get_description());
		return FO_ENOTFOUND;
	} catch (const Xapian::DatabaseVersionError &e) {
		/* a damaged or truncated version file reads as a bad version */
		set_msg(msg, e.get_description());
		return FO_ECORRUPT;
	} catch (const Xapian::DatabaseCorruptError &e) {
		set_msg(msg, e.get_description());
		return FO_ECORRUPT;
	} catch (const Xapian::DatabaseOpeningError &e) {
		set_msg(msg, e.get_description());
		if (!path.empty() && !path_exists(path))
			return FO_ENOTFOUND;
		return FO_EXAPIAN;
	} catch (const Xapian::NetworkError &e) {
		/* a remote shard down, refusing or timing out; Xapian's
		   text names it ("context: remote:tcp(host:port)") */
		set_msg(msg, e.get_description());
		return FO_ESHARD;
	} catch (const Xapian::Error &e) {
		set_msg(msg, e.get_description());
		return FO_EXAPIAN;
	} catch (const std::bad_alloc &) {
		set_msg(msg, "out of memory");
		return FO_ENOMEM;
	} catch (const std::exception &e) {
		set_msg(msg, std::string("internal error: ") + e.what());
		return FO_EINTERNAL;
	} catch (...) {
		set_msg(msg, "internal error: unknown exception");
		return FO_EINTERNAL;
	}
}

/* The one mapper for calls on a handle. */
inline enum fo_status
xdb_fail(struct fo_xdb *db) noexcept
{
	return fail_msg(db != NULL ? &db->errmsg : NULL, std::string());
}

inline void
need_writable(struct fo_xdb *db)
{
	if (!db->writable)
		throw fo_fail{FO_EINVAL, "database " + db->path +
		    " is open read-only; writes need FO_XDB_CREATE or FO_XDB_UPDATE"};
}

inline void
check_term(const char *term)
{
	size_t n;

	if (term == NULL || *term == '\0')
		throw fo_fail{FO_EINVAL, "empty term"};
	n = std::strlen(term);
	if (n > FO_TERM_MAX)
		throw fo_fail{FO_EINVAL, "term longer than " +
		    std::to_string(FO_TERM_MAX) + " bytes: " +
		    std::string(term, 40) + "..."};
}

inline char *
cdup(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));

	if (p == NULL)
		throw std::bad_alloc();
	std::memcpy(p, s.data(), s.size());
	p[s.size()] = '\0';
	return p;
}

/* Owns a C string vector while it is being filled. */
struct strv {
	std::vector<char *> v;
	~strv() { for (char *p : v) std::free(p); }
	char **release(size_t *n)
	{
		char **out = static_cast<char **>(
		    std::calloc(v.size() ? v.size() : 1, sizeof *out));

		if (out == NULL)
			throw std::bad_alloc();
		for (size_t i = 0; i < v.size(); i++)
			out[i] = v[i];
		*n = v.size();
		v.clear();
		return out;
	}
};

} // namespace

#endif // FO_XAP_INT_HH
