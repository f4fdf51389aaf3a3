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

#include <linux/hash.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
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

/* An IPv4 prefix with its mask precomputed for the fast path. */
struct sdnbr_prefix {
	__be32 addr;
	__be32 mask;
	u8 plen;
};

static inline bool sdnbr_prefix_has(const struct sdnbr_prefix *p, __be32 ip)
{
	return (ip & p->mask) == p->addr;
}

/* sdnbr_config.has: which optional settings are set */
#define SDNBR_HAS_SERVICE	BIT(0)
#define SDNBR_HAS_LOCAL		BIT(1)
#define SDNBR_HAS_GATEWAY	BIT(2)
#define SDNBR_HAS_NODE_IP	BIT(3)
#define SDNBR_HAS_READY		(SDNBR_HAS_LOCAL | SDNBR_HAS_GATEWAY)

/*
 * Bridge settings: immutable once published. A change copies, edits and
 * swaps the pointer under br->lock; readers see the old or the new whole.
 */
struct sdnbr_config {
	u8 mode;			/* enum sdnbr_mode */
	u8 n_cluster;
	u32 has;			/* SDNBR_HAS_* */
	struct sdnbr_prefix cluster[SDNBR_MAX_CLUSTER_NETWORKS];
	struct sdnbr_prefix service;
	struct sdnbr_prefix local;
	__be32 gateway;
	__be32 node_ip;
	u16 vxlan_port;
	u32 mtu;
	u32 max_entries;
	struct rcu_head rcu;
};

static inline bool sdnbr_in_cluster(const struct sdnbr_config *cfg, __be32 ip)
{
	unsigned int i;

	for (i = 0; i < cfg->n_cluster; i++)
		if (sdnbr_prefix_has(&cfg->cluster[i], ip))
			return true;
	return false;
}

/* Entry types; users see all but the last, NODE_IP, an index. */
enum sdnbr_entry_type {
	SDNBR_ENTRY_POD,
	SDNBR_ENTRY_NODE,
	SDNBR_ENTRY_NS,
	SDNBR_ENTRY_EGRESS,
	SDNBR_ENTRY_FW,
	SDNBR_ENTRY_NODE_IP,
	__SDNBR_ENTRY_MAX,
};

#define SDNBR_USER_ENTRY_TYPES	SDNBR_ENTRY_NODE_IP

/* The hash key of every entry: 8 bytes, hashed as two words. */
struct sdnbr_key {
	u8 type;
	u8 plen;
	u16 zero;
	__be32 addr;			/* IP, subnet or VNID (big endian) */
};

/* Per-entry hit counters: [0] one direction, [1] the other. */
struct sdnbr_counters {
	u64_stats_t packets[2];
	u64_stats_t bytes[2];
	struct u64_stats_sync syncp;
};

struct sdnbr_egress_ip {
	__be32 addr;
	__be32 node;			/* 0: hosted nowhere */
};

/* A namespace's egress IPs, immutable once the entry is installed. */
struct sdnbr_egress {
	u32 mark;
	unsigned int n;
	struct sdnbr_egress_ip ips[];
};

struct sdnbr_fw_rule {
	__be32 addr;
	u8 plen;
	u8 action;			/* enum sdnbr_fw_action */
};

/*
 * An egress firewall, compiled: the address space cut into ranges that
 * each have one verdict, found by binary search whatever the rule count.
 * The rules are kept as given for dumps.
 */
struct sdnbr_fw {
	unsigned int n_rules;
	unsigned int n_ranges;
	struct sdnbr_fw_rule *rules;
	u32 *starts;			/* host order, ascending, starts[0] = 0 */
	u8 *deny;			/* the verdict of each range */
};

struct sdnbr_entry {
	struct rhash_head hnode;
	struct sdnbr_key key;
	/*
	 * An entry leaves its list, under br->lock, before call_rcu() and
	 * RCU readers never walk the lists, so the two can share memory.
	 * That keeps the entry at 64 bytes, one kmalloc-64 object.
	 */
	union {
		struct list_head list;	/* in table->lists[type]; br->lock */
		struct rcu_head rcu;
	};
	struct sdnbr_counters __percpu *counters;
	union {
		struct {
			u8 mac[ETH_ALEN];
			int ifindex;
			u32 vnid;
			/* see sdnbr_svc_port_bit(): set by the datapath only */
			unsigned long svc_ports;
		} pod;
		struct {
			__be32 ip;
			u32 vnid;
			bool fixed_vnid;
			struct sdnbr_entry *ip_index;
		} node;
		struct {
			bool global;
		} ns;
		struct {
			unsigned int refs;	/* nodes with this IP */
		} node_ip;
		struct sdnbr_egress *egress;
		struct sdnbr_fw *fw;
	};
};

/*
 * A pod entry's svc_ports is a one-word Bloom filter of the backend ports
 * the host DNATed this pod's service connections to. Replies come from
 * those ports; other traffic to the pod misses the filter, except by a
 * collision, and skips the conntrack lookup.
 */
static inline unsigned int sdnbr_svc_port_bit(__be16 port)
{
	return hash_32((__force u32)port, ilog2(BITS_PER_LONG));
}

struct sdnbr_flow_table {
	struct rhashtable ht;
	struct list_head lists[__SDNBR_ENTRY_MAX];
	unsigned int count[__SDNBR_ENTRY_MAX];
	unsigned int n_user;		/* entries counted against the limit */
	u64 memory;			/* bytes held by entries */
	u32 gen;			/* bumped by every change, for dumps */
	/* node subnets: how many of each prefix length, and which are used */
	unsigned int plen_refs[33];
	u64 node_plens;			/* bit n: some node subnet is /n */
};

/* The stages, densely: sdnbr_stage_tables[i] is stage i's table. */
#define SDNBR_N_STAGES		16
extern const u8 sdnbr_stage_tables[SDNBR_N_STAGES];

/* Pipeline counters, per CPU. */
struct sdnbr_br_stats {
	u64_stats_t packets;
	u64_stats_t drops[__SDNBR_DROP_MAX];
	u64_stats_t stages[SDNBR_N_STAGES];	/* packets through each */
	u64_stats_t ct_lookups;
	struct u64_stats_sync syncp;
};

struct sdnbr_bridge {
	struct net_device *dev;
	struct list_head ports;		/* RTNL writers, RCU readers */
	unsigned int n_ports;
	struct sdnbr_port __rcu *gateway;
	struct sdnbr_port __rcu *tunnel;
	struct sdnbr_config __rcu *cfg;
	struct sdnbr_br_stats __percpu *stats;
	/* serialises flow table and settings changes; inside RTNL if both */
	struct mutex lock;
	struct sdnbr_flow_table table;
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
struct sdnbr_port *sdnbr_port_get_rcu(const struct net_device *dev);
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

/* One stage a simulated packet passed: see enum sdnbr_step_attr. */
struct sdnbr_trace_step {
	u8 table;
	u8 result;			/* enum sdnbr_step_result */
	u8 entry;			/* enum sdnbr_step_entry */
	u8 plen;
	__be32 addr;			/* the entry's key */
	u32 reg0;
	u32 reg1;
};

/* A simulated packet's walk and verdict (TRACE). */
struct sdnbr_trace {
	unsigned int n;
	struct sdnbr_trace_step steps[16];
	__be32 saddr;
	__be32 daddr;
	enum sdnbr_drop_reason reason;	/* SDNBR_DROP_NONE: output */
	u8 table;			/* the stage that dropped, or output */
	enum sdnbr_port_kind out_kind;
	int out_ifindex;
	__be32 tun_dst;
	u32 vni;
	u32 mark;
	bool to_host_mac;
};

/* datapath.c */
void sdnbr_input(struct sdnbr_port *in, struct sk_buff *skb);
void sdnbr_simulate(struct sdnbr_port *in, struct sk_buff *skb,
		    struct sdnbr_trace *t);
u8 sdnbr_drop_table(enum sdnbr_drop_reason reason);

/* table.c */
extern const struct rhashtable_params sdnbr_ht_params;
int sdnbr_bridge_table_init(struct sdnbr_bridge *br);
void sdnbr_bridge_table_destroy(struct sdnbr_bridge *br);
struct sdnbr_entry *sdnbr_entry_alloc(enum sdnbr_entry_type type);
void sdnbr_entry_free(struct sdnbr_entry *e);
size_t sdnbr_entry_size(const struct sdnbr_entry *e);
struct sdnbr_entry *sdnbr_lookup_locked(struct sdnbr_flow_table *t,
					const struct sdnbr_key *key);
void sdnbr_entry_counters(const struct sdnbr_entry *e, u64 packets[2],
			  u64 bytes[2]);
void sdnbr_key_init(struct sdnbr_key *key, enum sdnbr_entry_type type,
		    __be32 addr, u8 plen);

/* One change to the table; see sdnbr_table_apply(). */
struct sdnbr_op {
	struct sdnbr_entry *new;	/* NULL: delete */
	struct sdnbr_entry *old;	/* found by phase 1 */
	struct sdnbr_key key;
	const struct nlattr *attr;	/* for the extack */
	u32 index;			/* position in the request */
};

int sdnbr_table_apply(struct sdnbr_bridge *br, struct sdnbr_op *ops,
		      unsigned int n, u16 nlflags,
		      struct netlink_ext_ack *extack);
unsigned int sdnbr_table_flush(struct sdnbr_bridge *br,
			       enum sdnbr_entry_type type);

static inline struct sdnbr_entry *
sdnbr_lookup_rcu(struct sdnbr_flow_table *t, enum sdnbr_entry_type type,
		 __be32 addr, u8 plen)
{
	struct sdnbr_key key = { .type = type, .plen = plen, .addr = addr };

	return rhashtable_lookup(&t->ht, &key, sdnbr_ht_params);
}

bool sdnbr_fw_denies(const struct sdnbr_fw *fw, __be32 addr);
struct sdnbr_fw *sdnbr_fw_compile(const struct sdnbr_fw_rule *rules,
				  unsigned int n);
u32 sdnbr_egress_mark(u32 vnid);

/* conntrack.c */
bool sdnbr_ct_is_reply(struct net *net, struct sk_buff *skb, bool dnat_only);

/* netlink.c */
struct genl_info;
int sdnbr_genl_init(void);
void sdnbr_genl_exit(void);
struct net_device *sdnbr_nl_bridge(struct net *net, struct nlattr **attrs,
				   struct netlink_ext_ack *extack);
void *sdnbr_msg_start(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		      u8 cmd, const struct net_device *dev);

/* trace.c */
extern const struct nla_policy sdnbr_packet_policy[SDNBR_PACKET_A_MAX + 1];
int sdnbr_nl_trace(struct sk_buff *skb, struct genl_info *info);

static inline void sdnbr_entry_count(struct sdnbr_entry *e, int dir,
				     unsigned int len)
{
	struct sdnbr_counters *c = this_cpu_ptr(e->counters);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets[dir]);
	u64_stats_add(&c->bytes[dir], len);
	u64_stats_update_end(&c->syncp);
}

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
