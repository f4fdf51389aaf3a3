// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the kernel's sdnbr family, linked into tests/sdnctl-fake
 * with ld --wrap around the libsdnbr netlink calls, so that the whole of
 * sdnctl's batch path (coalescing, the line an error is reported at, the
 * summary) and what sdnctl prints run on a host without the module.
 *
 * It keeps the pods, nodes, namespaces, egress entries and firewalls of
 * one bridge, "br0" (ifindex 5), and answers entry changes as the real
 * family does: all or nothing per message, checks in key order (so the
 * entry reported is the smallest failing key, not the first in the
 * message), the extended ACK pointing at the failing entry's nest or
 * attribute. Pod IPs must be in 10.128.0.0/14; egress IPs and firewall
 * prefixes inside 203.0.113.0/24 are refused, pointing inside the list
 * element; more than 16 egress IPs or 1000 rules are E2BIG.
 *
 * GET, dumps and BR_GET answer from what it holds, each entry as it was
 * sent plus fixed counters (and a mark, egress's VNID), and the bridge
 * with fixed settings and drop counters and the real entry counts.
 *
 * With SDNCTL_FAKE_STATS set, it prints "fake: M messages, E entries" on
 * standard error at exit, and with SDNCTL_FAKE_SIZES also the size of the
 * largest message it was sent: "fake: largest message L bytes".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/sdnbr.h>

#include "sdnbr_msg.h"
#include "sdnbr_nl.h"
#include "sdnbr_util.h"

#define FAKE_FAMILY	0x20
#define FAKE_IFINDEX	5
#define FAKE_MAX	100000
#define FAKE_MAX_MSG	1024
#define N_TYPES		5

static struct sdnbr_nl_family fam = {
	.name = SDNBR_GENL_NAME, .id = FAKE_FAMILY,
	.version = SDNBR_GENL_VERSION, .maxattr = SDNBR_A_MAX,
	.n_mcgrps = 1, .mcgrps = { { .name = SDNBR_MCGRP_EVENTS, .id = 9 } },
};
static struct sdnbr_extack ext;
static int handle;

/* the table: per type, keys and the entry nests as sent, unsorted */
static uint64_t keys[N_TYPES][FAKE_MAX];
static struct nlattr *nests[N_TYPES][FAKE_MAX];
static unsigned int n_keys[N_TYPES];
static unsigned long n_msgs, n_entries, largest;

static const struct {
	uint16_t type;
	uint8_t cmd_new, cmd_del, cmd_get, cmd_flush;
} types[N_TYPES] = {
	{ SDNBR_A_POD, SDNBR_CMD_POD_NEW, SDNBR_CMD_POD_DEL,
	  SDNBR_CMD_POD_GET, SDNBR_CMD_POD_FLUSH },
	{ SDNBR_A_NODE, SDNBR_CMD_NODE_NEW, SDNBR_CMD_NODE_DEL,
	  SDNBR_CMD_NODE_GET, SDNBR_CMD_NODE_FLUSH },
	{ SDNBR_A_NS, SDNBR_CMD_NS_NEW, SDNBR_CMD_NS_DEL,
	  SDNBR_CMD_NS_GET, SDNBR_CMD_NS_FLUSH },
	{ SDNBR_A_EGRESS, SDNBR_CMD_EGRESS_NEW, SDNBR_CMD_EGRESS_DEL,
	  SDNBR_CMD_EGRESS_GET, SDNBR_CMD_EGRESS_FLUSH },
	{ SDNBR_A_FW, SDNBR_CMD_FW_NEW, SDNBR_CMD_FW_DEL,
	  SDNBR_CMD_FW_GET, SDNBR_CMD_FW_FLUSH },
};

/* The slot of the entry type @cmd works on, or -1. */
static int slot_of_cmd(uint8_t cmd)
{
	int s;

	for (s = 0; s < N_TYPES; s++) {
		if (cmd == types[s].cmd_new || cmd == types[s].cmd_del ||
		    cmd == types[s].cmd_get || cmd == types[s].cmd_flush)
			return s;
	}
	return -1;
}

static int find(int s, uint64_t key)
{
	unsigned int i;

	for (i = 0; i < n_keys[s]; i++) {
		if (keys[s][i] == key)
			return (int)i;
	}
	return -1;
}

static uint64_t key_of(const struct sdnbr_entry *e)
{
	switch (e->type) {
	case SDNBR_A_POD:
		return ntohl(e->pod.ip.s_addr);
	case SDNBR_A_NODE:
		return (uint64_t)ntohl(e->node.subnet.addr.s_addr) << 8 |
		       e->node.subnet.plen;
	case SDNBR_A_EGRESS:
		return e->egress.vnid;
	case SDNBR_A_FW:
		return e->fw.vnid;
	default:
		return e->ns.vnid;
	}
}

static int fail(int error, const char *msg, const struct nlmsghdr *nlh,
		const void *at)
{
	memset(&ext, 0, sizeof(ext));
	ext.error = error;
	ext.has = SDNBR_EXTACK_MSG;
	snprintf(ext.msg, sizeof(ext.msg), "%s", msg);
	if (at) {
		ext.has |= SDNBR_EXTACK_OFFS | SDNBR_EXTACK_ATTR;
		ext.offset = (uint32_t)((const char *)at - (const char *)nlh);
		ext.attr = ((const struct nlattr *)at)->nla_type & NLA_TYPE_MASK;
	}
	return error;
}

struct op {
	uint64_t key;
	struct nlattr *nest;
	struct nlattr *ip;	/* a pod's IP attribute */
	uint32_t addr;
};

static int cmp_op(const void *a, const void *b)
{
	const struct op *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static bool in_test_net_3(struct in_addr a)
{
	return (ntohl(a.s_addr) & 0xffffff00U) == 0xcb007100U;
}

/* The nth (from 0) attribute @type inside @nest. */
static struct nlattr *nth(struct nlattr *nest, int type, unsigned int n)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == type && !n--)
			return a;
	}
	return NULL;
}

/* The lists' checks, as a NEW parses them: 0 or the failure. */
static int check_lists(const struct nlmsghdr *nlh, const struct sdnbr_entry *e,
		       struct nlattr *nest)
{
	struct nlattr *a;
	unsigned int i;

	if (e->type == SDNBR_A_EGRESS) {
		if (e->egress.n_ips > SDNBR_MAX_EGRESS_IPS)
			return fail(-E2BIG, "too many egress IPs (at most 16)",
				    nlh, nth(nest, SDNBR_EGRESS_A_IP, 16));
		for (i = 0; i < e->egress.n_ips; i++) {
			if (in_test_net_3(e->egress.ips[i].addr))
				return fail(-EINVAL, "the fake kernel refuses 203.0.113.0/24",
					    nlh, nth(nest, SDNBR_EGRESS_A_IP, i));
		}
	}
	if (e->type == SDNBR_A_FW) {
		if (e->fw.n_rules > SDNBR_MAX_FIREWALL_RULES)
			return fail(-E2BIG, "too many firewall rules (at most 1000)",
				    nlh, nth(nest, SDNBR_FW_A_RULE, 1000));
		for (i = 0; i < e->fw.n_rules; i++) {
			if (!in_test_net_3(e->fw.rules[i].prefix.addr))
				continue;
			/* at the prefix inside the rule */
			a = nth(nest, SDNBR_FW_A_RULE, i);
			return fail(-EINVAL, "the fake kernel refuses 203.0.113.0/24",
				    nlh, nla_find(nla_data(a), nla_len(a),
						  SDNBR_FW_RULE_A_PREFIX));
		}
	}
	return 0;
}

static struct nlattr *copy_nest(const struct nlattr *a)
{
	struct nlattr *c = malloc(a->nla_len);

	if (c)
		memcpy(c, a, a->nla_len);
	return c;
}

static int change(struct nlmsghdr *nlh, uint8_t cmd)
{
	static struct op ops[FAKE_MAX_MSG];
	int s = slot_of_cmd(cmd), flags = nlh->nlmsg_flags, rem, len, idx;
	uint16_t type = types[s].type;
	bool is_new = cmd == types[s].cmd_new;
	struct nlattr *attrs, *a, *dev = NULL;
	struct sdnbr_entry e;
	unsigned int n = 0, i;
	int ret;

	attrs = sdnbr_msg_attrs(nlh, &len);
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) == SDNBR_A_IFNAME)
			dev = a;
		if (nla_type(a) != type)
			continue;
		if (n == FAKE_MAX_MSG)
			return fail(-E2BIG, "too many entries", nlh, a);
		if (sdnbr_msg_parse_entry(a, &e))
			return fail(-EINVAL, "malformed entry", nlh, a);
		ret = is_new ? check_lists(nlh, &e, a) : 0;
		sdnbr_msg_entry_free(&e);
		if (ret)
			return ret;
		ops[n] = (struct op){ .key = key_of(&e), .nest = a };
		if (type == SDNBR_A_POD)
			ops[n].addr = ntohl(e.pod.ip.s_addr);
		n++;
	}
	if (!dev || strcmp(nla_get_string(dev), "br0"))
		return fail(-ENODEV, "no such device", nlh, dev);
	if (cmd == types[s].cmd_flush) {
		for (i = 0; i < n_keys[s]; i++)
			free(nests[s][i]);
		n_keys[s] = 0;
		return 0;
	}
	if (!n)
		return fail(-EINVAL, "the request carries no entries", nlh,
			    NULL);
	/* pod IPs are checked as they are parsed, in message order */
	for (i = 0; i < n && is_new && type == SDNBR_A_POD; i++) {
		struct nlattr *tb[SDNBR_POD_A_MAX + 1];

		if ((ops[i].addr & 0xfffc0000U) == 0x0a800000U)
			continue;
		nla_parse_nested(tb, SDNBR_POD_A_MAX, ops[i].nest, NULL);
		return fail(-EINVAL,
			    "the pod IP is not a host address of the local subnet",
			    nlh, tb[SDNBR_POD_A_IP]);
	}
	/* then the table, in key order, as the kernel sorts its ops */
	qsort(ops, n, sizeof(ops[0]), cmp_op);
	for (i = 0; i < n; i++) {
		if (i && ops[i].key == ops[i - 1].key)
			return fail(-EINVAL, "the request names this entry twice",
				    nlh, ops[i].nest);
		idx = find(s, ops[i].key);
		if (!is_new && idx < 0)
			return fail(-ENOENT, "no such entry", nlh, ops[i].nest);
		if (is_new && idx >= 0 &&
		    (!(flags & NLM_F_REPLACE) || (flags & NLM_F_EXCL)))
			return fail(-EEXIST, "the entry exists (use replace)",
				    nlh, ops[i].nest);
		if (is_new && idx < 0 && !(flags & NLM_F_CREATE))
			return fail(-ENOENT, "no such entry to replace", nlh,
				    ops[i].nest);
	}
	if (is_new && n_keys[s] + n > FAKE_MAX)
		return fail(-ENOSPC, "the flow table is full (see max-entries)",
			    nlh, NULL);
	/* all good: apply */
	for (i = 0; i < n; i++) {
		struct nlattr *copy = is_new ? copy_nest(ops[i].nest) : NULL;

		if (is_new && !copy)
			return fail(-ENOMEM, "out of memory", nlh, NULL);
		idx = find(s, ops[i].key);
		if (idx >= 0)
			free(nests[s][idx]);
		if (is_new && idx < 0) {
			idx = (int)n_keys[s]++;
			keys[s][idx] = ops[i].key;
		}
		if (is_new) {
			nests[s][idx] = copy;
		} else {
			n_keys[s]--;
			keys[s][idx] = keys[s][n_keys[s]];
			nests[s][idx] = nests[s][n_keys[s]];
		}
	}
	n_entries += n;
	return 0;
}

/* ---- replies ------------------------------------------------------------ */

static void put_counters(struct nl_msg *msg, int type, uint64_t packets,
			 uint64_t bytes)
{
	struct nlattr *c = nla_nest_start(msg, type);

	nla_put_u64(msg, SDNBR_COUNTER_A_PACKETS, packets);
	nla_put_u64(msg, SDNBR_COUNTER_A_BYTES, bytes);
	nla_nest_end(msg, c);
}

static struct nl_msg *reply_start(uint8_t cmd, int flags)
{
	struct nl_msg *msg = sdnbr_msg_new(FAKE_FAMILY, cmd, flags, 128 * 1024);

	nla_put_u32(msg, SDNBR_A_IFINDEX, FAKE_IFINDEX);
	nla_put_string(msg, SDNBR_A_IFNAME, "br0");
	return msg;
}

/* Entry @i of slot @s as the kernel fills it: as sent, with counters. */
static struct nl_msg *entry_reply(int s, unsigned int i, int flags)
{
	struct nl_msg *msg = reply_start(types[s].cmd_get, flags);
	const struct nlattr *sent = nests[s][i];
	struct nlattr *nest = nla_nest_start(msg, types[s].type);
	void *p = nlmsg_reserve(msg, (size_t)nla_len(sent), NLA_ALIGNTO);

	memcpy(p, nla_data(sent), (size_t)nla_len(sent));
	switch (types[s].type) {
	case SDNBR_A_POD:
		put_counters(msg, SDNBR_POD_A_RX, 12, 1008);
		put_counters(msg, SDNBR_POD_A_TX, 10, 840);
		break;
	case SDNBR_A_NODE:
		put_counters(msg, SDNBR_NODE_A_TX, 5, 500);
		put_counters(msg, SDNBR_NODE_A_RX, 6, 600);
		break;
	case SDNBR_A_EGRESS:
		nla_put_u32(msg, SDNBR_EGRESS_A_MARK, (uint32_t)keys[s][i]);
		put_counters(msg, SDNBR_EGRESS_A_TX, 5, 420);
		break;
	case SDNBR_A_FW:
		put_counters(msg, SDNBR_FW_A_ALLOWED, 5, 420);
		put_counters(msg, SDNBR_FW_A_DENIED, 3, 252);
		break;
	}
	nla_nest_end(msg, nest);
	return msg;
}

static void put_prefix(struct nl_msg *msg, int type, const char *addr,
		       uint8_t plen)
{
	struct sdnbr_prefix p = { .plen = plen };

	inet_pton(AF_INET, addr, &p.addr);
	sdnbr_msg_put_prefix(msg, type, &p);
}

static void put_drop(struct nl_msg *msg, int type, int reason, uint32_t table,
		     uint64_t packets)
{
	struct nlattr *d = nla_nest_start(msg, type);

	if (reason >= 0)
		nla_put_u32(msg, SDNBR_DROP_A_REASON, (uint32_t)reason);
	nla_put_u32(msg, SDNBR_DROP_A_TABLE, table);
	nla_put_u64(msg, SDNBR_DROP_A_PACKETS, packets);
	nla_nest_end(msg, d);
}

static struct nl_msg *bridge_reply(int flags)
{
	struct nl_msg *msg = reply_start(SDNBR_CMD_BR_GET, flags);
	struct nlattr *n, *l;
	unsigned int s, all = 0;

	n = nla_nest_start(msg, SDNBR_A_CONFIG);
	nla_put_u8(msg, SDNBR_CFG_A_MODE, SDNBR_MODE_MULTITENANT);
	put_prefix(msg, SDNBR_CFG_A_CLUSTER_NETWORK, "10.128.0.0", 14);
	put_prefix(msg, SDNBR_CFG_A_SERVICE_NETWORK, "172.30.0.0", 16);
	put_prefix(msg, SDNBR_CFG_A_LOCAL_SUBNET, "10.128.0.0", 23);
	nla_put_u32(msg, SDNBR_CFG_A_GATEWAY, htonl(0x0a800001));
	nla_put_u32(msg, SDNBR_CFG_A_NODE_IP, htonl(0xc000020b));
	nla_put_u16(msg, SDNBR_CFG_A_VXLAN_PORT, 4789);
	nla_put_u32(msg, SDNBR_CFG_A_MTU, 1450);
	nla_put_u32(msg, SDNBR_CFG_A_MAX_ENTRIES, FAKE_MAX);
	nla_nest_end(msg, n);

	for (s = 0; s < N_TYPES; s++)
		all += n_keys[s];
	n = nla_nest_start(msg, SDNBR_A_STATS);
	nla_put_u32(msg, SDNBR_STATS_A_ENTRIES, all);
	nla_put_u32(msg, SDNBR_STATS_A_PODS, n_keys[0]);
	nla_put_u32(msg, SDNBR_STATS_A_NODES, n_keys[1]);
	nla_put_u32(msg, SDNBR_STATS_A_NAMESPACES, n_keys[2]);
	nla_put_u32(msg, SDNBR_STATS_A_EGRESS, n_keys[3]);
	nla_put_u32(msg, SDNBR_STATS_A_FIREWALLS, n_keys[4]);
	nla_put_u64(msg, SDNBR_STATS_A_MEMORY, 100 * (uint64_t)all);
	nla_put_u64(msg, SDNBR_STATS_A_PACKETS, 1000);
	l = nla_nest_start(msg, SDNBR_STATS_A_DROPS);
	put_drop(msg, SDNBR_STATS_A_DROP, SDNBR_DROP_FIREWALL,
		 SDNBR_TABLE_FIREWALL, 3);
	put_drop(msg, SDNBR_STATS_A_DROP, SDNBR_DROP_EGRESS_NO_IP,
		 SDNBR_TABLE_EGRESS, 2);
	nla_nest_end(msg, l);
	l = nla_nest_start(msg, SDNBR_STATS_A_STAGE_DROPS);
	put_drop(msg, SDNBR_STATS_A_STAGE, -1, SDNBR_TABLE_FIREWALL, 3);
	put_drop(msg, SDNBR_STATS_A_STAGE, -1, SDNBR_TABLE_EGRESS, 2);
	nla_nest_end(msg, l);
	nla_nest_end(msg, n);
	return msg;
}

static int answer(struct nl_msg *msg, sdnbr_nl_cb cb, void *arg)
{
	int ret = cb ? cb(nlmsg_hdr(msg), arg) : 0;

	nlmsg_free(msg);
	return ret;
}

/* The bridge a request names: 0 if br0 (or ifindex 5), else the failure. */
static int check_dev(struct nlmsghdr *nlh)
{
	struct nlattr *attrs, *a;
	int len, rem;

	attrs = sdnbr_msg_attrs(nlh, &len);
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) == SDNBR_A_IFNAME &&
		    strcmp(nla_get_string(a), "br0"))
			return fail(-ENODEV, "no such device", nlh, a);
		if (nla_type(a) == SDNBR_A_IFINDEX &&
		    nla_get_u32(a) != FAKE_IFINDEX)
			return fail(-ENODEV, "no such device", nlh, a);
	}
	return 0;
}

static int get(struct nlmsghdr *nlh, uint8_t cmd, sdnbr_nl_cb cb, void *arg)
{
	int s = slot_of_cmd(cmd), len, rem, idx;
	struct nlattr *attrs, *a;
	struct sdnbr_entry e;

	if (check_dev(nlh))
		return ext.error;
	attrs = sdnbr_msg_attrs(nlh, &len);
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != types[s].type)
			continue;
		if (sdnbr_msg_parse_entry(a, &e))
			return fail(-EINVAL, "malformed entry", nlh, a);
		idx = find(s, key_of(&e));
		sdnbr_msg_entry_free(&e);
		if (idx < 0)
			return fail(-ENOENT, "no such entry", nlh, a);
		return answer(entry_reply(s, (unsigned int)idx, 0), cb, arg);
	}
	return fail(-EINVAL, "name the entry to get", nlh, NULL);
}

static void stats(void)
{
	if (getenv("SDNCTL_FAKE_STATS"))
		fprintf(stderr, "fake: %lu messages, %lu entries\n", n_msgs,
			n_entries);
	if (getenv("SDNCTL_FAKE_SIZES"))
		fprintf(stderr, "fake: largest message %lu bytes\n", largest);
}

int __wrap_sdnbr_nl_open(struct sdnbr_nl **nlp, const char *family,
			 char *err, size_t errlen)
{
	(void)family;
	(void)err;
	(void)errlen;
	atexit(stats);
	*nlp = (struct sdnbr_nl *)&handle;
	return 0;
}

void __wrap_sdnbr_nl_close(struct sdnbr_nl *nl)
{
	(void)nl;
}

const struct sdnbr_nl_family *__wrap_sdnbr_nl_family(const struct sdnbr_nl *nl)
{
	(void)nl;
	return &fam;
}

const struct sdnbr_extack *__wrap_sdnbr_nl_extack(const struct sdnbr_nl *nl)
{
	(void)nl;
	return &ext;
}

struct nl_msg *__wrap_sdnbr_nl_msg(const struct sdnbr_nl *nl, uint8_t cmd,
				   int flags)
{
	(void)nl;
	return sdnbr_msg_new(FAKE_FAMILY, cmd, flags, 0);
}

int __wrap_sdnbr_nl_request(struct sdnbr_nl *nl, struct nl_msg *msg,
			    sdnbr_nl_cb cb, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	uint8_t cmd = sdnbr_msg_cmd(nlh);
	int s = slot_of_cmd(cmd);

	(void)nl;
	memset(&ext, 0, sizeof(ext));
	n_msgs++;
	if (nlh->nlmsg_len > largest)
		largest = nlh->nlmsg_len;
	if (cmd == SDNBR_CMD_BR_GET)
		return check_dev(nlh) ? ext.error :
					answer(bridge_reply(0), cb, arg);
	if (s < 0)
		return 0;
	if (cmd == types[s].cmd_get)
		return get(nlh, cmd, cb, arg);
	return change(nlh, cmd);
}

int __wrap_sdnbr_nl_dump(struct sdnbr_nl *nl, struct nl_msg *msg,
			 sdnbr_nl_cb cb, sdnbr_nl_restart_cb restart, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	uint8_t cmd = sdnbr_msg_cmd(nlh);
	int s = slot_of_cmd(cmd), ret = 0;
	unsigned int i;

	(void)nl;
	(void)restart;
	memset(&ext, 0, sizeof(ext));
	if (check_dev(nlh))
		return ext.error;
	if (cmd == SDNBR_CMD_BR_GET)
		return answer(bridge_reply(NLM_F_MULTI), cb, arg);
	if (s < 0)
		return 0;
	for (i = 0; i < n_keys[s] && !ret; i++)
		ret = answer(entry_reply(s, i, NLM_F_MULTI), cb, arg);
	return ret;
}
