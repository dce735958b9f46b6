/* site/serve/main.c -- fiveout-serve: the editors' live preview.  Builds the
 * site, serves it on 127.0.0.1, rebuilds when a file under the content
 * folder changes and makes the open pages reload themselves (or show the
 * lint errors).  The only file of the program that prints or exits.
 *
 *   fiveout-serve [--db DIR] [--lexicon FILE] [--bind ADDR] [--port N]
 *                 -o OUTDIR CONTENTDIR
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "build.h"
#include "fs.h"
#include "http.h"
#include "live.h"
#include "watch.h"

#define EXIT_FAIL	2

/* site/serve/live.js, compiled in (.incbin: paths from the repository root) */
__asm__(".pushsection .rodata\n.global fo_live_js\n.hidden fo_live_js\n"
    ".global fo_live_js_end\n.hidden fo_live_js_end\n"
    "fo_live_js:\n.incbin \"site/serve/live.js\"\nfo_live_js_end:\n.byte 0\n"
    ".popsection\n");
extern const char fo_live_js[], fo_live_js_end[];

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: fiveout-serve [--db DIR] [--lexicon FILE] "
	    "[--bind ADDR] [--port N] -o OUTDIR CONTENTDIR\n");
	exit(EXIT_FAIL);
}

/* The build's outcome to every reader: reload, or show the errors. */
static void
ready(void *ctx, const char *errors)
{
	fo_live_publish(ctx, errors);
}

static void
rebuild(const struct fo_preview *p)
{
	struct fo_buf log = FO_BUF_INIT;

	fo_preview_build(p, &log);
	fprintf(stderr, "fiveout-serve: %s\n", log.data);
	fo_buf_release(&log);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lexicon", required_argument, NULL, 'l' },
		{ "bind", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct fo_preview p = { NULL, "build/index", NULL, NULL, NULL, ready,
	    NULL };
	const char *bind = "127.0.0.1";
	char *lex, *dir;
	struct fo_live live;
	struct fo_http *h = NULL;
	struct fo_buf url = FO_BUF_INIT;
	struct sigaction sa;
	unsigned long port = 8000;
	char *msg = NULL, *end;
	int ch, w;

	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': p.db = optarg; break;
		case 'l': p.lexicon = optarg; break;
		case 'b': bind = optarg; break;
		case 'p':
			errno = 0;
			port = strtoul(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || port > 65535)
				errx(EXIT_FAIL, "--port wants 0 to 65535, not '%s'",
				    optarg);
			break;
		case 'o': p.outdir = optarg; break;
		case 'V': printf("fiveout-serve %s\n", fo_version()); return 0;
		default: usage();
		}
	}
	if (argc - optind != 1 || p.outdir == NULL)
		usage();
	p.content = argv[optind];
	/* the lexicon: --lexicon, else FIVEOUT_LEXICON, else the rule of
	   fo_lexicon_find() (beside the index, the program, installed) */
	dir = fo_program_dir();
	p.lexicon = lex = fo_lexicon_find(p.lexicon != NULL ? p.lexicon :
	    getenv("FIVEOUT_LEXICON"), p.db, dir, NULL);
	free(dir);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	fo_live_init(&live);
	p.ctx = &live;
	if ((w = fo_watch_open(p.content)) < 0)
		err(EXIT_FAIL, "%s: cannot watch", p.content);
	/* listen first (the port may be 0: any free one), then build, so
	   the site's own links name where it is served */
	if (mkdir(p.outdir, 0777) != 0 && errno != EEXIST)
		err(EXIT_FAIL, "%s", p.outdir);
	if (fo_http_start(p.outdir, bind, (unsigned)port, &live, fo_live_js,
	    (size_t)(fo_live_js_end - fo_live_js), &h, &msg) != FO_OK)
		errx(EXIT_FAIL, "%s:%lu: %s", bind, port, msg);
	fo_buf_printf(&url, "http://%s:%u/", bind, fo_http_port(h));
	p.base_url = url.data;
	rebuild(&p);
	printf("fiveout-serve: %s (Ctrl-C to stop); watching %s\n", url.data,
	    p.content);
	fflush(stdout);
	while (!stop) {
		int r = fo_watch_wait(w, p.content, 250);

		if (r < 0 && !stop)
			warn("%s: watching", p.content);
		if (r > 0 && !stop)
			rebuild(&p);
	}
	fo_http_stop(h);
	fo_preview_end(&p);
	fo_live_release(&live);
	fo_buf_release(&url);
	free(lex);
	close(w);
	return 0;
}
