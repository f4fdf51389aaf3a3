// SPDX-License-Identifier: GPL-2.0
/*
 * Names for the numbers of the sdnbr ABI. The tables are indexed by the
 * enums themselves, and the static assertions below fail the build when
 * the header grows a reason or attribute that has no name here.
 */
#include <stdio.h>
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_util.h"

struct name_desc {
	const char *name;
	const char *desc;
};

static const struct name_desc reasons[] = {
	[SDNBR_DROP_NONE]		= { "none", "not dropped" },
	[SDNBR_DROP_NOT_CONFIGURED]	= { "not-configured",
					    "the bridge settings are incomplete" },
	[SDNBR_DROP_NOT_IP_ARP]		= { "not-ip-arp", "neither IPv4 nor ARP" },
	[SDNBR_DROP_MALFORMED]		= { "malformed", "truncated headers" },
	[SDNBR_DROP_TUNNEL_NOT_CLUSTER]	= { "tunnel-not-cluster",
					    "VXLAN traffic not from or to the cluster network" },
	[SDNBR_DROP_GATEWAY_FILTER]	= { "gateway-filter",
					    "ARP or multicast from tun0 that is not allowed" },
	[SDNBR_DROP_UNKNOWN_NODE]	= { "unknown-node",
					    "VXLAN from an IP that is no known node" },
	[SDNBR_DROP_VXLAN_PORT]		= { "vxlan-port",
					    "a pod sent UDP to the VXLAN port" },
	[SDNBR_DROP_SPOOF_IP]		= { "spoof-ip",
					    "source IP is not the pod's on that port" },
	[SDNBR_DROP_SPOOF_ARP]		= { "spoof-arp",
					    "ARP sender IP or MAC is not the pod's" },
	[SDNBR_DROP_GATEWAY_NO_POD]	= { "gateway-no-pod",
					    "from tun0 with a local-subnet source that is no pod" },
	[SDNBR_DROP_ARP_NO_ROUTE]	= { "arp-no-route",
					    "ARP for an address outside the cluster" },
	[SDNBR_DROP_ARP_NO_POD]		= { "arp-no-pod",
					    "ARP for a local address that no pod has" },
	[SDNBR_DROP_ARP_NO_NODE]	= { "arp-no-node",
					    "ARP for a remote address that no node owns" },
	[SDNBR_DROP_NO_POD]		= { "no-pod",
					    "no pod has the local destination address" },
	[SDNBR_DROP_ISOLATED]		= { "isolated",
					    "multitenant isolation: different namespaces" },
	[SDNBR_DROP_NO_NODE]		= { "no-node",
					    "no node owns the remote destination address" },
	[SDNBR_DROP_MULTICAST]		= { "multicast", "multicast is not enabled" },
	[SDNBR_DROP_NO_PORT]		= { "no-port",
					    "the output port is gone or down" },
	[SDNBR_DROP_HAIRPIN]		= { "hairpin",
					    "would go back out of the port it came in on" },
	[SDNBR_DROP_MTU]		= { "mtu",
					    "larger than the output port's MTU" },
	[SDNBR_DROP_NOMEM]		= { "nomem", "a memory allocation failed" },
	[SDNBR_DROP_BRIDGE_DOWN]	= { "bridge-down",
					    "br0 is administratively down" },
	[SDNBR_DROP_FIREWALL]		= { "firewall",
					    "the namespace's egress firewall denies the destination" },
	[SDNBR_DROP_EGRESS_NO_IP]	= { "egress-no-ip",
					    "the namespace has egress IPs, but no node hosts one" },
};

_Static_assert(SDNBR_ARRAY_SIZE(reasons) == __SDNBR_DROP_MAX,
	       "every drop reason in <linux/sdnbr.h> needs a name here");

struct table_name {
	uint32_t num;
	const char *name;
	const char *desc;
};

/* In pipeline order, which is also numeric order. */
static const struct table_name tables[] = {
	{ SDNBR_TABLE_CLASSIFY,   "classify",   "by ingress port" },
	{ SDNBR_TABLE_VXLAN_IN,   "vxlan-in",   "VXLAN from known nodes only" },
	{ SDNBR_TABLE_POD_IN,     "pod-in",     "anti-spoofing, source VNID" },
	{ SDNBR_TABLE_GW_POD,     "gw-pod",     "tun0 traffic with a pod source" },
	{ SDNBR_TABLE_ROUTE,      "route",      "ARP and IP routing" },
	{ SDNBR_TABLE_ARP_LOCAL,  "arp-local",  "ARP for local pods" },
	{ SDNBR_TABLE_ARP_REMOTE, "arp-remote", "ARP for remote pods" },
	{ SDNBR_TABLE_SERVICE,    "service",    "to the service network" },
	{ SDNBR_TABLE_IP_LOCAL,   "ip-local",   "IP to local pods" },
	{ SDNBR_TABLE_ISOLATION,  "isolation",  "multitenant isolation" },
	{ SDNBR_TABLE_IP_REMOTE,  "ip-remote",  "IP to remote nodes" },
	{ SDNBR_TABLE_DNS,        "dns",        "DNS to the node IP, past the firewall" },
	{ SDNBR_TABLE_FIREWALL,   "firewall",   "egress firewall by source VNID" },
	{ SDNBR_TABLE_EGRESS,     "egress",     "leaving the cluster" },
	{ SDNBR_TABLE_MULTICAST,  "multicast",  "multicast" },
	{ SDNBR_TABLE_OUTPUT,     "output",     "the output step" },
};

static const char *const modes[] = {
	[SDNBR_MODE_SUBNET]	 = "subnet",
	[SDNBR_MODE_MULTITENANT] = "multitenant",
};

_Static_assert(SDNBR_ARRAY_SIZE(modes) == __SDNBR_MODE_MAX,
	       "every mode in <linux/sdnbr.h> needs a name here");

const char *sdnbr_drop_reason_name(uint32_t reason)
{
	return reason < SDNBR_ARRAY_SIZE(reasons) ? reasons[reason].name :
						    NULL;
}

const char *sdnbr_drop_reason_desc(uint32_t reason)
{
	return reason < SDNBR_ARRAY_SIZE(reasons) ? reasons[reason].desc :
						    NULL;
}

int sdnbr_drop_reason_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(reasons); i++) {
		if (!strcmp(reasons[i].name, name))
			return (int)i;
	}
	return -1;
}

const char *sdnbr_fmt_drop_reason(uint32_t reason,
				  char buf[SDNBR_NAME_STRLEN])
{
	const char *name = sdnbr_drop_reason_name(reason);

	if (name)
		snprintf(buf, SDNBR_NAME_STRLEN, "%s", name);
	else
		snprintf(buf, SDNBR_NAME_STRLEN, "reason-%u", reason);
	return buf;
}

static const struct table_name *find_table(uint32_t table)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(tables); i++) {
		if (tables[i].num == table)
			return &tables[i];
	}
	return NULL;
}

const char *sdnbr_table_name(uint32_t table)
{
	const struct table_name *t = find_table(table);

	return t ? t->name : NULL;
}

const char *sdnbr_table_desc(uint32_t table)
{
	const struct table_name *t = find_table(table);

	return t ? t->desc : NULL;
}

int sdnbr_table_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(tables); i++) {
		if (!strcmp(tables[i].name, name))
			return (int)tables[i].num;
	}
	return -1;
}

const char *sdnbr_fmt_table(uint32_t table, char buf[SDNBR_NAME_STRLEN])
{
	const char *name = sdnbr_table_name(table);

	if (name)
		snprintf(buf, SDNBR_NAME_STRLEN, "%u %s", table, name);
	else
		snprintf(buf, SDNBR_NAME_STRLEN, "%u", table);
	return buf;
}

unsigned int sdnbr_table_count(void)
{
	return SDNBR_ARRAY_SIZE(tables);
}

uint32_t sdnbr_table_at(unsigned int i)
{
	return i < SDNBR_ARRAY_SIZE(tables) ? tables[i].num : 0;
}

const char *sdnbr_mode_name(uint32_t mode)
{
	return mode < SDNBR_ARRAY_SIZE(modes) ? modes[mode] : NULL;
}

int sdnbr_mode_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(modes); i++) {
		if (modes[i] && !strcmp(modes[i], name))
			return (int)i;
	}
	return -1;
}

static const char *const top_kw[] = {
	[SDNBR_A_IFINDEX]	= "dev",
	[SDNBR_A_IFNAME]	= "dev",
	[SDNBR_A_POD]		= "pod",
	[SDNBR_A_NODE]		= "node",
	[SDNBR_A_NS]		= "ns",
	[SDNBR_A_EGRESS]	= "egress",
	[SDNBR_A_FW]		= "firewall",
	[SDNBR_A_PACKET]	= "packet",
};

static const char *const cfg_kw[] = {
	[SDNBR_CFG_A_MODE]		= "mode",
	[SDNBR_CFG_A_CLUSTER_NETWORK]	= "cluster-network",
	[SDNBR_CFG_A_SERVICE_NETWORK]	= "service-network",
	[SDNBR_CFG_A_LOCAL_SUBNET]	= "local-subnet",
	[SDNBR_CFG_A_GATEWAY]		= "gateway",
	[SDNBR_CFG_A_NODE_IP]		= "node-ip",
	[SDNBR_CFG_A_VXLAN_PORT]	= "vxlan-port",
	[SDNBR_CFG_A_MTU]		= "mtu",
	[SDNBR_CFG_A_MAX_ENTRIES]	= "max-entries",
};

_Static_assert(SDNBR_ARRAY_SIZE(cfg_kw) == __SDNBR_CFG_A_MAX,
	       "every bridge setting needs a keyword here");

static const char *const pod_kw[] = {
	[SDNBR_POD_A_IP]	= "ip",
	[SDNBR_POD_A_MAC]	= "mac",
	[SDNBR_POD_A_IFINDEX]	= "port",
	[SDNBR_POD_A_VNID]	= "vnid",
	[SDNBR_POD_A_RX]	= "rx",
	[SDNBR_POD_A_TX]	= "tx",
};

_Static_assert(SDNBR_ARRAY_SIZE(pod_kw) == __SDNBR_POD_A_MAX,
	       "every pod attribute needs a keyword here");

static const char *const node_kw[] = {
	[SDNBR_NODE_A_SUBNET]	= "subnet",
	[SDNBR_NODE_A_IP]	= "ip",
	[SDNBR_NODE_A_VNID]	= "vnid",
	[SDNBR_NODE_A_TX]	= "tx",
	[SDNBR_NODE_A_RX]	= "rx",
};

_Static_assert(SDNBR_ARRAY_SIZE(node_kw) == __SDNBR_NODE_A_MAX,
	       "every node attribute needs a keyword here");

static const char *const ns_kw[] = {
	[SDNBR_NS_A_VNID]	= "vnid",
	[SDNBR_NS_A_GLOBAL]	= "global",
};

_Static_assert(SDNBR_ARRAY_SIZE(ns_kw) == __SDNBR_NS_A_MAX,
	       "every namespace attribute needs a keyword here");

/* The read-only ones are named as the JSON keys of sdnctl -j. */
static const char *const egress_kw[] = {
	[SDNBR_EGRESS_A_VNID]	= "vnid",
	[SDNBR_EGRESS_A_IP]	= "ip",
	[SDNBR_EGRESS_A_MARK]	= "mark",
	[SDNBR_EGRESS_A_TX]	= "tx",
};

_Static_assert(SDNBR_ARRAY_SIZE(egress_kw) == __SDNBR_EGRESS_A_MAX,
	       "every egress attribute needs a keyword here");

/* A rule is "allow PREFIX" or "deny PREFIX": no one keyword, so "rule". */
static const char *const fw_kw[] = {
	[SDNBR_FW_A_VNID]	= "vnid",
	[SDNBR_FW_A_RULE]	= "rule",
	[SDNBR_FW_A_ALLOWED]	= "allowed",
	[SDNBR_FW_A_DENIED]	= "denied",
};

_Static_assert(SDNBR_ARRAY_SIZE(fw_kw) == __SDNBR_FW_A_MAX,
	       "every firewall attribute needs a keyword here");

static const char *const packet_kw[] = {
	[SDNBR_PACKET_A_IN_IFINDEX]	= "in",
	[SDNBR_PACKET_A_ETH_SRC]	= "eth-src",
	[SDNBR_PACKET_A_ETH_DST]	= "eth-dst",
	[SDNBR_PACKET_A_ARP]		= "arp",
	[SDNBR_PACKET_A_SRC]		= "src",
	[SDNBR_PACKET_A_DST]		= "dst",
	[SDNBR_PACKET_A_PROTO]		= "proto",
	[SDNBR_PACKET_A_SPORT]		= "sport",
	[SDNBR_PACKET_A_DPORT]		= "dport",
	[SDNBR_PACKET_A_TUN_SRC]	= "tun-src",
	[SDNBR_PACKET_A_TUN_VNI]	= "vni",
	[SDNBR_PACKET_A_LEN]		= "len",
};

_Static_assert(SDNBR_ARRAY_SIZE(packet_kw) == __SDNBR_PACKET_A_MAX,
	       "every packet attribute needs a keyword here");

#define KW(tbl, attr) ((attr) < SDNBR_ARRAY_SIZE(tbl) ? (tbl)[attr] : NULL)

const char *sdnbr_attr_keyword(uint16_t nest, uint16_t attr)
{
	switch (nest) {
	case 0:
		return KW(top_kw, attr);
	case SDNBR_A_CONFIG:
		return KW(cfg_kw, attr);
	case SDNBR_A_POD:
		return KW(pod_kw, attr);
	case SDNBR_A_NODE:
		return KW(node_kw, attr);
	case SDNBR_A_NS:
		return KW(ns_kw, attr);
	case SDNBR_A_EGRESS:
		return KW(egress_kw, attr);
	case SDNBR_A_FW:
		return KW(fw_kw, attr);
	case SDNBR_A_PACKET:
		return KW(packet_kw, attr);
	default:
		return NULL;
	}
}

const char *sdnbr_entry_name(uint16_t type)
{
	switch (type) {
	case SDNBR_A_POD:
	case SDNBR_A_NODE:
	case SDNBR_A_NS:
	case SDNBR_A_EGRESS:
	case SDNBR_A_FW:
		return top_kw[type];
	default:
		return NULL;
	}
}
