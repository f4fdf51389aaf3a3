// SPDX-License-Identifier: GPL-2.0
/*
 * The bridge device, br0: link kind "sdnbr".
 *
 * br0 carries no traffic of its own (the host reaches the pipeline through
 * the gateway port, tun0); its counters are the datapath's totals: rx is
 * every packet that entered the pipeline, tx every packet it sent to a
 * port, and the dropped counters are the pipeline's drops.
 */

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "sdnbr.h"
#include "version.h"

/* Shared with the gateway: software devices whose carrier follows IFF_UP. */
int sdnbr_dev_open(struct net_device *dev)
{
	netif_carrier_on(dev);
	return 0;
}

int sdnbr_dev_stop(struct net_device *dev)
{
	netif_carrier_off(dev);
	return 0;
}

/* Nothing the host sends on br0 itself has a meaning in the pipeline. */
static netdev_tx_t sdnbr_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static int sdnbr_dev_add_slave(struct net_device *dev,
			       struct net_device *port_dev,
			       struct netlink_ext_ack *extack)
{
	return sdnbr_port_add(netdev_priv(dev), port_dev, extack);
}

static int sdnbr_dev_del_slave(struct net_device *dev,
			       struct net_device *port_dev)
{
	struct sdnbr_port *port = sdnbr_port_get_rtnl(port_dev);

	if (!port || port->br != netdev_priv(dev))
		return -EINVAL;
	/*
	 * tun0 exists only as br0's gateway; leaving it behind unattached
	 * would be a device that forwards nowhere.
	 */
	if (port->kind == SDNBR_PORT_GATEWAY)
		return -EOPNOTSUPP;
	sdnbr_port_del(port);
	return 0;
}

static const struct net_device_ops sdnbr_netdev_ops = {
	.ndo_open		= sdnbr_dev_open,
	.ndo_stop		= sdnbr_dev_stop,
	.ndo_start_xmit		= sdnbr_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_add_slave		= sdnbr_dev_add_slave,
	.ndo_del_slave		= sdnbr_dev_del_slave,
};

/* ethtool -i: the driver and version; bus_info names the link kind. */
static void sdnbr_get_drvinfo(struct net_device *dev,
			      struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->version, SDNBR_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev->rtnl_link_ops->kind, sizeof(info->bus_info));
}

const struct ethtool_ops sdnbr_ethtool_ops = {
	.get_drvinfo	= sdnbr_get_drvinfo,
	.get_link	= ethtool_op_get_link,
};

static void sdnbr_dev_free(struct net_device *dev)
{
	if (sdnbr_is_bridge(dev))
		sdnbr_bridge_table_destroy(netdev_priv(dev));
	free_percpu(dev->tstats);
	pr_debug("%s %s destroyed\n",
		 sdnbr_is_gateway(dev) ? "gateway" : "bridge", dev->name);
}

/**
 * sdnbr_dev_setup - what br0 and tun0 share in their rtnl .setup
 * @dev: the new device
 *
 * Both are software Ethernet devices without a queue, counted in per-CPU
 * tstats and pinned to their netns (the ports must share br0's netns, and
 * tun0 belongs to br0).
 */
void sdnbr_dev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->ethtool_ops = &sdnbr_ethtool_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	sdnbr_dev_set_lltx(dev);
	sdnbr_dev_set_netns_local(dev);
	eth_hw_addr_random(dev);
}

/**
 * sdnbr_dev_register - allocate the counters and register br0 or tun0
 * @dev: a device set up by sdnbr_dev_setup()
 *
 * Called under RTNL from newlink. Once this succeeds the destructor owns
 * the counters; a caller that fails later unregisters the device.
 */
int sdnbr_dev_register(struct net_device *dev)
{
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;
	err = register_netdevice(dev);
	if (err) {
		free_percpu(dev->tstats);
		return err;
	}
	/* only now: a failed register must not run the destructor too */
	dev->priv_destructor = sdnbr_dev_free;
	pr_debug("%s %s created\n",
		 sdnbr_is_gateway(dev) ? "gateway" : "bridge", dev->name);
	return 0;
}

static void sdnbr_setup(struct net_device *dev)
{
	struct sdnbr_bridge *br = netdev_priv(dev);

	sdnbr_dev_setup(dev);
	dev->netdev_ops = &sdnbr_netdev_ops;
	br->dev = dev;
	INIT_LIST_HEAD(&br->ports);
}

/* All of br0's link attributes are state, reported but never set. */
static int sdnbr_link_data_readonly(struct nlattr *data[],
				    struct netlink_ext_ack *extack)
{
	if (data && (data[IFLA_SDNBR_N_PORTS] || data[IFLA_SDNBR_GATEWAY] ||
		     data[IFLA_SDNBR_TUNNEL])) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: these link attributes are read-only");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int sdnbr_newlink(struct net *src_net, struct net_device *dev,
			 struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	struct sdnbr_bridge *br = netdev_priv(dev);
	int err;

	err = sdnbr_link_data_readonly(data, extack);
	if (err)
		return err;
	err = sdnbr_bridge_table_init(br);
	if (err)
		return err;
	err = sdnbr_dev_register(dev);
	if (err)
		sdnbr_bridge_table_destroy(br);
	return err;
}

static void sdnbr_dellink(struct net_device *dev, struct list_head *head)
{
	struct sdnbr_bridge *br = netdev_priv(dev);
	struct sdnbr_port *port, *tmp;

	ASSERT_RTNL();
	list_for_each_entry_safe(port, tmp, &br->ports, list) {
		struct net_device *port_dev = port->dev;
		bool gateway = port->kind == SDNBR_PORT_GATEWAY;

		sdnbr_port_del(port);
		/* tun0 has no life of its own outside br0 */
		if (gateway)
			unregister_netdevice_queue(port_dev, head);
	}
	unregister_netdevice_queue(dev, head);
}

static int sdnbr_changelink(struct net_device *dev, struct nlattr *tb[],
			    struct nlattr *data[],
			    struct netlink_ext_ack *extack)
{
	return sdnbr_link_data_readonly(data, extack);
}

static size_t sdnbr_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u32)) +	/* IFLA_SDNBR_N_PORTS */
	       nla_total_size(sizeof(u32)) +	/* IFLA_SDNBR_GATEWAY */
	       nla_total_size(sizeof(u32));	/* IFLA_SDNBR_TUNNEL */
}

static int sdnbr_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct sdnbr_bridge *br = netdev_priv(dev);
	struct sdnbr_port *gw, *tun;

	gw = rtnl_dereference(br->gateway);
	tun = rtnl_dereference(br->tunnel);
	if (nla_put_u32(skb, IFLA_SDNBR_N_PORTS, br->n_ports) ||
	    (gw && nla_put_u32(skb, IFLA_SDNBR_GATEWAY, gw->dev->ifindex)) ||
	    (tun && nla_put_u32(skb, IFLA_SDNBR_TUNNEL, tun->dev->ifindex)))
		return -EMSGSIZE;
	return 0;
}

static size_t sdnbr_get_slave_size(const struct net_device *dev,
				   const struct net_device *port_dev)
{
	return nla_total_size(sizeof(u32)) +		/* KIND */
	       6 * nla_total_size_64bit(sizeof(u64));	/* counters */
}

static int sdnbr_fill_slave_info(struct sk_buff *skb,
				 const struct net_device *dev,
				 const struct net_device *port_dev)
{
	struct sdnbr_port *port = sdnbr_port_get_rtnl(port_dev);
	struct sdnbr_port_stats s;

	if (!port)
		return 0;
	sdnbr_port_get_stats(port, &s);
	if (nla_put_u32(skb, IFLA_SDNBR_PORT_KIND, port->kind) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_RX_PACKETS,
			      u64_stats_read(&s.rx_packets),
			      IFLA_SDNBR_PORT_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_RX_BYTES,
			      u64_stats_read(&s.rx_bytes),
			      IFLA_SDNBR_PORT_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_TX_PACKETS,
			      u64_stats_read(&s.tx_packets),
			      IFLA_SDNBR_PORT_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_TX_BYTES,
			      u64_stats_read(&s.tx_bytes),
			      IFLA_SDNBR_PORT_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_RX_DROPPED,
			      u64_stats_read(&s.rx_dropped),
			      IFLA_SDNBR_PORT_PAD) ||
	    nla_put_u64_64bit(skb, IFLA_SDNBR_PORT_TX_DROPPED,
			      u64_stats_read(&s.tx_dropped),
			      IFLA_SDNBR_PORT_PAD))
		return -EMSGSIZE;
	return 0;
}

static const struct nla_policy sdnbr_link_policy[IFLA_SDNBR_MAX + 1] = {
	[IFLA_SDNBR_N_PORTS]	= { .type = NLA_U32 },
	[IFLA_SDNBR_GATEWAY]	= { .type = NLA_U32 },
	[IFLA_SDNBR_TUNNEL]	= { .type = NLA_U32 },
};

struct rtnl_link_ops sdnbr_link_ops __read_mostly = {
	.kind			= SDNBR_LINK_KIND,
	.priv_size		= sizeof(struct sdnbr_bridge),
	.setup			= sdnbr_setup,
	.maxtype		= IFLA_SDNBR_MAX,
	.policy			= sdnbr_link_policy,
	.newlink		= sdnbr_newlink,
	.changelink		= sdnbr_changelink,
	.dellink		= sdnbr_dellink,
	.get_size		= sdnbr_get_size,
	.fill_info		= sdnbr_fill_info,
	.slave_maxtype		= IFLA_SDNBR_PORT_MAX,
	.get_slave_size		= sdnbr_get_slave_size,
	.fill_slave_info	= sdnbr_fill_slave_info,
};

bool sdnbr_is_bridge(const struct net_device *dev)
{
	return dev->rtnl_link_ops == &sdnbr_link_ops;
}

int sdnbr_bridge_init(void)
{
	return rtnl_link_register(&sdnbr_link_ops);
}

void sdnbr_bridge_exit(void)
{
	rtnl_link_unregister(&sdnbr_link_ops);
}

MODULE_ALIAS_RTNL_LINK(SDNBR_LINK_KIND);
