/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdnctl internals shared by the per-object command files.
 *
 * A command is a row in the table in sdnctl.c plus a handler here. The
 * handler gets the arguments after OBJECT [COMMAND], reports its own
 * errors through sdnctl_err() and friends (which add "sdnctl:" or, in
 * batch mode, "FILE:LINE:") and returns 0 or 1, the exit status.
 */
#ifndef SDNCTL_H
#define SDNCTL_H

#include <stdbool.h>

#include "sdnbr_json.h"
#include "sdnbr_nl.h"

#define SDNCTL_VERSION	"0.1.0"

struct sdnctl_cmd;

struct sdnctl {
	bool json;
	bool pretty;
	const char *netns;
	const char *where;	/* "FILE:LINE" while running a batch line */
	struct sdnbr_nl *nl;	/* opened on first use, kept for a batch */
	const struct sdnctl_cmd *cmd;	/* the one running */
};

typedef int (*sdnctl_handler)(struct sdnctl *ctx, int argc, char **argv);

/* sdnctl_cmd.flags */
#define SDNCTL_DEFAULT	0x1	/* run when OBJECT is given alone */

struct sdnctl_cmd {
	const char *object;
	const char *command;	/* NULL: the object takes no command word */
	sdnctl_handler handler;
	const char *usage;	/* the arguments, for "Usage:" lines */
	const char *help;	/* first line: summary; more lines: details */
	unsigned int flags;
};

__attribute__((format(printf, 2, 3)))
void sdnctl_err(const struct sdnctl *ctx, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
int sdnctl_usage_err(const struct sdnctl *ctx, const char *fmt, ...);
int sdnctl_nl_err(const struct sdnctl *ctx, const char *op, int err);
int sdnctl_open(struct sdnctl *ctx, struct sdnbr_nl **nlp);
struct sdnbr_json *sdnctl_json(const struct sdnctl *ctx);

/* handlers, one file per object */
int do_version(struct sdnctl *ctx, int argc, char **argv);

#endif /* SDNCTL_H */
