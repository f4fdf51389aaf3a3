// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl bridge: settings and counters of the sdnbr bridges.
 *
 *	bridge show [dev BRIDGE]
 *	bridge set dev BRIDGE [mode subnet|multitenant]
 *		[cluster-network PREFIX]... [service-network PREFIX]
 *		[local-subnet PREFIX] [gateway ADDRESS] [node-ip ADDRESS]
 *		[vxlan-port PORT] [mtu MTU] [max-entries N]
 */
#include <stdlib.h>
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_util.h"
#include "sdnctl.h"

int do_bridge_show(struct sdnctl *ctx, int argc, char **argv)
{
	struct sdnctl_kw kws[] = {
		SDNCTL_KW("dev", "BRIDGE", sdnctl_p_ifname, NULL),
	};
	struct sdnbr_bridge *brs;
	struct sdnbr_json *j;
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
		for (i = 0; i < n; i++) {
			sdnbr_json_start_object(j);
			sdnctl_print_bridge_json(j, &brs[i]);
			sdnbr_json_end_object(j);
		}
		sdnbr_json_end_array(j);
		status = sdnbr_json_free(j) ? 1 : 0;
	} else {
		for (i = 0; i < n; i++) {
			if (i)
				putchar('\n');
			sdnctl_print_bridge_text(ctx, &brs[i], 0);
		}
	}
	free(brs);
	return status;
}

int do_bridge_set(struct sdnctl *ctx, int argc, char **argv)
{
	struct sdnbr_config cfg;
	char dev[IFNAMSIZ], op[64];
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW("mode", "MODE", sdnctl_p_mode, &cfg.mode),
		{ .name = "cluster-network", .meta = "PREFIX",
		  .parse = sdnctl_p_prefix, .dst = cfg.cluster,
		  .max = SDNBR_MAX_CLUSTER_NETWORKS,
		  .size = sizeof(cfg.cluster[0]) },
		SDNCTL_KW("service-network", "PREFIX", sdnctl_p_prefix,
			  &cfg.service),
		SDNCTL_KW("local-subnet", "PREFIX", sdnctl_p_prefix,
			  &cfg.local_subnet),
		SDNCTL_KW("gateway", "ADDRESS", sdnctl_p_ipv4, &cfg.gateway),
		SDNCTL_KW("node-ip", "ADDRESS", sdnctl_p_ipv4, &cfg.node_ip),
		SDNCTL_KW("vxlan-port", "PORT", sdnctl_p_udp_port,
			  &cfg.vxlan_port),
		SDNCTL_KW("mtu", "MTU", sdnctl_p_u32, &cfg.mtu),
		SDNCTL_KW("max-entries", "N", sdnctl_p_u32,
			  &cfg.max_entries),
	};
	/* the attribute each keyword after "dev" sets */
	static const int attrs[] = {
		0, SDNBR_CFG_A_MODE, SDNBR_CFG_A_CLUSTER_NETWORK,
		SDNBR_CFG_A_SERVICE_NETWORK, SDNBR_CFG_A_LOCAL_SUBNET,
		SDNBR_CFG_A_GATEWAY, SDNBR_CFG_A_NODE_IP,
		SDNBR_CFG_A_VXLAN_PORT, SDNBR_CFG_A_MTU,
		SDNBR_CFG_A_MAX_ENTRIES,
	};
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	unsigned int i, k;
	int ret;

	_Static_assert(SDNBR_ARRAY_SIZE(attrs) == SDNBR_ARRAY_SIZE(kws),
		       "one attribute per keyword");
	memset(&cfg, 0, sizeof(cfg));
	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	for (i = 1; i < SDNBR_ARRAY_SIZE(kws); i++) {
		if (kws[i].n)
			cfg.has |= SDNBR_HAS(attrs[i]);
	}
	if (!cfg.has)
		return sdnctl_usage_err(ctx, "nothing to set");
	cfg.n_cluster = kws[2].n;
	/* The same network twice is a typo, not a list. */
	for (i = 0; i < cfg.n_cluster; i++) {
		for (k = 0; k < i; k++) {
			if (cfg.cluster[i].addr.s_addr ==
			    cfg.cluster[k].addr.s_addr &&
			    cfg.cluster[i].plen == cfg.cluster[k].plen) {
				char buf[SDNBR_PREFIX_STRLEN];

				return sdnctl_arg_err(ctx,
						      "\"%s\" given twice (cluster-network)",
						      sdnbr_fmt_ipv4_prefix(cfg.cluster[i].addr,
									    cfg.cluster[i].plen,
									    buf));
			}
		}
	}

	if (sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, SDNBR_CMD_BR_SET, 0);
	if (!msg || sdnbr_msg_put_dev(msg, dev, 0) ||
	    sdnbr_msg_put_config(msg, &cfg)) {
		nlmsg_free(msg);
		return sdnctl_arg_err(ctx, "out of memory");
	}
	ret = sdnbr_nl_request(nl, msg, NULL, NULL);
	if (ret)
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
	nlmsg_free(msg);
	return ret ? 1 : 0;
}
