// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl ns: the namespaces of multitenant isolation, keyed by VNID.
 *
 *	ns add|replace|change dev BRIDGE vnid VNID [global on|off]
 *	ns del|get dev BRIDGE vnid VNID
 *	ns show [dev BRIDGE]
 *	ns flush dev BRIDGE
 */
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

static int ns_parse(struct sdnctl *ctx, int argc, char **argv,
		    enum sdnctl_entry_op op, char dev[IFNAMSIZ],
		    struct sdnbr_entry *e)
{
	struct sdnbr_ns *ns = &e->ns;
	bool is_new = op != SDNCTL_DEL && op != SDNCTL_GET;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("vnid", "VNID", sdnctl_p_vnid, &ns->vnid),
		/* what a NEW takes too */
		SDNCTL_KW("global", "on|off", sdnctl_p_bool, &ns->global),
	};

	memset(e, 0, sizeof(*e));
	e->type = SDNBR_A_NS;
	if (sdnctl_parse_kws(ctx, argc, argv, kws,
			     is_new ? SDNBR_ARRAY_SIZE(kws) : 2))
		return 1;
	ns->has = SDNBR_HAS(SDNBR_NS_A_VNID);
	if (kws[2].n)
		ns->has |= SDNBR_HAS(SDNBR_NS_A_GLOBAL);
	return 0;
}

static int ns_change(struct sdnctl *ctx, int argc, char **argv,
		     enum sdnctl_entry_op op)
{
	struct sdnbr_entry e;
	char dev[IFNAMSIZ];

	if (ns_parse(ctx, argc, argv, op, dev, &e))
		return 1;
	if (op == SDNCTL_GET)
		return sdnctl_entry_get(ctx, dev, &e);
	return sdnctl_entry_change(ctx, op, dev, &e);
}

int do_ns_add(struct sdnctl *ctx, int argc, char **argv)
{
	return ns_change(ctx, argc, argv, SDNCTL_ADD);
}

int do_ns_replace(struct sdnctl *ctx, int argc, char **argv)
{
	return ns_change(ctx, argc, argv, SDNCTL_REPLACE);
}

int do_ns_change(struct sdnctl *ctx, int argc, char **argv)
{
	return ns_change(ctx, argc, argv, SDNCTL_CHANGE);
}

int do_ns_del(struct sdnctl *ctx, int argc, char **argv)
{
	return ns_change(ctx, argc, argv, SDNCTL_DEL);
}

int do_ns_get(struct sdnctl *ctx, int argc, char **argv)
{
	return ns_change(ctx, argc, argv, SDNCTL_GET);
}

int do_ns_show(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_show(ctx, SDNBR_A_NS, argc, argv);
}

int do_ns_flush(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_flush(ctx, SDNBR_A_NS, argc, argv);
}
