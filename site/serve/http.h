/* site/serve/http.h -- fiveout-serve's HTTP server (http.c). */
#ifndef FO_SERVE_HTTP_H
#define FO_SERVE_HTTP_H

#include <stddef.h>

#include "status.h"

struct fo_http;
struct fo_live;

/*
 * Serve the site folder 'root' on 'bind':'port' (0: any free port) on
 * threads of its own, with the build state 'live' (borrowed) and the
 * preview script 'js' ('jslen' bytes, borrowed) at /__fiveout/live.js.
 * On FO_OK *out is the server; stop it with fo_http_stop().  On failure
 * *errmsg is a malloc(3)ed message.
 */
enum fo_status fo_http_start(const char *root, const char *bind, unsigned port,
    struct fo_live *live, const char *js, size_t jslen, struct fo_http **out,
    char **errmsg);
/* The port it listens on. */
unsigned fo_http_port(const struct fo_http *h);
/* Wake the readers waiting for a build, close every connection, free. */
void	fo_http_stop(struct fo_http *h);

#endif /* FO_SERVE_HTTP_H */
