/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdnbr internal objects: the bridge, its ports and their counters.
 *
 * Locking: port membership and the bridge's life cycle change only under
 * RTNL. The datapath runs in RCU read-side sections (the rx_handler, the
 * gateway's xmit) and never takes a lock. Ports are freed after a grace
 * period, so a packet in flight may still use the port it came from.
 */
#ifndef _SDNBR_H
#define _SDNBR_H

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/sdnbr.h>

struct sdnbr_port_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t rx_dropped;
	u64_stats_t tx_dropped;
	struct u64_stats_sync syncp;
};

struct sdnbr_bridge;

struct sdnbr_port {
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct sdnbr_bridge *br;
	enum sdnbr_port_kind kind;
	struct list_head list;		/* in br->ports, RCU */
	struct sdnbr_port_stats __percpu *stats;
	struct rcu_head rcu;
};

struct sdnbr_bridge {
	struct net_device *dev;
	struct list_head ports;		/* RTNL writers, RCU readers */
	unsigned int n_ports;
	struct sdnbr_port __rcu *gateway;
	struct sdnbr_port __rcu *tunnel;
};

/* Lockdep-checked accessors for RTNL-protected pointers. */
#define sdnbr_rtnl_deref(p) rtnl_dereference(p)

static inline struct sdnbr_bridge *sdnbr_bridge_from_dev(struct net_device *dev)
{
	return netdev_priv(dev);
}

/* bridge.c */
extern struct rtnl_link_ops sdnbr_link_ops;
extern const struct ethtool_ops sdnbr_ethtool_ops;
int sdnbr_dev_open(struct net_device *dev);
int sdnbr_dev_stop(struct net_device *dev);
void sdnbr_dev_setup(struct net_device *dev);
int sdnbr_dev_register(struct net_device *dev);
bool sdnbr_is_bridge(const struct net_device *dev);
int sdnbr_bridge_init(void);
void sdnbr_bridge_exit(void);

/* port.c */
struct sdnbr_port *sdnbr_port_create(struct sdnbr_bridge *br,
				     struct net_device *dev,
				     enum sdnbr_port_kind kind,
				     struct netlink_ext_ack *extack);
int sdnbr_port_add(struct sdnbr_bridge *br, struct net_device *dev,
		   struct netlink_ext_ack *extack);
void sdnbr_port_del(struct sdnbr_port *port);
struct sdnbr_port *sdnbr_port_get_rtnl(const struct net_device *dev);
void sdnbr_port_get_stats(const struct sdnbr_port *port,
			  struct sdnbr_port_stats *sum);
int sdnbr_port_init(void);
void sdnbr_port_exit(void);

/* gateway.c */
extern struct rtnl_link_ops sdnbr_gw_link_ops;
bool sdnbr_is_gateway(const struct net_device *dev);
void sdnbr_gateway_deliver(struct sdnbr_port *port, struct sk_buff *skb);
void sdnbr_gateway_detached(struct net_device *dev);
int sdnbr_gateway_init(void);
void sdnbr_gateway_exit(void);

/* datapath.c */
void sdnbr_input(struct sdnbr_port *in, struct sk_buff *skb);

static inline void sdnbr_port_count_rx(struct sdnbr_port *port,
				       unsigned int len)
{
	struct sdnbr_port_stats *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void sdnbr_port_count_tx(struct sdnbr_port *port,
				       unsigned int len)
{
	struct sdnbr_port_stats *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void sdnbr_port_count_rx_drop(struct sdnbr_port *port)
{
	struct sdnbr_port_stats *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_dropped);
	u64_stats_update_end(&s->syncp);
}

static inline void sdnbr_port_count_tx_drop(struct sdnbr_port *port)
{
	struct sdnbr_port_stats *s = this_cpu_ptr(port->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_dropped);
	u64_stats_update_end(&s->syncp);
}

#endif /* _SDNBR_H */
