/* site/targets.c -- quantified targets in the official text: a number
 * (Arabic, or Chinese with a qualifier) with a measure word or unit and
 * the qualifiers around it: 不少于100个, 超过10万家, 突破万亿元, 90%以上;
 * an amount as a level, 万亿元级 (qualifier 量级); a count of kinds
 * written in Chinese, 六大 (进口基地).  Not targets: 500强 (a ranking),
 * 6G, 1310 (no unit), a Chinese amount without a qualifier or 级. */
#include <stdlib.h>
#include <string.h>

#include "site.h"

static const char *const units[] = {	/* longest first where prefixes clash */
	"平方公里", "万亿元", "亿美元", "亿元", "万元", "美元", "元",
	"公里", "个", "家", "项", "所", "条", "座", "名", "人", "批",
	"处", "种", "倍", "次", "场", "台", "艘", "架", "％", "%", NULL
};
static const char *const before[] = {
	"不少于", "不低于", "超过", "突破", "达到", "力争", "至少", "超",
	"达", "约", "近", NULL
};
static const char *const after[] = { "以上", "左右", "以内", NULL };
static const char *const stops[] = {
	"，", "。", "；", "：", "！", "？", ",", ";", "\n", NULL
};

static int
starts(const char *s, const char *const *set, size_t *len)
{
	size_t i;

	for (i = 0; set[i] != NULL; i++) {
		size_t n = strlen(set[i]);

		if (strncmp(s, set[i], n) == 0) {
			*len = n;
			return 1;
		}
	}
	return 0;
}

/* Does 'text'[0..at) end with one of 'set'? */
static int
ends(const char *text, size_t at, const char *const *set, size_t *len)
{
	size_t i;

	for (i = 0; set[i] != NULL; i++) {
		size_t n = strlen(set[i]);

		if (n <= at && memcmp(text + at - n, set[i], n) == 0) {
			*len = n;
			return 1;
		}
	}
	return 0;
}

static size_t
skip_spaces(const char *s, size_t i)
{
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	return i;
}

/* Chinese numeral character at s? (一..九 两 十 百 千 万 亿) */
static int
cn_digit(const char *s, int magnitude_only)
{
	static const char *const mag[] = { "十", "百", "千", "万", "亿", NULL };
	static const char *const dig[] = { "一", "二", "三", "四", "五", "六",
	    "七", "八", "九", "两", NULL };
	size_t n;

	return starts(s, mag, &n) || (!magnitude_only && starts(s, dig, &n));
}

static char *
nospace(const char *s, size_t n)
{
	char *r = fo_xmalloc(n + 1), *q = r;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			*q++ = s[i];
	*q = '\0';
	return r;
}

static void
add(struct fo_targets *t, const char *text, size_t qs, size_t ns, size_t ne,
    size_t us, size_t ue, size_t end, const char *qual)
{
	struct fo_target *g;
	size_t cs = qs, ce = end, n;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->v = fo_xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	g = &t->v[t->n++];
	g->start = qs;
	g->end = end;
	g->text = nospace(text + qs, end - qs);
	g->qualifier = fo_xstrdup(qual);
	g->number = nospace(text + ns, ne - ns);
	g->unit = fo_xstrndup(text + us, ue - us);
	while (cs > 0 && !ends(text, cs, stops, &n))
		cs--;
	while (text[ce] != '\0' && !starts(text + ce, stops, &n))
		ce++;
	cs = skip_spaces(text, cs);
	g->context = fo_xstrndup(text + cs, ce - cs);
}

void
fo_targets_find(const char *text, struct fo_targets *t)
{
	size_t i = 0, n;

	if (text == NULL)
		return;
	while (text[i] != '\0') {
		size_t ns = i, ne, us, ue, end, qs = i, ql = 0;
		char qual[32] = "";
		int arabic = text[i] >= '0' && text[i] <= '9';

		if (!arabic && !cn_digit(text + i, 0)) {
			i++;
			continue;
		}
		/* qualifier right before (spaces allowed between) */
		{
			size_t b = i;

			while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t'))
				b--;
			if (ends(text, b, before, &ql)) {
				qs = b - ql;
				memcpy(qual, text + qs, ql);
				qual[ql] = '\0';
			}
		}
		if (!arabic && qual[0] == '\0') {
			size_t e = i;

			while (cn_digit(text + e, 0))
				e += 3;
			/* 六大进口基地: a count of kinds (not 一大批) */
			if (e == i + 3 && strncmp(text + e, "大", 3) == 0 &&
			    strncmp(text + i, "一", 3) != 0 &&
			    (unsigned char)text[e + 3] >= 0xe4 &&
			    strncmp(text + e + 3, "力", 3) != 0 &&
			    strncmp(text + e + 3, "批", 3) != 0) {
				add(t, text, i, i, i + 3, e, e + 3, e + 3, "");
				i = e + 3;
				continue;
			}
			/* Chinese numbers count only with a qualifier, or as
			 * a level: 万亿元级 */
			if (strncmp(text + skip_spaces(text, e), "元级", 6) != 0) {
				i = e > i ? e : i + 1;
				continue;
			}
		}
		/* a number right after another digit is part of it */
		if (arabic && i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') ||
		    text[i - 1] == '.')) {
			i++;
			continue;
		}
		ne = i;
		if (arabic) {
			while ((text[ne] >= '0' && text[ne] <= '9') ||
			    (text[ne] == '.' && text[ne + 1] >= '0' &&
			    text[ne + 1] <= '9'))
				ne++;
			ne = skip_spaces(text, ne);
			while (cn_digit(text + ne, 1))
				ne += 3;	/* 10万, 1.5万亿 */
		} else
			while (cn_digit(text + ne, 0))
				ne += 3;
		us = skip_spaces(text, ne);
		while (ne > ns && (text[ne - 1] == ' ' || text[ne - 1] == '\t'))
			ne--;
		if (!starts(text + us, units, &n) ||
		    (!arabic && strncmp(text + us + n - 3, "元", 3) != 0) ||
		    (strncmp(text + us + n, "级", 3) == 0 &&
		    strncmp(text + us + n - 3, "元", 3) != 0)) {
			i = ne > i ? ne : i + 1;
			continue;
		}
		ue = us + n;
		end = ue;
		if (strncmp(text + ue, "级", 3) == 0) {	/* a level */
			end = ue + 3;
			if (qual[0] == '\0')
				strcpy(qual, "量级");
			add(t, text, qs, ns, ne, us, ue, end, qual);
			i = end;
			continue;
		}
		if (starts(text + skip_spaces(text, ue), after, &n)) {
			end = skip_spaces(text, ue) + n;
			if (qual[0] == '\0') {
				memcpy(qual, text + end - n, n);
				qual[n] = '\0';
			}
		}
		add(t, text, qs, ns, ne, us, ue, end, qual);
		i = end;
	}
}

void
fo_targets_release(struct fo_targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].text);
		free(t->v[i].qualifier);
		free(t->v[i].number);
		free(t->v[i].unit);
		free(t->v[i].context);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}
