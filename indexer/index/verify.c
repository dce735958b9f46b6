/* indexer/index/verify.c -- what an index carries to be checked: a list of its
 * generation's files with their sizes and CRC-32s (zlib), written when
 * the build commits (fo_index_seal) and checked, with Xapian's own
 * database check and a decode of every document's data, by
 * fiveout-index --verify (fo_index_verify).  A flipped bit in a file
 * names that file; nothing is silently accepted. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "buf.h"
#include "fs.h"
#include "index.h"
#include "xap.h"

#define SUMS	"fiveout.sums"
#define SUMS_HEADER "fiveout index sums 1\n"

/* The CRC-32 and size of file 'path'; -1 if it cannot be read. */
static int
file_crc(const char *path, unsigned long *crc, unsigned long long *size)
{
	unsigned char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	*crc = crc32(0L, Z_NULL, 0);
	*size = 0;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		*crc = crc32(*crc, buf, (uInt)n);
		*size += (unsigned long long)n;
	}
	close(fd);
	return n < 0 ? -1 : 0;
}

/* The sorted names of the regular files of 'dir' but the sums file, and
 * of its folders' files as "folder/name" (a sharded generation: its
 * shards; fo_dir_list(), filtered). */
static void
list_into(const char *dir, const char *sub, char ***out, size_t *nout,
    size_t *cap)
{
	struct fo_buf p = FO_BUF_INIT, name = FO_BUF_INIT;
	size_t n = 0, i;
	char **v;

	fo_buf_printf(&p, "%s%s%s", dir, *sub ? "/" : "", sub);
	v = fo_dir_list(p.data, &n);
	for (i = 0; i < n; i++) {
		struct stat sb;

		fo_buf_reset(&name);
		fo_buf_printf(&name, "%s%s%s", sub, *sub ? "/" : "", v[i]);
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", dir, name.data);
		if (strcmp(name.data, SUMS) == 0 || lstat(p.data, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode) && *sub == '\0')
			list_into(dir, name.data, out, nout, cap);
		else if (S_ISREG(sb.st_mode)) {
			if (*nout == *cap) {
				*cap = *cap ? 2 * *cap : 16;
				*out = fo_xreallocarray(*out, *cap,
				    sizeof **out);
			}
			(*out)[(*nout)++] = fo_buf_detach(&name, NULL);
		}
	}
	fo_strv_free(v, n);
	fo_buf_release(&p);
	fo_buf_release(&name);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **
list_files(const char *dir, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	list_into(dir, "", &v, n, &cap);
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_name);
	return v;
}

enum fo_status
fo_index_seal(const char *gendir, char **errmsg)
{
	struct fo_buf out = FO_BUF_INIT, p = FO_BUF_INIT, tmp = FO_BUF_INIT;
	size_t n = 0, i;
	char **v = list_files(gendir, &n);
	enum fo_status st = FO_OK;
	FILE *fp;

	fo_buf_puts(&out, SUMS_HEADER);
	for (i = 0; i < n; i++) {
		unsigned long crc;
		unsigned long long size;

		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", gendir, v[i]);
		if (file_crc(p.data, &crc, &size) != 0) {
			st = fo_error(errmsg, FO_EIO, "%s: %s", p.data,
			    strerror(errno));
			goto out;
		}
		fo_buf_printf(&out, "%08lx %llu %s\n", crc, size, v[i]);
	}
	fo_buf_printf(&tmp, "%s/" SUMS ".tmp", gendir);
	fo_buf_reset(&p);
	fo_buf_printf(&p, "%s/" SUMS, gendir);
	if ((fp = fopen(tmp.data, "w")) == NULL ||
	    fwrite(out.data, 1, out.len, fp) != out.len ||
	    fflush(fp) != 0 || fsync(fileno(fp)) != 0 || fclose(fp) != 0 ||
	    rename(tmp.data, p.data) != 0)
		st = fo_error(errmsg, FO_EIO, "%s: %s", p.data, strerror(errno));
out:
	fo_strv_free(v, n);
	fo_buf_release(&out);
	fo_buf_release(&p);
	fo_buf_release(&tmp);
	return st;
}

static int
doc_decodes(void *ctx, unsigned docid, unsigned doclen, const char *data,
    size_t len)
{
	struct fo_docinfo di;
	unsigned *bad = ctx;

	(void)doclen;
	memset(&di, 0, sizeof di);
	if (fo_docinfo_decode(data, len, &di) != FO_OK) {
		*bad = docid;
		return 1;
	}
	fo_docinfo_release(&di);
	return 0;
}

enum fo_status
fo_index_verify(const char *dbdir, struct fo_buf *report, char **errmsg)
{
	char gen[PATH_MAX];
	struct fo_buf p = FO_BUF_INIT;
	char *sums = NULL, *line, *save = NULL, **v = NULL;
	size_t n = 0, listed = 0;
	enum fo_status st = FO_OK;
	struct fo_xdb *db = NULL;
	FILE *fp;
	long len;

	if (realpath(dbdir, gen) == NULL)
		return fo_error(errmsg, FO_ENOTFOUND, "no index at %s: "
		    FO_HOW_BUILD_INDEX, dbdir);
	fo_buf_printf(&p, "%s/" SUMS, gen);
	if ((fp = fopen(p.data, "r")) == NULL) {
		st = fo_error(errmsg, FO_ECORRUPT, "%s is missing: the index at "
		    "%s cannot be checked; " FO_HOW_REBUILD_INDEX, p.data,
		    dbdir);
		goto out;
	}
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	sums = fo_xmalloc((size_t)(len > 0 ? len : 0) + 1);
	sums[fread(sums, 1, (size_t)(len > 0 ? len : 0), fp)] = '\0';
	fclose(fp);
	if (strncmp(sums, SUMS_HEADER, strlen(SUMS_HEADER)) != 0) {
		st = fo_error(errmsg, FO_ECORRUPT, "%s is damaged; "
		    FO_HOW_REBUILD_INDEX, p.data);
		goto out;
	}
	/* every listed file as it was written */
	for (line = strtok_r(sums + strlen(SUMS_HEADER), "\n", &save);
	    line != NULL; line = strtok_r(NULL, "\n", &save)) {
		unsigned long want, crc;
		unsigned long long wsize, size;
		char name[256];

		if (sscanf(line, "%lx %llu %255s", &want, &wsize, name) != 3) {
			st = fo_error(errmsg, FO_ECORRUPT, "%s/" SUMS " is damaged; "
			    FO_HOW_REBUILD_INDEX, gen);
			goto out;
		}
		listed++;
		fo_buf_reset(&p);
		fo_buf_printf(&p, "%s/%s", gen, name);
		if (file_crc(p.data, &crc, &size) != 0) {
			st = fo_error(errmsg, FO_ECORRUPT, "%s is missing or "
			    "unreadable (%s); " FO_HOW_REBUILD_INDEX, p.data,
			    strerror(errno));
			goto out;
		}
		if (size != wsize || crc != want) {
			st = fo_error(errmsg, FO_ECORRUPT, "%s is damaged (its %s "
			    "differs from when it was written); "
			    FO_HOW_REBUILD_INDEX, p.data,
			    size != wsize ? "size" : "checksum");
			goto out;
		}
	}
	v = list_files(gen, &n);
	if (n != listed) {
		st = fo_error(errmsg, FO_ECORRUPT, "%s holds %zu files, %zu were "
		    "written; " FO_HOW_REBUILD_INDEX, gen, n, listed);
		goto out;
	}
	/* Xapian's own check of its tables, then every document's data */
	if ((st = fo_xdb_check(gen, errmsg)) != FO_OK)
		goto out;
	if ((st = fo_xdb_open(gen, FO_XDB_READ, &db, errmsg)) == FO_OK) {
		unsigned bad = 0;

		st = fo_xdb_each_doc(db, doc_decodes, &bad);
		if (st == FO_OK && bad != 0)
			st = fo_error(errmsg, FO_ECORRUPT, "%s: document %u's data "
			    "does not decode; " FO_HOW_REBUILD_INDEX, gen, bad);
	}
	if (st == FO_OK && report != NULL)
		fo_buf_printf(report, "%s: %zu files as written, Xapian's check "
		    "passed, every document decodes", gen, listed);
out:
	fo_xdb_close(db);
	fo_strv_free(v, n);
	free(sums);
	fo_buf_release(&p);
	return st;
}
