/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The messages of the sdnbr generic netlink family as C structures: a
 * builder for each request attribute and a parser for each reply, so that
 * sdnctl and sdn-agent encode and decode <linux/sdnbr.h> in one place.
 *
 * Each structure says which attributes it holds with a bitmask indexed by
 * the attribute numbers of its nest (SDNBR_HAS(SDNBR_POD_A_MAC)): builders
 * emit exactly those, parsers set exactly those they found. Addresses are
 * in network byte order (struct in_addr), everything else in host order.
 *
 * Builders return 0 or -EMSGSIZE (the message is full; it is left with a
 * partial attribute, so discard it). Parsers return 0 or -EPROTO for a
 * malformed attribute; attributes they do not know are skipped, so a newer
 * kernel's replies still parse.
 *
 * Egress and firewall entries hold lists (egress IPs, rules) by pointer.
 * The builders only read them, so a caller may point at its own arrays;
 * the parsers allocate them (-ENOMEM), and sdnbr_msg_entry_free() frees
 * what a parser allocated.
 */
#ifndef SDNBR_MSG_H
#define SDNBR_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/sdnbr.h>

#define SDNBR_HAS(attr)		(1U << (attr))

/* At most this many drop nests are kept from one reply; more are counted. */
#define SDNBR_STATS_MAX_DROPS	64

struct sdnbr_prefix {
	struct in_addr addr;
	uint8_t plen;
};

struct sdnbr_counters {
	uint64_t packets;
	uint64_t bytes;
};

struct sdnbr_config {
	uint32_t has;			/* SDNBR_HAS(SDNBR_CFG_A_*) */
	uint8_t mode;			/* enum sdnbr_mode */
	unsigned int n_cluster;
	struct sdnbr_prefix cluster[SDNBR_MAX_CLUSTER_NETWORKS];
	struct sdnbr_prefix service;
	struct sdnbr_prefix local_subnet;
	struct in_addr gateway;
	struct in_addr node_ip;
	uint16_t vxlan_port;
	uint32_t mtu;
	uint32_t max_entries;
};

/* One per-reason (SDNBR_STATS_A_DROP) or per-stage (_STAGE) counter. */
struct sdnbr_drop {
	uint32_t has;			/* SDNBR_HAS(SDNBR_DROP_A_*) */
	uint32_t reason;		/* enum sdnbr_drop_reason */
	uint32_t table;			/* enum sdnbr_table */
	uint64_t packets;
};

struct sdnbr_stats {
	uint32_t has;			/* SDNBR_HAS(SDNBR_STATS_A_*) */
	uint32_t entries;
	uint32_t pods;
	uint32_t nodes;
	uint32_t namespaces;
	uint32_t egress;		/* egress entries */
	uint32_t firewalls;		/* firewall entries */
	uint64_t memory;
	uint64_t packets;
	uint64_t ct_lookups;		/* host conntrack lookups */
	unsigned int n_drops;		/* kept in drops[] */
	unsigned int n_stages;		/* kept in stages[] */
	unsigned int n_lost;		/* beyond SDNBR_STATS_MAX_DROPS */
	struct sdnbr_drop drops[SDNBR_STATS_MAX_DROPS];
	struct sdnbr_drop stages[SDNBR_STATS_MAX_DROPS];
	unsigned int n_passed;		/* kept in passed[] */
	/* packets through each stage (.reason unused) */
	struct sdnbr_drop passed[SDNBR_STATS_MAX_DROPS];
};

/* A BR_GET reply (or BR_SET request/event). */
struct sdnbr_bridge {
	uint32_t has;			/* SDNBR_HAS(SDNBR_A_*) */
	uint32_t ifindex;
	char ifname[IFNAMSIZ];
	struct sdnbr_config cfg;
	struct sdnbr_stats stats;
};

struct sdnbr_pod {
	uint32_t has;			/* SDNBR_HAS(SDNBR_POD_A_*) */
	struct in_addr ip;
	uint8_t mac[6];
	uint32_t ifindex;
	uint32_t vnid;
	struct sdnbr_counters rx;
	struct sdnbr_counters tx;
};

struct sdnbr_node {
	uint32_t has;			/* SDNBR_HAS(SDNBR_NODE_A_*) */
	struct sdnbr_prefix subnet;
	struct in_addr ip;
	uint32_t vnid;
	struct sdnbr_counters tx;
	struct sdnbr_counters rx;
};

struct sdnbr_ns {
	uint32_t has;			/* SDNBR_HAS(SDNBR_NS_A_*) */
	uint32_t vnid;
	bool global;
};

/* One egress IP of a namespace. */
struct sdnbr_egress_ip {
	uint32_t has;			/* SDNBR_HAS(SDNBR_EGRESS_IP_A_*) */
	struct in_addr addr;
	struct in_addr node;		/* the node hosting it, if it has one */
};

/*
 * The egress IPs of a namespace, keyed by VNID. SDNBR_EGRESS_A_IP in @has
 * says the list is there (a NEW carries it, even empty); @mark and @tx
 * are read-only and never sent.
 */
struct sdnbr_egress {
	uint32_t has;			/* SDNBR_HAS(SDNBR_EGRESS_A_*) */
	uint32_t vnid;
	unsigned int n_ips;
	struct sdnbr_egress_ip *ips;	/* n_ips of them, in order */
	uint32_t mark;
	struct sdnbr_counters tx;
};

struct sdnbr_fw_rule {
	uint8_t action;			/* enum sdnbr_fw_action */
	struct sdnbr_prefix prefix;
};

/*
 * The egress firewall of a namespace, keyed by VNID: its rules in order.
 * SDNBR_FW_A_RULE in @has says the list is there; the counters are
 * read-only.
 */
struct sdnbr_fw {
	uint32_t has;			/* SDNBR_HAS(SDNBR_FW_A_*) */
	uint32_t vnid;
	unsigned int n_rules;
	struct sdnbr_fw_rule *rules;	/* n_rules of them, in order */
	struct sdnbr_counters allowed;
	struct sdnbr_counters denied;
};

/*
 * Any entry: @type is SDNBR_A_POD, SDNBR_A_NODE, SDNBR_A_NS,
 * SDNBR_A_EGRESS or SDNBR_A_FW.
 */
struct sdnbr_entry {
	uint16_t type;
	union {
		struct sdnbr_pod pod;
		struct sdnbr_node node;
		struct sdnbr_ns ns;
		struct sdnbr_egress egress;
		struct sdnbr_fw fw;
	};
};

/* Frees the lists a parser allocated for @e and empties them. */
void sdnbr_msg_entry_free(struct sdnbr_entry *e);
/* @dst becomes a copy of @src with lists of its own; 0 or -ENOMEM. */
int sdnbr_msg_entry_dup(struct sdnbr_entry *dst, const struct sdnbr_entry *src);
/* The key the kernel finds @e by: pod IP, node subnet, VNID. */
uint64_t sdnbr_msg_entry_key(const struct sdnbr_entry *e);

/* ---- building requests -------------------------------------------------- */

/*
 * A new sdnbr request for family @family with room for @size bytes (0: the
 * libnl default, one page). NULL when out of memory.
 */
struct nl_msg *sdnbr_msg_new(uint16_t family, uint8_t cmd, int flags,
			     size_t size);
/* The bridge: by name if @ifname is non-empty, else by @ifindex. */
int sdnbr_msg_put_dev(struct nl_msg *msg, const char *ifname,
		      uint32_t ifindex);
int sdnbr_msg_put_prefix(struct nl_msg *msg, int type,
			 const struct sdnbr_prefix *p);
int sdnbr_msg_put_config(struct nl_msg *msg, const struct sdnbr_config *cfg);
/* One entry nest, without counters (they are read-only). */
int sdnbr_msg_put_pod(struct nl_msg *msg, const struct sdnbr_pod *pod);
int sdnbr_msg_put_node(struct nl_msg *msg, const struct sdnbr_node *node);
int sdnbr_msg_put_ns(struct nl_msg *msg, const struct sdnbr_ns *ns);
/*
 * The lists go out as they are: the ABI's limits (SDNBR_MAX_EGRESS_IPS,
 * SDNBR_MAX_FIREWALL_RULES) are the kernel's to enforce. A list too long
 * for one nest (64 KiB) is -EMSGSIZE.
 */
int sdnbr_msg_put_egress(struct nl_msg *msg, const struct sdnbr_egress *eg);
int sdnbr_msg_put_fw(struct nl_msg *msg, const struct sdnbr_fw *fw);
int sdnbr_msg_put_entry(struct nl_msg *msg, const struct sdnbr_entry *e);
/*
 * Upper bound of what sdnbr_msg_put_entry() adds for one entry of @type,
 * lists at the ABI's limits; 0 for a type that is no entry.
 */
size_t sdnbr_msg_entry_size(uint16_t type);
/* What sdnbr_msg_put_entry() adds for @e, exactly; 0 if it is no entry. */
size_t sdnbr_msg_entry_len(const struct sdnbr_entry *e);

/* ---- parsing replies and events ---------------------------------------- */

/* The attributes of a generic netlink message of this family. */
struct nlattr *sdnbr_msg_attrs(const struct nlmsghdr *nlh, int *len);
uint8_t sdnbr_msg_cmd(const struct nlmsghdr *nlh);

int sdnbr_msg_parse_prefix(struct nlattr *nest, struct sdnbr_prefix *p);
int sdnbr_msg_parse_counters(struct nlattr *nest, struct sdnbr_counters *c);
int sdnbr_msg_parse_config(struct nlattr *nest, struct sdnbr_config *cfg);
int sdnbr_msg_parse_stats(struct nlattr *nest, struct sdnbr_stats *st);
int sdnbr_msg_parse_pod(struct nlattr *nest, struct sdnbr_pod *pod);
int sdnbr_msg_parse_node(struct nlattr *nest, struct sdnbr_node *node);
int sdnbr_msg_parse_ns(struct nlattr *nest, struct sdnbr_ns *ns);
/*
 * These allocate the list (even past the ABI's limit, as a newer kernel
 * may send), overwriting @eg or @fw without freeing what it held. On
 * failure nothing stays allocated.
 */
int sdnbr_msg_parse_egress(struct nlattr *nest, struct sdnbr_egress *eg);
int sdnbr_msg_parse_fw(struct nlattr *nest, struct sdnbr_fw *fw);
/*
 * An entry nest (SDNBR_A_POD, _NODE, _NS, _EGRESS or _FW), by its type;
 * -EPROTO for other types. Free it with sdnbr_msg_entry_free().
 */
int sdnbr_msg_parse_entry(struct nlattr *nest, struct sdnbr_entry *e);

/*
 * The top-level SDNBR_A_IFINDEX, SDNBR_A_IFNAME, SDNBR_A_CONFIG and
 * SDNBR_A_STATS of a message (a BR_GET reply, a BR_SET event).
 */
int sdnbr_msg_parse_bridge(const struct nlmsghdr *nlh,
			   struct sdnbr_bridge *br);

/*
 * Calls @cb for each entry nest of type @type in @nlh, in order, and
 * stores the bridge's SDNBR_A_IFINDEX/IFNAME in @br (ifindex 0 and an
 * empty name if absent). Stops at the first error of @cb or the parser.
 * The entry's lists are freed when @cb returns: to keep one, copy it with
 * sdnbr_msg_entry_dup().
 */
typedef int (*sdnbr_msg_entry_cb)(const struct sdnbr_entry *e, void *arg);
int sdnbr_msg_for_each_entry(const struct nlmsghdr *nlh, uint16_t type,
			     struct sdnbr_bridge *br,
			     sdnbr_msg_entry_cb cb, void *arg);

/* ---- naming what the kernel complained about -------------------------- */

/*
 * Where @offset (from the start of @req, as the extended ACK gives it)
 * falls: in top-level attribute @top, which starts at @top_offset, and if
 * that is a nest, in its attribute @child.
 */
struct sdnbr_msg_loc {
	uint16_t top;
	uint32_t top_offset;
	uint16_t child;		/* 0: the nest itself, or not a nest */
	uint32_t child_offset;
	/* the child is the index-th (from 1) attribute of its type in top */
	unsigned int index;
	uint16_t grandchild;	/* inside a nested child; 0: the child itself */
};

int sdnbr_msg_locate(const struct nlmsghdr *req, uint32_t offset,
		     struct sdnbr_msg_loc *loc);

struct sdnbr_extack;

/*
 * The sdnctl keyword of the attribute an extended ACK points at in @req
 * ("vnid", "dev", "cluster-network"), or of the one it says is missing
 * (then *@missing is true); "" when it points at a whole entry or
 * settings nest, NULL when it points nowhere we can name.
 */
const char *sdnbr_msg_err_keyword(const struct nlmsghdr *req,
				  const struct sdnbr_extack *ext,
				  bool *missing);

/* "ip 255.255.255.255", "rule 4294967295": with room to spare */
#define SDNBR_MSG_ERR_NAMELEN	48

/*
 * The same, but inside one element of a list it names the element, as
 * sdnctl's arguments do: "ip 192.0.2.101" for an egress IP (or anything
 * in it), "rule 3" for the third firewall rule (or anything in it). The
 * result is in @buf or a constant.
 */
const char *sdnbr_msg_err_name(const struct nlmsghdr *req,
			       const struct sdnbr_extack *ext, bool *missing,
			       char buf[SDNBR_MSG_ERR_NAMELEN]);

#endif /* SDNBR_MSG_H */
