// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl -b FILE: one command per line, in order, stopping at the first
 * that fails, like ip -b.
 *
 * Consecutive entry changes of the same command and bridge (pod, node and
 * ns add/replace/change/del) go to the kernel together, up to 256 in one
 * message (see sdnbr_bulk.h); any other command sends what is waiting
 * first. A failure is reported at the line of the entry that failed, and
 * everything before that line, and nothing after it, has been applied.
 */
#include <stdio.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

static void stopped(const struct sdnctl *ctx)
{
	unsigned long n = ctx->applied;

	fflush(stdout);
	fprintf(stderr, "sdnctl: batch stopped at %s:%lu; ", ctx->batch_name,
		ctx->failed_line);
	if (!n)
		fputs("nothing before it was applied\n", stderr);
	else if (n == 1)
		fputs("the 1 command before it was applied\n", stderr);
	else
		fprintf(stderr, "the %lu commands before it were applied\n", n);
}

int sdnctl_run_batch(struct sdnctl *ctx, const char *path)
{
	struct sdnbr_batch b;
	char err[512], where[300];
	char **argv;
	int argc, ret, status = 0;

	if (sdnbr_batch_open(&b, path, err, sizeof(err))) {
		sdnctl_err(ctx, "%s", err);
		return 1;
	}
	ctx->batch = true;
	ctx->batch_name = b.name;
	while ((ret = sdnbr_batch_next(&b, &argc, &argv, err,
				       sizeof(err))) > 0) {
		snprintf(where, sizeof(where), "%s:%lu", b.name, b.lineno);
		ctx->where = where;
		ctx->lineno = b.lineno;
		status = sdnctl_dispatch(ctx, argc, argv);
		ctx->where = NULL;
		fflush(stdout);
		if (status) {
			if (!ctx->failed_line)
				ctx->failed_line = b.lineno;
			break;
		}
		if (!ctx->queued)
			ctx->applied++;
	}
	/* What is still waiting goes out before any verdict. */
	if (!status)
		status = sdnctl_bulk_flush(ctx);
	if (ret < 0 && !status) {
		fflush(stdout);
		fprintf(stderr, "%s\n", err);
		ctx->failed_line = b.lineno;
		status = 1;
	}
	if (status)
		stopped(ctx);
	ctx->batch = false;
	sdnbr_batch_close(&b);
	return status;
}
