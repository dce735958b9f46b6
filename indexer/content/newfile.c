/* indexer/content/newfile.c -- new annotation/glossary files from templates. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "newfile.h"

static int
read_file(const char *path, struct fo_buf *out)
{
	char chunk[4096];
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		fo_buf_put(out, chunk, n);
	fclose(fp);
	return 0;
}

/* Append 'tpl' to 'out' with every "{{key}}" replaced. */
static void
expand(struct fo_buf *out, const char *tpl, const char *date,
    const char *clauses, const char *links)
{
	const char *p = tpl, *q;

	while ((q = strstr(p, "{{")) != NULL) {
		fo_buf_put(out, p, (size_t)(q - p));
		if (strncmp(q, "{{date}}", 8) == 0) {
			fo_buf_puts(out, date);
			p = q + 8;
		} else if (strncmp(q, "{{clauses}}", 11) == 0) {
			fo_buf_puts(out, clauses);
			p = q + 11;
		} else if (strncmp(q, "{{links}}", 9) == 0) {
			fo_buf_puts(out, links);
			p = q + 9;
		} else {
			fo_buf_put(out, q, 2);
			p = q + 2;
		}
	}
	fo_buf_puts(out, p);
}

enum fo_status
fo_newfile(const char *root, enum fo_newkind kind, const char *slug,
    const int *clauses, int nclauses, char **path_out, char **errmsg)
{
	struct fo_buf tplpath = FO_BUF_INIT, path = FO_BUF_INIT,
	    tpl = FO_BUF_INIT, out = FO_BUF_INIT, cl = FO_BUF_INIT,
	    links = FO_BUF_INIT;
	const char *what = kind == FO_NEW_ANNOTATION ? "annotation" : "glossary";
	const char *dir = kind == FO_NEW_ANNOTATION ? "annotations" : "glossary";
	enum fo_status st = FO_OK;
	char date[16];
	time_t now = time(NULL);
	struct tm tm;
	int i, fd;

	if (path_out != NULL)
		*path_out = NULL;
	if (errmsg != NULL)
		*errmsg = NULL;
	if (!fo_slug_valid(slug))
		return fo_error(errmsg, FO_EINVAL, "bad name '%s': use lowercase "
		    "letters, digits and '-', e.g. kuajing-dianshang", slug);
	if (kind == FO_NEW_ANNOTATION && nclauses == 0)
		return fo_error(errmsg, FO_EINVAL, "name the clauses the "
		    "annotation is about, e.g. CLAUSES=\"4 16\"");
	for (i = 0; i < nclauses; i++) {
		if (clauses[i] < 1 || clauses[i] > FO_NCLAUSES) {
			char num[32];

			snprintf(num, sizeof(num), "%d", clauses[i]);
			return fo_error(errmsg, FO_EINVAL, "clause %s does not "
			    "exist: the opinion has clauses 1-24", num);
		}
		fo_buf_printf(&cl, "%s%d", i ? ", " : "", clauses[i]);
		fo_buf_printf(&links, "%s[（%s）](clause:%d)", i ? "、" : "",
		    fo_cn_numeral(clauses[i]), clauses[i]);
	}
	if (nclauses == 0)
		fo_buf_puts(&links, "[（四）](clause:4)");
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);

	fo_buf_printf(&tplpath, "%s/templates/%s.md", root, what);
	fo_buf_printf(&path, "%s/%s/%s.md", root, dir, slug);
	if (read_file(tplpath.data, &tpl) != 0) {
		st = fo_error(errmsg, FO_ENOTFOUND, "cannot read the template %s",
		    tplpath.data);
		goto out;
	}
	expand(&out, tpl.data, date, cl.data, links.data);
	/* O_EXCL: an editor's existing file is never overwritten. */
	fd = open(path.data, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		st = fo_error(errmsg, errno == EEXIST ? FO_EINVAL : FO_EIO,
		    errno == EEXIST ? "%s already exists: choose another name"
		    : "cannot create %s", path.data);
		goto out;
	}
	if (write(fd, out.data, out.len) != (ssize_t)out.len) {
		close(fd);
		unlink(path.data);
		st = fo_error(errmsg, FO_EIO, "cannot write %s", path.data);
		goto out;
	}
	close(fd);
	if (path_out != NULL)
		*path_out = fo_buf_detach(&path, NULL);
out:
	fo_buf_release(&tplpath);
	fo_buf_release(&path);
	fo_buf_release(&tpl);
	fo_buf_release(&out);
	fo_buf_release(&cl);
	fo_buf_release(&links);
	return st;
}
