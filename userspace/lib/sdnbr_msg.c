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
#include <string.h>
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

int sdnbr_msg_put_entry(struct nl_msg *msg, const struct sdnbr_entry *e)
{
	switch (e->type) {
	case SDNBR_A_POD:
		return sdnbr_msg_put_pod(msg, &e->pod);
	case SDNBR_A_NODE:
		return sdnbr_msg_put_node(msg, &e->node);
	case SDNBR_A_NS:
		return sdnbr_msg_put_ns(msg, &e->ns);
	default:
		return -EINVAL;
	}
}

#define ATTR_SIZE(payload) NLA_ALIGN(NLA_HDRLEN + (payload))

size_t sdnbr_msg_entry_size(uint16_t type)
{
	const size_t prefix = ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(1));

	switch (type) {
	case SDNBR_A_POD:
		return ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(6) + ATTR_SIZE(4) +
				 ATTR_SIZE(4));
	case SDNBR_A_NODE:
		return ATTR_SIZE(prefix + ATTR_SIZE(4) + ATTR_SIZE(4));
	case SDNBR_A_NS:
		return ATTR_SIZE(ATTR_SIZE(4) + ATTR_SIZE(1));
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
		case SDNBR_STATS_A_MEMORY:
			GET(a, st->memory);
			break;
		case SDNBR_STATS_A_PACKETS:
			GET(a, st->packets);
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
		return true;
	default:
		return false;
	}
}

/* Finds the attribute of [start, start + len) containing @offset. */
static const struct nlattr *find_attr(const unsigned char *base,
				      uint32_t start, uint32_t len,
				      uint32_t offset, uint32_t *at)
{
	uint32_t p = start, end = start + len;
	struct nlattr nla;

	while (p + NLA_HDRLEN <= end) {
		memcpy(&nla, base + p, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > end - p)
			return NULL;
		if (offset >= p && offset < p + nla.nla_len) {
			*at = p;
			return (const struct nlattr *)(base + p);
		}
		p += NLA_ALIGN(nla.nla_len);
	}
	return NULL;
}

int sdnbr_msg_locate(const struct nlmsghdr *req, uint32_t offset,
		     struct sdnbr_msg_loc *loc)
{
	const unsigned char *base = (const unsigned char *)req;
	const uint32_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	const struct nlattr *top, *child;
	struct nlattr nla;
	uint32_t at, cat;

	memset(loc, 0, sizeof(*loc));
	if (req->nlmsg_len < hdr || offset < hdr || offset >= req->nlmsg_len)
		return -ENOENT;
	top = find_attr(base, hdr, req->nlmsg_len - hdr, offset, &at);
	if (!top)
		return -ENOENT;
	memcpy(&nla, top, sizeof(nla));
	loc->top = nla.nla_type & NLA_TYPE_MASK;
	loc->top_offset = at;
	if (offset == at || !is_nest(loc->top))
		return 0;
	child = find_attr(base, at + NLA_HDRLEN, nla.nla_len - NLA_HDRLEN,
			  offset, &cat);
	if (child) {
		memcpy(&nla, child, sizeof(nla));
		loc->child = nla.nla_type & NLA_TYPE_MASK;
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
		/* Missing inside a prefix: name the prefix. */
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
