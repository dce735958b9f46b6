#!/usr/bin/env python3
"""Call cycles between source files, from the symbols of their objects.

    python3 tests/callgraph.py BUILD_DIR

File A uses file B when A's object has an undefined symbol (nm: U) that
B's object defines (T, D, B, R ...): a call, or a reference to its data.
A cycle is a set of two or more files each of which reaches the others
(a strongly connected component of that graph): A calls B and B calls A,
or A -> B -> C -> A.  Only objects whose source is still in the tree
count (a stale .o of a removed file is skipped), and so do symbols
defined in one object only (C++'s weak template copies are not calls).

Any cycle fails (exit 1): no file of site/ or indexer/ calls back into
one that calls it.  Standard library only.
"""
import os
import subprocess
import sys

# (directory under BUILD_DIR, source directory); objects mirror sources
TREES = [('site-obj', 'site'), ('indexer', 'indexer')]
STRICT = {'site', 'indexer'}
DEFINED = set('TDBRCGSV')  # global definitions (upper case); W excluded


def objects(build):
    """{source path: object path} for every object whose source exists."""
    out = {}
    for objdir, srcdir in TREES:
        top = os.path.join(build, objdir)
        for root, _, files in os.walk(top):
            for f in files:
                if not f.endswith('.o'):
                    continue
                rel = os.path.relpath(os.path.join(root, f), top)[:-2]
                for ext in ('.c', '.cc'):
                    src = os.path.join(srcdir, rel + ext)
                    if os.path.isfile(src):
                        out[src] = os.path.join(root, f)
    return out


def symbols(obj):
    """(defined, undefined) global symbol names of one object."""
    r = subprocess.run(['nm', '-P', obj], check=True, capture_output=True,
                       text=True)
    d, u = set(), set()
    for line in r.stdout.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        if f[1] == 'U':
            u.add(f[0])
        elif f[1] in DEFINED:
            d.add(f[0])
    return d, u


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative)."""
    index, low, on, stack, out = {}, {}, set(), [], []
    n = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = n
        n += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = n
                    n += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build'
    objs = objects(build)
    if not any(s.startswith('site/') for s in objs):
        print('callgraph: no site objects under %s (build first)' % build,
              file=sys.stderr)
        return 2
    defs, uses, where = {}, {}, {}
    for src, obj in objs.items():
        defs[src], uses[src] = symbols(obj)
        for s in defs[src]:
            where.setdefault(s, []).append(src)
    edges = {src: set() for src in objs}
    why = {}
    for src in objs:
        for s in sorted(uses[src]):
            owners = where.get(s, [])
            if len(owners) == 1 and owners[0] != src:
                edges[src].add(owners[0])
                why.setdefault((src, owners[0]), s)
    fail = 0
    for comp in sccs(objs, edges):
        if len(comp) < 2:
            continue
        tree = {c.split('/')[0] for c in comp}
        strict = bool(tree & STRICT)
        print('callgraph: %s: cycle among %s' % (
            'error' if strict else 'note', ', '.join(comp)))
        for a in comp:
            for b in sorted(edges[a]):
                if b in comp:
                    print('  %s -> %s (%s)' % (a, b, why[(a, b)]))
        fail |= strict
    nsite = sum(1 for s in objs if s.startswith('site/'))
    if not fail:
        print('callgraph: no cycle among the %d files of site/ and the '
              '%d of indexer/' % (nsite, len(objs) - nsite))
    return 1 if fail else 0


if __name__ == '__main__':
    sys.exit(main())
