#!/usr/bin/python3
"""Stock Xapian peer for make bench: Debian's python3-xapian (run it with
/usr/bin/python3), TermGenerator and QueryParser with FLAG_CJK_NGRAM, no
stemmer, default operator AND (the same for quest -o and).

  xapian_peer.py index CONTENT DB          index every content/**/*.md
                                           except source/ (title + body)
  xapian_peer.py search DB QUERIES [K]     in-process: parse, top-10 match,
                                           snippet of each hit; prints JSON
                                           latencies (ms)
  xapian_peer.py match DB QUERIES          every matching document's slug,
                                           one JSON list per query line
"""
import json
import os
import sys
import time

import xapian


def parse(path):
    with open(path, encoding='utf-8') as fp:
        text = fp.read()
    title = ''
    body = text
    if text.startswith('---\n'):
        end = text.find('\n---', 3)
        if end > 0:
            for line in text[4:end].split('\n'):
                if line.startswith('title:') or line.startswith('term:'):
                    title = line.split(':', 1)[1].strip().strip('"\'')
            body = text[end + 4:].lstrip('-\n')
    return title, body, len(text.encode('utf-8'))


def files(content):
    for root, dirs, names in os.walk(content):
        dirs.sort()
        rel = os.path.relpath(root, content)
        if rel.split(os.sep)[0] in ('source', 'templates'):
            continue
        for n in sorted(names):
            if n.endswith('.md'):
                yield os.path.join(root, n)


def slug_of(path):
    return os.path.splitext(os.path.basename(path))[0]


def index(content, dbdir):
    t0 = time.perf_counter()
    db = xapian.WritableDatabase(dbdir, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    n = nbytes = 0
    for f in files(content):
        title, body, size = parse(f)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, 'S')
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(body)
        rel = os.path.relpath(f, content)
        doc.set_data('%s\n%s\n%s' % (slug_of(f), title, body))
        doc.add_boolean_term('Q' + rel)
        db.replace_document('Q' + rel, doc)
        n += 1
        nbytes += size
    db.commit()
    db.close()
    print(json.dumps({'docs': n, 'bytes': nbytes, 'seconds': time.perf_counter() - t0}))


def parser(db):
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_AND)
    return qp


STEM = xapian.Stem('none')
FLAGS = xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_CJK_NGRAM


def search(dbdir, qfile, k=10):
    db = xapian.Database(dbdir)
    qp = parser(db)
    enq = xapian.Enquire(db)
    queries = [q.strip() for q in open(qfile, encoding='utf-8') if q.strip()]
    lat = []
    hits = 0
    for q in queries:
        t0 = time.perf_counter()
        query = qp.parse_query(q, FLAGS)
        enq.set_query(query)
        mset = enq.get_mset(0, k)
        for m in mset:
            data = m.document.get_data().decode('utf-8')
            body = data.split('\n', 2)[-1]
            mset.snippet(body, 200, STEM, xapian.MSet.SNIPPET_CJK_NGRAM, '<b>', '</b>', '…')
            hits += 1
        lat.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({'latencies_ms': lat, 'hits': hits}))


def match(dbdir, qfile):
    db = xapian.Database(dbdir)
    qp = parser(db)
    enq = xapian.Enquire(db)
    for q in open(qfile, encoding='utf-8'):
        q = q.strip()
        if not q:
            continue
        enq.set_query(qp.parse_query(q, FLAGS))
        mset = enq.get_mset(0, db.get_doccount())
        print(json.dumps([m.document.get_data().decode('utf-8').split('\n', 1)[0]
                          for m in mset], ensure_ascii=False))


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == 'index':
        index(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == 'search':
        search(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 10)
    elif len(sys.argv) >= 4 and sys.argv[1] == 'match':
        match(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
