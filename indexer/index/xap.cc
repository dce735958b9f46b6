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
// The reading half (queries, searches, walks) is xap_read.cc; the handle
// and the mapper both files use are xap_int.hh.

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

#include "xap_int.hh"

namespace {

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

extern "C" const char *
fo_xapian_version(void)
{
	return Xapian::version_string();
}
