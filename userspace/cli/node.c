// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl node: the remote nodes, keyed by host subnet.
 *
 *	node add|replace|change dev BRIDGE subnet PREFIX ip ADDRESS
 *		[vnid VNID]
 *	node del|get dev BRIDGE subnet PREFIX
 *	node show [dev BRIDGE]
 *	node flush dev BRIDGE
 */
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

static int node_parse(struct sdnctl *ctx, int argc, char **argv,
		      enum sdnctl_entry_op op, char dev[IFNAMSIZ],
		      struct sdnbr_entry *e)
{
	struct sdnbr_node *n = &e->node;
	bool is_new = op != SDNCTL_DEL && op != SDNCTL_GET;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("subnet", "PREFIX", sdnctl_p_prefix, &n->subnet),
		/* what a NEW takes too */
		SDNCTL_KW_REQ("ip", "ADDRESS", sdnctl_p_ipv4, &n->ip),
		SDNCTL_KW("vnid", "VNID", sdnctl_p_vnid, &n->vnid),
	};

	memset(e, 0, sizeof(*e));
	e->type = SDNBR_A_NODE;
	if (sdnctl_parse_kws(ctx, argc, argv, kws,
			     is_new ? SDNBR_ARRAY_SIZE(kws) : 2))
		return 1;
	n->has = SDNBR_HAS(SDNBR_NODE_A_SUBNET);
	if (!is_new)
		return 0;
	n->has |= SDNBR_HAS(SDNBR_NODE_A_IP);
	if (kws[3].n)
		n->has |= SDNBR_HAS(SDNBR_NODE_A_VNID);
	return 0;
}

static int node_change(struct sdnctl *ctx, int argc, char **argv,
		       enum sdnctl_entry_op op)
{
	struct sdnbr_entry e;
	char dev[IFNAMSIZ];

	if (node_parse(ctx, argc, argv, op, dev, &e))
		return 1;
	if (op == SDNCTL_GET)
		return sdnctl_entry_get(ctx, dev, &e);
	return sdnctl_entry_change(ctx, op, dev, &e);
}

int do_node_add(struct sdnctl *ctx, int argc, char **argv)
{
	return node_change(ctx, argc, argv, SDNCTL_ADD);
}

int do_node_replace(struct sdnctl *ctx, int argc, char **argv)
{
	return node_change(ctx, argc, argv, SDNCTL_REPLACE);
}

int do_node_change(struct sdnctl *ctx, int argc, char **argv)
{
	return node_change(ctx, argc, argv, SDNCTL_CHANGE);
}

int do_node_del(struct sdnctl *ctx, int argc, char **argv)
{
	return node_change(ctx, argc, argv, SDNCTL_DEL);
}

int do_node_get(struct sdnctl *ctx, int argc, char **argv)
{
	return node_change(ctx, argc, argv, SDNCTL_GET);
}

int do_node_show(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_show(ctx, SDNBR_A_NODE, argc, argv);
}

int do_node_flush(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_flush(ctx, SDNBR_A_NODE, argc, argv);
}
