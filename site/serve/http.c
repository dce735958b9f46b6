/* site/serve/http.c -- fiveout-serve's HTTP side, on GNU libmicrohttpd (one
 * thread per connection, so a reader waiting for the next build or a
 * slow client never holds up another).
 *
 *   /__fiveout/live.js   the preview's script: reloads the page when the
 *                        site was rebuilt, shows lint errors over it
 *   /__fiveout/events    Server-Sent Events: the build state (live.h)
 *   anything else        a file of the site: its .gz twin when the
 *                        browser accepts gzip, 404.html with status 404,
 *                        ETag / If-None-Match, a directory's index.html;
 *                        HTML gets the live script before </body> (so
 *                        pages are sent uncompressed).  A path with a
 *                        "." or ".." segment (decoded or not) is refused,
 *                        and so is a file whose real path leaves the site
 *                        (a symlink out): 403.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "http.h"
#include "live.h"

#define LIVE_SCRIPT	"<script src=\"/__fiveout/live.js\"></script>"

struct fo_http {
	struct MHD_Daemon *d;
	char	*root;		/* real path of the site folder */
	size_t	 rootlen;
	struct fo_live *live;
	const char *js;		/* the live script */
	size_t	 jslen;
	unsigned port;
};

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".xml", "application/xml; charset=utf-8" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".csv", "text/csv; charset=utf-8" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".wasm", "application/wasm" },
};

static const char *
type_of(const char *path)
{
	size_t n = strlen(path), i;

	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t e = strlen(types[i].ext);

		if (n >= e && strcmp(path + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned code, struct MHD_Response *r)
{
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	rc = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned code, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text),
	    (void *)text, MHD_RESPMEM_PERSISTENT);

	if (r != NULL)
		MHD_add_response_header(r, "Content-Type",
		    "text/plain; charset=utf-8");
	return respond(c, code, r);
}

/* A path is refused if a segment is empty-dot: ".", "..", or starts with
 * "." (the site's .fiveout-cache and twins-in-progress are private), or
 * holds a backslash. */
static int
path_ok(const char *url)
{
	const char *p = url;

	if (*p != '/' || strchr(url, '\\') != NULL)
		return 0;
	while (*p == '/') {
		p++;
		if (*p == '.')
			return 0;
		p += strcspn(p, "/");
	}
	return 1;
}

/* The site's 404.html with status 404 (or a short text). */
static enum MHD_Result
not_found(struct fo_http *h, struct MHD_Connection *c)
{
	struct fo_buf p = FO_BUF_INIT;
	struct stat sb;
	int fd;

	fo_buf_printf(&p, "%s/404.html", h->root);
	fd = open(p.data, O_RDONLY | O_CLOEXEC);
	fo_buf_release(&p);
	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		struct MHD_Response *r = MHD_create_response_from_fd(
		    (uint64_t)sb.st_size, fd);

		if (r != NULL)
			MHD_add_response_header(r, "Content-Type",
			    "text/html; charset=utf-8");
		return respond(c, MHD_HTTP_NOT_FOUND, r);
	}
	if (fd >= 0)
		close(fd);
	return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static int
accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);

	return ae != NULL && strstr(ae, "gzip") != NULL &&
	    strstr(ae, "gzip;q=0") == NULL;
}

/* An HTML page with the live script before its last </body>. */
static struct MHD_Response *
html_page(int fd, size_t size)
{
	struct fo_buf b = FO_BUF_INIT, o = FO_BUF_INIT;
	char *at, *last = NULL;
	ssize_t n;

	fo_buf_grow(&b, size + 1);
	while (b.len < size && (n = read(fd, b.data + b.len, size - b.len)) > 0)
		b.len += (size_t)n;
	b.data[b.len] = '\0';
	close(fd);
	for (at = b.data; (at = strstr(at, "</body>")) != NULL; at++)
		last = at;
	if (last == NULL)
		last = b.data + b.len;
	fo_buf_put(&o, b.data, (size_t)(last - b.data));
	fo_buf_puts(&o, LIVE_SCRIPT);
	fo_buf_put(&o, last, b.len - (size_t)(last - b.data));
	fo_buf_release(&b);
	n = (ssize_t)o.len;	/* before detach empties it */
	return MHD_create_response_from_buffer((size_t)n,
	    fo_buf_detach(&o, NULL), MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result
serve_file(struct fo_http *h, struct MHD_Connection *c, const char *url)
{
	struct fo_buf p = FO_BUF_INIT, gz = FO_BUF_INIT;
	struct MHD_Response *r;
	struct stat sb;
	char real[PATH_MAX], etag[80];
	const char *inm, *type;
	int fd, zipped = 0, html;
	enum MHD_Result rc;

	fo_buf_printf(&p, "%s%s", h->root, url);
	if (url[strlen(url) - 1] == '/')
		fo_buf_puts(&p, "index.html");
	if (stat(p.data, &sb) != 0) {
		fo_buf_release(&p);
		return not_found(h, c);
	}
	if (S_ISDIR(sb.st_mode)) {	/* relative links want the slash */
		struct fo_buf loc = FO_BUF_INIT;

		fo_buf_printf(&loc, "%s/", url);
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION,
			    loc.data);
		fo_buf_release(&loc);
		fo_buf_release(&p);
		return respond(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	}
	if (realpath(p.data, real) == NULL || strncmp(real, h->root,
	    h->rootlen) != 0 || real[h->rootlen] != '/') {
		fo_buf_release(&p);
		return send_text(c, MHD_HTTP_FORBIDDEN, "outside the site\n");
	}
	type = type_of(p.data);
	html = strncmp(type, "text/html", 9) == 0;
	if (!html && accepts_gzip(c)) {
		struct stat zb;

		fo_buf_printf(&gz, "%s.gz", real);
		if (stat(gz.data, &zb) == 0 && S_ISREG(zb.st_mode)) {
			zipped = 1;
			sb = zb;
		}
	}
	snprintf(etag, sizeof etag, "\"%llx-%llx-%llx%s\"",
	    (unsigned long long)sb.st_ino, (unsigned long long)sb.st_size,
	    (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
	    (unsigned long long)sb.st_mtim.tv_nsec, zipped ? "-gz" : "");
	inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_NONE_MATCH);
	if (inm != NULL && strcmp(inm, etag) == 0) {
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
		fo_buf_release(&p);
		fo_buf_release(&gz);
		return respond(c, MHD_HTTP_NOT_MODIFIED, r);
	}
	fd = open(zipped ? gz.data : real, O_RDONLY | O_CLOEXEC);
	fo_buf_release(&p);
	fo_buf_release(&gz);
	if (fd < 0)
		return not_found(h, c);
	r = html ? html_page(fd, (size_t)sb.st_size) :
	    MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (!html)
		MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
		    "Accept-Encoding");
	if (zipped)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

/* ---- Server-Sent Events: the build state ------------------------------ */

struct sse {
	struct fo_live *live;
	unsigned gen;
	int	 started;
	struct fo_buf out;
	size_t	 off;
};

static ssize_t
sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *e = cls;
	size_t n;
	char *s;

	(void)pos;
	if (e->off >= e->out.len) {
		fo_buf_reset(&e->out);
		e->off = 0;
		if (!e->started) {
			s = fo_live_get(e->live, &e->gen);
			e->started = 1;
		} else {
			s = fo_live_wait(e->live, &e->gen, 15000);
			if (s == NULL && e->live->stopping)
				return MHD_CONTENT_READER_END_OF_STREAM;
		}
		if (s != NULL)
			fo_buf_printf(&e->out, "data: %s\n\n", s);
		else	/* keep-alive; a gone reader fails this write */
			fo_buf_puts(&e->out, ": ping\n\n");
		free(s);
	}
	n = e->out.len - e->off < max ? e->out.len - e->off : max;
	memcpy(buf, e->out.data + e->off, n);
	e->off += n;
	return (ssize_t)n;
}

static void
sse_free(void *cls)
{
	struct sse *e = cls;

	fo_buf_release(&e->out);
	free(e);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct fo_http *h = cls;
	struct MHD_Response *r;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
			    "GET, HEAD");
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	}
	if (strcmp(url, "/__fiveout/live.js") == 0) {
		r = MHD_create_response_from_buffer(h->jslen, (void *)h->js,
		    MHD_RESPMEM_PERSISTENT);
		if (r != NULL) {
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
			    "text/javascript; charset=utf-8");
			MHD_add_response_header(r,
			    MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
		}
		return respond(c, MHD_HTTP_OK, r);
	}
	if (strcmp(url, "/__fiveout/events") == 0) {
		struct sse *e = fo_xcalloc(1, sizeof *e);

		e->live = h->live;
		fo_buf_init(&e->out);
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
		    sse_read, e, sse_free);
		if (r == NULL) {
			sse_free(e);
			return MHD_NO;
		}
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
		    "text/event-stream; charset=utf-8");
		MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
		    "no-cache");
		return respond(c, MHD_HTTP_OK, r);
	}
	if (!path_ok(url))
		return send_text(c, MHD_HTTP_FORBIDDEN, "refused path\n");
	return serve_file(h, c, url);
}

enum fo_status
fo_http_start(const char *root, const char *bind, unsigned port,
    struct fo_live *live, const char *js, size_t jslen,
    struct fo_http **out, char **errmsg)
{
	struct fo_http *h;
	struct sockaddr_in sa;
	char real[PATH_MAX];
	const union MHD_DaemonInfo *di;

	*out = NULL;
	if (realpath(root, real) == NULL) {
		*errmsg = fo_xstrdup(strerror(errno));
		return FO_ENOTFOUND;
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind, &sa.sin_addr) != 1) {
		*errmsg = fo_xstrdup("--bind wants an IPv4 address, such as "
		    "127.0.0.1");
		return FO_EINVAL;
	}
	h = fo_xcalloc(1, sizeof *h);
	h->root = fo_xstrdup(real);
	h->rootlen = strlen(real);
	h->live = live;
	h->js = js;
	h->jslen = jslen;
	h->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION, (uint16_t)port, NULL, NULL,
	    handle, h, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (h->d == NULL) {
		*errmsg = fo_xstrdup("cannot listen there (is the port in use?)");
		free(h->root);
		free(h);
		return FO_EIO;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = di != NULL ? di->port : port;
	*out = h;
	return FO_OK;
}

unsigned
fo_http_port(const struct fo_http *h)
{
	return h->port;
}

void
fo_http_stop(struct fo_http *h)
{
	if (h == NULL)
		return;
	fo_live_stop(h->live);
	MHD_stop_daemon(h->d);
	free(h->root);
	free(h);
}
