// SPDX-License-Identifier: GPL-2.0
/*
 * TRACE: the answer to `ovs-appctl ofproto/trace`. A packet described in
 * the request is built as a real skb, as it would arrive from the port,
 * and handed to sdnbr_simulate(), which runs the pipeline's own stage
 * functions on it. Nothing is sent and nothing is counted, so a trace
 * never disturbs the node it explains.
 *
 * The tracepoints of the pipeline are also defined here.
 */

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/dst_metadata.h>
#include <net/genetlink.h>
#include <net/ip.h>

#include "sdnbr.h"

#define CREATE_TRACE_POINTS
#include "sdnbr_trace.h"

/* short frames are allowed: only the headers must fit */
static struct netlink_range_validation sdnbr_len_range = {
	.min = ETH_HLEN,
	.max = 9216 + ETH_HLEN,
};

static struct netlink_range_validation sdnbr_vni_range = {
	.max = SDNBR_VNID_MAX,
};

const struct nla_policy sdnbr_packet_policy[SDNBR_PACKET_A_MAX + 1] = {
	[SDNBR_PACKET_A_IN_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[SDNBR_PACKET_A_ETH_SRC]	= NLA_POLICY_ETH_ADDR,
	[SDNBR_PACKET_A_ETH_DST]	= NLA_POLICY_ETH_ADDR,
	[SDNBR_PACKET_A_ARP]		= NLA_POLICY_MAX(NLA_U8, 1),
	[SDNBR_PACKET_A_SRC]		= { .type = NLA_BE32 },
	[SDNBR_PACKET_A_DST]		= { .type = NLA_BE32 },
	[SDNBR_PACKET_A_PROTO]		= { .type = NLA_U8 },
	[SDNBR_PACKET_A_SPORT]		= { .type = NLA_U16 },
	[SDNBR_PACKET_A_DPORT]		= { .type = NLA_U16 },
	[SDNBR_PACKET_A_TUN_SRC]	= { .type = NLA_BE32 },
	[SDNBR_PACKET_A_TUN_VNI]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&sdnbr_vni_range),
	[SDNBR_PACKET_A_LEN]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&sdnbr_len_range),
};

/* The ingress port: any port of @br, the gateway included. */
static struct sdnbr_port *sdnbr_trace_port(struct sdnbr_bridge *br,
					   const struct nlattr *attr,
					   struct netlink_ext_ack *extack)
{
	struct sdnbr_port *gw = rcu_dereference(br->gateway);
	struct sdnbr_port *port;
	struct net_device *dev;

	dev = dev_get_by_index_rcu(dev_net(br->dev), nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such ingress device");
		return NULL;
	}
	port = gw && gw->dev == dev ? gw : sdnbr_port_get_rcu(dev);
	if (!port || port->br != br) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the ingress device is not a port of this bridge");
		return NULL;
	}
	return port;
}

static unsigned int sdnbr_l4_len(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
		return sizeof(struct udphdr);
	case IPPROTO_ICMP:
		return sizeof(struct icmphdr);
	default:
		return 0;
	}
}

/* Build the frame @tb describes, as it would come in from @in, of @kind. */
static struct sk_buff *sdnbr_trace_skb(struct nlattr **tb,
				       enum sdnbr_port_kind kind,
				       struct net_device *in,
				       const struct net_device *br,
				       struct netlink_ext_ack *extack)
{
	bool arp = tb[SDNBR_PACKET_A_ARP] && nla_get_u8(tb[SDNBR_PACKET_A_ARP]);
	__be32 src = nla_get_be32(tb[SDNBR_PACKET_A_SRC]);
	__be32 dst = nla_get_be32(tb[SDNBR_PACKET_A_DST]);
	u8 proto = tb[SDNBR_PACKET_A_PROTO] ?
		   nla_get_u8(tb[SDNBR_PACKET_A_PROTO]) : IPPROTO_ICMP;
	unsigned int hlen, len;
	struct sk_buff *skb;
	struct ethhdr *eth;
	u8 *l3;

	if (arp && (tb[SDNBR_PACKET_A_PROTO] || tb[SDNBR_PACKET_A_SPORT] ||
		    tb[SDNBR_PACKET_A_DPORT])) {
		NL_SET_ERR_MSG(extack, "an ARP packet has no protocol or ports");
		return ERR_PTR(-EINVAL);
	}
	if (!arp && (tb[SDNBR_PACKET_A_SPORT] || tb[SDNBR_PACKET_A_DPORT]) &&
	    proto != IPPROTO_TCP && proto != IPPROTO_UDP) {
		NL_SET_ERR_MSG(extack, "ports need protocol tcp (6) or udp (17)");
		return ERR_PTR(-EINVAL);
	}
	if (kind == SDNBR_PORT_TUNNEL && !tb[SDNBR_PACKET_A_TUN_SRC]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_PACKET_A_IN_IFINDEX],
				    "a packet from the tunnel port needs its outer source (SDNBR_PACKET_A_TUN_SRC)");
		return ERR_PTR(-EINVAL);
	}
	if (kind != SDNBR_PORT_TUNNEL &&
	    (tb[SDNBR_PACKET_A_TUN_SRC] || tb[SDNBR_PACKET_A_TUN_VNI])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_PACKET_A_TUN_SRC] ?:
				    tb[SDNBR_PACKET_A_TUN_VNI],
				    "tunnel metadata is only for a packet from the tunnel port");
		return ERR_PTR(-EINVAL);
	}

	hlen = ETH_HLEN + (arp ? sizeof(struct arphdr) + 2 * (ETH_ALEN + 4) :
			   sizeof(struct iphdr) + sdnbr_l4_len(proto));
	len = max_t(unsigned int, hlen, ETH_ZLEN);
	if (tb[SDNBR_PACKET_A_LEN]) {
		len = nla_get_u32(tb[SDNBR_PACKET_A_LEN]);
		if (len < hlen) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SDNBR_PACKET_A_LEN],
					    "the length is shorter than the headers");
			return ERR_PTR(-EINVAL);
		}
	}

	skb = alloc_skb(NET_IP_ALIGN + len, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put_zero(skb, len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->dev = in;
	if (tb[SDNBR_PACKET_A_ETH_SRC]) {
		nla_memcpy(eth->h_source, tb[SDNBR_PACKET_A_ETH_SRC], ETH_ALEN);
	} else {
		/* OpenShift SDN's pod MACs: 0a:58 and the IP */
		eth->h_source[0] = 0x0a;
		eth->h_source[1] = 0x58;
		memcpy(&eth->h_source[2], &src, 4);
	}
	if (tb[SDNBR_PACKET_A_ETH_DST])
		nla_memcpy(eth->h_dest, tb[SDNBR_PACKET_A_ETH_DST], ETH_ALEN);
	else if (arp)
		eth_broadcast_addr(eth->h_dest);
	else
		ether_addr_copy(eth->h_dest, br->dev_addr);
	l3 = (u8 *)(eth + 1);

	if (arp) {
		struct arphdr *ah = (struct arphdr *)l3;
		u8 *p = (u8 *)(ah + 1);

		eth->h_proto = htons(ETH_P_ARP);
		ah->ar_hrd = htons(ARPHRD_ETHER);
		ah->ar_pro = htons(ETH_P_IP);
		ah->ar_hln = ETH_ALEN;
		ah->ar_pln = 4;
		ah->ar_op = htons(ARPOP_REQUEST);
		memcpy(p, eth->h_source, ETH_ALEN);
		memcpy(p + ETH_ALEN, &src, 4);
		memcpy(p + 2 * ETH_ALEN + 4, &dst, 4);
	} else {
		struct iphdr *iph = (struct iphdr *)l3;
		__be16 sport = htons(tb[SDNBR_PACKET_A_SPORT] ?
				     nla_get_u16(tb[SDNBR_PACKET_A_SPORT]) : 40000);
		__be16 dport = htons(tb[SDNBR_PACKET_A_DPORT] ?
				     nla_get_u16(tb[SDNBR_PACKET_A_DPORT]) : 0);

		eth->h_proto = htons(ETH_P_IP);
		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = IPDEFTTL;
		iph->protocol = proto;
		iph->saddr = src;
		iph->daddr = dst;
		iph->tot_len = htons(len - ETH_HLEN);
		ip_send_check(iph);
		if (proto == IPPROTO_TCP) {
			struct tcphdr *th = (struct tcphdr *)(iph + 1);

			th->source = sport;
			th->dest = dport;
			th->doff = sizeof(*th) / 4;
			th->syn = 1;
		} else if (proto == IPPROTO_UDP) {
			struct udphdr *uh = (struct udphdr *)(iph + 1);

			uh->source = sport;
			uh->dest = dport;
			uh->len = htons(len - ETH_HLEN - sizeof(*iph));
		} else if (proto == IPPROTO_ICMP) {
			struct icmphdr *ih = (struct icmphdr *)(iph + 1);

			ih->type = ICMP_ECHO;
			ih->un.echo.id = sport;
		}
	}
	skb->protocol = eth->h_proto;

	if (kind == SDNBR_PORT_TUNNEL) {
		struct metadata_dst *md;
		u32 vni = tb[SDNBR_PACKET_A_TUN_VNI] ?
			  nla_get_u32(tb[SDNBR_PACKET_A_TUN_VNI]) : 0;

		md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_KERNEL);
		if (!md) {
			kfree_skb(skb);
			return ERR_PTR(-ENOMEM);
		}
		md->u.tun_info.key.u.ipv4.src =
			nla_get_be32(tb[SDNBR_PACKET_A_TUN_SRC]);
		md->u.tun_info.key.tun_id = key32_to_tunnel_id(cpu_to_be32(vni));
		skb_dst_set(skb, &md->dst);
	}
	return skb;
}

static int sdnbr_trace_put_step(struct sk_buff *msg,
				const struct sdnbr_trace_step *st)
{
	struct nlattr *nest = nla_nest_start(msg, SDNBR_TRACE_A_STEP);

	if (!nest ||
	    nla_put_u32(msg, SDNBR_STEP_A_TABLE, st->table) ||
	    nla_put_u32(msg, SDNBR_STEP_A_RESULT, st->result) ||
	    nla_put_u32(msg, SDNBR_STEP_A_REG0, st->reg0) ||
	    nla_put_u32(msg, SDNBR_STEP_A_REG1, st->reg1))
		return -EMSGSIZE;
	if (st->entry) {
		bool vnid = st->entry == SDNBR_STEP_ENTRY_NS ||
			    st->entry == SDNBR_STEP_ENTRY_EGRESS ||
			    st->entry == SDNBR_STEP_ENTRY_FW;

		if (nla_put_u32(msg, SDNBR_STEP_A_ENTRY, st->entry) ||
		    (vnid ? nla_put_u32(msg, SDNBR_STEP_A_KEY_VNID,
					be32_to_cpu(st->addr)) :
			    (nla_put_in_addr(msg, SDNBR_STEP_A_KEY_ADDR,
					     st->addr) ||
			     nla_put_u8(msg, SDNBR_STEP_A_KEY_PLEN, st->plen))))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int sdnbr_trace_put(struct sk_buff *msg, const struct sdnbr_trace *t)
{
	struct nlattr *trace, *v;
	unsigned int i;

	trace = nla_nest_start(msg, SDNBR_A_TRACE);
	if (!trace)
		return -EMSGSIZE;
	for (i = 0; i < t->n; i++)
		if (sdnbr_trace_put_step(msg, &t->steps[i]))
			return -EMSGSIZE;
	v = nla_nest_start(msg, SDNBR_TRACE_A_VERDICT);
	if (!v)
		return -EMSGSIZE;
	if (t->reason) {
		if (nla_put_u32(msg, SDNBR_VERDICT_A_ACTION, SDNBR_VERDICT_DROP) ||
		    nla_put_u32(msg, SDNBR_VERDICT_A_REASON, t->reason) ||
		    nla_put_u32(msg, SDNBR_VERDICT_A_TABLE, t->table))
			return -EMSGSIZE;
	} else {
		if (nla_put_u32(msg, SDNBR_VERDICT_A_ACTION,
				SDNBR_VERDICT_OUTPUT) ||
		    nla_put_u32(msg, SDNBR_VERDICT_A_PORT_KIND, t->out_kind) ||
		    nla_put_u32(msg, SDNBR_VERDICT_A_IFINDEX, t->out_ifindex) ||
		    nla_put_u32(msg, SDNBR_VERDICT_A_TABLE, t->table) ||
		    (t->out_kind == SDNBR_PORT_TUNNEL &&
		     (nla_put_in_addr(msg, SDNBR_VERDICT_A_TUN_DST, t->tun_dst) ||
		      nla_put_u32(msg, SDNBR_VERDICT_A_VNI, t->vni))) ||
		    (t->mark && nla_put_u32(msg, SDNBR_VERDICT_A_MARK, t->mark)) ||
		    nla_put_u8(msg, SDNBR_VERDICT_A_TO_HOST, t->to_host_mac))
			return -EMSGSIZE;
	}
	nla_nest_end(msg, v);
	nla_nest_end(msg, trace);
	return 0;
}

int sdnbr_nl_trace(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[SDNBR_PACKET_A_MAX + 1];
	struct net_device *dev, *indev = NULL;
	enum sdnbr_port_kind kind = 0;
	struct sdnbr_bridge *br;
	struct sdnbr_trace *t;
	struct sdnbr_port *in;
	struct sk_buff *pkt, *msg;
	void *hdr;
	int err;

	if (info->attrs[SDNBR_A_TRACE]) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[SDNBR_A_TRACE],
				    "the trace is the reply, not a request attribute");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, SDNBR_A_PACKET)) {
		NL_SET_ERR_MSG(extack, "describe the packet (SDNBR_A_PACKET)");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, SDNBR_PACKET_A_MAX,
			       info->attrs[SDNBR_A_PACKET],
			       sdnbr_packet_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, info->attrs[SDNBR_A_PACKET], tb,
			      SDNBR_PACKET_A_IN_IFINDEX)) {
		NL_SET_ERR_MSG(extack, "the packet needs its ingress port");
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, info->attrs[SDNBR_A_PACKET], tb,
			      SDNBR_PACKET_A_SRC) ||
	    NL_REQ_ATTR_CHECK(extack, info->attrs[SDNBR_A_PACKET], tb,
			      SDNBR_PACKET_A_DST)) {
		NL_SET_ERR_MSG(extack,
			       "the packet needs its source and destination address");
		return -EINVAL;
	}

	dev = sdnbr_nl_bridge(genl_info_net(info), info->attrs, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	br = netdev_priv(dev);

	t = kmalloc(sizeof(*t), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!t || !msg) {
		err = -ENOMEM;
		goto out;
	}

	/*
	 * The skb is allocated outside RCU, and the port may go meanwhile:
	 * it is looked up again for the walk itself.
	 */
	rcu_read_lock();
	in = sdnbr_trace_port(br, tb[SDNBR_PACKET_A_IN_IFINDEX], extack);
	if (in) {
		kind = in->kind;
		indev = in->dev;
		dev_hold(indev);
	}
	rcu_read_unlock();
	if (!indev) {
		err = -EINVAL;
		goto out;
	}
	pkt = sdnbr_trace_skb(tb, kind, indev, dev, extack);
	dev_put(indev);
	if (IS_ERR(pkt)) {
		err = PTR_ERR(pkt);
		goto out;
	}

	rcu_read_lock();
	in = sdnbr_trace_port(br, tb[SDNBR_PACKET_A_IN_IFINDEX], extack);
	if (in)
		sdnbr_simulate(in, pkt, t);
	rcu_read_unlock();
	kfree_skb(pkt);
	if (!in) {
		err = -ENODEV;
		goto out;
	}

	err = -EMSGSIZE;
	hdr = sdnbr_msg_start(msg, info->snd_portid, info->snd_seq, 0,
			      SDNBR_CMD_TRACE, dev);
	if (!hdr)
		goto out;
	if (nla_put(msg, SDNBR_A_PACKET, nla_len(info->attrs[SDNBR_A_PACKET]),
		    nla_data(info->attrs[SDNBR_A_PACKET])) ||
	    sdnbr_trace_put(msg, t))
		goto out;
	genlmsg_end(msg, hdr);
	dev_put(dev);
	kfree(t);
	return genlmsg_reply(msg, info);
out:
	nlmsg_free(msg);
	kfree(t);
	dev_put(dev);
	return err;
}
