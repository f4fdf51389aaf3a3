// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl pod: the local pods, keyed by IP.
 *
 *	pod add|replace|change dev BRIDGE ip ADDRESS port IFNAME
 *		[mac MAC] [vnid VNID]
 *	pod del|get dev BRIDGE ip ADDRESS
 *	pod show [dev BRIDGE]
 *	pod flush dev BRIDGE
 */
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

static bool has_keyword(int argc, char **argv, const char *kw)
{
	int i;

	for (i = 0; i < argc; i += 2) {
		if (!strcmp(argv[i], kw))
			return true;
	}
	return false;
}

static int pod_parse(struct sdnctl *ctx, int argc, char **argv,
		     enum sdnctl_entry_op op, char dev[IFNAMSIZ],
		     struct sdnbr_entry *e)
{
	struct sdnbr_pod *p = &e->pod;
	uint32_t by_name = 0, by_index = 0;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("ip", "ADDRESS", sdnctl_p_ipv4, &p->ip),
		/* what a NEW takes too */
		SDNCTL_KW("port", "IFNAME", sdnctl_p_iface, &by_name),
		SDNCTL_KW("ifindex", "N", sdnctl_p_ifindex, &by_index),
		SDNCTL_KW("mac", "MAC", sdnctl_p_mac, p->mac),
		SDNCTL_KW("vnid", "VNID", sdnctl_p_vnid, &p->vnid),
	};
	bool is_new = op != SDNCTL_DEL && op != SDNCTL_GET;

	memset(e, 0, sizeof(*e));
	e->type = SDNBR_A_POD;
	/* The port is required, by name unless given by index. */
	kws[2].required = is_new && !has_keyword(argc, argv, "ifindex");
	if (sdnctl_parse_kws(ctx, argc, argv, kws,
			     is_new ? SDNBR_ARRAY_SIZE(kws) : 2))
		return 1;
	p->has = SDNBR_HAS(SDNBR_POD_A_IP);
	if (!is_new)
		return 0;
	if (kws[2].n && kws[3].n)
		return sdnctl_usage_err(ctx, "give \"port\" or \"ifindex\", not both");
	p->ifindex = kws[2].n ? by_name : by_index;
	p->has |= SDNBR_HAS(SDNBR_POD_A_IFINDEX);
	if (kws[4].n)
		p->has |= SDNBR_HAS(SDNBR_POD_A_MAC);
	if (kws[5].n)
		p->has |= SDNBR_HAS(SDNBR_POD_A_VNID);
	return 0;
}

static int pod_change(struct sdnctl *ctx, int argc, char **argv,
		      enum sdnctl_entry_op op)
{
	struct sdnbr_entry e;
	char dev[IFNAMSIZ];

	if (pod_parse(ctx, argc, argv, op, dev, &e))
		return 1;
	if (op == SDNCTL_GET)
		return sdnctl_entry_get(ctx, dev, &e);
	return sdnctl_entry_change(ctx, op, dev, &e);
}

int do_pod_add(struct sdnctl *ctx, int argc, char **argv)
{
	return pod_change(ctx, argc, argv, SDNCTL_ADD);
}

int do_pod_replace(struct sdnctl *ctx, int argc, char **argv)
{
	return pod_change(ctx, argc, argv, SDNCTL_REPLACE);
}

int do_pod_change(struct sdnctl *ctx, int argc, char **argv)
{
	return pod_change(ctx, argc, argv, SDNCTL_CHANGE);
}

int do_pod_del(struct sdnctl *ctx, int argc, char **argv)
{
	return pod_change(ctx, argc, argv, SDNCTL_DEL);
}

int do_pod_get(struct sdnctl *ctx, int argc, char **argv)
{
	return pod_change(ctx, argc, argv, SDNCTL_GET);
}

int do_pod_show(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_show(ctx, SDNBR_A_POD, argc, argv);
}

int do_pod_flush(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_flush(ctx, SDNBR_A_POD, argc, argv);
}
