/* indexer/content/numeral.c -- Chinese numerals for clause and section numbers.
 *
 * The opinion numbers its sections 一、…七、 and its clauses （一）…（二十四）.
 * fo_cn_numeral() is declared in content.h; the table below is plain data
 * so the function is reentrant and needs no initialisation.
 */
#include <stddef.h>

#include "content.h"

static const char *const numerals[100] = {
	NULL, "一", "二", "三", "四", "五", "六", "七", "八", "九",
	"十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九",
	"二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六", "二十七", "二十八", "二十九",
	"三十", "三十一", "三十二", "三十三", "三十四", "三十五", "三十六", "三十七", "三十八", "三十九",
	"四十", "四十一", "四十二", "四十三", "四十四", "四十五", "四十六", "四十七", "四十八", "四十九",
	"五十", "五十一", "五十二", "五十三", "五十四", "五十五", "五十六", "五十七", "五十八", "五十九",
	"六十", "六十一", "六十二", "六十三", "六十四", "六十五", "六十六", "六十七", "六十八", "六十九",
	"七十", "七十一", "七十二", "七十三", "七十四", "七十五", "七十六", "七十七", "七十八", "七十九",
	"八十", "八十一", "八十二", "八十三", "八十四", "八十五", "八十六", "八十七", "八十八", "八十九",
	"九十", "九十一", "九十二", "九十三", "九十四", "九十五", "九十六", "九十七", "九十八", "九十九",
};

const char *
fo_cn_numeral(int n)
{
	if (n < 1 || n > 99)
		return NULL;
	return numerals[n];
}
