# fiveout -- one non-recursive Makefile.  Build products all go in $(B).
PREFIX     ?= /usr/local
DESTDIR    ?=
PKG_CONFIG ?= pkg-config
B          ?= build
CC         ?= cc
CXX        ?= c++
JIEBA_DICT ?= /usr/lib/python3/dist-packages/jieba/dict.txt
CONTENT    ?= content
# The address the site is published at (make SITE_URL=https://example.org/kb/):
# canonical links, Open Graph, sitemap.xml, robots.txt and atom.xml use it.
# Empty: links stay relative and no sitemap is written.
SITE_URL   ?=

PKGS      := libcmark xapian-core icu-uc icu-i18n opencc yaml-0.1 zlib

# A fresh Debian machine: install the packages before the flags are read,
# so `make` and `make check` are each one command from a clean clone.
ifneq ($(MAKECMDGOALS),clean)
ifneq ($(shell $(PKG_CONFIG) --exists $(PKGS) cmocka libmicrohttpd 2>/dev/null && test -f $(JIEBA_DICT) && test -f /usr/lib/wasm32-wasi/libc.a && command -v clang >/dev/null && command -v xapian-tcpsrv >/dev/null && echo yes),yes)
$(info fiveout: installing build dependencies with scripts/deps.sh)
$(shell sh scripts/deps.sh >&2)
endif
endif
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

WARN      := -Wall -Wextra -Werror
OPT       ?= -O2 -g
ifeq ($(SANITIZE),1)
OPT       := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
CPPFLAGS  += -Iindexer -DFO_PREFIX='"$(PREFIX)"'
CFLAGS    += -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARN) $(OPT) $(PKG_CFLAGS)
CXXFLAGS  += -std=c++17 $(WARN) $(OPT) $(PKG_CFLAGS)
# --as-needed (Debian's default, said here for other toolchains): each
# program records only the libraries it calls, so fiveout-search needs no
# cmark or yaml (tests/e2e/search.sh checks it)
LDFLAGS   += $(OPT) -pthread -Wl,--as-needed
LDLIBS    += $(PKG_LIBS) -lm

# The shared core: the code in indexer/'s folders (util, content, analyze,
# index, query) except the WebAssembly engine's own (indexer/wasm/).
# The headers are indexer/*.h; indexer/main.c is fiveout-index's.
WASM_ONLY := $(wildcard indexer/wasm/*.c)
LIB_C     := $(filter-out $(WASM_ONLY),$(wildcard indexer/*/*.c))
LIB_CC    := $(wildcard indexer/*/*.cc)
LIB_OBJ   := $(LIB_C:%.c=$(B)/%.o) $(LIB_CC:%.cc=$(B)/%.o)
LIB       := $(B)/libfiveout.a
SEARCH_OBJ := $(patsubst %.c,$(B)/%.o,$(wildcard search/*.c))
# fiveout-site's objects live in $(B)/site-obj: $(B)/site is the site it writes.
# site/ and its folders (site/html/); site/assets/ holds no C, and
# site/serve/ is fiveout-serve's own.
SITE_OBJ  := $(patsubst site/%.c,$(B)/site-obj/%.o,$(filter-out site/serve/%,$(wildcard site/*.c site/*/*.c)))
PROGS     := $(B)/fiveout-index $(B)/fiveout-search $(B)/fiveout-site \
	     $(B)/fiveout-serve
TEST_SRC  := $(wildcard tests/test_*.c)
TESTS     := $(TEST_SRC:tests/%.c=$(B)/tests/%)
CONTENT_FILES := $(shell find $(CONTENT) -type f -name '*.md' 2>/dev/null)

.PHONY: all programs lint check unit e2e check-asan check-valgrind install uninstall clean \
	serve bench bench-smoke deps demo annotation term
.DEFAULT_GOAL := all

all: programs $(B)/lexicon.bin $(B)/index.stamp $(B)/site.stamp

programs: $(PROGS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

# OpenCC and libicui18n are loaded at first use (indexer/analyze/late.c):
# OpenCC's soname, as the library pkg-config names has it.
OPENCC_SONAME := $(shell objdump -p "$$($(PKG_CONFIG) --variable=libdir opencc 2>/dev/null)/libopencc.so" 2>/dev/null | awk '/SONAME/ { print $$2 }')
$(B)/indexer/analyze/late.o: CPPFLAGS += -DFO_OPENCC_SONAME='"$(OPENCC_SONAME)"'

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && $(AR) rcs $@ $^

$(B)/fiveout-index: $(B)/indexer/main.o $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/fiveout-search: $(SEARCH_OBJ) $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(B)/fiveout-site: $(SITE_OBJ) $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The site's search engine: the library's query path (parse, analysis,
# ranking, snippets; search.c) compiled to WebAssembly with clang and
# wasi-libc, over the exported store (xmem.c) instead of Xapian and a
# shard-fed lexicon (lexshard.c) instead of the mapped file.
# fiveout-site carries it (site/assets.c) and writes it to the site.
WASM_CC   ?= clang
WASM_SRC  := $(WASM_ONLY) $(addprefix indexer/,util/buf.c util/status.c \
	util/utf8.c util/json.c util/strlist.c query/qnode.c query/parse.c \
	query/pinyin_rewrite.c query/compile.c query/search.c query/refs.c \
	query/suggest.c \
	query/search_json.c query/snippet.c query/clauseref.c analyze/vocab.c \
	analyze/seg.c analyze/fold.c analyze/analyzer.c analyze/unidata.c \
	analyze/charclass.c \
	analyze/wordlist.c index/docinfo.c index/schema.c index/store.c \
	content/kind.c content/numeral.c content/anchor.c)
WASM_FLAGS := --target=wasm32-wasi -std=c11 -Oz -DFO_WASM -D_DEFAULT_SOURCE \
	-Iindexer $(WARN) -Wno-unused-function -mexec-model=reactor \
	-Wl,--strip-all -Wl,--gc-sections -ffunction-sections -fdata-sections
$(B)/engine.wasm: $(WASM_SRC) $(wildcard indexer/*.h)
	@mkdir -p $(@D)
	$(WASM_CC) $(WASM_FLAGS) -o $@ $(WASM_SRC) -lm
.PHONY: engine
engine: $(B)/engine.wasm

# The lexicon is compiled once from jieba's frequency dictionary and then
# mapped by every program, never parsed at start-up.
# The keys of OpenCC's dictionaries in the hk2s and tw2s chains (fold.c),
# for the lexicon's map of what OpenCC may change (phrases too: 瞭解).
OPENCC_DIR   ?= /usr/share/opencc
OPENCC_DICTS := HKVariantsRev HKVariantsRevPhrases TSCharacters TSPhrases \
		TWVariantsRev TWVariantsRevPhrases
$(B)/opencc-keys.txt: $(OPENCC_DICTS:%=$(OPENCC_DIR)/%.ocd2)
	@mkdir -p $(B)
	rm -f $@.tmp; for d in $(OPENCC_DICTS); do \
		opencc_dict -i $(OPENCC_DIR)/$$d.ocd2 -o $@.one -f ocd2 -t text \
		&& cut -f1 $@.one >> $@.tmp || exit 1; done
	rm -f $@.one; mv $@.tmp $@

$(B)/lexicon.bin: $(B)/fiveout-index $(B)/opencc-keys.txt
	$(B)/fiveout-index --compile-lexicon $(JIEBA_DICT) $@ $(B)/opencc-keys.txt

$(B)/index.stamp: $(B)/fiveout-index $(B)/lexicon.bin $(CONTENT_FILES)
	FIVEOUT_LEXICON=$(B)/lexicon.bin $(B)/fiveout-index --db $(B)/index $(CONTENT)
	@touch $@

# SITE_URL as last built with, rewritten only when it changes
$(B)/site-url: FORCE
	@mkdir -p $(B)
	@echo '$(SITE_URL)' | cmp -s - $@ || echo '$(SITE_URL)' > $@
.PHONY: FORCE
FORCE:

$(B)/site.stamp: $(B)/fiveout-site $(B)/index.stamp $(CONTENT_FILES) $(wildcard site/assets/*) $(B)/site-url
	FIVEOUT_LEXICON=$(B)/lexicon.bin $(B)/fiveout-site --db $(B)/index \
		$(if $(SITE_URL),--base-url '$(SITE_URL)') -o $(B)/site $(CONTENT)
	@touch $@

# The README's first command: build everything and show a search.
demo: all
	@echo
	@echo '$$ fiveout-search 跨境电商'
	@$(B)/fiveout-search 跨境电商

# Editors: a new file from content/templates/, e.g.
#   make annotation SLUG=kuajing-haiwaicang CLAUSES="4 16"
annotation: $(B)/fiveout-index
	@test -n "$(SLUG)" || { echo 'usage: make annotation SLUG=my-note CLAUSES="4 16"' >&2; exit 2; }
	$(B)/fiveout-index --new annotation $(SLUG) $(CLAUSES) --content $(CONTENT)
term: $(B)/fiveout-index
	@test -n "$(SLUG)" || { echo 'usage: make term SLUG=my-term' >&2; exit 2; }
	$(B)/fiveout-index --new term $(SLUG) --content $(CONTENT)

# LINT_FORMAT=github: each error as a GitHub workflow command (the CI
# workflow uses it, so a pull request shows errors on their lines)
lint: $(B)/fiveout-index
	$(B)/fiveout-index --check $(if $(LINT_FORMAT),--format $(LINT_FORMAT)) $(CONTENT)

# ---- tests -------------------------------------------------------------
$(TESTS): $(B)/tests/%: $(B)/tests/%.o $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell $(PKG_CONFIG) --libs cmocka)
$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -MMD -MP -c $< -o $@

# Unit tests run from the repository root with the built lexicon.
unit: $(TESTS) $(B)/lexicon.bin $(B)/index.stamp
	@set -e; for t in $(TESTS); do \
		echo "== $$t"; FIVEOUT_LEXICON=$(B)/lexicon.bin FO_BUILD=$(B) $$t; done

e2e: all
	@set -e; for t in tests/e2e/*.sh; do [ -f "$$t" ] || continue; \
		echo "== $$t"; B=$(B) sh $$t; done

check-asan:
	$(MAKE) B=build/asan SANITIZE=1 unit

# Golden files (tests/regress/README.md); regress-update rewrites them:
# review `git diff tests/regress` before committing.
.PHONY: regress regress-update
regress: all
	B=$(B) sh tests/regress/run.sh
regress-update: all
	B=$(B) sh tests/regress/run.sh -u

# Every unit test under valgrind's memcheck: any error or definite leak fails.
check-valgrind: $(TESTS) $(B)/lexicon.bin
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
		FIVEOUT_LEXICON=$(B)/lexicon.bin FO_BUILD=$(B) valgrind -q \
		--error-exitcode=9 --leak-check=full --show-leak-kinds=definite \
		--errors-for-leak-kinds=definite $$t >$$t.valgrind.log 2>&1 || \
		{ cat $$t.valgrind.log; exit 1; }; \
		grep -E '^\[  (PASSED|FAILED)' $$t.valgrind.log | tail -n 1; done

# The library exports only fo_ names.
.PHONY: check-symbols
check-symbols: $(LIB)
	sh tests/symbols.sh $(LIB)

check: lint check-symbols unit e2e regress check-asan fuzz-replay check-valgrind bench-smoke browser-test

# ---- install -----------------------------------------------------------
install: programs $(B)/lexicon.bin
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/fiveout \
		$(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 0644 $(B)/lexicon.bin $(DESTDIR)$(PREFIX)/share/fiveout/
	for m in search/*.1 indexer/*.1 site/*.1 site/serve/*.1; do [ -f "$$m" ] && \
		install -m 0644 $$m $(DESTDIR)$(PREFIX)/share/man/man1/ || true; done

uninstall:
	rm -f $(PROGS:$(B)/%=$(DESTDIR)$(PREFIX)/bin/%)
	rm -rf $(DESTDIR)$(PREFIX)/share/fiveout

# The editors' live preview (site/serve/, fiveout-serve(1)): rebuilds on save,
# the open page reloads itself or shows the lint errors.
serve: all
	$(B)/fiveout-serve --db $(B)/index --lexicon $(B)/lexicon.bin \
		--port $(PORT) -o $(B)/site $(CONTENT)
PORT ?= 8000

deps:
	sh scripts/deps.sh

clean:
	rm -rf $(B)

-include $(shell find $(B) -type f -name '*.d' 2>/dev/null)

# ---- site (fiveout-site) -------------------------------------------------
# site/assets.c pulls the asset files in with .incbin: rebuild it when they change.
$(B)/site-obj/%.o: site/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@
$(B)/site-obj/assets.o: $(wildcard site/assets/*.css site/assets/*.js site/assets/*.svg) \
	$(B)/engine.wasm
$(B)/site-obj/assets.o: CPPFLAGS += -DFO_ENGINE_WASM='"$(B)/engine.wasm"'

# ---- bench (owned by bench/; not part of check) -------------------------
# make bench: fiveout vs Hugo + Pagefind and stock Xapian on a tmpfs; peers
# are installed by bench/setup-peers.sh; results go to bench/results/.
# make bench-smoke: N = 200, one run, no peers (fast, no network).
BENCH_N    ?= 1000 10000 50000
BENCH_RUNS ?= 5
bench: programs $(B)/lexicon.bin
	sh bench/setup-peers.sh
	python3 bench/bench.py --build $(B) --sizes "$(BENCH_N)" --runs $(BENCH_RUNS)

bench-smoke: programs $(B)/lexicon.bin
	python3 bench/bench.py --build $(B) --smoke
# Unit tests of site code link its objects (all but main.o) before the library.
SITE_LIB_OBJ := $(filter-out $(B)/site-obj/main.o,$(SITE_OBJ))
$(B)/tests/test_site $(B)/tests/test_targets: $(SITE_LIB_OBJ)
$(B)/tests/test_site $(B)/tests/test_targets: LDLIBS := $(LIB) $(LDLIBS)
# Browser tests (part of `make check`; they install Debian's chromium and
# npm's playwright-core): build the site, then drive it in headless chromium.
.PHONY: browser-test
browser-test: $(B)/site.stamp $(B)/fiveout-search $(B)/fiveout-serve
	sh scripts/deps.sh browser
	cd tests/browser && { [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund; }
	B=$(B) node tests/browser/parity.js $(B)/site
	cd tests/browser && node site.test.js $(abspath $(B))/site
	cd tests/browser && node ui.test.js $(abspath $(B))/site
	cd tests/browser && node serve.test.js $(abspath $(B))

# ---- fiveout-serve (site/serve/): libmicrohttpd, the site's objects ----
# (objects in $(B)/serve-obj: $(B)/site is the site it serves)
SERVE_OBJ  := $(patsubst site/serve/%.c,$(B)/serve-obj/%.o,$(wildcard site/serve/*.c))
SERVE_LIBS := $(shell $(PKG_CONFIG) --libs libmicrohttpd 2>/dev/null)
$(SERVE_OBJ): CPPFLAGS += -Isite $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
$(B)/serve-obj/%.o: site/serve/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@
$(B)/serve-obj/main.o: site/serve/live.js
$(B)/fiveout-serve: $(SERVE_OBJ) $(SITE_LIB_OBJ) $(LIB)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(SERVE_LIBS)

# ---- fuzzing (tests/fuzz/) ----------------------------------------------
# make fuzz: each harness under libFuzzer (clang), FUZZ_SECONDS each, the
# library built with clang and coverage in build/fuzz; new inputs go to
# build/fuzz/corpus/NAME (copy the interesting ones to tests/fuzz/corpus).
# make fuzz-replay (part of check): every committed input through its
# harness under ASan and UBSan, no libFuzzer needed.
FUZZERS      := query analyze snippet docinfo content
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_CXX     ?= clang++
.PHONY: fuzz fuzz-replay fuzz-replay-run
fuzz: $(B)/lexicon.bin
	$(MAKE) B=build/fuzz CC=$(FUZZ_CC) CXX=$(FUZZ_CXX) \
		OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined" \
		build/fuzz/libfiveout.a
	@set -e; for f in $(FUZZERS); do \
		$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz -std=c11 -D_DEFAULT_SOURCE -O1 -g \
		-fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) tests/fuzz/fuzz_$$f.c \
		build/fuzz/libfiveout.a $(PKG_LIBS) -lm -lstdc++ -o build/fuzz/fuzz_$$f; \
		mkdir -p build/fuzz/corpus/$$f; echo "== fuzz $$f ($(FUZZ_SECONDS) s)"; \
		FIVEOUT_LEXICON=$(B)/lexicon.bin build/fuzz/fuzz_$$f -max_total_time=$(FUZZ_SECONDS) \
		-max_len=4096 build/fuzz/corpus/$$f tests/fuzz/corpus/$$f; done
fuzz-replay: $(B)/lexicon.bin
	$(MAKE) B=build/asan SANITIZE=1 LEXICON=$(abspath $(B))/lexicon.bin fuzz-replay-run
fuzz-replay-run: $(LIB)
	@set -e; for f in $(FUZZERS); do \
		$(CC) $(CPPFLAGS) -Itests/fuzz $(CFLAGS) tests/fuzz/replay.c tests/fuzz/fuzz_$$f.c \
		$(LIB) $(LDFLAGS) $(LDLIBS) -lstdc++ -o $(B)/fuzz-replay-$$f; \
		FIVEOUT_LEXICON=$(LEXICON) $(B)/fuzz-replay-$$f tests/fuzz/corpus/$$f; done
