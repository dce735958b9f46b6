/* indexer/query/search_json.c -- a search result as JSON: what fiveout-search
 * --json prints and what the browser's engine (engine.c) returns, so the
 * two cannot differ in form. */
#include <string.h>

#include "buf.h"
#include "json.h"
#include "search.h"

static void
json_list(struct fo_buf *b, const struct fo_strlist *l)
{
	size_t i;

	fo_buf_putc(b, '[');
	for (i = 0; i < l->n; i++) {
		if (i > 0)
			fo_buf_putc(b, ',');
		fo_json_str(b, l->v[i]);
	}
	fo_buf_putc(b, ']');
}

static void
json_facets(struct fo_buf *b, const struct fo_search_result *r)
{
	int i, n = 0;

	fo_buf_puts(b, ",\"facets\":{\"kind\":{");
	for (i = 0; i < FO_NKINDS; i++)
		if (r->facet_kind[i] > 0)
			fo_buf_printf(b, "%s\"%s\":%u", n++ ? "," : "",
			    fo_kind_name((enum fo_kind)i), r->facet_kind[i]);
	fo_buf_puts(b, "},\"section\":{");
	for (i = 1, n = 0; i <= FO_NSECTIONS; i++)
		if (r->facet_section[i] > 0)
			fo_buf_printf(b, "%s\"%d\":%u", n++ ? "," : "", i,
			    r->facet_section[i]);
	fo_buf_puts(b, "}}");
}

void
fo_search_result_json(const struct fo_search_result *r, int explain,
    struct fo_buf *b)
{
	size_t i, j;

	fo_buf_puts(b, "{\"query\":");
	fo_json_str(b, r->query);
	fo_buf_printf(b, ",\"total\":%u,\"fallback\":%s,\"also_searched\":",
	    r->total, r->fallback ? "true" : "false");
	json_list(b, &r->also);
	fo_buf_puts(b, ",\"loose\":");
	json_list(b, &r->loose);
	fo_buf_puts(b, ",\"pinyin\":");
	fo_json_str(b, r->pinyin);
	fo_buf_puts(b, ",\"suggestions\":");
	json_list(b, &r->suggestions);
	if (r->missing.n > 0) {	/* a partial answer says so */
		fo_buf_puts(b, ",\"missing_shards\":");
		json_list(b, &r->missing);
	}
	if (r->has_facets)
		json_facets(b, r);
	if (explain) {
		fo_buf_puts(b, ",\"explain\":{\"segments\":");
		json_list(b, &r->segments);
		fo_buf_puts(b, ",\"folds\":");
		json_list(b, &r->folds);
		fo_buf_puts(b, ",\"stopwords_dropped\":");
		json_list(b, &r->dropped);
		fo_buf_puts(b, ",\"query_tree\":");
		fo_json_str(b, r->tree);
		fo_buf_putc(b, '}');
	}
	fo_buf_puts(b, ",\"hits\":[");
	for (i = 0; i < r->nhits; i++) {
		const struct fo_search_hit *h = &r->hits[i];

		if (i > 0)
			fo_buf_putc(b, ',');
		fo_buf_puts(b, "{\"match\":");
		fo_json_str(b, fo_match_name(h->match));
		if (h->via != NULL) {
			fo_buf_puts(b, ",\"via\":");
			fo_json_str(b, h->via);
		}
		fo_buf_puts(b, ",\"kind\":");
		fo_json_str(b, fo_kind_name(h->kind));
		fo_buf_printf(b, ",\"number\":%d,\"id\":", h->number);
		fo_json_str(b, h->id);
		fo_buf_puts(b, ",\"title\":");
		fo_json_str(b, h->title);
		fo_buf_puts(b, ",\"label\":");
		fo_json_str(b, h->label);
		fo_buf_printf(b, ",\"section\":%d,\"section_label\":", h->section);
		fo_json_str(b, h->section_label);
		fo_buf_puts(b, ",\"url\":");
		fo_json_str(b, h->url);
		fo_buf_printf(b, ",\"score\":%.4f,\"snippet\":", h->score);
		fo_json_str(b, h->snippet.text);
		fo_buf_puts(b, ",\"highlights\":[");
		for (j = 0; j < h->snippet.nspans; j++)
			fo_buf_printf(b, "%s[%zu,%zu]", j ? "," : "",
			    h->snippet.spans[j].start, h->snippet.spans[j].end);
		fo_buf_puts(b, "],\"highlights_chars\":[");
		for (j = 0; j < h->snippet.nspans; j++)
			fo_buf_printf(b, "%s[%zu,%zu]", j ? "," : "",
			    h->snippet.spans[j].cstart, h->snippet.spans[j].cend);
		fo_buf_puts(b, "]}");
	}
	fo_buf_puts(b, "]}\n");
}
