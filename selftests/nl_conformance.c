// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink conformance of the sdnbr generic netlink family.
 *
 * Sends well-formed and malformed requests over a raw NETLINK_GENERIC
 * socket and checks, for each bad one, the errno, the extended ACK (the
 * message, the offset of the offending attribute, the missing attribute
 * and its nest, the policy the core reports), that the tables and the
 * settings are exactly as before (dumps compared with the counters left
 * out) and that nothing was announced on the "events" group.
 *
 * It expects the devices nl_conformance.sh creates in the current network
 * namespace: br0 (sdnbr) with gateway port tun0, tunnel port vxlan0 and
 * pod ports p0..p5; br1 (sdnbr) with pod port o0; x0, a veth that is no
 * port. It must run as root; it forks a child that drops to nobody for
 * the permission checks. It changes br0's settings and entries.
 *
 * Output is KTAP: "ok N description" or "not ok N description # got ...,
 * want ...", one check a line, then the plan and the totals. Exits 0 when
 * every check passed, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sdnbr.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BR		"br0"
#define OTHER_BR	"br1"
#define GW_PORT		"tun0"
#define TUN_PORT	"vxlan0"
#define OTHER_PORT	"o0"
#define NOT_A_PORT	"x0"
#define N_PODPORTS	6	/* p0 .. p5 */

/* the settings every case starts from */
#define CLUSTER		"10.128.0.0"
#define CLUSTER_LEN	14
#define SERVICE		"172.30.0.0"
#define SERVICE_LEN	16
#define LOCAL		"10.128.2.0"
#define LOCAL_LEN	23
#define GATEWAY		"10.128.2.1"
#define NODE_IP		"192.168.1.1"

#define NOBODY		65534
#define BUFSZ		65536

/* ---- results --------------------------------------------------------- */

static int n_tests, n_failed;
static bool verbose;

__attribute__((format(printf, 3, 4)))
static void result(bool ok, const char *desc, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (ok) {
		printf("ok %d %s\n", n_tests, desc);
	} else {
		n_failed++;
		printf("not ok %d %s", n_tests, desc);
		if (fmt) {
			printf(" # ");
			va_start(ap, fmt);
			vprintf(fmt, ap);
			va_end(ap);
		}
		printf("\n");
	}
	fflush(stdout);
}

static void __attribute__((noreturn)) bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- building requests ---------------------------------------------- */

struct req {
	union {
		struct nlmsghdr nlh;
		unsigned char buf[BUFSZ];
	};
	uint32_t nest[8];
	int depth;
};

static uint16_t family_id;
static uint32_t events_grp;
static uint32_t seqno = 1000;

static struct nlmsghdr *req_init(struct req *r, uint16_t type, uint8_t cmd,
				 uint16_t flags)
{
	struct genlmsghdr *g;

	memset(r->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	r->depth = 0;
	r->nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	r->nlh.nlmsg_type = type;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	r->nlh.nlmsg_seq = ++seqno;
	g = NLMSG_DATA(&r->nlh);
	g->cmd = cmd;
	g->version = SDNBR_GENL_VERSION;
	return &r->nlh;
}

/*
 * An sdnbr request; do requests ask for an ACK. NLM_F_DUMP is two bits,
 * NLM_F_ROOT and NLM_F_MATCH, which are NLM_F_REPLACE and NLM_F_EXCL.
 */
static void msg(struct req *r, uint8_t cmd, uint16_t flags)
{
	if ((flags & NLM_F_DUMP) != NLM_F_DUMP)
		flags |= NLM_F_ACK;
	req_init(r, family_id, cmd, flags);
}

/* Returns the offset of the attribute from the start of the message. */
static uint32_t put(struct req *r, uint16_t type, const void *data,
		    size_t len)
{
	uint32_t off = NLMSG_ALIGN(r->nlh.nlmsg_len);
	struct nlattr *a = (struct nlattr *)(r->buf + off);

	if (off + NLA_HDRLEN + NLA_ALIGN(len) > sizeof(r->buf)) {
		printf("Bail out! request too large\n");
		exit(1);
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(r->buf + off + NLA_HDRLEN, data, len);
	memset(r->buf + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	r->nlh.nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
	return off;
}

static uint32_t put_u8(struct req *r, uint16_t type, uint8_t v)
{
	return put(r, type, &v, 1);
}

static uint32_t put_u16(struct req *r, uint16_t type, uint16_t v)
{
	return put(r, type, &v, 2);
}

static uint32_t put_u32(struct req *r, uint16_t type, uint32_t v)
{
	return put(r, type, &v, 4);
}

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		printf("Bail out! bad address %s\n", s);
		exit(1);
	}
	return a.s_addr;
}

static uint32_t put_ip(struct req *r, uint16_t type, const char *s)
{
	uint32_t a = ip4(s);

	return put(r, type, &a, 4);
}

static uint32_t put_str(struct req *r, uint16_t type, const char *s)
{
	return put(r, type, s, strlen(s) + 1);
}

static uint32_t nest_start_flags(struct req *r, uint16_t type)
{
	uint32_t off = put(r, type, NULL, 0);

	r->nest[r->depth++] = off;
	return off;
}

static uint32_t nest_start(struct req *r, uint16_t type)
{
	return nest_start_flags(r, type | NLA_F_NESTED);
}

static void nest_end(struct req *r)
{
	uint32_t off = r->nest[--r->depth];
	struct nlattr *a = (struct nlattr *)(r->buf + off);

	a->nla_len = r->nlh.nlmsg_len - off;
}

static uint32_t ifidx(const char *name)
{
	uint32_t i = if_nametoindex(name);

	if (!i) {
		printf("Bail out! no device %s (run nl_conformance.sh)\n", name);
		exit(1);
	}
	return i;
}

static uint32_t podport(int i)
{
	char name[IFNAMSIZ];

	snprintf(name, sizeof(name), "p%d", i);
	return ifidx(name);
}

static void put_br(struct req *r)
{
	put_str(r, SDNBR_A_IFNAME, BR);
}

static uint32_t put_prefix(struct req *r, uint16_t type, const char *addr,
			   uint8_t plen)
{
	uint32_t off = nest_start(r, type);

	put_ip(r, SDNBR_PREFIX_A_ADDR, addr);
	put_u8(r, SDNBR_PREFIX_A_PLEN, plen);
	nest_end(r);
	return off;
}

/* A pod nest: @port < 0 leaves out the ifindex, @vnid < 0 the VNID. */
static uint32_t put_pod(struct req *r, const char *ip, int64_t port,
			int64_t vnid)
{
	uint32_t off = nest_start(r, SDNBR_A_POD);

	if (ip)
		put_ip(r, SDNBR_POD_A_IP, ip);
	if (port >= 0)
		put_u32(r, SDNBR_POD_A_IFINDEX, port);
	if (vnid >= 0)
		put_u32(r, SDNBR_POD_A_VNID, vnid);
	nest_end(r);
	return off;
}

static uint32_t put_node(struct req *r, const char *subnet, uint8_t plen,
			 const char *ip, int64_t vnid)
{
	uint32_t off = nest_start(r, SDNBR_A_NODE);

	if (subnet)
		put_prefix(r, SDNBR_NODE_A_SUBNET, subnet, plen);
	if (ip)
		put_ip(r, SDNBR_NODE_A_IP, ip);
	if (vnid >= 0)
		put_u32(r, SDNBR_NODE_A_VNID, vnid);
	nest_end(r);
	return off;
}

static uint32_t put_ns(struct req *r, int64_t vnid, int global)
{
	uint32_t off = nest_start(r, SDNBR_A_NS);

	if (vnid >= 0)
		put_u32(r, SDNBR_NS_A_VNID, vnid);
	if (global >= 0)
		put_u8(r, SDNBR_NS_A_GLOBAL, global);
	nest_end(r);
	return off;
}

/* ---- talking to the kernel --------------------------------------------- */

struct ack {
	int err;		/* 0 or a positive errno */
	bool done;		/* the answer is complete */
	bool has_msg, has_off, has_miss_type, has_miss_nest, has_policy;
	char msg[256];
	uint32_t off, miss_type, miss_nest;
	bool has_min, has_max, has_minlen, has_maxlen;
	uint64_t pol_min, pol_max;
	uint32_t pol_minlen, pol_maxlen;
};

/* Called for each reply message (not the ACK) of a request. */
typedef void (*reply_cb)(const struct nlmsghdr *nlh, void *arg);

#define for_each_attr(a, head, len)					\
	for (a = (const struct nlattr *)(head);				\
	     (const unsigned char *)a + NLA_HDRLEN <=			\
		(const unsigned char *)(head) + (len) &&		\
	     a->nla_len >= NLA_HDRLEN &&				\
	     (const unsigned char *)a + a->nla_len <=			\
		(const unsigned char *)(head) + (len);			\
	     a = (const struct nlattr *)((const unsigned char *)a +	\
					 NLA_ALIGN(a->nla_len)))

#define attr_type(a)	((a)->nla_type & NLA_TYPE_MASK)
#define attr_data(a)	((const void *)((const unsigned char *)(a) + NLA_HDRLEN))
#define attr_len(a)	((a)->nla_len - NLA_HDRLEN)

static uint32_t attr_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, attr_data(a), attr_len(a) < 4 ? attr_len(a) : 4);
	return v;
}

static uint64_t attr_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	memcpy(&v, attr_data(a), attr_len(a) < 8 ? attr_len(a) : 8);
	return v;
}

static void parse_policy(const struct nlattr *nest, struct ack *k)
{
	const struct nlattr *a;

	k->has_policy = true;
	for_each_attr(a, attr_data(nest), attr_len(nest)) {
		switch (attr_type(a)) {
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			k->has_min = true;
			k->pol_min = attr_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			k->has_max = true;
			k->pol_max = attr_u64(a);
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			k->has_minlen = true;
			k->pol_minlen = attr_u32(a);
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			k->has_maxlen = true;
			k->pol_maxlen = attr_u32(a);
			break;
		}
	}
}

static void parse_tlvs(const void *head, int len, struct ack *k)
{
	const struct nlattr *a;

	for_each_attr(a, head, len) {
		switch (attr_type(a)) {
		case NLMSGERR_ATTR_MSG:
			k->has_msg = true;
			snprintf(k->msg, sizeof(k->msg), "%.*s", attr_len(a),
				 (const char *)attr_data(a));
			break;
		case NLMSGERR_ATTR_OFFS:
			k->has_off = true;
			k->off = attr_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			k->has_miss_type = true;
			k->miss_type = attr_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			k->has_miss_nest = true;
			k->miss_nest = attr_u32(a);
			break;
		case NLMSGERR_ATTR_POLICY:
			parse_policy(a, k);
			break;
		}
	}
}

static void parse_error(const struct nlmsghdr *nlh, struct ack *k)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off;

	k->done = true;
	k->err = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	off = NLMSG_HDRLEN + sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if (off < nlh->nlmsg_len)
		parse_tlvs((const unsigned char *)nlh + off,
			   nlh->nlmsg_len - off, k);
}

static void parse_done(const struct nlmsghdr *nlh, struct ack *k)
{
	int err = 0;

	k->done = true;
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&err, NLMSG_DATA(nlh), sizeof(int));
	k->err = -err;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		parse_tlvs((const unsigned char *)nlh + NLMSG_HDRLEN + sizeof(int),
			   nlh->nlmsg_len - NLMSG_HDRLEN - sizeof(int), k);
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, one = 1;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Send @r and read its answer into @k: the ACK of a do request, the DONE
 * (or error) of a dump. Replies before it go to @cb. -1 on a socket error.
 */
static int transact(int fd, struct req *r, struct ack *k, reply_cb cb,
		    void *arg)
{
	static unsigned char buf[BUFSZ];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(k, 0, sizeof(*k));
	if (sendto(fd, r->buf, r->nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		return -1;
	while (!k->done) {
		const struct nlmsghdr *nlh;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len = n;
		for (nlh = (const struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != r->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				parse_error(nlh, k);
			else if (nlh->nlmsg_type == NLMSG_DONE)
				parse_done(nlh, k);
			else if (cb)
				cb(nlh, arg);
			if (k->done)
				break;
		}
	}
	return 0;
}

static int sock;	/* requests */
static int evsock;	/* subscribed to "events" */

static void must_transact(struct req *r, struct ack *k, reply_cb cb, void *arg)
{
	if (transact(sock, r, k, cb, arg))
		bail("netlink");
}

/* ---- the family ---------------------------------------------------------- */

struct family_info {
	uint16_t id;
	uint32_t version, maxattr;
	uint32_t events;
	uint32_t op_flags[256];
	bool has_op[256];
};

static void family_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct family_info *f = arg;
	const struct nlattr *a, *g, *x;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	for_each_attr(a, (const unsigned char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len) {
		switch (attr_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			f->id = *(const uint16_t *)attr_data(a);
			break;
		case CTRL_ATTR_VERSION:
			f->version = attr_u32(a);
			break;
		case CTRL_ATTR_MAXATTR:
			f->maxattr = attr_u32(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			for_each_attr(g, attr_data(a), attr_len(a)) {
				const char *name = NULL;
				uint32_t id = 0;

				for_each_attr(x, attr_data(g), attr_len(g)) {
					if (attr_type(x) == CTRL_ATTR_MCAST_GRP_NAME)
						name = attr_data(x);
					else if (attr_type(x) == CTRL_ATTR_MCAST_GRP_ID)
						id = attr_u32(x);
				}
				if (name && !strcmp(name, SDNBR_MCGRP_EVENTS))
					f->events = id;
			}
			break;
		case CTRL_ATTR_OPS:
			for_each_attr(g, attr_data(a), attr_len(a)) {
				uint32_t id = 0, flags = 0;

				for_each_attr(x, attr_data(g), attr_len(g)) {
					if (attr_type(x) == CTRL_ATTR_OP_ID)
						id = attr_u32(x);
					else if (attr_type(x) == CTRL_ATTR_OP_FLAGS)
						flags = attr_u32(x);
				}
				if (id < 256) {
					f->has_op[id] = true;
					f->op_flags[id] = flags;
				}
			}
			break;
		}
	}
}

static int get_family(int fd, struct family_info *f)
{
	static struct req r;
	struct ack k;

	memset(f, 0, sizeof(*f));
	req_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	((struct genlmsghdr *)NLMSG_DATA(&r.nlh))->version = 2;
	put_str(&r, CTRL_ATTR_FAMILY_NAME, SDNBR_GENL_NAME);
	if (transact(fd, &r, &k, family_cb, f))
		return -errno;
	return k.err ? -k.err : 0;
}

/* ---- snapshots: the tables and settings as dumps show them ---------------- */

struct snap {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static void sappend(struct snap *sn, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(sn->s + sn->len, sn->cap - sn->len, fmt, ap);
		va_end(ap);
		if ((size_t)n < sn->cap - sn->len)
			break;
		sn->cap = sn->cap * 2 + n + 256;
		sn->s = realloc(sn->s, sn->cap);
		if (!sn->s)
			bail("realloc");
	}
	sn->len += n;
}

static void sappend_hex(struct snap *sn, const void *p, int len)
{
	const unsigned char *b = p;
	int i;

	for (i = 0; i < len; i++)
		sappend(sn, "%02x", b[i]);
}

static bool is_counter(int top, int type)
{
	return (top == SDNBR_A_POD &&
		(type == SDNBR_POD_A_RX || type == SDNBR_POD_A_TX)) ||
	       (top == SDNBR_A_NODE &&
		(type == SDNBR_NODE_A_TX || type == SDNBR_NODE_A_RX)) ||
	       (top == SDNBR_A_EGRESS && type == SDNBR_EGRESS_A_TX) ||
	       (top == SDNBR_A_FW &&
		(type == SDNBR_FW_A_ALLOWED || type == SDNBR_FW_A_DENIED));
}

static const struct nlattr *msg_attrs(const struct nlmsghdr *nlh, int *len)
{
	*len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return (const struct nlattr *)((const unsigned char *)NLMSG_DATA(nlh) +
				       GENL_HDRLEN);
}

/* entries of a dump, with the counters left out */
static void snap_entries_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct snap *sn = arg;
	const struct nlattr *head, *a, *x;
	int len;

	head = msg_attrs(nlh, &len);
	for_each_attr(a, head, len) {
		int t = attr_type(a);

		if (t != SDNBR_A_POD && t != SDNBR_A_NODE && t != SDNBR_A_NS &&
		    t != SDNBR_A_EGRESS && t != SDNBR_A_FW)
			continue;
		sappend(sn, " %s{", t == SDNBR_A_POD ? "pod" :
			t == SDNBR_A_NODE ? "node" : t == SDNBR_A_NS ? "ns" :
			t == SDNBR_A_EGRESS ? "egress" : "fw");
		for_each_attr(x, attr_data(a), attr_len(a)) {
			if (is_counter(t, attr_type(x)))
				continue;
			sappend(sn, " %d=", attr_type(x));
			sappend_hex(sn, attr_data(x), attr_len(x));
		}
		sappend(sn, " }");
	}
}

/* the config nest, and the entry counts of the stats */
static void snap_bridge_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct snap *sn = arg;
	const struct nlattr *head, *a, *x;
	int len;

	head = msg_attrs(nlh, &len);
	for_each_attr(a, head, len) {
		if (attr_type(a) == SDNBR_A_CONFIG) {
			sappend(sn, " config=");
			sappend_hex(sn, attr_data(a), attr_len(a));
		} else if (attr_type(a) == SDNBR_A_STATS) {
			for_each_attr(x, attr_data(a), attr_len(a)) {
				int t = attr_type(x);

				if (t == SDNBR_STATS_A_ENTRIES ||
				    t == SDNBR_STATS_A_PODS ||
				    t == SDNBR_STATS_A_NODES ||
				    t == SDNBR_STATS_A_NAMESPACES)
					sappend(sn, " stat%d=%u", t, attr_u32(x));
			}
		}
	}
}

static void snapshot(struct snap *sn)
{
	static const uint8_t dumps[] = {
		SDNBR_CMD_POD_GET, SDNBR_CMD_NODE_GET, SDNBR_CMD_NS_GET,
		SDNBR_CMD_EGRESS_GET, SDNBR_CMD_FW_GET,
	};
	static struct req r;
	struct ack k;
	unsigned int i;

	sn->len = 0;
	sappend(sn, "%s", "");
	msg(&r, SDNBR_CMD_BR_GET, 0);
	put_br(&r);
	must_transact(&r, &k, snap_bridge_cb, sn);
	if (k.err)
		sappend(sn, " br-get:%s", strerror(k.err));
	for (i = 0; i < sizeof(dumps); i++) {
		msg(&r, dumps[i], NLM_F_DUMP);
		put_br(&r);
		must_transact(&r, &k, snap_entries_cb, sn);
		if (k.err)
			sappend(sn, " dump%d:%s", dumps[i], strerror(k.err));
	}
}

/* How many events are waiting; they are read. */
static int drain_events(void)
{
	static unsigned char buf[BUFSZ];
	int n = 0;

	for (;;) {
		ssize_t len = recv(evsock, buf, sizeof(buf), MSG_DONTWAIT);
		const struct nlmsghdr *nlh;
		int l;

		if (len < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return n;
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				n++;
				continue;
			}
			bail("events");
		}
		l = len;
		for (nlh = (const struct nlmsghdr *)buf; NLMSG_OK(nlh, l);
		     nlh = NLMSG_NEXT(nlh, l))
			n++;
	}
}

/* ---- what a case wants ------------------------------------------------------ */

#define NOMSG	""		/* want no extack message at all */
#define NONE	(-1)		/* want none reported */

/*
 * What a bad request must get. Numbers left 0 are not checked (no valid
 * offset, attribute type or policy bound of interest is 0).
 */
struct want {
	int err;
	const char *msg;	/* exact; NOMSG: none; NULL: not checked */
	const char *msg2;	/* the other kernel's text, if it differs */
	int64_t off;		/* offset of the bad attribute, or NONE */
	int64_t off2;		/* also acceptable */
	int64_t miss_type;	/* the missing attribute, or NONE */
	int64_t miss_nest;	/* the offset of its nest, or NONE */
	int64_t pol_min, pol_max;	/* the policy's range */
	int64_t pol_minlen, pol_maxlen;
};

#define WANT(e, m, ...) ((struct want){ .err = (e), .msg = (m), __VA_ARGS__ })

static const char *errname(int e)
{
	static char buf[32];

	switch (e) {
	case 0: return "0";
	case EINVAL: return "EINVAL";
	case ERANGE: return "ERANGE";
	case ENOENT: return "ENOENT";
	case EEXIST: return "EEXIST";
	case ENOSPC: return "ENOSPC";
	case E2BIG: return "E2BIG";
	case EBUSY: return "EBUSY";
	case EPERM: return "EPERM";
	case ENODEV: return "ENODEV";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ENOMEM: return "ENOMEM";
	case EMSGSIZE: return "EMSGSIZE";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* Compare an answer with what is wanted; describe the first difference. */
static bool ack_matches(const struct ack *k, const struct want *w, char *why,
			size_t len)
{
	const char *got = k->has_msg ? k->msg : "(none)";

	if (k->err != w->err) {
		snprintf(why, len, "got %s \"%s\", want %s \"%s\"",
			 errname(k->err), got, errname(w->err),
			 w->msg ? (*w->msg ? w->msg : "(none)") : "(any)");
		return false;
	}
	if (w->msg && !*w->msg && k->has_msg) {
		snprintf(why, len, "got extack \"%s\", want none", k->msg);
		return false;
	}
	if (w->msg && *w->msg && (!k->has_msg ||
				  (strcmp(k->msg, w->msg) &&
				   (!w->msg2 || strcmp(k->msg, w->msg2))))) {
		snprintf(why, len, "got extack \"%s\", want \"%s\"%s%s%s",
			 got, w->msg, w->msg2 ? " or \"" : "",
			 w->msg2 ? w->msg2 : "", w->msg2 ? "\"" : "");
		return false;
	}
	if (w->off == NONE && k->has_off) {
		snprintf(why, len, "extack offset %u, want none", k->off);
		return false;
	}
	if (w->off > 0 && (!k->has_off ||
			    (k->off != w->off && (!w->off2 || k->off != w->off2)))) {
		if (k->has_off)
			snprintf(why, len, "extack offset %u, want %" PRId64,
				 k->off, w->off);
		else
			snprintf(why, len, "no extack offset, want %" PRId64,
				 w->off);
		return false;
	}
	if (w->miss_type == NONE && k->has_miss_type) {
		snprintf(why, len, "extack missing-attribute %u, want none",
			 k->miss_type);
		return false;
	}
	if (w->miss_type > 0 &&
	    (!k->has_miss_type || k->miss_type != w->miss_type)) {
		snprintf(why, len, "extack missing-attribute %d, want %" PRId64,
			 k->has_miss_type ? (int)k->miss_type : -1, w->miss_type);
		return false;
	}
	if (w->miss_nest == NONE && k->has_miss_nest) {
		snprintf(why, len, "extack missing-nest %u, want none",
			 k->miss_nest);
		return false;
	}
	if (w->miss_nest > 0 &&
	    (!k->has_miss_nest || k->miss_nest != w->miss_nest)) {
		snprintf(why, len, "extack missing-nest %d, want %" PRId64,
			 k->has_miss_nest ? (int)k->miss_nest : -1, w->miss_nest);
		return false;
	}
	if (w->pol_min > 0 && (!k->has_min || k->pol_min != (uint64_t)w->pol_min)) {
		snprintf(why, len, "extack policy min %" PRId64 ", want %" PRId64,
			 k->has_min ? (int64_t)k->pol_min : -1, w->pol_min);
		return false;
	}
	if (w->pol_max > 0 && (!k->has_max || k->pol_max != (uint64_t)w->pol_max)) {
		snprintf(why, len, "extack policy max %" PRId64 ", want %" PRId64,
			 k->has_max ? (int64_t)k->pol_max : -1, w->pol_max);
		return false;
	}
	if (w->pol_minlen > 0 &&
	    (!k->has_minlen || k->pol_minlen != w->pol_minlen)) {
		snprintf(why, len, "extack policy min-length %d, want %" PRId64,
			 k->has_minlen ? (int)k->pol_minlen : -1, w->pol_minlen);
		return false;
	}
	if (w->pol_maxlen > 0 &&
	    (!k->has_maxlen || k->pol_maxlen != w->pol_maxlen)) {
		snprintf(why, len, "extack policy max-length %d, want %" PRId64,
			 k->has_maxlen ? (int)k->pol_maxlen : -1, w->pol_maxlen);
		return false;
	}
	return true;
}

static struct snap before, after, base;

static int count(const char *s, const char *what)
{
	int n = 0;

	while ((s = strstr(s, what))) {
		n++;
		s++;
	}
	return n;
}

static void snap_diff(char *why, size_t len)
{
	size_t i = 0;

	while (i < before.len && i < after.len && before.s[i] == after.s[i])
		i++;
	while (i > 0 && before.s[i - 1] != ' ')
		i--;
	snprintf(why, len, "the dumps differ; before: ...%.120s | after: ...%.120s",
		 before.s + i, after.s + i);
}

/*
 * The bad request @r must fail as @w says (one line), and leave the tables,
 * the settings and the events group alone (a second line).
 */
static void expect_fail(const char *desc, struct req *r, struct want w)
{
	char why[512], d2[256];
	struct ack k;
	int ev;

	drain_events();
	snapshot(&before);
	must_transact(r, &k, NULL, NULL);
	if (verbose)
		printf("# %s: %s \"%s\" off %d miss %d/%d\n", desc,
		       errname(k.err), k.has_msg ? k.msg : "",
		       k.has_off ? (int)k.off : -1,
		       k.has_miss_type ? (int)k.miss_type : -1,
		       k.has_miss_nest ? (int)k.miss_nest : -1);
	result(ack_matches(&k, &w, why, sizeof(why)), desc, "%s", why);

	snapshot(&after);
	ev = drain_events();
	snprintf(d2, sizeof(d2), "%s: nothing changed, no event", desc);
	if (strcmp(before.s, after.s)) {
		snap_diff(why, sizeof(why));
		result(false, d2, "%s", why);
	} else {
		result(ev == 0, d2, "%d event(s) announced", ev);
	}
}

/* @r must succeed; returns whether it did. */
static bool expect_ok(const char *desc, struct req *r, reply_cb cb, void *arg)
{
	struct ack k;

	must_transact(r, &k, cb, arg);
	result(!k.err, desc, "got %s \"%s\", want success", errname(k.err),
	       k.has_msg ? k.msg : "(none)");
	return !k.err;
}

/* Not a test line: set-up steps that must work for the rest to mean much. */
static void must(const char *what, struct req *r)
{
	struct ack k;

	must_transact(r, &k, NULL, NULL);
	if (k.err) {
		printf("Bail out! %s: %s \"%s\"\n", what, errname(k.err),
		       k.has_msg ? k.msg : "");
		exit(1);
	}
}

/* ---- the baseline --------------------------------------------------------- */

static struct req R;	/* the request being built */

static void put_baseline_config(struct req *r)
{
	nest_start(r, SDNBR_A_CONFIG);
	put_u8(r, SDNBR_CFG_A_MODE, SDNBR_MODE_MULTITENANT);
	put_prefix(r, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	put_prefix(r, SDNBR_CFG_A_SERVICE_NETWORK, SERVICE, SERVICE_LEN);
	put_prefix(r, SDNBR_CFG_A_LOCAL_SUBNET, LOCAL, LOCAL_LEN);
	put_ip(r, SDNBR_CFG_A_GATEWAY, GATEWAY);
	put_ip(r, SDNBR_CFG_A_NODE_IP, NODE_IP);
	put_u16(r, SDNBR_CFG_A_VXLAN_PORT, SDNBR_DEFAULT_VXLAN_PORT);
	put_u32(r, SDNBR_CFG_A_MTU, SDNBR_DEFAULT_MTU);
	put_u32(r, SDNBR_CFG_A_MAX_ENTRIES, SDNBR_DEFAULT_MAX_ENTRIES);
	nest_end(r);
}

/* br0: the settings above, two pods, two nodes, two namespaces */
static void baseline(void)
{
	static const uint8_t flush[] = {
		SDNBR_CMD_POD_FLUSH, SDNBR_CMD_NODE_FLUSH, SDNBR_CMD_NS_FLUSH,
	};
	unsigned int i;

	for (i = 0; i < sizeof(flush); i++) {
		msg(&R, flush[i], 0);
		put_br(&R);
		must("flush", &R);
	}
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	put_baseline_config(&R);
	must("br-set of the baseline settings", &R);

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.10", podport(0), 10);
	put_pod(&R, "10.128.2.11", podport(1), -1);
	must("pod-new of the baseline pods", &R);

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	put_node(&R, "10.128.4.0", 23, "192.168.1.2", -1);
	put_node(&R, "10.128.6.0", 23, "192.168.1.3", 5);
	must("node-new of the baseline nodes", &R);

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	put_ns(&R, 0, 1);
	put_ns(&R, 10, 0);
	must("ns-new of the baseline namespaces", &R);
	drain_events();
}

/* ---- the checks ------------------------------------------------------------ */

/*
 * What the header says of a command: after BR_GET and BR_SET every entry
 * type has NEW, DEL, GET and FLUSH, in that order; changes need
 * CAP_NET_ADMIN and GETs also dump.
 */
static void cmd_kind(unsigned int cmd, bool *change, bool *dump)
{
	if (cmd == SDNBR_CMD_BR_GET) {
		*change = false;
		*dump = true;
	} else if (cmd == SDNBR_CMD_BR_SET) {
		*change = true;
		*dump = false;
	} else {
		unsigned int k = (cmd - SDNBR_CMD_POD_NEW) % 4;

		*dump = k == 2;
		*change = !*dump;
	}
}

static void test_family(void)
{
	struct family_info f;
	char why[512] = "";
	unsigned int cmd;
	size_t n = 0;
	int err;

	err = get_family(sock, &f);
	if (err) {
		printf("Bail out! family %s: %s\n", SDNBR_GENL_NAME,
		       strerror(-err));
		exit(1);
	}
	family_id = f.id;
	events_grp = f.events;
	result(f.version == SDNBR_GENL_VERSION && f.maxattr == SDNBR_A_MAX &&
	       f.events, "family: version, maxattr and the events group",
	       "version %u maxattr %u events group %u, want %d %d nonzero",
	       f.version, f.maxattr, f.events, SDNBR_GENL_VERSION, SDNBR_A_MAX);

	for (cmd = 0; cmd < 256; cmd++)
		if (f.has_op[cmd] && (cmd < 1 || cmd > SDNBR_CMD_MAX))
			n += snprintf(why + n, sizeof(why) - n, " %u", cmd);
	for (cmd = 1; cmd <= SDNBR_CMD_MAX; cmd++)
		if (!f.has_op[cmd])
			n += snprintf(why + n, sizeof(why) - n, " -%u", cmd);
	result(!n, "family: exactly the header's commands are registered",
	       "extra (N) and missing (-N) commands:%s", why);

	n = 0;
	for (cmd = 1; cmd <= SDNBR_CMD_MAX; cmd++) {
		uint32_t fl = f.op_flags[cmd], want;
		bool change, dump;

		if (!f.has_op[cmd])
			continue;
		cmd_kind(cmd, &change, &dump);
		want = GENL_CMD_CAP_DO | GENL_CMD_CAP_HASPOL |
		       (change ? GENL_UNS_ADMIN_PERM : 0) |
		       (dump ? GENL_CMD_CAP_DUMP : 0);
		if (fl != want && n < sizeof(why) - 40)
			n += snprintf(why + n, sizeof(why) - n,
				      " command %u flags %#x, want %#x;", cmd,
				      fl, want);
	}
	result(!n, "family: each command's permission, do and dump", "%s", why);
}

static void test_policy(void)
{
	uint32_t o, p;

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u8(&R, SDNBR_CFG_A_MODE, 0);
	nest_end(&R);
	expect_fail("policy: br-set mode 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = SDNBR_MODE_SUBNET, .pol_max = SDNBR_MODE_MAX));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u8(&R, SDNBR_CFG_A_MODE, 3);
	nest_end(&R);
	expect_fail("policy: br-set mode 3", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 1, .pol_max = 2));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MODE, SDNBR_MODE_SUBNET);
	nest_end(&R);
	expect_fail("policy: br-set mode as a u32 (wrong length)", &R,
		    WANT(EINVAL, "invalid attribute length", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	nest_start(&R, SDNBR_CFG_A_LOCAL_SUBNET);
	put_ip(&R, SDNBR_PREFIX_A_ADDR, LOCAL);
	o = put_u8(&R, SDNBR_PREFIX_A_PLEN, 33);
	nest_end(&R);
	nest_end(&R);
	expect_fail("policy: br-set local-subnet plen 33", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 0, .pol_max = 32));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	nest_start(&R, SDNBR_NODE_A_SUBNET);
	put_ip(&R, SDNBR_PREFIX_A_ADDR, "10.128.8.0");
	o = put_u8(&R, SDNBR_PREFIX_A_PLEN, 33);
	nest_end(&R);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("policy: node-new subnet plen 33", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_max = 32));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put_u32(&R, SDNBR_POD_A_VNID, SDNBR_VNID_MAX + 1);
	nest_end(&R);
	expect_fail("policy: pod-new vnid 2^24", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 0, .pol_max = SDNBR_VNID_MAX));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.8.0", 23);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	o = put_u32(&R, SDNBR_NODE_A_VNID, SDNBR_VNID_MAX + 1);
	nest_end(&R);
	expect_fail("policy: node-new vnid 2^24", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_max = SDNBR_VNID_MAX));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NS);
	o = put_u32(&R, SDNBR_NS_A_VNID, SDNBR_VNID_MAX + 1);
	nest_end(&R);
	expect_fail("policy: ns-new vnid 2^24", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_max = SDNBR_VNID_MAX));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NS);
	put_u32(&R, SDNBR_NS_A_VNID, 77);
	o = put_u8(&R, SDNBR_NS_A_GLOBAL, 2);
	nest_end(&R);
	expect_fail("policy: ns-new global 2", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 0, .pol_max = 1));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MTU, 100);
	nest_end(&R);
	expect_fail("policy: br-set mtu 100", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 576, .pol_max = 65535));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MTU, 65536);
	nest_end(&R);
	expect_fail("policy: br-set mtu 65536", &R,
		    WANT(ERANGE, "integer out of range", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MAX_ENTRIES, 0);
	nest_end(&R);
	expect_fail("policy: br-set max-entries 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 1, .pol_max = 1 << 26));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MAX_ENTRIES, (1 << 26) + 1);
	nest_end(&R);
	expect_fail("policy: br-set max-entries 2^26+1", &R,
		    WANT(ERANGE, "integer out of range", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u16(&R, SDNBR_CFG_A_VXLAN_PORT, 0);
	nest_end(&R);
	expect_fail("policy: br-set vxlan-port 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 1, .pol_max = 65535));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_VXLAN_PORT, 4789);
	nest_end(&R);
	expect_fail("policy: br-set vxlan-port as a u32 (wrong length)", &R,
		    WANT(EINVAL, "invalid attribute length", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put(&R, SDNBR_POD_A_MAC, "\x0a\x58\x0a\x80\x02", 5);
	nest_end(&R);
	expect_fail("policy: pod-new mac of 5 bytes", &R,
		    WANT(ERANGE, "binary attribute size out of range", .off = o,
			 .pol_minlen = 6, .pol_maxlen = 6));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put(&R, SDNBR_POD_A_MAC, "\x0a\x58\x0a\x80\x02\x1e\x00", 7);
	nest_end(&R);
	expect_fail("policy: pod-new mac of 7 bytes", &R,
		    WANT(ERANGE, "binary attribute size out of range", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	o = put(&R, SDNBR_POD_A_IP, "\x0a\x80\x02", 3);
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	nest_end(&R);
	expect_fail("policy: pod-new ip of 3 bytes", &R,
		    WANT(EINVAL, "invalid attribute length", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	o = put_u32(&R, SDNBR_POD_A_IFINDEX, 0);
	nest_end(&R);
	expect_fail("policy: pod-new port ifindex 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = 1, .pol_max = UINT32_MAX));

	msg(&R, SDNBR_CMD_BR_GET, 0);
	o = put_str(&R, SDNBR_A_IFNAME, "abcdefghijklmnop");	/* 16 */
	expect_fail("policy: br-get ifname of 16 characters", &R,
		    WANT(EINVAL, "Attribute failed policy validation", .off = o,
			 .pol_maxlen = IFNAMSIZ - 1));

	msg(&R, SDNBR_CMD_BR_GET, 0);
	o = put(&R, SDNBR_A_IFNAME, BR, strlen(BR));
	expect_fail("policy: br-get ifname without its NUL", &R,
		    WANT(EINVAL, "Attribute failed policy validation", .off = o));

	msg(&R, SDNBR_CMD_BR_GET, 0);
	o = put_u32(&R, SDNBR_A_IFINDEX, 0);
	expect_fail("policy: br-get ifindex 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o, .pol_min = 1));

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	o = put_u16(&R, SDNBR_A_IFINDEX, ifidx(BR));
	expect_fail("policy: pod-flush ifindex as a u16 (wrong length)", &R,
		    WANT(EINVAL, "invalid attribute length", .off = o));

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	o = put_u32(&R, SDNBR_A_IFINDEX | NLA_F_NESTED, ifidx(BR));
	expect_fail("policy: pod-flush ifindex flagged NLA_F_NESTED", &R,
		    WANT(EINVAL, "NLA_F_NESTED not expected", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	o = nest_start_flags(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	nest_end(&R);
	expect_fail("policy: pod-new nest without NLA_F_NESTED", &R,
		    WANT(EINVAL, "NLA_F_NESTED is missing", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put_u32(&R, SDNBR_POD_A_MAX + 1, 1);
	nest_end(&R);
	expect_fail("policy: pod-new with an unknown pod attribute", &R,
		    WANT(EINVAL, "Unknown attribute type", .off = o));

	msg(&R, SDNBR_CMD_BR_GET, 0);
	put_br(&R);
	o = put_u32(&R, SDNBR_A_MAX + 1, 1);
	expect_fail("policy: br-get with an unknown top-level attribute", &R,
		    WANT(EINVAL, "Unknown attribute type", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	o = put_u32(&R, SDNBR_A_PAD, 0);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	expect_fail("policy: pod-new with SDNBR_A_PAD", &R,
		    WANT(EINVAL, "Attribute failed policy validation", .off = o));

	/* a valid nest in a multi-attr list does not hide a bad one */
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	nest_start(&R, SDNBR_CFG_A_CLUSTER_NETWORK);
	put_ip(&R, SDNBR_PREFIX_A_ADDR, "10.0.0.0");
	p = put_u8(&R, SDNBR_PREFIX_A_PLEN, 40);
	nest_end(&R);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "10.1.0.0", 16);
	nest_end(&R);
	expect_fail("policy: br-set with a bad 2nd of 3 cluster networks", &R,
		    WANT(ERANGE, "integer out of range", .off = p));
}

static void test_readonly(void)
{
	uint32_t o;

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_u32(&R, SDNBR_CFG_A_MTU, 1400);
	nest_end(&R);
	o = nest_start(&R, SDNBR_A_STATS);
	put_u32(&R, SDNBR_STATS_A_ENTRIES, 0);
	nest_end(&R);
	expect_fail("read-only: br-set carrying stats", &R,
		    WANT(EINVAL, "counters are read-only", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = nest_start(&R, SDNBR_POD_A_RX);
	put(&R, SDNBR_COUNTER_A_PACKETS, "\0\0\0\0\0\0\0\0", 8);
	nest_end(&R);
	nest_end(&R);
	expect_fail("read-only: pod-new carrying rx counters", &R,
		    WANT(EINVAL, "counters are read-only", .off = o));

	/*
	 * The same without NLA_F_NESTED: strict parsing refuses it as it
	 * refuses any unflagged nest, before the handler sees it.
	 */
	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = nest_start_flags(&R, SDNBR_POD_A_TX);
	put(&R, SDNBR_COUNTER_A_PACKETS, "\0\0\0\0\0\0\0\0", 8);
	nest_end(&R);
	nest_end(&R);
	expect_fail("read-only: pod-new carrying tx counters without NLA_F_NESTED",
		    &R, WANT(EINVAL, "NLA_F_NESTED is missing", .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.8.0", 23);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	o = nest_start(&R, SDNBR_NODE_A_TX);
	nest_end(&R);
	nest_end(&R);
	expect_fail("read-only: node-new carrying tx counters", &R,
		    WANT(EINVAL, "counters are read-only", .off = o));

	msg(&R, SDNBR_CMD_NODE_DEL, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.4.0", 23);
	o = nest_start(&R, SDNBR_NODE_A_RX);
	nest_end(&R);
	nest_end(&R);
	expect_fail("read-only: node-del carrying rx counters", &R,
		    WANT(EINVAL, "counters are read-only", .off = o));
}

#define NAME_THE_BRIDGE "name the bridge (SDNBR_A_IFNAME or SDNBR_A_IFINDEX)"

static void test_missing(void)
{
	uint32_t o, n;

	msg(&R, SDNBR_CMD_BR_GET, 0);
	expect_fail("missing: br-get names no bridge", &R,
		    WANT(EINVAL, NAME_THE_BRIDGE, .miss_type = SDNBR_A_IFNAME,
			 .miss_nest = NONE, .off = NONE));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	expect_fail("missing: pod-new names no bridge", &R,
		    WANT(EINVAL, NAME_THE_BRIDGE, .miss_type = SDNBR_A_IFNAME,
			 .miss_nest = NONE));

	msg(&R, SDNBR_CMD_POD_GET, 0);
	put_pod(&R, "10.128.2.10", -1, -1);
	expect_fail("missing: pod-get names no bridge", &R,
		    WANT(EINVAL, NAME_THE_BRIDGE, .miss_type = SDNBR_A_IFNAME));

	msg(&R, SDNBR_CMD_NS_GET, NLM_F_DUMP);
	expect_fail("missing: ns dump names no bridge", &R,
		    WANT(EINVAL, NAME_THE_BRIDGE));

	msg(&R, SDNBR_CMD_NODE_FLUSH, 0);
	expect_fail("missing: node-flush names no bridge", &R,
		    WANT(EINVAL, NAME_THE_BRIDGE, .miss_type = SDNBR_A_IFNAME));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	expect_fail("missing: br-set without config", &R,
		    WANT(EINVAL, "the request carries no settings",
			 .miss_type = SDNBR_A_CONFIG, .miss_nest = NONE));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	expect_fail("missing: pod-new without pods", &R,
		    WANT(EINVAL, "the request carries no entries",
			 .miss_type = SDNBR_A_POD, .miss_nest = NONE));

	msg(&R, SDNBR_CMD_NS_DEL, 0);
	put_br(&R);
	expect_fail("missing: ns-del without namespaces", &R,
		    WANT(EINVAL, "the request carries no entries",
			 .miss_type = SDNBR_A_NS));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	o = put_pod(&R, NULL, podport(2), -1);
	expect_fail("missing: pod-new pod without ip", &R,
		    WANT(EINVAL, "the pod has no IP address", .off = o,
			 .miss_type = SDNBR_POD_A_IP, .miss_nest = o));

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.10", -1, -1);
	o = put_pod(&R, NULL, -1, 3);
	expect_fail("missing: pod-del 2nd pod without ip", &R,
		    WANT(EINVAL, "the pod has no IP address", .off = o,
			 .miss_type = SDNBR_POD_A_IP, .miss_nest = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	o = put_pod(&R, "10.128.2.30", -1, -1);
	expect_fail("missing: pod-new pod without ifindex", &R,
		    WANT(EINVAL, "the pod has no port", .off = o,
			 .miss_type = SDNBR_POD_A_IFINDEX, .miss_nest = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	o = put_node(&R, NULL, 0, "192.168.1.9", -1);
	expect_fail("missing: node-new node without subnet", &R,
		    WANT(EINVAL, "the node has no subnet", .off = o,
			 .miss_type = SDNBR_NODE_A_SUBNET, .miss_nest = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	o = put_node(&R, "10.128.8.0", 23, NULL, -1);
	expect_fail("missing: node-new node without ip", &R,
		    WANT(EINVAL, "the node has no IP address", .off = o,
			 .miss_type = SDNBR_NODE_A_IP, .miss_nest = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	n = nest_start(&R, SDNBR_NODE_A_SUBNET);
	put_ip(&R, SDNBR_PREFIX_A_ADDR, "10.128.8.0");
	nest_end(&R);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("missing: node-new subnet prefix without plen", &R,
		    WANT(EINVAL, "a prefix needs an address and a length",
			 .off = n, .miss_type = SDNBR_PREFIX_A_PLEN,
			 .miss_nest = n));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	n = nest_start(&R, SDNBR_CFG_A_SERVICE_NETWORK);
	put_u8(&R, SDNBR_PREFIX_A_PLEN, 16);
	nest_end(&R);
	nest_end(&R);
	expect_fail("missing: br-set service-network prefix without addr", &R,
		    WANT(EINVAL, "a prefix needs an address and a length",
			 .off = n, .miss_type = SDNBR_PREFIX_A_ADDR,
			 .miss_nest = n));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	o = put_ns(&R, -1, 1);
	expect_fail("missing: ns-new namespace without vnid", &R,
		    WANT(EINVAL, "the namespace has no VNID", .off = o,
			 .miss_type = SDNBR_NS_A_VNID, .miss_nest = o));

	msg(&R, SDNBR_CMD_POD_GET, 0);
	put_br(&R);
	expect_fail("missing: pod-get without a pod", &R,
		    WANT(EINVAL, "name the entry to get",
			 .miss_type = SDNBR_A_POD, .miss_nest = NONE));

	msg(&R, SDNBR_CMD_BR_GET, 0);
	o = put_str(&R, SDNBR_A_IFNAME, "nosuch0");
	expect_fail("bridge: br-get of a device that does not exist", &R,
		    WANT(ENODEV, "no such device", .off = o));

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	o = put_u32(&R, SDNBR_A_IFINDEX, ifidx(NOT_A_PORT));
	expect_fail("bridge: pod-flush of a veth", &R,
		    WANT(EINVAL, "the device is not an sdnbr bridge", .off = o));

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	o = put_u32(&R, SDNBR_A_IFINDEX, ifidx(GW_PORT));
	expect_fail("bridge: pod-flush of the gateway port", &R,
		    WANT(EINVAL, "the device is not an sdnbr bridge", .off = o));

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	put_u32(&R, SDNBR_A_IFINDEX, ifidx(BR));
	o = put_str(&R, SDNBR_A_IFNAME, OTHER_BR);
	expect_fail("bridge: pod-flush with ifindex and ifname of two bridges",
		    &R, WANT(EINVAL,
			     "SDNBR_A_IFINDEX and SDNBR_A_IFNAME name different devices",
			     .off = o));
}

#define NOT_HOST "the pod IP is not a host address of the local subnet"
#define NOT_POD_PORT "the port is not a pod port of this bridge"

static void pod_new_one(const char *ip, int64_t port, uint32_t *nest,
			uint32_t *ipoff, uint32_t *portoff)
{
	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	*nest = nest_start(&R, SDNBR_A_POD);
	*ipoff = put_ip(&R, SDNBR_POD_A_IP, ip);
	*portoff = put_u32(&R, SDNBR_POD_A_IFINDEX, port);
	nest_end(&R);
}

static void test_semantic(void)
{
	static const struct { const char *name, *ip; } bad_ips[] = {
		{ "outside the local subnet", "10.128.8.5" },
		{ "the subnet's network address", "10.128.2.0" },
		{ "the subnet's broadcast address", "10.128.3.255" },
		{ "outside the cluster", "192.168.7.7" },
	};
	static const char *const not_ports[] = {
		GW_PORT, TUN_PORT, OTHER_PORT, NOT_A_PORT, BR, OTHER_BR,
	};
	static const char *const bad_node_ips[] = {
		"224.0.0.1", "0.0.0.0", "127.0.0.1", "255.255.255.255",
	};
	uint32_t n, o, p;
	char desc[128];
	unsigned int i;

	for (i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++) {
		pod_new_one(bad_ips[i].ip, podport(2), &n, &o, &p);
		snprintf(desc, sizeof(desc), "semantic: pod-new ip %s",
			 bad_ips[i].name);
		expect_fail(desc, &R, WANT(EINVAL, NOT_HOST, .off = o));
	}

	pod_new_one(GATEWAY, podport(2), &n, &o, &p);
	expect_fail("semantic: pod-new ip of the gateway", &R,
		    WANT(EINVAL, "the pod IP is the gateway's", .off = o));

	for (i = 0; i < sizeof(not_ports) / sizeof(not_ports[0]); i++) {
		pod_new_one("10.128.2.30", ifidx(not_ports[i]), &n, &o, &p);
		snprintf(desc, sizeof(desc),
			 "semantic: pod-new on %s, not a pod port of br0",
			 not_ports[i]);
		expect_fail(desc, &R, WANT(EINVAL, NOT_POD_PORT, .off = p));
	}
	pod_new_one("10.128.2.30", 999999, &n, &o, &p);
	expect_fail("semantic: pod-new on an ifindex that does not exist", &R,
		    WANT(EINVAL, NOT_POD_PORT, .off = p));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put(&R, SDNBR_POD_A_MAC, "\x01\x00\x5e\x00\x00\x01", 6);
	nest_end(&R);
	expect_fail("semantic: pod-new multicast mac", &R,
		    WANT(EINVAL, "the pod MAC must be a unicast, nonzero address",
			 .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.30");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(2));
	o = put(&R, SDNBR_POD_A_MAC, "\0\0\0\0\0\0", 6);
	nest_end(&R);
	expect_fail("semantic: pod-new zero mac", &R,
		    WANT(EINVAL, "the pod MAC must be a unicast, nonzero address",
			 .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.200.0.0", 23);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("semantic: node-new subnet outside the cluster networks",
		    &R, WANT(EINVAL,
			     "the node subnet is outside every cluster network",
			     .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.0.0", 13);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("semantic: node-new subnet larger than the cluster network",
		    &R, WANT(EINVAL,
			     "the node subnet is outside every cluster network",
			     .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.2.0", 24);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("semantic: node-new subnet overlapping the local subnet",
		    &R, WANT(EINVAL, "the node subnet overlaps the local subnet",
			     .off = o));

	for (i = 0; i < sizeof(bad_node_ips) / sizeof(bad_node_ips[0]); i++) {
		msg(&R, SDNBR_CMD_NODE_NEW, 0);
		put_br(&R);
		nest_start(&R, SDNBR_A_NODE);
		put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.8.0", 23);
		o = put_ip(&R, SDNBR_NODE_A_IP, bad_node_ips[i]);
		nest_end(&R);
		snprintf(desc, sizeof(desc), "semantic: node-new node ip %s",
			 bad_node_ips[i]);
		expect_fail(desc, &R,
			    WANT(EINVAL, "the node IP must be a unicast address",
				 .off = o));
	}

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.9.0", 23);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.9");
	nest_end(&R);
	expect_fail("semantic: node-new subnet with host bits set", &R,
		    WANT(EINVAL, "the prefix has host bits set", .off = o));

	msg(&R, SDNBR_CMD_NODE_DEL, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.128.4.1", 23);
	nest_end(&R);
	expect_fail("semantic: node-del subnet with host bits set", &R,
		    WANT(EINVAL, "the prefix has host bits set", .off = o));

	/* settings */
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_ip(&R, SDNBR_CFG_A_GATEWAY, "10.128.4.1");
	nest_end(&R);
	expect_fail("semantic: br-set gateway outside the local subnet", &R,
		    WANT(EINVAL,
			 "the gateway must be a host address of the local subnet",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_ip(&R, SDNBR_CFG_A_GATEWAY, LOCAL);
	nest_end(&R);
	expect_fail("semantic: br-set gateway the local network address", &R,
		    WANT(EINVAL,
			 "the gateway must be a host address of the local subnet",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "10.128.0.1",
		       CLUSTER_LEN);
	nest_end(&R);
	expect_fail("semantic: br-set cluster network with host bits set", &R,
		    WANT(EINVAL, "the prefix has host bits set", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_prefix(&R, SDNBR_CFG_A_LOCAL_SUBNET, "10.128.2.1", LOCAL_LEN);
	nest_end(&R);
	expect_fail("semantic: br-set local subnet with host bits set", &R,
		    WANT(EINVAL, "the prefix has host bits set", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	o = put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "0.0.0.0", 0);
	nest_end(&R);
	expect_fail("semantic: br-set cluster network 0.0.0.0/0", &R,
		    WANT(EINVAL, "a cluster network cannot be 0.0.0.0/0",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "10.0.0.0", 16);
	o = put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "10.129.0.0", 16);
	nest_end(&R);
	expect_fail("semantic: br-set overlapping cluster networks", &R,
		    WANT(EINVAL, "cluster networks overlap", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_prefix(&R, SDNBR_CFG_A_SERVICE_NETWORK, "10.130.0.0", 16);
	nest_end(&R);
	expect_fail("semantic: br-set service network inside the cluster", &R,
		    WANT(EINVAL, "the service network overlaps a cluster network",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_prefix(&R, SDNBR_CFG_A_LOCAL_SUBNET, "10.200.0.0", 24);
	put_ip(&R, SDNBR_CFG_A_GATEWAY, "10.200.0.1");
	nest_end(&R);
	expect_fail("semantic: br-set local subnet outside the cluster", &R,
		    WANT(EINVAL, "the local subnet is outside every cluster network",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_prefix(&R, SDNBR_CFG_A_LOCAL_SUBNET, "10.128.2.0", 31);
	nest_end(&R);
	expect_fail("semantic: br-set local subnet /31", &R,
		    WANT(EINVAL,
			 "the local subnet is too small for a gateway and pods",
			 .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_LOCAL_SUBNET, "10.128.2.0", 24);
	nest_end(&R);
	expect_fail("semantic: br-set new local subnet while pods exist", &R,
		    WANT(EBUSY, "pods are installed: flush them before changing the local subnet or gateway",
			 .off = NONE));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_ip(&R, SDNBR_CFG_A_GATEWAY, "10.128.2.2");
	nest_end(&R);
	expect_fail("semantic: br-set new gateway while pods exist", &R,
		    WANT(EBUSY, "pods are installed: flush them before changing the local subnet or gateway"));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	o = put_u32(&R, SDNBR_CFG_A_MAX_ENTRIES, 1);
	nest_end(&R);
	expect_fail("semantic: br-set max-entries below the entries installed",
		    &R, WANT(EBUSY,
			     "max-entries is below the number of entries installed",
			     .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, "10.128.0.0", 22);
	nest_end(&R);
	expect_fail("semantic: br-set cluster networks that leave a node out",
		    &R, WANT(EBUSY,
			     "a remote node's subnet would leave the cluster networks or overlap the local subnet",
			     .off = NONE));
}

/* ---- replies ---------------------------------------------------------------- */

#define MAX_REPLIES 8

struct replies {
	int n;
	unsigned char msg[MAX_REPLIES][4096];
};

static void collect_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct replies *rp = arg;

	if (rp->n < MAX_REPLIES && nlh->nlmsg_len <= sizeof(rp->msg[0]))
		memcpy(rp->msg[rp->n++], nlh, nlh->nlmsg_len);
}

/* The first attribute of type @type in @head, or NULL. */
static const struct nlattr *find(const void *head, int len, int type)
{
	const struct nlattr *a;

	for_each_attr(a, head, len)
		if (attr_type(a) == type)
			return a;
	return NULL;
}

static const struct nlattr *find_top(const void *m, int type)
{
	const struct nlattr *head;
	int len;

	head = msg_attrs(m, &len);
	return find(head, len, type);
}

#define find_in(nest, type) \
	((nest) ? find(attr_data(nest), attr_len(nest), (type)) : NULL)

static bool has_counters(const struct nlattr *c)
{
	return c && find_in(c, SDNBR_COUNTER_A_PACKETS) &&
	       find_in(c, SDNBR_COUNTER_A_BYTES) &&
	       attr_len(find_in(c, SDNBR_COUNTER_A_PACKETS)) == 8;
}

static void test_get(void)
{
	static const unsigned char mac[6] = { 0x0a, 0x58, 10, 128, 2, 11 };
	static struct replies rp;
	const struct nlattr *e, *a;
	struct ack k;
	int i, brs = 0;

	rp.n = 0;
	msg(&R, SDNBR_CMD_POD_GET, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.11", -1, -1);
	must_transact(&R, &k, collect_cb, &rp);
	e = rp.n == 1 ? find_top(rp.msg[0], SDNBR_A_POD) : NULL;
	a = find_in(e, SDNBR_POD_A_MAC);
	result(!k.err && e && find_top(rp.msg[0], SDNBR_A_IFINDEX) &&
	       find_top(rp.msg[0], SDNBR_A_IFNAME) &&
	       ((const struct genlmsghdr *)NLMSG_DATA((const struct nlmsghdr *)rp.msg[0]))->cmd == SDNBR_CMD_POD_GET &&
	       find_in(e, SDNBR_POD_A_IP) && a && attr_len(a) == 6 &&
	       !memcmp(attr_data(a), mac, 6) &&
	       find_in(e, SDNBR_POD_A_IFINDEX) &&
	       attr_u32(find_in(e, SDNBR_POD_A_IFINDEX)) == podport(1) &&
	       find_in(e, SDNBR_POD_A_VNID) &&
	       attr_u32(find_in(e, SDNBR_POD_A_VNID)) == 0 &&
	       has_counters(find_in(e, SDNBR_POD_A_RX)) &&
	       has_counters(find_in(e, SDNBR_POD_A_TX)),
	       "get: pod-get gives the bridge, the pod with its default mac and vnid, and counters",
	       "%s, %d replies", errname(k.err), rp.n);

	rp.n = 0;
	msg(&R, SDNBR_CMD_NODE_GET, 0);
	put_br(&R);
	put_node(&R, "10.128.6.0", 23, NULL, -1);
	must_transact(&R, &k, collect_cb, &rp);
	e = rp.n == 1 ? find_top(rp.msg[0], SDNBR_A_NODE) : NULL;
	result(!k.err && e && find_in(e, SDNBR_NODE_A_SUBNET) &&
	       find_in(e, SDNBR_NODE_A_IP) &&
	       attr_u32(find_in(e, SDNBR_NODE_A_IP)) == ip4("192.168.1.3") &&
	       find_in(e, SDNBR_NODE_A_VNID) &&
	       attr_u32(find_in(e, SDNBR_NODE_A_VNID)) == 5 &&
	       has_counters(find_in(e, SDNBR_NODE_A_TX)) &&
	       has_counters(find_in(e, SDNBR_NODE_A_RX)),
	       "get: node-get gives the node with its fixed vnid and counters",
	       "%s, %d replies", errname(k.err), rp.n);

	rp.n = 0;
	msg(&R, SDNBR_CMD_NODE_GET, 0);
	put_br(&R);
	put_node(&R, "10.128.4.0", 23, NULL, -1);
	must_transact(&R, &k, collect_cb, &rp);
	e = rp.n == 1 ? find_top(rp.msg[0], SDNBR_A_NODE) : NULL;
	result(!k.err && e && find_in(e, SDNBR_NODE_A_IP) &&
	       !find_in(e, SDNBR_NODE_A_VNID),
	       "get: node-get of a node without a fixed vnid gives none",
	       "%s, %d replies", errname(k.err), rp.n);

	rp.n = 0;
	msg(&R, SDNBR_CMD_NS_GET, 0);
	put_br(&R);
	put_ns(&R, 0, -1);
	must_transact(&R, &k, collect_cb, &rp);
	e = rp.n == 1 ? find_top(rp.msg[0], SDNBR_A_NS) : NULL;
	a = find_in(e, SDNBR_NS_A_GLOBAL);
	result(!k.err && e && find_in(e, SDNBR_NS_A_VNID) && a &&
	       attr_len(a) == 1 && *(const uint8_t *)attr_data(a) == 1,
	       "get: ns-get gives the namespace, global",
	       "%s, %d replies", errname(k.err), rp.n);

	rp.n = 0;
	msg(&R, SDNBR_CMD_BR_GET, NLM_F_DUMP);
	must_transact(&R, &k, collect_cb, &rp);
	for (i = 0; i < rp.n; i++) {
		a = find_top(rp.msg[i], SDNBR_A_IFNAME);
		if (a && find_top(rp.msg[i], SDNBR_A_CONFIG) &&
		    find_top(rp.msg[i], SDNBR_A_STATS) &&
		    (!strcmp(attr_data(a), BR) || !strcmp(attr_data(a), OTHER_BR)))
			brs++;
	}
	result(!k.err && rp.n == 2 && brs == 2,
	       "get: the br-get dump gives br0 and br1 with config and stats",
	       "%s, %d replies, %d of them br0 or br1", errname(k.err), rp.n,
	       brs);
}

static void count_cluster_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *cfg = find_top(nlh, SDNBR_A_CONFIG), *a;

	if (cfg)
		for_each_attr(a, attr_data(cfg), attr_len(cfg))
			if (attr_type(a) == SDNBR_CFG_A_CLUSTER_NETWORK)
				++*(int *)arg;
}

/* How many cluster networks br-get shows. */
static int count_cluster(void)
{
	struct ack k;
	int n = 0;

	msg(&R, SDNBR_CMD_BR_GET, 0);
	put_br(&R);
	must_transact(&R, &k, count_cluster_cb, &n);
	return k.err ? -k.err : n;
}

static void test_lists(void)
{
	char a[32];
	uint32_t o = 0;
	int i;

	/* 16 are allowed ... */
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	for (i = 0; i < SDNBR_MAX_CLUSTER_NETWORKS - 1; i++) {
		snprintf(a, sizeof(a), "10.%d.0.0", i);
		put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, a, 16);
	}
	nest_end(&R);
	drain_events();
	snapshot(&base);
	expect_ok("lists: br-set with 16 cluster networks", &R, NULL, NULL);
	result(drain_events() == 1, "lists: the change is announced once",
	       "no single br-set event");
	i = count_cluster();
	result(i == SDNBR_MAX_CLUSTER_NETWORKS,
	       "lists: br-get shows the 16 cluster networks", "it shows %d", i);

	/* ... 17 are not, and the 16 stay; the extack names the 17th */
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	for (i = 0; i < SDNBR_MAX_CLUSTER_NETWORKS + 1; i++) {
		snprintf(a, sizeof(a), "10.%d.0.0", 100 + i);
		o = put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, a, 16);
	}
	nest_end(&R);
	expect_fail("lists: br-set with 17 cluster networks", &R,
		    WANT(E2BIG, "too many cluster networks (at most 16)", .off = o));

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_prefix(&R, SDNBR_CFG_A_CLUSTER_NETWORK, CLUSTER, CLUSTER_LEN);
	nest_end(&R);
	expect_ok("lists: br-set back to one cluster network", &R, NULL, NULL);
	drain_events();
	snapshot(&after);
	result(!strcmp(base.s, after.s), "lists: the settings are as before",
	       "they differ");
}

static void test_duplicates(void)
{
	uint32_t a, b;

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	a = put_pod(&R, "10.128.2.30", podport(2), -1);
	put_pod(&R, "10.128.2.31", podport(3), -1);
	b = put_pod(&R, "10.128.2.30", podport(4), -1);
	expect_fail("duplicate: pod-new naming one new pod twice", &R,
		    WANT(EINVAL, "the request names this entry twice",
			 .off = a, .off2 = b));

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	a = put_pod(&R, "10.128.2.10", -1, -1);
	b = put_pod(&R, "10.128.2.10", -1, -1);
	expect_fail("duplicate: pod-del naming one pod twice", &R,
		    WANT(EINVAL, "the request names this entry twice",
			 .off = a, .off2 = b));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	a = put_node(&R, "10.128.8.0", 23, "192.168.1.9", -1);
	b = put_node(&R, "10.128.8.0", 23, "192.168.1.10", -1);
	expect_fail("duplicate: node-new naming one subnet twice", &R,
		    WANT(EINVAL, "the request names this entry twice",
			 .off = a, .off2 = b));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	a = put_ns(&R, 42, 0);
	b = put_ns(&R, 42, 1);
	expect_fail("duplicate: ns-new naming one vnid twice", &R,
		    WANT(EINVAL, "the request names this entry twice",
			 .off = a, .off2 = b));
}

static void test_commands(void)
{
	static const uint8_t bad[] = { SDNBR_CMD_UNSPEC, __SDNBR_CMD_MAX, 99, 255 };
	char desc[96];
	unsigned int i;

	for (i = 0; i < sizeof(bad); i++) {
		msg(&R, bad[i], 0);
		put_br(&R);
		snprintf(desc, sizeof(desc), "commands: unknown command %u",
			 bad[i]);
		expect_fail(desc, &R, WANT(EOPNOTSUPP, NOMSG, .off = NONE));
	}

	msg(&R, SDNBR_CMD_BR_SET, NLM_F_DUMP);
	put_br(&R);
	expect_fail("commands: br-set as a dump", &R,
		    WANT(EOPNOTSUPP, NOMSG));

	msg(&R, SDNBR_CMD_POD_FLUSH, NLM_F_DUMP);
	put_br(&R);
	expect_fail("commands: pod-flush as a dump", &R,
		    WANT(EOPNOTSUPP, NOMSG));
}

#define NOT_VALID "attribute not valid for this command"

static void test_wrong_type(void)
{
	uint32_t o;

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	o = put_ns(&R, 42, 0);
	expect_fail("wrong type: pod-new carrying a namespace", &R,
		    WANT(EINVAL, NOT_VALID, .off = o));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	o = put_pod(&R, "10.128.2.30", podport(2), -1);
	put_ns(&R, 42, 0);
	expect_fail("wrong type: ns-new carrying a pod", &R,
		    WANT(EINVAL, NOT_VALID, .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	put_node(&R, "10.128.8.0", 23, "192.168.1.9", -1);
	o = nest_start(&R, SDNBR_A_CONFIG);
	put_u32(&R, SDNBR_CFG_A_MTU, 1400);
	nest_end(&R);
	expect_fail("wrong type: node-new carrying a config", &R,
		    WANT(EINVAL, NOT_VALID, .off = o));

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	o = put_node(&R, "10.128.4.0", 23, NULL, -1);
	expect_fail("wrong type: pod-del carrying a node", &R,
		    WANT(EINVAL, NOT_VALID, .off = o));
}

static void test_exists(void)
{
	struct ack k;
	uint32_t o;

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	o = put_pod(&R, "10.128.2.10", podport(0), 10);
	expect_fail("exists: pod-new of an existing pod", &R,
		    WANT(EEXIST, "the entry exists (use replace)", .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	o = put_node(&R, "10.128.4.0", 23, "192.168.1.2", -1);
	expect_fail("exists: node-new of an existing node", &R,
		    WANT(EEXIST, "the entry exists (use replace)", .off = o));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	o = put_ns(&R, 10, 0);
	expect_fail("exists: ns-new of an existing namespace", &R,
		    WANT(EEXIST, "the entry exists (use replace)", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, NLM_F_CREATE | NLM_F_EXCL);
	put_br(&R);
	o = put_pod(&R, "10.128.2.10", podport(0), 10);
	expect_fail("exists: pod-new NLM_F_CREATE|NLM_F_EXCL of an existing pod",
		    &R, WANT(EEXIST, "the entry exists (use replace)", .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, NLM_F_REPLACE);
	put_br(&R);
	o = put_pod(&R, "10.128.2.30", podport(2), -1);
	expect_fail("exists: pod-new NLM_F_REPLACE of a missing pod", &R,
		    WANT(ENOENT, "no such entry to replace", .off = o));

	/* replacing with the same content must work and change nothing */
	msg(&R, SDNBR_CMD_NS_NEW, NLM_F_REPLACE);
	put_br(&R);
	put_ns(&R, 10, 0);
	must_transact(&R, &k, NULL, NULL);
	result(!k.err, "exists: ns-new NLM_F_REPLACE of an existing namespace",
	       "got %s \"%s\", want success", errname(k.err),
	       k.has_msg ? k.msg : "(none)");
	drain_events();

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	o = put_pod(&R, "10.128.2.30", -1, -1);
	expect_fail("exists: pod-del of a missing pod", &R,
		    WANT(ENOENT, "no such entry", .off = o));

	msg(&R, SDNBR_CMD_NODE_DEL, 0);
	put_br(&R);
	o = put_node(&R, "10.128.8.0", 23, NULL, -1);
	expect_fail("exists: node-del of a missing node", &R,
		    WANT(ENOENT, "no such entry", .off = o));

	msg(&R, SDNBR_CMD_POD_GET, 0);
	put_br(&R);
	o = put_pod(&R, "10.128.2.30", -1, -1);
	expect_fail("exists: pod-get of a missing pod", &R,
		    WANT(ENOENT, "no such entry", .off = o));

	msg(&R, SDNBR_CMD_NS_GET, 0);
	put_br(&R);
	o = put_ns(&R, 4242, -1);
	expect_fail("exists: ns-get of a missing namespace", &R,
		    WANT(ENOENT, "no such entry", .off = o));
}

static void stats_entries_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *head, *a, *x;
	int len;

	head = msg_attrs(nlh, &len);
	for_each_attr(a, head, len)
		if (attr_type(a) == SDNBR_A_STATS)
			for_each_attr(x, attr_data(a), attr_len(a))
				if (attr_type(x) == SDNBR_STATS_A_ENTRIES)
					*(uint32_t *)arg = attr_u32(x);
}

static void set_max_entries(const char *desc, uint32_t max)
{
	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_u32(&R, SDNBR_CFG_A_MAX_ENTRIES, max);
	nest_end(&R);
	expect_ok(desc, &R, NULL, NULL);
	drain_events();
}

static void test_full(void)
{
	uint32_t entries = 0;
	struct ack k;

	msg(&R, SDNBR_CMD_BR_GET, 0);
	put_br(&R);
	must_transact(&R, &k, stats_entries_cb, &entries);
	result(!k.err && entries == 6, "full: br-get counts the 6 entries",
	       "%s, %u entries", errname(k.err), entries);

	set_max_entries("full: br-set max-entries to the entries installed",
			entries);

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	expect_fail("full: pod-new past max-entries", &R,
		    WANT(ENOSPC, "the flow table is full (see max-entries)",
			 .off = NONE));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	put_ns(&R, 42, 0);
	expect_fail("full: ns-new past max-entries", &R,
		    WANT(ENOSPC, "the flow table is full (see max-entries)"));

	set_max_entries("full: br-set max-entries to one more", entries + 1);

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	put_pod(&R, "10.128.2.31", podport(3), -1);
	expect_fail("full: pod-new of 2 pods with room for 1", &R,
		    WANT(ENOSPC, "the flow table is full (see max-entries)"));

	set_max_entries("full: br-set max-entries back to the default",
			SDNBR_DEFAULT_MAX_ENTRIES);
}

static void test_all_or_nothing(void)
{
	uint32_t n, o;

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	put_pod(&R, "10.128.2.31", podport(3), -1);
	put_pod(&R, "10.128.2.32", podport(4), -1);
	nest_start(&R, SDNBR_A_POD);
	o = put_ip(&R, SDNBR_POD_A_IP, "10.128.9.33");
	put_u32(&R, SDNBR_POD_A_IFINDEX, podport(5));
	nest_end(&R);
	expect_fail("all or nothing: pod-new of 3 good pods and a 4th outside the subnet",
		    &R, WANT(EINVAL, NOT_HOST, .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	nest_start(&R, SDNBR_A_POD);
	put_ip(&R, SDNBR_POD_A_IP, "10.128.2.31");
	o = put_u32(&R, SDNBR_POD_A_IFINDEX, ifidx(OTHER_PORT));
	nest_end(&R);
	put_pod(&R, "10.128.2.32", podport(4), -1);
	put_pod(&R, "10.128.2.33", podport(5), -1);
	expect_fail("all or nothing: pod-new of 4 pods, the 2nd on br1's port",
		    &R, WANT(EINVAL, NOT_POD_PORT, .off = o));

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	put_pod(&R, "10.128.2.31", podport(3), -1);
	n = put_pod(&R, "10.128.2.11", podport(1), -1);
	put_pod(&R, "10.128.2.32", podport(4), -1);
	expect_fail("all or nothing: pod-new of 3 new pods and an existing one",
		    &R, WANT(EEXIST, "the entry exists (use replace)", .off = n));

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.10", -1, -1);
	n = put_pod(&R, "10.128.2.99", -1, -1);
	put_pod(&R, "10.128.2.11", -1, -1);
	expect_fail("all or nothing: pod-del of 2 pods and a missing one", &R,
		    WANT(ENOENT, "no such entry", .off = n));

	msg(&R, SDNBR_CMD_NS_NEW, 0);
	put_br(&R);
	put_ns(&R, 40, 0);
	put_ns(&R, 41, 0);
	nest_start(&R, SDNBR_A_NS);
	o = put_u32(&R, SDNBR_NS_A_VNID, SDNBR_VNID_MAX + 1);
	nest_end(&R);
	put_ns(&R, 43, 1);
	expect_fail("all or nothing: ns-new of 3 good namespaces and one out of range",
		    &R, WANT(ERANGE, "integer out of range", .off = o));

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	put_node(&R, "10.128.8.0", 23, "192.168.1.9", -1);
	put_node(&R, "10.128.10.0", 23, "192.168.1.10", 7);
	nest_start(&R, SDNBR_A_NODE);
	o = put_prefix(&R, SDNBR_NODE_A_SUBNET, "10.200.0.0", 23);
	put_ip(&R, SDNBR_NODE_A_IP, "192.168.1.11");
	nest_end(&R);
	expect_fail("all or nothing: node-new of 2 good nodes and one outside the cluster",
		    &R, WANT(EINVAL, "the node subnet is outside every cluster network",
			     .off = o));

	/* and the good ones alone do go in, and come out again */
	snapshot(&base);
	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	put_pod(&R, "10.128.2.31", podport(3), -1);
	put_pod(&R, "10.128.2.32", podport(4), -1);
	expect_ok("all or nothing: pod-new of the 3 good pods alone", &R,
		  NULL, NULL);
	snapshot(&after);
	result(count(after.s, " pod{") == 5 && count(base.s, " pod{") == 2,
	       "all or nothing: the pod dump shows 5 pods", "%d before, %d after",
	       count(base.s, " pod{"), count(after.s, " pod{"));
	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", -1, -1);
	put_pod(&R, "10.128.2.31", -1, -1);
	put_pod(&R, "10.128.2.32", -1, -1);
	expect_ok("all or nothing: pod-del of the 3 pods", &R, NULL, NULL);
	drain_events();
	snapshot(&after);
	result(!strcmp(base.s, after.s), "all or nothing: the tables are as before",
	       "they differ");
}

/* ---- egress IPs and the egress firewall -------------------------------------- */

static uint32_t put_egress_ip(struct req *r, const char *addr,
			      const char *node)
{
	uint32_t off = nest_start(r, SDNBR_EGRESS_A_IP);

	if (addr)
		put_ip(r, SDNBR_EGRESS_IP_A_ADDR, addr);
	if (node)
		put_ip(r, SDNBR_EGRESS_IP_A_NODE, node);
	nest_end(r);
	return off;
}

/* A rule; @action 0 leaves it out, and so does a NULL @addr the prefix. */
static uint32_t put_fw_rule(struct req *r, uint8_t action, const char *addr,
			    uint8_t plen)
{
	uint32_t off = nest_start(r, SDNBR_FW_A_RULE);

	if (action)
		put_u8(r, SDNBR_FW_RULE_A_ACTION, action);
	if (addr)
		put_prefix(r, SDNBR_FW_RULE_A_PREFIX, addr, plen);
	nest_end(r);
	return off;
}

static void egress_start(struct req *r, uint8_t cmd, uint32_t vnid)
{
	msg(r, cmd, 0);
	put_br(r);
	nest_start(r, SDNBR_A_EGRESS);
	put_u32(r, SDNBR_EGRESS_A_VNID, vnid);
}

static void fw_start(struct req *r, uint8_t cmd, uint32_t vnid)
{
	msg(r, cmd, 0);
	put_br(r);
	nest_start(r, SDNBR_A_FW);
	put_u32(r, SDNBR_FW_A_VNID, vnid);
}

static void test_egress_fw(void)
{
	uint32_t n, o = 0;
	char a[32];
	int i;

	msg(&R, SDNBR_CMD_EGRESS_NEW, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_EGRESS);
	o = put_u32(&R, SDNBR_EGRESS_A_VNID, SDNBR_VNID_MAX + 1);
	nest_end(&R);
	expect_fail("egress: egress-new vnid 2^24", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_max = SDNBR_VNID_MAX));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	put_egress_ip(&R, "192.168.1.100", NODE_IP);
	o = put_u32(&R, SDNBR_EGRESS_A_MARK, 1);
	nest_end(&R);
	expect_fail("egress: egress-new carrying the read-only mark", &R,
		    WANT(EINVAL, "the mark is read-only", .off = o));

	msg(&R, SDNBR_CMD_EGRESS_NEW, 0);
	put_br(&R);
	n = nest_start(&R, SDNBR_A_EGRESS);
	put_egress_ip(&R, "192.168.1.100", NODE_IP);
	nest_end(&R);
	expect_fail("egress: egress-new without vnid", &R,
		    WANT(EINVAL, "the entry has no VNID", .off = n,
			 .miss_type = SDNBR_EGRESS_A_VNID, .miss_nest = n));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	o = put_egress_ip(&R, NULL, NODE_IP);
	nest_end(&R);
	expect_fail("egress: egress-new ip without addr", &R,
		    WANT(EINVAL, "the egress IP has no address", .off = o,
			 .miss_type = SDNBR_EGRESS_IP_A_ADDR, .miss_nest = o));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	put_egress_ip(&R, "192.168.1.100", NODE_IP);
	o = put_egress_ip(&R, "224.0.0.5", NULL);
	nest_end(&R);
	expect_fail("egress: egress-new multicast ip", &R,
		    WANT(EINVAL, "an egress IP must be a unicast address",
			 .off = o));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	put_egress_ip(&R, "192.168.1.100", NODE_IP);
	put_egress_ip(&R, "192.168.1.101", NULL);
	o = put_egress_ip(&R, "192.168.1.100", "192.168.1.2");
	nest_end(&R);
	expect_fail("egress: egress-new listing one ip twice", &R,
		    WANT(EINVAL, "the egress IP is listed twice", .off = o));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	for (i = 0; i < SDNBR_MAX_EGRESS_IPS + 1; i++) {
		snprintf(a, sizeof(a), "192.168.2.%d", i + 1);
		o = put_egress_ip(&R, a, NULL);
	}
	nest_end(&R);
	expect_fail("egress: egress-new with 17 ips", &R,
		    WANT(E2BIG, "too many egress IPs (at most 16)", .off = o));

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	for (i = 0; i < SDNBR_MAX_EGRESS_IPS; i++) {
		snprintf(a, sizeof(a), "192.168.2.%d", i + 1);
		put_egress_ip(&R, a, i ? NULL : NODE_IP);
	}
	nest_end(&R);
	expect_ok("egress: egress-new with 16 ips", &R, NULL, NULL);
	drain_events();

	egress_start(&R, SDNBR_CMD_EGRESS_NEW, 10);
	put_egress_ip(&R, "192.168.1.100", NULL);
	o = R.nest[0];
	nest_end(&R);
	expect_fail("egress: egress-new of an existing entry", &R,
		    WANT(EEXIST, "the entry exists (use replace)", .off = o));

	/* the firewall */
	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	nest_start(&R, SDNBR_FW_A_RULE);
	o = put_u8(&R, SDNBR_FW_RULE_A_ACTION, 0);
	put_prefix(&R, SDNBR_FW_RULE_A_PREFIX, "0.0.0.0", 0);
	nest_end(&R);
	nest_end(&R);
	expect_fail("firewall: fw-new rule action 0", &R,
		    WANT(ERANGE, "integer out of range", .off = o,
			 .pol_min = SDNBR_FW_ALLOW, .pol_max = SDNBR_FW_ACTION_MAX));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	nest_start(&R, SDNBR_FW_A_RULE);
	o = put_u8(&R, SDNBR_FW_RULE_A_ACTION, SDNBR_FW_ACTION_MAX + 1);
	put_prefix(&R, SDNBR_FW_RULE_A_PREFIX, "0.0.0.0", 0);
	nest_end(&R);
	nest_end(&R);
	expect_fail("firewall: fw-new rule action 3", &R,
		    WANT(ERANGE, "integer out of range", .off = o));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	nest_start(&R, SDNBR_FW_A_RULE);
	put_u8(&R, SDNBR_FW_RULE_A_ACTION, SDNBR_FW_DENY);
	nest_start(&R, SDNBR_FW_RULE_A_PREFIX);
	put_ip(&R, SDNBR_PREFIX_A_ADDR, "8.8.8.0");
	o = put_u8(&R, SDNBR_PREFIX_A_PLEN, 33);
	nest_end(&R);
	nest_end(&R);
	nest_end(&R);
	expect_fail("firewall: fw-new rule prefix plen 33", &R,
		    WANT(ERANGE, "integer out of range", .off = o));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	put_fw_rule(&R, SDNBR_FW_ALLOW, "8.8.8.0", 24);
	o = put_fw_rule(&R, SDNBR_FW_DENY, NULL, 0);
	nest_end(&R);
	expect_fail("firewall: fw-new rule without prefix", &R,
		    WANT(EINVAL, "a firewall rule needs an action and a prefix",
			 .off = o, .miss_type = SDNBR_FW_RULE_A_PREFIX,
			 .miss_nest = o));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	o = put_fw_rule(&R, 0, "8.8.8.0", 24);
	nest_end(&R);
	expect_fail("firewall: fw-new rule without action", &R,
		    WANT(EINVAL, "a firewall rule needs an action and a prefix",
			 .off = o, .miss_type = SDNBR_FW_RULE_A_ACTION,
			 .miss_nest = o));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	nest_start(&R, SDNBR_FW_A_RULE);
	put_u8(&R, SDNBR_FW_RULE_A_ACTION, SDNBR_FW_DENY);
	o = put_prefix(&R, SDNBR_FW_RULE_A_PREFIX, "8.8.8.8", 24);
	nest_end(&R);
	nest_end(&R);
	expect_fail("firewall: fw-new rule prefix with host bits set", &R,
		    WANT(EINVAL, "the prefix has host bits set", .off = o));

	msg(&R, SDNBR_CMD_FW_NEW, 0);
	put_br(&R);
	n = nest_start(&R, SDNBR_A_FW);
	put_fw_rule(&R, SDNBR_FW_DENY, "8.8.8.0", 24);
	nest_end(&R);
	expect_fail("firewall: fw-new without vnid", &R,
		    WANT(EINVAL, "the entry has no VNID", .off = n,
			 .miss_type = SDNBR_FW_A_VNID, .miss_nest = n));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	for (i = 0; i < SDNBR_MAX_FIREWALL_RULES + 1; i++) {
		snprintf(a, sizeof(a), "10.%d.%d.0", 200 + i / 256, i % 256);
		o = put_fw_rule(&R, SDNBR_FW_DENY, a, 24);
	}
	nest_end(&R);
	expect_fail("firewall: fw-new with 1001 rules", &R,
		    WANT(E2BIG, "too many firewall rules (at most 1000)",
			 .off = o));

	fw_start(&R, SDNBR_CMD_FW_NEW, 10);
	for (i = 0; i < SDNBR_MAX_FIREWALL_RULES; i++) {
		snprintf(a, sizeof(a), "10.%d.%d.0", 200 + i / 256, i % 256);
		put_fw_rule(&R, SDNBR_FW_DENY, a, 24);
	}
	nest_end(&R);
	expect_ok("firewall: fw-new with 1000 rules", &R, NULL, NULL);
	drain_events();

	/* both entries go, and the tables are the baseline's again */
	msg(&R, SDNBR_CMD_FW_DEL, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_FW);
	put_u32(&R, SDNBR_FW_A_VNID, 10);
	nest_end(&R);
	expect_ok("firewall: fw-del", &R, NULL, NULL);
	msg(&R, SDNBR_CMD_EGRESS_DEL, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_EGRESS);
	put_u32(&R, SDNBR_EGRESS_A_VNID, 10);
	nest_end(&R);
	expect_ok("egress: egress-del", &R, NULL, NULL);
	drain_events();
}

/* An event must carry the entry as installed, defaults filled in. */
struct event_pod {
	int cmd;
	bool has_ip, has_mac, has_port, has_vnid, has_counters;
	uint32_t ip, port, vnid;
	unsigned char mac[6];
};

static void event_pod_cb(const struct nlmsghdr *nlh, struct event_pod *e)
{
	const struct nlattr *head, *a, *x;
	int len;

	if (nlh->nlmsg_type != family_id)
		return;
	e->cmd = ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd;
	head = msg_attrs(nlh, &len);
	for_each_attr(a, head, len) {
		if (attr_type(a) != SDNBR_A_POD)
			continue;
		for_each_attr(x, attr_data(a), attr_len(a)) {
			switch (attr_type(x)) {
			case SDNBR_POD_A_IP:
				e->has_ip = true;
				e->ip = attr_u32(x);
				break;
			case SDNBR_POD_A_MAC:
				e->has_mac = attr_len(x) == 6;
				if (e->has_mac)
					memcpy(e->mac, attr_data(x), 6);
				break;
			case SDNBR_POD_A_IFINDEX:
				e->has_port = true;
				e->port = attr_u32(x);
				break;
			case SDNBR_POD_A_VNID:
				e->has_vnid = true;
				e->vnid = attr_u32(x);
				break;
			case SDNBR_POD_A_RX:
			case SDNBR_POD_A_TX:
				e->has_counters = true;
				break;
			}
		}
	}
}

static int read_event_pod(struct event_pod *e)
{
	static unsigned char buf[BUFSZ];
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len, count = 0;

	memset(e, 0, sizeof(*e));
	e->cmd = -1;
	n = recv(evsock, buf, sizeof(buf), MSG_DONTWAIT);
	if (n < 0)
		return 0;
	len = n;
	for (nlh = (const struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
	     nlh = NLMSG_NEXT(nlh, len)) {
		event_pod_cb(nlh, e);
		count++;
	}
	return count + drain_events();
}

static void test_events(void)
{
	static const unsigned char mac[6] = { 0x0a, 0x58, 10, 128, 2, 40 };
	struct event_pod e;
	struct ack k;
	int n;

	drain_events();
	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.40", podport(2), -1);
	must_transact(&R, &k, NULL, NULL);
	n = read_event_pod(&e);
	result(!k.err && n == 1 && e.cmd == SDNBR_CMD_POD_NEW && e.has_ip &&
	       e.ip == ip4("10.128.2.40") && e.has_mac &&
	       !memcmp(e.mac, mac, 6) && e.has_port && e.port == podport(2) &&
	       e.has_vnid && e.vnid == 0 && !e.has_counters,
	       "events: pod-new is announced with the default mac and vnid",
	       "%s, %d event(s), cmd %d, ip %d mac %d %02x:%02x:%02x:%02x:%02x:%02x port %d vnid %d counters %d",
	       errname(k.err), n, e.cmd, e.has_ip, e.has_mac, e.mac[0],
	       e.mac[1], e.mac[2], e.mac[3], e.mac[4], e.mac[5], e.has_port,
	       e.has_vnid, e.has_counters);

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.40", -1, -1);
	must_transact(&R, &k, NULL, NULL);
	n = read_event_pod(&e);
	result(!k.err && n == 1 && e.cmd == SDNBR_CMD_POD_DEL && e.has_ip &&
	       e.ip == ip4("10.128.2.40") && !e.has_mac && !e.has_port &&
	       !e.has_vnid, "events: pod-del is announced with the key only",
	       "%s, %d event(s), cmd %d, ip %d mac %d port %d vnid %d",
	       errname(k.err), n, e.cmd, e.has_ip, e.has_mac, e.has_port,
	       e.has_vnid);
}

/* ---- a caller without CAP_NET_ADMIN ------------------------------------------ */

enum { NP_POD_NEW, NP_POD_DEL, NP_BR_SET, NP_NS_FLUSH, NP_NODE_NEW,
       NP_INHERITED, NP_BR_GET, NP_POD_DUMP, NP_N };

static const char *const np_desc[NP_N] = {
	[NP_POD_NEW] = "permissions: pod-new as nobody",
	[NP_POD_DEL] = "permissions: pod-del as nobody",
	[NP_BR_SET] = "permissions: br-set as nobody",
	[NP_NS_FLUSH] = "permissions: ns-flush as nobody",
	[NP_NODE_NEW] = "permissions: node-new as nobody",
	[NP_INHERITED] = "permissions: pod-flush as nobody on root's socket",
	[NP_BR_GET] = "permissions: br-get as nobody is allowed",
	[NP_POD_DUMP] = "permissions: pod dump as nobody is allowed",
};

struct np_result {
	int err[NP_N];
	bool has_msg[NP_N];
	char msg[NP_N][256];
	int setup;	/* 0, or the errno of dropping privileges */
};

static void np_record(struct np_result *res, int i, int fd, struct req *r)
{
	struct ack k;

	if (transact(fd, r, &k, NULL, NULL)) {
		res->err[i] = -errno;
		return;
	}
	res->err[i] = k.err;
	res->has_msg[i] = k.has_msg;
	snprintf(res->msg[i], sizeof(res->msg[i]), "%s", k.msg);
}

static void np_child(struct np_result *res)
{
	struct family_info f;
	int fd;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY) ||
	    geteuid() != NOBODY) {
		res->setup = errno ? errno : EPERM;
		return;
	}
	fd = nl_open();
	if (fd < 0 || get_family(fd, &f) || f.id != family_id) {
		res->setup = errno ? errno : ENOENT;
		return;
	}

	msg(&R, SDNBR_CMD_POD_NEW, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.30", podport(2), -1);
	np_record(res, NP_POD_NEW, fd, &R);

	msg(&R, SDNBR_CMD_POD_DEL, 0);
	put_br(&R);
	put_pod(&R, "10.128.2.10", -1, -1);
	np_record(res, NP_POD_DEL, fd, &R);

	msg(&R, SDNBR_CMD_BR_SET, 0);
	put_br(&R);
	nest_start(&R, SDNBR_A_CONFIG);
	put_u32(&R, SDNBR_CFG_A_MTU, 1400);
	nest_end(&R);
	np_record(res, NP_BR_SET, fd, &R);

	msg(&R, SDNBR_CMD_NS_FLUSH, 0);
	put_br(&R);
	np_record(res, NP_NS_FLUSH, fd, &R);

	msg(&R, SDNBR_CMD_NODE_NEW, 0);
	put_br(&R);
	put_node(&R, "10.128.8.0", 23, "192.168.1.9", -1);
	np_record(res, NP_NODE_NEW, fd, &R);

	msg(&R, SDNBR_CMD_POD_FLUSH, 0);
	put_br(&R);
	np_record(res, NP_INHERITED, sock, &R);

	msg(&R, SDNBR_CMD_BR_GET, 0);
	put_br(&R);
	np_record(res, NP_BR_GET, fd, &R);

	msg(&R, SDNBR_CMD_POD_GET, NLM_F_DUMP);
	put_br(&R);
	np_record(res, NP_POD_DUMP, fd, &R);
	close(fd);
}

static void test_permissions(void)
{
	struct np_result res;
	char why[256];
	int pfd[2], status, i;
	pid_t pid;
	ssize_t n;

	drain_events();
	snapshot(&before);
	if (pipe(pfd))
		bail("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		bail("fork");
	if (!pid) {
		memset(&res, 0, sizeof(res));
		close(pfd[0]);
		np_child(&res);
		n = write(pfd[1], &res, sizeof(res));
		_exit(n == sizeof(res) ? 0 : 1);
	}
	close(pfd[1]);
	n = read(pfd[0], &res, sizeof(res));
	close(pfd[0]);
	waitpid(pid, &status, 0);
	if (n != sizeof(res) || res.setup) {
		result(false, "permissions: a child as nobody",
		       "the child failed: %s",
		       n != sizeof(res) ? "no result" : strerror(res.setup));
		return;
	}
	for (i = 0; i < NP_N; i++) {
		struct ack k = { .err = res.err[i], .has_msg = res.has_msg[i] };
		struct want w = i >= NP_BR_GET ? WANT(0, NULL) :
				WANT(EPERM, NOMSG, .off = NONE);

		snprintf(k.msg, sizeof(k.msg), "%s", res.msg[i]);
		result(ack_matches(&k, &w, why, sizeof(why)), np_desc[i],
		       "%s", why);
	}
	snapshot(&after);
	if (strcmp(before.s, after.s)) {
		snap_diff(why, sizeof(why));
		result(false, "permissions: nothing changed, no event", "%s", why);
	} else {
		i = drain_events();
		result(i == 0, "permissions: nothing changed, no event",
		       "%d event(s) announced", i);
	}
}

/* ---- main ---------------------------------------------------------------- */

static void test_baseline(void)
{
	struct snap s = { 0 };

	snapshot(&s);
	/* both pods, both nodes (one with a fixed VNID), both namespaces */
	result(strstr(s.s, " pod{") && strstr(strstr(s.s, " pod{") + 1, " pod{") &&
	       strstr(s.s, " node{") && strstr(s.s, " ns{") &&
	       strstr(s.s, " stat2=6") && strstr(s.s, " stat3=2"),
	       "baseline: br-get and the dumps show the entries",
	       "%.300s", s.s);
	free(s.s);
}

int main(int argc, char **argv)
{
	struct family_info f;
	int one;

	if (argc > 1 && !strcmp(argv[1], "-v"))
		verbose = true;
	if (geteuid()) {
		printf("1..0 # SKIP needs root\n");
		return 4;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");

	sock = nl_open();
	evsock = nl_open();
	if (sock < 0 || evsock < 0)
		bail("netlink socket");
	test_family();
	if (get_family(evsock, &f) || !events_grp)
		bail("events group");
	one = events_grp;
	if (setsockopt(evsock, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &one,
		       sizeof(one)))
		bail("NETLINK_ADD_MEMBERSHIP");

	baseline();
	test_baseline();
	test_get();
	test_policy();
	test_readonly();
	test_missing();
	test_semantic();
	test_lists();
	test_duplicates();
	test_commands();
	test_wrong_type();
	test_exists();
	test_full();
	test_all_or_nothing();
	test_egress_fw();
	test_events();
	test_permissions();

	printf("1..%d\n", n_tests);
	printf("# Totals: pass:%d fail:%d skip:0\n", n_tests - n_failed,
	       n_failed);
	return n_failed ? 1 : 0;
}
