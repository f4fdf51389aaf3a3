// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath: every packet from a port enters here, in an RCU read-side
 * section with BH disabled, data at the Ethernet header.
 *
 * Forwarding is a fixed rule until the flow table lands: flood to every
 * other port; over the tunnel port, to the VXLAN device's configured
 * remote with VNI 0. Packets from the tunnel are not sent back into it.
 */

#include <linux/etherdevice.h>
#include <net/dst_metadata.h>
#include <net/ip_tunnels.h>
#include <net/vxlan.h>

#include "sdnbr.h"

static void sdnbr_drop(struct sdnbr_bridge *br, struct sk_buff *skb)
{
	dev_core_stats_rx_dropped_inc(br->dev);
	kfree_skb(skb);
}

/* Returns -ENOMEM, with @skb still the caller's, if no metadata dst. */
static int sdnbr_tunnel_send(struct sdnbr_port *port, struct sk_buff *skb,
			     __be32 remote, u32 vni)
{
	struct ip_tunnel_info *info;
	struct metadata_dst *md;

	md = metadata_dst_alloc(0, METADATA_IP_TUNNEL, GFP_ATOMIC);
	if (unlikely(!md)) {
		sdnbr_port_count_tx_drop(port);
		return -ENOMEM;
	}
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	info->key.u.ipv4.dst = remote;
	info->key.tun_id = key32_to_tunnel_id(cpu_to_be32(vni));
	info->key.ttl = IPDEFTTL;
	sdnbr_port_count_tx(port, skb->len);
	skb_dst_drop(skb);
	skb_dst_set(skb, &md->dst);
	dev_queue_xmit(skb);
	return 0;
}

/* The fixed rule's tunnel destination: vxlan0's own "remote", if any. */
static __be32 sdnbr_tunnel_default_remote(const struct sdnbr_port *port)
{
	const struct vxlan_dev *vxlan = netdev_priv(port->dev);

	if (vxlan->default_dst.remote_ip.sa.sa_family != AF_INET)
		return 0;
	return vxlan->default_dst.remote_ip.sin.sin_addr.s_addr;
}

static void sdnbr_output(struct sdnbr_bridge *br, struct sdnbr_port *out,
			 struct sk_buff *skb)
{
	unsigned int len = skb->len;
	__be32 remote;

	if (unlikely(!(out->dev->flags & IFF_UP))) {
		sdnbr_port_count_tx_drop(out);
		sdnbr_drop(br, skb);
		return;
	}
	/* the MTU of the port, not of br0, is what the packet must fit */
	if (unlikely(!skb_is_gso(skb) &&
		     len > out->dev->mtu + out->dev->hard_header_len)) {
		sdnbr_port_count_tx_drop(out);
		sdnbr_drop(br, skb);
		return;
	}
	switch (out->kind) {
	case SDNBR_PORT_GATEWAY:
		dev_sw_netstats_tx_add(br->dev, 1, len);
		sdnbr_gateway_deliver(out, skb);
		return;
	case SDNBR_PORT_TUNNEL:
		remote = sdnbr_tunnel_default_remote(out);
		if (!remote) {
			sdnbr_port_count_tx_drop(out);
			sdnbr_drop(br, skb);
			return;
		}
		skb->dev = out->dev;
		if (sdnbr_tunnel_send(out, skb, remote, 0))
			sdnbr_drop(br, skb);
		else
			dev_sw_netstats_tx_add(br->dev, 1, len);
		return;
	default:
		dev_sw_netstats_tx_add(br->dev, 1, len);
		sdnbr_port_count_tx(out, len);
		skb_dst_drop(skb);
		skb->dev = out->dev;
		dev_queue_xmit(skb);
	}
}

static void sdnbr_flood(struct sdnbr_bridge *br, struct sdnbr_port *in,
			struct sk_buff *skb)
{
	struct sdnbr_port *port, *prev = NULL;

	list_for_each_entry_rcu(port, &br->ports, list) {
		struct sk_buff *clone;

		if (port == in)
			continue;
		if (in->kind == SDNBR_PORT_TUNNEL && port->kind == SDNBR_PORT_TUNNEL)
			continue;
		if (prev) {
			clone = skb_clone(skb, GFP_ATOMIC);
			if (unlikely(!clone)) {
				sdnbr_port_count_tx_drop(prev);
				dev_core_stats_tx_dropped_inc(br->dev);
			} else {
				sdnbr_output(br, prev, clone);
			}
		}
		prev = port;
	}
	if (prev)
		sdnbr_output(br, prev, skb);
	else
		sdnbr_drop(br, skb);
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

	sdnbr_port_count_rx(in, skb->len);
	if (unlikely(!(br->dev->flags & IFF_UP))) {
		sdnbr_port_count_rx_drop(in);
		sdnbr_drop(br, skb);
		return;
	}
	dev_sw_netstats_rx_add(br->dev, skb->len);
	sdnbr_flood(br, in, skb);
}
