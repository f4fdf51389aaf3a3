// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for bulk entry requests: how entries are coalesced into
 * messages, and how a kernel error is traced back to the entry (batch
 * line) behind it. A fake kernel stands in for the sdnbr family: it
 * applies each message all or nothing, as the real one does, and fails on
 * the entry the test picks, pointing at it the way the test says.
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

#include "sdnbr_bulk.h"

#define FAMILY 0x1d
#define MAX_APPLIED 4096

enum point {
	POINT_ATTR,	/* offset of the entry's VNID */
	POINT_MISSING,	/* missing IFINDEX in the entry's nest */
	POINT_NONE,	/* no offset at all */
	POINT_BRIDGE,	/* offset of SDNBR_A_IFNAME */
};

struct fake {
	/* what to fail: entry index (by IP), from which call on */
	int fail_idx;
	int fail_idx_later;	/* from the second call on, if >= 0 */
	int fail_also;		/* fails too, and is reported first */
	int error;
	enum point point;
	/* what happened */
	int calls;
	int n_applied;
	uint32_t applied[MAX_APPLIED];
	int n_msgs;
	int msg_entries[64];
	uint32_t msg_len[64];
	uint8_t cmd;
	int flags;
};

static uint32_t pod_ip(int i)
{
	return htonl(0x0a800000U + (uint32_t)i + 1);
}

static int idx_of(uint32_t ip)
{
	return (int)(ntohl(ip) - 0x0a800000U) - 1;
}

static unsigned long line_of(int i)
{
	return 1000 + 2 * (unsigned long)i;
}

static uint32_t offset_of(struct nl_msg *msg, const void *p)
{
	return (uint32_t)((const unsigned char *)p -
			  (const unsigned char *)nlmsg_hdr(msg));
}

static int fake_send(void *arg, struct nl_msg *msg, struct sdnbr_extack *ext)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct fake *f = arg;
	struct nlattr *a, *tb[SDNBR_POD_A_MAX + 1];
	uint32_t got[SDNBR_BULK_MAX_ENTRIES];
	int rem, n = 0, want, i;

	f->calls++;
	f->cmd = g->cmd;
	f->flags = nlh->nlmsg_flags;
	want = f->calls > 1 && f->fail_idx_later >= 0 ? f->fail_idx_later :
							f->fail_idx;
	/* the kernel checks in its own order: report fail_also first */
	if (f->fail_also >= 0) {
		nla_for_each_attr(a, genlmsg_attrdata(g, 0),
				  genlmsg_attrlen(g, 0), rem) {
			if (nla_type(a) != SDNBR_A_POD)
				continue;
			assert_int_equal(nla_parse_nested(tb, SDNBR_POD_A_MAX,
							  a, NULL), 0);
			if (idx_of(nla_get_u32(tb[SDNBR_POD_A_IP])) ==
			    f->fail_also)
				want = f->fail_also;
		}
	}
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(a) == SDNBR_A_IFNAME && want >= 0 &&
		    f->point == POINT_BRIDGE) {
			ext->has = SDNBR_EXTACK_MSG | SDNBR_EXTACK_OFFS;
			snprintf(ext->msg, sizeof(ext->msg), "no such bridge");
			ext->offset = offset_of(msg, a);
			ext->error = f->error;
			return f->error;
		}
		if (nla_type(a) != SDNBR_A_POD)
			continue;
		assert_int_equal(nla_parse_nested(tb, SDNBR_POD_A_MAX, a, NULL),
				 0);
		assert_non_null(tb[SDNBR_POD_A_IP]);
		assert_true(n < SDNBR_BULK_MAX_ENTRIES);
		got[n] = nla_get_u32(tb[SDNBR_POD_A_IP]);
		if (idx_of(got[n]) == want) {
			memset(ext, 0, sizeof(*ext));
			ext->error = f->error;
			ext->has = SDNBR_EXTACK_MSG;
			snprintf(ext->msg, sizeof(ext->msg), "entry %d refused",
				 want);
			switch (f->point) {
			case POINT_ATTR:
				ext->has |= SDNBR_EXTACK_OFFS;
				ext->offset = offset_of(msg,
							tb[SDNBR_POD_A_VNID]);
				break;
			case POINT_MISSING:
				ext->has |= SDNBR_EXTACK_MISS_TYPE |
					    SDNBR_EXTACK_MISS_NEST;
				ext->miss_type = SDNBR_POD_A_IFINDEX;
				ext->miss_nest = offset_of(msg, a);
				break;
			default:
				break;
			}
			/* all or nothing: none of this message applies */
			return f->error;
		}
		n++;
	}
	assert_true(f->n_msgs < 64);
	f->msg_entries[f->n_msgs] = n;
	f->msg_len[f->n_msgs++] = nlh->nlmsg_len;
	for (i = 0; i < n; i++) {
		assert_true(f->n_applied < MAX_APPLIED);
		f->applied[f->n_applied++] = got[i];
	}
	return 0;
}

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->fail_idx = -1;
	f->fail_idx_later = -1;
	f->fail_also = -1;
	f->error = -EEXIST;
}

static struct sdnbr_entry pod(int i)
{
	struct sdnbr_entry e = { .type = SDNBR_A_POD };

	e.pod.has = SDNBR_HAS(SDNBR_POD_A_IP) | SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
		    SDNBR_HAS(SDNBR_POD_A_VNID);
	e.pod.ip.s_addr = pod_ip(i);
	e.pod.ifindex = 7;
	e.pod.vnid = (uint32_t)i;
	return e;
}

#define ADD_FLAGS (NLM_F_CREATE | NLM_F_EXCL)

/* What sdnctl's batch does: add, and on -EAGAIN flush and add again. */
static int add_all(struct sdnbr_bulk *b, struct fake *f, int n,
		   struct sdnbr_bulk_result *res)
{
	struct sdnbr_entry e;
	int i, ret;

	for (i = 0; i < n; i++) {
		e = pod(i);
		ret = sdnbr_bulk_add(b, SDNBR_CMD_POD_NEW, ADD_FLAGS, "br0", 0,
				     &e, line_of(i));
		if (ret == -EAGAIN) {
			ret = sdnbr_bulk_flush(b, fake_send, f, res);
			if (ret)
				return ret;
			ret = sdnbr_bulk_add(b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					     "br0", 0, &e, line_of(i));
		}
		assert_int_equal(ret, 0);
	}
	return sdnbr_bulk_flush(b, fake_send, f, res);
}

static void assert_applied_in_order(const struct fake *f, int n)
{
	int i;

	assert_int_equal(f->n_applied, n);
	for (i = 0; i < n; i++)
		assert_int_equal(idx_of(f->applied[i]), i);
}

static void coalesce_by_count(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 600, &res), 0);
	assert_int_equal(f.n_msgs, 3);
	assert_int_equal(f.msg_entries[0], 256);
	assert_int_equal(f.msg_entries[1], 256);
	assert_int_equal(f.msg_entries[2], 88);
	assert_int_equal(f.cmd, SDNBR_CMD_POD_NEW);
	assert_int_equal(f.flags & (NLM_F_CREATE | NLM_F_EXCL | NLM_F_REPLACE),
			 ADD_FLAGS);
	assert_int_equal(res.applied, 88);
	assert_int_equal(res.sent, 1);
	assert_applied_in_order(&f, 600);
	assert_int_equal(sdnbr_bulk_count(&b), 0);
	assert_null(sdnbr_bulk_msg(&b));
	sdnbr_bulk_free(&b);
}

static void coalesce_by_bytes(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;
	int i, total = 0;

	(void)state;
	fake_init(&f);
	sdnbr_bulk_init(&b, FAMILY);
	sdnbr_bulk_set_limits(&b, 100000, 1024);
	assert_int_equal(b.max_entries, SDNBR_BULK_MAX_ENTRIES);
	assert_int_equal(add_all(&b, &f, 100, &res), 0);
	/* 28 bytes of headers and bridge, then 35 pods of 28 bytes each */
	assert_int_equal(f.n_msgs, 3);
	for (i = 0; i < f.n_msgs; i++) {
		assert_true(f.msg_len[i] <= 1024);
		/* full but for less than one entry */
		if (i < f.n_msgs - 1) {
			assert_int_equal(f.msg_entries[i], 35);
			assert_true(f.msg_len[i] + 28 > 1024);
		}
		total += f.msg_entries[i];
	}
	assert_int_equal(total, 100);
	assert_applied_in_order(&f, 100);

	/* a count limit of 10 */
	fake_init(&f);
	sdnbr_bulk_set_limits(&b, 10, 0);
	assert_int_equal(b.max_bytes, SDNBR_BULK_MAX_BYTES);
	assert_int_equal(add_all(&b, &f, 25, &res), 0);
	assert_int_equal(f.n_msgs, 3);
	assert_int_equal(f.msg_entries[2], 5);
	sdnbr_bulk_free(&b);
}

/* Another command, flags, entry type or bridge needs a new message. */
static void coalesce_keys(void **state)
{
	struct sdnbr_entry e = pod(0), e1 = pod(1);
	struct sdnbr_entry node = { .type = SDNBR_A_NODE };
	struct sdnbr_bulk b;

	(void)state;
	node.node.has = SDNBR_HAS(SDNBR_NODE_A_SUBNET);
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br0", 0, &e, 1), 0);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br0", 0, &e1, 2), 0);
	/* the same pod again: the kernel would refuse the message */
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br0", 0, &e, 3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, "br0", 0, &e,
					3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW,
					NLM_F_CREATE | NLM_F_REPLACE, "br0", 0,
					&e, 3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br1", 0, &e, 3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS, NULL,
					5, &e, 3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br0", 0, &node, 3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_count(&b), 2);
	e.type = SDNBR_A_CONFIG;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					"br0", 0, &e, 3), -EINVAL);
	sdnbr_bulk_free(&b);

	/* by ifindex: the same ifindex matches, another does not */
	e = pod(0);
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, "", 5, &e, 1),
			 0);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, NULL, 5, &e1,
					2), 0);
	e = pod(2);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, NULL, 6, &e,
					3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, "br0", 5, &e,
					3), -EAGAIN);
	sdnbr_bulk_free(&b);

	/* node keys are subnet and length; namespace keys the VNID */
	sdnbr_bulk_init(&b, FAMILY);
	node.node.subnet.addr.s_addr = htonl(0x0a800200);
	node.node.subnet.plen = 23;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NODE_DEL, 0, "br0", 0,
					&node, 1), 0);
	node.node.subnet.plen = 24;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NODE_DEL, 0, "br0", 0,
					&node, 2), 0);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NODE_DEL, 0, "br0", 0,
					&node, 3), -EAGAIN);
	sdnbr_bulk_free(&b);
	e = (struct sdnbr_entry){ .type = SDNBR_A_NS };
	e.ns.has = SDNBR_HAS(SDNBR_NS_A_VNID);
	e.ns.vnid = 10;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NS_DEL, 0, "br0", 0, &e,
					1), 0);
	e.ns.vnid = 11;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NS_DEL, 0, "br0", 0, &e,
					2), 0);
	e.ns.vnid = 10;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_NS_DEL, 0, "br0", 0, &e,
					3), -EAGAIN);
	sdnbr_bulk_free(&b);
}

/* A batch adding the same pod twice: the second line fails on its own. */
static void duplicate_lines(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_entry e;
	struct sdnbr_bulk b;
	struct fake f;
	int i, ret, idx[] = { 0, 1, 2, 1, 3 };

	(void)state;
	fake_init(&f);
	sdnbr_bulk_init(&b, FAMILY);
	for (i = 0; i < 5; i++) {
		e = pod(idx[i]);
		ret = sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS, "br0", 0,
				     &e, line_of(i));
		if (ret == -EAGAIN) {
			assert_int_equal(i, 3);
			assert_int_equal(sdnbr_bulk_flush(&b, fake_send, &f,
							  &res), 0);
			assert_int_equal(res.applied, 3);
			ret = sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW, ADD_FLAGS,
					     "br0", 0, &e, line_of(i));
		}
		assert_int_equal(ret, 0);
	}
	assert_int_equal(sdnbr_bulk_count(&b), 2);
	assert_int_equal(f.n_msgs, 1);
	sdnbr_bulk_free(&b);
}

/* The extended ACK points into entry 37: 0..36 applied, 37 reported. */
static void fail_at_attribute(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 37;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 100, &res), -EEXIST);
	assert_int_equal(res.error, -EEXIST);
	assert_int_equal(res.failed, 37);
	assert_int_equal(res.tag, line_of(37));
	assert_int_equal(res.applied, 37);
	assert_int_equal(res.sent, 2);
	assert_string_equal(res.ext.msg, "entry 37 refused");
	assert_string_equal(res.keyword, "vnid");
	assert_false(res.missing);
	assert_applied_in_order(&f, 37);
	assert_int_equal(sdnbr_bulk_count(&b), 0);
	sdnbr_bulk_free(&b);
}

/* The same in the third message of a long batch. */
static void fail_in_later_message(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 600;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 700, &res), -EEXIST);
	assert_int_equal(res.failed, 600 - 512);
	assert_int_equal(res.tag, line_of(600));
	assert_int_equal(res.applied, 600 - 512);
	/* 512 in the first two messages, 88 in the resent prefix */
	assert_applied_in_order(&f, 600);
	sdnbr_bulk_free(&b);
}

static void fail_missing(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 5;
	f.point = POINT_MISSING;
	f.error = -EINVAL;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 10, &res), -EINVAL);
	assert_int_equal(res.failed, 5);
	assert_int_equal(res.tag, line_of(5));
	assert_string_equal(res.keyword, "port");
	assert_true(res.missing);
	assert_applied_in_order(&f, 5);
	sdnbr_bulk_free(&b);
}

static void fail_first(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 0;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 10, &res), -EEXIST);
	assert_int_equal(res.failed, 0);
	assert_int_equal(res.tag, line_of(0));
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.sent, 1);
	assert_int_equal(f.n_applied, 0);
	sdnbr_bulk_free(&b);
}

/* No pointer: entries go one per message until one fails. */
static void fail_without_offset(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;
	int i;

	(void)state;
	fake_init(&f);
	f.fail_idx = 10;
	f.point = POINT_NONE;
	f.error = -ENOSPC;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 20, &res), -ENOSPC);
	assert_int_equal(res.failed, 10);
	assert_int_equal(res.tag, line_of(10));
	assert_int_equal(res.applied, 10);
	assert_int_equal(res.sent, 1 + 11);
	assert_null(res.keyword);
	assert_string_equal(res.ext.msg, "entry 10 refused");
	assert_applied_in_order(&f, 10);
	for (i = 0; i < f.n_msgs; i++)
		assert_int_equal(f.msg_entries[i], 1);
	sdnbr_bulk_free(&b);

	/* a single entry is simply the failure */
	fake_init(&f);
	f.fail_idx = 0;
	f.point = POINT_NONE;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 1, &res), -EEXIST);
	assert_int_equal(res.sent, 1);
	assert_int_equal(res.failed, 0);
	sdnbr_bulk_free(&b);
}

/* The bridge attribute: the first entry of the message is the failure. */
static void fail_at_bridge(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 3;
	f.point = POINT_BRIDGE;
	f.error = -ENODEV;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 10, &res), -ENODEV);
	assert_int_equal(res.failed, 0);
	assert_int_equal(res.tag, line_of(0));
	assert_int_equal(res.applied, 0);
	assert_int_equal(res.sent, 1);
	assert_string_equal(res.keyword, "dev");
	assert_string_equal(res.ext.msg, "no such bridge");
	sdnbr_bulk_free(&b);
}

/*
 * The table changed between the first send and the resend, and the
 * resend fails earlier: that earlier entry is the first failure.
 */
static void fail_earlier_on_resend(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 50;
	f.fail_idx_later = 20;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 60, &res), -EEXIST);
	assert_int_equal(res.failed, 20);
	assert_int_equal(res.tag, line_of(20));
	assert_int_equal(res.applied, 20);
	assert_int_equal(res.sent, 3);
	assert_string_equal(res.ext.msg, "entry 20 refused");
	assert_applied_in_order(&f, 20);
	sdnbr_bulk_free(&b);
}

/*
 * Two bad entries, and the kernel names the later one first: the resend
 * of the entries before it finds the earlier one, which is reported.
 */
static void fail_two_reported_out_of_order(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	f.fail_idx = 10;
	f.fail_also = 30;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_all(&b, &f, 40, &res), -EEXIST);
	assert_int_equal(res.failed, 10);
	assert_int_equal(res.tag, line_of(10));
	assert_int_equal(res.applied, 10);
	assert_int_equal(res.sent, 3);
	assert_string_equal(res.ext.msg, "entry 10 refused");
	assert_applied_in_order(&f, 10);
	sdnbr_bulk_free(&b);
}

static void locate(void **state)
{
	struct sdnbr_extack ext = { .has = SDNBR_EXTACK_OFFS };
	struct sdnbr_bulk b;
	struct sdnbr_entry e;
	uint32_t end;
	int i;

	(void)state;
	sdnbr_bulk_init(&b, FAMILY);
	for (i = 0; i < 4; i++) {
		e = pod(i);
		assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_DEL, 0, "br0",
						0, &e, (unsigned long)i), 0);
	}
	sdnbr_bulk_seal(&b);
	end = nlmsg_hdr(sdnbr_bulk_msg(&b))->nlmsg_len;
	assert_int_equal(b.off[4], end);
	for (i = 0; i < 4; i++) {
		ext.offset = b.off[i];
		assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), i);
		ext.offset = b.off[i + 1] - 4;
		assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), i);
	}
	/* within the first 2 only */
	ext.offset = b.off[3];
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 2), SDNBR_BULK_NOWHERE);
	ext.offset = end;
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), SDNBR_BULK_NOWHERE);
	ext.offset = NLMSG_HDRLEN + GENL_HDRLEN;
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), SDNBR_BULK_AT_BRIDGE);
	ext.offset = 4;
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), SDNBR_BULK_NOWHERE);
	/* the missing-attribute nest wins over the offset */
	ext.has |= SDNBR_EXTACK_MISS_NEST;
	ext.miss_nest = b.off[2];
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), 2);
	ext.has = 0;
	assert_int_equal(sdnbr_bulk_locate(&b, &ext, 4), SDNBR_BULK_NOWHERE);
	sdnbr_bulk_free(&b);
}

static void submsg(void **state)
{
	struct nlattr *tb[SDNBR_A_MAX + 1], *pt[SDNBR_POD_A_MAX + 1], *a;
	struct sdnbr_bulk b;
	struct sdnbr_entry e;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	int i, rem, n = 0;

	(void)state;
	sdnbr_bulk_init(&b, FAMILY);
	for (i = 0; i < 6; i++) {
		e = pod(i);
		assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_POD_NEW,
						NLM_F_REPLACE, "br0", 0, &e,
						(unsigned long)i), 0);
	}
	sdnbr_bulk_seal(&b);
	msg = sdnbr_bulk_submsg(&b, 3, 5);
	assert_non_null(msg);
	nlh = nlmsg_hdr(msg);
	assert_int_equal(nlh->nlmsg_type, FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REPLACE);
	assert_int_equal(((struct genlmsghdr *)nlmsg_data(nlh))->cmd,
			 SDNBR_CMD_POD_NEW);
	assert_int_equal(nlh->nlmsg_len, b.off[0] + b.off[5] - b.off[3]);
	assert_int_equal(genlmsg_parse(nlh, 0, tb, SDNBR_A_MAX, NULL), 0);
	assert_string_equal(nla_get_string(tb[SDNBR_A_IFNAME]), "br0");
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		if (nla_type(a) != SDNBR_A_POD)
			continue;
		assert_int_equal(nla_parse_nested(pt, SDNBR_POD_A_MAX, a, NULL),
				 0);
		assert_int_equal(nla_get_u32(pt[SDNBR_POD_A_IP]),
				 pod_ip(3 + n));
		n++;
	}
	assert_int_equal(n, 2);
	nlmsg_free(msg);

	/* no entries at all: the headers and the bridge */
	msg = sdnbr_bulk_submsg(&b, 2, 2);
	assert_int_equal(nlmsg_hdr(msg)->nlmsg_len, b.off[0]);
	nlmsg_free(msg);
	sdnbr_bulk_free(&b);
}

static void flush_empty(void **state)
{
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fake f;

	(void)state;
	fake_init(&f);
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(sdnbr_bulk_flush(&b, fake_send, &f, &res), 0);
	assert_int_equal(res.sent, 0);
	assert_int_equal(f.calls, 0);
	sdnbr_bulk_free(&b);
}

/* ---- firewalls: big entries ---- */

static struct sdnbr_fw_rule fw_rules[SDNBR_MAX_FIREWALL_RULES];

/* A firewall for @vnid with @n rules; rule i denies 10.(i/256).(i%256).0/24. */
static struct sdnbr_entry fw(uint32_t vnid, unsigned int n)
{
	struct sdnbr_entry e = { .type = SDNBR_A_FW };
	unsigned int i;

	for (i = 0; i < SDNBR_MAX_FIREWALL_RULES; i++) {
		fw_rules[i].action = SDNBR_FW_DENY;
		fw_rules[i].prefix.addr.s_addr = htonl(0x0a000000U | i << 8);
		fw_rules[i].prefix.plen = 24;
	}
	e.fw.has = SDNBR_HAS(SDNBR_FW_A_VNID) | SDNBR_HAS(SDNBR_FW_A_RULE);
	e.fw.vnid = vnid;
	e.fw.rules = fw_rules;
	e.fw.n_rules = n;
	return e;
}

struct fw_fake {
	int n_msgs;
	int entries[16];
	uint32_t len[16];
	unsigned int rules;	/* in all the entries sent */
	/* fail the entry with this VNID, at its rule fail_rule (from 0) */
	uint32_t fail_vnid;
	int fail_rule;
};

static int fw_send(void *arg, struct nl_msg *msg, struct sdnbr_extack *ext)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct fw_fake *f = arg;
	struct nlattr *a, *r, *tb[SDNBR_FW_A_MAX + 1];
	int rem, rrem, n = 0, k;
	unsigned int rules = 0;

	assert_int_equal(g->cmd, SDNBR_CMD_FW_NEW);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(a) != SDNBR_A_FW)
			continue;
		assert_int_equal(nla_parse_nested(tb, SDNBR_FW_A_MAX, a, NULL),
				 0);
		k = 0;
		nla_for_each_nested(r, a, rrem) {
			if (nla_type(r) != SDNBR_FW_A_RULE)
				continue;
			if (nla_get_u32(tb[SDNBR_FW_A_VNID]) == f->fail_vnid &&
			    k == f->fail_rule) {
				memset(ext, 0, sizeof(*ext));
				ext->error = -EINVAL;
				ext->has = SDNBR_EXTACK_MSG | SDNBR_EXTACK_OFFS;
				snprintf(ext->msg, sizeof(ext->msg), "bad rule");
				ext->offset = offset_of(msg, r);
				return -EINVAL;
			}
			k++;
		}
		rules += (unsigned int)k;
		n++;
	}
	assert_true(f->n_msgs < 16);
	f->entries[f->n_msgs] = n;
	f->len[f->n_msgs++] = nlh->nlmsg_len;
	f->rules += rules;
	return 0;
}

/* What sdnctl's batch does, for firewalls. */
static int add_fws(struct sdnbr_bulk *b, struct fw_fake *f,
		   const unsigned int *n_rules, int n,
		   struct sdnbr_bulk_result *res)
{
	struct sdnbr_entry e;
	int i, ret;

	for (i = 0; i < n; i++) {
		e = fw((uint32_t)i + 1, n_rules[i]);
		ret = sdnbr_bulk_add(b, SDNBR_CMD_FW_NEW, ADD_FLAGS, "br0", 0,
				     &e, line_of(i));
		if (ret == -EAGAIN) {
			ret = sdnbr_bulk_flush(b, fw_send, f, res);
			if (ret)
				return ret;
			ret = sdnbr_bulk_add(b, SDNBR_CMD_FW_NEW, ADD_FLAGS,
					     "br0", 0, &e, line_of(i));
		}
		assert_int_equal(ret, 0);
	}
	return sdnbr_bulk_flush(b, fw_send, f, res);
}

/*
 * A firewall of 1000 rules (32 KiB) fits a message within the byte limit
 * alone; small ones around it share messages.
 */
static void coalesce_firewalls(void **state)
{
	static const unsigned int n_rules[] = { 2, 3, 1000, 1000, 0, 5, 1000 };
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fw_fake f = { .fail_rule = -1 };
	int i;

	(void)state;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_fws(&b, &f, n_rules, 7, &res), 0);
	/* 2+3+1000 fit 32 KiB, a second 1000 does not: 1000+0+5, 1000 */
	assert_int_equal(f.n_msgs, 3);
	assert_int_equal(f.entries[0], 3);
	assert_int_equal(f.entries[1], 3);
	assert_int_equal(f.entries[2], 1);
	for (i = 0; i < f.n_msgs; i++)
		assert_true(f.len[i] <= SDNBR_BULK_MAX_BYTES);
	assert_int_equal(f.rules, 3010);
	sdnbr_bulk_free(&b);

	/* under a byte limit smaller than one of them, each goes alone:
	 * 2+3 | 1000 | 1000 | 0+5 | 1000 */
	memset(&f, 0, sizeof(f));
	f.fail_rule = -1;
	sdnbr_bulk_init(&b, FAMILY);
	sdnbr_bulk_set_limits(&b, 0, 1024);
	assert_int_equal(add_fws(&b, &f, n_rules, 7, &res), 0);
	assert_int_equal(f.n_msgs, 5);
	assert_int_equal(f.entries[0], 2);
	assert_int_equal(f.entries[3], 2);
	assert_int_equal(f.rules, 3010);
	sdnbr_bulk_free(&b);
}

/* Firewalls are keyed by VNID: the same one twice takes two messages. */
static void firewall_keys(void **state)
{
	struct sdnbr_entry e = fw(7, 2), other = fw(8, 2);
	struct sdnbr_entry eg = { .type = SDNBR_A_EGRESS };
	struct sdnbr_bulk b;

	(void)state;
	eg.egress.has = SDNBR_HAS(SDNBR_EGRESS_A_VNID);
	eg.egress.vnid = 9;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_FW_DEL, 0, "br0", 0, &e,
					1), 0);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_FW_DEL, 0, "br0", 0,
					&other, 2), 0);
	e.fw.n_rules = 5;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_FW_DEL, 0, "br0", 0, &e,
					3), -EAGAIN);
	/* an egress entry is another type, whatever its VNID */
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_FW_DEL, 0, "br0", 0, &eg,
					3), -EAGAIN);
	assert_int_equal(sdnbr_bulk_count(&b), 2);
	sdnbr_bulk_free(&b);

	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_EGRESS_DEL, 0, "br0", 0,
					&eg, 1), 0);
	eg.egress.vnid = 10;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_EGRESS_DEL, 0, "br0", 0,
					&eg, 2), 0);
	eg.egress.vnid = 9;
	assert_int_equal(sdnbr_bulk_add(&b, SDNBR_CMD_EGRESS_DEL, 0, "br0", 0,
					&eg, 3), -EAGAIN);
	sdnbr_bulk_free(&b);
}

/* A rule of the third firewall fails: it is named, by its number. */
static void fail_at_rule(void **state)
{
	static const unsigned int n_rules[] = { 2, 3, 4, 5 };
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct fw_fake f = { .fail_vnid = 3, .fail_rule = 2 };

	(void)state;
	sdnbr_bulk_init(&b, FAMILY);
	assert_int_equal(add_fws(&b, &f, n_rules, 4, &res), -EINVAL);
	assert_int_equal(res.failed, 2);
	assert_int_equal(res.tag, line_of(2));
	assert_int_equal(res.applied, 2);
	assert_string_equal(res.keyword, "rule 3");
	assert_false(res.missing);
	/* the two before it went again, alone */
	assert_int_equal(f.n_msgs, 1);
	assert_int_equal(f.entries[0], 2);
	sdnbr_bulk_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(coalesce_by_count),
		cmocka_unit_test(coalesce_by_bytes),
		cmocka_unit_test(coalesce_keys),
		cmocka_unit_test(duplicate_lines),
		cmocka_unit_test(fail_at_attribute),
		cmocka_unit_test(fail_in_later_message),
		cmocka_unit_test(fail_missing),
		cmocka_unit_test(fail_first),
		cmocka_unit_test(fail_without_offset),
		cmocka_unit_test(fail_at_bridge),
		cmocka_unit_test(fail_earlier_on_resend),
		cmocka_unit_test(fail_two_reported_out_of_order),
		cmocka_unit_test(locate),
		cmocka_unit_test(submsg),
		cmocka_unit_test(flush_empty),
		cmocka_unit_test(coalesce_firewalls),
		cmocka_unit_test(firewall_keys),
		cmocka_unit_test(fail_at_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
