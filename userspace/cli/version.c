// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl version: what sdnctl is, and what the kernel's family says it is.
 */
#include <stdio.h>

#include <linux/sdnbr.h>

#include "sdnctl.h"

static void print_text(const struct sdnbr_nl_family *fam)
{
	unsigned int i;

	printf("kernel: %s family id %u, version %u, maxattr %u",
	       fam->name, fam->id, fam->version, fam->maxattr);
	for (i = 0; i < fam->n_mcgrps; i++)
		printf("%s%s", i ? "," : ", groups ", fam->mcgrps[i].name);
	putchar('\n');
}

static void print_json(struct sdnbr_json *j, const struct sdnbr_nl_family *fam)
{
	unsigned int i;

	sdnbr_json_key(j, "kernel");
	if (!fam) {
		sdnbr_json_null(j);
		return;
	}
	sdnbr_json_start_object(j);
	sdnbr_json_kv_string(j, "family", fam->name);
	sdnbr_json_kv_u64(j, "id", fam->id);
	sdnbr_json_kv_u64(j, "version", fam->version);
	sdnbr_json_kv_u64(j, "maxattr", fam->maxattr);
	sdnbr_json_key(j, "groups");
	sdnbr_json_start_array(j);
	for (i = 0; i < fam->n_mcgrps; i++)
		sdnbr_json_string(j, fam->mcgrps[i].name);
	sdnbr_json_end_array(j);
	sdnbr_json_end_object(j);
}

int do_version(struct sdnctl *ctx, int argc, char **argv)
{
	const struct sdnbr_nl_family *fam = NULL;
	struct sdnbr_json *j = NULL;
	struct sdnbr_nl *nl;
	int ret, status = 0;

	if (argc)
		return sdnctl_usage_err(ctx, "unexpected argument \"%s\"",
					argv[0]);

	/* Our own version first: it is useful even with no module. */
	if (ctx->json) {
		j = sdnctl_json(ctx);
		if (!j)
			return 1;
		sdnbr_json_start_object(j);
		sdnbr_json_kv_string(j, "sdnctl", SDNCTL_VERSION);
		sdnbr_json_kv_u64(j, "abi_version", SDNBR_GENL_VERSION);
	} else {
		printf("sdnctl %s\n", SDNCTL_VERSION);
	}

	ret = sdnctl_open(ctx, &nl);
	if (!ret)
		fam = sdnbr_nl_family(nl);
	else
		status = 1;

	if (j) {
		print_json(j, fam);
		sdnbr_json_end_object(j);
		if (sdnbr_json_free(j))
			status = 1;
	} else if (fam) {
		print_text(fam);
	}

	if (fam && fam->version != SDNBR_GENL_VERSION)
		sdnctl_err(ctx,
			   "warning: the kernel's %s family is version %u, sdnctl speaks version %u",
			   fam->name, fam->version, SDNBR_GENL_VERSION);
	return status;
}
