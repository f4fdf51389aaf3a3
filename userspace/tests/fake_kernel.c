// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the kernel's sdnbr family, linked into tests/sdnctl-fake
 * with ld --wrap around the libsdnbr netlink calls, so that the whole of
 * sdnctl's batch path (coalescing, the line an error is reported at, the
 * summary) runs on a host without the module.
 *
 * It keeps sets of pod IPs, node subnets and namespace VNIDs for one
 * bridge, "br0", and answers entry changes as the real family does: all
 * or nothing per message, checks in key order (so the entry reported is
 * the smallest failing key, not the first in the message), the extended
 * ACK pointing at the failing entry's nest or attribute. Pod IPs must be
 * in 10.128.0.0/14. Only NEW, DEL and FLUSH do anything; GET and dumps
 * answer nothing.
 *
 * With SDNCTL_FAKE_STATS set, it prints "fake: M messages, E entries" on
 * standard error at exit.
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

#define FAKE_FAMILY	0x20
#define FAKE_MAX	100000
#define FAKE_MAX_MSG	1024

static struct sdnbr_nl_family fam = {
	.name = SDNBR_GENL_NAME, .id = FAKE_FAMILY,
	.version = SDNBR_GENL_VERSION, .maxattr = SDNBR_A_MAX,
	.n_mcgrps = 1, .mcgrps = { { .name = SDNBR_MCGRP_EVENTS, .id = 9 } },
};
static struct sdnbr_extack ext;
static int handle;

/* the table: one sorted-by-nothing array of keys per type */
static uint64_t keys[3][FAKE_MAX];
static unsigned int n_keys[3];
static unsigned long n_msgs, n_entries;

static int slot(uint16_t type)
{
	return type == SDNBR_A_POD ? 0 : type == SDNBR_A_NODE ? 1 : 2;
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

static int change(struct nlmsghdr *nlh, uint8_t cmd)
{
	static struct op ops[FAKE_MAX_MSG];
	bool is_new = cmd == SDNBR_CMD_POD_NEW || cmd == SDNBR_CMD_NODE_NEW ||
		      cmd == SDNBR_CMD_NS_NEW;
	uint16_t type = cmd <= SDNBR_CMD_POD_FLUSH ? SDNBR_A_POD :
			cmd <= SDNBR_CMD_NODE_FLUSH ? SDNBR_A_NODE : SDNBR_A_NS;
	int s = slot(type), flags = nlh->nlmsg_flags, rem, len, idx;
	struct nlattr *attrs, *a, *dev = NULL;
	struct sdnbr_entry e;
	unsigned int n = 0, i;

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
		ops[n] = (struct op){ .key = key_of(&e), .nest = a };
		if (type == SDNBR_A_POD)
			ops[n].addr = ntohl(e.pod.ip.s_addr);
		n++;
	}
	if (!dev || strcmp(nla_get_string(dev), "br0"))
		return fail(-ENODEV, "no such device", nlh, dev);
	if (cmd == SDNBR_CMD_POD_FLUSH || cmd == SDNBR_CMD_NODE_FLUSH ||
	    cmd == SDNBR_CMD_NS_FLUSH) {
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
		idx = find(s, ops[i].key);
		if (is_new && idx < 0)
			keys[s][n_keys[s]++] = ops[i].key;
		else if (!is_new)
			keys[s][idx] = keys[s][--n_keys[s]];
	}
	n_entries += n;
	return 0;
}

static void stats(void)
{
	if (getenv("SDNCTL_FAKE_STATS"))
		fprintf(stderr, "fake: %lu messages, %lu entries\n", n_msgs,
			n_entries);
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

	(void)nl;
	(void)cb;
	(void)arg;
	memset(&ext, 0, sizeof(ext));
	n_msgs++;
	if (cmd < SDNBR_CMD_POD_NEW)
		return 0;
	switch (cmd) {
	case SDNBR_CMD_POD_GET:
	case SDNBR_CMD_NODE_GET:
	case SDNBR_CMD_NS_GET:
		return fail(-ENOENT, "no such entry", nlh, NULL);
	default:
		return change(nlh, cmd);
	}
}

int __wrap_sdnbr_nl_dump(struct sdnbr_nl *nl, struct nl_msg *msg,
			 sdnbr_nl_cb cb, sdnbr_nl_restart_cb restart, void *arg)
{
	(void)nl;
	(void)msg;
	(void)cb;
	(void)restart;
	(void)arg;
	memset(&ext, 0, sizeof(ext));
	return 0;
}
