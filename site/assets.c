/* site/assets.c -- the files of site/assets compiled into fiveout-site, so the
 * installed program needs no data directory.  The files are included
 * with the assembler's .incbin (paths relative to the repository root,
 * where make runs); the Makefile makes this object depend on them. */
#include <stddef.h>

#include "site.h"

#define ASSET(sym, file)						\
	__asm__(".pushsection .rodata\n"				\
	    ".global " #sym "\n.hidden " #sym "\n"			\
	    ".global " #sym "_end\n.hidden " #sym "_end\n"		\
	    ".balign 16\n" #sym ":\n.incbin \"" file "\"\n"		\
	    #sym "_end:\n.byte 0\n.popsection\n");			\
	extern const unsigned char sym[], sym##_end[]

ASSET(fo_asset_style_css, "site/assets/style.css");
/* the search engine (Makefile: $(B)/engine.wasm), written by searchidx.c */
ASSET(fo_asset_engine_wasm, FO_ENGINE_WASM);
const unsigned char *const fo_engine_wasm = fo_asset_engine_wasm;
ASSET(fo_asset_site_js, "site/assets/site.js");
ASSET(fo_asset_engine_js, "site/assets/engine.js");
ASSET(fo_asset_search_ui_js, "site/assets/search-ui.js");
ASSET(fo_asset_icon_svg, "site/assets/icon.svg");

/* Sizes are link-time constants, so the table is filled at run time. */
static struct fo_asset table[5];

size_t fo_engine_wasm_len;

static void __attribute__((constructor))
fill(void)
{
	fo_engine_wasm_len = (size_t)(fo_asset_engine_wasm_end -
	    fo_asset_engine_wasm);
	table[0] = (struct fo_asset){ "style.css", fo_asset_style_css,
	    (size_t)(fo_asset_style_css_end - fo_asset_style_css) };
	table[1] = (struct fo_asset){ "site.js", fo_asset_site_js,
	    (size_t)(fo_asset_site_js_end - fo_asset_site_js) };
	table[2] = (struct fo_asset){ "engine.js", fo_asset_engine_js,
	    (size_t)(fo_asset_engine_js_end - fo_asset_engine_js) };
	table[3] = (struct fo_asset){ "icon.svg", fo_asset_icon_svg,
	    (size_t)(fo_asset_icon_svg_end - fo_asset_icon_svg) };
	table[4] = (struct fo_asset){ "search-ui.js", fo_asset_search_ui_js,
	    (size_t)(fo_asset_search_ui_js_end - fo_asset_search_ui_js) };
}

const struct fo_asset *const fo_assets = table;
const size_t fo_nassets = sizeof(table) / sizeof(table[0]);
