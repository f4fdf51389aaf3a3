// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the sdnbr message builders and parsers. Requests are
 * built with the builders and read back with libnl's own nla_parse(), to
 * check the exact attributes, sizes, byte orders and flags that the
 * kernel will see; replies are built attribute by attribute as the kernel
 * lays them out and fed to the parsers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <cmocka.h>

#include <linux/sdnbr.h>

#include "sdnbr_msg.h"
#include "sdnbr_nl.h"

#define FAMILY 0x1d

static struct in_addr ip(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static struct nla_policy top_policy[SDNBR_A_MAX + 1] = {
	[SDNBR_A_IFINDEX] = { .type = NLA_U32 },
	[SDNBR_A_IFNAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[SDNBR_A_CONFIG] = { .type = NLA_NESTED },
	[SDNBR_A_POD] = { .type = NLA_NESTED },
	[SDNBR_A_NODE] = { .type = NLA_NESTED },
	[SDNBR_A_NS] = { .type = NLA_NESTED },
	[SDNBR_A_EGRESS] = { .type = NLA_NESTED },
	[SDNBR_A_FW] = { .type = NLA_NESTED },
};

/* Counts the attributes of each type at the top level of @nlh. */
static void count_top(struct nl_msg *msg, int counts[SDNBR_A_MAX + 1])
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *a;
	int rem;

	memset(counts, 0, sizeof(int) * (SDNBR_A_MAX + 1));
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		assert_true(nla_type(a) <= SDNBR_A_MAX);
		counts[nla_type(a)]++;
	}
}

static void check_header(struct nl_msg *msg, uint8_t cmd, int flags)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);

	assert_int_equal(nlh->nlmsg_type, FAMILY);
	assert_int_equal(nlh->nlmsg_flags, flags);
	assert_int_equal(g->cmd, cmd);
	assert_int_equal(g->version, SDNBR_GENL_VERSION);
}

static void assert_u32_attr(struct nlattr *a, uint32_t want)
{
	assert_non_null(a);
	assert_int_equal(nla_len(a), 4);
	assert_int_equal(nla_get_u32(a), want);
}

static void assert_u8_attr(struct nlattr *a, uint8_t want)
{
	assert_non_null(a);
	assert_int_equal(nla_len(a), 1);
	assert_int_equal(nla_get_u8(a), want);
}

static void assert_prefix(struct nlattr *nest, const char *addr,
			  uint8_t plen)
{
	struct nlattr *tb[SDNBR_PREFIX_A_MAX + 1];

	assert_non_null(nest);
	assert_true(nest->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(tb, SDNBR_PREFIX_A_MAX, nest, NULL),
			 0);
	assert_u32_attr(tb[SDNBR_PREFIX_A_ADDR], ip(addr).s_addr);
	assert_u8_attr(tb[SDNBR_PREFIX_A_PLEN], plen);
	assert_int_equal(nla_len(nest), 2 * NLA_HDRLEN + 4 + NLA_ALIGN(1));
}

/* pod add dev br0 ip 10.128.0.2 port (7) mac ... vnid 10 */
static void build_pod_new(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *pt[SDNBR_POD_A_MAX + 1];
	struct sdnbr_pod pod = {
		.has = SDNBR_HAS(SDNBR_POD_A_IP) | SDNBR_HAS(SDNBR_POD_A_MAC) |
		       SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
		       SDNBR_HAS(SDNBR_POD_A_VNID),
		.ip = ip("10.128.0.2"),
		.mac = { 0x0a, 0x58, 0x0a, 0x80, 0x00, 0x02 },
		.ifindex = 7,
		.vnid = 0xabcdef,
		/* counters are never sent */
		.rx = { 1, 2 },
	};
	int counts[SDNBR_A_MAX + 1];
	struct nl_msg *msg;
	size_t before;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_POD_NEW,
			    NLM_F_CREATE | NLM_F_EXCL, 0);
	assert_non_null(msg);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 99), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_pod(msg, &pod), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before,
			 sdnbr_msg_entry_size(SDNBR_A_POD));
	check_header(msg, SDNBR_CMD_POD_NEW, NLM_F_CREATE | NLM_F_EXCL);

	count_top(msg, counts);
	assert_int_equal(counts[SDNBR_A_IFNAME], 1);
	assert_int_equal(counts[SDNBR_A_IFINDEX], 0);
	assert_int_equal(counts[SDNBR_A_POD], 1);

	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_string_equal(nla_get_string(tb[SDNBR_A_IFNAME]), "br0");
	assert_int_equal(nla_len(tb[SDNBR_A_IFNAME]), 4);
	assert_true(tb[SDNBR_A_POD]->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(pt, SDNBR_POD_A_MAX, tb[SDNBR_A_POD],
					  NULL), 0);
	/* be32: the bytes on the wire are 10, 128, 0, 2 */
	assert_memory_equal(nla_data(pt[SDNBR_POD_A_IP]),
			    "\x0a\x80\x00\x02", 4);
	assert_int_equal(nla_len(pt[SDNBR_POD_A_IP]), 4);
	assert_int_equal(nla_len(pt[SDNBR_POD_A_MAC]), 6);
	assert_memory_equal(nla_data(pt[SDNBR_POD_A_MAC]), pod.mac, 6);
	assert_u32_attr(pt[SDNBR_POD_A_IFINDEX], 7);
	assert_u32_attr(pt[SDNBR_POD_A_VNID], 0xabcdef);
	assert_null(pt[SDNBR_POD_A_RX]);
	assert_null(pt[SDNBR_POD_A_TX]);
	nlmsg_free(msg);
}

/* Only what the structure says it has: a DEL carries the key alone. */
static void build_pod_del_key_only(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *pt[SDNBR_POD_A_MAX + 1];
	struct sdnbr_pod pod = {
		.has = SDNBR_HAS(SDNBR_POD_A_IP),
		.ip = ip("10.128.1.254"),
		.ifindex = 7,
		.vnid = 3,
	};
	struct nl_msg *msg;
	int i;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_POD_DEL, 0, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, NULL, 12), 0);
	assert_int_equal(sdnbr_msg_put_pod(msg, &pod), 0);
	check_header(msg, SDNBR_CMD_POD_DEL, 0);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_null(tb[SDNBR_A_IFNAME]);
	assert_u32_attr(tb[SDNBR_A_IFINDEX], 12);
	assert_int_equal(nla_parse_nested(pt, SDNBR_POD_A_MAX, tb[SDNBR_A_POD],
					  NULL), 0);
	assert_u32_attr(pt[SDNBR_POD_A_IP], ip("10.128.1.254").s_addr);
	for (i = SDNBR_POD_A_IP + 1; i <= SDNBR_POD_A_MAX; i++)
		assert_null(pt[i]);
	nlmsg_free(msg);
}

static void build_node_and_ns(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *nt[SDNBR_NODE_A_MAX + 1];
	struct nlattr *st[SDNBR_NS_A_MAX + 1];
	struct sdnbr_entry node = {
		.type = SDNBR_A_NODE,
		.node = {
			.has = SDNBR_HAS(SDNBR_NODE_A_SUBNET) |
			       SDNBR_HAS(SDNBR_NODE_A_IP) |
			       SDNBR_HAS(SDNBR_NODE_A_VNID),
			.subnet = { ip("10.128.2.0"), 23 },
			.ip = ip("192.0.2.12"),
			.vnid = 0,
		},
	};
	struct sdnbr_entry ns = {
		.type = SDNBR_A_NS,
		.ns = {
			.has = SDNBR_HAS(SDNBR_NS_A_VNID) |
			       SDNBR_HAS(SDNBR_NS_A_GLOBAL),
			.vnid = 10,
			.global = true,
		},
	};
	struct nl_msg *msg;
	size_t before;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_NODE_NEW,
			    NLM_F_CREATE | NLM_F_REPLACE, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &node), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before,
			 sdnbr_msg_entry_size(SDNBR_A_NODE));
	check_header(msg, SDNBR_CMD_NODE_NEW, NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_int_equal(nla_parse_nested(nt, SDNBR_NODE_A_MAX,
					  tb[SDNBR_A_NODE], NULL), 0);
	assert_prefix(nt[SDNBR_NODE_A_SUBNET], "10.128.2.0", 23);
	assert_u32_attr(nt[SDNBR_NODE_A_IP], ip("192.0.2.12").s_addr);
	assert_u32_attr(nt[SDNBR_NODE_A_VNID], 0);
	nlmsg_free(msg);

	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_NS_NEW, NLM_F_REPLACE, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &ns), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before,
			 sdnbr_msg_entry_size(SDNBR_A_NS));
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_int_equal(nla_parse_nested(st, SDNBR_NS_A_MAX, tb[SDNBR_A_NS],
					  NULL), 0);
	assert_u32_attr(st[SDNBR_NS_A_VNID], 10);
	assert_u8_attr(st[SDNBR_NS_A_GLOBAL], 1);
	nlmsg_free(msg);

	/* an unknown entry type is refused */
	node.type = SDNBR_A_CONFIG;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_NS_NEW, 0, 0);
	assert_int_equal(sdnbr_msg_put_entry(msg, &node), -EINVAL);
	assert_int_equal(sdnbr_msg_entry_size(SDNBR_A_CONFIG), 0);
	nlmsg_free(msg);
}

static void build_config(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *ct[SDNBR_CFG_A_MAX + 1];
	struct sdnbr_config cfg = {
		.has = SDNBR_HAS(SDNBR_CFG_A_MODE) |
		       SDNBR_HAS(SDNBR_CFG_A_CLUSTER_NETWORK) |
		       SDNBR_HAS(SDNBR_CFG_A_SERVICE_NETWORK) |
		       SDNBR_HAS(SDNBR_CFG_A_LOCAL_SUBNET) |
		       SDNBR_HAS(SDNBR_CFG_A_GATEWAY) |
		       SDNBR_HAS(SDNBR_CFG_A_NODE_IP) |
		       SDNBR_HAS(SDNBR_CFG_A_VXLAN_PORT) |
		       SDNBR_HAS(SDNBR_CFG_A_MTU) |
		       SDNBR_HAS(SDNBR_CFG_A_MAX_ENTRIES),
		.mode = SDNBR_MODE_MULTITENANT,
		.n_cluster = 2,
		.cluster = { { ip("10.128.0.0"), 14 }, { ip("10.0.0.0"), 8 } },
		.service = { ip("172.30.0.0"), 16 },
		.local_subnet = { ip("10.128.0.0"), 23 },
		.gateway = ip("10.128.0.1"),
		.node_ip = ip("192.0.2.11"),
		.vxlan_port = 4789,
		.mtu = 1450,
		.max_entries = 100000,
	};
	struct nlattr *a;
	struct nl_msg *msg;
	int rem, n = 0;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_SET, 0, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	assert_int_equal(sdnbr_msg_put_config(msg, &cfg), 0);
	check_header(msg, SDNBR_CMD_BR_SET, 0);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_true(tb[SDNBR_A_CONFIG]->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(ct, SDNBR_CFG_A_MAX,
					  tb[SDNBR_A_CONFIG], NULL), 0);
	assert_u8_attr(ct[SDNBR_CFG_A_MODE], SDNBR_MODE_MULTITENANT);
	assert_prefix(ct[SDNBR_CFG_A_SERVICE_NETWORK], "172.30.0.0", 16);
	assert_prefix(ct[SDNBR_CFG_A_LOCAL_SUBNET], "10.128.0.0", 23);
	assert_u32_attr(ct[SDNBR_CFG_A_GATEWAY], ip("10.128.0.1").s_addr);
	assert_u32_attr(ct[SDNBR_CFG_A_NODE_IP], ip("192.0.2.11").s_addr);
	/* u16, host order */
	assert_int_equal(nla_len(ct[SDNBR_CFG_A_VXLAN_PORT]), 2);
	assert_int_equal(nla_get_u16(ct[SDNBR_CFG_A_VXLAN_PORT]), 4789);
	assert_u32_attr(ct[SDNBR_CFG_A_MTU], 1450);
	assert_u32_attr(ct[SDNBR_CFG_A_MAX_ENTRIES], 100000);
	/* the cluster networks repeat, in order */
	nla_for_each_nested(a, tb[SDNBR_A_CONFIG], rem) {
		if (nla_type(a) != SDNBR_CFG_A_CLUSTER_NETWORK)
			continue;
		assert_prefix(a, n ? "10.0.0.0" : "10.128.0.0", n ? 8 : 14);
		n++;
	}
	assert_int_equal(n, 2);
	nlmsg_free(msg);

	/* only what is set */
	cfg.has = SDNBR_HAS(SDNBR_CFG_A_MTU);
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_SET, 0, 0);
	assert_int_equal(sdnbr_msg_put_config(msg, &cfg), 0);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_int_equal(nla_parse_nested(ct, SDNBR_CFG_A_MAX,
					  tb[SDNBR_A_CONFIG], NULL), 0);
	for (n = 1; n <= SDNBR_CFG_A_MAX; n++) {
		if (n == SDNBR_CFG_A_MTU)
			assert_u32_attr(ct[n], 1450);
		else
			assert_null(ct[n]);
	}
	nlmsg_free(msg);
}

/* A message that cannot hold the entry says so. */
static void build_full(void **state)
{
	struct sdnbr_pod pod = {
		.has = SDNBR_HAS(SDNBR_POD_A_IP) | SDNBR_HAS(SDNBR_POD_A_IFINDEX),
	};
	struct nl_msg *msg;
	int i, ret = 0;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_POD_NEW, 0, 128);
	assert_non_null(msg);
	for (i = 0; i < 10 && !ret; i++)
		ret = sdnbr_msg_put_pod(msg, &pod);
	assert_int_equal(ret, -EMSGSIZE);
	nlmsg_free(msg);
}

/* The egress IPs of a namespace: the list in order, never the mark. */
static void build_egress(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *et[SDNBR_EGRESS_A_MAX + 1];
	struct nlattr *it[SDNBR_EGRESS_IP_A_MAX + 1], *a;
	struct sdnbr_egress_ip ips[2] = {
		{ .has = SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR) |
			 SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE),
		  .addr = ip("192.0.2.100"), .node = ip("192.0.2.11") },
		{ .has = SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR),
		  .addr = ip("192.0.2.101"), .node = ip("192.0.2.12") },
	};
	struct sdnbr_entry e = {
		.type = SDNBR_A_EGRESS,
		.egress = {
			.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID) |
			       SDNBR_HAS(SDNBR_EGRESS_A_IP) |
			       /* read-only: never sent */
			       SDNBR_HAS(SDNBR_EGRESS_A_MARK) |
			       SDNBR_HAS(SDNBR_EGRESS_A_TX),
			.vnid = 10,
			.n_ips = 2,
			.ips = ips,
			.mark = 10,
			.tx = { 1, 2 },
		},
	};
	struct nl_msg *msg;
	size_t before;
	int rem, n = 0;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_EGRESS_NEW,
			    NLM_F_CREATE | NLM_F_REPLACE, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), 0);
	/* 4 + vnid 8 + an ip with a node 20 + one without 12 */
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before, 44);
	assert_int_equal(sdnbr_msg_entry_len(&e), 44);
	assert_true(sdnbr_msg_entry_size(SDNBR_A_EGRESS) >= 44);
	check_header(msg, SDNBR_CMD_EGRESS_NEW, NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_true(tb[SDNBR_A_EGRESS]->nla_type & NLA_F_NESTED);
	assert_int_equal(nla_parse_nested(et, SDNBR_EGRESS_A_MAX,
					  tb[SDNBR_A_EGRESS], NULL), 0);
	assert_u32_attr(et[SDNBR_EGRESS_A_VNID], 10);
	assert_null(et[SDNBR_EGRESS_A_MARK]);
	assert_null(et[SDNBR_EGRESS_A_TX]);
	/* the IPs repeat, in order; the second has no node */
	nla_for_each_nested(a, tb[SDNBR_A_EGRESS], rem) {
		if (nla_type(a) != SDNBR_EGRESS_A_IP)
			continue;
		assert_true(a->nla_type & NLA_F_NESTED);
		assert_int_equal(nla_parse_nested(it, SDNBR_EGRESS_IP_A_MAX, a,
						  NULL), 0);
		/* be32 on the wire: 192, 0, 2, 100 */
		assert_memory_equal(nla_data(it[SDNBR_EGRESS_IP_A_ADDR]),
				    n ? "\xc0\x00\x02\x65" : "\xc0\x00\x02\x64",
				    4);
		assert_int_equal(nla_len(it[SDNBR_EGRESS_IP_A_ADDR]), 4);
		if (n)
			assert_null(it[SDNBR_EGRESS_IP_A_NODE]);
		else
			assert_u32_attr(it[SDNBR_EGRESS_IP_A_NODE],
					ip("192.0.2.11").s_addr);
		n++;
	}
	assert_int_equal(n, 2);
	nlmsg_free(msg);

	/* a DEL: the VNID alone, whatever the list holds */
	e.egress.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID);
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_EGRESS_DEL, 0, 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before, 12);
	assert_int_equal(sdnbr_msg_entry_len(&e), 12);
	nlmsg_free(msg);

	/* a NEW with an empty list: the VNID alone too */
	e.egress.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID) |
		       SDNBR_HAS(SDNBR_EGRESS_A_IP);
	e.egress.n_ips = 0;
	assert_int_equal(sdnbr_msg_entry_len(&e), 12);
}

/* 16 egress IPs with their nodes: the upper bound, exactly. */
static void build_egress_max(void **state)
{
	struct sdnbr_egress_ip ips[SDNBR_MAX_EGRESS_IPS];
	struct sdnbr_entry e = { .type = SDNBR_A_EGRESS };
	struct nl_msg *msg;
	size_t before;
	unsigned int i;

	(void)state;
	for (i = 0; i < SDNBR_MAX_EGRESS_IPS; i++) {
		ips[i].has = SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR) |
			     SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE);
		ips[i].addr.s_addr = htonl(0xc0000200 + i);
		ips[i].node.s_addr = htonl(0xc0000280 + i);
	}
	e.egress.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID) |
		       SDNBR_HAS(SDNBR_EGRESS_A_IP);
	e.egress.ips = ips;
	e.egress.n_ips = SDNBR_MAX_EGRESS_IPS;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_EGRESS_NEW, 0, 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before,
			 sdnbr_msg_entry_size(SDNBR_A_EGRESS));
	assert_int_equal(sdnbr_msg_entry_len(&e),
			 sdnbr_msg_entry_size(SDNBR_A_EGRESS));
	nlmsg_free(msg);
}

static struct sdnbr_fw_rule rule(uint8_t action, const char *addr,
				 uint8_t plen)
{
	return (struct sdnbr_fw_rule){ action, { ip(addr), plen } };
}

/* A firewall: its rules in order, each an action and a prefix. */
static void build_fw(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *ft[SDNBR_FW_A_MAX + 1];
	struct nlattr *rt[SDNBR_FW_RULE_A_MAX + 1], *a;
	struct sdnbr_fw_rule rules[3] = {
		rule(SDNBR_FW_ALLOW, "198.51.100.7", 32),
		rule(SDNBR_FW_DENY, "10.0.0.0", 8),
		rule(SDNBR_FW_DENY, "0.0.0.0", 0),
	};
	struct sdnbr_entry e = {
		.type = SDNBR_A_FW,
		.fw = {
			.has = SDNBR_HAS(SDNBR_FW_A_VNID) |
			       SDNBR_HAS(SDNBR_FW_A_RULE) |
			       SDNBR_HAS(SDNBR_FW_A_ALLOWED),
			.vnid = 0xffffff,
			.n_rules = 3,
			.rules = rules,
			.allowed = { 1, 2 },
		},
	};
	static const char *const want[] = { "198.51.100.7", "10.0.0.0",
					    "0.0.0.0" };
	static const uint8_t plens[] = { 32, 8, 0 };
	struct nl_msg *msg;
	size_t before;
	int rem, n = 0;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_NEW, NLM_F_CREATE, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, NULL, 5), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_fw(msg, &e.fw), 0);
	/* 4 + vnid 8 + 3 rules of 32 */
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before, 108);
	assert_int_equal(sdnbr_msg_entry_len(&e), 108);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_u32_attr(tb[SDNBR_A_IFINDEX], 5);
	assert_int_equal(nla_parse_nested(ft, SDNBR_FW_A_MAX, tb[SDNBR_A_FW],
					  NULL), 0);
	assert_u32_attr(ft[SDNBR_FW_A_VNID], 0xffffff);
	assert_null(ft[SDNBR_FW_A_ALLOWED]);
	assert_null(ft[SDNBR_FW_A_DENIED]);
	nla_for_each_nested(a, tb[SDNBR_A_FW], rem) {
		if (nla_type(a) != SDNBR_FW_A_RULE)
			continue;
		assert_true(a->nla_type & NLA_F_NESTED);
		assert_int_equal(nla_parse_nested(rt, SDNBR_FW_RULE_A_MAX, a,
						  NULL), 0);
		assert_u8_attr(rt[SDNBR_FW_RULE_A_ACTION],
			       n ? SDNBR_FW_DENY : SDNBR_FW_ALLOW);
		assert_prefix(rt[SDNBR_FW_RULE_A_PREFIX], want[n], plens[n]);
		n++;
	}
	assert_int_equal(n, 3);
	nlmsg_free(msg);
}

/*
 * 1000 rules, the most a firewall has, fit one nest (its length is 16
 * bits) and one bulk message; a list too long for a nest fails.
 */
static void build_fw_max(void **state)
{
	static struct sdnbr_fw_rule rules[2100];
	struct sdnbr_entry e = { .type = SDNBR_A_FW };
	struct nlattr *tb[SDNBR_A_MAX + 1], *a, *last = NULL;
	struct nlattr *rt[SDNBR_FW_RULE_A_MAX + 1];
	struct nl_msg *msg;
	size_t before;
	int i, rem, n = 0;

	(void)state;
	for (i = 0; i < 2100; i++) {
		rules[i].action = SDNBR_FW_DENY;
		rules[i].prefix.addr.s_addr = htonl(0x0a000000U | (uint32_t)i << 8);
		rules[i].prefix.plen = 24;
	}
	e.fw.has = SDNBR_HAS(SDNBR_FW_A_VNID) | SDNBR_HAS(SDNBR_FW_A_RULE);
	e.fw.vnid = 7;
	e.fw.rules = rules;
	e.fw.n_rules = SDNBR_MAX_FIREWALL_RULES;
	assert_int_equal(sdnbr_msg_entry_len(&e), 32012);
	assert_int_equal(sdnbr_msg_entry_size(SDNBR_A_FW), 32012);

	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_NEW, 0, 40000);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), 0);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len - before, 32012);
	/* with the headers, within a bulk message's 32 KiB */
	assert_true(nlmsg_hdr(msg)->nlmsg_len <= 32 * 1024);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_int_equal(tb[SDNBR_A_FW]->nla_len, 32012);
	nla_for_each_nested(a, tb[SDNBR_A_FW], rem) {
		if (nla_type(a) == SDNBR_FW_A_RULE) {
			last = a;
			n++;
		}
	}
	assert_int_equal(n, SDNBR_MAX_FIREWALL_RULES);
	assert_int_equal(nla_parse_nested(rt, SDNBR_FW_RULE_A_MAX, last, NULL),
			 0);
	assert_prefix(rt[SDNBR_FW_RULE_A_PREFIX], "10.3.231.0", 24);
	nlmsg_free(msg);

	/* 2100 rules are 67,212 bytes: more than a nest can say */
	e.fw.n_rules = 2100;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_NEW, 0, 128 * 1024);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	before = nlmsg_hdr(msg)->nlmsg_len;
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), -EMSGSIZE);
	/* nothing of it is left behind */
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, before);
	nlmsg_free(msg);

	/* and a message too small for it says so */
	e.fw.n_rules = SDNBR_MAX_FIREWALL_RULES;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_NEW, 0, 0);
	assert_int_equal(sdnbr_msg_put_entry(msg, &e), -EMSGSIZE);
	nlmsg_free(msg);
}

/* ---- replies ---- */

static void put_counters(struct nl_msg *msg, int type, uint64_t p,
			 uint64_t b)
{
	struct nlattr *n = nla_nest_start(msg, type);

	assert_int_equal(nla_put_u64(msg, SDNBR_COUNTER_A_PACKETS, p), 0);
	assert_int_equal(nla_put_u64(msg, SDNBR_COUNTER_A_BYTES, b), 0);
	nla_nest_end(msg, n);
}

static void put_drop(struct nl_msg *msg, int type, int reason,
		     uint32_t table, uint64_t packets)
{
	struct nlattr *n = nla_nest_start(msg, type);

	if (reason >= 0)
		assert_int_equal(nla_put_u32(msg, SDNBR_DROP_A_REASON,
					     (uint32_t)reason), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_DROP_A_TABLE, table), 0);
	assert_int_equal(nla_put_u64(msg, SDNBR_DROP_A_PACKETS, packets), 0);
	nla_nest_end(msg, n);
}

static struct nl_msg *bridge_reply(void)
{
	struct sdnbr_config cfg = {
		.has = SDNBR_HAS(SDNBR_CFG_A_MODE) |
		       SDNBR_HAS(SDNBR_CFG_A_CLUSTER_NETWORK) |
		       SDNBR_HAS(SDNBR_CFG_A_VXLAN_PORT) |
		       SDNBR_HAS(SDNBR_CFG_A_GATEWAY),
		.mode = SDNBR_MODE_SUBNET,
		.n_cluster = 2,
		.cluster = { { ip("10.128.0.0"), 14 }, { ip("10.0.0.0"), 8 } },
		.vxlan_port = 4789,
		.gateway = ip("10.128.0.1"),
	};
	struct nlattr *st, *l;
	struct nl_msg *msg;

	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_A_IFINDEX, 5), 0);
	assert_int_equal(nla_put_string(msg, SDNBR_A_IFNAME, "br0"), 0);
	assert_int_equal(sdnbr_msg_put_config(msg, &cfg), 0);
	st = nla_nest_start(msg, SDNBR_A_STATS);
	assert_int_equal(nla_put_u32(msg, SDNBR_STATS_A_ENTRIES, 12), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_STATS_A_PODS, 8), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_STATS_A_NODES, 2), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_STATS_A_NAMESPACES, 2), 0);
	assert_int_equal(nla_put_u64(msg, SDNBR_STATS_A_MEMORY, 4312), 0);
	assert_int_equal(nla_put_u64(msg, SDNBR_STATS_A_PACKETS,
				     0x100000000ULL), 0);
	/* an attribute from the future */
	assert_int_equal(nla_put_u32(msg, 200, 1), 0);
	l = nla_nest_start(msg, SDNBR_STATS_A_DROPS);
	put_drop(msg, SDNBR_STATS_A_DROP, SDNBR_DROP_SPOOF_IP, 20, 17);
	put_drop(msg, SDNBR_STATS_A_DROP, SDNBR_DROP_NO_NODE, 90, 25);
	nla_nest_end(msg, l);
	l = nla_nest_start(msg, SDNBR_STATS_A_STAGE_DROPS);
	put_drop(msg, SDNBR_STATS_A_STAGE, -1, 20, 17);
	put_drop(msg, SDNBR_STATS_A_STAGE, -1, 90, 25);
	nla_nest_end(msg, l);
	nla_nest_end(msg, st);
	return msg;
}

static void parse_bridge(void **state)
{
	struct nl_msg *msg = bridge_reply();
	struct sdnbr_bridge br;

	(void)state;
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), 0);
	assert_int_equal(sdnbr_msg_cmd(nlmsg_hdr(msg)), SDNBR_CMD_BR_GET);
	assert_int_equal(br.has, SDNBR_HAS(SDNBR_A_IFINDEX) |
			 SDNBR_HAS(SDNBR_A_IFNAME) |
			 SDNBR_HAS(SDNBR_A_CONFIG) | SDNBR_HAS(SDNBR_A_STATS));
	assert_int_equal(br.ifindex, 5);
	assert_string_equal(br.ifname, "br0");

	assert_int_equal(br.cfg.has, SDNBR_HAS(SDNBR_CFG_A_MODE) |
			 SDNBR_HAS(SDNBR_CFG_A_CLUSTER_NETWORK) |
			 SDNBR_HAS(SDNBR_CFG_A_VXLAN_PORT) |
			 SDNBR_HAS(SDNBR_CFG_A_GATEWAY));
	assert_int_equal(br.cfg.mode, SDNBR_MODE_SUBNET);
	assert_int_equal(br.cfg.n_cluster, 2);
	assert_int_equal(br.cfg.cluster[0].addr.s_addr,
			 ip("10.128.0.0").s_addr);
	assert_int_equal(br.cfg.cluster[0].plen, 14);
	assert_int_equal(br.cfg.cluster[1].plen, 8);
	assert_int_equal(br.cfg.vxlan_port, 4789);
	assert_int_equal(br.cfg.gateway.s_addr, ip("10.128.0.1").s_addr);

	assert_int_equal(br.stats.entries, 12);
	assert_int_equal(br.stats.pods, 8);
	assert_int_equal(br.stats.nodes, 2);
	assert_int_equal(br.stats.namespaces, 2);
	assert_int_equal(br.stats.memory, 4312);
	assert_true(br.stats.packets == 0x100000000ULL);
	assert_int_equal(br.stats.n_drops, 2);
	assert_int_equal(br.stats.drops[0].reason, SDNBR_DROP_SPOOF_IP);
	assert_int_equal(br.stats.drops[0].table, 20);
	assert_int_equal(br.stats.drops[0].packets, 17);
	assert_int_equal(br.stats.drops[1].reason, SDNBR_DROP_NO_NODE);
	assert_int_equal(br.stats.n_stages, 2);
	assert_int_equal(br.stats.stages[1].table, 90);
	assert_int_equal(br.stats.stages[1].packets, 25);
	assert_false(br.stats.stages[1].has & SDNBR_HAS(SDNBR_DROP_A_REASON));
	assert_int_equal(br.stats.n_lost, 0);
	nlmsg_free(msg);
}

static void parse_malformed(void **state)
{
	struct sdnbr_bridge br;
	struct sdnbr_pod pod;
	struct nlattr *n, *p;
	struct nl_msg *msg;

	(void)state;
	/* a u32 sent as a u64 */
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 0);
	assert_int_equal(nla_put_u64(msg, SDNBR_A_IFINDEX, 5), 0);
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), -EPROTO);
	nlmsg_free(msg);

	/* a name without its NUL, and one too long */
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 0);
	assert_int_equal(nla_put(msg, SDNBR_A_IFNAME, 3, "br0"), 0);
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), -EPROTO);
	nlmsg_free(msg);
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 0);
	assert_int_equal(nla_put_string(msg, SDNBR_A_IFNAME,
					"abcdefghijklmnopq"), 0);
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), -EPROTO);
	nlmsg_free(msg);

	/* a prefix with a length past 32 */
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_CONFIG);
	p = nla_nest_start(msg, SDNBR_CFG_A_LOCAL_SUBNET);
	assert_int_equal(nla_put_u32(msg, SDNBR_PREFIX_A_ADDR, 0), 0);
	assert_int_equal(nla_put_u8(msg, SDNBR_PREFIX_A_PLEN, 33), 0);
	nla_nest_end(msg, p);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), -EPROTO);
	nlmsg_free(msg);

	/* a short MAC */
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_POD_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_POD);
	assert_int_equal(nla_put(msg, SDNBR_POD_A_MAC, 4, "abcd"), 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_pod(n, &pod), -EPROTO);
	nlmsg_free(msg);

	/* too short for a genl header */
	msg = nlmsg_alloc();
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), -EPROTO);
	nlmsg_free(msg);
}

/* More drop nests than the structure keeps: counted, not overrun. */
static void parse_many_drops(void **state)
{
	struct sdnbr_bridge br;
	struct nlattr *st, *l;
	struct nl_msg *msg;
	int i;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_BR_GET, 0, 8192);
	st = nla_nest_start(msg, SDNBR_A_STATS);
	l = nla_nest_start(msg, SDNBR_STATS_A_DROPS);
	for (i = 0; i < SDNBR_STATS_MAX_DROPS + 3; i++)
		put_drop(msg, SDNBR_STATS_A_DROP, i, 0, (uint64_t)i);
	nla_nest_end(msg, l);
	nla_nest_end(msg, st);
	assert_int_equal(sdnbr_msg_parse_bridge(nlmsg_hdr(msg), &br), 0);
	assert_int_equal(br.stats.n_drops, SDNBR_STATS_MAX_DROPS);
	assert_int_equal(br.stats.n_lost, 3);
	assert_int_equal(br.stats.drops[63].packets, 63);
	nlmsg_free(msg);
}

struct collected {
	int n;
	struct sdnbr_entry e[4];
};

static int collect(const struct sdnbr_entry *e, void *arg)
{
	struct collected *c = arg;

	assert_true(c->n < 4);
	c->e[c->n++] = *e;
	return 0;
}

static int stop_at_second(const struct sdnbr_entry *e, void *arg)
{
	int *n = arg;

	(void)e;
	return ++*n == 2 ? -ECANCELED : 0;
}

static void parse_entries(void **state)
{
	struct collected c = { 0 };
	struct sdnbr_bridge br;
	struct nl_msg *msg;
	struct nlattr *n, *p;
	int stops = 0;

	(void)state;
	/* a pod GET reply: the entry, then the bridge */
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_POD_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_POD);
	assert_int_equal(nla_put_u32(msg, SDNBR_POD_A_IP,
				     ip("10.128.0.2").s_addr), 0);
	assert_int_equal(nla_put(msg, SDNBR_POD_A_MAC, 6,
				 "\x0a\x58\x0a\x80\x00\x02"), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_POD_A_IFINDEX, 7), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_POD_A_VNID, 10), 0);
	put_counters(msg, SDNBR_POD_A_RX, 12, 1008);
	put_counters(msg, SDNBR_POD_A_TX, 10, 840);
	nla_nest_end(msg, n);
	/* a second pod, keyed only */
	n = nla_nest_start(msg, SDNBR_A_POD);
	assert_int_equal(nla_put_u32(msg, SDNBR_POD_A_IP,
				     ip("10.128.0.3").s_addr), 0);
	nla_nest_end(msg, n);
	/* a node nest is not a pod */
	n = nla_nest_start(msg, SDNBR_A_NODE);
	p = nla_nest_start(msg, SDNBR_NODE_A_SUBNET);
	assert_int_equal(nla_put_u32(msg, SDNBR_PREFIX_A_ADDR, 0), 0);
	nla_nest_end(msg, p);
	nla_nest_end(msg, n);
	assert_int_equal(nla_put_u32(msg, SDNBR_A_IFINDEX, 5), 0);

	assert_int_equal(sdnbr_msg_for_each_entry(nlmsg_hdr(msg), SDNBR_A_POD,
						  &br, collect, &c), 0);
	assert_int_equal(br.ifindex, 5);
	assert_int_equal(br.has, SDNBR_HAS(SDNBR_A_IFINDEX));
	assert_int_equal(c.n, 2);
	assert_int_equal(c.e[0].type, SDNBR_A_POD);
	assert_int_equal(c.e[0].pod.has,
			 SDNBR_HAS(SDNBR_POD_A_IP) | SDNBR_HAS(SDNBR_POD_A_MAC) |
			 SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
			 SDNBR_HAS(SDNBR_POD_A_VNID) |
			 SDNBR_HAS(SDNBR_POD_A_RX) | SDNBR_HAS(SDNBR_POD_A_TX));
	assert_int_equal(c.e[0].pod.ip.s_addr, ip("10.128.0.2").s_addr);
	assert_memory_equal(c.e[0].pod.mac, "\x0a\x58\x0a\x80\x00\x02", 6);
	assert_int_equal(c.e[0].pod.ifindex, 7);
	assert_int_equal(c.e[0].pod.vnid, 10);
	assert_int_equal(c.e[0].pod.rx.packets, 12);
	assert_int_equal(c.e[0].pod.rx.bytes, 1008);
	assert_int_equal(c.e[0].pod.tx.packets, 10);
	assert_int_equal(c.e[0].pod.tx.bytes, 840);
	assert_int_equal(c.e[1].pod.has, SDNBR_HAS(SDNBR_POD_A_IP));

	/* the callback's error stops the walk */
	assert_int_equal(sdnbr_msg_for_each_entry(nlmsg_hdr(msg), SDNBR_A_POD,
						  &br, stop_at_second, &stops),
			 -ECANCELED);
	assert_int_equal(stops, 2);

	/* the node's subnet has no length: malformed */
	assert_int_equal(sdnbr_msg_for_each_entry(nlmsg_hdr(msg), SDNBR_A_NODE,
						  &br, NULL, NULL), -EPROTO);
	nlmsg_free(msg);
}

static void parse_node_ns(void **state)
{
	struct sdnbr_entry e;
	struct nl_msg *msg;
	struct nlattr *n;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_NODE_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_NODE);
	assert_int_equal(sdnbr_msg_put_prefix(msg, SDNBR_NODE_A_SUBNET,
			 &(struct sdnbr_prefix){ ip("10.128.2.0"), 23 }), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_NODE_A_IP,
				     ip("192.0.2.12").s_addr), 0);
	put_counters(msg, SDNBR_NODE_A_TX, 5, 500);
	put_counters(msg, SDNBR_NODE_A_RX, 6, 600);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), 0);
	assert_int_equal(e.type, SDNBR_A_NODE);
	assert_int_equal(e.node.subnet.addr.s_addr, ip("10.128.2.0").s_addr);
	assert_int_equal(e.node.subnet.plen, 23);
	assert_int_equal(e.node.ip.s_addr, ip("192.0.2.12").s_addr);
	assert_false(e.node.has & SDNBR_HAS(SDNBR_NODE_A_VNID));
	assert_int_equal(e.node.tx.packets, 5);
	assert_int_equal(e.node.rx.bytes, 600);

	n = nla_nest_start(msg, SDNBR_A_NS);
	assert_int_equal(nla_put_u32(msg, SDNBR_NS_A_VNID, 0xffffff), 0);
	assert_int_equal(nla_put_u8(msg, SDNBR_NS_A_GLOBAL, 1), 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), 0);
	assert_int_equal(e.type, SDNBR_A_NS);
	assert_int_equal(e.ns.vnid, 0xffffff);
	assert_true(e.ns.global);

	n = nla_nest_start(msg, SDNBR_A_STATS);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), -EPROTO);
	nlmsg_free(msg);
}

static void put_egress_ip(struct nl_msg *msg, const char *addr,
			  const char *node)
{
	struct nlattr *n = nla_nest_start(msg, SDNBR_EGRESS_A_IP);

	if (addr)
		assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_IP_A_ADDR,
					     ip(addr).s_addr), 0);
	if (node)
		assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_IP_A_NODE,
					     ip(node).s_addr), 0);
	nla_nest_end(msg, n);
}

static void put_fw_rule(struct nl_msg *msg, int action, const char *addr,
			uint8_t plen)
{
	struct nlattr *n = nla_nest_start(msg, SDNBR_FW_A_RULE);

	if (action >= 0)
		assert_int_equal(nla_put_u8(msg, SDNBR_FW_RULE_A_ACTION,
					    (uint8_t)action), 0);
	if (addr)
		assert_int_equal(sdnbr_msg_put_prefix(msg,
				 SDNBR_FW_RULE_A_PREFIX,
				 &(struct sdnbr_prefix){ ip(addr), plen }), 0);
	nla_nest_end(msg, n);
}

/* Egress and firewall GET replies, as the kernel fills them. */
static void parse_egress_fw(void **state)
{
	struct sdnbr_entry e, copy;
	struct nl_msg *msg;
	struct nlattr *n;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_EGRESS_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_EGRESS);
	assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_A_VNID, 10), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_A_MARK, 0xff00000a), 0);
	put_egress_ip(msg, "192.0.2.100", "192.0.2.11");
	put_egress_ip(msg, "192.0.2.101", NULL);
	put_counters(msg, SDNBR_EGRESS_A_TX, 7, 700);
	/* an attribute from the future */
	assert_int_equal(nla_put_u32(msg, 99, 1), 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), 0);
	assert_int_equal(e.type, SDNBR_A_EGRESS);
	assert_int_equal(e.egress.has, SDNBR_HAS(SDNBR_EGRESS_A_VNID) |
			 SDNBR_HAS(SDNBR_EGRESS_A_IP) |
			 SDNBR_HAS(SDNBR_EGRESS_A_MARK) |
			 SDNBR_HAS(SDNBR_EGRESS_A_TX));
	assert_int_equal(e.egress.vnid, 10);
	assert_int_equal(e.egress.mark, 0xff00000a);
	assert_int_equal(e.egress.tx.packets, 7);
	assert_int_equal(e.egress.tx.bytes, 700);
	assert_int_equal(e.egress.n_ips, 2);
	assert_int_equal(e.egress.ips[0].addr.s_addr, ip("192.0.2.100").s_addr);
	assert_int_equal(e.egress.ips[0].node.s_addr, ip("192.0.2.11").s_addr);
	assert_int_equal(e.egress.ips[0].has,
			 SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR) |
			 SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE));
	assert_int_equal(e.egress.ips[1].addr.s_addr, ip("192.0.2.101").s_addr);
	assert_int_equal(e.egress.ips[1].has,
			 SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR));
	assert_int_equal(sdnbr_msg_entry_key(&e), 10);

	/* a copy has a list of its own */
	assert_int_equal(sdnbr_msg_entry_dup(&copy, &e), 0);
	assert_ptr_not_equal(copy.egress.ips, e.egress.ips);
	assert_memory_equal(copy.egress.ips, e.egress.ips,
			    2 * sizeof(e.egress.ips[0]));
	sdnbr_msg_entry_free(&e);
	assert_null(e.egress.ips);
	assert_int_equal(e.egress.n_ips, 0);
	assert_int_equal(copy.egress.ips[1].addr.s_addr,
			 ip("192.0.2.101").s_addr);
	sdnbr_msg_entry_free(&copy);

	/* no IPs: no list at all */
	n = nla_nest_start(msg, SDNBR_A_EGRESS);
	assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_A_VNID, 11), 0);
	assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_A_MARK, 11), 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), 0);
	assert_int_equal(e.egress.n_ips, 0);
	assert_null(e.egress.ips);
	assert_false(e.egress.has & SDNBR_HAS(SDNBR_EGRESS_A_IP));
	assert_int_equal(sdnbr_msg_entry_dup(&copy, &e), 0);
	assert_null(copy.egress.ips);

	/* an IP without its address is malformed, and nothing leaks */
	n = nla_nest_start(msg, SDNBR_A_EGRESS);
	assert_int_equal(nla_put_u32(msg, SDNBR_EGRESS_A_VNID, 12), 0);
	put_egress_ip(msg, "192.0.2.100", NULL);
	put_egress_ip(msg, NULL, "192.0.2.11");
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), -EPROTO);
	assert_null(e.egress.ips);
	nlmsg_free(msg);

	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_GET, 0, 0);
	n = nla_nest_start(msg, SDNBR_A_FW);
	assert_int_equal(nla_put_u32(msg, SDNBR_FW_A_VNID, 10), 0);
	put_fw_rule(msg, SDNBR_FW_ALLOW, "198.51.100.7", 32);
	put_fw_rule(msg, SDNBR_FW_DENY, "0.0.0.0", 0);
	put_counters(msg, SDNBR_FW_A_ALLOWED, 5, 420);
	put_counters(msg, SDNBR_FW_A_DENIED, 3, 252);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), 0);
	assert_int_equal(e.type, SDNBR_A_FW);
	assert_int_equal(e.fw.vnid, 10);
	assert_int_equal(e.fw.n_rules, 2);
	assert_int_equal(e.fw.rules[0].action, SDNBR_FW_ALLOW);
	assert_int_equal(e.fw.rules[0].prefix.addr.s_addr,
			 ip("198.51.100.7").s_addr);
	assert_int_equal(e.fw.rules[0].prefix.plen, 32);
	assert_int_equal(e.fw.rules[1].action, SDNBR_FW_DENY);
	assert_int_equal(e.fw.rules[1].prefix.plen, 0);
	assert_int_equal(e.fw.allowed.packets, 5);
	assert_int_equal(e.fw.denied.bytes, 252);
	assert_int_equal(e.fw.has, SDNBR_HAS(SDNBR_FW_A_VNID) |
			 SDNBR_HAS(SDNBR_FW_A_RULE) |
			 SDNBR_HAS(SDNBR_FW_A_ALLOWED) |
			 SDNBR_HAS(SDNBR_FW_A_DENIED));
	assert_int_equal(sdnbr_msg_entry_dup(&copy, &e), 0);
	assert_ptr_not_equal(copy.fw.rules, e.fw.rules);
	assert_int_equal(copy.fw.rules[1].action, SDNBR_FW_DENY);
	sdnbr_msg_entry_free(&copy);
	assert_null(copy.fw.rules);
	sdnbr_msg_entry_free(&e);

	/* a rule without a prefix, or with a u16 action, is malformed */
	n = nla_nest_start(msg, SDNBR_A_FW);
	put_fw_rule(msg, SDNBR_FW_DENY, NULL, 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), -EPROTO);
	assert_null(e.fw.rules);
	n = nla_nest_start(msg, SDNBR_A_FW);
	put_fw_rule(msg, -1, "10.0.0.0", 8);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_parse_entry(n, &e), -EPROTO);
	nlmsg_free(msg);
}

struct seen_fw {
	int n;
	unsigned int rules[4];
	uint32_t last[4];
};

static int see_fw(const struct sdnbr_entry *e, void *arg)
{
	struct seen_fw *s = arg;

	assert_int_equal(e->type, SDNBR_A_FW);
	s->rules[s->n] = e->fw.n_rules;
	s->last[s->n++] = e->fw.n_rules ?
		e->fw.rules[e->fw.n_rules - 1].prefix.addr.s_addr : 0;
	return 0;
}

/* A dump message of firewalls, each handed over with its rules. */
static void parse_fw_entries(void **state)
{
	struct seen_fw seen = { 0 };
	struct sdnbr_bridge br;
	struct nl_msg *msg;
	struct nlattr *n;
	int i;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_GET, 0, 64 * 1024);
	assert_int_equal(nla_put_u32(msg, SDNBR_A_IFINDEX, 5), 0);
	n = nla_nest_start(msg, SDNBR_A_FW);
	assert_int_equal(nla_put_u32(msg, SDNBR_FW_A_VNID, 1), 0);
	for (i = 0; i < 1000; i++)
		put_fw_rule(msg, SDNBR_FW_DENY, "10.0.0.0", 8);
	put_fw_rule(msg, SDNBR_FW_ALLOW, "10.1.0.0", 16);
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, SDNBR_A_FW);
	assert_int_equal(nla_put_u32(msg, SDNBR_FW_A_VNID, 2), 0);
	nla_nest_end(msg, n);
	assert_int_equal(sdnbr_msg_for_each_entry(nlmsg_hdr(msg), SDNBR_A_FW,
						  &br, see_fw, &seen), 0);
	assert_int_equal(br.ifindex, 5);
	assert_int_equal(seen.n, 2);
	/* past the ABI's limit too: a newer kernel's may be longer */
	assert_int_equal(seen.rules[0], 1001);
	assert_int_equal(seen.last[0], ip("10.1.0.0").s_addr);
	assert_int_equal(seen.rules[1], 0);
	nlmsg_free(msg);
}

/* ---- naming what an extended ACK points at ---- */

static uint32_t offset_of(struct nl_msg *msg, const void *p)
{
	return (uint32_t)((const unsigned char *)p -
			  (const unsigned char *)nlmsg_hdr(msg));
}

static void err_keywords(void **state)
{
	struct sdnbr_node node = {
		.has = SDNBR_HAS(SDNBR_NODE_A_SUBNET) |
		       SDNBR_HAS(SDNBR_NODE_A_IP),
		.subnet = { ip("10.128.2.0"), 23 },
		.ip = ip("192.0.2.12"),
	};
	struct nlattr *tb[SDNBR_A_MAX + 1], *nt[SDNBR_NODE_A_MAX + 1];
	struct nlattr *pt[SDNBR_PREFIX_A_MAX + 1];
	struct sdnbr_extack ext = { .has = SDNBR_EXTACK_OFFS };
	struct sdnbr_msg_loc loc;
	struct nl_msg *msg;
	bool missing;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_NODE_NEW, 0, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	assert_int_equal(sdnbr_msg_put_node(msg, &node), 0);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(msg), 0, tb, SDNBR_A_MAX,
				       top_policy), 0);
	assert_int_equal(nla_parse_nested(nt, SDNBR_NODE_A_MAX,
					  tb[SDNBR_A_NODE], NULL), 0);
	assert_int_equal(nla_parse_nested(pt, SDNBR_PREFIX_A_MAX,
					  nt[SDNBR_NODE_A_SUBNET], NULL), 0);

	/* the node IP */
	ext.offset = offset_of(msg, nt[SDNBR_NODE_A_IP]);
	assert_int_equal(sdnbr_msg_locate(nlmsg_hdr(msg), ext.offset, &loc),
			 0);
	assert_int_equal(loc.top, SDNBR_A_NODE);
	assert_int_equal(loc.top_offset, offset_of(msg, tb[SDNBR_A_NODE]));
	assert_int_equal(loc.child, SDNBR_NODE_A_IP);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "ip");
	assert_false(missing);

	/* the prefix length inside the subnet: the subnet */
	ext.offset = offset_of(msg, pt[SDNBR_PREFIX_A_PLEN]);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "subnet");

	/* the bridge name */
	ext.offset = offset_of(msg, tb[SDNBR_A_IFNAME]);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "dev");

	/* the whole entry: known, but no one keyword */
	ext.offset = offset_of(msg, tb[SDNBR_A_NODE]);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "");

	/* missing from the entry nest */
	ext.has = SDNBR_EXTACK_MISS_TYPE | SDNBR_EXTACK_MISS_NEST;
	ext.miss_type = SDNBR_NODE_A_IP;
	ext.miss_nest = offset_of(msg, tb[SDNBR_A_NODE]);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "ip");
	assert_true(missing);

	/* missing from the subnet's prefix nest */
	ext.miss_type = SDNBR_PREFIX_A_PLEN;
	ext.miss_nest = offset_of(msg, nt[SDNBR_NODE_A_SUBNET]);
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "subnet");
	assert_true(missing);

	/* missing at the top level: the bridge */
	ext.has = SDNBR_EXTACK_MISS_TYPE;
	ext.miss_type = SDNBR_A_IFINDEX;
	assert_string_equal(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext,
						  &missing), "dev");

	/* outside the message, in the headers, or no pointer at all */
	ext.has = SDNBR_EXTACK_OFFS;
	ext.offset = nlmsg_hdr(msg)->nlmsg_len;
	assert_null(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext, &missing));
	assert_false(missing);
	ext.offset = 8;
	assert_null(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext, &missing));
	assert_int_equal(sdnbr_msg_locate(nlmsg_hdr(msg), 8, &loc), -ENOENT);
	ext.has = 0;
	assert_null(sdnbr_msg_err_keyword(nlmsg_hdr(msg), &ext, &missing));
	nlmsg_free(msg);
}

/* The nth (from 0) attribute @type inside @nest. */
static struct nlattr *nth(struct nlattr *nest, int type, int n)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == type && !n--)
			return a;
	}
	fail();
	return NULL;
}

/* Inside a list, the element: "ip 192.0.2.101", "rule 2". */
static void err_names(void **state)
{
	struct sdnbr_egress_ip ips[3] = {
		{ SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR) |
		  SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE),
		  ip("192.0.2.100"), ip("192.0.2.11") },
		{ SDNBR_HAS(SDNBR_EGRESS_IP_A_ADDR), ip("192.0.2.101"), {0} },
		/* no address: a bug in the caller, for the kernel to find */
		{ SDNBR_HAS(SDNBR_EGRESS_IP_A_NODE), {0}, ip("192.0.2.12") },
	};
	struct sdnbr_fw_rule rules[3] = {
		rule(SDNBR_FW_ALLOW, "198.51.100.7", 32),
		rule(SDNBR_FW_DENY, "10.0.0.0", 8),
		rule(SDNBR_FW_DENY, "0.0.0.0", 0),
	};
	struct sdnbr_egress eg = {
		.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID) |
		       SDNBR_HAS(SDNBR_EGRESS_A_IP),
		.vnid = 10, .n_ips = 3, .ips = ips,
	};
	struct sdnbr_fw fw = {
		.has = SDNBR_HAS(SDNBR_FW_A_VNID) | SDNBR_HAS(SDNBR_FW_A_RULE),
		.vnid = 10, .n_rules = 3, .rules = rules,
	};
	struct sdnbr_extack ext = { .has = SDNBR_EXTACK_OFFS };
	struct nlattr *tb[SDNBR_A_MAX + 1], *a, *b;
	char buf[SDNBR_MSG_ERR_NAMELEN];
	struct sdnbr_msg_loc loc;
	struct nlmsghdr *nlh;
	struct nl_msg *msg;
	bool missing;

	(void)state;
	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_EGRESS_NEW, 0, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	/* a first entry, so that the second's IPs are counted in it alone */
	assert_int_equal(sdnbr_msg_put_egress(msg, &eg), 0);
	eg.vnid = 11;
	assert_int_equal(sdnbr_msg_put_egress(msg, &eg), 0);
	nlh = nlmsg_hdr(msg);
	assert_int_equal(genlmsg_parse(nlh, 0, tb, SDNBR_A_MAX, top_policy),
			 0);
	/* the last SDNBR_A_EGRESS: the second entry */
	a = tb[SDNBR_A_EGRESS];

	/* the second IP's nest */
	b = nth(a, SDNBR_EGRESS_A_IP, 1);
	ext.offset = offset_of(msg, b);
	assert_int_equal(sdnbr_msg_locate(nlh, ext.offset, &loc), 0);
	assert_int_equal(loc.top, SDNBR_A_EGRESS);
	assert_int_equal(loc.child, SDNBR_EGRESS_A_IP);
	assert_int_equal(loc.child_offset, ext.offset);
	assert_int_equal(loc.index, 2);
	assert_int_equal(loc.grandchild, 0);
	assert_string_equal(sdnbr_msg_err_keyword(nlh, &ext, &missing), "ip");
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "ip 192.0.2.101");
	assert_false(missing);

	/* the first IP's node: still that IP */
	b = nth(a, SDNBR_EGRESS_A_IP, 0);
	ext.offset = offset_of(msg, nla_find(nla_data(b), nla_len(b),
					     SDNBR_EGRESS_IP_A_NODE));
	assert_int_equal(sdnbr_msg_locate(nlh, ext.offset, &loc), 0);
	assert_int_equal(loc.index, 1);
	assert_int_equal(loc.grandchild, SDNBR_EGRESS_IP_A_NODE);
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "ip 192.0.2.100");

	/* the VNID and the whole entry: as sdnbr_msg_err_keyword() */
	ext.offset = offset_of(msg, nla_find(nla_data(a), nla_len(a),
					     SDNBR_EGRESS_A_VNID));
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "vnid");
	ext.offset = offset_of(msg, a);
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf), "");

	/* the third IP has no address: missing, named by its place */
	ext.has = SDNBR_EXTACK_MISS_TYPE | SDNBR_EXTACK_MISS_NEST;
	ext.miss_type = SDNBR_EGRESS_IP_A_ADDR;
	ext.miss_nest = offset_of(msg, nth(a, SDNBR_EGRESS_A_IP, 2));
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "address of ip #3");
	assert_true(missing);

	/* nowhere: NULL, as sdnbr_msg_err_keyword() */
	ext.has = 0;
	assert_null(sdnbr_msg_err_name(nlh, &ext, &missing, buf));
	nlmsg_free(msg);

	msg = sdnbr_msg_new(FAMILY, SDNBR_CMD_FW_NEW, 0, 0);
	assert_int_equal(sdnbr_msg_put_dev(msg, "br0", 0), 0);
	assert_int_equal(sdnbr_msg_put_fw(msg, &fw), 0);
	nlh = nlmsg_hdr(msg);
	assert_int_equal(genlmsg_parse(nlh, 0, tb, SDNBR_A_MAX, top_policy),
			 0);
	a = tb[SDNBR_A_FW];

	/* the length inside the second rule's prefix */
	b = nth(a, SDNBR_FW_A_RULE, 1);
	b = nla_find(nla_data(b), nla_len(b), SDNBR_FW_RULE_A_PREFIX);
	ext.has = SDNBR_EXTACK_OFFS;
	ext.offset = offset_of(msg, nla_find(nla_data(b), nla_len(b),
					     SDNBR_PREFIX_A_PLEN));
	assert_int_equal(sdnbr_msg_locate(nlh, ext.offset, &loc), 0);
	assert_int_equal(loc.child, SDNBR_FW_A_RULE);
	assert_int_equal(loc.index, 2);
	assert_int_equal(loc.grandchild, SDNBR_FW_RULE_A_PREFIX);
	assert_string_equal(sdnbr_msg_err_keyword(nlh, &ext, &missing),
			    "rule");
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "rule 2");

	/* the third rule */
	ext.offset = offset_of(msg, nth(a, SDNBR_FW_A_RULE, 2));
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "rule 3");

	/* missing from the first rule */
	ext.has = SDNBR_EXTACK_MISS_TYPE | SDNBR_EXTACK_MISS_NEST;
	ext.miss_type = SDNBR_FW_RULE_A_PREFIX;
	ext.miss_nest = offset_of(msg, nth(a, SDNBR_FW_A_RULE, 0));
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "prefix of rule 1");
	assert_true(missing);
	ext.miss_type = SDNBR_FW_RULE_A_ACTION;
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "action of rule 1");

	/* missing from the entry: the rule list has no one element */
	ext.miss_type = SDNBR_FW_A_VNID;
	ext.miss_nest = offset_of(msg, a);
	assert_string_equal(sdnbr_msg_err_name(nlh, &ext, &missing, buf),
			    "vnid");
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_pod_new),
		cmocka_unit_test(build_pod_del_key_only),
		cmocka_unit_test(build_node_and_ns),
		cmocka_unit_test(build_config),
		cmocka_unit_test(build_full),
		cmocka_unit_test(build_egress),
		cmocka_unit_test(build_egress_max),
		cmocka_unit_test(build_fw),
		cmocka_unit_test(build_fw_max),
		cmocka_unit_test(parse_bridge),
		cmocka_unit_test(parse_malformed),
		cmocka_unit_test(parse_many_drops),
		cmocka_unit_test(parse_entries),
		cmocka_unit_test(parse_node_ns),
		cmocka_unit_test(parse_egress_fw),
		cmocka_unit_test(parse_fw_entries),
		cmocka_unit_test(err_keywords),
		cmocka_unit_test(err_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
