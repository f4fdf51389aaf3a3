// SPDX-License-Identifier: GPL-2.0
/*
 * Builders and parsers for the sdnbr generic netlink messages.
 *
 * The parsers walk the attributes themselves rather than using libnl
 * policies: a prefix list repeats inside one nest, drop counters repeat,
 * and every fixed-size attribute must have exactly its size (a u32 sent
 * as a u64 would read as a different number on big-endian machines).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <netlink/genl/genl.h>

#include "sdnbr_msg.h"
#include "sdnbr_names.h"
#include "sdnbr_nl.h"

/* ---- building ------------------------------------------------------------ */

/* libnl reports a full message as -NLE_NOMEM; say what it means. */
#define PUT(call)				\
	do {					\
		if ((call) < 0)			\
			return -EMSGSIZE;	\
	} while (0)

struct nl_msg *sdnbr_msg_new(uint16_t family, uint8_t cmd, int flags,
			     size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags, cmd,
			 SDNBR_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int sdnbr_msg_put_dev(struct nl_msg *msg, const char *ifname,
		      uint32_t ifindex)
{
	if (ifname && *ifname)
		PUT(nla_put_string(msg, SDNBR_A_IFNAME, ifname));
	else
		PUT(nla_put_u32(msg, SDNBR_A_IFINDEX, ifindex));
	return 0;
}

int sdnbr_msg_put_prefix(struct nl_msg *msg, int type,
			 const struct sdnbr_prefix *p)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		return -EMSGSIZE;
	PUT(nla_put_u32(msg, SDNBR_PREFIX_A_ADDR, p->addr.s_addr));
	PUT(nla_put_u8(msg, SDNBR_PREFIX_A_PLEN, p->plen));
	nla_nest_end(msg, nest);
	return 0;
}

#define HAS(x, attr) ((x)->has & SDNBR_HAS(attr))

int sdnbr_msg_put_config(struct nl_msg *msg, const struct sdnbr_config *cfg)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_CONFIG);
	unsigned int i;
	int ret;

	if (!nest)
		return -EMSGSIZE;
	if (HAS(cfg, SDNBR_CFG_A_MODE))
		PUT(nla_put_u8(msg, SDNBR_CFG_A_MODE, cfg->mode));
	if (HAS(cfg, SDNBR_CFG_A_CLUSTER_NETWORK)) {
		for (i = 0; i < cfg->n_cluster; i++) {
			ret = sdnbr_msg_put_prefix(msg,
						   SDNBR_CFG_A_CLUSTER_NETWORK,
						   &cfg->cluster[i]);
			if (ret)
				return ret;
		}
	}
	if (HAS(cfg, SDNBR_CFG_A_SERVICE_NETWORK)) {
		ret = sdnbr_msg_put_prefix(msg, SDNBR_CFG_A_SERVICE_NETWORK,
					   &cfg->service);
		if (ret)
			return ret;
	}
	if (HAS(cfg, SDNBR_CFG_A_LOCAL_SUBNET)) {
		ret = sdnbr_msg_put_prefix(msg, SDNBR_CFG_A_LOCAL_SUBNET,
					   &cfg->local_subnet);
		if (ret)
			return ret;
	}
	if (HAS(cfg, SDNBR_CFG_A_GATEWAY))
		PUT(nla_put_u32(msg, SDNBR_CFG_A_GATEWAY, cfg->gateway.s_addr));
	if (HAS(cfg, SDNBR_CFG_A_NODE_IP))
		PUT(nla_put_u32(msg, SDNBR_CFG_A_NODE_IP, cfg->node_ip.s_addr));
	if (HAS(cfg, SDNBR_CFG_A_VXLAN_PORT))
		PUT(nla_put_u16(msg, SDNBR_CFG_A_VXLAN_PORT, cfg->vxlan_port));
	if (HAS(cfg, SDNBR_CFG_A_MTU))
		PUT(nla_put_u32(msg, SDNBR_CFG_A_MTU, cfg->mtu));
	if (HAS(cfg, SDNBR_CFG_A_MAX_ENTRIES))
		PUT(nla_put_u32(msg, SDNBR_CFG_A_MAX_ENTRIES, cfg->max_entries));
	nla_nest_end(msg, nest);
	return 0;
}

int sdnbr_msg_put_pod(struct nl_msg *msg, const struct sdnbr_pod *pod)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_POD);

	if (!nest)
		return -EMSGSIZE;
	if (HAS(pod, SDNBR_POD_A_IP))
		PUT(nla_put_u32(msg, SDNBR_POD_A_IP, pod->ip.s_addr));
	if (HAS(pod, SDNBR_POD_A_MAC))
		PUT(nla_put(msg, SDNBR_POD_A_MAC, sizeof(pod->mac), pod->mac));
	if (HAS(pod, SDNBR_POD_A_IFINDEX))
		PUT(nla_put_u32(msg, SDNBR_POD_A_IFINDEX, pod->ifindex));
	if (HAS(pod, SDNBR_POD_A_VNID))
		PUT(nla_put_u32(msg, SDNBR_POD_A_VNID, pod->vnid));
	nla_nest_end(msg, nest);
	return 0;
}

int sdnbr_msg_put_node(struct nl_msg *msg, const struct sdnbr_node *node)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_NODE);
	int ret;

	if (!nest)
		return -EMSGSIZE;
	if (HAS(node, SDNBR_NODE_A_SUBNET)) {
		ret = sdnbr_msg_put_prefix(msg, SDNBR_NODE_A_SUBNET,
					   &node->subnet);
		if (ret)
			return ret;
	}
	if (HAS(node, SDNBR_NODE_A_IP))
		PUT(nla_put_u32(msg, SDNBR_NODE_A_IP, node->ip.s_addr));
	if (HAS(node, SDNBR_NODE_A_VNID))
		PUT(nla_put_u32(msg, SDNBR_NODE_A_VNID, node->vnid));
	nla_nest_end(msg, nest);
	return 0;
}

int sdnbr_msg_put_ns(struct nl_msg *msg, const struct sdnbr_ns *ns)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_NS);

	if (!nest)
		return -EMSGSIZE;
	if (HAS(ns, SDNBR_NS_A_VNID))
		PUT(nla_put_u32(msg, SDNBR_NS_A_VNID, ns->vnid));
	if (HAS(ns, SDNBR_NS_A_GLOBAL))
		PUT(nla_put_u8(msg, SDNBR_NS_A_GLOBAL, ns->global ? 1 : 0));
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A nest's length is 16 bits: a list too long for it must fail here, not
 * wrap around into a nest the kernel reads as something else.
 */
static int nest_end(struct nl_msg *msg, struct nlattr *nest)
{
	size_t len = (size_t)((unsigned char *)nlmsg_tail(nlmsg_hdr(msg)) -
			      (unsigned char *)nest);

	if (len > UINT16_MAX) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int sdnbr_msg_put_egress(struct nl_msg *msg, const struct sdnbr_egress *eg)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_EGRESS), *ip;
	unsigned int i;

	if (!nest)
		return -EMSGSIZE;
	if (HAS(eg, SDNBR_EGRESS_A_VNID))
		PUT(nla_put_u32(msg, SDNBR_EGRESS_A_VNID, eg->vnid));
	/* the mark and the counters are the kernel's to say */
	for (i = 0; HAS(eg, SDNBR_EGRESS_A_IP) && i < eg->n_ips; i++) {
		const struct sdnbr_egress_ip *e = &eg->ips[i];

		ip = nla_nest_start(msg, SDNBR_EGRESS_A_IP);
		if (!ip)
			return -EMSGSIZE;
		if (HAS(e, SDNBR_EGRESS_IP_A_ADDR))
			PUT(nla_put_u32(msg, SDNBR_EGRESS_IP_A_ADDR,
					e->addr.s_addr));
		if (HAS(e, SDNBR_EGRESS_IP_A_NODE))
			PUT(nla_put_u32(msg, SDNBR_EGRESS_IP_A_NODE,
					e->node.s_addr));
		nla_nest_end(msg, ip);
	}
	return nest_end(msg, nest);
}

int sdnbr_msg_put_fw(struct nl_msg *msg, const struct sdnbr_fw *fw)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_A_FW), *rule;
	unsigned int i;
	int ret;

	if (!nest)
		return -EMSGSIZE;
	if (HAS(fw, SDNBR_FW_A_VNID))
		PUT(nla_put_u32(msg, SDNBR_FW_A_VNID, fw->vnid));
	for (i = 0; HAS(fw, SDNBR_FW_A_RULE) && i < fw->n_rules; i++) {
		rule = nla_nest_start(msg, SDNBR_FW_A_RULE);
		if (!rule)
			return -EMSGSIZE;
		PUT(nla_put_u8(msg, SDNBR_FW_RULE_A_ACTION,
			       fw->rules[i].action));
		ret = sdnbr_msg_put_prefix(msg, SDNBR_FW_RULE_A_PREFIX,
					   &fw->rules[i].prefix);
		if (ret)
			return ret;
		nla_nest_end(msg, rule);
	}
	return nest_end(msg, nest);
}

int sdnbr_msg_put_entry(struct nl_msg *msg, const struct sdnbr_entry *e)
{
	switch (e->type) {
	case SDNBR_A_POD:
		return sdnbr_msg_put_pod(msg, &e->pod);
	case SDNBR_A_NODE:
		return sdnbr_msg_put_node(msg, &e->node);
	case SDNBR_A_NS:
		return sdnbr_msg_put_ns(msg, &e->ns);
	case SDNBR_A_EGRESS:
		return sdnbr_msg_put_egress(msg, &e->egress);
	case SDNBR_A_FW:
		return sdnbr_msg_put_fw(msg, &e->fw);
	default:
		return -EINVAL;
	}
}

#define ATTR_SIZE(payload) NLA_ALIGN(NLA_HDRLEN + (payload))
#define PREFIX_SIZE ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(1))
#define EGRESS_IP_SIZE ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(4))
#define FW_RULE_SIZE ATTR_SIZE(ATTR_SIZE(1) + PREFIX_SIZE)

/* Both lists at their limits fit one nest: 1,000 rules are 32,012 bytes. */
_Static_assert(ATTR_SIZE(ATTR_SIZE(4) +
			 SDNBR_MAX_FIREWALL_RULES * FW_RULE_SIZE) <= UINT16_MAX,
	       "a firewall of SDNBR_MAX_FIREWALL_RULES rules fits one nest");
_Static_assert(ATTR_SIZE(ATTR_SIZE(4) +
			 SDNBR_MAX_EGRESS_IPS * EGRESS_IP_SIZE) <= UINT16_MAX,
	       "SDNBR_MAX_EGRESS_IPS egress IPs fit one nest");

size_t sdnbr_msg_entry_size(uint16_t type)
{
	switch (type) {
	case SDNBR_A_POD:
		return ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(6) + ATTR_SIZE(4) +
				 ATTR_SIZE(4));
	case SDNBR_A_NODE:
		return ATTR_SIZE(PREFIX_SIZE + ATTR_SIZE(4) + ATTR_SIZE(4));
	case SDNBR_A_NS:
		return ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(1));
	case SDNBR_A_EGRESS:
		return ATTR_SIZE(ATTR_SIZE(4) +
				 SDNBR_MAX_EGRESS_IPS * EGRESS_IP_SIZE);
	case SDNBR_A_FW:
		return ATTR_SIZE(ATTR_SIZE(4) +
				 SDNBR_MAX_FIREWALL_RULES * FW_RULE_SIZE);
	default:
		return 0;
	}
}

size_t sdnbr_msg_entry_len(const struct sdnbr_entry *e)
{
	size_t len = 0;
	unsigned int i;

	switch (e->type) {
	case SDNBR_A_POD:
		if (HAS(&e->pod, SDNBR_POD_A_IP))
			len += ATTR_SIZE(4);
		if (HAS(&e->pod, SDNBR_POD_A_MAC))
			len += ATTR_SIZE(6);
		if (HAS(&e->pod, SDNBR_POD_A_IFINDEX))
			len += ATTR_SIZE(4);
		if (HAS(&e->pod, SDNBR_POD_A_VNID))
			len += ATTR_SIZE(4);
		break;
	case SDNBR_A_NODE:
		if (HAS(&e->node, SDNBR_NODE_A_SUBNET))
			len += PREFIX_SIZE;
		if (HAS(&e->node, SDNBR_NODE_A_IP))
			len += ATTR_SIZE(4);
		if (HAS(&e->node, SDNBR_NODE_A_VNID))
			len += ATTR_SIZE(4);
		break;
	case SDNBR_A_NS:
		if (HAS(&e->ns, SDNBR_NS_A_VNID))
			len += ATTR_SIZE(4);
		if (HAS(&e->ns, SDNBR_NS_A_GLOBAL))
			len += ATTR_SIZE(1);
		break;
	case SDNBR_A_EGRESS:
		if (HAS(&e->egress, SDNBR_EGRESS_A_VNID))
			len += ATTR_SIZE(4);
		for (i = 0; HAS(&e->egress, SDNBR_EGRESS_A_IP) &&
			    i < e->egress.n_ips; i++) {
			const struct sdnbr_egress_ip *ip = &e->egress.ips[i];

			len += NLA_HDRLEN;
			if (HAS(ip, SDNBR_EGRESS_IP_A_ADDR))
				len += ATTR_SIZE(4);
			if (HAS(ip, SDNBR_EGRESS_IP_A_NODE))
				len += ATTR_SIZE(4);
		}
		break;
	case SDNBR_A_FW:
		if (HAS(&e->fw, SDNBR_FW_A_VNID))
			len += ATTR_SIZE(4);
		if (HAS(&e->fw, SDNBR_FW_A_RULE))
			len += (size_t)e->fw.n_rules * FW_RULE_SIZE;
		break;
	default:
		return 0;
	}
	return ATTR_SIZE(len);
}

/* ---- entries with lists ------------------------------------------------ */

void sdnbr_msg_entry_free(struct sdnbr_entry *e)
{
	switch (e->type) {
	case SDNBR_A_EGRESS:
		free(e->egress.ips);
		e->egress.ips = NULL;
		e->egress.n_ips = 0;
		break;
	case SDNBR_A_FW:
		free(e->fw.rules);
		e->fw.rules = NULL;
		e->fw.n_rules = 0;
		break;
	default:
		break;
	}
}

/* A copy of the @n elements of @size at @src; NULL for none (or ENOMEM). */
static void *dup_list(const void *src, size_t n, size_t size, int *err)
{
	void *p;

	if (!n)
		return NULL;
	p = calloc(n, size);
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(p, src, n * size);
	return p;
}

int sdnbr_msg_entry_dup(struct sdnbr_entry *dst, const struct sdnbr_entry *src)
{
	int err = 0;

	*dst = *src;
	switch (src->type) {
	case SDNBR_A_EGRESS:
		dst->egress.ips = dup_list(src->egress.ips, src->egress.n_ips,
					   sizeof(src->egress.ips[0]), &err);
		if (err)
			dst->egress.n_ips = 0;
		break;
	case SDNBR_A_FW:
		dst->fw.rules = dup_list(src->fw.rules, src->fw.n_rules,
					 sizeof(src->fw.rules[0]), &err);
		if (err)
			dst->fw.n_rules = 0;
		break;
	default:
		break;
	}
	return err;
}

uint64_t sdnbr_msg_entry_key(const struct sdnbr_entry *e)
{
	switch (e->type) {
	case SDNBR_A_POD:
		return e->pod.ip.s_addr;
	case SDNBR_A_NODE:
		return (uint64_t)e->node.subnet.plen << 32 |
		       e->node.subnet.addr.s_addr;
	case SDNBR_A_NS:
		return e->ns.vnid;
	case SDNBR_A_EGRESS:
		return e->egress.vnid;
	case SDNBR_A_FW:
		return e->fw.vnid;
	default:
		return 0;
	}
}

/* ---- parsing ------------------------------------------------------------- */

struct nlattr *sdnbr_msg_attrs(const struct nlmsghdr *nlh, int *len)
{
	const size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	if (nlh->nlmsg_len < hdr) {
		*len = 0;
		return NULL;
	}
	*len = (int)(nlh->nlmsg_len - hdr);
	return (struct nlattr *)((unsigned char *)nlh + hdr);
}

uint8_t sdnbr_msg_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = nlmsg_data(nlh);

	return nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ? 0 : g->cmd;
}

static int get_fixed(const struct nlattr *nla, void *dst, size_t size)
{
	if ((size_t)nla_len(nla) != size)
		return -EPROTO;
	memcpy(dst, nla_data(nla), size);
	return 0;
}

#define GET(nla, dst)						\
	do {							\
		if (get_fixed((nla), &(dst), sizeof(dst)))	\
			return -EPROTO;				\
	} while (0)

int sdnbr_msg_parse_prefix(struct nlattr *nest, struct sdnbr_prefix *p)
{
	bool addr = false, plen = false;
	struct nlattr *a;
	int rem;

	memset(p, 0, sizeof(*p));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_PREFIX_A_ADDR:
			GET(a, p->addr.s_addr);
			addr = true;
			break;
		case SDNBR_PREFIX_A_PLEN:
			GET(a, p->plen);
			plen = true;
			break;
		}
	}
	return addr && plen && p->plen <= 32 ? 0 : -EPROTO;
}

int sdnbr_msg_parse_counters(struct nlattr *nest, struct sdnbr_counters *c)
{
	struct nlattr *a;
	int rem;

	memset(c, 0, sizeof(*c));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_COUNTER_A_PACKETS:
			GET(a, c->packets);
			break;
		case SDNBR_COUNTER_A_BYTES:
			GET(a, c->bytes);
			break;
		}
	}
	return 0;
}

int sdnbr_msg_parse_config(struct nlattr *nest, struct sdnbr_config *cfg)
{
	struct nlattr *a;
	int rem, type;

	memset(cfg, 0, sizeof(*cfg));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_CFG_A_MODE:
			GET(a, cfg->mode);
			break;
		case SDNBR_CFG_A_CLUSTER_NETWORK:
			if (cfg->n_cluster == SDNBR_MAX_CLUSTER_NETWORKS)
				return -EPROTO;
			if (sdnbr_msg_parse_prefix(a,
					&cfg->cluster[cfg->n_cluster]))
				return -EPROTO;
			cfg->n_cluster++;
			break;
		case SDNBR_CFG_A_SERVICE_NETWORK:
			if (sdnbr_msg_parse_prefix(a, &cfg->service))
				return -EPROTO;
			break;
		case SDNBR_CFG_A_LOCAL_SUBNET:
			if (sdnbr_msg_parse_prefix(a, &cfg->local_subnet))
				return -EPROTO;
			break;
		case SDNBR_CFG_A_GATEWAY:
			GET(a, cfg->gateway.s_addr);
			break;
		case SDNBR_CFG_A_NODE_IP:
			GET(a, cfg->node_ip.s_addr);
			break;
		case SDNBR_CFG_A_VXLAN_PORT:
			GET(a, cfg->vxlan_port);
			break;
		case SDNBR_CFG_A_MTU:
			GET(a, cfg->mtu);
			break;
		case SDNBR_CFG_A_MAX_ENTRIES:
			GET(a, cfg->max_entries);
			break;
		default:
			continue;
		}
		cfg->has |= SDNBR_HAS(type);
	}
	return 0;
}

static int parse_drop(struct nlattr *nest, struct sdnbr_drop *d)
{
	struct nlattr *a;
	int rem, type;

	memset(d, 0, sizeof(*d));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_DROP_A_REASON:
			GET(a, d->reason);
			break;
		case SDNBR_DROP_A_TABLE:
			GET(a, d->table);
			break;
		case SDNBR_DROP_A_PACKETS:
			GET(a, d->packets);
			break;
		default:
			continue;
		}
		d->has |= SDNBR_HAS(type);
	}
	return 0;
}

/* SDNBR_STATS_A_DROPS or _STAGE_DROPS: a list of @want nests. */
static int parse_drop_list(struct nlattr *list, int want,
			   struct sdnbr_drop *out, unsigned int *n,
			   unsigned int *lost)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, list, rem) {
		if (nla_type(a) != want)
			continue;
		if (*n == SDNBR_STATS_MAX_DROPS) {
			(*lost)++;
			continue;
		}
		if (parse_drop(a, &out[*n]))
			return -EPROTO;
		(*n)++;
	}
	return 0;
}

int sdnbr_msg_parse_stats(struct nlattr *nest, struct sdnbr_stats *st)
{
	struct nlattr *a;
	int rem, type;

	memset(st, 0, sizeof(*st));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_STATS_A_ENTRIES:
			GET(a, st->entries);
			break;
		case SDNBR_STATS_A_PODS:
			GET(a, st->pods);
			break;
		case SDNBR_STATS_A_NODES:
			GET(a, st->nodes);
			break;
		case SDNBR_STATS_A_NAMESPACES:
			GET(a, st->namespaces);
			break;
		case SDNBR_STATS_A_EGRESS:
			GET(a, st->egress);
			break;
		case SDNBR_STATS_A_FIREWALLS:
			GET(a, st->firewalls);
			break;
		case SDNBR_STATS_A_MEMORY:
			GET(a, st->memory);
			break;
		case SDNBR_STATS_A_PACKETS:
			GET(a, st->packets);
			break;
		case SDNBR_STATS_A_CT_LOOKUPS:
			GET(a, st->ct_lookups);
			break;
		case SDNBR_STATS_A_DROPS:
			if (parse_drop_list(a, SDNBR_STATS_A_DROP, st->drops,
					    &st->n_drops, &st->n_lost))
				return -EPROTO;
			break;
		case SDNBR_STATS_A_STAGE_DROPS:
			if (parse_drop_list(a, SDNBR_STATS_A_STAGE, st->stages,
					    &st->n_stages, &st->n_lost))
				return -EPROTO;
			break;
		case SDNBR_STATS_A_STAGE_PACKETS:
			if (parse_drop_list(a, SDNBR_STATS_A_STAGE, st->passed,
					    &st->n_passed, &st->n_lost))
				return -EPROTO;
			break;
		default:
			continue;
		}
		st->has |= SDNBR_HAS(type);
	}
	return 0;
}

int sdnbr_msg_parse_pod(struct nlattr *nest, struct sdnbr_pod *pod)
{
	struct nlattr *a;
	int rem, type;

	memset(pod, 0, sizeof(*pod));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_POD_A_IP:
			GET(a, pod->ip.s_addr);
			break;
		case SDNBR_POD_A_MAC:
			GET(a, pod->mac);
			break;
		case SDNBR_POD_A_IFINDEX:
			GET(a, pod->ifindex);
			break;
		case SDNBR_POD_A_VNID:
			GET(a, pod->vnid);
			break;
		case SDNBR_POD_A_RX:
			sdnbr_msg_parse_counters(a, &pod->rx);
			break;
		case SDNBR_POD_A_TX:
			sdnbr_msg_parse_counters(a, &pod->tx);
			break;
		default:
			continue;
		}
		pod->has |= SDNBR_HAS(type);
	}
	return 0;
}

int sdnbr_msg_parse_node(struct nlattr *nest, struct sdnbr_node *node)
{
	struct nlattr *a;
	int rem, type;

	memset(node, 0, sizeof(*node));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_NODE_A_SUBNET:
			if (sdnbr_msg_parse_prefix(a, &node->subnet))
				return -EPROTO;
			break;
		case SDNBR_NODE_A_IP:
			GET(a, node->ip.s_addr);
			break;
		case SDNBR_NODE_A_VNID:
			GET(a, node->vnid);
			break;
		case SDNBR_NODE_A_TX:
			sdnbr_msg_parse_counters(a, &node->tx);
			break;
		case SDNBR_NODE_A_RX:
			sdnbr_msg_parse_counters(a, &node->rx);
			break;
		default:
			continue;
		}
		node->has |= SDNBR_HAS(type);
	}
	return 0;
}

int sdnbr_msg_parse_ns(struct nlattr *nest, struct sdnbr_ns *ns)
{
	struct nlattr *a;
	uint8_t global;
	int rem, type;

	memset(ns, 0, sizeof(*ns));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_NS_A_VNID:
			GET(a, ns->vnid);
			break;
		case SDNBR_NS_A_GLOBAL:
			GET(a, global);
			ns->global = global != 0;
			break;
		default:
			continue;
		}
		ns->has |= SDNBR_HAS(type);
	}
	return 0;
}

/* How many attributes of @type @nest holds. */
static unsigned int count_nested(struct nlattr *nest, int type)
{
	unsigned int n = 0;
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == type)
			n++;
	}
	return n;
}

static int parse_egress_ip(struct nlattr *nest, struct sdnbr_egress_ip *ip)
{
	struct nlattr *a;
	int rem, type;

	memset(ip, 0, sizeof(*ip));
	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_EGRESS_IP_A_ADDR:
			GET(a, ip->addr.s_addr);
			break;
		case SDNBR_EGRESS_IP_A_NODE:
			GET(a, ip->node.s_addr);
			break;
		default:
			continue;
		}
		ip->has |= SDNBR_HAS(type);
	}
	return HAS(ip, SDNBR_EGRESS_IP_A_ADDR) ? 0 : -EPROTO;
}

static int parse_egress(struct nlattr *nest, struct sdnbr_egress *eg)
{
	struct nlattr *a;
	int rem, type;

	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_EGRESS_A_VNID:
			GET(a, eg->vnid);
			break;
		case SDNBR_EGRESS_A_IP:
			if (parse_egress_ip(a, &eg->ips[eg->n_ips]))
				return -EPROTO;
			eg->n_ips++;
			break;
		case SDNBR_EGRESS_A_MARK:
			GET(a, eg->mark);
			break;
		case SDNBR_EGRESS_A_TX:
			sdnbr_msg_parse_counters(a, &eg->tx);
			break;
		default:
			continue;
		}
		eg->has |= SDNBR_HAS(type);
	}
	return 0;
}

int sdnbr_msg_parse_egress(struct nlattr *nest, struct sdnbr_egress *eg)
{
	unsigned int n = count_nested(nest, SDNBR_EGRESS_A_IP);
	int ret;

	memset(eg, 0, sizeof(*eg));
	if (n) {
		eg->ips = calloc(n, sizeof(eg->ips[0]));
		if (!eg->ips)
			return -ENOMEM;
	}
	ret = parse_egress(nest, eg);
	if (ret) {
		free(eg->ips);
		memset(eg, 0, sizeof(*eg));
	}
	return ret;
}

static int parse_fw_rule(struct nlattr *nest, struct sdnbr_fw_rule *r)
{
	bool action = false, prefix = false;
	struct nlattr *a;
	int rem;

	memset(r, 0, sizeof(*r));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_FW_RULE_A_ACTION:
			GET(a, r->action);
			action = true;
			break;
		case SDNBR_FW_RULE_A_PREFIX:
			if (sdnbr_msg_parse_prefix(a, &r->prefix))
				return -EPROTO;
			prefix = true;
			break;
		}
	}
	return action && prefix ? 0 : -EPROTO;
}

static int parse_fw(struct nlattr *nest, struct sdnbr_fw *fw)
{
	struct nlattr *a;
	int rem, type;

	nla_for_each_nested(a, nest, rem) {
		type = nla_type(a);
		switch (type) {
		case SDNBR_FW_A_VNID:
			GET(a, fw->vnid);
			break;
		case SDNBR_FW_A_RULE:
			if (parse_fw_rule(a, &fw->rules[fw->n_rules]))
				return -EPROTO;
			fw->n_rules++;
			break;
		case SDNBR_FW_A_ALLOWED:
			sdnbr_msg_parse_counters(a, &fw->allowed);
			break;
		case SDNBR_FW_A_DENIED:
			sdnbr_msg_parse_counters(a, &fw->denied);
			break;
		default:
			continue;
		}
		fw->has |= SDNBR_HAS(type);
	}
	return 0;
}

int sdnbr_msg_parse_fw(struct nlattr *nest, struct sdnbr_fw *fw)
{
	unsigned int n = count_nested(nest, SDNBR_FW_A_RULE);
	int ret;

	memset(fw, 0, sizeof(*fw));
	if (n) {
		fw->rules = calloc(n, sizeof(fw->rules[0]));
		if (!fw->rules)
			return -ENOMEM;
	}
	ret = parse_fw(nest, fw);
	if (ret) {
		free(fw->rules);
		memset(fw, 0, sizeof(*fw));
	}
	return ret;
}

int sdnbr_msg_parse_entry(struct nlattr *nest, struct sdnbr_entry *e)
{
	e->type = (uint16_t)nla_type(nest);
	switch (e->type) {
	case SDNBR_A_POD:
		return sdnbr_msg_parse_pod(nest, &e->pod);
	case SDNBR_A_NODE:
		return sdnbr_msg_parse_node(nest, &e->node);
	case SDNBR_A_NS:
		return sdnbr_msg_parse_ns(nest, &e->ns);
	case SDNBR_A_EGRESS:
		return sdnbr_msg_parse_egress(nest, &e->egress);
	case SDNBR_A_FW:
		return sdnbr_msg_parse_fw(nest, &e->fw);
	default:
		return -EPROTO;
	}
}

/* SDNBR_A_IFINDEX or SDNBR_A_IFNAME; 1 if @a is neither. */
static int parse_dev(struct nlattr *a, struct sdnbr_bridge *br)
{
	int len;

	switch (nla_type(a)) {
	case SDNBR_A_IFINDEX:
		GET(a, br->ifindex);
		br->has |= SDNBR_HAS(SDNBR_A_IFINDEX);
		return 0;
	case SDNBR_A_IFNAME:
		len = nla_len(a);
		if (len < 2 || len > IFNAMSIZ ||
		    ((const char *)nla_data(a))[len - 1])
			return -EPROTO;
		memcpy(br->ifname, nla_data(a), (size_t)len);
		br->has |= SDNBR_HAS(SDNBR_A_IFNAME);
		return 0;
	default:
		return 1;
	}
}

int sdnbr_msg_parse_bridge(const struct nlmsghdr *nlh,
			   struct sdnbr_bridge *br)
{
	struct nlattr *attrs, *a;
	int len, rem, ret;

	memset(br, 0, sizeof(*br));
	attrs = sdnbr_msg_attrs(nlh, &len);
	if (!attrs)
		return -EPROTO;
	nla_for_each_attr(a, attrs, len, rem) {
		ret = parse_dev(a, br);
		if (ret <= 0) {
			if (ret)
				return ret;
			continue;
		}
		switch (nla_type(a)) {
		case SDNBR_A_CONFIG:
			if (sdnbr_msg_parse_config(a, &br->cfg))
				return -EPROTO;
			br->has |= SDNBR_HAS(SDNBR_A_CONFIG);
			break;
		case SDNBR_A_STATS:
			if (sdnbr_msg_parse_stats(a, &br->stats))
				return -EPROTO;
			br->has |= SDNBR_HAS(SDNBR_A_STATS);
			break;
		}
	}
	return 0;
}

int sdnbr_msg_for_each_entry(const struct nlmsghdr *nlh, uint16_t type,
			     struct sdnbr_bridge *br,
			     sdnbr_msg_entry_cb cb, void *arg)
{
	struct sdnbr_entry e;
	struct nlattr *attrs, *a;
	int len, rem, ret;

	memset(br, 0, sizeof(*br));
	attrs = sdnbr_msg_attrs(nlh, &len);
	if (!attrs)
		return -EPROTO;
	/* The bridge first: it may follow the entries in the message. */
	nla_for_each_attr(a, attrs, len, rem) {
		ret = parse_dev(a, br);
		if (ret < 0)
			return ret;
	}
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != type)
			continue;
		ret = sdnbr_msg_parse_entry(a, &e);
		if (!ret && cb)
			ret = cb(&e, arg);
		/* a failed parse left no lists behind */
		sdnbr_msg_entry_free(&e);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- locating extended ACK offsets -------------------------------------- */

static bool is_nest(uint16_t top)
{
	switch (top) {
	case SDNBR_A_CONFIG:
	case SDNBR_A_STATS:
	case SDNBR_A_POD:
	case SDNBR_A_NODE:
	case SDNBR_A_NS:
	case SDNBR_A_EGRESS:
	case SDNBR_A_FW:
	case SDNBR_A_PACKET:
		return true;
	default:
		return false;
	}
}

/* The elements of a list: an egress IP, a firewall rule. */
static bool is_element(uint16_t top, uint16_t child)
{
	return (top == SDNBR_A_EGRESS && child == SDNBR_EGRESS_A_IP) ||
	       (top == SDNBR_A_FW && child == SDNBR_FW_A_RULE);
}

/*
 * Finds the attribute of [start, start + len) containing @offset, and
 * counts it among those of its type there (from 1).
 */
static const struct nlattr *find_attr(const unsigned char *base,
				      uint32_t start, uint32_t len,
				      uint32_t offset, uint32_t *at,
				      unsigned int *index)
{
	uint32_t p = start, q, end = start + len;
	struct nlattr nla, prev;

	while (p + NLA_HDRLEN <= end) {
		memcpy(&nla, base + p, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - p)
			return NULL;
		if (offset >= p && offset < p + nla.nla_len)
			break;
		p += NLA_ALIGN(nla.nla_len);
	}
	if (p + NLA_HDRLEN > end)
		return NULL;
	*at = p;
	*index = 1;
	for (q = start; q < p; q += NLA_ALIGN(prev.nla_len)) {
		memcpy(&prev, base + q, sizeof(prev));
		if (!((prev.nla_type ^ nla.nla_type) & NLA_TYPE_MASK))
			(*index)++;
	}
	return (const struct nlattr *)(base + p);
}

int sdnbr_msg_locate(const struct nlmsghdr *req, uint32_t offset,
		     struct sdnbr_msg_loc *loc)
{
	const unsigned char *base = (const unsigned char *)req;
	const uint32_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *top, *child, *grand;
	unsigned int index;
	struct nlattr nla;
	uint32_t at, cat, gat;

	memset(loc, 0, sizeof(*loc));
	if (req->nlmsg_len < hdr || offset < hdr || offset >= req->nlmsg_len)
		return -ENOENT;
	top = find_attr(base, hdr, req->nlmsg_len - hdr, offset, &at, &index);
	if (!top)
		return -ENOENT;
	memcpy(&nla, top, sizeof(nla));
	loc->top = nla.nla_type & NLA_TYPE_MASK;
	loc->top_offset = at;
	if (offset == at || !is_nest(loc->top))
		return 0;
	child = find_attr(base, at + NLA_HDRLEN, nla.nla_len - NLA_HDRLEN,
			  offset, &cat, &index);
	if (!child)
		return 0;
	memcpy(&nla, child, sizeof(nla));
	loc->child = nla.nla_type & NLA_TYPE_MASK;
	loc->child_offset = cat;
	loc->index = index;
	if (offset == cat || !is_element(loc->top, loc->child))
		return 0;
	grand = find_attr(base, cat + NLA_HDRLEN, nla.nla_len - NLA_HDRLEN,
			  offset, &gat, &index);
	if (grand) {
		memcpy(&nla, grand, sizeof(nla));
		loc->grandchild = nla.nla_type & NLA_TYPE_MASK;
	}
	return 0;
}

const char *sdnbr_msg_err_keyword(const struct nlmsghdr *req,
				  const struct sdnbr_extack *ext,
				  bool *missing)
{
	struct sdnbr_msg_loc loc;

	*missing = false;
	if (ext->has & SDNBR_EXTACK_MISS_TYPE) {
		*missing = true;
		if (!(ext->has & SDNBR_EXTACK_MISS_NEST))
			return sdnbr_attr_keyword(0, (uint16_t)ext->miss_type);
		if (sdnbr_msg_locate(req, ext->miss_nest, &loc))
			return NULL;
		/* Missing inside a prefix or a list element: name that. */
		if (loc.child)
			return sdnbr_attr_keyword(loc.top, loc.child);
		return sdnbr_attr_keyword(loc.top, (uint16_t)ext->miss_type);
	}
	if (!(ext->has & SDNBR_EXTACK_OFFS) ||
	    sdnbr_msg_locate(req, ext->offset, &loc))
		return NULL;
	if (loc.child)
		return sdnbr_attr_keyword(loc.top, loc.child);
	/* A whole entry: no one keyword, but no mystery either. */
	if (is_nest(loc.top))
		return "";
	return sdnbr_attr_keyword(0, loc.top);
}

/* The u32 attribute @type directly inside the nest at @at, if there. */
static bool nested_u32(const struct nlmsghdr *req, uint32_t at, uint16_t type,
		       uint32_t *val)
{
	const unsigned char *base = (const unsigned char *)req;
	struct nlattr nest, nla;
	uint32_t p, end;

	memcpy(&nest, base + at, sizeof(nest));
	p = at + NLA_HDRLEN;
	end = at + nest.nla_len;
	while (p + NLA_HDRLEN <= end) {
		memcpy(&nla, base + p, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - p)
			return false;
		if ((nla.nla_type & NLA_TYPE_MASK) == type &&
		    nla.nla_len == NLA_HDRLEN + sizeof(*val)) {
			memcpy(val, base + p + NLA_HDRLEN, sizeof(*val));
			return true;
		}
		p += NLA_ALIGN(nla.nla_len);
	}
	return false;
}

const char *sdnbr_msg_err_name(const struct nlmsghdr *req,
			       const struct sdnbr_extack *ext, bool *missing,
			       char buf[SDNBR_MSG_ERR_NAMELEN])
{
	const char *kw = sdnbr_msg_err_keyword(req, ext, missing);
	char ab[INET_ADDRSTRLEN];
	struct sdnbr_msg_loc loc;
	const char *what = "";
	uint32_t at, addr;

	if (ext->has & SDNBR_EXTACK_MISS_TYPE) {
		if (!(ext->has & SDNBR_EXTACK_MISS_NEST))
			return kw;
		at = ext->miss_nest;
	} else if (ext->has & SDNBR_EXTACK_OFFS) {
		at = ext->offset;
	} else {
		return kw;
	}
	if (!kw || sdnbr_msg_locate(req, at, &loc) ||
	    !is_element(loc.top, loc.child))
		return kw;
	/* Missing from the element itself: say what, and of which. */
	if (*missing && at == loc.child_offset) {
		if (loc.top == SDNBR_A_FW &&
		    ext->miss_type == SDNBR_FW_RULE_A_ACTION)
			what = "action of ";
		else if (loc.top == SDNBR_A_FW &&
			 ext->miss_type == SDNBR_FW_RULE_A_PREFIX)
			what = "prefix of ";
		else if (ext->miss_type == SDNBR_EGRESS_IP_A_ADDR)
			what = "address of ";
	}
	if (loc.top == SDNBR_A_FW)
		snprintf(buf, SDNBR_MSG_ERR_NAMELEN, "%srule %u", what,
			 loc.index);
	else if (nested_u32(req, loc.child_offset, SDNBR_EGRESS_IP_A_ADDR,
			    &addr))
		snprintf(buf, SDNBR_MSG_ERR_NAMELEN, "%sip %s", what,
			 inet_ntop(AF_INET, &addr, ab, sizeof(ab)));
	else
		snprintf(buf, SDNBR_MSG_ERR_NAMELEN, "%sip #%u", what,
			 loc.index);
	return buf;
}
