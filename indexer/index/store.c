/* indexer/index/store.c -- the shard rules of the browser's store (store.h). */
#include "buf.h"
#include "schema.h"
#include "store.h"
#include "utf8.h"

uint32_t
fo_store_term_hash(const char *term, size_t n)
{
	if (n > 0 && fo_term_prefixed(term)) {
		term++;
		n--;
	}
	return fo_fnv32(term, n);
}

uint32_t
fo_store_word_hash(const char *word, size_t n)
{
	size_t cl;

	if (n == 0)
		return fo_fnv32(word, 0);
	cl = fo_utf8_len((unsigned char)word[0]);
	return fo_fnv32(word, cl < n ? cl : n);
}
