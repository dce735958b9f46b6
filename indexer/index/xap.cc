// indexer/index/xap.cc -- the Xapian shim: the only C++ in fiveout.
//
// Model: notmuch's lib/database.cc.  Every extern "C" function body is
//
//	try { ... } catch (...) { return xdb_fail(db); }
//
// and xdb_fail() rethrows the exception in flight and sorts it into an
// enum fo_status, keeping Xapian's text on the handle (fo_xdb_errmsg()).
// No exception ever reaches C.
//
// Weighting: Xapian::BM25Weight with its default parameters
// (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5).  The pages are
// short and of similar length, so the defaults serve; titles weigh more
// because the writer gives title terms a higher wdf, not through k1/b.
// Order: relevance, ties by ascending docid; no collapsing.

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include <xapian.h>

#include "schema.h"
#include "xap.h"

#define QUERY_DEPTH_MAX	64	/* deeper trees are refused (FO_EINVAL) */

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
bool
path_exists(const std::string &path)
{
	struct stat sb;

	return stat(path.c_str(), &sb) == 0;
}

void
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
enum fo_status
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
enum fo_status
xdb_fail(struct fo_xdb *db) noexcept
{
	return fail_msg(db != NULL ? &db->errmsg : NULL, std::string());
}

void
need_writable(struct fo_xdb *db)
{
	if (!db->writable)
		throw fo_fail{FO_EINVAL, "database " + db->path +
		    " is open read-only; writes need FO_XDB_CREATE or FO_XDB_UPDATE"};
}

void
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

char *
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

/* What building a query needs besides the tree: the database, to expand
 * wildcards in, and the wildcard prefixes found, for highlighting. */
struct qctx {
	const Xapian::Database &db;
	std::vector<std::string> prefixes;
};

Xapian::Query build_query(const struct fo_qnode *q, int depth,
    qctx &wild, bool bare = false);

std::vector<Xapian::Query>
build_kids(const struct fo_qnode *q, size_t from, int depth,
    qctx &wild, bool bare = false)
{
	std::vector<Xapian::Query> v;

	if (q->nkids > 0 && q->kids == NULL)
		throw fo_fail{FO_EINVAL, "query node has nkids but no kids"};
	for (size_t i = from; i < q->nkids; i++)
		v.push_back(build_query(q->kids[i], depth + 1, wild, bare));
	return v;
}

/* Convert the C tree; 'wild' collects wildcard prefixes for
 * get_matching_terms(), which in 1.4 does not expand them.  'bare': the
 * tree only selects (the right of AND_NOT, a FILTER's filter), so an
 * AND_MAYBE is its first kid alone -- the same matches, and Xapian 1.4
 * mismatches  A AND_NOT ((PHRASE AND_MAYBE x) FILTER k)  when A has a
 * phrase too: it keeps pages the right side matches. */
Xapian::Query
build_query(const struct fo_qnode *q, int depth, qctx &wild, bool bare)
{
	if (q == NULL)
		throw fo_fail{FO_EINVAL, "NULL query node"};
	if (depth > QUERY_DEPTH_MAX)
		throw fo_fail{FO_EINVAL, "query nested too deeply"};
	/* C may store any int in the enum; in C++ loading an out-of-range
	 * value is undefined, so read the representation. */
	std::underlying_type<enum fo_qop>::type op;
	std::memcpy(&op, &q->op, sizeof op);
	if (op < FO_Q_TERM || op > FO_Q_ALL)
		throw fo_fail{FO_EINVAL, "unknown query operator"};
	if (bare && q->op == FO_Q_AND_MAYBE && q->nkids > 0 &&
	    q->kids != NULL)
		return build_query(q->kids[0], depth + 1, wild, true);
	switch (q->op) {
	case FO_Q_TERM:
		/* no document has a term longer than the index allows (the
		   writer refuses them): such a query word matches nothing */
		if (q->term != NULL && std::strlen(q->term) > FO_TERM_MAX)
			return Xapian::Query::MatchNothing;
		check_term(q->term);
		return Xapian::Query(q->term, q->wqf ? q->wqf : 1);
	case FO_Q_WILDCARD:
		if (q->term != NULL && std::strlen(q->term) > FO_TERM_MAX)
			return Xapian::Query::MatchNothing;
		check_term(q->term);
		wild.prefixes.push_back(q->term);
		/* Expanded here, over every shard at once, rather than by
		 * OP_WILDCARD: Xapian 1.4 expands that in each shard apart
		 * and weighs the expansions by that shard's statistics, so
		 * a sharded index scored differently from one database.
		 * The same terms, the same OP_MAX, for one database. */
		{
			std::vector<Xapian::Query> v;
			const std::string pre(q->term);

			for (Xapian::TermIterator t = wild.db.allterms_begin(pre);
			    t != wild.db.allterms_end(pre); ++t)
				v.push_back(Xapian::Query(*t));
			if (v.empty())
				return Xapian::Query::MatchNothing;
			return Xapian::Query(Xapian::Query::OP_MAX, v.begin(),
			    v.end());
		}
	case FO_Q_ALL:
		return Xapian::Query::MatchAll;
	case FO_Q_PHRASE:
	case FO_Q_NEAR: {
		std::vector<Xapian::Query> v = build_kids(q, 0, depth, wild,
		    bare);
		Xapian::termcount w = q->window ? q->window :
		    static_cast<Xapian::termcount>(v.size());

		if (v.empty())
			throw fo_fail{FO_EINVAL, "phrase/near without terms"};
		if (v.size() == 1)
			return v[0];
		if (w < v.size())
			w = static_cast<Xapian::termcount>(v.size());
		return Xapian::Query(q->op == FO_Q_PHRASE ?
		    Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR,
		    v.begin(), v.end(), w);
	}
	case FO_Q_AND:
	case FO_Q_OR: {
		std::vector<Xapian::Query> v = build_kids(q, 0, depth, wild,
		    bare);

		if (v.empty())
			throw fo_fail{FO_EINVAL, "AND/OR without operands"};
		return Xapian::Query(q->op == FO_Q_AND ?
		    Xapian::Query::OP_AND : Xapian::Query::OP_OR,
		    v.begin(), v.end());
	}
	case FO_Q_AND_NOT:
	case FO_Q_AND_MAYBE:
	case FO_Q_FILTER: {
		/* kid[0] weighs; AND_NOT's and FILTER's other kids select */
		std::vector<Xapian::Query> v = build_kids(q, 1, depth, wild,
		    bare || q->op != FO_Q_AND_MAYBE);
		Xapian::Query::op op;

		if (q->nkids > 0)
			v.insert(v.begin(), build_query(q->kids[0], depth + 1,
			    wild, bare));
		if (v.empty())
			throw fo_fail{FO_EINVAL, "binary operator without operands"};
		if (v.size() == 1)
			return v[0];
		op = q->op == FO_Q_AND_NOT ? Xapian::Query::OP_AND_NOT :
		    q->op == FO_Q_AND_MAYBE ? Xapian::Query::OP_AND_MAYBE :
		    Xapian::Query::OP_FILTER;
		/* kid[0] op (kid[1] OR kid[2] ...) for AND_NOT / AND_MAYBE;
		 * a filter needs every filter kid: kid[0] FILTER (AND ...) */
		Xapian::Query rest(op == Xapian::Query::OP_FILTER ?
		    Xapian::Query::OP_AND : Xapian::Query::OP_OR,
		    v.begin() + 1, v.end());
		return Xapian::Query(op, v[0], rest);
	}
	case FO_Q_SCALE: {
		if (q->nkids != 1 || q->kids == NULL)
			throw fo_fail{FO_EINVAL, "SCALE needs exactly one kid"};
		if (!(q->scale >= 0.0))
			throw fo_fail{FO_EINVAL, "SCALE factor must be >= 0"};
		return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
		    build_query(q->kids[0], depth + 1, wild, bare), q->scale);
	}
	}
	throw fo_fail{FO_EINVAL, "unknown query operator"};
}

/* ---- stub files (xap.h) ---- */

/* One shard as a stub line gives it. */
struct stub_line {
	enum { LOCAL, TCP, PROG } type;
	std::string arg;	/* LOCAL: path; TCP: host; PROG: program */
	std::string args;	/* PROG: its arguments */
	unsigned port = 0;	/* TCP */
	std::string name;	/* "<stub>:<line> (<the line>)" */
};

/* The stub file of 'path': 'path' itself if it is a file, path/XAPIANDB
 * if it is a directory holding one; "" if 'path' is no stub. */
std::string
stub_file(const std::string &path)
{
	struct stat sb;

	if (stat(path.c_str(), &sb) != 0)
		return "";
	if (S_ISREG(sb.st_mode))
		return path;
	if (S_ISDIR(sb.st_mode)) {
		const std::string f = path + "/" FO_XDB_STUB;

		if (stat(f.c_str(), &sb) == 0 && S_ISREG(sb.st_mode))
			return f;
	}
	return "";
}

std::string
trim(const std::string &s)
{
	const char *ws = " \t\r\n";
	size_t a = s.find_first_not_of(ws), b = s.find_last_not_of(ws);

	return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/* The shards 'file' lists; throws fo_fail naming the file and line. */
std::vector<stub_line>
read_stub(const std::string &file)
{
	std::ifstream in(file);
	std::vector<stub_line> v;
	std::string line, dir;
	size_t slash = file.rfind('/');
	unsigned no = 0;

	if (!in)
		throw fo_fail{FO_EIO, file + ": " + std::strerror(errno)};
	dir = slash == std::string::npos ? "." : file.substr(0, slash);
	while (std::getline(in, line)) {
		std::string t = trim(line), type, rest;
		stub_line l;
		size_t sp;

		no++;
		if (t.empty() || t[0] == '#')
			continue;
		sp = t.find_first_of(" \t");
		type = t.substr(0, sp);
		rest = sp == std::string::npos ? "" : trim(t.substr(sp));
		l.name = file + ":" + std::to_string(no) + " (" + t + ")";
		if ((type == "auto" || type == "glass") && !rest.empty()) {
			l.type = stub_line::LOCAL;
			l.arg = rest[0] == '/' ? rest : dir + "/" + rest;
		} else if (type == "remote" && !rest.empty() &&
		    rest.find_first_of(" \t") == std::string::npos &&
		    rest.find(':') != std::string::npos) {
			size_t c = rest.rfind(':');
			const std::string port = rest.substr(c + 1);
			char *end;
			unsigned long n = std::strtoul(port.c_str(), &end, 10);

			if (port.empty() || *end != '\0' || n == 0 || n > 65535)
				throw fo_fail{FO_EINVAL, file + ":" +
				    std::to_string(no) + ": '" + port +
				    "' is not a port (1-65535)"};
			l.type = stub_line::TCP;
			l.arg = c == 0 ? "localhost" : rest.substr(0, c);
			l.port = static_cast<unsigned>(n);
		} else if (type == "remote" && !rest.empty()) {
			sp = rest.find_first_of(" \t");
			l.type = stub_line::PROG;
			l.arg = rest.substr(0, sp);
			l.args = sp == std::string::npos ? "" :
			    trim(rest.substr(sp));
		} else
			throw fo_fail{FO_EINVAL, file + ":" + std::to_string(no) +
			    ": not a shard: a stub's lines are 'auto PATH', "
			    "'glass PATH', 'remote HOST:PORT' or 'remote "
			    "PROGRAM ARGS'"};
		v.push_back(l);
	}
	if (v.empty())
		throw fo_fail{FO_EINVAL, file + " lists no shards"};
	return v;
}

Xapian::Database
open_shard(const stub_line &l, unsigned timeout)
{
	switch (l.type) {
	case stub_line::TCP:
		return Xapian::Remote::open(l.arg, l.port, timeout, timeout);
	case stub_line::PROG:
		return Xapian::Remote::open(l.arg, l.args, timeout);
	case stub_line::LOCAL:
		break;
	}
	return Xapian::Database(l.arg, Xapian::DB_BACKEND_GLASS);
}

/* Open every shard of stub 'file' into 'db' (see xap.h). */
void
open_stub(struct fo_xdb *db, const std::string &file,
    const struct fo_xdb_opts &o)
{
	const unsigned timeout = o.timeout_ms ? o.timeout_ms : 10000;

	for (const stub_line &l : read_stub(file)) {
		shard sh;

		sh.name = l.name;
		try {
			sh.db = open_shard(l, timeout);
		} catch (...) {
			std::string m;
			enum fo_status st = fail_msg(&m, std::string());

			if (!o.allow_partial)
				throw fo_fail{st == FO_ENOMEM ? st : FO_ESHARD,
				    "shard " + l.name + " is unavailable: " + m};
			/* an empty shard in its place keeps the docids */
			sh.db = Xapian::WritableDatabase(std::string(),
			    Xapian::DB_BACKEND_INMEMORY);
			sh.missing = true;
			db->missing.push_back(l.name);
		}
		db->rdb.add_database(sh.db);
		db->shards.push_back(sh);
	}
	if (db->missing.size() == db->shards.size())
		throw fo_fail{FO_ESHARD, "no shard of " + file + " is "
		    "available (the first: " + db->missing[0] + ")"};
}

} // namespace

extern "C" enum fo_status
fo_xdb_open(const char *path, enum fo_xdb_mode mode, struct fo_xdb **out,
    char **errmsg)
{
	return fo_xdb_open_opts(path, mode, NULL, out, errmsg);
}

extern "C" enum fo_status
fo_xdb_open_opts(const char *path, enum fo_xdb_mode mode,
    const struct fo_xdb_opts *opts, struct fo_xdb **out, char **errmsg)
{
	const struct fo_xdb_opts none = FO_XDB_OPTS_INIT;
	struct fo_xdb *db = NULL;
	std::string msg;
	enum fo_status st;

	if (out != NULL)
		*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (path == NULL || *path == '\0' || out == NULL)
		return FO_EINVAL;
	{
		std::underlying_type<enum fo_xdb_mode>::type m;

		std::memcpy(&m, &mode, sizeof m);
		if (m < FO_XDB_READ || m > FO_XDB_UPDATE)
			return FO_EINVAL;
	}
	try {
		db = new fo_xdb;
		db->path = path;
		switch (mode) {
		case FO_XDB_READ: {
			const std::string stub = stub_file(path);

			if (stub.empty())
				db->rdb = Xapian::Database(path);
			else
				open_stub(db, stub, opts != NULL ? *opts : none);
			break;
		}
		case FO_XDB_CREATE:
		case FO_XDB_UPDATE:
			if (!stub_file(path).empty())
				throw fo_fail{FO_EINVAL, "a sharded index is "
				    "written through its shards, not its stub"};
			db->wdb = Xapian::WritableDatabase(path,
			    (mode == FO_XDB_CREATE ?
			    Xapian::DB_CREATE_OR_OVERWRITE :
			    Xapian::DB_CREATE_OR_OPEN) | Xapian::DB_BACKEND_GLASS);
			db->rdb = db->wdb;
			db->writable = true;
			break;
		default:
			throw fo_fail{FO_EINVAL, "bad open mode"};
		}
		*out = db;
		return FO_OK;
	} catch (...) {
		st = fail_msg(&msg, path);
	}
	delete db;
	if (errmsg != NULL) {
		std::string full = std::string(path) + ": " + msg;
		*errmsg = strdup(full.c_str());
	}
	return st;
}

extern "C" void
fo_xdb_close(struct fo_xdb *db)
{
	if (db == NULL)
		return;
	try {
		if (db->writable)
			db->wdb.close();	/* commits */
		else
			db->rdb.close();
	} catch (...) {
		(void)xdb_fail(db);
	}
	delete db;
}

extern "C" const char *
fo_xdb_errmsg(const struct fo_xdb *db)
{
	if (db == NULL)
		return "no database handle";
	return db->errmsg.c_str();
}

extern "C" unsigned
fo_xdb_nshards(const struct fo_xdb *db)
{
	if (db == NULL)
		return 0;
	return db->shards.empty() ? 1 :
	    static_cast<unsigned>(db->shards.size());
}

extern "C" const char *
fo_xdb_missing(const struct fo_xdb *db, size_t i)
{
	if (db == NULL || i >= db->missing.size())
		return NULL;
	return db->missing[i].c_str();
}

extern "C" enum fo_status
fo_xdb_write_stub(const char *dir, char *const *names, size_t n,
    char **errmsg)
{
	if (errmsg != NULL)
		*errmsg = NULL;
	if (dir == NULL || (names == NULL && n > 0))
		return FO_EINVAL;
	try {
		const std::string file = std::string(dir) + "/" FO_XDB_STUB,
		    tmp = file + ".tmp";
		std::string text;
		FILE *fp;
		bool ok;

		for (size_t i = 0; i < n; i++) {
			if (names[i] == NULL || std::strchr(names[i], '\n'))
				throw fo_fail{FO_EINVAL, "bad shard name"};
			text += std::string("auto ") + names[i] + "\n";
		}
		if ((fp = std::fopen(tmp.c_str(), "w")) == NULL)
			throw fo_fail{FO_EIO, tmp + ": " + std::strerror(errno)};
		ok = std::fwrite(text.data(), 1, text.size(), fp) ==
		    text.size() && std::fflush(fp) == 0 &&
		    fsync(fileno(fp)) == 0;
		ok = std::fclose(fp) == 0 && ok;
		if (!ok || std::rename(tmp.c_str(), file.c_str()) != 0) {
			const std::string e = std::strerror(errno);

			(void)std::remove(tmp.c_str());
			throw fo_fail{FO_EIO, file + ": " + e};
		}
		return FO_OK;
	} catch (...) {
		std::string m;
		enum fo_status st = fail_msg(&m, std::string());

		if (errmsg != NULL)
			*errmsg = strdup(m.c_str());
		return st;
	}
}

extern "C" enum fo_status
fo_xdb_docid(struct fo_xdb *db, const char *idterm, unsigned *out)
{
	if (out != NULL)
		*out = 0;
	if (db == NULL || out == NULL)
		return FO_EINVAL;
	try {
		check_term(idterm);
		Xapian::PostingIterator p = db->rdb.postlist_begin(idterm);
		if (p == db->rdb.postlist_end(idterm))
			throw fo_fail{FO_ENOTFOUND,
			    std::string("no document ") + idterm};
		*out = *p;
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_lastdocid(struct fo_xdb *db, unsigned *out)
{
	if (out != NULL)
		*out = 0;
	if (db == NULL || out == NULL)
		return FO_EINVAL;
	try {
		*out = db->rdb.get_lastdocid();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_doc_count(struct fo_xdb *db, unsigned *out)
{
	if (db == NULL || out == NULL)
		return FO_EINVAL;
	*out = 0;
	try {
		*out = db->rdb.get_doccount();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

/* ---- documents built apart (struct fo_xdoc) ---- */

struct fo_xdoc {
	Xapian::Document doc;
	std::string	 idterm;
	std::string	 errmsg;
};

extern "C" enum fo_status
fo_xdoc_new(const char *idterm, struct fo_xdoc **out, char **errmsg)
{
	std::string msg;

	*out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	try {
		check_term(idterm);
		std::unique_ptr<fo_xdoc> d(new fo_xdoc);
		d->idterm = idterm;
		d->doc.add_boolean_term(d->idterm);
		*out = d.release();
		return FO_OK;
	} catch (...) {
		enum fo_status st = fail_msg(&msg, std::string());

		if (errmsg != NULL)
			*errmsg = strdup(msg.c_str());
		return st;
	}
}

extern "C" void
fo_xdoc_free(struct fo_xdoc *d)
{
	delete d;
}

extern "C" const char *
fo_xdoc_errmsg(const struct fo_xdoc *d)
{
	return d != NULL ? d->errmsg.c_str() : "";
}

extern "C" enum fo_status
fo_xdoc_posting(struct fo_xdoc *d, const char *term, unsigned pos,
    unsigned wdf_inc)
{
	if (d == NULL)
		return FO_EINVAL;
	try {
		check_term(term);
		d->doc.add_posting(term, pos, wdf_inc);
		return FO_OK;
	} catch (...) {
		return fail_msg(&d->errmsg, std::string());
	}
}

extern "C" enum fo_status
fo_xdoc_term(struct fo_xdoc *d, const char *term, unsigned wdf_inc)
{
	if (d == NULL)
		return FO_EINVAL;
	try {
		check_term(term);
		d->doc.add_term(term, wdf_inc);
		return FO_OK;
	} catch (...) {
		return fail_msg(&d->errmsg, std::string());
	}
}

extern "C" enum fo_status
fo_xdoc_value(struct fo_xdoc *d, unsigned slot, const char *val, size_t len)
{
	if (d == NULL || (val == NULL && len > 0))
		return FO_EINVAL;
	try {
		if (slot == Xapian::BAD_VALUENO)
			throw fo_fail{FO_EINVAL, "bad value slot"};
		d->doc.add_value(slot, std::string(val ? val : "", len));
		return FO_OK;
	} catch (...) {
		return fail_msg(&d->errmsg, std::string());
	}
}

extern "C" enum fo_status
fo_xdoc_data(struct fo_xdoc *d, const char *data, size_t len)
{
	if (d == NULL || (data == NULL && len > 0))
		return FO_EINVAL;
	try {
		d->doc.set_data(std::string(data ? data : "", len));
		return FO_OK;
	} catch (...) {
		return fail_msg(&d->errmsg, std::string());
	}
}

extern "C" enum fo_status
fo_xdb_put_doc(struct fo_xdb *db, const struct fo_xdoc *d, int fresh)
{
	if (db == NULL || d == NULL)
		return FO_EINVAL;
	try {
		need_writable(db);
		if (fresh)	/* no lookup of the id term: it is new */
			db->wdb.add_document(d->doc);
		else
			db->wdb.replace_document(d->idterm, d->doc);
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_put_doc_at(struct fo_xdb *db, const struct fo_xdoc *d, unsigned docid)
{
	if (db == NULL || d == NULL || docid == 0)
		return FO_EINVAL;
	try {
		need_writable(db);
		db->wdb.replace_document(docid, d->doc);
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_delete(struct fo_xdb *db, const char *idterm)
{
	if (db == NULL)
		return FO_EINVAL;
	try {
		need_writable(db);
		check_term(idterm);
		db->wdb.delete_document(idterm);
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

/* Find the one document with 'idterm'; throws ENOTFOUND if none. */
static Xapian::Document
doc_by_idterm(struct fo_xdb *db, const char *idterm)
{
	check_term(idterm);
	Xapian::PostingIterator p = db->rdb.postlist_begin(idterm);
	if (p == db->rdb.postlist_end(idterm))
		throw fo_fail{FO_ENOTFOUND, std::string("no document ") + idterm};
	return db->rdb.get_document(*p);
}

extern "C" enum fo_status
fo_xdb_get_value(struct fo_xdb *db, const char *idterm, unsigned slot,
    char **out, size_t *len)
{
	if (out != NULL)
		*out = NULL;
	if (len != NULL)
		*len = 0;
	if (db == NULL || out == NULL)
		return FO_EINVAL;
	try {
		std::string v = doc_by_idterm(db, idterm).get_value(slot);

		*out = cdup(v);
		if (len != NULL)
			*len = v.size();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_get_data(struct fo_xdb *db, const char *idterm, char **out,
    size_t *len)
{
	if (out != NULL)
		*out = NULL;
	if (len != NULL)
		*len = 0;
	if (db == NULL || out == NULL)
		return FO_EINVAL;
	try {
		std::string v = doc_by_idterm(db, idterm).get_data();

		*out = cdup(v);
		if (len != NULL)
			*len = v.size();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_check(const char *path, char **errmsg)
{
	if (errmsg != NULL)
		*errmsg = NULL;
	if (path == NULL)
		return FO_EINVAL;
	try {
		const std::string stub = stub_file(path);

		if (!stub.empty()) {	/* each local shard */
			for (const stub_line &l : read_stub(stub)) {
				enum fo_status st;

				if (l.type == stub_line::LOCAL &&
				    (st = fo_xdb_check(l.arg.c_str(), errmsg)) !=
				    FO_OK)
					return st;
			}
			return FO_OK;
		}
		std::ostringstream out;
		size_t errors = Xapian::Database::check(path, 0, &out);

		if (errors == 0)
			return FO_OK;
		if (errmsg != NULL) {
			std::string first = out.str();

			first = first.substr(0, first.find('\n'));
			*errmsg = cdup(std::string(path) + ": Xapian's check found " +
			    std::to_string(errors) + " error(s) (" + first +
			    "); " FO_HOW_REBUILD_INDEX);
		}
		return FO_ECORRUPT;
	} catch (const fo_fail &f) {	/* a stub that does not read */
		if (errmsg != NULL)
			*errmsg = strdup(f.msg.c_str());
		return f.st;
	} catch (const Xapian::Error &e) {
		if (errmsg != NULL)
			*errmsg = cdup(std::string(path) + ": " +
			    e.get_description() + "; " FO_HOW_REBUILD_INDEX);
		return FO_ECORRUPT;
	} catch (...) {
		return FO_EINTERNAL;
	}
}

extern "C" enum fo_status
fo_xdb_doc_data(struct fo_xdb *db, unsigned docid, char **out, size_t *len)
{
	if (out != NULL)
		*out = NULL;
	if (len != NULL)
		*len = 0;
	if (db == NULL || out == NULL || docid == 0)
		return FO_EINVAL;
	try {
		std::string v = db->rdb.get_document(docid).get_data();

		*out = cdup(v);
		if (len != NULL)
			*len = v.size();
		return FO_OK;
	} catch (const Xapian::DocNotFoundError &e) {
		db->errmsg = e.get_description();
		return FO_ENOTFOUND;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_idterms(struct fo_xdb *db, const char *prefix, char ***out,
    size_t *n)
{
	if (out != NULL)
		*out = NULL;
	if (n != NULL)
		*n = 0;
	if (db == NULL || out == NULL || n == NULL)
		return FO_EINVAL;
	try {
		strv v;
		const std::string pre(prefix ? prefix : "");

		for (Xapian::TermIterator t = db->rdb.allterms_begin(pre);
		    t != db->rdb.allterms_end(pre); ++t) {
			v.v.reserve(v.v.size() + 1);
			v.v.push_back(cdup(*t));
		}
		*out = v.release(n);
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_set_metadata(struct fo_xdb *db, const char *key, const char *val,
    size_t len)
{
	if (db == NULL || key == NULL || *key == '\0' ||
	    (val == NULL && len > 0))
		return FO_EINVAL;
	try {
		need_writable(db);
		db->wdb.set_metadata(key, std::string(val ? val : "", len));
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_get_metadata(struct fo_xdb *db, const char *key, char **out,
    size_t *len)
{
	if (out != NULL)
		*out = NULL;
	if (len != NULL)
		*len = 0;
	if (db == NULL || key == NULL || *key == '\0' || out == NULL)
		return FO_EINVAL;
	try {
		std::string v = db->rdb.get_metadata(key);

		/* Xapian reads a stub's metadata from its first shard:
		   when that one is missing, ask the others */
		for (size_t i = 0; v.empty() && i < db->shards.size(); i++)
			if (!db->shards[i].missing)
				v = db->shards[i].db.get_metadata(key);

		*out = cdup(v);
		if (len != NULL)
			*len = v.size();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_commit(struct fo_xdb *db)
{
	if (db == NULL)
		return FO_EINVAL;
	try {
		need_writable(db);
		db->wdb.commit();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_search(struct fo_xdb *db, const struct fo_qnode *q, unsigned offset,
    unsigned limit, struct fo_xhits *out)
{
	return fo_xdb_search_counted(db, q, offset, limit, 0, out);
}

extern "C" enum fo_status
fo_xdb_exists(struct fo_xdb *db, const struct fo_qnode *q, int *out)
{
	if (out != NULL)
		*out = 0;
	if (db == NULL || q == NULL || out == NULL)
		return FO_EINVAL;
	try {
		qctx wild{db->rdb, {}};
		Xapian::Enquire enq(db->rdb);

		enq.set_query(build_query(q, 0, wild));
		/* no weights: Xapian drops the AND_MAYBE boosts and stops
		   at the first document in docid order */
		enq.set_weighting_scheme(Xapian::BoolWeight());
		enq.set_docid_order(Xapian::Enquire::ASCENDING);
		*out = enq.get_mset(0, 1).size() > 0;
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

static enum fo_status search(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, unsigned check_at_least, bool want_terms,
    struct fo_xhits *out);

extern "C" enum fo_status
fo_xdb_search_counted(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, unsigned check_at_least,
    struct fo_xhits *out)
{
	return search(db, q, offset, limit, check_at_least, true, out);
}

extern "C" enum fo_status
fo_xdb_search_bare(struct fo_xdb *db, const struct fo_qnode *q,
    unsigned offset, unsigned limit, struct fo_xhits *out)
{
	return search(db, q, offset, limit, 0, false, out);
}

static enum fo_status
search(struct fo_xdb *db, const struct fo_qnode *q, unsigned offset,
    unsigned limit, unsigned check_at_least, bool want_terms,
    struct fo_xhits *out)
{
	if (out != NULL)
		std::memset(out, 0, sizeof *out);
	if (db == NULL || q == NULL || out == NULL)
		return FO_EINVAL;
	try {
		qctx wild{db->rdb, {}};
		Xapian::Query xq = build_query(q, 0, wild);
		Xapian::Enquire enq(db->rdb);

		enq.set_query(xq);
		enq.set_weighting_scheme(Xapian::BM25Weight());
		enq.set_docid_order(Xapian::Enquire::ASCENDING);
		enq.set_sort_by_relevance();
		Xapian::MSet ms = enq.get_mset(offset, limit, check_at_least);

		out->estimated = ms.get_matches_estimated();
		if (ms.size() == 0)
			return FO_OK;
		out->v = static_cast<struct fo_xhit *>(
		    std::calloc(ms.size(), sizeof *out->v));
		if (out->v == NULL)
			throw std::bad_alloc();
		for (Xapian::MSetIterator m = ms.begin(); m != ms.end(); ++m) {
			struct fo_xhit *h = &out->v[out->n];
			Xapian::Document d = m.get_document();
			std::string data = d.get_data();
			std::set<std::string> seen;
			strv terms;

			h->docid = *m;
			h->kind = cdup(d.get_value(0));
			h->rank = m.get_rank();
			h->weight = m.get_weight();
			h->percent = m.get_percent();
			for (Xapian::TermIterator t = want_terms ?
			    enq.get_matching_terms_begin(m) :
			    enq.get_matching_terms_end(m);
			    t != enq.get_matching_terms_end(m); ++t)
				if (seen.insert(*t).second)
					terms.v.push_back(cdup(*t));
			/* expand wildcards against this document's terms */
			for (const std::string &pre : wild.prefixes) {
				if (!want_terms)
					break;
				Xapian::TermIterator t = d.termlist_begin();
				for (t.skip_to(pre); t != d.termlist_end(); ++t) {
					const std::string term = *t;
					if (term.compare(0, pre.size(), pre) != 0)
						break;
					if (seen.insert(term).second)
						terms.v.push_back(cdup(term));
				}
			}
			h->data = cdup(data);
			h->datalen = data.size();
			h->terms = terms.release(&h->nterms);
			out->n++;
		}
		return FO_OK;
	} catch (...) {
		fo_xhits_release(out);
		return xdb_fail(db);
	}
}

extern "C" void
fo_xhits_release(struct fo_xhits *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++) {
		std::free(h->v[i].data);
		std::free(h->v[i].kind);
		fo_strv_free(h->v[i].terms, h->v[i].nterms);
	}
	std::free(h->v);
	std::memset(h, 0, sizeof *h);
}

extern "C" enum fo_status
fo_xdb_allterms(struct fo_xdb *db, const char *prefix, size_t max,
    char ***terms, unsigned **freqs, size_t *n)
{
	unsigned *f = NULL;

	if (terms != NULL)
		*terms = NULL;
	if (freqs != NULL)
		*freqs = NULL;
	if (n != NULL)
		*n = 0;
	if (db == NULL || terms == NULL || n == NULL)
		return FO_EINVAL;
	try {
		strv v;
		std::vector<unsigned> fv;
		const std::string pre(prefix ? prefix : "");

		for (Xapian::TermIterator t = db->rdb.allterms_begin(pre);
		    t != db->rdb.allterms_end(pre) && v.v.size() < max; ++t) {
			v.v.reserve(v.v.size() + 1);
			fv.reserve(fv.size() + 1);
			v.v.push_back(cdup(*t));
			fv.push_back(t.get_termfreq());
		}
		if (freqs != NULL) {
			f = static_cast<unsigned *>(
			    std::calloc(fv.size() ? fv.size() : 1, sizeof *f));
			if (f == NULL)
				throw std::bad_alloc();
			for (size_t i = 0; i < fv.size(); i++)
				f[i] = fv[i];
		}
		*terms = v.release(n);
		if (freqs != NULL)
			*freqs = f;
		return FO_OK;
	} catch (...) {
		std::free(f);
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_stats(struct fo_xdb *db, unsigned *doccount,
    unsigned long long *total_length)
{
	if (doccount != NULL)
		*doccount = 0;
	if (total_length != NULL)
		*total_length = 0;
	if (db == NULL)
		return FO_EINVAL;
	try {
		if (doccount != NULL)
			*doccount = db->rdb.get_doccount();
		if (total_length != NULL)
			*total_length = db->rdb.get_total_length();
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_each_doc(struct fo_xdb *db, fo_xdoc_fn fn, void *ctx)
{
	if (db == NULL || fn == NULL)
		return FO_EINVAL;
	try {
		for (Xapian::PostingIterator p = db->rdb.postlist_begin("");
		    p != db->rdb.postlist_end(""); ++p) {
			Xapian::docid id = *p;
			std::string data = db->rdb.get_document(id).get_data();

			if (fn(ctx, id, p.get_doclength(), data.c_str(),
			    data.size()) != 0)
				break;
		}
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

#define EACH_TERM_INVERT_MAX	2000	/* documents; above, per-term reads */

/* fo_xdb_each_term() from the term lists (memory ~ all postings). */
static enum fo_status
each_term_inverted(struct fo_xdb *db, const std::string &pre,
    fo_xterm_fn fn, void *ctx)
{
	std::map<std::string, std::vector<struct fo_xposting>> inv;

	for (Xapian::PostingIterator d = db->rdb.postlist_begin("");
	    d != db->rdb.postlist_end(""); ++d) {
		const Xapian::docid id = *d;
		Xapian::TermIterator t = db->rdb.termlist_begin(id);

		if (!pre.empty())
			t.skip_to(pre);
		for (; t != db->rdb.termlist_end(id); ++t) {
			const std::string term = *t;

			if (term.compare(0, pre.size(), pre) != 0)
				break;
			inv[term].push_back(fo_xposting{id, t.get_wdf()});
		}
	}
	for (const auto &e : inv)	/* docids ascending: read in order */
		if (fn(ctx, e.first.c_str(),
		    static_cast<unsigned>(e.second.size()), e.second.data(),
		    e.second.size()) != 0)
			break;
	return FO_OK;
}

extern "C" enum fo_status
fo_xdb_each_term(struct fo_xdb *db, const char *prefix, fo_xterm_fn fn,
    void *ctx)
{
	if (db == NULL || fn == NULL)
		return FO_EINVAL;
	try {
		const std::string pre(prefix ? prefix : "");
		std::vector<struct fo_xposting> v;

		/* A small index: read each document's term list once and
		 * invert it in memory -- a few hundred reads instead of one
		 * B-tree descent per term (5,900 on content/).  Same terms,
		 * same order (byte order), same postings. */
		if (db->rdb.get_doccount() <= EACH_TERM_INVERT_MAX)
			return each_term_inverted(db, pre, fn, ctx);
		for (Xapian::TermIterator t = db->rdb.allterms_begin(pre);
		    t != db->rdb.allterms_end(pre); ++t) {
			const std::string term = *t;

			v.clear();
			for (Xapian::PostingIterator p = db->rdb.postlist_begin(term);
			    p != db->rdb.postlist_end(term); ++p)
				v.push_back(fo_xposting{*p, p.get_wdf()});
			if (fn(ctx, term.c_str(), t.get_termfreq(), v.data(),
			    v.size()) != 0)
				break;
		}
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" enum fo_status
fo_xdb_each_value(struct fo_xdb *db, unsigned slot, fo_xvalue_fn fn, void *ctx)
{
	if (db == NULL || fn == NULL)
		return FO_EINVAL;
	try {
		for (Xapian::ValueIterator v = db->rdb.valuestream_begin(slot);
		    v != db->rdb.valuestream_end(slot); ++v) {
			const std::string val = *v;

			if (fn(ctx, v.get_docid(), val.data(), val.size()) != 0)
				break;
		}
		return FO_OK;
	} catch (...) {
		return xdb_fail(db);
	}
}

extern "C" const char *
fo_xapian_version(void)
{
	return Xapian::version_string();
}
