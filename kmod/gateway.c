// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway port, tun0: link kind "sdnbr-gw".
 *
 *	ip link add tun0 link br0 type sdnbr-gw
 *
 * tun0 is the node's way between the host stack and the pipeline, like an
 * OVS internal port. What the host transmits on tun0 enters br0's pipeline
 * as if received on the gateway port; what the pipeline sends to the
 * gateway is received by the host stack on tun0, with skb->mark kept (the
 * egress IP rules match on it). A bridge has at most one; it lives and dies
 * with it and stays in its network namespace.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <net/dst.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/rtnetlink.h>
#include <net/xfrm.h>

#include "sdnbr.h"

struct sdnbr_gw {
	struct sdnbr_port __rcu *port;
};

static netdev_tx_t sdnbr_gw_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct sdnbr_gw *gw = netdev_priv(dev);
	unsigned int len = skb->len;
	struct sdnbr_port *port;

	rcu_read_lock();
	port = rcu_dereference(gw->port);
	if (unlikely(!port)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		goto out;
	}
	dev_sw_netstats_tx_add(dev, 1, len);
	skb_reset_mac_header(skb);
	sdnbr_input(port, skb);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/**
 * sdnbr_gateway_deliver - hand a packet from the pipeline to the host
 * @port: the gateway port
 * @skb: the packet, data at the Ethernet header
 *
 * Called in an RCU read-side section. The packet is queued to the backlog
 * (netif_rx), which also breaks the host -> pipeline -> host recursion.
 */
void sdnbr_gateway_deliver(struct sdnbr_port *port, struct sk_buff *skb)
{
	struct net_device *dev = port->dev;
	unsigned int len;

	if (unlikely(!(dev->flags & IFF_UP))) {
		dev_core_stats_rx_dropped_inc(dev);
		sdnbr_port_count_tx_drop(port);
		kfree_skb(skb);
		return;
	}
	/* a tunnel's RX metadata means nothing to the host stack */
	skb_dst_drop(skb);
	nf_reset_ct(skb);
	secpath_reset(skb);
	skb->pkt_type = PACKET_HOST;
	skb->protocol = eth_type_trans(skb, dev);
	skb_postpull_rcsum(skb, eth_hdr(skb), ETH_HLEN);
	len = skb->len;
	sdnbr_port_count_tx(port, len + ETH_HLEN);
	if (likely(netif_rx(skb) == NET_RX_SUCCESS))
		dev_sw_netstats_rx_add(dev, len);
	else
		dev_core_stats_rx_dropped_inc(dev);
}

/**
 * sdnbr_gateway_detached - the gateway left its bridge
 * @dev: the gateway device
 *
 * Called under RTNL by sdnbr_port_del(); from now on the host's packets on
 * tun0 are dropped until the device is unregistered.
 */
void sdnbr_gateway_detached(struct net_device *dev)
{
	struct sdnbr_gw *gw = netdev_priv(dev);

	RCU_INIT_POINTER(gw->port, NULL);
}

static const struct net_device_ops sdnbr_gw_netdev_ops = {
	.ndo_open		= sdnbr_dev_open,
	.ndo_stop		= sdnbr_dev_stop,
	.ndo_start_xmit		= sdnbr_gw_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void sdnbr_gw_setup(struct net_device *dev)
{
	sdnbr_dev_setup(dev);
	dev->netdev_ops = &sdnbr_gw_netdev_ops;
	/* the host stack's packets: let it hand us GSO and checksum work */
	dev->features |= NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO_SOFTWARE |
			 NETIF_F_HIGHDMA | NETIF_F_FRAGLIST;
	dev->hw_features = dev->features;
	dev->vlan_features = dev->features;
}

static int sdnbr_gw_newlink(struct net *src_net, struct net_device *dev,
			    struct nlattr *tb[], struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	struct sdnbr_gw *gw = netdev_priv(dev);
	struct net_device *br_dev;
	struct sdnbr_bridge *br;
	struct sdnbr_port *port;
	int err;

	if (!tb[IFLA_LINK]) {
		NL_SET_ERR_MSG(extack, "sdnbr-gw: name the bridge with 'link BRIDGE'");
		return -EINVAL;
	}
	br_dev = __dev_get_by_index(dev_net(dev), nla_get_u32(tb[IFLA_LINK]));
	if (!br_dev || !sdnbr_is_bridge(br_dev)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_LINK],
				    "sdnbr-gw: 'link' must be an sdnbr bridge in the same network namespace");
		return -EINVAL;
	}
	br = netdev_priv(br_dev);
	if (rtnl_dereference(br->gateway)) {
		NL_SET_ERR_MSG(extack, "sdnbr-gw: the bridge already has a gateway port");
		return -EEXIST;
	}

	err = sdnbr_dev_register(dev);
	if (err)
		return err;

	port = sdnbr_port_create(br, dev, SDNBR_PORT_GATEWAY, extack);
	if (IS_ERR(port)) {
		/* the destructor frees tstats */
		unregister_netdevice(dev);
		return PTR_ERR(port);
	}
	rcu_assign_pointer(gw->port, port);
	return 0;
}

static void sdnbr_gw_dellink(struct net_device *dev, struct list_head *head)
{
	struct sdnbr_gw *gw = netdev_priv(dev);
	struct sdnbr_port *port = rtnl_dereference(gw->port);

	/* br0's dellink may have detached and queued us already */
	if (port)
		sdnbr_port_del(port);
	unregister_netdevice_queue(dev, head);
}

struct rtnl_link_ops sdnbr_gw_link_ops __read_mostly = {
	.kind		= SDNBR_GW_LINK_KIND,
	.priv_size	= sizeof(struct sdnbr_gw),
	.setup		= sdnbr_gw_setup,
	.newlink	= sdnbr_gw_newlink,
	.dellink	= sdnbr_gw_dellink,
};

bool sdnbr_is_gateway(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &sdnbr_gw_link_ops;
}

int sdnbr_gateway_init(void)
{
	return rtnl_link_register(&sdnbr_gw_link_ops);
}

void sdnbr_gateway_exit(void)
{
	rtnl_link_unregister(&sdnbr_gw_link_ops);
}

MODULE_ALIAS_RTNL_LINK(SDNBR_GW_LINK_KIND);
