/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sdnbr: the ABI shared by the kernel module and its userspace.
 *
 * Two rtnetlink link kinds:
 *   "sdnbr"     the bridge (br0):  ip link add br0 type sdnbr
 *   "sdnbr-gw"  its gateway port:  ip link add tun0 link br0 type sdnbr-gw
 * and a generic netlink family, "sdnbr", that configures the pipeline.
 * Documentation/netlink/specs/sdnbr.yaml describes the family; a unit test
 * checks that it and this header agree.
 */
#ifndef _UAPI_LINUX_SDNBR_H
#define _UAPI_LINUX_SDNBR_H

#include <linux/types.h>

#define SDNBR_LINK_KIND		"sdnbr"
#define SDNBR_GW_LINK_KIND	"sdnbr-gw"
#define SDNBR_GENL_NAME		"sdnbr"
#define SDNBR_GENL_VERSION	1
#define SDNBR_MCGRP_EVENTS	"events"

/* The kind of a port, as reported in IFLA_SDNBR_PORT_KIND. */
enum sdnbr_port_kind {
	SDNBR_PORT_POD,		/* a pod's host-side veth */
	SDNBR_PORT_GATEWAY,	/* tun0, the node's way into the host stack */
	SDNBR_PORT_TUNNEL,	/* vxlan0, a collect_md VXLAN device */
	__SDNBR_PORT_KIND_MAX,
};

/*
 * IFLA_INFO_DATA of an "sdnbr" link (ip -d link show br0). All read-only:
 * the bridge is configured through generic netlink.
 */
enum {
	IFLA_SDNBR_UNSPEC,
	IFLA_SDNBR_N_PORTS,		/* u32: ports attached */
	IFLA_SDNBR_GATEWAY,		/* u32: ifindex of the gateway port */
	IFLA_SDNBR_TUNNEL,		/* u32: ifindex of the tunnel port */
	__IFLA_SDNBR_MAX,
};

#define IFLA_SDNBR_MAX (__IFLA_SDNBR_MAX - 1)

/* IFLA_INFO_SLAVE_DATA of a port (ip -d link show vethX). */
enum {
	IFLA_SDNBR_PORT_UNSPEC,
	IFLA_SDNBR_PORT_KIND,		/* u32: enum sdnbr_port_kind */
	IFLA_SDNBR_PORT_RX_PACKETS,	/* u64: into the pipeline from it */
	IFLA_SDNBR_PORT_RX_BYTES,	/* u64 */
	IFLA_SDNBR_PORT_TX_PACKETS,	/* u64: out of the pipeline to it */
	IFLA_SDNBR_PORT_TX_BYTES,	/* u64 */
	IFLA_SDNBR_PORT_RX_DROPPED,	/* u64: dropped on the way in */
	IFLA_SDNBR_PORT_TX_DROPPED,	/* u64: dropped on the way out */
	IFLA_SDNBR_PORT_PAD,
	__IFLA_SDNBR_PORT_MAX,
};

#define IFLA_SDNBR_PORT_MAX (__IFLA_SDNBR_PORT_MAX - 1)

/* ------------------------------------------------------------------ */
/* Generic netlink family "sdnbr"                                      */
/* ------------------------------------------------------------------ */

/* Plugin modes of OpenShift SDN that the pipeline implements. */
enum sdnbr_mode {
	SDNBR_MODE_SUBNET = 1,		/* no isolation */
	SDNBR_MODE_MULTITENANT,		/* isolation by namespace VNID */
	__SDNBR_MODE_MAX,
};

#define SDNBR_MODE_MAX (__SDNBR_MODE_MAX - 1)

#define SDNBR_VNID_MAX			0xffffffU	/* VNIDs are 24 bits */
#define SDNBR_MAX_CLUSTER_NETWORKS	16
#define SDNBR_DEFAULT_MAX_ENTRIES	4194304
#define SDNBR_DEFAULT_VXLAN_PORT	4789
#define SDNBR_DEFAULT_MTU		1450
#define SDNBR_MAX_EGRESS_IPS		16
#define SDNBR_MAX_FIREWALL_RULES	1000

/*
 * Commands. Every entry type has NEW, DEL, GET and FLUSH:
 *
 *  NEW    adds entries. Like rtnetlink: NLM_F_REPLACE replaces an existing
 *         entry with the same key, and without NLM_F_CREATE a missing one
 *         is an error (ENOENT); with NLM_F_EXCL, or without NLM_F_REPLACE,
 *         an existing one is (EEXIST).
 *  DEL    deletes entries by key.
 *  GET    returns one entry by key, or with NLM_F_DUMP all of them.
 *  FLUSH  deletes every entry of the type.
 *
 * NEW and DEL take any number of entry nests (SDNBR_A_POD ...) in one
 * message and apply all or none of them: on any error nothing changes, and
 * the extack points at the entry that failed.
 *
 * Each change is announced to the "events" multicast group as a message
 * with the same command and attributes as the request that made it.
 */
enum sdnbr_cmd {
	SDNBR_CMD_UNSPEC,
	SDNBR_CMD_BR_GET,	/* settings, counters; dump: every sdnbr bridge */
	SDNBR_CMD_BR_SET,	/* change the settings in SDNBR_A_CONFIG */
	SDNBR_CMD_POD_NEW,
	SDNBR_CMD_POD_DEL,
	SDNBR_CMD_POD_GET,
	SDNBR_CMD_POD_FLUSH,
	SDNBR_CMD_NODE_NEW,
	SDNBR_CMD_NODE_DEL,
	SDNBR_CMD_NODE_GET,
	SDNBR_CMD_NODE_FLUSH,
	SDNBR_CMD_NS_NEW,
	SDNBR_CMD_NS_DEL,
	SDNBR_CMD_NS_GET,
	SDNBR_CMD_NS_FLUSH,
	SDNBR_CMD_EGRESS_NEW,
	SDNBR_CMD_EGRESS_DEL,
	SDNBR_CMD_EGRESS_GET,
	SDNBR_CMD_EGRESS_FLUSH,
	SDNBR_CMD_FW_NEW,
	SDNBR_CMD_FW_DEL,
	SDNBR_CMD_FW_GET,
	SDNBR_CMD_FW_FLUSH,
	SDNBR_CMD_TRACE,	/* run SDNBR_A_PACKET through the pipeline */
	__SDNBR_CMD_MAX,
};

#define SDNBR_CMD_MAX (__SDNBR_CMD_MAX - 1)

/*
 * Top-level attributes. Every request names its bridge by SDNBR_A_IFINDEX
 * or SDNBR_A_IFNAME, in the caller's network namespace.
 */
enum sdnbr_attr {
	SDNBR_A_UNSPEC,
	SDNBR_A_PAD,
	SDNBR_A_IFINDEX,	/* u32: the bridge */
	SDNBR_A_IFNAME,		/* string: the bridge, by name */
	SDNBR_A_CONFIG,		/* nest: enum sdnbr_cfg_attr */
	SDNBR_A_STATS,		/* nest: enum sdnbr_stats_attr (read-only) */
	SDNBR_A_POD,		/* nest: enum sdnbr_pod_attr; may repeat */
	SDNBR_A_NODE,		/* nest: enum sdnbr_node_attr; may repeat */
	SDNBR_A_NS,		/* nest: enum sdnbr_ns_attr; may repeat */
	SDNBR_A_EGRESS,		/* nest: enum sdnbr_egress_attr; may repeat */
	SDNBR_A_FW,		/* nest: enum sdnbr_fw_attr; may repeat */
	SDNBR_A_PACKET,		/* nest: enum sdnbr_packet_attr (TRACE) */
	SDNBR_A_TRACE,		/* nest: enum sdnbr_trace_attr (TRACE reply) */
	__SDNBR_A_MAX,
};

#define SDNBR_A_MAX (__SDNBR_A_MAX - 1)

/* An IPv4 prefix: SDNBR_CFG_CLUSTER_NETWORK and friends, node subnets. */
enum sdnbr_prefix_attr {
	SDNBR_PREFIX_A_UNSPEC,
	SDNBR_PREFIX_A_ADDR,	/* be32: host bits must be zero */
	SDNBR_PREFIX_A_PLEN,	/* u8: 0..32 */
	__SDNBR_PREFIX_A_MAX,
};

#define SDNBR_PREFIX_A_MAX (__SDNBR_PREFIX_A_MAX - 1)

/*
 * Bridge settings. BR_SET changes only the attributes it carries; the
 * result is checked as a whole (the gateway inside the local subnet, the
 * local subnet inside a cluster network, no overlap with the service
 * network) before any of it applies.
 */
enum sdnbr_cfg_attr {
	SDNBR_CFG_A_UNSPEC,
	SDNBR_CFG_A_MODE,		/* u8: enum sdnbr_mode */
	/* nest: prefix; repeats; when present, replaces the whole list */
	SDNBR_CFG_A_CLUSTER_NETWORK,
	SDNBR_CFG_A_SERVICE_NETWORK,	/* nest: prefix */
	SDNBR_CFG_A_LOCAL_SUBNET,	/* nest: prefix */
	SDNBR_CFG_A_GATEWAY,		/* be32: tun0's address */
	SDNBR_CFG_A_NODE_IP,		/* be32 */
	SDNBR_CFG_A_VXLAN_PORT,		/* u16: UDP destination port */
	SDNBR_CFG_A_MTU,		/* u32: overlay MTU */
	SDNBR_CFG_A_MAX_ENTRIES,	/* u32: limit on all entries */
	__SDNBR_CFG_A_MAX,
};

#define SDNBR_CFG_A_MAX (__SDNBR_CFG_A_MAX - 1)

/*
 * Pipeline stages, numbered as the OpenFlow tables of OpenShift SDN that
 * they implement. Per-stage drop counters are indexed by these numbers.
 */
enum sdnbr_table {
	SDNBR_TABLE_CLASSIFY = 0,	/* by ingress port */
	SDNBR_TABLE_VXLAN_IN = 10,	/* VXLAN from known nodes only */
	SDNBR_TABLE_POD_IN = 20,	/* anti-spoofing, source VNID */
	SDNBR_TABLE_GW_POD = 25,	/* tun0 traffic with a pod source */
	SDNBR_TABLE_ROUTE = 31,		/* ARP and IP routing */
	SDNBR_TABLE_ARP_LOCAL = 40,
	SDNBR_TABLE_ARP_REMOTE = 50,
	SDNBR_TABLE_SERVICE = 60,
	SDNBR_TABLE_IP_LOCAL = 70,
	SDNBR_TABLE_ISOLATION = 80,
	SDNBR_TABLE_IP_REMOTE = 90,
	SDNBR_TABLE_DNS = 99,		/* DNS to the node IP bypasses 100/101 */
	SDNBR_TABLE_FIREWALL = 100,	/* egress firewall by source VNID */
	SDNBR_TABLE_EGRESS = 101,	/* leaving the cluster */
	SDNBR_TABLE_MULTICAST = 110,
	SDNBR_TABLE_OUTPUT = 255,	/* not a table: the output step */
};

/* Why a packet was dropped. Each reason belongs to one stage. */
enum sdnbr_drop_reason {
	SDNBR_DROP_NONE,
	SDNBR_DROP_NOT_CONFIGURED,	/* 0: bridge settings incomplete */
	SDNBR_DROP_NOT_IP_ARP,		/* 0: neither IPv4 nor ARP */
	SDNBR_DROP_MALFORMED,		/* 0: truncated headers */
	SDNBR_DROP_TUNNEL_NOT_CLUSTER,	/* 0: VXLAN not from/to the cluster */
	SDNBR_DROP_GATEWAY_FILTER,	/* 0: tun0 ARP/multicast not allowed */
	SDNBR_DROP_UNKNOWN_NODE,	/* 10: VXLAN from an unknown node IP */
	SDNBR_DROP_VXLAN_PORT,		/* 20: pod UDP to the VXLAN port */
	SDNBR_DROP_SPOOF_IP,		/* 20: source IP not the port's pod */
	SDNBR_DROP_SPOOF_ARP,		/* 20: ARP sender IP/MAC not the pod's */
	SDNBR_DROP_GATEWAY_NO_POD,	/* 25: tun0 source in subnet, no pod */
	SDNBR_DROP_ARP_NO_ROUTE,	/* 31: ARP outside the cluster */
	SDNBR_DROP_ARP_NO_POD,		/* 40 */
	SDNBR_DROP_ARP_NO_NODE,		/* 50 */
	SDNBR_DROP_NO_POD,		/* 70: no pod has the local address */
	SDNBR_DROP_ISOLATED,		/* 80: multitenant isolation */
	SDNBR_DROP_NO_NODE,		/* 90: no node owns the address */
	SDNBR_DROP_MULTICAST,		/* 110: multicast is not enabled */
	SDNBR_DROP_NO_PORT,		/* output: the port is gone or down */
	SDNBR_DROP_HAIRPIN,		/* output: back out the ingress port */
	SDNBR_DROP_MTU,			/* output: larger than the port's MTU */
	SDNBR_DROP_NOMEM,		/* output: allocation failed */
	SDNBR_DROP_BRIDGE_DOWN,		/* br0 is administratively down */
	SDNBR_DROP_FIREWALL,		/* 100: the egress firewall denies */
	SDNBR_DROP_EGRESS_NO_IP,	/* 101: egress IPs wanted, none usable */
	__SDNBR_DROP_MAX,
};

#define SDNBR_DROP_MAX (__SDNBR_DROP_MAX - 1)

/* Bridge counters and occupancy, in BR_GET replies. */
enum sdnbr_stats_attr {
	SDNBR_STATS_A_UNSPEC,
	SDNBR_STATS_A_PAD,
	SDNBR_STATS_A_ENTRIES,		/* u32: entries of all types */
	SDNBR_STATS_A_PODS,		/* u32 */
	SDNBR_STATS_A_NODES,		/* u32 */
	SDNBR_STATS_A_NAMESPACES,	/* u32 */
	SDNBR_STATS_A_MEMORY,		/* u64: bytes held by entries */
	SDNBR_STATS_A_PACKETS,		/* u64: packets into the pipeline */
	/* nest: one SDNBR_STATS_A_DROP per reason that dropped */
	SDNBR_STATS_A_DROPS,
	SDNBR_STATS_A_DROP,		/* nest: enum sdnbr_drop_attr */
	/* nest: one SDNBR_STATS_A_STAGE per stage that dropped */
	SDNBR_STATS_A_STAGE_DROPS,
	SDNBR_STATS_A_STAGE,		/* nest: enum sdnbr_drop_attr */
	SDNBR_STATS_A_EGRESS,		/* u32: egress entries */
	SDNBR_STATS_A_FIREWALLS,	/* u32: firewall entries */
	/*
	 * nest: one SDNBR_STATS_A_STAGE per stage that real packets passed
	 * through, with how many; SDNBR_TABLE_OUTPUT counts those sent.
	 */
	SDNBR_STATS_A_STAGE_PACKETS,
	SDNBR_STATS_A_CT_LOOKUPS,	/* u64: host conntrack lookups */
	__SDNBR_STATS_A_MAX,
};

#define SDNBR_STATS_A_MAX (__SDNBR_STATS_A_MAX - 1)

enum sdnbr_drop_attr {
	SDNBR_DROP_A_UNSPEC,
	SDNBR_DROP_A_PAD,
	SDNBR_DROP_A_REASON,	/* u32: enum sdnbr_drop_reason */
	SDNBR_DROP_A_TABLE,	/* u32: enum sdnbr_table */
	SDNBR_DROP_A_PACKETS,	/* u64 */
	__SDNBR_DROP_A_MAX,
};

#define SDNBR_DROP_A_MAX (__SDNBR_DROP_A_MAX - 1)

/* Per-entry hit counters, in every entry nest of GET replies. */
enum sdnbr_counter_attr {
	SDNBR_COUNTER_A_UNSPEC,
	SDNBR_COUNTER_A_PAD,
	SDNBR_COUNTER_A_PACKETS,	/* u64 */
	SDNBR_COUNTER_A_BYTES,		/* u64 */
	__SDNBR_COUNTER_A_MAX,
};

#define SDNBR_COUNTER_A_MAX (__SDNBR_COUNTER_A_MAX - 1)

/*
 * A local pod. Key: IP. The port must be a pod port of this bridge when
 * the entry is added. Counters: packets the pod sent (passing table 20)
 * and packets delivered to it (table 80 output).
 */
enum sdnbr_pod_attr {
	SDNBR_POD_A_UNSPEC,
	SDNBR_POD_A_IP,		/* be32, required; inside the local subnet */
	SDNBR_POD_A_MAC,	/* binary[6]; default 0a:58:<ip> */
	SDNBR_POD_A_IFINDEX,	/* u32, required for NEW: the pod's port */
	SDNBR_POD_A_VNID,	/* u32: namespace VNID, default 0 */
	SDNBR_POD_A_RX,		/* nest: counters, packets from the pod */
	SDNBR_POD_A_TX,		/* nest: counters, packets to the pod */
	__SDNBR_POD_A_MAX,
};

#define SDNBR_POD_A_MAX (__SDNBR_POD_A_MAX - 1)

/*
 * A remote node. Key: its host subnet. Traffic for the subnet goes over
 * VXLAN to the node IP; VXLAN is accepted only from node IPs.
 */
enum sdnbr_node_attr {
	SDNBR_NODE_A_UNSPEC,
	SDNBR_NODE_A_SUBNET,	/* nest: prefix, required; in a cluster net */
	SDNBR_NODE_A_IP,	/* be32, required for NEW */
	SDNBR_NODE_A_VNID,	/* u32: fixed VNI for all traffic to it */
	SDNBR_NODE_A_TX,	/* nest: counters, packets sent to it */
	SDNBR_NODE_A_RX,	/* nest: counters, VXLAN accepted from its IP */
	__SDNBR_NODE_A_MAX,
};

#define SDNBR_NODE_A_MAX (__SDNBR_NODE_A_MAX - 1)

/* A namespace. Key: VNID. A global namespace reaches and is reached by all. */
enum sdnbr_ns_attr {
	SDNBR_NS_A_UNSPEC,
	SDNBR_NS_A_VNID,	/* u32, required */
	SDNBR_NS_A_GLOBAL,	/* u8: 0 or 1 */
	__SDNBR_NS_A_MAX,
};

#define SDNBR_NS_A_MAX (__SDNBR_NS_A_MAX - 1)

/*
 * Egress IPs of a namespace (table 101). Key: VNID. Traffic of the VNID
 * that leaves the cluster uses them: if one is hosted by this node (its
 * node IP is the bridge's node-ip), the packet goes to tun0 with
 * skb->mark = SDNBR_EGRESS_A_MARK for the host to SNAT; otherwise over
 * VXLAN (VNI = VNID) to one of the hosting nodes, chosen by flow hash.
 * With no IP hosted anywhere, the traffic is dropped (egress-no-ip).
 * Replies of connections the pod accepted are never rerouted.
 */
enum sdnbr_egress_attr {
	SDNBR_EGRESS_A_UNSPEC,
	SDNBR_EGRESS_A_PAD,
	SDNBR_EGRESS_A_VNID,	/* u32, required */
	/* nest: enum sdnbr_egress_ip_attr; repeats, in order of preference */
	SDNBR_EGRESS_A_IP,
	SDNBR_EGRESS_A_MARK,	/* u32, read-only: the mark for the host */
	SDNBR_EGRESS_A_TX,	/* nest: counters, packets routed by it */
	__SDNBR_EGRESS_A_MAX,
};

#define SDNBR_EGRESS_A_MAX (__SDNBR_EGRESS_A_MAX - 1)

enum sdnbr_egress_ip_attr {
	SDNBR_EGRESS_IP_A_UNSPEC,
	SDNBR_EGRESS_IP_A_ADDR,	/* be32, required: the egress IP */
	/* be32: IP of the node hosting it; absent: hosted nowhere, unusable */
	SDNBR_EGRESS_IP_A_NODE,
	__SDNBR_EGRESS_IP_A_MAX,
};

#define SDNBR_EGRESS_IP_A_MAX (__SDNBR_EGRESS_IP_A_MAX - 1)

enum sdnbr_fw_action {
	SDNBR_FW_ALLOW = 1,
	SDNBR_FW_DENY,
	__SDNBR_FW_ACTION_MAX,
};

#define SDNBR_FW_ACTION_MAX (__SDNBR_FW_ACTION_MAX - 1)

/*
 * The egress firewall of a namespace (EgressNetworkPolicy, table 100).
 * Key: VNID. An ordered list of rules; the first whose prefix holds the
 * destination decides, and no match allows. It applies to traffic leaving
 * the cluster only; DNS to the node IP always passes (table 99). NEW with
 * NLM_F_REPLACE swaps the whole list at once.
 */
enum sdnbr_fw_attr {
	SDNBR_FW_A_UNSPEC,
	SDNBR_FW_A_PAD,
	SDNBR_FW_A_VNID,	/* u32, required */
	SDNBR_FW_A_RULE,	/* nest: enum sdnbr_fw_rule_attr; repeats */
	SDNBR_FW_A_ALLOWED,	/* nest: counters, packets it allowed */
	SDNBR_FW_A_DENIED,	/* nest: counters, packets it denied */
	__SDNBR_FW_A_MAX,
};

#define SDNBR_FW_A_MAX (__SDNBR_FW_A_MAX - 1)

enum sdnbr_fw_rule_attr {
	SDNBR_FW_RULE_A_UNSPEC,
	SDNBR_FW_RULE_A_ACTION,	/* u8: enum sdnbr_fw_action, required */
	SDNBR_FW_RULE_A_PREFIX,	/* nest: prefix, required */
	__SDNBR_FW_RULE_A_MAX,
};

#define SDNBR_FW_RULE_A_MAX (__SDNBR_FW_RULE_A_MAX - 1)

/*
 * TRACE: a packet described by SDNBR_A_PACKET goes through the same
 * pipeline code as real packets, and nothing is sent: no counter moves,
 * no entry or conntrack state changes. The reply carries SDNBR_A_PACKET
 * as the pipeline saw it and SDNBR_A_TRACE: every stage it passed, in
 * order, then the verdict. Real packets fire the tracepoints
 * sdnbr:sdnbr_stage and sdnbr:sdnbr_verdict at the same points.
 */
enum sdnbr_packet_attr {
	SDNBR_PACKET_A_UNSPEC,
	SDNBR_PACKET_A_IN_IFINDEX,	/* u32, required: the ingress port */
	SDNBR_PACKET_A_ETH_SRC,		/* binary[6]; default: the pod's MAC */
	SDNBR_PACKET_A_ETH_DST,		/* binary[6]; default: br0's */
	SDNBR_PACKET_A_ARP,		/* u8: 1 = an ARP request, not IPv4 */
	SDNBR_PACKET_A_SRC,		/* be32, required: IP or ARP sender */
	SDNBR_PACKET_A_DST,		/* be32, required: IP or ARP target */
	SDNBR_PACKET_A_PROTO,		/* u8: IP protocol, default ICMP */
	SDNBR_PACKET_A_SPORT,		/* u16: TCP/UDP source port */
	SDNBR_PACKET_A_DPORT,		/* u16: TCP/UDP destination port */
	SDNBR_PACKET_A_TUN_SRC,		/* be32: VXLAN input, outer source */
	SDNBR_PACKET_A_TUN_VNI,		/* u32: VXLAN input, the VNI */
	SDNBR_PACKET_A_LEN,		/* u32: frame length, for the MTU */
	__SDNBR_PACKET_A_MAX,
};

#define SDNBR_PACKET_A_MAX (__SDNBR_PACKET_A_MAX - 1)

enum sdnbr_trace_attr {
	SDNBR_TRACE_A_UNSPEC,
	SDNBR_TRACE_A_STEP,		/* nest: enum sdnbr_step_attr; repeats */
	SDNBR_TRACE_A_VERDICT,		/* nest: enum sdnbr_verdict_attr */
	__SDNBR_TRACE_A_MAX,
};

#define SDNBR_TRACE_A_MAX (__SDNBR_TRACE_A_MAX - 1)

/* What a stage did with the packet. */
enum sdnbr_step_result {
	SDNBR_STEP_PASS,	/* sent it on; no entry involved */
	SDNBR_STEP_MATCH,	/* an entry matched: SDNBR_STEP_A_ENTRY_* */
	SDNBR_STEP_MISS,	/* no entry matched, and that is allowed */
	SDNBR_STEP_CT_REPLY,	/* host conntrack: the reply direction */
	SDNBR_STEP_DROP,	/* stopped it: see the verdict's reason */
	__SDNBR_STEP_MAX,
};

/* The entry a stage matched, as the kind of its key. */
enum sdnbr_step_entry {
	SDNBR_STEP_ENTRY_NONE,
	SDNBR_STEP_ENTRY_POD,		/* key: IP */
	SDNBR_STEP_ENTRY_NODE,		/* key: subnet */
	SDNBR_STEP_ENTRY_NS,		/* key: VNID */
	SDNBR_STEP_ENTRY_EGRESS,	/* key: VNID */
	SDNBR_STEP_ENTRY_FW,		/* key: VNID */
	SDNBR_STEP_ENTRY_NODE_IP,	/* key: a node IP (VXLAN source) */
	__SDNBR_STEP_ENTRY_MAX,
};

enum sdnbr_step_attr {
	SDNBR_STEP_A_UNSPEC,
	SDNBR_STEP_A_TABLE,		/* u32: enum sdnbr_table */
	SDNBR_STEP_A_RESULT,		/* u32: enum sdnbr_step_result */
	SDNBR_STEP_A_REG0,		/* u32: source VNID after the stage */
	SDNBR_STEP_A_REG1,		/* u32: destination VNID */
	SDNBR_STEP_A_ENTRY,		/* u32: enum sdnbr_step_entry */
	SDNBR_STEP_A_KEY_ADDR,		/* be32: the entry's IP or subnet */
	SDNBR_STEP_A_KEY_PLEN,		/* u8: the subnet's length */
	SDNBR_STEP_A_KEY_VNID,		/* u32: the entry's VNID key */
	__SDNBR_STEP_A_MAX,
};

#define SDNBR_STEP_A_MAX (__SDNBR_STEP_A_MAX - 1)

enum sdnbr_verdict_action {
	SDNBR_VERDICT_OUTPUT = 1,
	SDNBR_VERDICT_DROP,
};

enum sdnbr_verdict_attr {
	SDNBR_VERDICT_A_UNSPEC,
	SDNBR_VERDICT_A_ACTION,		/* u32: enum sdnbr_verdict_action */
	SDNBR_VERDICT_A_PORT_KIND,	/* u32: enum sdnbr_port_kind */
	SDNBR_VERDICT_A_IFINDEX,	/* u32: the output port */
	SDNBR_VERDICT_A_TUN_DST,	/* be32: tunnel output, outer destination */
	SDNBR_VERDICT_A_VNI,		/* u32: tunnel output, the VNI */
	SDNBR_VERDICT_A_MARK,		/* u32: gateway output, skb->mark */
	SDNBR_VERDICT_A_TO_HOST,	/* u8: 1 = rewritten to tun0's MAC */
	SDNBR_VERDICT_A_REASON,		/* u32: drop, enum sdnbr_drop_reason */
	SDNBR_VERDICT_A_TABLE,		/* u32: drop, the stage that dropped */
	__SDNBR_VERDICT_A_MAX,
};

#define SDNBR_VERDICT_A_MAX (__SDNBR_VERDICT_A_MAX - 1)

#endif /* _UAPI_LINUX_SDNBR_H */
