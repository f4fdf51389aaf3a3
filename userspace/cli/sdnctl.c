// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl: configure and inspect the sdnbr datapath, in the style of ip(8).
 *
 *	sdnctl [-j] [-p] [-b FILE|-] [-n NETNS] OBJECT [COMMAND] [ARGS]
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

/*
 * Every command, in the order help lists them. An object with a NULL
 * command takes no command word (sdnctl version); others are OBJECT
 * COMMAND, and the SDNCTL_DEFAULT one runs when only OBJECT is given.
 */
static const struct sdnctl_cmd commands[] = {
	{
		.object = "version",
		.handler = do_version,
		.usage = "",
		.help =
"Show the versions of sdnctl and of the kernel's sdnbr family.\n"
"Prints sdnctl's own version, then the id, version and maxattr of the\n"
"\"sdnbr\" generic netlink family as the kernel's controller reports\n"
"them. Fails if the family is not registered (module not loaded).",
	},
};

static const char global_usage[] =
"Usage: sdnctl [OPTIONS] OBJECT [COMMAND] [ARGS]\n"
"       sdnctl [OPTIONS] -b FILE\n"
"       sdnctl help [OBJECT]\n"
"       sdnctl OBJECT help\n"
"       sdnctl OBJECT [COMMAND] --help\n";

static const char global_options[] =
"Options:\n"
"  -j, --json          print JSON\n"
"  -p, --pretty        indent JSON output (with -j)\n"
"  -b, --batch FILE    run the commands in FILE, one per line (- is stdin)\n"
"  -n, --netns NETNS   act in network namespace NETNS (/run/netns/NETNS)\n"
"  -V, --version       print sdnctl's version and exit\n"
"  -h, --help          print this help and exit\n";

void sdnctl_err(const struct sdnctl *ctx, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", ctx->where ? ctx->where : "sdnctl");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_cmd_name(FILE *f, const struct sdnctl_cmd *c)
{
	fprintf(f, "sdnctl %s", c->object);
	if (c->command)
		fprintf(f, " %s", c->command);
	if (c->usage && *c->usage)
		fprintf(f, " %s", c->usage);
}

int sdnctl_usage_err(const struct sdnctl *ctx, const char *fmt, ...)
{
	const struct sdnctl_cmd *c = ctx->cmd;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->command)
		sdnctl_err(ctx, "%s %s: %s", c->object, c->command, msg);
	else
		sdnctl_err(ctx, "%s: %s", c->object, msg);
	fputs("Usage: ", stderr);
	print_cmd_name(stderr, c);
	fputc('\n', stderr);
	return 1;
}

int sdnctl_nl_err(const struct sdnctl *ctx, const char *op, int err)
{
	char buf[512];

	sdnbr_format_error(buf, sizeof(buf), ctx->where ? ctx->where : "sdnctl",
			   op, err, ctx->nl ? sdnbr_nl_extack(ctx->nl) : NULL);
	fflush(stdout);
	fprintf(stderr, "%s\n", buf);
	return 1;
}

int sdnctl_open(struct sdnctl *ctx, struct sdnbr_nl **nlp)
{
	char err[256];
	int ret;

	if (!ctx->nl) {
		ret = sdnbr_nl_open(&ctx->nl, SDNBR_GENL_NAME, err,
				    sizeof(err));
		if (ret) {
			/* The library's message stands on its own. */
			fflush(stdout);
			if (ctx->where)
				fprintf(stderr, "%s: ", ctx->where);
			fprintf(stderr, "%s\n", err);
			return ret;
		}
	}
	*nlp = ctx->nl;
	return 0;
}

struct sdnbr_json *sdnctl_json(const struct sdnctl *ctx)
{
	struct sdnbr_json *j = sdnbr_json_new(stdout, ctx->pretty);

	if (!j)
		sdnctl_err(ctx, "%s", strerror(ENOMEM));
	return j;
}

/* ---- help ------------------------------------------------------------- */

static void print_help_text(FILE *f, const char *help, bool summary_only)
{
	const char *p = help, *nl;

	while (*p) {
		nl = strchrnul(p, '\n');
		fprintf(f, "    %.*s\n", (int)(nl - p), p);
		if (summary_only || !*nl)
			break;
		p = nl + 1;
	}
}

static void print_cmd_help(FILE *f, const struct sdnctl_cmd *c)
{
	fputs("Usage: ", f);
	print_cmd_name(f, c);
	fputs("\n", f);
	print_help_text(f, c->help, false);
}

static void print_global_help(FILE *f)
{
	size_t i;

	fprintf(f, "%s\n%s\nCommands:\n", global_usage, global_options);
	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		fputs("  ", f);
		print_cmd_name(f, &commands[i]);
		fputc('\n', f);
		print_help_text(f, commands[i].help, true);
	}
	fputs("\nRun \"sdnctl OBJECT help\" for the details of an object's commands.\n",
	      f);
}

static bool object_exists(const char *object)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].object, object))
			return true;
	}
	return false;
}

static void print_object_help(FILE *f, const char *object)
{
	bool first = true;
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (strcmp(commands[i].object, object))
			continue;
		if (!first)
			fputc('\n', f);
		print_cmd_help(f, &commands[i]);
		first = false;
	}
}

/* ---- dispatch --------------------------------------------------------- */

static const struct sdnctl_cmd *find_cmd(const char *object,
					 const char *command)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		const struct sdnctl_cmd *c = &commands[i];

		if (strcmp(c->object, object))
			continue;
		if (command ? c->command && !strcmp(c->command, command) :
			      !c->command)
			return c;
	}
	return NULL;
}

static const struct sdnctl_cmd *find_default(const char *object)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(commands); i++) {
		if (!strcmp(commands[i].object, object) &&
		    (commands[i].flags & SDNCTL_DEFAULT))
			return &commands[i];
	}
	return NULL;
}

static bool wants_help(int argc, char **argv)
{
	int i;

	if (argc && (!strcmp(argv[0], "-h") || !strcmp(argv[0], "help")))
		return true;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

static int unknown_cmd(const struct sdnctl *ctx, const char *what,
		       const char *object)
{
	if (object)
		sdnctl_err(ctx, "unknown command \"%s %s\"; try \"sdnctl %s help\"",
			   object, what, object);
	else
		sdnctl_err(ctx, "unknown command \"%s\"; try \"sdnctl help\"",
			   what);
	return 1;
}

/* Runs one command line (without global options); returns exit status. */
static int dispatch(struct sdnctl *ctx, int argc, char **argv)
{
	const struct sdnctl_cmd *c;
	const char *object;

	if (argc < 1) {
		fflush(stdout);
		fputs(global_usage, stderr);
		fputs("Try \"sdnctl help\" for more.\n", stderr);
		return 1;
	}
	object = argv[0];

	if (!strcmp(object, "help") || !strcmp(object, "--help") ||
	    !strcmp(object, "-h")) {
		if (argc < 2) {
			print_global_help(stdout);
			return 0;
		}
		if (!object_exists(argv[1]))
			return unknown_cmd(ctx, argv[1], NULL);
		print_object_help(stdout, argv[1]);
		return 0;
	}
	if (!object_exists(object))
		return unknown_cmd(ctx, object, NULL);

	c = find_cmd(object, NULL);
	if (c) {
		argc--;
		argv++;
	} else if (argc < 2) {
		c = find_default(object);
		if (!c) {
			sdnctl_err(ctx, "%s: missing command; try \"sdnctl %s help\"",
				   object, object);
			return 1;
		}
		argc--;
		argv++;
	} else {
		if (wants_help(1, argv + 1)) {
			print_object_help(stdout, object);
			return 0;
		}
		c = find_cmd(object, argv[1]);
		if (!c)
			return unknown_cmd(ctx, argv[1], object);
		argc -= 2;
		argv += 2;
	}

	if (wants_help(argc, argv)) {
		print_cmd_help(stdout, c);
		return 0;
	}
	ctx->cmd = c;
	return c->handler(ctx, argc, argv) ? 1 : 0;
}

static int run_batch(struct sdnctl *ctx, const char *path)
{
	struct sdnbr_batch b;
	char err[512], where[300];
	char **argv;
	int argc, ret, status = 0;

	if (sdnbr_batch_open(&b, path, err, sizeof(err))) {
		sdnctl_err(ctx, "%s", err);
		return 1;
	}
	while ((ret = sdnbr_batch_next(&b, &argc, &argv, err,
				       sizeof(err))) > 0) {
		snprintf(where, sizeof(where), "%s:%lu", b.name, b.lineno);
		ctx->where = where;
		status = dispatch(ctx, argc, argv);
		ctx->where = NULL;
		fflush(stdout);
		if (status)
			break;
	}
	if (ret < 0) {
		fflush(stdout);
		fprintf(stderr, "%s\n", err);
		status = 1;
	}
	sdnbr_batch_close(&b);
	return status;
}

/* ---- main ------------------------------------------------------------- */

/*
 * Only the network namespace is switched: netlink sockets belong to the
 * namespace they are created in, and sdnctl touches nothing in /sys.
 */
static int enter_netns(const struct sdnctl *ctx, const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, "..")) {
		sdnctl_err(ctx, "invalid network namespace name \"%s\"", name);
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;

		if (e == ENOENT)
			sdnctl_err(ctx, "network namespace \"%s\" not found (no %s)",
				   name, path);
		else
			sdnctl_err(ctx, "cannot open network namespace \"%s\": %s: %s",
				   name, path, strerror(e));
		return -e;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		int e = errno;

		sdnctl_err(ctx, "cannot enter network namespace \"%s\": %s",
			   name, strerror(e));
		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "batch", required_argument, NULL, 'b' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sdnctl ctx = { .json = false };
	const char *batch = NULL;
	int opt, status;

	opterr = 0;
	/* '+': options end at OBJECT, so commands can have their own. */
	while ((opt = getopt_long(argc, argv, "+jpb:n:Vh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			ctx.json = true;
			break;
		case 'p':
			ctx.pretty = true;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'n':
			ctx.netns = optarg;
			break;
		case 'V':
			printf("sdnctl %s\n", SDNCTL_VERSION);
			return 0;
		case 'h':
			print_global_help(stdout);
			return 0;
		default:
			if (optopt && strchr("bn", optopt))
				sdnctl_err(&ctx, "option \"-%c\" requires an argument",
					   optopt);
			else if (optopt)
				sdnctl_err(&ctx, "unknown option \"-%c\"; try \"sdnctl help\"",
					   optopt);
			else
				sdnctl_err(&ctx, "unknown option \"%s\"; try \"sdnctl help\"",
					   argv[optind - 1]);
			return 1;
		}
	}

	if (batch && optind < argc) {
		sdnctl_err(&ctx, "-b takes no command; the commands come from \"%s\"",
			   batch);
		return 1;
	}
	if (ctx.netns && enter_netns(&ctx, ctx.netns))
		return 1;

	if (batch)
		status = run_batch(&ctx, batch);
	else
		status = dispatch(&ctx, argc - optind, argv + optind);

	sdnbr_nl_close(ctx.nl);
	if (fflush(stdout) || ferror(stdout)) {
		/* A full disk or closed pipe must not look like success. */
		if (!status)
			sdnctl_err(&ctx, "writing output: %s", strerror(errno));
		status = 1;
	}
	return status;
}
