// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl show [dev BRIDGE]: everything about the bridges, for the
 * operator who was woken up by it. Each bridge's settings and counters,
 * then its pods, nodes, namespaces, egress IPs and egress firewalls,
 * sorted by key.
 */
#include <stdlib.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

static const struct {
	uint16_t type;
	const char *text;
	const char *json;
} lists[] = {
	{ SDNBR_A_POD, "pods", "pods" },
	{ SDNBR_A_NODE, "nodes", "nodes" },
	{ SDNBR_A_NS, "namespaces", "namespaces" },
	{ SDNBR_A_EGRESS, "egress", "egress" },
	{ SDNBR_A_FW, "firewalls", "firewalls" },
};

static int show_bridge(struct sdnctl *ctx, struct sdnbr_json *j,
		       const struct sdnbr_bridge *br)
{
	struct sdnctl_entries l = { 0 };
	size_t i, k;
	int status = 0;

	if (j) {
		sdnbr_json_start_object(j);
		sdnctl_print_bridge_json(j, br);
	} else {
		sdnctl_print_bridge_text(ctx, br, 0);
	}
	for (i = 0; i < SDNBR_ARRAY_SIZE(lists) && !status; i++) {
		status = sdnctl_dump_entries(ctx, lists[i].type, br->ifindex, &l);
		if (status)
			break;
		if (j) {
			sdnbr_json_key(j, lists[i].json);
			sdnbr_json_start_array(j);
			for (k = 0; k < l.n; k++) {
				sdnbr_json_start_object(j);
				sdnctl_print_entry_json(ctx, j, &l.v[k]);
				sdnbr_json_end_object(j);
			}
			sdnbr_json_end_array(j);
		} else if (!l.n) {
			printf("    %s: none\n", lists[i].text);
		} else {
			printf("    %s: %zu\n", lists[i].text, l.n);
			status = sdnctl_print_entries_text(ctx, lists[i].type,
							   &l, 8);
		}
		sdnctl_entries_clear(&l);
	}
	if (j && !status)
		sdnbr_json_end_object(j);
	sdnctl_entries_free(&l);
	return status;
}

int do_show(struct sdnctl *ctx, int argc, char **argv)
{
	struct sdnctl_kw kws[] = {
		SDNCTL_KW("dev", "BRIDGE", sdnctl_p_ifname, NULL),
	};
	struct sdnbr_json *j = NULL;
	struct sdnbr_bridge *brs;
	char dev[IFNAMSIZ];
	size_t n, i;
	int status = 0;

	kws[0].dst = dev;
	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)) ||
	    sdnctl_get_bridges(ctx, kws[0].n ? dev : NULL, &brs, &n))
		return 1;
	if (ctx->json) {
		j = sdnctl_json(ctx);
		if (!j) {
			free(brs);
			return 1;
		}
		sdnbr_json_start_array(j);
	} else if (!n) {
		printf("no sdnbr bridges\n");
	}
	for (i = 0; i < n && !status; i++) {
		if (!j && i)
			putchar('\n');
		status = show_bridge(ctx, j, &brs[i]);
	}
	if (j) {
		if (!status)
			sdnbr_json_end_array(j);
		if (sdnbr_json_free(j))
			status = 1;
	}
	free(brs);
	return status ? 1 : 0;
}
