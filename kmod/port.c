// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: devices attached to br0 and received through an rx_handler.
 *
 * A port is a pod's veth, the gateway (tun0, see gateway.c) or a VXLAN
 * device in collect_md mode. Attach and detach run under RTNL, from
 * ndo_add_slave/ndo_del_slave, the bridge's dellink and the netdevice
 * notifier; the datapath finds the port through rx_handler_data under RCU.
 */

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <net/vxlan.h>

#include "sdnbr.h"

static const char * const sdnbr_port_kind_names[] = {
	[SDNBR_PORT_POD]	= "pod",
	[SDNBR_PORT_GATEWAY]	= "gateway",
	[SDNBR_PORT_TUNNEL]	= "tunnel",
};

static rx_handler_result_t sdnbr_port_rx(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	struct sdnbr_port *port;

	/* our own transmissions looping back via packet sockets */
	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		sdnbr_port_count_rx_drop(port);
		return RX_HANDLER_CONSUMED;
	}
	/* the stack pulled the Ethernet header; the pipeline wants it */
	skb_push_rcsum(skb, ETH_HLEN);
	sdnbr_input(port, skb);
	return RX_HANDLER_CONSUMED;
}

static bool sdnbr_dev_is_kind(const struct net_device *dev, const char *kind)
{
	return dev->rtnl_link_ops && !strcmp(dev->rtnl_link_ops->kind, kind);
}

static bool sdnbr_vxlan_is_external(const struct net_device *dev)
{
	const struct vxlan_dev *vxlan = netdev_priv(dev);

	return vxlan->cfg.flags & VXLAN_F_COLLECT_METADATA;
}

/* Both ends of one veth on sdnbr bridges make a loop for flooded frames. */
static bool sdnbr_veth_peer_is_port(struct net_device *dev)
{
	const struct rtnl_link_ops *ops = dev->rtnl_link_ops;
	struct net_device *peer;

	/* the peer's ifindex means something only in the peer's netns */
	if (!ops->get_link_net || !net_eq(ops->get_link_net(dev), dev_net(dev)))
		return false;
	peer = __dev_get_by_index(dev_net(dev), dev_get_iflink(dev));
	return peer && peer != dev &&
	       rtnl_dereference(peer->rx_handler) == sdnbr_port_rx;
}

/* Decide what a device may be as a port of br, or say why it cannot. */
static int sdnbr_port_classify(struct sdnbr_bridge *br, struct net_device *dev,
			       enum sdnbr_port_kind *kind,
			       struct netlink_ext_ack *extack)
{
	if (dev == br->dev) {
		NL_SET_ERR_MSG(extack, "sdnbr: a bridge cannot be its own port");
		return -ELOOP;
	}
	if (sdnbr_is_bridge(dev)) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: an sdnbr bridge cannot be a port of another bridge");
		return -ELOOP;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "sdnbr: a loopback device cannot be a port");
		return -EINVAL;
	}
	if (!net_eq(dev_net(dev), dev_net(br->dev))) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: the port device is in another network namespace");
		return -EXDEV;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: the device is already a port of another master");
		return -EBUSY;
	}
	if (rtnl_dereference(dev->rx_handler)) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: the device is in use by another rx_handler (macvlan, ipvlan...)");
		return -EBUSY;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN) {
		NL_SET_ERR_MSG(extack, "sdnbr: only Ethernet devices can be ports");
		return -EINVAL;
	}
	if (sdnbr_is_gateway(dev)) {
		NL_SET_ERR_MSG(extack,
			       "sdnbr: gateways are made with: ip link add NAME link BR type sdnbr-gw");
		return -EBUSY;
	}
	if (sdnbr_dev_is_kind(dev, "veth")) {
		if (sdnbr_veth_peer_is_port(dev)) {
			NL_SET_ERR_MSG(extack,
				       "sdnbr: the other end of this veth is already a port; that would loop");
			return -ELOOP;
		}
		*kind = SDNBR_PORT_POD;
		return 0;
	}
	if (sdnbr_dev_is_kind(dev, "vxlan")) {
		if (!sdnbr_vxlan_is_external(dev)) {
			NL_SET_ERR_MSG(extack,
				       "sdnbr: the VXLAN device must be in external (collect_md) mode");
			return -EINVAL;
		}
		if (rtnl_dereference(br->tunnel)) {
			NL_SET_ERR_MSG(extack, "sdnbr: the bridge already has a tunnel port");
			return -EEXIST;
		}
		*kind = SDNBR_PORT_TUNNEL;
		return 0;
	}
	NL_SET_ERR_MSG(extack,
		       "sdnbr: unsupported device; ports are veth, vxlan or sdnbr-gw devices");
	return -EOPNOTSUPP;
}

static void sdnbr_port_free_rcu(struct rcu_head *head)
{
	struct sdnbr_port *port = container_of(head, struct sdnbr_port, rcu);

	pr_debug("port %s destroyed\n", port->dev->name);
	netdev_put(port->dev, &port->dev_tracker);
	free_percpu(port->stats);
	kfree(port);
}

/**
 * sdnbr_port_create - attach @dev to @br as a port of the given kind
 * @br: the bridge
 * @dev: the port device, in the bridge's netns
 * @kind: what the port is; the caller has checked that @dev can be one
 * @extack: where to report why attaching failed
 *
 * Must be called under RTNL. Returns the port or an ERR_PTR.
 */
struct sdnbr_port *sdnbr_port_create(struct sdnbr_bridge *br,
				     struct net_device *dev,
				     enum sdnbr_port_kind kind,
				     struct netlink_ext_ack *extack)
{
	struct sdnbr_port *port;
	int err;

	ASSERT_RTNL();
	port = kzalloc(sizeof(*port), GFP_KERNEL_ACCOUNT);
	if (!port)
		return ERR_PTR(-ENOMEM);
	port->stats = netdev_alloc_pcpu_stats(struct sdnbr_port_stats);
	if (!port->stats) {
		err = -ENOMEM;
		goto err_free_port;
	}
	port->dev = dev;
	port->br = br;
	port->kind = kind;
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	err = netdev_master_upper_dev_link(dev, br->dev, NULL, NULL, extack);
	if (err)
		goto err_put_dev;

	/* tun0 is not received: the host's transmit on it is our input */
	if (kind != SDNBR_PORT_GATEWAY) {
		err = netdev_rx_handler_register(dev, sdnbr_port_rx, port);
		if (err) {
			NL_SET_ERR_MSG(extack, "sdnbr: the device already has an rx_handler");
			goto err_unlink;
		}
		err = dev_set_promiscuity(dev, 1);
		if (err)
			goto err_unregister;
		dev_disable_lro(dev);
	}

	list_add_tail_rcu(&port->list, &br->ports);
	br->n_ports++;
	if (kind == SDNBR_PORT_GATEWAY)
		rcu_assign_pointer(br->gateway, port);
	else if (kind == SDNBR_PORT_TUNNEL)
		rcu_assign_pointer(br->tunnel, port);
	pr_debug("port %s created (%s on %s)\n", dev->name,
		 sdnbr_port_kind_names[kind], br->dev->name);
	return port;

err_unregister:
	netdev_rx_handler_unregister(dev);
err_unlink:
	netdev_upper_dev_unlink(dev, br->dev);
err_put_dev:
	netdev_put(dev, &port->dev_tracker);
	free_percpu(port->stats);
err_free_port:
	kfree(port);
	return ERR_PTR(err);
}

/**
 * sdnbr_port_add - ndo_add_slave: attach a veth or VXLAN device
 * @br: the bridge
 * @dev: the device to attach
 * @extack: where to say why the device was refused
 *
 * Called under RTNL.
 */
int sdnbr_port_add(struct sdnbr_bridge *br, struct net_device *dev,
		   struct netlink_ext_ack *extack)
{
	enum sdnbr_port_kind kind;
	struct sdnbr_port *port;
	int err;

	err = sdnbr_port_classify(br, dev, &kind, extack);
	if (err)
		return err;
	port = sdnbr_port_create(br, dev, kind, extack);
	return PTR_ERR_OR_ZERO(port);
}

/**
 * sdnbr_port_del - detach a port from its bridge
 * @port: the port; freed after a grace period
 *
 * Called under RTNL. Once netdev_rx_handler_unregister() returns no CPU is
 * receiving on the device any more, but packets already in the pipeline may
 * still hold @port, hence the deferred free.
 */
void sdnbr_port_del(struct sdnbr_port *port)
{
	struct sdnbr_bridge *br = port->br;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();
	if (port->kind == SDNBR_PORT_GATEWAY) {
		RCU_INIT_POINTER(br->gateway, NULL);
		sdnbr_gateway_detached(dev);
	} else if (port->kind == SDNBR_PORT_TUNNEL) {
		RCU_INIT_POINTER(br->tunnel, NULL);
	}
	list_del_rcu(&port->list);
	br->n_ports--;

	if (port->kind != SDNBR_PORT_GATEWAY) {
		dev_set_promiscuity(dev, -1);
		netdev_rx_handler_unregister(dev);
	}
	netdev_upper_dev_unlink(dev, br->dev);
	call_rcu(&port->rcu, sdnbr_port_free_rcu);
}

/**
 * sdnbr_port_get_rtnl - the sdnbr port that @dev is, if any
 * @dev: any device
 *
 * Called under RTNL.
 */
struct sdnbr_port *sdnbr_port_get_rtnl(const struct net_device *dev)
{
	struct net_device *master;
	struct sdnbr_bridge *br;
	struct sdnbr_port *port;

	ASSERT_RTNL();
	if (rtnl_dereference(dev->rx_handler) == sdnbr_port_rx)
		return rtnl_dereference(dev->rx_handler_data);
	/* the gateway has no rx_handler; find it through its master */
	master = netdev_master_upper_dev_get((struct net_device *)dev);
	if (!master || !sdnbr_is_bridge(master))
		return NULL;
	br = netdev_priv(master);
	port = rtnl_dereference(br->gateway);
	return port && port->dev == dev ? port : NULL;
}

/**
 * sdnbr_port_get_rcu - the sdnbr pod or tunnel port that @dev is, if any
 * @dev: any device
 *
 * Called in an RCU read-side section; the gateway is not found this way.
 */
struct sdnbr_port *sdnbr_port_get_rcu(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != sdnbr_port_rx)
		return NULL;
	return rcu_dereference(dev->rx_handler_data);
}

/**
 * sdnbr_port_get_stats - sum a port's per-CPU counters
 * @port: the port
 * @sum: the totals
 */
void sdnbr_port_get_stats(const struct sdnbr_port *port,
			  struct sdnbr_port_stats *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct sdnbr_port_stats *s = per_cpu_ptr(port->stats, cpu);
		u64 rxp, rxb, txp, txb, rxd, txd;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
			rxd = u64_stats_read(&s->rx_dropped);
			txd = u64_stats_read(&s->tx_dropped);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		u64_stats_add(&sum->rx_packets, rxp);
		u64_stats_add(&sum->rx_bytes, rxb);
		u64_stats_add(&sum->tx_packets, txp);
		u64_stats_add(&sum->tx_bytes, txb);
		u64_stats_add(&sum->rx_dropped, rxd);
		u64_stats_add(&sum->tx_dropped, txd);
	}
}

/*
 * A port device going away, or moving to another netns (which is also
 * NETDEV_UNREGISTER here), leaves the bridge at once. RTNL is held.
 */
static int sdnbr_netdev_event(struct notifier_block *nb, unsigned long event,
			      void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct sdnbr_port *port;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	port = sdnbr_port_get_rtnl(dev);
	if (port)
		sdnbr_port_del(port);
	return NOTIFY_DONE;
}

static struct notifier_block sdnbr_netdev_notifier = {
	.notifier_call = sdnbr_netdev_event,
};

int sdnbr_port_init(void)
{
	return register_netdevice_notifier(&sdnbr_netdev_notifier);
}

void sdnbr_port_exit(void)
{
	unregister_netdevice_notifier(&sdnbr_netdev_notifier);
}
