// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl egress: the egress IPs of the namespaces, keyed by VNID.
 *
 *	egress add|replace|change dev BRIDGE vnid VNID
 *		[ip ADDRESS [node ADDRESS]]...
 *	egress del|get dev BRIDGE vnid VNID
 *	egress show [dev BRIDGE]
 *	egress flush dev BRIDGE
 *
 * Each "ip" starts an egress IP, in order of preference; a "node" right
 * after it names the node that hosts it (none: hosted nowhere, unusable).
 */
#include <arpa/inet.h>
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_parse.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

struct egress_args {
	struct sdnbr_egress_ip ips[SDNBR_MAX_EGRESS_IPS];
	unsigned int n;		/* given, even past the limit */
};

/*
 * What the kernel takes as an egress IP: not 0/8, 127/8, 224/4 or the
 * broadcast address. Node IPs are held to the same.
 */
static bool unicast(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h >> 24) != 0 && (h >> 24) != 127 && (h >> 28) != 0xe &&
	       h != 0xffffffffU;
}

static int egress_list(struct sdnctl *ctx, const char *kw, const char *value,
		       void *arg)
{
	struct egress_args *ea = arg;
	struct sdnbr_egress_ip *ip;
	char err[256], ab[INET_ADDRSTRLEN];
	struct in_addr a;
	unsigned int i;

	if (sdnbr_parse_ipv4(value, &a, err, sizeof(err)))
		return sdnctl_arg_err(ctx, "%s (%s)", err, kw);
	/* a node IP of 0.0.0.0 would read back as no node at all */
	if (!unicast(a))
		return sdnctl_arg_err(ctx, "\"%s\" is not a unicast address (%s)",
				      value, kw);
	if (!strcmp(kw, "node")) {
		if (!ea->n)
			return sdnctl_usage_err(ctx, "\"node\" must follow an \"ip ADDRESS\"");
		/* past the limit: only counted, reported at the end */
		if (ea->n > SDNBR_MAX_EGRESS_IPS)
			return 0;
		ip = &ea->ips[ea->n - 1];
		if (ip->has & SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE))
			return sdnctl_arg_err(ctx, "\"node\" given twice for ip %s",
					      sdnbr_fmt_ipv4(ip->addr, ab));
		ip->node = a;
		ip->has |= SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE);
		return 0;
	}
	for (i = 0; i < ea->n && i < SDNBR_MAX_EGRESS_IPS; i++) {
		if (ea->ips[i].addr.s_addr == a.s_addr)
			return sdnctl_arg_err(ctx, "\"%s\" given twice (ip)",
					      value);
	}
	if (ea->n < SDNBR_MAX_EGRESS_IPS) {
		ea->ips[ea->n].addr = a;
		ea->ips[ea->n].has = SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR);
	}
	ea->n++;
	return 0;
}

static int egress_parse(struct sdnctl *ctx, int argc, char **argv,
			enum sdnctl_entry_op op, char dev[IFNAMSIZ],
			struct sdnbr_entry *e, struct egress_args *ea)
{
	static const struct sdnctl_list_kw list[] = {
		{ "ip", "ADDRESS" },
		{ "node", "ADDRESS" },
	};
	struct sdnbr_egress *eg = &e->egress;
	bool is_new = op != SDNCTL_DEL && op != SDNCTL_GET;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("vnid", "VNID", sdnctl_p_vnid, &eg->vnid),
	};

	memset(e, 0, sizeof(*e));
	memset(ea, 0, sizeof(*ea));
	e->type = SDNBR_A_EGRESS;
	/* del and get take the key only: "ip" is unknown there */
	if (sdnctl_parse_list_kws(ctx, argc, argv, list,
				  is_new ? SDNBR_ARRAY_SIZE(list) : 0,
				  egress_list, ea, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	if (ea->n > SDNBR_MAX_EGRESS_IPS)
		return sdnctl_arg_err(ctx, "%u egress IPs; a namespace has at most %u",
				      ea->n, SDNBR_MAX_EGRESS_IPS);
	eg->has = SDNBR_HAS(SDNBR_EGRESS_A_VNID);
	if (!is_new)
		return 0;
	/* the whole list, even empty: a NEW replaces it all */
	eg->has |= SDNBR_HAS(SDNBR_EGRESS_A_IP);
	eg->ips = ea->ips;
	eg->n_ips = ea->n;
	return 0;
}

static int egress_change(struct sdnctl *ctx, int argc, char **argv,
			 enum sdnctl_entry_op op)
{
	struct egress_args ea;
	struct sdnbr_entry e;
	char dev[IFNAMSIZ];

	if (egress_parse(ctx, argc, argv, op, dev, &e, &ea))
		return 1;
	if (op == SDNCTL_GET)
		return sdnctl_entry_get(ctx, dev, &e);
	return sdnctl_entry_change(ctx, op, dev, &e);
}

int do_egress_add(struct sdnctl *ctx, int argc, char **argv)
{
	return egress_change(ctx, argc, argv, SDNCTL_ADD);
}

int do_egress_replace(struct sdnctl *ctx, int argc, char **argv)
{
	return egress_change(ctx, argc, argv, SDNCTL_REPLACE);
}

int do_egress_change(struct sdnctl *ctx, int argc, char **argv)
{
	return egress_change(ctx, argc, argv, SDNCTL_CHANGE);
}

int do_egress_del(struct sdnctl *ctx, int argc, char **argv)
{
	return egress_change(ctx, argc, argv, SDNCTL_DEL);
}

int do_egress_get(struct sdnctl *ctx, int argc, char **argv)
{
	return egress_change(ctx, argc, argv, SDNCTL_GET);
}

int do_egress_show(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_show(ctx, SDNBR_A_EGRESS, argc, argv);
}

int do_egress_flush(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_flush(ctx, SDNBR_A_EGRESS, argc, argv);
}
