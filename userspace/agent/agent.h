/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdn-agent: one cluster description in, a correctly programmed node out.
 *
 * The pieces, each in its own file:
 *   config.c   the JSON cluster description: parse and validate (pure)
 *   state.c    what one node should have, from the description (pure)
 *   diff.c     desired against current state: the minimal changes (pure)
 *   nft.c      the host's nftables ruleset, as text (pure), and applying it
 *   kernel.c   the sdnbr flow table: read it, apply changes in batches
 *   kmsg.c     egress and firewall entries on the wire
 *   host.c     links, addresses, routes, sysctl, ports (rtnetlink)
 *   garp.c     a gratuitous ARP for an egress IP
 *   main.c     the command line, the reconcile pass, the inotify loop
 *
 * Addresses are struct in_addr in network byte order, as in sdnbr_msg.h.
 */
#ifndef SDN_AGENT_H
#define SDN_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#include <linux/sdnbr.h>

#include "sdnbr_msg.h"

#define AGENT_ERR_MAX		512
#define AGENT_DEFAULT_BRIDGE	"br0"
#define AGENT_GATEWAY_DEV	"tun0"
#define AGENT_TUNNEL_DEV	"vxlan0"
#define AGENT_NFT_TABLE		"sdnbr"
/* the label of egress IP addresses on the uplink: "<uplink>:eip" */
#define AGENT_EIP_LABEL		":eip"

/* ---- the cluster description (config.c) ---------------------------------- */

struct agent_fw_rule {
	uint8_t action;			/* SDNBR_FW_ALLOW or SDNBR_FW_DENY */
	struct sdnbr_prefix prefix;
};

struct agent_node {
	const char *name;
	struct in_addr ip;
	struct sdnbr_prefix subnet;
	unsigned int n_egress;
	struct in_addr *egress;		/* the egress IPs it hosts */
};

struct agent_ns {
	const char *name;
	uint32_t vnid;
	unsigned int n_egress;
	struct in_addr egress[SDNBR_MAX_EGRESS_IPS];
	bool has_policy;		/* "egressPolicy" given (maybe empty) */
	unsigned int n_rules;
	struct agent_fw_rule *rules;
};

struct agent_pod {
	const char *name;
	size_t ns;			/* index in agent_cluster.ns */
	size_t node;			/* index in agent_cluster.nodes */
	struct in_addr ip;
	char veth[IFNAMSIZ];
};

struct agent_cluster {
	void *root;			/* the json_t; owns the strings */
	uint8_t mode;			/* enum sdnbr_mode */
	unsigned int n_cluster;
	struct sdnbr_prefix cluster[SDNBR_MAX_CLUSTER_NETWORKS];
	struct sdnbr_prefix service;
	uint16_t vxlan_port;
	uint32_t mtu;
	size_t n_nodes, n_ns, n_pods, n_services;
	struct agent_node *nodes;
	struct agent_ns *ns;
	struct agent_pod *pods;
	/* keys nobody knows, ignored: "pods[0].hostveth: unknown key" */
	size_t n_warnings;
	char **warnings;
};

/*
 * Parse and validate a description. @name is what messages call the file.
 * On failure returns -EINVAL (or -ENOMEM) and writes "NAME: PATH: what is
 * wrong" (or "NAME:LINE:COL: ..." for a syntax error) into @err; @c is then
 * empty.
 */
int agent_cluster_parse(struct agent_cluster *c, const char *text,
			const char *name, char *err, size_t errlen);
int agent_cluster_load(struct agent_cluster *c, const char *path,
		       char *err, size_t errlen);
void agent_cluster_free(struct agent_cluster *c);
/* The node called @name, or -1. */
long agent_cluster_node(const struct agent_cluster *c, const char *name);

/* ---- the state of one node (state.c) --------------------------------------- */

struct agent_pod_entry {
	struct sdnbr_pod pod;		/* ip, mac, ifindex, vnid */
	char veth[IFNAMSIZ];		/* the port's name */
	const char *name;		/* "namespace/pod", or NULL */
};

struct agent_egress_ip {
	struct in_addr addr;
	bool hosted;			/* node is set */
	struct in_addr node;		/* the IP of the node hosting it */
};

struct agent_egress {
	uint32_t vnid;
	unsigned int n;
	struct agent_egress_ip ip[SDNBR_MAX_EGRESS_IPS];
};

struct agent_fw {
	uint32_t vnid;
	unsigned int n;
	struct agent_fw_rule *rules;	/* owned by the state */
};

/* An egress IP this node hosts for a namespace: address, SNAT, ARP. */
struct agent_eip {
	struct in_addr addr;
	uint32_t vnid;
	uint32_t mark;
};

struct agent_state {
	bool has_cfg;
	struct sdnbr_config cfg;	/* the managed settings, has bits set */
	size_t n_pods, n_nodes, n_ns, n_egress, n_fw, n_eips;
	struct agent_pod_entry *pods;
	struct sdnbr_node *nodes;
	struct sdnbr_ns *ns;
	struct agent_egress *egress;
	struct agent_fw *fw;
	struct agent_eip *eips;
};

/* The bridge settings this description gives node @node. */
void agent_desired_config(const struct agent_cluster *c, size_t node,
			  struct sdnbr_config *cfg);
/*
 * The desired state of node @node. Pods get ifindex 0: the caller fills
 * it in from their veths (state.pods[i].veth). 0 or -ENOMEM.
 */
int agent_desired_state(const struct agent_cluster *c, size_t node,
			struct agent_state *s);
void agent_state_free(struct agent_state *s);
/* Sorts every list by its key, as the diff needs. */
void agent_state_sort(struct agent_state *s);
/* Removes pod i, keeping the order. */
void agent_state_drop_pod(struct agent_state *s, size_t i);

/* Append one entry of each kind (for the kernel reader and tests). */
int agent_state_add_pod(struct agent_state *s, const struct agent_pod_entry *p);
int agent_state_add_node(struct agent_state *s, const struct sdnbr_node *n);
int agent_state_add_ns(struct agent_state *s, const struct sdnbr_ns *ns);
int agent_state_add_egress(struct agent_state *s, const struct agent_egress *e);
/* Takes a copy of the rules. */
int agent_state_add_fw(struct agent_state *s, uint32_t vnid,
		       const struct agent_fw_rule *rules, unsigned int n);

/* ---- the diff (diff.c) ----------------------------------------------------- */

enum agent_op {
	AGENT_ADD,
	AGENT_REPLACE,
	AGENT_DEL,
};

/*
 * One change to one entry. @type is SDNBR_A_POD, _NODE, _NS, _EGRESS or
 * _FW; @want points into the desired state (NULL for a delete), @have
 * into the current one (NULL for an add).
 */
struct agent_change {
	enum agent_op op;
	uint16_t type;
	const void *want;
	const void *have;
};

struct agent_diff {
	/* bridge settings: those in cfg.has differ and are to be set */
	bool set_cfg;
	struct sdnbr_config cfg;
	/* the local subnet or gateway changes: every pod goes and comes back */
	bool repod;
	/*
	 * Deletes first, then the settings, then adds and replaces:
	 * v[0 .. n_del) are deletes, v[n_del .. n) the rest.
	 */
	size_t n, n_del, cap;
	struct agent_change *v;
};

/*
 * The minimal changes that turn @have into @want. Both must be sorted
 * (agent_state_sort). Entries equal in both make no change. 0 or -ENOMEM.
 */
int agent_diff(const struct agent_state *want, const struct agent_state *have,
	       struct agent_diff *d);
void agent_diff_free(struct agent_diff *d);

/* One log line for a change: "pod add 10.128.0.2 port veth-a vnid 10". */
void agent_change_fmt(const struct agent_change *ch, char *buf, size_t len);
/* "bridge set mode multitenant mtu 1450": the settings in cfg->has. */
void agent_config_fmt(const struct sdnbr_config *cfg, char *buf, size_t len);

/* Comparisons used by the diff, exposed for the tests. */
bool agent_pod_equal(const struct agent_pod_entry *a,
		     const struct agent_pod_entry *b);
bool agent_egress_equal(const struct agent_egress *a,
			const struct agent_egress *b);
bool agent_fw_equal(const struct agent_fw *a, const struct agent_fw *b);
/* The managed settings of @want that @have lacks or holds otherwise. */
uint32_t agent_config_diff(const struct sdnbr_config *want,
			   const struct sdnbr_config *have);

/* ---- the host's nftables ruleset (nft.c) ---------------------------------- */

/*
 * The whole ruleset of table ip sdnbr for this node, as one nft -f
 * transaction that replaces the table atomically. Its first line is the
 * table's comment, "sdn-agent:<hash of the rest>", which is how the agent
 * knows that the table in place is already what it wants. malloc'ed.
 */
char *agent_nft_ruleset(const struct agent_cluster *c,
			const struct agent_state *s, char *comment,
			size_t comment_len);

/* ---- logging (main.c) ---------------------------------------------------- */

struct agent_counts {
	unsigned long added, replaced, deleted, errors;
};

__attribute__((format(printf, 1, 2)))
void agent_log(const char *fmt, ...);
/* a change made: one line, and counted */
__attribute__((format(printf, 3, 4)))
void agent_change(struct agent_counts *n, enum agent_op op,
		  const char *fmt, ...);
/* something that could not be done: "sdn-agent: ...", and counted */
__attribute__((format(printf, 2, 3)))
void agent_error(struct agent_counts *n, const char *fmt, ...);

#endif /* SDN_AGENT_H */
