// SPDX-License-Identifier: GPL-2.0
/*
 * What the host's conntrack knows about a packet. The pipeline only asks
 * two questions, and only of packets that may need the answer: is this a
 * reply to a service connection the host DNATed (then the host must
 * un-NAT it), and is this a reply at all (then egress IPs do not apply).
 *
 * Zone 0, the host's own table, as OpenShift SDN's ct() uses: the
 * connections were made by the host's iptables, so that is where they
 * are. Nothing is committed or changed here.
 */

#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_tuple.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "sdnbr.h"

/**
 * sdnbr_ct_is_reply - is @skb the reply direction of a tracked connection
 * @net: the bridge's netns
 * @skb: an IPv4 packet, data at the Ethernet header
 * @dnat_only: count only connections whose destination was NATed
 *
 * Called in an RCU read-side section. Non-first fragments, and packets
 * conntrack cannot parse, are not replies.
 */
bool sdnbr_ct_is_reply(struct net *net, struct sk_buff *skb, bool dnat_only)
{
	const struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_tuple tuple;
	struct nf_conn *ct;
	bool reply;

	if (!nf_ct_get_tuplepr(skb, ETH_HLEN, NFPROTO_IPV4, net, &tuple))
		return false;
	h = nf_conntrack_find_get(net, &nf_ct_zone_dflt, &tuple);
	if (!h)
		return false;
	ct = nf_ct_tuplehash_to_ctrack(h);
	reply = NF_CT_DIRECTION(h) == IP_CT_DIR_REPLY &&
		(!dnat_only || test_bit(IPS_DST_NAT_BIT, &ct->status));
	nf_ct_put(ct);
	return reply;
}
