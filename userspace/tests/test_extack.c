// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the extended-ACK parser and the error formatter, on
 * NLMSG_ERROR and NLMSG_DONE messages built byte by byte the way the
 * kernel's netlink_ack() and netlink_dump_done() lay them out.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <cmocka.h>

#include "sdnbr_nl.h"

struct buf {
	union {
		unsigned char b[2048];
		struct nlmsghdr align;
	};
	size_t len;
};

static void put(struct buf *m, const void *data, size_t n)
{
	assert_true(m->len + NLMSG_ALIGN(n) <= sizeof(m->b));
	memcpy(m->b + m->len, data, n);
	memset(m->b + m->len + n, 0, NLMSG_ALIGN(n) - n);
	m->len += NLMSG_ALIGN(n);
}

static void put_attr(struct buf *m, uint16_t type, const void *data,
		     size_t n)
{
	struct nlattr nla = { .nla_len = NLA_HDRLEN + n, .nla_type = type };

	put(m, &nla, NLA_HDRLEN);
	put(m, data, n);
}

static void put_u32(struct buf *m, uint16_t type, uint32_t v)
{
	put_attr(m, type, &v, sizeof(v));
}

static struct nlmsghdr *hdr(struct buf *m)
{
	return &m->align;
}

static void finish(struct buf *m)
{
	hdr(m)->nlmsg_len = m->len;
}

/*
 * A request as the kernel would see it: a genl header, then attribute 1
 * (u32) at offset 20 and attribute 5 (u32) at offset 28.
 */
static void build_request(struct buf *m)
{
	struct nlmsghdr h = {
		.nlmsg_type = 0x1c,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = 7,
	};
	struct genlmsghdr g = { .cmd = 3, .version = 1 };

	memset(m, 0, sizeof(*m));
	put(m, &h, sizeof(h));
	put(m, &g, sizeof(g));
	put_u32(m, 1, 0xdead);
	put_u32(m, 5, 0x1000000);
	finish(m);
}

/*
 * An NLMSG_ERROR answering @req. Unless @capped, the request is echoed in
 * full; @tlvs adds a message and an offset.
 */
static void build_error(struct buf *m, const struct buf *req, int error,
			bool capped, bool tlvs)
{
	struct nlmsghdr h = {
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_flags = (capped ? NLM_F_CAPPED : 0) |
			       (tlvs ? NLM_F_ACK_TLVS : 0),
		.nlmsg_seq = 7,
	};
	struct nlmsghdr orig;

	memset(m, 0, sizeof(*m));
	put(m, &h, sizeof(h));
	put(m, &error, sizeof(error));
	memcpy(&orig, req->b, sizeof(orig));
	put(m, &orig, sizeof(orig));
	if (!capped)
		put(m, req->b + NLMSG_HDRLEN, req->len - NLMSG_HDRLEN);
	if (tlvs) {
		put_attr(m, NLMSGERR_ATTR_MSG, "VNID out of range", 18);
		put_u32(m, NLMSGERR_ATTR_OFFS, 28);
	}
	finish(m);
}

static void error_capped(void **state)
{
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	build_request(&req);
	build_error(&m, &req, -EINVAL, true, true);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, -EINVAL);
	assert_int_equal(ext.has, SDNBR_EXTACK_MSG | SDNBR_EXTACK_OFFS);
	assert_string_equal(ext.msg, "VNID out of range");
	assert_int_equal(ext.offset, 28);

	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_true(ext.has & SDNBR_EXTACK_ATTR);
	assert_int_equal(ext.attr, 5);
}

static void error_uncapped(void **state)
{
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	build_request(&req);
	build_error(&m, &req, -EINVAL, false, true);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, -EINVAL);
	assert_string_equal(ext.msg, "VNID out of range");
	assert_int_equal(ext.offset, 28);
}

/*
 * The echoed request holds an attribute that looks like a MSG TLV; only
 * skipping the echo by its length gets the real one.
 */
static void error_uncapped_decoy(void **state)
{
	struct nlmsghdr h = { .nlmsg_type = 0x1c,
			      .nlmsg_flags = NLM_F_REQUEST };
	struct genlmsghdr g = { .cmd = 1 };
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	memset(&req, 0, sizeof(req));
	put(&req, &h, sizeof(h));
	put(&req, &g, sizeof(g));
	put_attr(&req, NLMSGERR_ATTR_MSG, "decoy", 6);
	finish(&req);

	build_error(&m, &req, -EPERM, false, true);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, -EPERM);
	assert_string_equal(ext.msg, "VNID out of range");
}

static void error_without_tlvs(void **state)
{
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	build_request(&req);
	build_error(&m, &req, -ENOENT, true, false);
	/* Trailing bytes without NLM_F_ACK_TLVS are not TLVs. */
	put_attr(&m, NLMSGERR_ATTR_MSG, "ignored", 8);
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, -ENOENT);
	assert_int_equal(ext.has, 0);
	assert_string_equal(ext.msg, "");
}

static void missing_attr(void **state)
{
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	build_request(&req);
	build_error(&m, &req, -EINVAL, true, false);
	hdr(&m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	put_attr(&m, NLMSGERR_ATTR_MSG, "Missing attribute", 18);
	put_u32(&m, NLMSGERR_ATTR_MISS_TYPE, 3);
	put_u32(&m, NLMSGERR_ATTR_MISS_NEST, 20);
	/* cookies and policies are skipped */
	put_u32(&m, NLMSGERR_ATTR_COOKIE, 0x12345678);
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.has, SDNBR_EXTACK_MSG | SDNBR_EXTACK_MISS_TYPE |
			 SDNBR_EXTACK_MISS_NEST);
	assert_int_equal(ext.miss_type, 3);
	assert_int_equal(ext.miss_nest, 20);
}

/* A success ACK can carry a warning; the kernel always caps those. */
static void ack_with_warning(void **state)
{
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	build_request(&req);
	build_error(&m, &req, 0, true, false);
	hdr(&m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	put_attr(&m, NLMSGERR_ATTR_MSG, "flow replaced", 14);
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, 0);
	assert_string_equal(ext.msg, "flow replaced");
}

static void dump_done(void **state)
{
	struct nlmsghdr h = {
		.nlmsg_type = NLMSG_DONE,
		.nlmsg_flags = NLM_F_MULTI | NLM_F_ACK_TLVS,
	};
	struct sdnbr_extack ext;
	int error = -EMSGSIZE;
	struct buf m;

	(void)state;
	memset(&m, 0, sizeof(m));
	put(&m, &h, sizeof(h));
	put(&m, &error, sizeof(error));
	put_attr(&m, NLMSGERR_ATTR_MSG, "table too big", 14);
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, -EMSGSIZE);
	assert_string_equal(ext.msg, "table too big");

	/* a DONE without even the error int */
	memset(&m, 0, sizeof(m));
	h.nlmsg_flags = NLM_F_MULTI;
	put(&m, &h, sizeof(h));
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(ext.error, 0);
	assert_int_equal(ext.has, 0);
}

static void long_message_truncated(void **state)
{
	char text[400];
	struct sdnbr_extack ext;
	struct buf req, m;

	(void)state;
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	build_request(&req);
	build_error(&m, &req, -EINVAL, true, false);
	hdr(&m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	put_attr(&m, NLMSGERR_ATTR_MSG, text, sizeof(text));
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), 0);
	assert_int_equal(strlen(ext.msg), SDNBR_EXTACK_MSG_MAX - 1);
}

static void malformed(void **state)
{
	struct sdnbr_extack ext;
	struct nlattr *nla;
	struct buf req, m;

	(void)state;
	build_request(&req);

	/* too short for struct nlmsgerr */
	build_error(&m, &req, -EINVAL, true, false);
	hdr(&m)->nlmsg_len = NLMSG_HDRLEN + 8;
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), -EBADMSG);

	/* an echoed request longer than the message */
	build_error(&m, &req, -EINVAL, false, true);
	((struct nlmsgerr *)NLMSG_DATA(hdr(&m)))->msg.nlmsg_len = 4000;
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), -EBADMSG);

	/* an attribute running past the end */
	build_error(&m, &req, -EINVAL, true, true);
	nla = (struct nlattr *)(m.b + NLMSG_HDRLEN + sizeof(struct nlmsgerr));
	nla->nla_len = 200;
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), -EBADMSG);

	/* an offset too short for a u32 */
	build_error(&m, &req, -EINVAL, true, false);
	hdr(&m)->nlmsg_flags |= NLM_F_ACK_TLVS;
	put_attr(&m, NLMSGERR_ATTR_OFFS, "ab", 2);
	finish(&m);
	assert_int_equal(sdnbr_extack_parse(hdr(&m), &ext), -EBADMSG);

	/* not an ACK at all */
	hdr(&req)->nlmsg_type = GENL_ID_CTRL;
	assert_int_equal(sdnbr_extack_parse(hdr(&req), &ext), -EINVAL);
}

static void resolve_attr_bounds(void **state)
{
	struct sdnbr_extack ext = { .has = SDNBR_EXTACK_OFFS };
	struct buf req;

	(void)state;
	build_request(&req);
	ext.offset = 20;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_true(ext.has & SDNBR_EXTACK_ATTR);
	assert_int_equal(ext.attr, 1);

	/* inside the headers, past the end, or straddling it: unknown */
	ext.has = SDNBR_EXTACK_OFFS;
	ext.offset = 4;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_false(ext.has & SDNBR_EXTACK_ATTR);
	ext.offset = 36;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_false(ext.has & SDNBR_EXTACK_ATTR);
	ext.offset = 32;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_false(ext.has & SDNBR_EXTACK_ATTR);
	ext.offset = 1000;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_false(ext.has & SDNBR_EXTACK_ATTR);

	/* no offset at all */
	ext.has = 0;
	ext.offset = 20;
	sdnbr_extack_resolve_attr(&ext, hdr(&req));
	assert_false(ext.has & SDNBR_EXTACK_ATTR);
}

static void format_error(void **state)
{
	struct sdnbr_extack ext = {
		.error = -EINVAL,
		.has = SDNBR_EXTACK_MSG | SDNBR_EXTACK_OFFS,
		.msg = "VNID out of range",
		.offset = 28,
	};
	char buf[256], small[10];

	(void)state;
	sdnbr_format_error(buf, sizeof(buf), "sdnctl", "pod add", -EINVAL,
			   &ext);
	assert_string_equal(buf,
			    "sdnctl: pod add: Invalid argument: VNID out of range (attribute at offset 28)");

	ext.has |= SDNBR_EXTACK_ATTR;
	ext.attr = 5;
	sdnbr_format_error(buf, sizeof(buf), "sdnctl", "pod add", -EINVAL,
			   &ext);
	assert_string_equal(buf,
			    "sdnctl: pod add: Invalid argument: VNID out of range (attribute type 5)");

	ext.has = SDNBR_EXTACK_MSG | SDNBR_EXTACK_MISS_TYPE;
	strcpy(ext.msg, "Missing attribute");
	ext.miss_type = 3;
	sdnbr_format_error(buf, sizeof(buf), "cmds:4", "node add", -EINVAL,
			   &ext);
	assert_string_equal(buf,
			    "cmds:4: node add: Invalid argument: Missing attribute (missing attribute type 3)");

	sdnbr_format_error(buf, sizeof(buf), "sdnctl", "version", -ENOENT,
			   NULL);
	assert_string_equal(buf, "sdnctl: version: No such file or directory");

	/* positive errno, no prefix, no operation */
	ext.has = 0;
	sdnbr_format_error(buf, sizeof(buf), NULL, NULL, EEXIST, &ext);
	assert_string_equal(buf, "File exists");

	/* truncation is safe and reports what fitted */
	assert_int_equal(sdnbr_format_error(small, sizeof(small), "sdnctl",
					    "pod add", -EINVAL, NULL), 9);
	assert_string_equal(small, "sdnctl: p");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_capped),
		cmocka_unit_test(error_uncapped),
		cmocka_unit_test(error_uncapped_decoy),
		cmocka_unit_test(error_without_tlvs),
		cmocka_unit_test(missing_attr),
		cmocka_unit_test(ack_with_warning),
		cmocka_unit_test(dump_done),
		cmocka_unit_test(long_message_truncated),
		cmocka_unit_test(malformed),
		cmocka_unit_test(resolve_attr_bounds),
		cmocka_unit_test(format_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
