// SPDX-License-Identifier: GPL-2.0
/*
 * The pipeline: OpenShift SDN's br0 OpenFlow tables as C functions over
 * the flow table. Every packet from a port enters sdnbr_input() in an RCU
 * read-side section with BH disabled, data at the Ethernet header; it is
 * parsed once, walked through the stages (numbered as the spec's tables)
 * to a verdict, then output or dropped with a reason that is counted.
 *
 * Only the stages decide; only sdnbr_input() acts. The walk's only side
 * effects are counters and table 60 flagging a pod as a service client;
 * a simulated packet (sdnbr_simulate(), for TRACE) skips both, and
 * records each stage where a real packet fires its tracepoint.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/inetdevice.h>
#include <net/ip.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <linux/reciprocal_div.h>

#include "sdnbr.h"
#include "sdnbr_trace.h"

/* What the pipeline knows about a packet, and what it decided. */
struct sdnbr_pkt {
	struct sdnbr_bridge *br;
	struct sdnbr_port *in;
	const struct sk_buff *skb;	/* for the tracepoints */
	struct sdnbr_trace *trace;	/* a simulated packet: record, act not */
	const struct sdnbr_config *cfg;
	bool arp;
	u8 proto;
	__be16 sport;		/* TCP/UDP/SCTP ports, first fragment only */
	__be16 dport;
	__be32 saddr;		/* IP source, or ARP sender */
	__be32 daddr;		/* IP destination, or ARP target */
	const u8 *sha;		/* ARP sender hardware address */
	__be32 tun_src;		/* VXLAN input: outer source */
	u32 reg0;		/* source VNID */
	u32 reg1;		/* destination VNID */
	/* the verdict */
	enum sdnbr_port_kind out_kind;
	int out_ifindex;	/* pod ports */
	__be32 tun_dst;		/* tunnel port */
	u32 vni;
	struct sdnbr_entry *out_entry;	/* pod or node, counted on output */
	u32 mark;		/* gateway: skb->mark for the host */
	bool to_host_mac;	/* gateway: address the frame to tun0 */
	struct sdnbr_entry *src_pod;	/* table 20's match */
	enum sdnbr_drop_reason reason;
};

/* The stage each drop reason belongs to. */
static const u8 sdnbr_drop_tables[__SDNBR_DROP_MAX] = {
	[SDNBR_DROP_NOT_CONFIGURED]	= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_NOT_IP_ARP]		= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_MALFORMED]		= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_TUNNEL_NOT_CLUSTER]	= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_GATEWAY_FILTER]	= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_UNKNOWN_NODE]	= SDNBR_TABLE_VXLAN_IN,
	[SDNBR_DROP_VXLAN_PORT]		= SDNBR_TABLE_POD_IN,
	[SDNBR_DROP_SPOOF_IP]		= SDNBR_TABLE_POD_IN,
	[SDNBR_DROP_SPOOF_ARP]		= SDNBR_TABLE_POD_IN,
	[SDNBR_DROP_GATEWAY_NO_POD]	= SDNBR_TABLE_GW_POD,
	[SDNBR_DROP_ARP_NO_ROUTE]	= SDNBR_TABLE_ROUTE,
	[SDNBR_DROP_ARP_NO_POD]		= SDNBR_TABLE_ARP_LOCAL,
	[SDNBR_DROP_ARP_NO_NODE]	= SDNBR_TABLE_ARP_REMOTE,
	[SDNBR_DROP_NO_POD]		= SDNBR_TABLE_IP_LOCAL,
	[SDNBR_DROP_ISOLATED]		= SDNBR_TABLE_ISOLATION,
	[SDNBR_DROP_NO_NODE]		= SDNBR_TABLE_IP_REMOTE,
	[SDNBR_DROP_MULTICAST]		= SDNBR_TABLE_MULTICAST,
	[SDNBR_DROP_NO_PORT]		= SDNBR_TABLE_OUTPUT,
	[SDNBR_DROP_HAIRPIN]		= SDNBR_TABLE_OUTPUT,
	[SDNBR_DROP_MTU]		= SDNBR_TABLE_OUTPUT,
	[SDNBR_DROP_NOMEM]		= SDNBR_TABLE_OUTPUT,
	[SDNBR_DROP_BRIDGE_DOWN]	= SDNBR_TABLE_CLASSIFY,
	[SDNBR_DROP_FIREWALL]		= SDNBR_TABLE_FIREWALL,
	[SDNBR_DROP_EGRESS_NO_IP]	= SDNBR_TABLE_EGRESS,
};

u8 sdnbr_drop_table(enum sdnbr_drop_reason reason)
{
	return reason < __SDNBR_DROP_MAX ? sdnbr_drop_tables[reason] : 0;
}

/* Stage counters are indexed densely; the stages are the uapi tables. */
static int sdnbr_stage_index(u8 table)
{
	switch (table) {
	case SDNBR_TABLE_CLASSIFY:	return 0;
	case SDNBR_TABLE_VXLAN_IN:	return 1;
	case SDNBR_TABLE_POD_IN:	return 2;
	case SDNBR_TABLE_GW_POD:	return 3;
	case SDNBR_TABLE_ROUTE:		return 4;
	case SDNBR_TABLE_ARP_LOCAL:	return 5;
	case SDNBR_TABLE_ARP_REMOTE:	return 6;
	case SDNBR_TABLE_SERVICE:	return 7;
	case SDNBR_TABLE_IP_LOCAL:	return 8;
	case SDNBR_TABLE_ISOLATION:	return 9;
	case SDNBR_TABLE_IP_REMOTE:	return 10;
	case SDNBR_TABLE_DNS:		return 11;
	case SDNBR_TABLE_FIREWALL:	return 12;
	case SDNBR_TABLE_EGRESS:	return 13;
	case SDNBR_TABLE_MULTICAST:	return 14;
	default:			return 15;	/* output */
	}
}

const u8 sdnbr_stage_tables[SDNBR_N_STAGES] = {
	SDNBR_TABLE_CLASSIFY, SDNBR_TABLE_VXLAN_IN, SDNBR_TABLE_POD_IN,
	SDNBR_TABLE_GW_POD, SDNBR_TABLE_ROUTE, SDNBR_TABLE_ARP_LOCAL,
	SDNBR_TABLE_ARP_REMOTE, SDNBR_TABLE_SERVICE, SDNBR_TABLE_IP_LOCAL,
	SDNBR_TABLE_ISOLATION, SDNBR_TABLE_IP_REMOTE, SDNBR_TABLE_DNS,
	SDNBR_TABLE_FIREWALL, SDNBR_TABLE_EGRESS, SDNBR_TABLE_MULTICAST,
	SDNBR_TABLE_OUTPUT,
};

/* The key of @e in trace terms: what the user would type to find it. */
static void sdnbr_step_key(const struct sdnbr_entry *e,
			   struct sdnbr_trace_step *st)
{
	if (!e)
		return;
	st->entry = e->key.type + 1;	/* enum sdnbr_step_entry */
	st->addr = e->key.addr;
	st->plen = e->key.plen;
}

/*
 * A stage made its decision about @pkt; @e is the entry it matched, if
 * any. Real packets count it and fire the tracepoint; a simulated one
 * only records it.
 */
static void sdnbr_step(struct sdnbr_pkt *pkt, u8 table,
		       enum sdnbr_step_result result,
		       const struct sdnbr_entry *e)
{
	struct sdnbr_br_stats *s;

	if (unlikely(pkt->trace)) {
		struct sdnbr_trace *t = pkt->trace;
		struct sdnbr_trace_step *st;

		if (t->n >= ARRAY_SIZE(t->steps))
			return;
		st = &t->steps[t->n++];
		*st = (struct sdnbr_trace_step){
			.table = table, .result = result,
			.reg0 = pkt->reg0, .reg1 = pkt->reg1,
		};
		sdnbr_step_key(e, st);
		return;
	}
	s = this_cpu_ptr(pkt->br->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->stages[sdnbr_stage_index(table)]);
	u64_stats_update_end(&s->syncp);
	trace_sdnbr_stage(pkt->br->dev, pkt->skb, pkt->in->dev->ifindex,
			  pkt->saddr, pkt->daddr, table, result, pkt->reg0,
			  pkt->reg1, e ? e->key.addr : 0);
}

/*
 * Ask the host's conntrack, and count it: the lookup is the one cost the
 * service and egress paths add to packets that need none of them.
 */
static bool sdnbr_pkt_ct_is_reply(const struct sdnbr_pkt *pkt,
				  struct sk_buff *skb, bool dnat_only)
{
	if (likely(!pkt->trace)) {
		struct sdnbr_br_stats *s = this_cpu_ptr(pkt->br->stats);

		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->ct_lookups);
		u64_stats_update_end(&s->syncp);
	}
	return sdnbr_ct_is_reply(dev_net(pkt->br->dev), skb, dnat_only);
}

/* Entry hit counters move for real packets only. */
static void sdnbr_pkt_count(const struct sdnbr_pkt *pkt, struct sdnbr_entry *e,
			    int dir, unsigned int len)
{
	if (likely(!pkt->trace))
		sdnbr_entry_count(e, dir, len);
}

static void sdnbr_drop(struct sdnbr_bridge *br, struct sk_buff *skb,
		       enum sdnbr_drop_reason reason)
{
	struct sdnbr_br_stats *s = this_cpu_ptr(br->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
	dev_core_stats_rx_dropped_inc(br->dev);
	kfree_skb(skb);
}

/* Returns false if the headers the pipeline matches on are not there. */
static bool sdnbr_parse(struct sk_buff *skb, struct sdnbr_pkt *pkt)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	const struct iphdr *iph;
	unsigned int ihl;

	switch (eth->h_proto) {
	case htons(ETH_P_ARP): {
		const struct arphdr *arp;
		const u8 *p;

		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*arp) +
				   2 * (ETH_ALEN + 4)))
			return false;
		arp = (const struct arphdr *)(skb->data + ETH_HLEN);
		if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
		    arp->ar_pro != htons(ETH_P_IP) ||
		    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
			return false;
		p = (const u8 *)(arp + 1);
		pkt->arp = true;
		pkt->sha = p;
		memcpy(&pkt->saddr, p + ETH_ALEN, 4);
		memcpy(&pkt->daddr, p + 2 * ETH_ALEN + 4, 4);
		return true;
	}
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)(skb->data + ETH_HLEN);
		ihl = iph->ihl * 4;
		if (iph->version != 4 || ihl < sizeof(*iph) ||
		    !pskb_may_pull(skb, ETH_HLEN + ihl))
			return false;
		iph = (const struct iphdr *)(skb->data + ETH_HLEN);
		pkt->saddr = iph->saddr;
		pkt->daddr = iph->daddr;
		pkt->proto = iph->protocol;
		/* only a first fragment has ports */
		if ((iph->protocol == IPPROTO_UDP || iph->protocol == IPPROTO_TCP ||
		     iph->protocol == IPPROTO_SCTP) &&
		    !(iph->frag_off & htons(IP_OFFSET))) {
			const __be16 *ports;

			if (!pskb_may_pull(skb, ETH_HLEN + ihl + 4))
				return false;
			ports = (const __be16 *)(skb->data + ETH_HLEN + ihl);
			pkt->sport = ports[0];
			pkt->dport = ports[1];
		}
		return true;
	default:
		pkt->reason = SDNBR_DROP_NOT_IP_ARP;
		return false;
	}
}

static bool sdnbr_is_global(struct sdnbr_bridge *br, u32 vnid)
{
	struct sdnbr_entry *ns;

	if (!vnid)
		return true;
	ns = sdnbr_lookup_rcu(&br->table, SDNBR_ENTRY_NS, cpu_to_be32(vnid), 0);
	return ns && ns->ns.global;
}

/* Longest-prefix match over the node subnets: one lookup per length used. */
static struct sdnbr_entry *sdnbr_node_lookup(struct sdnbr_flow_table *t,
					     __be32 addr)
{
	u64 plens = READ_ONCE(t->node_plens);

	while (plens) {
		unsigned int plen = fls64(plens) - 1;
		struct sdnbr_entry *e;

		e = sdnbr_lookup_rcu(t, SDNBR_ENTRY_NODE,
				     addr & inet_make_mask(plen), plen);
		if (e)
			return e;
		plens &= ~BIT_ULL(plen);
	}
	return NULL;
}

static bool sdnbr_to_gateway(struct sdnbr_pkt *pkt)
{
	pkt->out_kind = SDNBR_PORT_GATEWAY;
	return true;
}

static bool sdnbr_fail(struct sdnbr_pkt *pkt, enum sdnbr_drop_reason reason)
{
	pkt->reason = reason;
	return false;
}

/* tables 50 and 90: into the tunnel to the node that owns the subnet */
static bool sdnbr_table_remote(struct sdnbr_pkt *pkt,
			       enum sdnbr_drop_reason miss)
{
	struct sdnbr_entry *node = sdnbr_node_lookup(&pkt->br->table,
						     pkt->daddr);

	if (!node)
		return sdnbr_fail(pkt, miss);
	pkt->out_kind = SDNBR_PORT_TUNNEL;
	pkt->tun_dst = node->node.ip;
	pkt->vni = node->node.fixed_vnid ? node->node.vnid : pkt->reg0;
	pkt->out_entry = node;
	sdnbr_step(pkt, sdnbr_drop_table(miss), SDNBR_STEP_MATCH, node);
	return true;
}

/* table 40: ARP to a local pod, never isolated */
static bool sdnbr_table_arp_local(struct sdnbr_pkt *pkt)
{
	struct sdnbr_entry *pod;

	pod = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_POD, pkt->daddr, 32);
	if (!pod)
		return sdnbr_fail(pkt, SDNBR_DROP_ARP_NO_POD);
	pkt->out_kind = SDNBR_PORT_POD;
	pkt->out_ifindex = pod->pod.ifindex;
	sdnbr_step(pkt, SDNBR_TABLE_ARP_LOCAL, SDNBR_STEP_MATCH, pod);
	return true;
}

/* tables 70 and 80: IP to a local pod, with multitenant isolation */
static bool sdnbr_table_ip_local(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	const struct sdnbr_config *cfg = pkt->cfg;
	struct sdnbr_entry *pod;

	pod = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_POD, pkt->daddr, 32);
	if (!pod)
		return sdnbr_fail(pkt, SDNBR_DROP_NO_POD);
	/*
	 * The spec's table 31 ct(nat) rule: a reply to a connection the
	 * host DNATed for a service goes back to the host to be un-NATed,
	 * and returns through tun0 with the service IP as its source. Only
	 * a packet whose source port is, by the pod's filter, a port some
	 * service sent this pod to (table 25) pays for the lookup.
	 */
	if (pkt->sport &&
	    test_bit(sdnbr_svc_port_bit(pkt->sport), &pod->pod.svc_ports) &&
	    pkt->in->kind != SDNBR_PORT_GATEWAY &&
	    sdnbr_pkt_ct_is_reply(pkt, skb, true)) {
		pkt->to_host_mac = true;
		sdnbr_step(pkt, SDNBR_TABLE_IP_LOCAL, SDNBR_STEP_CT_REPLY, pod);
		return sdnbr_to_gateway(pkt);
	}
	pkt->reg1 = pod->pod.vnid;
	sdnbr_step(pkt, SDNBR_TABLE_IP_LOCAL, SDNBR_STEP_MATCH, pod);
	/* the node itself, and what it masqueraded, always passes */
	if (cfg->mode == SDNBR_MODE_MULTITENANT && pkt->saddr != cfg->gateway &&
	    pkt->reg0 != pkt->reg1 && !sdnbr_is_global(pkt->br, pkt->reg0) &&
	    !sdnbr_is_global(pkt->br, pkt->reg1))
		return sdnbr_fail(pkt, SDNBR_DROP_ISOLATED);
	sdnbr_step(pkt, SDNBR_TABLE_ISOLATION, SDNBR_STEP_PASS, NULL);
	pkt->out_kind = SDNBR_PORT_POD;
	pkt->out_ifindex = pod->pod.ifindex;
	pkt->out_entry = pod;
	return true;
}

/* table 101: leaving the cluster, through the host or an egress IP */
static bool sdnbr_table_egress_ip(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	const struct sdnbr_egress *eg;
	struct sdnbr_entry *e;
	unsigned int i, n = 0;
	u32 pick;

	pkt->to_host_mac = true;
	e = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_EGRESS,
			     cpu_to_be32(pkt->reg0), 0);
	if (!e) {
		sdnbr_step(pkt, SDNBR_TABLE_EGRESS, SDNBR_STEP_MISS, NULL);
		return sdnbr_to_gateway(pkt);
	}
	/* replies of connections the pod accepted keep the node IP */
	if (sdnbr_pkt_ct_is_reply(pkt, skb, false)) {
		sdnbr_step(pkt, SDNBR_TABLE_EGRESS, SDNBR_STEP_CT_REPLY, e);
		return sdnbr_to_gateway(pkt);
	}
	eg = e->egress;
	/* an egress IP on this node wins: the host SNATs by the mark */
	for (i = 0; i < eg->n; i++) {
		if (!eg->ips[i].node)
			continue;
		if (eg->ips[i].node == pkt->cfg->node_ip &&
		    (pkt->cfg->has & SDNBR_HAS_NODE_IP)) {
			pkt->mark = eg->mark;
			pkt->out_entry = e;
			sdnbr_step(pkt, SDNBR_TABLE_EGRESS, SDNBR_STEP_MATCH, e);
			return sdnbr_to_gateway(pkt);
		}
		n++;
	}
	if (!n)
		return sdnbr_fail(pkt, SDNBR_DROP_EGRESS_NO_IP);
	/* otherwise a hosting node, the same one for a whole connection */
	pick = reciprocal_scale(skb_get_hash(skb), n);
	for (i = 0; i < eg->n; i++) {
		if (!eg->ips[i].node || pick--)
			continue;
		pkt->out_kind = SDNBR_PORT_TUNNEL;
		pkt->tun_dst = eg->ips[i].node;
		pkt->vni = pkt->reg0;
		pkt->out_entry = e;
		sdnbr_step(pkt, SDNBR_TABLE_EGRESS, SDNBR_STEP_MATCH, e);
		return true;
	}
	return sdnbr_fail(pkt, SDNBR_DROP_EGRESS_NO_IP);
}

/* tables 99 and 100: DNS to the node, then the egress firewall */
static bool sdnbr_table_leave(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	const struct sdnbr_config *cfg = pkt->cfg;
	struct sdnbr_entry *fw;

	if ((cfg->has & SDNBR_HAS_NODE_IP) && pkt->daddr == cfg->node_ip &&
	    pkt->dport == htons(53) &&
	    (pkt->proto == IPPROTO_UDP || pkt->proto == IPPROTO_TCP)) {
		sdnbr_step(pkt, SDNBR_TABLE_DNS, SDNBR_STEP_PASS, NULL);
		return sdnbr_to_gateway(pkt);
	}
	fw = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_FW,
			      cpu_to_be32(pkt->reg0), 0);
	if (fw) {
		bool deny = sdnbr_fw_denies(fw->fw, pkt->daddr);

		sdnbr_pkt_count(pkt, fw, deny, skb->len);
		if (deny)
			return sdnbr_fail(pkt, SDNBR_DROP_FIREWALL);
	}
	sdnbr_step(pkt, SDNBR_TABLE_FIREWALL,
		   fw ? SDNBR_STEP_MATCH : SDNBR_STEP_MISS, fw);
	return sdnbr_table_egress_ip(pkt, skb);
}

/* table 31: routing by destination (ARP target) */
static bool sdnbr_table_route(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	const struct sdnbr_config *cfg = pkt->cfg;

	sdnbr_step(pkt, SDNBR_TABLE_ROUTE, SDNBR_STEP_PASS, NULL);
	if (pkt->daddr == cfg->gateway)
		return sdnbr_to_gateway(pkt);
	if (pkt->arp) {
		if (sdnbr_prefix_has(&cfg->local, pkt->daddr))
			return sdnbr_table_arp_local(pkt);
		if (sdnbr_in_cluster(cfg, pkt->daddr))
			return sdnbr_table_remote(pkt, SDNBR_DROP_ARP_NO_NODE);
		return sdnbr_fail(pkt, SDNBR_DROP_ARP_NO_ROUTE);
	}
	if (sdnbr_prefix_has(&cfg->local, pkt->daddr))
		return sdnbr_table_ip_local(pkt, skb);
	/* table 60: the host's iptables pick the service's backend */
	if ((cfg->has & SDNBR_HAS_SERVICE) &&
	    sdnbr_prefix_has(&cfg->service, pkt->daddr)) {
		sdnbr_step(pkt, SDNBR_TABLE_SERVICE, SDNBR_STEP_PASS, NULL);
		return sdnbr_to_gateway(pkt);
	}
	if (sdnbr_in_cluster(cfg, pkt->daddr))
		return sdnbr_table_remote(pkt, SDNBR_DROP_NO_NODE);
	if (ipv4_is_multicast(pkt->daddr))
		return sdnbr_fail(pkt, SDNBR_DROP_MULTICAST);
	/* everything else leaves the cluster */
	return sdnbr_table_leave(pkt, skb);
}

/* table 20: a pod may only send as itself; ARP must carry its MAC too */
static bool sdnbr_table_pod_in(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	struct sdnbr_entry *pod;

	if (!pkt->arp && pkt->proto == IPPROTO_UDP &&
	    pkt->dport == htons(pkt->cfg->vxlan_port))
		return sdnbr_fail(pkt, SDNBR_DROP_VXLAN_PORT);
	pod = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_POD, pkt->saddr, 32);
	if (!pod || pod->pod.ifindex != pkt->in->dev->ifindex)
		return sdnbr_fail(pkt, pkt->arp ? SDNBR_DROP_SPOOF_ARP :
						  SDNBR_DROP_SPOOF_IP);
	if (pkt->arp && !ether_addr_equal(pkt->sha, pod->pod.mac))
		return sdnbr_fail(pkt, SDNBR_DROP_SPOOF_ARP);
	pkt->reg0 = pod->pod.vnid;
	pkt->src_pod = pod;
	sdnbr_pkt_count(pkt, pod, 0, skb->len);
	sdnbr_step(pkt, SDNBR_TABLE_POD_IN, SDNBR_STEP_MATCH, pod);
	return sdnbr_table_route(pkt, skb);
}

/* table 25: back from the host's DNAT with a local pod's source */
static bool sdnbr_table_gw_pod(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	struct sdnbr_entry *pod;

	pod = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_POD, pkt->saddr, 32);
	if (!pod)
		return sdnbr_fail(pkt, SDNBR_DROP_GATEWAY_NO_POD);
	pkt->reg0 = pod->pod.vnid;
	/*
	 * The host DNATed this for a service: the destination port is the
	 * backend's, and the replies will come from it. Remember it so that
	 * table 70 looks those up in conntrack, and nothing else. Set
	 * atomically: two CPUs may add two ports at once.
	 */
	if (pkt->dport && !pkt->trace) {
		unsigned int bit = sdnbr_svc_port_bit(pkt->dport);

		if (!test_bit(bit, &pod->pod.svc_ports))
			set_bit(bit, &pod->pod.svc_ports);
	}
	sdnbr_step(pkt, SDNBR_TABLE_GW_POD, SDNBR_STEP_MATCH, pod);
	return sdnbr_table_route(pkt, skb);
}

/* table 10: VXLAN only from nodes we know */
static bool sdnbr_table_vxlan_in(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	struct sdnbr_entry *idx;

	idx = sdnbr_lookup_rcu(&pkt->br->table, SDNBR_ENTRY_NODE_IP,
			       pkt->tun_src, 32);
	if (!idx)
		return sdnbr_fail(pkt, SDNBR_DROP_UNKNOWN_NODE);
	sdnbr_pkt_count(pkt, idx, 1, skb->len);
	sdnbr_step(pkt, SDNBR_TABLE_VXLAN_IN, SDNBR_STEP_MATCH, idx);
	return sdnbr_table_route(pkt, skb);
}

/* table 0: classification by ingress port */
static bool sdnbr_classify(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	const struct sdnbr_config *cfg = pkt->cfg;
	const struct ip_tunnel_info *info;

	switch (pkt->in->kind) {
	case SDNBR_PORT_TUNNEL:
		info = skb_tunnel_info(skb);
		if (!info || ip_tunnel_info_af(info) != AF_INET)
			return sdnbr_fail(pkt, SDNBR_DROP_MALFORMED);
		if (pkt->arp ? !(sdnbr_in_cluster(cfg, pkt->saddr) &&
				 sdnbr_prefix_has(&cfg->local, pkt->daddr)) :
			       !(sdnbr_in_cluster(cfg, pkt->saddr) ||
				 sdnbr_in_cluster(cfg, pkt->daddr)))
			return sdnbr_fail(pkt, SDNBR_DROP_TUNNEL_NOT_CLUSTER);
		pkt->tun_src = info->key.u.ipv4.src;
		pkt->reg0 = be32_to_cpu(tunnel_id_to_key32(info->key.tun_id)) &
			    SDNBR_VNID_MAX;
		sdnbr_step(pkt, SDNBR_TABLE_CLASSIFY, SDNBR_STEP_PASS, NULL);
		return sdnbr_table_vxlan_in(pkt, skb);
	case SDNBR_PORT_GATEWAY:
		if (pkt->arp) {
			if (pkt->saddr != cfg->gateway ||
			    !sdnbr_in_cluster(cfg, pkt->daddr))
				return sdnbr_fail(pkt, SDNBR_DROP_GATEWAY_FILTER);
		} else if (pkt->saddr != cfg->gateway &&
			   ipv4_is_multicast(pkt->daddr)) {
			return sdnbr_fail(pkt, SDNBR_DROP_GATEWAY_FILTER);
		}
		sdnbr_step(pkt, SDNBR_TABLE_CLASSIFY, SDNBR_STEP_PASS, NULL);
		if (!pkt->arp && pkt->saddr != cfg->gateway &&
		    sdnbr_prefix_has(&cfg->local, pkt->saddr) &&
		    sdnbr_in_cluster(cfg, pkt->daddr))
			return sdnbr_table_gw_pod(pkt, skb);
		return sdnbr_table_route(pkt, skb);
	default:
		sdnbr_step(pkt, SDNBR_TABLE_CLASSIFY, SDNBR_STEP_PASS, NULL);
		return sdnbr_table_pod_in(pkt, skb);
	}
}

/* Returns -ENOMEM, with @skb still the caller's, if no metadata dst. */
static int sdnbr_tunnel_send(const struct sdnbr_pkt *pkt,
			     struct sdnbr_port *port, struct sk_buff *skb)
{
	struct ip_tunnel_info *info;
	struct metadata_dst *md;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_ATOMIC);
	if (unlikely(!md))
		return -ENOMEM;
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	info->key.u.ipv4.dst = pkt->tun_dst;
	info->key.tun_id = key32_to_tunnel_id(cpu_to_be32(pkt->vni));
	info->key.tp_dst = htons(pkt->cfg->vxlan_port);
	info->key.ttl = IPDEFTTL;
	/* as OVS does: the overlay MTU is strict, never fragment outside */
	sdnbr_tun_set_df(info);
	skb_dst_drop(skb);
	skb_dst_set(skb, &md->dst);
	skb->dev = port->dev;
	dev_queue_xmit(skb);
	return 0;
}

static struct sdnbr_port *sdnbr_out_port(const struct sdnbr_pkt *pkt)
{
	struct sdnbr_bridge *br = pkt->br;
	struct net_device *dev;
	struct sdnbr_port *port;

	switch (pkt->out_kind) {
	case SDNBR_PORT_GATEWAY:
		return rcu_dereference(br->gateway);
	case SDNBR_PORT_TUNNEL:
		return rcu_dereference(br->tunnel);
	default:
		dev = dev_get_by_index_rcu(dev_net(br->dev), pkt->out_ifindex);
		if (!dev)
			return NULL;
		port = sdnbr_port_get_rcu(dev);
		if (!port || port->br != br || port->kind != SDNBR_PORT_POD)
			return NULL;
		return port;
	}
}

/*
 * The output step's checks, shared with the trace. Returns the drop
 * reason, or SDNBR_DROP_NONE with *@outp the port to send to; *@outp is
 * also set when the port exists but cannot take the packet.
 */
static enum sdnbr_drop_reason sdnbr_output_check(const struct sdnbr_pkt *pkt,
						 const struct sk_buff *skb,
						 struct sdnbr_port **outp)
{
	struct sdnbr_port *out = sdnbr_out_port(pkt);

	*outp = out;
	if (unlikely(!out || !(out->dev->flags & IFF_UP)))
		return SDNBR_DROP_NO_PORT;
	if (unlikely(out == pkt->in)) {
		*outp = NULL;
		return SDNBR_DROP_HAIRPIN;
	}
	/* the MTU of the port, not of br0, is what the packet must fit */
	if (unlikely(!skb_is_gso(skb) &&
		     skb->len > out->dev->mtu + out->dev->hard_header_len))
		return SDNBR_DROP_MTU;
	return SDNBR_DROP_NONE;
}

static void sdnbr_verdict(const struct sdnbr_pkt *pkt,
			  const struct sdnbr_port *out,
			  enum sdnbr_drop_reason reason)
{
	trace_sdnbr_verdict(pkt->br->dev, pkt->skb, pkt->in->dev->ifindex,
			    pkt->saddr, pkt->daddr,
			    out && !reason ? out->dev->ifindex : 0,
			    pkt->out_kind == SDNBR_PORT_TUNNEL ? pkt->tun_dst : 0,
			    pkt->out_kind == SDNBR_PORT_TUNNEL ? pkt->vni : 0,
			    pkt->mark, reason,
			    reason ? sdnbr_drop_table(reason) : SDNBR_TABLE_OUTPUT);
}

static void sdnbr_drop_pkt(struct sdnbr_pkt *pkt, struct sk_buff *skb,
			   enum sdnbr_drop_reason reason)
{
	sdnbr_verdict(pkt, NULL, reason);
	sdnbr_drop(pkt->br, skb, reason);
}

static void sdnbr_output(struct sdnbr_pkt *pkt, struct sk_buff *skb)
{
	struct sdnbr_bridge *br = pkt->br;
	unsigned int len = skb->len;
	enum sdnbr_drop_reason reason;
	struct sdnbr_port *out;

	reason = sdnbr_output_check(pkt, skb, &out);
	if (unlikely(reason)) {
		if (out)
			sdnbr_port_count_tx_drop(out);
		sdnbr_drop_pkt(pkt, skb, reason);
		return;
	}
	if (pkt->out_entry)
		sdnbr_entry_count(pkt->out_entry, 1, len);
	switch (out->kind) {
	case SDNBR_PORT_GATEWAY:
		/*
		 * Frames forwarded from another node, or replies sent back to
		 * the host, are addressed to someone else; the host would
		 * ignore them.
		 */
		if (pkt->to_host_mac) {
			if (unlikely(skb_ensure_writable(skb, ETH_HLEN))) {
				sdnbr_port_count_tx_drop(out);
				sdnbr_drop_pkt(pkt, skb, SDNBR_DROP_NOMEM);
				return;
			}
			/* as OVS's set_eth_addr: keep CHECKSUM_COMPLETE right */
			skb_postpull_rcsum(skb, skb->data, ETH_ALEN);
			ether_addr_copy(skb->data, out->dev->dev_addr);
			skb_postpush_rcsum(skb, skb->data, ETH_ALEN);
		}
		if (pkt->mark)
			skb->mark = pkt->mark;
		sdnbr_step(pkt, SDNBR_TABLE_OUTPUT, SDNBR_STEP_PASS, NULL);
		sdnbr_verdict(pkt, out, SDNBR_DROP_NONE);
		dev_sw_netstats_tx_add(br->dev, 1, len);
		sdnbr_gateway_deliver(out, skb);
		return;
	case SDNBR_PORT_TUNNEL:
		/* before the send: the tracepoints must not see a freed skb */
		sdnbr_step(pkt, SDNBR_TABLE_OUTPUT, SDNBR_STEP_PASS, NULL);
		sdnbr_verdict(pkt, out, SDNBR_DROP_NONE);
		if (unlikely(sdnbr_tunnel_send(pkt, out, skb))) {
			sdnbr_port_count_tx_drop(out);
			sdnbr_drop_pkt(pkt, skb, SDNBR_DROP_NOMEM);
			return;
		}
		break;
	default:
		sdnbr_step(pkt, SDNBR_TABLE_OUTPUT, SDNBR_STEP_PASS, NULL);
		sdnbr_verdict(pkt, out, SDNBR_DROP_NONE);
		skb_dst_drop(skb);
		skb->dev = out->dev;
		dev_queue_xmit(skb);
	}
	sdnbr_port_count_tx(out, len);
	dev_sw_netstats_tx_add(br->dev, 1, len);
}

/* Why the bridge takes no packet at all right now, or SDNBR_DROP_NONE. */
static enum sdnbr_drop_reason sdnbr_bridge_refuses(struct sdnbr_pkt *pkt)
{
	if (unlikely(!(pkt->br->dev->flags & IFF_UP)))
		return SDNBR_DROP_BRIDGE_DOWN;
	pkt->cfg = rcu_dereference(pkt->br->cfg);
	if (unlikely((pkt->cfg->has & SDNBR_HAS_READY) != SDNBR_HAS_READY ||
		     !pkt->cfg->n_cluster))
		return SDNBR_DROP_NOT_CONFIGURED;
	return SDNBR_DROP_NONE;
}

/**
 * sdnbr_input - a packet entered the bridge from a port
 * @in: the ingress port
 * @skb: the packet, data at the Ethernet header
 *
 * Consumes @skb. Called in an RCU read-side section with BH disabled.
 */
void sdnbr_input(struct sdnbr_port *in, struct sk_buff *skb)
{
	struct sdnbr_bridge *br = in->br;
	struct sdnbr_pkt pkt = {
		.br = br,
		.in = in,
		.skb = skb,
		.reason = SDNBR_DROP_MALFORMED,
	};
	enum sdnbr_drop_reason refused;
	struct sdnbr_br_stats *s;

	sdnbr_port_count_rx(in, skb->len);
	s = this_cpu_ptr(br->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->packets);
	u64_stats_update_end(&s->syncp);
	refused = sdnbr_bridge_refuses(&pkt);
	if (unlikely(refused)) {
		if (refused == SDNBR_DROP_BRIDGE_DOWN)
			sdnbr_port_count_rx_drop(in);
		sdnbr_drop_pkt(&pkt, skb, refused);
		return;
	}
	dev_sw_netstats_rx_add(br->dev, skb->len);
	if (unlikely(!sdnbr_parse(skb, &pkt)) || !sdnbr_classify(&pkt, skb)) {
		sdnbr_drop_pkt(&pkt, skb, pkt.reason);
		return;
	}
	sdnbr_output(&pkt, skb);
}

/**
 * sdnbr_simulate - what the pipeline would do with a packet from @in
 * @in: the ingress port
 * @skb: the packet, data at the Ethernet header; not consumed
 * @t: receives every stage the packet passes and the verdict
 *
 * Runs the code real packets run, but sends nothing and changes no
 * counter or entry. Called in an RCU read-side section.
 */
void sdnbr_simulate(struct sdnbr_port *in, struct sk_buff *skb,
		    struct sdnbr_trace *t)
{
	struct sdnbr_pkt pkt = {
		.br = in->br,
		.in = in,
		.skb = skb,
		.trace = t,
		.reason = SDNBR_DROP_MALFORMED,
	};
	enum sdnbr_drop_reason reason;
	struct sdnbr_port *out;

	memset(t, 0, sizeof(*t));
	reason = sdnbr_bridge_refuses(&pkt);
	if (!reason) {
		if (!sdnbr_parse(skb, &pkt) || !sdnbr_classify(&pkt, skb))
			reason = pkt.reason;
		else
			reason = sdnbr_output_check(&pkt, skb, &out);
	}
	t->saddr = pkt.saddr;
	t->daddr = pkt.daddr;
	t->reason = reason;
	if (reason) {
		t->table = sdnbr_drop_table(reason);
		sdnbr_step(&pkt, t->table, SDNBR_STEP_DROP, NULL);
		return;
	}
	sdnbr_step(&pkt, SDNBR_TABLE_OUTPUT, SDNBR_STEP_PASS, NULL);
	t->table = SDNBR_TABLE_OUTPUT;
	t->out_kind = out->kind;
	t->out_ifindex = out->dev->ifindex;
	if (out->kind == SDNBR_PORT_TUNNEL) {
		t->tun_dst = pkt.tun_dst;
		t->vni = pkt.vni;
	}
	t->mark = pkt.mark;
	t->to_host_mac = out->kind == SDNBR_PORT_GATEWAY && pkt.to_host_mac;
}
