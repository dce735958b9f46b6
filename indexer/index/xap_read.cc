// indexer/index/xap_read.cc -- the shim's reading half (xap.h): a
// fo_qnode tree as a Xapian::Query, searches (weights, order, matched
// terms, counts), and the walks over terms, documents and values that
// the site's export and --verify read the index with.  The exception
// rules are xap.cc's (xap_int.hh).
//
// Weighting: Xapian::BM25Weight with its default parameters
// (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5).  The pages are
// short and of similar length, so the defaults serve; titles weigh more
// because the writer gives title terms a higher wdf, not through k1/b.
// Order: relevance, ties by ascending docid; no collapsing.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "schema.h"
#include "xap.h"
#include "xap_int.hh"

#define QUERY_DEPTH_MAX	64	/* deeper trees are refused (FO_EINVAL) */

namespace {

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

} // namespace

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
