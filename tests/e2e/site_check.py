#!/usr/bin/env python3
"""tests/e2e/site_check.py SITE [BASE_URL] -- check a built fiveout site.

Every page describes itself: a <title>, a non-empty meta description,
og:title, og:description and og:type; JSON-LD, where a page has it,
parses as JSON with a schema.org @type.  With BASE_URL (the site's
--base-url), every page but 404.html has a canonical link and an og:url
under it, and 404.html's root-absolute links are read under its path;
without it no page has either.

Every HTML page: strict tag balance (every non-void element closed, in
order), no duplicate ids, <html lang="zh-CN">, one <h1>, headings never
skip a level, header/nav/main/footer landmarks, a CSP meta with
script-src 'self', no inline script, no on* or style attributes, no
external resource (link/script/img/iframe src) at all.  Every internal
href/src resolves to a file in the site and every #fragment to an id in
its target.  Every text file has a .gz twin with the same content.
Every page is
reachable from index.html by following links (404.html aside), so a
long list split into pages leaves none of them behind.
Prints problems and "N passed, N failed"-style totals; exit 1 on any.
"""
import gzip
import json
import os
import sys
import urllib.parse
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
TEXT_EXT = (".html", ".css", ".js", ".xml", ".txt", ".json", ".svg")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.links, self.errors = [], {}, [], []
        self.headings, self.lang, self.csp, self.landmarks = [], None, None, set()
        self.forms = []
        self.meta, self.canonical, self.ld = {}, None, []
        self.title, self._in, self._data = "", None, []

    def err(self, msg):
        line, col = self.getpos()
        self.errors.append("%d:%d: %s" % (line, col + 1, msg))

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID:
            self.err("self-closed non-void <%s/>" % tag)

    def _start(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.err("event handler attribute %s on <%s>" % (k, tag))
            if k == "style":
                self.err("style attribute on <%s> (CSP forbids it)" % tag)
        if "id" in a:
            if a["id"] in self.ids:
                self.err("duplicate id %r" % a["id"])
            self.ids[a["id"]] = 1
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == \
                "content-security-policy":
            self.csp = a.get("content", "")
        if tag in ("header", "nav", "main", "footer"):
            self.landmarks.add(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a.get("property")] = a.get("content")
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
            return  # an address, not a resource
        if tag == "title" or (tag == "script" and
                              a.get("type") == "application/ld+json"):
            self._in, self._data = tag, []
        if tag == "script" and not a.get("src") and \
                a.get("type") != "application/ld+json":
            self.err("inline script")
        if tag == "form" and a.get("action"):
            self.forms.append(a["action"])
        for attr in ("href", "src"):
            if attr in a and a[attr] is not None:
                self.links.append((tag, attr, a[attr], self.getpos()[0]))

    def handle_data(self, data):
        if self._in:
            self._data.append(data)

    def handle_endtag(self, tag):
        if self._in == tag:
            text = "".join(self._data)
            if tag == "title":
                self.title = text
            else:
                self.ld.append(text)
            self._in = None
        if tag in VOID:
            self.err("end tag for void <%s>" % tag)
            return
        if not self.stack:
            self.err("stray </%s>" % tag)
            return
        if self.stack[-1] != tag:
            self.err("</%s> closes <%s>" % (tag, self.stack[-1]))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def describes_itself(rel, p, base, problems):
    """The page's own metadata (see the module's comment)."""
    if not p.title.strip():
        problems.append("%s: empty <title>" % rel)
    for k in ("description", "og:title", "og:description", "og:type"):
        if not (p.meta.get(k) or "").strip():
            problems.append("%s: no %s" % (rel, k))
    for text in p.ld:
        try:
            d = json.loads(text)
        except ValueError as e:
            problems.append("%s: JSON-LD does not parse: %s" % (rel, e))
            continue
        if d.get("@context") != "https://schema.org" or not d.get("@type"):
            problems.append("%s: JSON-LD without schema.org @type" % rel)
    for what, v in (("canonical", p.canonical), ("og:url", p.meta.get("og:url"))):
        if base and rel != "404.html":
            if not v or not v.startswith(base) or v.endswith("index.html"):
                problems.append("%s: %s %r not a directory URL under %s"
                                % (rel, what, v, base))
        elif v:
            problems.append("%s: %s %r without a base URL" % (rel, what, v))


def main():
    site = os.path.abspath(sys.argv[1])
    base = sys.argv[2] if len(sys.argv) > 2 else None
    base_path = urllib.parse.urlsplit(base).path if base else "/"
    pages, problems, checked = {}, [], 0
    files = []
    for dp, dn, fn in os.walk(site):
        for f in fn:
            files.append(os.path.join(dp, f))
    for path in files:
        rel = os.path.relpath(path, site)
        if path.endswith(TEXT_EXT):
            checked += 1
            if not os.path.exists(path + ".gz"):
                problems.append("%s: no .gz twin" % rel)
            else:
                with open(path, "rb") as f1, gzip.open(path + ".gz") as f2:
                    if f1.read() != f2.read():
                        problems.append("%s.gz: differs from %s" % (rel, rel))
        if not path.endswith(".html"):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        p = Page()
        p.feed(text)
        p.close()
        pages[path] = p
        for e in p.errors:
            problems.append("%s:%s" % (rel, e))
        if p.stack:
            problems.append("%s: unclosed %s" % (rel, p.stack))
        if p.lang != "zh-CN":
            problems.append("%s: lang=%r" % (rel, p.lang))
        if not p.csp or "script-src 'self'" not in p.csp or \
                "unsafe-inline" in p.csp:
            problems.append("%s: CSP meta missing or weak: %r" % (rel, p.csp))
        if not text.startswith("<!DOCTYPE html>"):
            problems.append("%s: no doctype" % rel)
        missing = {"header", "nav", "main", "footer"} - p.landmarks
        if missing:
            problems.append("%s: landmarks missing: %s" % (rel, sorted(missing)))
        describes_itself(rel, p, base, problems)
        if p.headings.count(1) != 1:
            problems.append("%s: %d <h1>" % (rel, p.headings.count(1)))
        prev = 0
        for h in p.headings:
            if h > prev + 1:
                problems.append("%s: heading h%d after h%d" % (rel, h, prev))
            prev = h
    # links
    nlinks = 0
    for path, p in pages.items():
        rel = os.path.relpath(path, site)
        for tag, attr, url, line in p.links:
            nlinks += 1
            u = urllib.parse.urlsplit(url)
            if u.scheme in ("http", "https", "mailto"):
                if tag != "a":
                    problems.append("%s:%d: external resource <%s %s=%s>"
                                    % (rel, line, tag, attr, url))
                continue
            if u.scheme or u.netloc:
                problems.append("%s:%d: bad URL scheme %s" % (rel, line, url))
                continue
            if u.path == "":
                target = path
            elif u.path.startswith(base_path):
                target = os.path.join(site, urllib.parse.unquote(
                    u.path[len(base_path):]))
            elif u.path.startswith("/"):
                problems.append("%s:%d: root-absolute link outside %s: %s"
                                % (rel, line, base_path, url))
                continue
            else:
                target = os.path.normpath(os.path.join(
                    os.path.dirname(path), urllib.parse.unquote(u.path)))
            if not os.path.realpath(target).startswith(site + os.sep):
                problems.append("%s:%d: link leaves the site: %s" % (rel, line, url))
                continue
            if os.path.isdir(target):
                problems.append("%s:%d: link to a directory (file:// needs "
                                "index.html): %s" % (rel, line, url))
                continue
            if not os.path.isfile(target):
                problems.append("%s:%d: broken link %s" % (rel, line, url))
                continue
            if u.fragment:
                tp = pages.get(target)
                if tp is None or u.fragment not in tp.ids:
                    problems.append("%s:%d: missing anchor %s" % (rel, line, url))
    # reachability: every page from index.html through <a href> and
    # <form action>
    def resolve(frm, url):
        u = urllib.parse.urlsplit(url)
        if u.scheme or u.netloc:
            return None
        if u.path == "":
            return frm
        if u.path.startswith(base_path):
            return os.path.join(site, urllib.parse.unquote(
                u.path[len(base_path):]))
        return os.path.normpath(os.path.join(os.path.dirname(frm),
                                             urllib.parse.unquote(u.path)))
    start = os.path.join(site, "index.html")
    seen, todo = {start}, [start]
    while todo:
        cur = todo.pop()
        p = pages.get(cur)
        if p is None:
            continue
        urls = [u for tag, _, u, _ in p.links if tag == "a"] + p.forms
        for url in urls:
            t = resolve(cur, url)
            if t is not None and t not in seen and t in pages:
                seen.add(t)
                todo.append(t)
    for path in sorted(pages):
        rel = os.path.relpath(path, site)
        if path not in seen and rel != "404.html":
            problems.append("%s: not reachable from index.html" % rel)
    for pr in problems:
        print("site_check: " + pr)
    print("site_check: %d pages (%d reachable), %d links, %d text files, "
          "%d problems" % (len(pages), len(seen), nlinks, checked,
                           len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
