#!/usr/bin/env python3
"""tests/e2e/hit_anchors.py SITE SEARCH QUERYFILE... -- every search hit
points at the place it shows: its URL's page exists in SITE; an anchor
#pNsM (the official text) or #pN names an element of that page, and
that sentence or paragraph holds the hit's first marked word.  Queries
are the second TAB field of each line of the files (tests/relevance/).
Prints one line per problem and a summary; exits 1 on any problem."""
import html
import json
import os
import re
import subprocess
import sys


def element_text(page, anchor):
    """The text of the element with id=anchor: up to its sentence link
    for a sentence span, up to </p> for a paragraph."""
    m = re.search(r'id="%s"[^>]*>' % re.escape(anchor), page)
    if m is None:
        return None
    rest = page[m.end():]
    end = rest.find('<a class="sl"') if re.search(r's\d+$', anchor) else -1
    if end < 0:
        end = rest.find('</p>')
    # a glossary term's tooltip is not the page's text: drop its inner
    # English name, then the tooltip itself
    text = re.sub(r'<span class="en"[^>]*>.*?</span>', '', rest[:end], flags=re.S)
    text = re.sub(r'<span class="tip"[^>]*>.*?</span>', '', text, flags=re.S)
    return html.unescape(re.sub(r'<[^>]+>', '', text))


def main():
    site, search, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    queries = []
    for f in files:
        for line in open(f, encoding='utf-8'):
            if line.startswith('#') or '\t' not in line:
                continue
            queries.append(line.rstrip('\n').split('\t')[1])
    bad = hits = sentences = 0
    pages = {}
    for q in queries:
        r = subprocess.run([search, '--json', '--limit', '20', '--', q],
                           capture_output=True, text=True)
        if r.returncode not in (0, 1):
            continue    # an error query: its message is tested elsewhere
        for h in json.loads(r.stdout).get('hits', []):
            url = h['url']
            path, _, anchor = url.partition('#')
            f = os.path.join(site, path.lstrip('/'), 'index.html')
            if f not in pages:
                pages[f] = open(f, encoding='utf-8').read() if os.path.exists(f) else None
            hits += 1
            if pages[f] is None:
                print('%s: %s: no page %s' % (q, url, f))
                bad += 1
                continue
            if not anchor:
                continue
            official = h['kind'] in ('clause', 'section', 'preamble')
            if official != bool(re.fullmatch(r'p\d+s\d+', anchor)):
                print('%s: %s: a %s hit with anchor #%s' % (q, url, h['kind'], anchor))
                bad += 1
                continue
            text = element_text(pages[f], anchor)
            if text is None:
                print('%s: %s: no id %s on the page' % (q, url, anchor))
                bad += 1
                continue
            marks = h.get('highlights_chars') or []
            if not marks:
                continue
            s, e = marks[0]
            word = h['snippet'][s:e]
            sentences += official
            if word not in text:
                print('%s: %s: the first mark %r is not in #%s: %r' % (q, url, word, anchor, text[:80]))
                bad += 1
    print('%d queries, %d hits, %d sentence anchors checked, %d problems'
          % (len(queries), hits, sentences, bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
