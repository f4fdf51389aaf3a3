// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl firewall (or fw): the egress firewalls of the namespaces, keyed
 * by VNID.
 *
 *	firewall add|replace|change dev BRIDGE vnid VNID
 *		[allow|deny PREFIX]...
 *	firewall del|get dev BRIDGE vnid VNID
 *	firewall show [dev BRIDGE]
 *	firewall flush dev BRIDGE
 *
 * The rules apply in the order given: the first whose prefix holds the
 * destination decides, and traffic no rule matches is allowed.
 */
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_parse.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

struct fw_args {
	struct sdnbr_fw_rule rules[SDNBR_MAX_FIREWALL_RULES];
	unsigned int n;		/* given, even past the limit */
};

static int fw_list(struct sdnctl *ctx, const char *kw, const char *value,
		   void *arg)
{
	struct fw_args *fa = arg;
	struct sdnbr_fw_rule r;
	char err[256];

	r.action = !strcmp(kw, "allow") ? SDNBR_FW_ALLOW : SDNBR_FW_DENY;
	if (sdnbr_parse_ipv4_prefix(value, &r.prefix.addr, &r.prefix.plen,
				    err, sizeof(err)))
		return sdnctl_arg_err(ctx, "%s (%s)", err, kw);
	/* past the limit: only counted, reported at the end */
	if (fa->n < SDNBR_MAX_FIREWALL_RULES)
		fa->rules[fa->n] = r;
	fa->n++;
	return 0;
}

static int fw_parse(struct sdnctl *ctx, int argc, char **argv,
		    enum sdnctl_entry_op op, char dev[IFNAMSIZ],
		    struct sdnbr_entry *e, struct fw_args *fa)
{
	static const struct sdnctl_list_kw list[] = {
		{ "allow", "PREFIX" },
		{ "deny", "PREFIX" },
	};
	struct sdnbr_fw *fw = &e->fw;
	bool is_new = op != SDNCTL_DEL && op != SDNCTL_GET;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("vnid", "VNID", sdnctl_p_vnid, &fw->vnid),
	};

	memset(e, 0, sizeof(*e));
	fa->n = 0;
	e->type = SDNBR_A_FW;
	/* del and get take the key only: rules are unknown there */
	if (sdnctl_parse_list_kws(ctx, argc, argv, list,
				  is_new ? SDNBR_ARRAY_SIZE(list) : 0,
				  fw_list, fa, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	/* The kernel would refuse it; say so before sending 32 KiB. */
	if (fa->n > SDNBR_MAX_FIREWALL_RULES)
		return sdnctl_arg_err(ctx, "%u rules; a firewall has at most %u",
				      fa->n, SDNBR_MAX_FIREWALL_RULES);
	fw->has = SDNBR_HAS(SDNBR_FW_A_VNID);
	if (!is_new)
		return 0;
	/* the whole list, even empty: a NEW replaces it all */
	fw->has |= SDNBR_HAS(SDNBR_FW_A_RULE);
	fw->rules = fa->rules;
	fw->n_rules = fa->n;
	return 0;
}

static int fw_change(struct sdnctl *ctx, int argc, char **argv,
		     enum sdnctl_entry_op op)
{
	/* 12 KiB: not on the stack of a handler */
	static struct fw_args fa;
	struct sdnbr_entry e;
	char dev[IFNAMSIZ];

	if (fw_parse(ctx, argc, argv, op, dev, &e, &fa))
		return 1;
	if (op == SDNCTL_GET)
		return sdnctl_entry_get(ctx, dev, &e);
	return sdnctl_entry_change(ctx, op, dev, &e);
}

int do_fw_add(struct sdnctl *ctx, int argc, char **argv)
{
	return fw_change(ctx, argc, argv, SDNCTL_ADD);
}

int do_fw_replace(struct sdnctl *ctx, int argc, char **argv)
{
	return fw_change(ctx, argc, argv, SDNCTL_REPLACE);
}

int do_fw_change(struct sdnctl *ctx, int argc, char **argv)
{
	return fw_change(ctx, argc, argv, SDNCTL_CHANGE);
}

int do_fw_del(struct sdnctl *ctx, int argc, char **argv)
{
	return fw_change(ctx, argc, argv, SDNCTL_DEL);
}

int do_fw_get(struct sdnctl *ctx, int argc, char **argv)
{
	return fw_change(ctx, argc, argv, SDNCTL_GET);
}

int do_fw_show(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_show(ctx, SDNBR_A_FW, argc, argv);
}

int do_fw_flush(struct sdnctl *ctx, int argc, char **argv)
{
	return sdnctl_entry_flush(ctx, SDNBR_A_FW, argc, argv);
}
