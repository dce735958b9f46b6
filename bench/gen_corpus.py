#!/usr/bin/env python3
"""Make the benchmark workload: a copy of content/ plus N generated annotations.

Every generated file is a valid fiveout annotation (front matter as in
indexer/content.h: title, author, date, clauses, tags, sources) whose body
is real Chinese text:

  --source poetry  poems from the npm package chinese-poetry (Tang and Song
                   shi, Traditional), folded to Simplified by the OpenCC CLI
                   (opencc -c t2s.json), 4 consecutive poems per document;
  --source kb      sentences of the knowledge base itself, recombined by a
                   seeded shuffle (for bench-smoke: no npm, no network).

Also writes <out>/bench/docs.jsonl (slug, title, plain text of each generated
document, for ground truth), queries.txt (1,000 queries: 2-4 character words
and pairs of words) and substr.txt (100 single-substring queries), all fixed by
--seed.  Standard library only; nothing is written outside --out and --cache.
"""
import argparse
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys

POEMS_PER_DOC = 4
HAN = re.compile(r'[\u3400-\u9fff]+')
DIGITS = re.compile(r'(\d+)')


def numkey(path):
    return [int(t) if t.isdigit() else t for t in DIGITS.split(path)]


def load_poetry(npm_dir, cache_dir, need):
    """Return a list of (title, author, [lines]) in Simplified, at least
    'need' poems if the corpus has them; conversion is cached."""
    os.makedirs(cache_dir, exist_ok=True)
    done = os.path.join(cache_dir, 'poems-s.tsv')
    if os.path.exists(done):
        poems = read_tsv(done)
        if len(poems) >= need:
            return poems
    base = os.path.join(npm_dir, 'chinese-poetry', 'dist', 'quantangshi')
    files = sorted(glob.glob(os.path.join(base, 'poet.tang.*.json')), key=numkey)
    files += sorted(glob.glob(os.path.join(base, 'poet.song.*.json')), key=numkey)
    if not files:
        sys.exit('gen_corpus: chinese-poetry not found under %s '
                 '(run bench/setup-peers.sh)' % npm_dir)
    raw = os.path.join(cache_dir, 'poems-t.tsv')
    n = 0
    with open(raw, 'w', encoding='utf-8') as out:
        for f in files:
            with open(f, encoding='utf-8') as fp:
                for p in json.load(fp):
                    lines = [clean(x) for x in p.get('paragraphs', [])]
                    lines = [x for x in lines if x]
                    title = clean(p.get('title', '')) or '无题'
                    if not lines:
                        continue
                    out.write('%s\t%s\t%s\n' % (title, clean(p.get('author', '')) or '佚名',
                                                '\x1f'.join(lines)))
                    n += 1
            if n >= need * 1.05 + 1000:
                break
    tmp = done + '.tmp'
    subprocess.run(['opencc', '-c', 't2s.json', '-i', raw, '-o', tmp], check=True)
    os.replace(tmp, done)
    os.unlink(raw)
    return read_tsv(done)


def clean(s):
    s = s.replace('\t', ' ').replace('\n', ' ').replace('\x1f', ' ').strip()
    # characters that would need escaping in Markdown bodies
    return re.sub(r'[*_`<>\[\]#|\\]', '', s)


def read_tsv(path):
    poems = []
    with open(path, encoding='utf-8') as fp:
        for line in fp:
            parts = line.rstrip('\n').split('\t')
            if len(parts) == 3:
                poems.append((parts[0], parts[1], parts[2].split('\x1f')))
    return poems


def kb_sentences(content):
    sents = []
    for f in sorted(glob.glob(os.path.join(content, '**', '*.md'), recursive=True)):
        with open(f, encoding='utf-8') as fp:
            text = fp.read()
        if text.startswith('---'):
            end = text.find('\n---', 3)
            if end > 0:
                text = text[end + 4:]
        text = re.sub(r'\]\([^)]*\)', ']', text)
        text = re.sub(r'[*_`<>\[\]#|\\>-]', '', text)
        for s in re.split(r'(?<=[。；！？])|\n+', text):
            s = s.strip()
            if len(HAN.findall(s)) and len(s) >= 8:
                sents.append(s)
    if not sents:
        sys.exit('gen_corpus: no text under %s' % content)
    return sents


def docs_from_poetry(poems, n, seed):
    """Document i: poems 4i .. 4i+3 in corpus order.  Past the corpus's end
    (about 77,000 documents: Tang and Song shi hold about 311,000 poems) each
    further pass over it takes the poems in a seeded shuffle of their own,
    so every document is another group of 4, of the same text."""
    total = len(poems)
    if total < POEMS_PER_DOC:
        sys.exit('gen_corpus: only %d poems' % total)
    order = {0: range(total)}
    for i in range(n):
        group = []
        for q in range(i * POEMS_PER_DOC, (i + 1) * POEMS_PER_DOC):
            k, r = divmod(q, total)
            if k not in order:
                order[k] = random.Random('%d/%d' % (seed, k)).sample(range(total), total)
            group.append(poems[order[k][r]])
        title, author, _ = group[0]
        paras = ['《%s》%s：%s' % (t, a, ''.join(lines)) for t, a, lines in group]
        yield title, author, paras, ['唐宋诗', author]


def docs_from_kb(sents, n, rng):
    for i in range(n):
        k = rng.randint(4, 9)
        pick = [sents[rng.randrange(len(sents))] for _ in range(k)]
        paras = [''.join(pick[j:j + 3]) for j in range(0, k, 3)]
        title = HAN.findall(pick[0])[0][:12]
        yield title, '基准生成', paras, ['基准', '政策']


def yq(s):
    """A YAML-safe scalar: JSON strings are YAML double-quoted strings."""
    return json.dumps(s, ensure_ascii=False)


def write_doc(path, i, slug, title, author, paras, tags):
    clause = 1 + i % 24
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    body = '\n\n'.join(paras)
    if i % 5 == 0:
        body += '\n\n参见[第%d条](clause:%d)。' % (clause, clause)
    text = ('---\n'
            'title: %s\n'
            'author: %s\n'
            'date: 2024-%02d-%02d\n'
            'clauses: [%d]\n'
            'tags: [%s]\n'
            'sources:\n'
            '  - title: %s\n'
            '---\n\n%s\n') % (yq(title), yq(author), month, day, clause,
                              ', '.join(yq(t) for t in tags),
                              yq('全唐诗' if tags[0] == '唐宋诗' else '基准语料'),
                              body)
    with open(path, 'w', encoding='utf-8') as fp:
        fp.write(text)
    return '\n'.join(paras)


def han_runs(text):
    return [r for r in HAN.findall(text) if len(r) >= 2]


def pick_sub(rng, runs, lo=2, hi=4):
    r = runs[rng.randrange(len(runs))]
    k = min(len(r), rng.randint(lo, hi))
    s = rng.randrange(len(r) - k + 1)
    return r[s:s + k]


def make_queries(docs, rng, nq=1000, nsub=100):
    """1,000 queries (70 % one 2-4 character word, 30 % a pair of words from
    the same document) and 100 single substrings for the accuracy test."""
    queries, subs = [], []
    while len(queries) < nq:
        d = docs[rng.randrange(len(docs))]
        runs = han_runs(d['text'])
        if not runs:
            continue
        if rng.random() < 0.7:
            queries.append(pick_sub(rng, runs))
        else:
            queries.append(pick_sub(rng, runs, 2, 3) + ' ' + pick_sub(rng, runs, 2, 3))
    seen = set()
    while len(subs) < nsub:
        d = docs[rng.randrange(len(docs))]
        runs = han_runs(d['text'])
        if not runs:
            continue
        q = pick_sub(rng, runs)
        if q not in seen:
            seen.add(q)
            subs.append(q)
    return queries, subs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--n', type=int, required=True)
    ap.add_argument('--source', choices=['poetry', 'kb'], default='poetry')
    ap.add_argument('--content', default='content')
    ap.add_argument('--out', required=True, help='workspace; gets content/ and bench/')
    ap.add_argument('--npm', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  'node_modules'))
    ap.add_argument('--cache', default='/dev/shm/fiveout-bench-cache')
    ap.add_argument('--seed', type=int, default=20250501)
    a = ap.parse_args()

    rng = random.Random(a.seed)
    dst = os.path.join(a.out, 'content')
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(a.content, dst)
    ann = os.path.join(dst, 'annotations')
    os.makedirs(ann, exist_ok=True)
    if a.source == 'poetry':
        gen = docs_from_poetry(load_poetry(a.npm, a.cache, a.n * POEMS_PER_DOC), a.n, a.seed)
    else:
        gen = docs_from_kb(kb_sentences(a.content), a.n, rng)
    meta = os.path.join(a.out, 'bench')
    os.makedirs(meta, exist_ok=True)
    docs = []
    for i, (title, author, paras, tags) in enumerate(gen):
        slug = 'bench-%05d' % i
        text = write_doc(os.path.join(ann, slug + '.md'), i, slug, title, author, paras, tags)
        docs.append({'slug': slug, 'title': title, 'text': text})
    with open(os.path.join(meta, 'docs.jsonl'), 'w', encoding='utf-8') as fp:
        for d in docs:
            fp.write(json.dumps(d, ensure_ascii=False) + '\n')
    queries, subs = make_queries(docs, random.Random(a.seed + 1))
    with open(os.path.join(meta, 'queries.txt'), 'w', encoding='utf-8') as fp:
        fp.write('\n'.join(queries) + '\n')
    with open(os.path.join(meta, 'substr.txt'), 'w', encoding='utf-8') as fp:
        fp.write('\n'.join(subs) + '\n')
    print('gen_corpus: %d documents, %d queries in %s' % (len(docs), len(queries), a.out))


if __name__ == '__main__':
    main()
