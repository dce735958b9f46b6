#!/usr/bin/env python3
"""make bench: fiveout side by side with Hugo + Pagefind and stock Xapian.

Everything (programs, lexicon, workload, outputs) lives on a tmpfs
(/dev/shm) for fiveout and the peers alike.  Each timed step is run once as
a warm-up, then --runs times; the median is reported, and every ratio is
taken against the peer measured in the same invocation.  Peak memory is the
child's maximum RSS as the kernel reports it to wait4(2) (the figure
/usr/bin/time -v prints).

  bench.py --build build --sizes "1000 10000 50000" --runs 5   (make bench)
  bench.py --build build --smoke                              (make bench-smoke)

--smoke: N = 200 documents made from the knowledge base's own sentences, one
run, no warm-up, fiveout only (no npm, no peers, no network); nothing is
written under bench/results/.  Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SYS_PY = '/usr/bin/python3'
PAGEFIND = os.path.join(HERE, 'node_modules', '@pagefind', 'linux-x64', 'bin', 'pagefind_extended')
NODE = shutil.which('node') or '/usr/bin/node'


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---- running and measuring -------------------------------------------

class StepError(RuntimeError):
    pass


class StepTimeout(StepError):
    pass


TIMEOUT_S = 1800.0   # one process; past it the series is recorded as timed out


def run(cmd, cwd=None, env=None, out=subprocess.DEVNULL, check=True):
    """Run 'cmd'; return (seconds, max RSS in KiB, stdout bytes or None)."""
    e = dict(os.environ)
    if env:
        e.update(env)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=e, stdout=out, stderr=subprocess.PIPE)
    timer = threading.Timer(TIMEOUT_S, p.kill)
    timer.start()
    try:
        data = p.stdout.read() if out == subprocess.PIPE else None
        err = p.stderr.read()
        _, status, ru = os.wait4(p.pid, 0)
    finally:
        timer.cancel()
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if dt >= TIMEOUT_S:
        raise StepTimeout('%s: killed after %.0f s' % (os.path.basename(cmd[0]), TIMEOUT_S))
    if check and p.returncode != 0:
        raise StepError('%s: exit %d\n%s' % (' '.join(cmd), p.returncode,
                                            err.decode('utf-8', 'replace')[-2000:]))
    return dt, ru.ru_maxrss, data


def ratio(a, b):
    return a / b if a is not None and b else None


def median(v):
    return statistics.median(v) if v else None


BUDGET_S = 600.0   # per series: past it, fewer runs (recorded in the JSON)


def measure(steps, runs, warm, prep=None):
    try:
        return measure1(steps, runs, warm, prep)
    except StepTimeout as e:
        log('bench:', e)
        return {'timeout': str(e), 'median_s': None, 'max_rss_kib': None, 'steps': {}}


def measure1(steps, runs, warm, prep=None):
    """Time a chain of steps [(name, cmd, kw)], 'warm' + 'runs' times, calling
    prep() untimed before each.  Returns {total: {...}, steps: {name: {...}}}.
    A series whose warm-up alone takes longer than BUDGET_S / runs gets fewer
    runs (at least one after the warm-up; a warm-up longer than BUDGET_S is
    itself the one run): 'runs' in the result says how many were taken."""
    per = {name: [] for name, _, _ in steps}
    rss = {name: 0 for name, _, _ in steps}
    totals = []
    planned = runs
    i = 0
    while i < warm + runs:
        if prep:
            prep(i)
        tot = 0.0
        got = {}
        for name, cmd, kw in steps:
            dt, kb, _ = run(cmd, **kw)
            tot += dt
            got[name] = (dt, kb)
        if i < warm and warm and runs > 1 and tot * runs > BUDGET_S:
            runs = max(1, int(BUDGET_S // tot))
            if tot > BUDGET_S:      # too slow to repeat: the warm-up counts
                warm, runs = 0, 1
        if i >= warm:
            for name, (dt, kb) in got.items():
                per[name].append(dt)
                rss[name] = max(rss[name], kb)
            totals.append(tot)
        i += 1
    return {
        'median_s': median(totals), 'min_s': min(totals), 'max_s': max(totals),
        'runs_s': totals, 'runs': len(totals), 'runs_planned': planned,
        'steps': {n: {'median_s': median(per[n]), 'max_rss_kib': rss[n]} for n in per},
        'max_rss_kib': max(rss.values()),
    }


def du(path):
    path = os.path.realpath(path)
    n = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                n += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return n


def rm(path):
    if path.endswith('fo-db'):
        rm(path + '.gen')   # fiveout-index: fo-db -> fo-db.gen/<n>
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def fold(s):
    return unicodedata.normalize('NFKC', s).casefold()


# ---- fiveout adapters ------------------------------------------------

class Fiveout:
    """How the bench drives the three programs (copied onto the tmpfs)."""

    def __init__(self, bindir, lexicon):
        self.index = os.path.join(bindir, 'fiveout-index')
        self.search = os.path.join(bindir, 'fiveout-search')
        self.site = os.path.join(bindir, 'fiveout-site')
        self.env = {'FIVEOUT_LEXICON': lexicon}
        self.search_help = ''
        if os.path.exists(self.search):
            r = subprocess.run([self.search, '--help'], capture_output=True, env=dict(os.environ, **self.env))
            self.search_help = (r.stdout + r.stderr).decode('utf-8', 'replace')

    def have(self, what):
        return os.path.exists(getattr(self, what))

    def index_cmd(self, ws):
        return [self.index, '-q', '--db', ws.p('fo-db'), ws.p('content')]

    def site_cmd(self, ws):
        return [self.site, '--db', ws.p('fo-db'), '-o', ws.p('fo-site'), ws.p('content')]

    def search_cmd(self, ws, q):
        return [self.search, '--db', ws.p('fo-db'), q]


PKGS = 'libcmark xapian-core icu-uc icu-i18n opencc yaml-0.1 zlib'


def build_search_lat(build, bindir):
    """Compile bench/search_lat.c against the project's libfiveout.a."""
    lib = os.path.join(ROOT, build, 'libfiveout.a')
    if not os.path.exists(lib):
        return None
    try:
        cflags = subprocess.run(['pkg-config', '--cflags'] + PKGS.split(), check=True,
                                capture_output=True).stdout.decode().split()
        libs = subprocess.run(['pkg-config', '--libs'] + PKGS.split(), check=True,
                              capture_output=True).stdout.decode().split()
        obj = os.path.join(bindir, 'search_lat.o')
        exe = os.path.join(bindir, 'search_lat')
        subprocess.run(['cc', '-std=c11', '-D_POSIX_C_SOURCE=200809L', '-O2', '-Wall',
                        '-I' + os.path.join(ROOT, 'indexer')] + cflags +
                       ['-c', os.path.join(HERE, 'search_lat.c'), '-o', obj],
                       check=True, capture_output=True)
        subprocess.run(['c++', '-O2', '-o', exe, obj, lib] + libs + ['-lm'],
                       check=True, capture_output=True)
        return exe
    except subprocess.CalledProcessError as e:
        log('bench: search_lat did not build:', e.stderr.decode('utf-8', 'replace')[-800:])
        return None


class Workspace:
    def __init__(self, base, name):
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir, exist_ok=True)

    def p(self, *a):
        return os.path.join(self.dir, *a)


# ---- workload --------------------------------------------------------

def make_workspace(args, base, n, source):
    ws = Workspace(base, 'real-kb' if n == 0 else 'n%d' % n)
    if n == 0:
        rm(ws.p('content'))
        shutil.copytree(os.path.join(ROOT, 'content'), ws.p('content'))
    else:
        subprocess.run([sys.executable, os.path.join(HERE, 'gen_corpus.py'), '--n', str(n),
                        '--source', source, '--content', os.path.join(ROOT, 'content'),
                        '--out', ws.dir, '--seed', str(args.seed)], check=True,
                       stdout=subprocess.DEVNULL)
    # Hugo peer: the same Markdown, a minimal layout
    for f in ('hugo.toml', 'layouts'):
        src = os.path.join(HERE, 'hugo', f)
        rm(ws.p(f))
        (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, ws.p(f))
    return ws


def md_stats(content):
    n = b = 0
    for root, dirs, files in os.walk(content):
        rel = os.path.relpath(root, content).split(os.sep)[0]
        if rel in ('source', 'templates'):
            continue
        for f in files:
            if f.endswith('.md'):
                n += 1
                b += os.path.getsize(os.path.join(root, f))
    return n, b


# ---- the measures ----------------------------------------------------

def bench_build(ws, fo, runs, warm, peers, with_site=True):
    """1. full build: fiveout index + site (+ browser index) vs Hugo + Pagefind.
    Without 'with_site' (--fo-site-max) only fiveout-index is timed."""
    res = {}
    def prep_fo(_):
        rm(ws.p('fo-db'))
        rm(ws.p('fo-site'))
    steps = [('index', fo.index_cmd(ws), {'env': fo.env})]
    if with_site:
        steps.append(('site', fo.site_cmd(ws), {'env': fo.env}))
    res['fiveout'] = measure(steps, runs, warm, prep_fo)
    if not with_site:
        res['fiveout']['site'] = 'not run (--fo-site-max): index step only'
        res['fiveout']['median_s'] = None
    res['fiveout']['site_bytes'] = du(ws.p('fo-site'))
    res['fiveout']['db_bytes'] = du(ws.p('fo-db'))
    if peers:
        def prep_h(_):
            rm(ws.p('public'))
            rm(ws.p('hugo-cache'))
        res['hugo_pagefind'] = measure(
            [('hugo', ['hugo', '--quiet', '--config', 'hugo.toml', '-d', 'public',
                       '--cacheDir', ws.p('hugo-cache')], {'cwd': ws.dir}),
             ('pagefind', [PAGEFIND, '--site', 'public', '--force-language', 'zh', '--quiet'],
              {'cwd': ws.dir})], runs, warm, prep_h)
        res['hugo_pagefind']['site_bytes'] = du(ws.p('public'))
        res['ratio'] = ratio(res['fiveout']['median_s'], res['hugo_pagefind']['median_s'])
    return res


def bench_index(ws, fo, runs, warm, peers, build):
    """2. indexing alone: fiveout-index vs python3-xapian TermGenerator CJK n-grams.
    fiveout's figure is the index step of the full builds above (each from an
    empty directory), not a second series of runs."""
    ndocs, nbytes = md_stats(ws.p('content'))
    res = {'docs': ndocs, 'bytes': nbytes}
    st = build['fiveout']['steps'].get('index', {'median_s': None, 'max_rss_kib': None})
    res['fiveout'] = {'median_s': st['median_s'], 'max_rss_kib': st['max_rss_kib'],
                      'db_bytes': du(ws.p('fo-db')), 'from': 'full build, index step'}
    if peers:
        r = measure([('index', [SYS_PY, os.path.join(HERE, 'xapian_peer.py'), 'index',
                                ws.p('content'), ws.p('xdb')], {})], runs, warm,
                    lambda _: rm(ws.p('xdb')))
        r['db_bytes'] = du(ws.p('xdb'))
        res['xapian'] = r
    for k in ('fiveout', 'xapian'):
        if k in res:
            t = res[k]['median_s']
            res[k]['docs_per_s'] = ndocs / t if t else None
            res[k]['mb_per_s'] = nbytes / 1e6 / t if t else None
    if 'xapian' in res:
        res['ratio_docs_per_s'] = ratio(res['fiveout']['docs_per_s'], res['xapian']['docs_per_s'])
    return res


def bench_shards(ws, fo, runs, warm, index_res):
    """2b. indexing into shards: fiveout-index --shards N from empty, for N = 1
    and the number of processors, docs/s against stock Xapian's (2)."""
    ndocs = index_res['docs']
    res = {}
    for n in sorted({1, os.cpu_count() or 1}):
        r = measure([('index', [fo.index, '-q', '--shards', str(n), '--db', ws.p('fo-shards'),
                                ws.p('content')], {'env': fo.env})], runs, warm,
                    lambda _: rm(ws.p('fo-shards')))
        t = r['median_s']
        r['docs_per_s'] = ndocs / t if t else None
        r['ratio_docs_per_s'] = ratio(r['docs_per_s'], g(index_res, 'xapian', 'docs_per_s'))
        res[str(n)] = r
    return res


def free_ports(k):
    socks = [socket.socket() for _ in range(k)]
    for s in socks:
        s.bind(('127.0.0.1', 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def bench_remote(ws, fo, runs, nproc_queries):
    """3b. remote search: the index in 3 shards, each served by its own
    xapian-tcpsrv on a local port, read through a stub, against the local
    index; whole processes and in-process p50/p99 (bench/search_lat.c)."""
    if not shutil.which('xapian-tcpsrv'):
        return {'note': 'xapian-tcpsrv missing (xapian-tools)'}
    db = ws.p('fo-remote')
    run([fo.index, '-q', '--shards', '3', '--db', db, ws.p('content')], env=fo.env)
    ports = free_ports(3)
    srv = [subprocess.Popen(['xapian-tcpsrv', '--quiet', '--interface', '127.0.0.1', '--port',
                             str(p), os.path.join(db, 'shard%d' % i)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)   # it signals its own group on exit
           for i, p in enumerate(ports)]
    stub = ws.p('remote.stub')
    with open(stub, 'w') as fp:
        fp.write(''.join('remote 127.0.0.1:%d\n' % p for p in ports))
    queries = read_lines(ws.p('bench', 'queries.txt'))
    sample = queries[:nproc_queries]
    try:
        for _ in range(100):   # until the three answer
            if subprocess.run([fo.search, '--db', stub, sample[0]], env=dict(os.environ, **fo.env),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode in (0, 1):
                break
            time.sleep(0.1)
        res = {'shards': 3, 'process_queries': len(sample)}
        for name, where in (('local', ws.p('fo-db')), ('remote', stub)):
            per = []
            for _ in range(runs):
                tot = 0.0
                for q in sample:
                    dt, _, _ = run([fo.search, '--db', where, q], env=fo.env, check=False)
                    tot += dt
                per.append(tot / len(sample) * 1000)
            res[name + '_process'] = {'median_ms_per_process': median(per), 'runs_ms': per}
            if fo.lat:
                res[name + '_inprocess'] = inprocess([fo.lat, where, ws.p('bench', 'queries.txt')],
                                                     fo.env, runs)
        res['ratio_process'] = ratio(g(res, 'remote_process', 'median_ms_per_process'),
                                     g(res, 'local_process', 'median_ms_per_process'))
        res['ratio_p50'] = ratio(g(res, 'remote_inprocess', 'p50_ms'), g(res, 'local_inprocess', 'p50_ms'))
        return res
    finally:
        for p in srv:
            p.terminate()
            p.wait()


def read_lines(path):
    with open(path, encoding='utf-8') as fp:
        return [l.strip() for l in fp if l.strip()]


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def bench_search(ws, fo, runs, warm, peers, nproc_queries):
    """3. search: whole processes (fiveout-search vs quest), in-process p50/p99."""
    queries = read_lines(ws.p('bench', 'queries.txt'))
    sample = queries[:nproc_queries]
    res = {'process_queries': len(sample), 'inprocess_queries': len(queries)}

    def loop(mk, env=None):
        per = []
        rss = 0
        for i in range(warm + runs):
            tot = 0.0
            for q in sample:
                dt, kb, _ = run(mk(q), env=env, check=False)
                tot += dt
                rss = max(rss, kb)
            if i >= warm:
                per.append(tot / len(sample) * 1000)
        return {'median_ms_per_process': median(per), 'runs_ms': per, 'max_rss_kib': rss}

    res['fiveout_process'] = loop(lambda q: fo.search_cmd(ws, q), fo.env)
    if peers:
        res['quest_process'] = loop(lambda q: ['quest', '-d', ws.p('xdb'), '-s', 'none', '-f',
                                               'default,cjk_ngram', '-o', 'and', q])
        res['ratio_process'] = ratio(res['fiveout_process']['median_ms_per_process'],
                                     res['quest_process']['median_ms_per_process'])
    if fo.lat:
        res['fiveout_inprocess'] = inprocess([fo.lat, ws.p('fo-db'), ws.p('bench', 'queries.txt')],
                                             fo.env, runs)
    else:
        res['fiveout_inprocess'] = {'note': 'bench/search_lat.c did not build'}
    if peers:
        res['xapian_inprocess'] = inprocess(
            [SYS_PY, os.path.join(HERE, 'xapian_peer.py'), 'search', ws.p('xdb'),
             ws.p('bench', 'queries.txt')], {}, runs)
    return res


def inprocess(cmd, env, runs):
    """Run a whole-batch latency reporter 'runs' times; p50/p99 of the median run."""
    p50s, p99s, rss = [], [], 0
    for _ in range(runs):
        _, kb, out = run(cmd, env=env, out=subprocess.PIPE)
        rss = max(rss, kb)
        d = json.loads(out.decode('utf-8').strip().splitlines()[-1])
        lat = d['latencies_ms']
        p50s.append(pct(lat, 50))
        p99s.append(pct(lat, 99))
    return {'p50_ms': median(p50s), 'p99_ms': median(p99s), 'max_rss_kib': rss}


def bench_incremental(ws, fo, runs, warm, peers, full_peer=None):
    """5. one annotation changes: fiveout-index + fiveout-site again."""
    ann = sorted(f for f in os.listdir(ws.p('content', 'annotations'))
                 if f.endswith('.md')) if os.path.isdir(ws.p('content', 'annotations')) else []
    if ann:
        target = ws.p('content', 'annotations', ann[len(ann) // 2])
    else:
        gl = sorted(os.listdir(ws.p('content', 'glossary')))
        target = ws.p('content', 'glossary', gl[0])
    with open(target, encoding='utf-8') as fp:
        orig = fp.read()
    # the index and site must exist first (untimed)
    run(fo.index_cmd(ws), env=fo.env)
    run(fo.site_cmd(ws), env=fo.env)

    def prep(i):
        with open(target, 'w', encoding='utf-8') as fp:
            fp.write(orig + '\n修订第%d次：补充一句说明文字。\n' % i)
    try:
        r = measure([('index', fo.index_cmd(ws), {'env': fo.env}),
                     ('site', fo.site_cmd(ws), {'env': fo.env})], runs, warm, prep)
    finally:
        with open(target, 'w', encoding='utf-8') as fp:
            fp.write(orig)
    res = {'file': os.path.relpath(target, ws.dir), 'fiveout': r}
    if full_peer:
        res['hugo_pagefind_full_rebuild_s'] = full_peer['median_s']
        res['ratio'] = ratio(r['median_s'], full_peer['median_s'])
    return res


def bench_serve(fo_bindir, runs):
    """5b. the live preview: save an annotation -> its new text on screen,
    through fiveout-serve in Chromium, the knowledge base ON DISK (the
    repository's build folder, not the tmpfs the other measures use)."""
    disk = os.path.join(ROOT, 'build', 'bench-serve')
    os.makedirs(disk, exist_ok=True)
    try:
        _, _, out = run([NODE, os.path.join(HERE, 'serve_latency.mjs'), '--build', fo_bindir,
                         '--content', os.path.join(ROOT, 'content'), '--runs', str(max(runs, 5) * 2),
                         '--workdir', disk], out=subprocess.PIPE, cwd=HERE)
        return json.loads(out.decode('utf-8').strip().splitlines()[-1])
    finally:
        shutil.rmtree(disk, ignore_errors=True)


def bench_accuracy(ws, fo, peers, pagefind_urls=None, nsub=100):
    """7. 100 substring queries: returned vs really containing (generated docs only)."""
    docs = [json.loads(l) for l in open(ws.p('bench', 'docs.jsonl'), encoding='utf-8')]
    texts = {d['slug']: fold(d['title'] + '\n' + d['text']) for d in docs}
    subs = read_lines(ws.p('bench', 'substr.txt'))[:nsub]
    truth = [set(s for s, t in texts.items() if fold(q) in t) for q in subs]
    res = {'queries': len(subs), 'relevant': sum(len(t) for t in truth)}

    def score(got):
        miss = extra = perfect = 0
        for g, t in zip(got, truth):
            g = set(x for x in g if x.startswith('bench-'))
            miss += len(t - g)
            extra += len(g - t)
            perfect += g == t
        return {'misses': miss, 'extras': extra, 'exact_queries': perfect}

    fo_got = fiveout_matches(ws, fo, subs, len(docs) + 1000)
    res['fiveout'] = score(fo_got) if fo_got is not None else {'note': 'no usable --json output'}
    if peers:
        out = subprocess.run([SYS_PY, os.path.join(HERE, 'xapian_peer.py'), 'match', ws.p('xdb'),
                              ws.p('bench', 'substr.txt')], check=True, capture_output=True).stdout
        res['xapian'] = score([json.loads(l) for l in out.decode('utf-8').splitlines()])
        if pagefind_urls is not None:
            res['pagefind'] = score([[u.rstrip('/').rsplit('/', 1)[-1] for u in urls]
                                     for urls in pagefind_urls])
    return res


def fiveout_matches(ws, fo, subs, limit):
    """Every page fiveout-search returns for each query (--json, paged
    with --limit 1000 --offset)."""
    if '--json' not in fo.search_help:
        return None
    got = []
    for q in subs:
        slugs, off = [], 0
        while off < limit:
            cmd = [fo.search, '--json', '--limit', '1000', '--offset', str(off),
                   '--db', ws.p('fo-db'), q]
            _, _, out = run(cmd, env=fo.env, out=subprocess.PIPE, check=False)
            try:
                d = json.loads(out.decode('utf-8', 'replace'))
            except ValueError:
                break
            hits = d.get('hits', [])
            slugs += parse_slugs(json.dumps(hits))
            off += 1000
            if len(hits) < 1000:
                break
        got.append(list(dict.fromkeys(slugs)))
    return got


def parse_slugs(text):
    """Slugs of annotation hits in fiveout-search --json output (either one
    JSON document with a hits list, or one JSON object per line)."""
    slugs = []
    def visit(o):
        if isinstance(o, dict):
            for k in ('url', 'id'):
                v = o.get(k)
                if isinstance(v, str) and 'bench-' in v:
                    slugs.append(re.search(r'bench-\d+', v).group(0))
                    return
            for v in o.values():
                visit(v)
        elif isinstance(o, list):
            for v in o:
                visit(v)
    try:
        visit(json.loads(text))
    except ValueError:
        for line in text.splitlines():
            try:
                visit(json.loads(line))
            except ValueError:
                pass
    return list(dict.fromkeys(slugs))


def bench_browser(ws, fo, nq, runs, substr=True, fiveout=True):
    """4. headless Chromium: bytes and time to first results, fiveout vs Pagefind UI."""
    qfile = ws.p('bench', 'browser-queries.txt')
    qs = [q for q in read_lines(ws.p('bench', 'queries.txt')) if ' ' not in q][:nq]
    with open(qfile, 'w', encoding='utf-8') as fp:
        fp.write('\n'.join(qs) + '\n')
    cmd = [NODE, os.path.join(HERE, 'browser.mjs'), '--queries', qfile,
           '--pagefind', ws.p('public'), '--runs', str(runs)]
    if fiveout:
        cmd += ['--fiveout', ws.p('fo-site')]
    if substr:
        cmd += ['--substr', ws.p('bench', 'substr.txt')]
    _, kb, out = run(cmd, out=subprocess.PIPE, cwd=HERE)
    return json.loads(out.decode('utf-8').strip().splitlines()[-1])


# ---- report ----------------------------------------------------------

def versions():
    def v(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, timeout=30)
            return (r.stdout + r.stderr).decode('utf-8', 'replace').strip().splitlines()[0]
        except Exception as e:  # a missing peer is reported, not fatal
            return 'unavailable (%s)' % e.__class__.__name__
    cpu = ''
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in open('/proc/meminfo'):
            if line.startswith('MemTotal'):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    git = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'],
                         capture_output=True).stdout.decode().strip()
    return {
        'machine': {'cpu': cpu, 'cores': os.cpu_count(), 'mem_mib': mem,
                    'kernel': platform.release(), 'os': v(['sh', '-c', '. /etc/os-release; echo $PRETTY_NAME']),
                    'tmpfs': '/dev/shm'},
        'versions': {'fiveout': git, 'cc': v(['cc', '--version']), 'hugo': v(['hugo', 'version']),
                     'pagefind': v([PAGEFIND, '--version']),
                     'xapian': v([SYS_PY, '-c', 'import xapian; print(xapian.version_string())']),
                     'quest': v(['quest', '--version']), 'chromium': v(['chromium', '--version']),
                     'node': v([NODE, '--version']), 'opencc': v(['opencc', '--version'])},
    }


def fmt_s(x):
    if not x:
        return '-'
    return '%.0f ms' % (x * 1000) if x < 10 else '%.1f s' % x


def fmt_mib(kib):
    return '%.0f MiB' % (kib / 1024.0) if kib else '-'


def f(fmt, *v):
    """Format, or '-' when a figure is missing (a timed-out or absent step)."""
    try:
        if any(x is None for x in v):
            return '-'
        return fmt % v
    except (TypeError, ValueError, ZeroDivisionError):
        return '-'


def g(d, *keys):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def table(results):
    rows = []
    def row(*c):
        rows.append(c)
    row('N', 'measure', 'fiveout', 'peer', 'ratio', 'target')
    for r in results['sizes']:
        n = r['n'] if r['n'] else 'KB'
        b = r.get('build')
        if b:
            fb, h = b['fiveout'], b.get('hugo_pagefind')
            row(n, 'full build', fmt_s(fb['median_s']) if fb.get('median_s') else
                ('site not run' if fb.get('site') else 'timeout'),
                (fmt_s(h['median_s']) + ' hugo+pf') if h and h.get('median_s') else '-',
                f('%.2fx', b.get('ratio')),
                '<=0.5x' if r['n'] == 10000 else ('<300 ms' if not r['n'] else ''))
            row(n, '  index / site step', '%s / %s' % (fmt_s(g(fb, 'steps', 'index', 'median_s')),
                                                       fmt_s(g(fb, 'steps', 'site', 'median_s'))),
                '%s / %s' % (fmt_s(g(h, 'steps', 'hugo', 'median_s')),
                             fmt_s(g(h, 'steps', 'pagefind', 'median_s'))) if h else '-', '', '')
            row(n, 'build peak RSS', fmt_mib(fb.get('max_rss_kib')),
                fmt_mib(g(h, 'max_rss_kib')) + ' hugo+pf' if h else '-',
                f('%.2fx', ratio(fb.get('max_rss_kib'), g(h, 'max_rss_kib'))),
                '<=hugo' if r['n'] == 50000 else '')
            if h:
                row(n, '  hugo alone RSS', '', fmt_mib(g(h, 'steps', 'hugo', 'max_rss_kib')),
                    f('%.2fx', ratio(fb.get('max_rss_kib'), g(h, 'steps', 'hugo', 'max_rss_kib'))), '')
        i = r.get('index')
        if i:
            x = i.get('xapian')
            row(n, 'index docs/s', f('%.0f', g(i, 'fiveout', 'docs_per_s')),
                f('%.0f xapian', g(x, 'docs_per_s')), f('%.2fx', i.get('ratio_docs_per_s')), '>=1.5x')
            row(n, 'index MB/s', f('%.2f', g(i, 'fiveout', 'mb_per_s')), f('%.2f', g(x, 'mb_per_s')), '', '')
            row(n, 'db size', f('%.1f MB', (g(i, 'fiveout', 'db_bytes') or 0) / 1e6),
                f('%.1f MB', (g(x, 'db_bytes') or 0) / 1e6) if x else '-', '', '')
            row(n, 'index peak RSS', fmt_mib(g(i, 'fiveout', 'max_rss_kib')),
                fmt_mib(g(x, 'max_rss_kib')), '', '')
        for k, sh in sorted((r.get('shards') or {}).items()):
            row(n, 'index docs/s, %s shard%s' % (k, '' if k == '1' else 's'),
                f('%.0f', sh.get('docs_per_s')), f('%.0f xapian', g(i, 'xapian', 'docs_per_s')),
                f('%.2fx', sh.get('ratio_docs_per_s')), '>=2x' if k != '1' else '')
        s = r.get('search')
        if s:
            row(n, 'search process', f('%.1f ms', g(s, 'fiveout_process', 'median_ms_per_process')),
                f('%.1f ms quest', g(s, 'quest_process', 'median_ms_per_process')),
                f('%.2fx', s.get('ratio_process')), '<=2x')
            row(n, 'search p50/p99', f('%.2f/%.2f ms', g(s, 'fiveout_inprocess', 'p50_ms'),
                                      g(s, 'fiveout_inprocess', 'p99_ms')),
                f('%.2f/%.2f ms xapian', g(s, 'xapian_inprocess', 'p50_ms'), g(s, 'xapian_inprocess', 'p99_ms')),
                '', '')
            row(n, 'search peak RSS', fmt_mib(g(s, 'fiveout_process', 'max_rss_kib')),
                fmt_mib(g(s, 'quest_process', 'max_rss_kib')), '', '')
        m = r.get('remote')
        if m and 'local_process' in m:
            row(n, 'search process, 3 remote shards', f('%.1f ms', g(m, 'remote_process', 'median_ms_per_process')),
                f('%.1f ms local', g(m, 'local_process', 'median_ms_per_process')),
                f('%.2fx', m.get('ratio_process')), '')
            row(n, '  remote p50/p99', f('%.2f/%.2f ms', g(m, 'remote_inprocess', 'p50_ms'),
                                        g(m, 'remote_inprocess', 'p99_ms')),
                f('%.2f/%.2f ms local', g(m, 'local_inprocess', 'p50_ms'), g(m, 'local_inprocess', 'p99_ms')),
                f('%.2fx', m.get('ratio_p50')), '')
        c = r.get('incremental')
        if c:
            row(n, 'one-annotation rebuild', fmt_s(g(c, 'fiveout', 'median_s')),
                fmt_s(c.get('hugo_pagefind_full_rebuild_s')) + ' full' if c.get('hugo_pagefind_full_rebuild_s') else '-',
                f('%.2fx', c.get('ratio')), '<100 ms' if not r['n'] else '')
        v = r.get('serve')
        if v:
            row(n, 'save -> page on screen', f('%.0f ms', v.get('median_save_to_screen_ms')),
                f('rebuild %.0f ms', v.get('median_rebuild_ms')), '', '<150 ms')
        w = r.get('browser')
        if w:
            fw, pw = w.get('fiveout', {}), w.get('pagefind', {})
            row(n, 'browser KB/query', f('%.1f', (fw.get('bytes_per_query') or 0) / 1024) if 'bytes_per_query' in fw
                else ('error' if fw else 'not run'),
                f('%.1f pagefind', (pw.get('bytes_per_query') or 0) / 1024) if 'bytes_per_query' in pw else 'error',
                f('%.2fx', ratio(fw.get('bytes_per_query'), pw.get('bytes_per_query'))), '<=1x')
            row(n, 'browser first results', f('%.0f ms', fw.get('median_first_results_ms')),
                f('%.0f ms', pw.get('median_first_results_ms')), '', '')
            row(n, 'browser 1st query KB', f('%.0f', (fw.get('first_query_bytes') or 0) / 1024),
                f('%.0f', (pw.get('first_query_bytes') or 0) / 1024), '', '')
        a = r.get('accuracy')
        if a:
            def am(k):
                x = a.get(k)
                return ('%d miss/%d extra' % (x['misses'], x['extras'])) if x and 'misses' in x else '-'
            row(n, 'accuracy (%d rel.)' % a['relevant'], am('fiveout'),
                am('xapian') + ' xapian', am('pagefind') + ' pf', '')
    w = [max(len(str(r[i])) for r in rows) for i in range(6)]
    out = []
    for k, r in enumerate(rows):
        out.append('  '.join(str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip())
        if k == 0:
            out.append('-' * (sum(w) + 10))
    return '\n'.join(out)


def plot(results, outpng):
    pts = [(r['n'], g(r, 'build', 'fiveout', 'median_s'), g(r, 'build', 'hugo_pagefind', 'median_s'),
            g(r, 'build', 'fiveout', 'steps', 'index', 'median_s'))
           for r in sorted(results['sizes'], key=lambda r: r['n']) if r['n']]
    pts = [p for p in pts if any(p[1:])]   # 200k: fiveout-index alone (--fo-site-max)
    if len(pts) < 2 or not shutil.which('gnuplot'):
        return None
    dat = outpng + '.dat'
    with open(dat, 'w') as fp:
        for pt in pts:   # NaN: not measured (gnuplot skips the point)
            fp.write('%d %s\n' % (pt[0], ' '.join('%.4f' % x if x else 'NaN' for x in pt[1:])))
    subprocess.run(['gnuplot', '-e', 'dat="%s"; out="%s"' % (dat, outpng),
                    os.path.join(HERE, 'plot.gp')], check=True)
    os.unlink(dat)
    return outpng


def merge(a):
    parts = [json.load(open(f, encoding='utf-8')) for f in a.merge]
    out = {k: v for k, v in parts[0].items() if k != 'sizes'}
    out['merged_from'] = [os.path.basename(f) for f in a.merge]
    out['runs_by_file'] = {os.path.basename(f): {'runs': p.get('runs'), 'date': p.get('date')}
                           for f, p in zip(a.merge, parts)}
    seen, sizes = set(), []
    for f, p in zip(a.merge, parts):
        for r in p['sizes']:
            if r['n'] not in seen:
                seen.add(r['n'])
                sizes.append(dict(r, source=os.path.basename(f)))
    out['sizes'] = sorted(sizes, key=lambda r: r['n'])
    png = plot(out, os.path.join(a.results, 'build-time.png'))
    if png:
        out['plot'] = os.path.relpath(png, ROOT)
    stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M')
    dst = os.path.join(a.results, 'bench-%s-merged.json' % stamp)
    with open(dst, 'w', encoding='utf-8') as fp:
        json.dump(out, fp, ensure_ascii=False, indent=1)
    print(table(out))
    log('bench: merged results in %s' % os.path.relpath(dst, ROOT))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build', default='build')
    ap.add_argument('--sizes', default='1000 10000 50000')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--warm', type=int, default=1)
    ap.add_argument('--seed', type=int, default=20250501)
    ap.add_argument('--smoke', action='store_true')
    ap.add_argument('--no-peers', action='store_true')
    ap.add_argument('--process-queries', type=int, default=100)
    ap.add_argument('--browser-queries', type=int, default=20)
    ap.add_argument('--keep', action='store_true', help='leave the tmpfs workspace')
    ap.add_argument('--skip', default='', metavar='STEPS',
                    help='comma-separated steps not to run: shards,remote,incremental,accuracy '
                         '(e.g. for the 200k growth point)')
    ap.add_argument('--fo-site-max', type=int, default=0,
                    help='time fiveout-site only up to this N (0: always)')
    ap.add_argument('--timeout', type=float, default=TIMEOUT_S, help='seconds per process')
    ap.add_argument('--budget', type=float, default=BUDGET_S, help='seconds per series')
    ap.add_argument('--results', default=os.path.join(HERE, 'results'))
    ap.add_argument('--no-kb', action='store_true', help='skip the real-KB measures')
    ap.add_argument('--merge', nargs='+', metavar='JSON',
                    help='combine result files (first wins per N), write table, JSON and plot')
    a = ap.parse_args()
    if a.merge:
        return merge(a)

    globals().update(TIMEOUT_S=a.timeout, BUDGET_S=a.budget)
    skip = {x for x in a.skip.split(',') if x}
    unknown = skip - {'shards', 'remote', 'incremental', 'accuracy'}
    if unknown:
        sys.exit('bench: --skip: unknown step(s) %s' % ','.join(sorted(unknown)))
    if a.smoke:
        sizes, runs, warm, peers, source = [200], 1, 0, False, 'kb'
        a.process_queries = 10
    else:
        sizes = [int(x) for x in a.sizes.split()]
        runs, warm, peers, source = a.runs, a.warm, not a.no_peers, 'poetry'
    shm = '/dev/shm' if os.path.isdir('/dev/shm') and os.access('/dev/shm', os.W_OK) else None
    base = tempfile.mkdtemp(prefix='fiveout-bench.', dir=shm)
    try:
        # programs and lexicon on the tmpfs too
        bindir = os.path.join(base, 'bin')
        os.makedirs(bindir)
        for p in ('fiveout-index', 'fiveout-search', 'fiveout-site', 'fiveout-serve', 'lexicon.bin'):
            src = os.path.join(ROOT, a.build, p)
            if os.path.exists(src):
                shutil.copy2(src, bindir)
        fo = Fiveout(bindir, os.path.join(bindir, 'lexicon.bin'))
        fo.lat = build_search_lat(a.build, bindir) if fo.have('search') else None
        for prog in ('index', 'site'):
            if not fo.have(prog):
                sys.exit('bench: %s missing: run make first' % getattr(fo, prog))
        results = dict(versions(), loadavg_start=os.getloadavg(), date=datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
                       smoke=a.smoke, runs=runs, skipped=sorted(skip), warmup=warm, seed=a.seed, sizes=[])
        plan = ([0] if not (a.smoke or a.no_kb) else []) + sizes
        for n in plan:
            log('bench: N=%s workload' % (n or 'real KB'))
            ws = make_workspace(a, base, n, source)
            r = {'n': n, 'loadavg': os.getloadavg()}
            r['pages'], r['md_bytes'] = md_stats(ws.p('content'))
            log('bench: N=%s full build' % (n or 'KB'))
            with_site = not a.fo_site_max or n <= a.fo_site_max
            r['build'] = bench_build(ws, fo, runs, warm, peers, with_site)
            log('bench: N=%s indexing' % (n or 'KB'))
            r['index'] = bench_index(ws, fo, runs, warm, peers, r['build'])
            if n and 'shards' not in skip:
                log('bench: N=%s indexing into shards' % n)
                r['shards'] = bench_shards(ws, fo, runs, warm, r['index'])
            if n and fo.have('search'):
                log('bench: N=%s search' % n)
                r['search'] = bench_search(ws, fo, runs, warm, peers, a.process_queries)
            if n and fo.have('search') and 'remote' not in skip:
                log('bench: N=%s remote search' % n)
                try:
                    r['remote'] = bench_remote(ws, fo, runs, a.process_queries)
                except StepError as e:
                    r['remote'] = {'error': str(e)[-1500:]}
            if (n == 0 or n == 10000 or a.smoke) and 'incremental' not in skip:
                log('bench: N=%s incremental' % (n or 'KB'))
                r['incremental'] = bench_incremental(ws, fo, runs, warm, peers,
                                                     r['build'].get('hugo_pagefind'))
            if n == 0 and peers and os.path.exists(os.path.join(bindir, 'fiveout-serve')):
                log('bench: KB live preview (on disk)')
                try:
                    r['serve'] = bench_serve(bindir, runs)
                except StepError as e:
                    r['serve'] = {'error': str(e)[-1500:]}
            pf_urls = None
            if n and peers:
                log('bench: N=%s browser' % n)
                try:
                    r['browser'] = bench_browser(ws, fo, a.browser_queries, 3, n == min(sizes), with_site)
                    pf_urls = r['browser'].get('pagefind_substr_urls')
                    r['browser'].pop('pagefind_substr_urls', None)
                except StepError as e:
                    r['browser'] = {'error': str(e)[-1500:]}
            if n and 'accuracy' not in skip:
                log('bench: N=%s accuracy' % n)
                r['accuracy'] = bench_accuracy(ws, fo, peers, pf_urls, 30 if a.smoke else 100)
            results['sizes'].append(r)
            if not a.smoke:   # progress, in case a later size fails
                os.makedirs(a.results, exist_ok=True)
                with open(os.path.join(a.results, 'partial.json.tmp'), 'w', encoding='utf-8') as fp:
                    json.dump(results, fp, ensure_ascii=False, indent=1)
            if not a.keep:
                rm(ws.dir)
        if not a.smoke:
            os.makedirs(a.results, exist_ok=True)
            stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M')
            out = os.path.join(a.results, 'bench-%s.json' % stamp)
            png = plot(results, os.path.join(a.results, 'build-time.png'))
            if png:
                results['plot'] = os.path.relpath(png, ROOT)
            with open(out, 'w', encoding='utf-8') as fp:
                json.dump(results, fp, ensure_ascii=False, indent=1)
            log('bench: results in %s' % os.path.relpath(out, ROOT))
        print(table(results))
        if a.smoke:
            print('bench-smoke: 1 passed, 0 failed')
    finally:
        if not a.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            log('bench: workspace kept in %s' % base)


if __name__ == '__main__':
    main()
