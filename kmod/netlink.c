// SPDX-License-Identifier: GPL-2.0
/*
 * The "sdnbr" generic netlink family: bridge settings, and add, replace,
 * delete, get, dump and flush for every entry type of the flow table.
 *
 * Requests name their bridge in the caller's netns. Changes take br->lock
 * (never RTNL) and are all-or-nothing per message; each applied change is
 * announced on the "events" group in the shape of the request. Dumps
 * resume from the key of the last entry they sent and mark the messages
 * NLM_F_DUMP_INTR when the table changed underneath them.
 */

#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "sdnbr.h"

static struct genl_family sdnbr_genl_family;

static const struct genl_multicast_group sdnbr_mcgrps[] = {
	{ .name = SDNBR_MCGRP_EVENTS },
};

/* ranges beyond s16 need a range struct on 6.1 */
static struct netlink_range_validation sdnbr_vnid_range = {
	.max = SDNBR_VNID_MAX,
};

static struct netlink_range_validation sdnbr_mtu_range = {
	.min = 576,
	.max = 65535,
};

static struct netlink_range_validation sdnbr_max_entries_range = {
	.min = 1,
	.max = 1 << 26,
};

static const struct nla_policy sdnbr_prefix_policy[SDNBR_PREFIX_A_MAX + 1] = {
	[SDNBR_PREFIX_A_ADDR]	= { .type = NLA_BE32 },
	[SDNBR_PREFIX_A_PLEN]	= NLA_POLICY_MAX(NLA_U8, 32),
};

static const struct nla_policy sdnbr_cfg_policy[SDNBR_CFG_A_MAX + 1] = {
	[SDNBR_CFG_A_MODE]		= NLA_POLICY_RANGE(NLA_U8, SDNBR_MODE_SUBNET,
							   SDNBR_MODE_MAX),
	[SDNBR_CFG_A_CLUSTER_NETWORK]	= NLA_POLICY_NESTED(sdnbr_prefix_policy),
	[SDNBR_CFG_A_SERVICE_NETWORK]	= NLA_POLICY_NESTED(sdnbr_prefix_policy),
	[SDNBR_CFG_A_LOCAL_SUBNET]	= NLA_POLICY_NESTED(sdnbr_prefix_policy),
	[SDNBR_CFG_A_GATEWAY]		= { .type = NLA_BE32 },
	[SDNBR_CFG_A_NODE_IP]		= { .type = NLA_BE32 },
	[SDNBR_CFG_A_VXLAN_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[SDNBR_CFG_A_MTU]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							       &sdnbr_mtu_range),
	[SDNBR_CFG_A_MAX_ENTRIES]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							       &sdnbr_max_entries_range),
};

static const struct nla_policy sdnbr_pod_policy[SDNBR_POD_A_MAX + 1] = {
	[SDNBR_POD_A_IP]	= { .type = NLA_BE32 },
	[SDNBR_POD_A_MAC]	= NLA_POLICY_ETH_ADDR,
	[SDNBR_POD_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SDNBR_POD_A_VNID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sdnbr_vnid_range),
	[SDNBR_POD_A_RX]	= { .type = NLA_NESTED },
	[SDNBR_POD_A_TX]	= { .type = NLA_NESTED },
};

static const struct nla_policy sdnbr_node_policy[SDNBR_NODE_A_MAX + 1] = {
	[SDNBR_NODE_A_SUBNET]	= NLA_POLICY_NESTED(sdnbr_prefix_policy),
	[SDNBR_NODE_A_IP]	= { .type = NLA_BE32 },
	[SDNBR_NODE_A_VNID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sdnbr_vnid_range),
	[SDNBR_NODE_A_TX]	= { .type = NLA_NESTED },
	[SDNBR_NODE_A_RX]	= { .type = NLA_NESTED },
};

static const struct nla_policy sdnbr_ns_policy[SDNBR_NS_A_MAX + 1] = {
	[SDNBR_NS_A_VNID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sdnbr_vnid_range),
	[SDNBR_NS_A_GLOBAL]	= NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy sdnbr_egress_ip_policy[SDNBR_EGRESS_IP_A_MAX + 1] = {
	[SDNBR_EGRESS_IP_A_ADDR]	= { .type = NLA_BE32 },
	[SDNBR_EGRESS_IP_A_NODE]	= { .type = NLA_BE32 },
};

static const struct nla_policy sdnbr_egress_policy[SDNBR_EGRESS_A_MAX + 1] = {
	[SDNBR_EGRESS_A_PAD]	= { .type = NLA_REJECT },
	[SDNBR_EGRESS_A_VNID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sdnbr_vnid_range),
	[SDNBR_EGRESS_A_IP]	= NLA_POLICY_NESTED(sdnbr_egress_ip_policy),
	[SDNBR_EGRESS_A_MARK]	= { .type = NLA_REJECT,
				    .reject_message = "the mark is read-only" },
	[SDNBR_EGRESS_A_TX]	= { .type = NLA_NESTED },
};

static const struct nla_policy sdnbr_fw_rule_policy[SDNBR_FW_RULE_A_MAX + 1] = {
	[SDNBR_FW_RULE_A_ACTION]	= NLA_POLICY_RANGE(NLA_U8, SDNBR_FW_ALLOW,
							   SDNBR_FW_ACTION_MAX),
	[SDNBR_FW_RULE_A_PREFIX]	= NLA_POLICY_NESTED(sdnbr_prefix_policy),
};

static const struct nla_policy sdnbr_fw_policy[SDNBR_FW_A_MAX + 1] = {
	[SDNBR_FW_A_PAD]	= { .type = NLA_REJECT },
	[SDNBR_FW_A_VNID]	= NLA_POLICY_FULL_RANGE(NLA_U32, &sdnbr_vnid_range),
	[SDNBR_FW_A_RULE]	= NLA_POLICY_NESTED(sdnbr_fw_rule_policy),
	[SDNBR_FW_A_ALLOWED]	= { .type = NLA_NESTED },
	[SDNBR_FW_A_DENIED]	= { .type = NLA_NESTED },
};

static const struct nla_policy sdnbr_policy[SDNBR_A_MAX + 1] = {
	[SDNBR_A_PAD]		= { .type = NLA_REJECT },
	[SDNBR_A_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SDNBR_A_IFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SDNBR_A_CONFIG]	= NLA_POLICY_NESTED(sdnbr_cfg_policy),
	[SDNBR_A_STATS]		= { .type = NLA_NESTED },
	[SDNBR_A_POD]		= NLA_POLICY_NESTED(sdnbr_pod_policy),
	[SDNBR_A_NODE]		= NLA_POLICY_NESTED(sdnbr_node_policy),
	[SDNBR_A_NS]		= NLA_POLICY_NESTED(sdnbr_ns_policy),
	[SDNBR_A_EGRESS]	= NLA_POLICY_NESTED(sdnbr_egress_policy),
	[SDNBR_A_FW]		= NLA_POLICY_NESTED(sdnbr_fw_policy),
	[SDNBR_A_PACKET]	= NLA_POLICY_NESTED(sdnbr_packet_policy),
	[SDNBR_A_TRACE]		= { .type = NLA_NESTED },
};

/*
 * Counters come back in replies as nests. Strict parsing checks a nest's
 * NLA_F_NESTED flag before an NLA_REJECT policy could speak, so the
 * policies accept them and this refuses them by name.
 */
static int sdnbr_reject_counters(struct nlattr **tb, const int *types,
				 unsigned int n, struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (tb[types[i]]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[types[i]],
					    "counters are read-only");
			return -EINVAL;
		}
	return 0;
}

/* ---- the bridge a request names ---------------------------------------- */

struct net_device *sdnbr_nl_bridge(struct net *net, struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *ifindex = attrs[SDNBR_A_IFINDEX];
	struct nlattr *ifname = attrs[SDNBR_A_IFNAME];
	struct net_device *dev;

	if (ifindex) {
		dev = dev_get_by_index(net, nla_get_u32(ifindex));
		if (dev && ifname && strcmp(dev->name, nla_data(ifname))) {
			dev_put(dev);
			NL_SET_ERR_MSG_ATTR(extack, ifname,
					    "SDNBR_A_IFINDEX and SDNBR_A_IFNAME name different devices");
			return ERR_PTR(-EINVAL);
		}
	} else if (ifname) {
		dev = dev_get_by_name(net, nla_data(ifname));
	} else {
		NL_SET_ERR_ATTR_MISS(extack, NULL, SDNBR_A_IFNAME);
		NL_SET_ERR_MSG(extack,
			       "name the bridge (SDNBR_A_IFNAME or SDNBR_A_IFINDEX)");
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname, "no such device");
		return ERR_PTR(-ENODEV);
	}
	if (!sdnbr_is_bridge(dev)) {
		dev_put(dev);
		NL_SET_ERR_MSG_ATTR(extack, ifindex ?: ifname,
				    "the device is not an sdnbr bridge");
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static const struct sdnbr_config *sdnbr_cfg_locked(struct sdnbr_bridge *br)
{
	return rcu_dereference_protected(br->cfg, lockdep_is_held(&br->lock));
}

/* ---- prefixes ----------------------------------------------------------- */

static int sdnbr_nl_prefix(const struct nlattr *attr, struct sdnbr_prefix *p,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SDNBR_PREFIX_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, SDNBR_PREFIX_A_MAX, attr,
			       sdnbr_prefix_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_PREFIX_A_ADDR) ||
	    NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_PREFIX_A_PLEN)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a prefix needs an address and a length");
		return -EINVAL;
	}
	p->addr = nla_get_in_addr(tb[SDNBR_PREFIX_A_ADDR]);
	p->plen = nla_get_u8(tb[SDNBR_PREFIX_A_PLEN]);
	p->mask = inet_make_mask(p->plen);
	if (p->addr & ~p->mask) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the prefix has host bits set");
		return -EINVAL;
	}
	return 0;
}

/* An address a node or an egress IP can have: unicast, routable. */
static bool sdnbr_is_host_addr(__be32 ip)
{
	return !(ipv4_is_zeronet(ip) || ipv4_is_multicast(ip) ||
		 ipv4_is_lbcast(ip) || ipv4_is_loopback(ip));
}

static bool sdnbr_prefix_overlap(const struct sdnbr_prefix *a,
				 const struct sdnbr_prefix *b)
{
	__be32 mask = a->plen < b->plen ? a->mask : b->mask;

	return (a->addr & mask) == (b->addr & mask);
}

/* @inner lies entirely inside @outer */
static bool sdnbr_prefix_within(const struct sdnbr_prefix *inner,
				const struct sdnbr_prefix *outer)
{
	return inner->plen >= outer->plen &&
	       sdnbr_prefix_has(outer, inner->addr);
}

static bool sdnbr_cluster_has_prefix(const struct sdnbr_config *cfg,
				     const struct sdnbr_prefix *p)
{
	unsigned int i;

	for (i = 0; i < cfg->n_cluster; i++)
		if (sdnbr_prefix_within(p, &cfg->cluster[i]))
			return true;
	return false;
}

static int sdnbr_put_prefix(struct sk_buff *skb, int type,
			    const struct sdnbr_prefix *p)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || nla_put_in_addr(skb, SDNBR_PREFIX_A_ADDR, p->addr) ||
	    nla_put_u8(skb, SDNBR_PREFIX_A_PLEN, p->plen))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int sdnbr_put_counters(struct sk_buff *skb, int type, u64 packets,
			      u64 bytes)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u64_64bit(skb, SDNBR_COUNTER_A_PACKETS, packets,
			      SDNBR_COUNTER_A_PAD) ||
	    nla_put_u64_64bit(skb, SDNBR_COUNTER_A_BYTES, bytes,
			      SDNBR_COUNTER_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- entry types --------------------------------------------------------- */

struct sdnbr_nl_req {
	struct sdnbr_bridge *br;
	struct net *net;
	const struct sdnbr_config *cfg;
	bool new;
};

struct sdnbr_type {
	enum sdnbr_entry_type type;
	int attr;			/* SDNBR_A_POD ... */
	const char *name;
	u8 cmd_new, cmd_del, cmd_get, cmd_flush;
	/* fill op->key, and for NEW allocate and fill op->new */
	int (*parse)(const struct sdnbr_nl_req *req, const struct nlattr *attr,
		     struct sdnbr_op *op, struct netlink_ext_ack *extack);
	int (*fill)(struct sk_buff *skb, const struct sdnbr_entry *e,
		    bool counters);
	/* DEL events carry only the key */
	int (*fill_key)(struct sk_buff *skb, const struct sdnbr_key *key);
};

static int sdnbr_pod_parse(const struct sdnbr_nl_req *req,
			   const struct nlattr *attr, struct sdnbr_op *op,
			   struct netlink_ext_ack *extack)
{
	const struct sdnbr_config *cfg = req->cfg;
	struct nlattr *tb[SDNBR_POD_A_MAX + 1];
	struct sdnbr_port *port = NULL;
	struct net_device *dev;
	struct sdnbr_entry *e;
	u32 ifindex;
	__be32 ip;
	int err;

	static const int ro[] = { SDNBR_POD_A_RX, SDNBR_POD_A_TX };

	err = nla_parse_nested(tb, SDNBR_POD_A_MAX, attr, sdnbr_pod_policy,
			       extack) ?:
	      sdnbr_reject_counters(tb, ro, ARRAY_SIZE(ro), extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_POD_A_IP)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the pod has no IP address");
		return -EINVAL;
	}
	ip = nla_get_in_addr(tb[SDNBR_POD_A_IP]);
	sdnbr_key_init(&op->key, SDNBR_ENTRY_POD, ip, 32);
	if (!req->new)
		return 0;

	if (!(cfg->has & SDNBR_HAS_LOCAL)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "set the bridge's local subnet before adding pods");
		return -EINVAL;
	}
	if (!sdnbr_prefix_has(&cfg->local, ip) || ip == cfg->local.addr ||
	    ip == (cfg->local.addr | ~cfg->local.mask)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_POD_A_IP],
				    "the pod IP is not a host address of the local subnet");
		return -EINVAL;
	}
	if ((cfg->has & SDNBR_HAS_GATEWAY) && ip == cfg->gateway) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_POD_A_IP],
				    "the pod IP is the gateway's");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_POD_A_IFINDEX)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the pod has no port");
		return -EINVAL;
	}
	ifindex = nla_get_u32(tb[SDNBR_POD_A_IFINDEX]);
	rcu_read_lock();
	dev = dev_get_by_index_rcu(req->net, ifindex);
	if (dev)
		port = sdnbr_port_get_rcu(dev);
	if (!port || port->br != req->br || port->kind != SDNBR_PORT_POD) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_POD_A_IFINDEX],
				    "the port is not a pod port of this bridge");
		return -EINVAL;
	}
	rcu_read_unlock();

	e = sdnbr_entry_alloc(SDNBR_ENTRY_POD);
	if (!e)
		return -ENOMEM;
	e->key = op->key;
	e->pod.ifindex = ifindex;
	if (tb[SDNBR_POD_A_VNID])
		e->pod.vnid = nla_get_u32(tb[SDNBR_POD_A_VNID]);
	if (tb[SDNBR_POD_A_MAC]) {
		nla_memcpy(e->pod.mac, tb[SDNBR_POD_A_MAC], ETH_ALEN);
		if (!is_valid_ether_addr(e->pod.mac)) {
			sdnbr_entry_free(e);
			NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_POD_A_MAC],
					    "the pod MAC must be a unicast, nonzero address");
			return -EINVAL;
		}
	} else {
		/* OpenShift's rule: 0a:58 and the four bytes of the IP */
		e->pod.mac[0] = 0x0a;
		e->pod.mac[1] = 0x58;
		memcpy(&e->pod.mac[2], &ip, 4);
	}
	op->new = e;
	return 0;
}

static int sdnbr_pod_fill_key(struct sk_buff *skb, const struct sdnbr_key *key)
{
	return nla_put_in_addr(skb, SDNBR_POD_A_IP, key->addr);
}

static int sdnbr_pod_fill(struct sk_buff *skb, const struct sdnbr_entry *e,
			  bool counters)
{
	u64 packets[2], bytes[2];

	if (sdnbr_pod_fill_key(skb, &e->key) ||
	    nla_put(skb, SDNBR_POD_A_MAC, ETH_ALEN, e->pod.mac) ||
	    nla_put_u32(skb, SDNBR_POD_A_IFINDEX, e->pod.ifindex) ||
	    nla_put_u32(skb, SDNBR_POD_A_VNID, e->pod.vnid))
		return -EMSGSIZE;
	if (!counters)
		return 0;
	sdnbr_entry_counters(e, packets, bytes);
	if (sdnbr_put_counters(skb, SDNBR_POD_A_RX, packets[0], bytes[0]) ||
	    sdnbr_put_counters(skb, SDNBR_POD_A_TX, packets[1], bytes[1]))
		return -EMSGSIZE;
	return 0;
}

static int sdnbr_node_parse(const struct sdnbr_nl_req *req,
			    const struct nlattr *attr, struct sdnbr_op *op,
			    struct netlink_ext_ack *extack)
{
	const struct sdnbr_config *cfg = req->cfg;
	struct nlattr *tb[SDNBR_NODE_A_MAX + 1];
	struct sdnbr_prefix subnet;
	struct sdnbr_entry *e;
	__be32 ip;
	int err;

	static const int ro[] = { SDNBR_NODE_A_TX, SDNBR_NODE_A_RX };

	err = nla_parse_nested(tb, SDNBR_NODE_A_MAX, attr, sdnbr_node_policy,
			       extack) ?:
	      sdnbr_reject_counters(tb, ro, ARRAY_SIZE(ro), extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_NODE_A_SUBNET)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the node has no subnet");
		return -EINVAL;
	}
	err = sdnbr_nl_prefix(tb[SDNBR_NODE_A_SUBNET], &subnet, extack);
	if (err)
		return err;
	sdnbr_key_init(&op->key, SDNBR_ENTRY_NODE, subnet.addr, subnet.plen);
	if (!req->new)
		return 0;

	if (!sdnbr_cluster_has_prefix(cfg, &subnet)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_NODE_A_SUBNET],
				    "the node subnet is outside every cluster network");
		return -EINVAL;
	}
	if ((cfg->has & SDNBR_HAS_LOCAL) &&
	    sdnbr_prefix_overlap(&subnet, &cfg->local)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_NODE_A_SUBNET],
				    "the node subnet overlaps the local subnet");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_NODE_A_IP)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the node has no IP address");
		return -EINVAL;
	}
	ip = nla_get_in_addr(tb[SDNBR_NODE_A_IP]);
	if (!sdnbr_is_host_addr(ip)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_NODE_A_IP],
				    "the node IP must be a unicast address");
		return -EINVAL;
	}
	e = sdnbr_entry_alloc(SDNBR_ENTRY_NODE);
	if (!e)
		return -ENOMEM;
	e->key = op->key;
	e->node.ip = ip;
	if (tb[SDNBR_NODE_A_VNID]) {
		e->node.fixed_vnid = true;
		e->node.vnid = nla_get_u32(tb[SDNBR_NODE_A_VNID]);
	}
	op->new = e;
	return 0;
}

static int sdnbr_node_fill_key(struct sk_buff *skb,
			       const struct sdnbr_key *key)
{
	struct sdnbr_prefix p = { .addr = key->addr, .plen = key->plen };

	return sdnbr_put_prefix(skb, SDNBR_NODE_A_SUBNET, &p);
}

static int sdnbr_node_fill(struct sk_buff *skb, const struct sdnbr_entry *e,
			   bool counters)
{
	u64 packets[2], bytes[2];

	if (sdnbr_node_fill_key(skb, &e->key) ||
	    nla_put_in_addr(skb, SDNBR_NODE_A_IP, e->node.ip) ||
	    (e->node.fixed_vnid &&
	     nla_put_u32(skb, SDNBR_NODE_A_VNID, e->node.vnid)))
		return -EMSGSIZE;
	if (!counters)
		return 0;
	sdnbr_entry_counters(e, packets, bytes);
	if (sdnbr_put_counters(skb, SDNBR_NODE_A_TX, packets[1], bytes[1]))
		return -EMSGSIZE;
	if (e->node.ip_index)
		sdnbr_entry_counters(e->node.ip_index, packets, bytes);
	if (sdnbr_put_counters(skb, SDNBR_NODE_A_RX, packets[1], bytes[1]))
		return -EMSGSIZE;
	return 0;
}

static int sdnbr_ns_parse(const struct sdnbr_nl_req *req,
			  const struct nlattr *attr, struct sdnbr_op *op,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SDNBR_NS_A_MAX + 1];
	struct sdnbr_entry *e;
	int err;

	err = nla_parse_nested(tb, SDNBR_NS_A_MAX, attr, sdnbr_ns_policy,
			       extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, SDNBR_NS_A_VNID)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the namespace has no VNID");
		return -EINVAL;
	}
	sdnbr_key_init(&op->key, SDNBR_ENTRY_NS,
		       cpu_to_be32(nla_get_u32(tb[SDNBR_NS_A_VNID])), 0);
	if (!req->new)
		return 0;
	e = sdnbr_entry_alloc(SDNBR_ENTRY_NS);
	if (!e)
		return -ENOMEM;
	e->key = op->key;
	if (tb[SDNBR_NS_A_GLOBAL])
		e->ns.global = nla_get_u8(tb[SDNBR_NS_A_GLOBAL]);
	op->new = e;
	return 0;
}

static int sdnbr_ns_fill_key(struct sk_buff *skb, const struct sdnbr_key *key)
{
	return nla_put_u32(skb, SDNBR_NS_A_VNID, be32_to_cpu(key->addr));
}

static int sdnbr_ns_fill(struct sk_buff *skb, const struct sdnbr_entry *e,
			 bool counters)
{
	if (sdnbr_ns_fill_key(skb, &e->key) ||
	    nla_put_u8(skb, SDNBR_NS_A_GLOBAL, e->ns.global))
		return -EMSGSIZE;
	return 0;
}

/* the VNID key of namespaces, egress IPs and firewalls */
static int sdnbr_vnid_key(struct sdnbr_op *op, enum sdnbr_entry_type type,
			  const struct nlattr *attr, struct nlattr **tb,
			  int vnid_attr, struct netlink_ext_ack *extack)
{
	if (NL_REQ_ATTR_CHECK(extack, attr, tb, vnid_attr)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "the entry has no VNID");
		return -EINVAL;
	}
	sdnbr_key_init(&op->key, type, cpu_to_be32(nla_get_u32(tb[vnid_attr])),
		       0);
	return 0;
}

static int sdnbr_egress_parse(const struct sdnbr_nl_req *req,
			      const struct nlattr *attr, struct sdnbr_op *op,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SDNBR_EGRESS_A_MAX + 1];
	struct sdnbr_egress_ip ips[SDNBR_MAX_EGRESS_IPS];
	struct sdnbr_egress *eg;
	struct sdnbr_entry *e;
	unsigned int n = 0, i;
	struct nlattr *a;
	int rem, err;

	static const int ro[] = { SDNBR_EGRESS_A_TX };

	err = nla_parse_nested(tb, SDNBR_EGRESS_A_MAX, attr,
			       sdnbr_egress_policy, extack) ?:
	      sdnbr_reject_counters(tb, ro, ARRAY_SIZE(ro), extack);
	if (err)
		return err;
	err = sdnbr_vnid_key(op, SDNBR_ENTRY_EGRESS, attr, tb,
			     SDNBR_EGRESS_A_VNID, extack);
	if (err || !req->new)
		return err;

	nla_for_each_nested(a, attr, rem) {
		struct nlattr *ip[SDNBR_EGRESS_IP_A_MAX + 1];

		if (nla_type(a) != SDNBR_EGRESS_A_IP)
			continue;
		if (n == SDNBR_MAX_EGRESS_IPS) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "too many egress IPs (at most 16)");
			return -E2BIG;
		}
		err = nla_parse_nested(ip, SDNBR_EGRESS_IP_A_MAX, a,
				       sdnbr_egress_ip_policy, extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(extack, a, ip, SDNBR_EGRESS_IP_A_ADDR)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "the egress IP has no address");
			return -EINVAL;
		}
		ips[n].addr = nla_get_in_addr(ip[SDNBR_EGRESS_IP_A_ADDR]);
		ips[n].node = ip[SDNBR_EGRESS_IP_A_NODE] ?
			      nla_get_in_addr(ip[SDNBR_EGRESS_IP_A_NODE]) : 0;
		if (!sdnbr_is_host_addr(ips[n].addr)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "an egress IP must be a unicast address");
			return -EINVAL;
		}
		for (i = 0; i < n; i++)
			if (ips[i].addr == ips[n].addr) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "the egress IP is listed twice");
				return -EINVAL;
			}
		n++;
	}
	eg = kzalloc(struct_size(eg, ips, n), GFP_KERNEL_ACCOUNT);
	if (!eg)
		return -ENOMEM;
	eg->n = n;
	eg->mark = sdnbr_egress_mark(be32_to_cpu(op->key.addr));
	memcpy(eg->ips, ips, n * sizeof(ips[0]));
	e = sdnbr_entry_alloc(SDNBR_ENTRY_EGRESS);
	if (!e) {
		kfree(eg);
		return -ENOMEM;
	}
	e->key = op->key;
	e->egress = eg;
	op->new = e;
	return 0;
}

static int sdnbr_egress_fill_key(struct sk_buff *skb,
				 const struct sdnbr_key *key)
{
	return nla_put_u32(skb, SDNBR_EGRESS_A_VNID, be32_to_cpu(key->addr));
}

static int sdnbr_egress_fill(struct sk_buff *skb, const struct sdnbr_entry *e,
			     bool counters)
{
	const struct sdnbr_egress *eg = e->egress;
	u64 packets[2], bytes[2];
	unsigned int i;

	if (sdnbr_egress_fill_key(skb, &e->key) ||
	    nla_put_u32(skb, SDNBR_EGRESS_A_MARK, eg->mark))
		return -EMSGSIZE;
	for (i = 0; i < eg->n; i++) {
		struct nlattr *nest = nla_nest_start(skb, SDNBR_EGRESS_A_IP);

		if (!nest ||
		    nla_put_in_addr(skb, SDNBR_EGRESS_IP_A_ADDR, eg->ips[i].addr) ||
		    (eg->ips[i].node &&
		     nla_put_in_addr(skb, SDNBR_EGRESS_IP_A_NODE, eg->ips[i].node)))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	if (!counters)
		return 0;
	sdnbr_entry_counters(e, packets, bytes);
	return sdnbr_put_counters(skb, SDNBR_EGRESS_A_TX, packets[1], bytes[1]);
}

static int sdnbr_fw_parse(const struct sdnbr_nl_req *req,
			  const struct nlattr *attr, struct sdnbr_op *op,
			  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SDNBR_FW_A_MAX + 1];
	struct sdnbr_fw_rule *rules;
	struct sdnbr_entry *e;
	struct sdnbr_fw *fw;
	unsigned int n = 0;
	struct nlattr *a;
	int rem, err;

	static const int ro[] = { SDNBR_FW_A_ALLOWED, SDNBR_FW_A_DENIED };

	err = nla_parse_nested(tb, SDNBR_FW_A_MAX, attr, sdnbr_fw_policy,
			       extack) ?:
	      sdnbr_reject_counters(tb, ro, ARRAY_SIZE(ro), extack);
	if (err)
		return err;
	err = sdnbr_vnid_key(op, SDNBR_ENTRY_FW, attr, tb, SDNBR_FW_A_VNID,
			     extack);
	if (err || !req->new)
		return err;

	rules = kvmalloc_array(SDNBR_MAX_FIREWALL_RULES, sizeof(*rules),
			       GFP_KERNEL);
	if (!rules)
		return -ENOMEM;
	nla_for_each_nested(a, attr, rem) {
		struct nlattr *r[SDNBR_FW_RULE_A_MAX + 1];
		struct sdnbr_prefix p;

		if (nla_type(a) != SDNBR_FW_A_RULE)
			continue;
		if (n == SDNBR_MAX_FIREWALL_RULES) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "too many firewall rules (at most 1000)");
			err = -E2BIG;
			goto out;
		}
		err = nla_parse_nested(r, SDNBR_FW_RULE_A_MAX, a,
				       sdnbr_fw_rule_policy, extack);
		if (err)
			goto out;
		if (NL_REQ_ATTR_CHECK(extack, a, r, SDNBR_FW_RULE_A_ACTION) ||
		    NL_REQ_ATTR_CHECK(extack, a, r, SDNBR_FW_RULE_A_PREFIX)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "a firewall rule needs an action and a prefix");
			err = -EINVAL;
			goto out;
		}
		err = sdnbr_nl_prefix(r[SDNBR_FW_RULE_A_PREFIX], &p, extack);
		if (err)
			goto out;
		rules[n].addr = p.addr;
		rules[n].plen = p.plen;
		rules[n].action = nla_get_u8(r[SDNBR_FW_RULE_A_ACTION]);
		n++;
	}
	fw = sdnbr_fw_compile(rules, n);
	if (!fw) {
		err = -ENOMEM;
		goto out;
	}
	e = sdnbr_entry_alloc(SDNBR_ENTRY_FW);
	if (!e) {
		kvfree(fw);
		err = -ENOMEM;
		goto out;
	}
	e->key = op->key;
	e->fw = fw;
	op->new = e;
out:
	kvfree(rules);
	return err;
}

static int sdnbr_fw_fill_key(struct sk_buff *skb, const struct sdnbr_key *key)
{
	return nla_put_u32(skb, SDNBR_FW_A_VNID, be32_to_cpu(key->addr));
}

static int sdnbr_fw_fill(struct sk_buff *skb, const struct sdnbr_entry *e,
			 bool counters)
{
	const struct sdnbr_fw *fw = e->fw;
	u64 packets[2], bytes[2];
	unsigned int i;

	if (sdnbr_fw_fill_key(skb, &e->key))
		return -EMSGSIZE;
	for (i = 0; i < fw->n_rules; i++) {
		struct sdnbr_prefix p = {
			.addr = fw->rules[i].addr,
			.plen = fw->rules[i].plen,
		};
		struct nlattr *nest = nla_nest_start(skb, SDNBR_FW_A_RULE);

		if (!nest ||
		    nla_put_u8(skb, SDNBR_FW_RULE_A_ACTION, fw->rules[i].action) ||
		    sdnbr_put_prefix(skb, SDNBR_FW_RULE_A_PREFIX, &p))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	if (!counters)
		return 0;
	sdnbr_entry_counters(e, packets, bytes);
	if (sdnbr_put_counters(skb, SDNBR_FW_A_ALLOWED, packets[0], bytes[0]) ||
	    sdnbr_put_counters(skb, SDNBR_FW_A_DENIED, packets[1], bytes[1]))
		return -EMSGSIZE;
	return 0;
}

static const struct sdnbr_type sdnbr_types[] = {
	{
		.type = SDNBR_ENTRY_POD, .attr = SDNBR_A_POD, .name = "pod",
		.cmd_new = SDNBR_CMD_POD_NEW, .cmd_del = SDNBR_CMD_POD_DEL,
		.cmd_get = SDNBR_CMD_POD_GET, .cmd_flush = SDNBR_CMD_POD_FLUSH,
		.parse = sdnbr_pod_parse, .fill = sdnbr_pod_fill,
		.fill_key = sdnbr_pod_fill_key,
	},
	{
		.type = SDNBR_ENTRY_NODE, .attr = SDNBR_A_NODE, .name = "node",
		.cmd_new = SDNBR_CMD_NODE_NEW, .cmd_del = SDNBR_CMD_NODE_DEL,
		.cmd_get = SDNBR_CMD_NODE_GET, .cmd_flush = SDNBR_CMD_NODE_FLUSH,
		.parse = sdnbr_node_parse, .fill = sdnbr_node_fill,
		.fill_key = sdnbr_node_fill_key,
	},
	{
		.type = SDNBR_ENTRY_NS, .attr = SDNBR_A_NS, .name = "namespace",
		.cmd_new = SDNBR_CMD_NS_NEW, .cmd_del = SDNBR_CMD_NS_DEL,
		.cmd_get = SDNBR_CMD_NS_GET, .cmd_flush = SDNBR_CMD_NS_FLUSH,
		.parse = sdnbr_ns_parse, .fill = sdnbr_ns_fill,
		.fill_key = sdnbr_ns_fill_key,
	},
	{
		.type = SDNBR_ENTRY_EGRESS, .attr = SDNBR_A_EGRESS,
		.name = "egress",
		.cmd_new = SDNBR_CMD_EGRESS_NEW, .cmd_del = SDNBR_CMD_EGRESS_DEL,
		.cmd_get = SDNBR_CMD_EGRESS_GET,
		.cmd_flush = SDNBR_CMD_EGRESS_FLUSH,
		.parse = sdnbr_egress_parse, .fill = sdnbr_egress_fill,
		.fill_key = sdnbr_egress_fill_key,
	},
	{
		.type = SDNBR_ENTRY_FW, .attr = SDNBR_A_FW, .name = "firewall",
		.cmd_new = SDNBR_CMD_FW_NEW, .cmd_del = SDNBR_CMD_FW_DEL,
		.cmd_get = SDNBR_CMD_FW_GET, .cmd_flush = SDNBR_CMD_FW_FLUSH,
		.parse = sdnbr_fw_parse, .fill = sdnbr_fw_fill,
		.fill_key = sdnbr_fw_fill_key,
	},
};

static const struct sdnbr_type *sdnbr_type_of_cmd(u8 cmd)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sdnbr_types); i++) {
		const struct sdnbr_type *t = &sdnbr_types[i];

		if (cmd == t->cmd_new || cmd == t->cmd_del ||
		    cmd == t->cmd_get || cmd == t->cmd_flush)
			return t;
	}
	return NULL;
}

/*
 * Room for one entry of @t in a fresh message: a firewall of 1,000 rules
 * is about 32 KiB, far more than NLMSG_GOODSIZE.
 */
static size_t sdnbr_msg_size(const struct sdnbr_type *t)
{
	if (t->type == SDNBR_ENTRY_FW)
		return SDNBR_MAX_FIREWALL_RULES * 40 + NLMSG_GOODSIZE;
	return NLMSG_GOODSIZE;
}

/* Start a message about @br; the caller adds the rest. */
void *sdnbr_msg_start(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		      u8 cmd, const struct net_device *dev)
{
	void *hdr = genlmsg_put(skb, portid, seq, &sdnbr_genl_family, flags,
				cmd);

	if (!hdr)
		return NULL;
	if (nla_put_u32(skb, SDNBR_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, SDNBR_A_IFNAME, dev->name)) {
		genlmsg_cancel(skb, hdr);
		return NULL;
	}
	return hdr;
}

static int sdnbr_fill_entry(struct sk_buff *skb, const struct sdnbr_type *t,
			    const struct sdnbr_entry *e,
			    const struct sdnbr_key *key, bool counters)
{
	struct nlattr *nest = nla_nest_start(skb, t->attr);
	int err;

	if (!nest)
		return -EMSGSIZE;
	err = e ? t->fill(skb, e, counters) : t->fill_key(skb, key);
	if (err) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- events ------------------------------------------------------------ */

static bool sdnbr_has_listeners(const struct net_device *dev)
{
	return genl_has_listeners(&sdnbr_genl_family, dev_net(dev), 0);
}

static void sdnbr_event_send(struct net_device *dev, struct sk_buff *skb,
			     void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&sdnbr_genl_family, dev_net(dev), skb, 0, 0,
				GFP_KERNEL);
}

/*
 * Announce the entries of an applied request, as many per message as fit.
 * NEW events carry the entries as installed (defaults filled in) and the
 * request's create/replace flags, as rtnetlink's do; DEL events carry the
 * keys. br->lock is held, so the new entries are stable.
 */
static void sdnbr_notify_entries(struct net_device *dev,
				 const struct sdnbr_type *t, u8 cmd,
				 const struct genl_info *info, u16 nlflags,
				 const struct sdnbr_op *ops, unsigned int n)
{
	unsigned int i, in_skb = 0;
	struct sk_buff *skb = NULL;
	void *hdr = NULL;

	if (!sdnbr_has_listeners(dev))
		return;
	for (i = 0; i < n; i++) {
		if (!skb) {
			skb = genlmsg_new(sdnbr_msg_size(t), GFP_KERNEL);
			if (!skb)
				goto fail;
			hdr = sdnbr_msg_start(skb, info->snd_portid,
					      info->snd_seq, nlflags, cmd, dev);
			if (!hdr)
				goto fail;
			in_skb = 0;
		}
		if (!sdnbr_fill_entry(skb, t, ops[i].new, &ops[i].key, false)) {
			in_skb++;
			continue;
		}
		/* cannot happen with sdnbr_msg_size(), but never loop on it */
		if (!in_skb)
			goto fail;
		/* full: send it and put this entry in the next one */
		sdnbr_event_send(dev, skb, hdr);
		skb = NULL;
		i--;
	}
	if (skb)
		sdnbr_event_send(dev, skb, hdr);
	return;
fail:
	nlmsg_free(skb);
	genl_set_err(&sdnbr_genl_family, dev_net(dev), 0, 0, -ENOBUFS);
}

static void sdnbr_notify_simple(struct net_device *dev, u8 cmd,
				const struct genl_info *info,
				int (*fill)(struct sk_buff *skb,
					    struct sdnbr_bridge *br),
				struct sdnbr_bridge *br)
{
	struct sk_buff *skb;
	void *hdr;

	if (!sdnbr_has_listeners(dev))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		goto fail;
	hdr = sdnbr_msg_start(skb, info->snd_portid, info->snd_seq, 0, cmd, dev);
	if (!hdr || (fill && fill(skb, br))) {
		nlmsg_free(skb);
		goto fail;
	}
	sdnbr_event_send(dev, skb, hdr);
	return;
fail:
	genl_set_err(&sdnbr_genl_family, dev_net(dev), 0, 0, -ENOBUFS);
}

/* ---- NEW, DEL, FLUSH ---------------------------------------------------- */

static int sdnbr_nl_change(struct sk_buff *skb, struct genl_info *info)
{
	const struct sdnbr_type *t = sdnbr_type_of_cmd(info->genlhdr->cmd);
	struct netlink_ext_ack *extack = info->extack;
	u16 nlflags = info->nlhdr->nlmsg_flags;
	struct sdnbr_nl_req req = {
		.net = genl_info_net(info),
		.new = info->genlhdr->cmd == t->cmd_new,
	};
	struct sdnbr_op *ops = NULL;
	unsigned int n = 0, i = 0;
	struct net_device *dev;
	struct nlattr *attr;
	int rem, err;

	dev = sdnbr_nl_bridge(req.net, info->attrs, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	req.br = netdev_priv(dev);

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		int type = nla_type(attr);

		if (type == t->attr) {
			n++;
		} else if (type == SDNBR_A_STATS) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "counters are read-only");
			err = -EINVAL;
			goto out;
		} else if (type != SDNBR_A_IFINDEX && type != SDNBR_A_IFNAME) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "attribute not valid for this command");
			err = -EINVAL;
			goto out;
		}
	}
	if (!n) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, t->attr);
		NL_SET_ERR_MSG(extack, "the request carries no entries");
		err = -EINVAL;
		goto out;
	}
	ops = kvcalloc(n, sizeof(*ops), GFP_KERNEL);
	if (!ops) {
		err = -ENOMEM;
		goto out;
	}
	/* like rtnetlink: a bare NEW adds, NLM_F_REPLACE alone changes */
	if (req.new && !(nlflags & (NLM_F_CREATE | NLM_F_REPLACE)))
		nlflags |= NLM_F_CREATE | NLM_F_EXCL;

	mutex_lock(&req.br->lock);
	req.cfg = sdnbr_cfg_locked(req.br);
	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != t->attr)
			continue;
		ops[i].attr = attr;
		ops[i].index = i;
		err = t->parse(&req, attr, &ops[i], extack);
		i++;
		if (err)
			goto unlock;
	}
	err = sdnbr_table_apply(req.br, ops, n, req.new ? nlflags : 0, extack);
	if (!err) {
		sdnbr_notify_entries(dev, t, info->genlhdr->cmd, info,
				     nlflags & (NLM_F_CREATE | NLM_F_EXCL |
						NLM_F_REPLACE), ops, n);
		mutex_unlock(&req.br->lock);
		goto out;
	}
unlock:
	mutex_unlock(&req.br->lock);
	while (i--)
		if (ops[i].new)
			sdnbr_entry_free(ops[i].new);
out:
	kvfree(ops);
	dev_put(dev);
	return err;
}

static int sdnbr_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	const struct sdnbr_type *t = sdnbr_type_of_cmd(info->genlhdr->cmd);
	struct net_device *dev;
	struct sdnbr_bridge *br;

	dev = sdnbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	br = netdev_priv(dev);
	mutex_lock(&br->lock);
	sdnbr_table_flush(br, t->type);
	sdnbr_notify_simple(dev, info->genlhdr->cmd, info, NULL, br);
	mutex_unlock(&br->lock);
	dev_put(dev);
	return 0;
}

/* ---- GET and dumps of entries -------------------------------------------- */

static int sdnbr_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	const struct sdnbr_type *t = sdnbr_type_of_cmd(info->genlhdr->cmd);
	struct netlink_ext_ack *extack = info->extack;
	struct sdnbr_nl_req req = { .net = genl_info_net(info) };
	struct sdnbr_op op = {};
	struct sdnbr_entry *e;
	struct net_device *dev;
	struct sk_buff *msg;
	void *hdr;
	int err;

	dev = sdnbr_nl_bridge(req.net, info->attrs, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	req.br = netdev_priv(dev);
	if (!info->attrs[t->attr]) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, t->attr);
		NL_SET_ERR_MSG(extack, "name the entry to get");
		err = -EINVAL;
		goto out;
	}
	msg = genlmsg_new(sdnbr_msg_size(t), GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	mutex_lock(&req.br->lock);
	req.cfg = sdnbr_cfg_locked(req.br);
	err = t->parse(&req, info->attrs[t->attr], &op, extack);
	if (err)
		goto unlock;
	e = sdnbr_lookup_locked(&req.br->table, &op.key);
	if (!e) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[t->attr], "no such entry");
		err = -ENOENT;
		goto unlock;
	}
	hdr = sdnbr_msg_start(msg, info->snd_portid, info->snd_seq, 0,
			      t->cmd_get, dev);
	if (!hdr || sdnbr_fill_entry(msg, t, e, NULL, true)) {
		err = -EMSGSIZE;
		goto unlock;
	}
	mutex_unlock(&req.br->lock);
	genlmsg_end(msg, hdr);
	dev_put(dev);
	return genlmsg_reply(msg, info);

unlock:
	mutex_unlock(&req.br->lock);
	nlmsg_free(msg);
out:
	dev_put(dev);
	return err;
}

/* Make each dump message big enough for the largest entry of its type. */
static int sdnbr_nl_dump_start(struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);

	cb->min_dump_alloc = sdnbr_msg_size(sdnbr_type_of_cmd(ghdr->cmd));
	return 0;
}

/* cb->args of an entry dump */
enum {
	SDNBR_DUMP_STARTED,
	SDNBR_DUMP_LAST_KEY,	/* the key of the last entry sent */
};

static int sdnbr_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genlmsghdr *ghdr = nlmsg_data(cb->nlh);
	const struct sdnbr_type *t = sdnbr_type_of_cmd(ghdr->cmd);
	struct sdnbr_entry *e, *last = NULL;
	struct sdnbr_bridge *br;
	struct net_device *dev;
	struct list_head *head;
	struct sdnbr_key key;

	BUILD_BUG_ON(sizeof(key) > sizeof(cb->args[0]));
	dev = sdnbr_nl_bridge(sock_net(skb->sk), sdnbr_genl_dump_attrs(cb),
			      cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	br = netdev_priv(dev);
	head = &br->table.lists[t->type];

	mutex_lock(&br->lock);
	cb->seq = br->table.gen + 1;
	e = list_first_entry(head, struct sdnbr_entry, list);
	if (cb->args[SDNBR_DUMP_STARTED]) {
		memcpy(&key, &cb->args[SDNBR_DUMP_LAST_KEY], sizeof(key));
		last = sdnbr_lookup_locked(&br->table, &key);
		/*
		 * Gone since the last message: start over. The generation has
		 * changed, so the messages say NLM_F_DUMP_INTR and the reader
		 * knows to retry.
		 */
		if (last)
			e = list_next_entry(last, list);
	}
	for (; !list_entry_is_head(e, head, list); e = list_next_entry(e, list)) {
		void *hdr;

		hdr = sdnbr_msg_start(skb, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI,
				      t->cmd_get, dev);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (sdnbr_fill_entry(skb, t, e, NULL, true)) {
			genlmsg_cancel(skb, hdr);
			/* too big even alone: fail rather than end early */
			if (!skb->len) {
				mutex_unlock(&br->lock);
				dev_put(dev);
				return -EMSGSIZE;
			}
			break;
		}
		genlmsg_end(skb, hdr);
		memcpy(&cb->args[SDNBR_DUMP_LAST_KEY], &e->key, sizeof(e->key));
		cb->args[SDNBR_DUMP_STARTED] = 1;
	}
	mutex_unlock(&br->lock);
	dev_put(dev);
	return skb->len;
}

/* ---- bridge settings ----------------------------------------------------- */

static int sdnbr_fill_config(struct sk_buff *skb, const struct sdnbr_config *cfg)
{
	struct nlattr *nest = nla_nest_start(skb, SDNBR_A_CONFIG);
	unsigned int i;

	if (!nest || nla_put_u8(skb, SDNBR_CFG_A_MODE, cfg->mode))
		return -EMSGSIZE;
	for (i = 0; i < cfg->n_cluster; i++)
		if (sdnbr_put_prefix(skb, SDNBR_CFG_A_CLUSTER_NETWORK,
				     &cfg->cluster[i]))
			return -EMSGSIZE;
	if (((cfg->has & SDNBR_HAS_SERVICE) &&
	     sdnbr_put_prefix(skb, SDNBR_CFG_A_SERVICE_NETWORK, &cfg->service)) ||
	    ((cfg->has & SDNBR_HAS_LOCAL) &&
	     sdnbr_put_prefix(skb, SDNBR_CFG_A_LOCAL_SUBNET, &cfg->local)) ||
	    ((cfg->has & SDNBR_HAS_GATEWAY) &&
	     nla_put_in_addr(skb, SDNBR_CFG_A_GATEWAY, cfg->gateway)) ||
	    ((cfg->has & SDNBR_HAS_NODE_IP) &&
	     nla_put_in_addr(skb, SDNBR_CFG_A_NODE_IP, cfg->node_ip)) ||
	    nla_put_u16(skb, SDNBR_CFG_A_VXLAN_PORT, cfg->vxlan_port) ||
	    nla_put_u32(skb, SDNBR_CFG_A_MTU, cfg->mtu) ||
	    nla_put_u32(skb, SDNBR_CFG_A_MAX_ENTRIES, cfg->max_entries))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int sdnbr_fill_drop(struct sk_buff *skb, int type, u32 reason,
			   u32 table, u64 packets)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    (type == SDNBR_STATS_A_DROP &&
	     nla_put_u32(skb, SDNBR_DROP_A_REASON, reason)) ||
	    nla_put_u32(skb, SDNBR_DROP_A_TABLE, table) ||
	    nla_put_u64_64bit(skb, SDNBR_DROP_A_PACKETS, packets,
			      SDNBR_DROP_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static void sdnbr_sum_stats(struct sdnbr_bridge *br, u64 *packets, u64 *drops,
			    u64 *stages, u64 *ct_lookups)
{
	int cpu, r;

	*packets = 0;
	*ct_lookups = 0;
	memset(drops, 0, sizeof(u64) * __SDNBR_DROP_MAX);
	memset(stages, 0, sizeof(u64) * SDNBR_N_STAGES);
	for_each_possible_cpu(cpu) {
		const struct sdnbr_br_stats *s = per_cpu_ptr(br->stats, cpu);
		u64 d[__SDNBR_DROP_MAX], st[SDNBR_N_STAGES], p, ct;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			p = u64_stats_read(&s->packets);
			ct = u64_stats_read(&s->ct_lookups);
			for (r = 0; r < __SDNBR_DROP_MAX; r++)
				d[r] = u64_stats_read(&s->drops[r]);
			for (r = 0; r < SDNBR_N_STAGES; r++)
				st[r] = u64_stats_read(&s->stages[r]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*packets += p;
		*ct_lookups += ct;
		for (r = 0; r < __SDNBR_DROP_MAX; r++)
			drops[r] += d[r];
		for (r = 0; r < SDNBR_N_STAGES; r++)
			stages[r] += st[r];
	}
}

static int sdnbr_fill_stats(struct sk_buff *skb, struct sdnbr_bridge *br)
{
	const u8 *stages = sdnbr_stage_tables;
	u64 packets, drops[__SDNBR_DROP_MAX], passed[SDNBR_N_STAGES], ct_lookups;
	const struct sdnbr_flow_table *t = &br->table;
	struct nlattr *stats, *nest;
	unsigned int i, r;

	sdnbr_sum_stats(br, &packets, drops, passed, &ct_lookups);
	stats = nla_nest_start(skb, SDNBR_A_STATS);
	if (!stats ||
	    nla_put_u32(skb, SDNBR_STATS_A_ENTRIES, READ_ONCE(t->n_user)) ||
	    nla_put_u32(skb, SDNBR_STATS_A_PODS,
			READ_ONCE(t->count[SDNBR_ENTRY_POD])) ||
	    nla_put_u32(skb, SDNBR_STATS_A_NODES,
			READ_ONCE(t->count[SDNBR_ENTRY_NODE])) ||
	    nla_put_u32(skb, SDNBR_STATS_A_NAMESPACES,
			READ_ONCE(t->count[SDNBR_ENTRY_NS])) ||
	    nla_put_u32(skb, SDNBR_STATS_A_EGRESS,
			READ_ONCE(t->count[SDNBR_ENTRY_EGRESS])) ||
	    nla_put_u32(skb, SDNBR_STATS_A_FIREWALLS,
			READ_ONCE(t->count[SDNBR_ENTRY_FW])) ||
	    nla_put_u64_64bit(skb, SDNBR_STATS_A_MEMORY, READ_ONCE(t->memory),
			      SDNBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SDNBR_STATS_A_PACKETS, packets,
			      SDNBR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, SDNBR_STATS_A_CT_LOOKUPS, ct_lookups,
			      SDNBR_STATS_A_PAD))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, SDNBR_STATS_A_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (r = 1; r < __SDNBR_DROP_MAX; r++)
		if (drops[r] &&
		    sdnbr_fill_drop(skb, SDNBR_STATS_A_DROP, r,
				    sdnbr_drop_table(r), drops[r]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, SDNBR_STATS_A_STAGE_DROPS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < SDNBR_N_STAGES; i++) {
		u64 sum = 0;

		for (r = 1; r < __SDNBR_DROP_MAX; r++)
			if (sdnbr_drop_table(r) == stages[i])
				sum += drops[r];
		if (sum && sdnbr_fill_drop(skb, SDNBR_STATS_A_STAGE, 0,
					   stages[i], sum))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, SDNBR_STATS_A_STAGE_PACKETS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < SDNBR_N_STAGES; i++)
		if (passed[i] && sdnbr_fill_drop(skb, SDNBR_STATS_A_STAGE, 0,
						 stages[i], passed[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	nla_nest_end(skb, stats);
	return 0;
}

static int sdnbr_fill_bridge(struct sk_buff *skb, struct net_device *dev,
			     u32 portid, u32 seq, int flags)
{
	struct sdnbr_bridge *br = netdev_priv(dev);
	const struct sdnbr_config *cfg;
	void *hdr;
	int err;

	hdr = sdnbr_msg_start(skb, portid, seq, flags, SDNBR_CMD_BR_GET, dev);
	if (!hdr)
		return -EMSGSIZE;
	rcu_read_lock();
	cfg = rcu_dereference(br->cfg);
	err = sdnbr_fill_config(skb, cfg) ?: sdnbr_fill_stats(skb, br);
	rcu_read_unlock();
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int sdnbr_nl_br_get(struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;
	struct sk_buff *msg;
	int err;

	dev = sdnbr_nl_bridge(genl_info_net(info), info->attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		dev_put(dev);
		return -ENOMEM;
	}
	err = sdnbr_fill_bridge(msg, dev, info->snd_portid, info->snd_seq, 0);
	dev_put(dev);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int sdnbr_nl_br_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0;

	/* bridges in netdev list order; cb->args[0] counts those sent */
	rcu_read_lock();
	cb->seq = net->dev_base_seq;
	for_each_netdev_rcu(net, dev) {
		if (!sdnbr_is_bridge(dev))
			continue;
		if (idx++ < cb->args[0])
			continue;
		if (sdnbr_fill_bridge(skb, dev, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = idx;
	}
	rcu_read_unlock();
	return skb->len;
}

static int sdnbr_cfg_fill_event(struct sk_buff *skb, struct sdnbr_bridge *br)
{
	return sdnbr_fill_config(skb, sdnbr_cfg_locked(br));
}

/* Every node subnet must stay in a cluster network and off the local one. */
static int sdnbr_cfg_check_nodes(struct sdnbr_bridge *br,
				 const struct sdnbr_config *cfg,
				 struct netlink_ext_ack *extack)
{
	struct sdnbr_entry *e;

	list_for_each_entry(e, &br->table.lists[SDNBR_ENTRY_NODE], list) {
		struct sdnbr_prefix p = {
			.addr = e->key.addr,
			.plen = e->key.plen,
			.mask = inet_make_mask(e->key.plen),
		};

		if (!sdnbr_cluster_has_prefix(cfg, &p) ||
		    ((cfg->has & SDNBR_HAS_LOCAL) &&
		     sdnbr_prefix_overlap(&p, &cfg->local))) {
			NL_SET_ERR_MSG(extack,
				       "a remote node's subnet would leave the cluster networks or overlap the local subnet");
			return -EBUSY;
		}
	}
	return 0;
}

static int sdnbr_cfg_validate(struct sdnbr_bridge *br,
			      const struct sdnbr_config *old,
			      const struct sdnbr_config *cfg,
			      struct nlattr **tb,
			      struct netlink_ext_ack *extack)
{
	const struct sdnbr_flow_table *t = &br->table;
	unsigned int i, j;

	for (i = 0; i < cfg->n_cluster; i++)
		for (j = 0; j < i; j++)
			if (sdnbr_prefix_overlap(&cfg->cluster[i],
						 &cfg->cluster[j])) {
				NL_SET_ERR_MSG_ATTR(extack,
						    tb[SDNBR_CFG_A_CLUSTER_NETWORK],
						    "cluster networks overlap");
				return -EINVAL;
			}
	if (cfg->has & SDNBR_HAS_SERVICE)
		for (i = 0; i < cfg->n_cluster; i++)
			if (sdnbr_prefix_overlap(&cfg->service,
						 &cfg->cluster[i])) {
				NL_SET_ERR_MSG_ATTR(extack,
						    tb[SDNBR_CFG_A_SERVICE_NETWORK],
						    "the service network overlaps a cluster network");
				return -EINVAL;
			}
	if ((cfg->has & SDNBR_HAS_LOCAL) &&
	    !sdnbr_cluster_has_prefix(cfg, &cfg->local)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_CFG_A_LOCAL_SUBNET],
				    "the local subnet is outside every cluster network");
		return -EINVAL;
	}
	if (cfg->has & SDNBR_HAS_GATEWAY) {
		if (!(cfg->has & SDNBR_HAS_LOCAL) ||
		    !sdnbr_prefix_has(&cfg->local, cfg->gateway) ||
		    cfg->gateway == cfg->local.addr ||
		    cfg->gateway == (cfg->local.addr | ~cfg->local.mask)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_CFG_A_GATEWAY],
					    "the gateway must be a host address of the local subnet");
			return -EINVAL;
		}
	}
	if (cfg->max_entries < t->n_user) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_CFG_A_MAX_ENTRIES],
				    "max-entries is below the number of entries installed");
		return -EBUSY;
	}
	if (t->count[SDNBR_ENTRY_POD] &&
	    (old->local.addr != cfg->local.addr ||
	     old->local.plen != cfg->local.plen ||
	     old->gateway != cfg->gateway)) {
		NL_SET_ERR_MSG(extack,
			       "pods are installed: flush them before changing the local subnet or gateway");
		return -EBUSY;
	}
	if (t->count[SDNBR_ENTRY_NODE])
		return sdnbr_cfg_check_nodes(br, cfg, extack);
	return 0;
}

static int sdnbr_cfg_parse(struct sdnbr_config *cfg, struct nlattr **tb,
			   struct nlattr *nest, struct netlink_ext_ack *extack)
{
	struct nlattr *attr;
	int rem, err;

	if (tb[SDNBR_CFG_A_MODE])
		cfg->mode = nla_get_u8(tb[SDNBR_CFG_A_MODE]);
	if (tb[SDNBR_CFG_A_CLUSTER_NETWORK]) {
		cfg->n_cluster = 0;
		nla_for_each_nested(attr, nest, rem) {
			if (nla_type(attr) != SDNBR_CFG_A_CLUSTER_NETWORK)
				continue;
			if (cfg->n_cluster == SDNBR_MAX_CLUSTER_NETWORKS) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "too many cluster networks (at most 16)");
				return -E2BIG;
			}
			err = sdnbr_nl_prefix(attr, &cfg->cluster[cfg->n_cluster],
					      extack);
			if (err)
				return err;
			if (!cfg->cluster[cfg->n_cluster].plen) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "a cluster network cannot be 0.0.0.0/0");
				return -EINVAL;
			}
			cfg->n_cluster++;
		}
	}
	if (tb[SDNBR_CFG_A_SERVICE_NETWORK]) {
		err = sdnbr_nl_prefix(tb[SDNBR_CFG_A_SERVICE_NETWORK],
				      &cfg->service, extack);
		if (err)
			return err;
		cfg->has |= SDNBR_HAS_SERVICE;
	}
	if (tb[SDNBR_CFG_A_LOCAL_SUBNET]) {
		err = sdnbr_nl_prefix(tb[SDNBR_CFG_A_LOCAL_SUBNET], &cfg->local,
				      extack);
		if (err)
			return err;
		if (cfg->local.plen > 30) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_CFG_A_LOCAL_SUBNET],
					    "the local subnet is too small for a gateway and pods");
			return -EINVAL;
		}
		cfg->has |= SDNBR_HAS_LOCAL;
	}
	if (tb[SDNBR_CFG_A_GATEWAY]) {
		cfg->gateway = nla_get_in_addr(tb[SDNBR_CFG_A_GATEWAY]);
		cfg->has |= SDNBR_HAS_GATEWAY;
	}
	if (tb[SDNBR_CFG_A_NODE_IP]) {
		cfg->node_ip = nla_get_in_addr(tb[SDNBR_CFG_A_NODE_IP]);
		cfg->has |= SDNBR_HAS_NODE_IP;
	}
	if (tb[SDNBR_CFG_A_VXLAN_PORT])
		cfg->vxlan_port = nla_get_u16(tb[SDNBR_CFG_A_VXLAN_PORT]);
	if (tb[SDNBR_CFG_A_MTU])
		cfg->mtu = nla_get_u32(tb[SDNBR_CFG_A_MTU]);
	if (tb[SDNBR_CFG_A_MAX_ENTRIES])
		cfg->max_entries = nla_get_u32(tb[SDNBR_CFG_A_MAX_ENTRIES]);
	return 0;
}

static int sdnbr_nl_br_set(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[SDNBR_CFG_A_MAX + 1];
	struct sdnbr_config *cfg = NULL;
	const struct sdnbr_config *old;
	struct nlattr *nest = info->attrs[SDNBR_A_CONFIG];
	struct net_device *dev;
	struct sdnbr_bridge *br;
	int err;

	static const int ro[] = { SDNBR_A_STATS };

	if (GENL_REQ_ATTR_CHECK(info, SDNBR_A_CONFIG)) {
		NL_SET_ERR_MSG(extack, "the request carries no settings");
		return -EINVAL;
	}
	err = sdnbr_reject_counters(info->attrs, ro, ARRAY_SIZE(ro), extack);
	if (err)
		return err;
	err = nla_parse_nested(tb, SDNBR_CFG_A_MAX, nest, sdnbr_cfg_policy,
			       extack);
	if (err)
		return err;
	dev = sdnbr_nl_bridge(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	br = netdev_priv(dev);

	mutex_lock(&br->lock);
	old = sdnbr_cfg_locked(br);
	cfg = kmemdup(old, sizeof(*old), GFP_KERNEL_ACCOUNT);
	if (!cfg) {
		err = -ENOMEM;
		goto unlock;
	}
	err = sdnbr_cfg_parse(cfg, tb, nest, extack) ?:
	      sdnbr_cfg_validate(br, old, cfg, tb, extack);
	if (err) {
		kfree(cfg);
		goto unlock;
	}
	rcu_assign_pointer(br->cfg, cfg);
	kfree_rcu((struct sdnbr_config *)old, rcu);
	br->table.gen++;
	sdnbr_notify_simple(dev, SDNBR_CMD_BR_SET, info, sdnbr_cfg_fill_event, br);
unlock:
	mutex_unlock(&br->lock);
	dev_put(dev);
	return err;
}

/* ---- the family ---------------------------------------------------------- */

/* Changes need CAP_NET_ADMIN in the netns; reading does not. */
static const struct genl_ops sdnbr_genl_ops[] = {
	{ .cmd = SDNBR_CMD_BR_GET, .doit = sdnbr_nl_br_get,
	  .dumpit = sdnbr_nl_br_dump },
	{ .cmd = SDNBR_CMD_BR_SET, .doit = sdnbr_nl_br_set,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_POD_NEW, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_POD_DEL, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_POD_GET, .doit = sdnbr_nl_get,
	  .start = sdnbr_nl_dump_start, .dumpit = sdnbr_nl_dump },
	{ .cmd = SDNBR_CMD_POD_FLUSH, .doit = sdnbr_nl_flush,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NODE_NEW, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NODE_DEL, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NODE_GET, .doit = sdnbr_nl_get,
	  .start = sdnbr_nl_dump_start, .dumpit = sdnbr_nl_dump },
	{ .cmd = SDNBR_CMD_NODE_FLUSH, .doit = sdnbr_nl_flush,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NS_NEW, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NS_DEL, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_NS_GET, .doit = sdnbr_nl_get,
	  .start = sdnbr_nl_dump_start, .dumpit = sdnbr_nl_dump },
	{ .cmd = SDNBR_CMD_NS_FLUSH, .doit = sdnbr_nl_flush,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_EGRESS_NEW, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_EGRESS_DEL, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_EGRESS_GET, .doit = sdnbr_nl_get,
	  .start = sdnbr_nl_dump_start, .dumpit = sdnbr_nl_dump },
	{ .cmd = SDNBR_CMD_EGRESS_FLUSH, .doit = sdnbr_nl_flush,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_FW_NEW, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_FW_DEL, .doit = sdnbr_nl_change,
	  .flags = GENL_UNS_ADMIN_PERM },
	{ .cmd = SDNBR_CMD_FW_GET, .doit = sdnbr_nl_get,
	  .start = sdnbr_nl_dump_start, .dumpit = sdnbr_nl_dump },
	{ .cmd = SDNBR_CMD_FW_FLUSH, .doit = sdnbr_nl_flush,
	  .flags = GENL_UNS_ADMIN_PERM },
	/* it builds and runs a packet: as much privilege as sending one */
	{ .cmd = SDNBR_CMD_TRACE, .doit = sdnbr_nl_trace,
	  .flags = GENL_UNS_ADMIN_PERM },
};

static struct genl_family sdnbr_genl_family __ro_after_init = {
	.name		= SDNBR_GENL_NAME,
	.version	= SDNBR_GENL_VERSION,
	.maxattr	= SDNBR_A_MAX,
	.policy		= sdnbr_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= sdnbr_genl_ops,
	.n_ops		= ARRAY_SIZE(sdnbr_genl_ops),
	/*
	 * NEW takes rtnetlink's NLM_F_CREATE, NLM_F_EXCL and NLM_F_REPLACE,
	 * which genetlink's header check refuses for ops at or above
	 * resv_start_op. Attributes are still validated strictly.
	 */
	.resv_start_op	= __SDNBR_CMD_MAX,
	.mcgrps		= sdnbr_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(sdnbr_mcgrps),
};

int sdnbr_genl_init(void)
{
	return genl_register_family(&sdnbr_genl_family);
}

void sdnbr_genl_exit(void)
{
	genl_unregister_family(&sdnbr_genl_family);
}
