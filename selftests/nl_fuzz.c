// SPDX-License-Identifier: GPL-2.0
/*
 * A fuzzer for the sdnbr generic netlink family.
 *
 * It sends three kinds of messages, mixed, to every command:
 *
 *  valid    well-formed requests from a model of the family (pods, nodes,
 *           namespaces, egress IPs, firewalls, settings; adds, replaces,
 *           deletes, gets, flushes and dumps, one to four entries a
 *           message, and requests the model knows must fail), sent to br0
 *           in the current network namespace. The model predicts each
 *           reply: the errno, and for a get or a dump the entries;
 *  mutated  a valid request with one to four mutations (bits flipped,
 *           attribute lengths and types changed, flags toggled,
 *           attributes dropped, duplicated, wrapped in deep nests,
 *           truncated, the command changed);
 *  random   random commands, flags and attribute trees (random types,
 *           lengths, nesting and payloads).
 *
 * Mutated and random requests go to the same topology in another network
 * namespace (FUZZNS), so that they can change nothing the model tracks: a
 * bridge is always looked up in the sender's namespace. Meanwhile two
 * children send valid, mutated and random requests to br0 without
 * CAP_NET_ADMIN, one as nobody and one in a user namespace of its own;
 * every change must fail with EPERM.
 *
 * Every reply must be well-formed: the right sequence number, an error or
 * ACK with an errno, or sdnbr messages whose attributes nest properly and
 * lie inside their parents. At the end dumps of br0 must show exactly the
 * state the model holds, that is, what the valid requests alone produced.
 *
 * usage: nl_fuzz [-n COUNT] [-u COUNT] [-s SEED] [-v] FUZZNS
 *   -n  messages the privileged fuzzer sends (default 10000)
 *   -u  messages each unprivileged child sends (default COUNT/10)
 *   -s  seed (default: from the clock; printed, so a run can be repeated)
 *
 * The namespaces must hold what nl_fuzz.sh builds: br0 (sdnbr) with tun0,
 * vxlan0 and pod ports p0..p3, and br1 (sdnbr) with pod port o0. Output
 * is KTAP; exit 0 when every check passed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sdnbr.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BUFSZ		(256 * 1024)
#define MAXNEST		16
#define NOBODY		65534

/* ---- random numbers ---------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

/* ---- output ------------------------------------------------------------ */

static const char *who = "nl_fuzz";
static int n_checks, n_failed;
static bool verbose;

__attribute__((format(printf, 1, 2)))
static void failure(const char *fmt, ...)
{
	va_list ap;

	n_failed++;
	if (n_failed > 20)
		return;
	printf("# %s: FAIL: ", who);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void hexdump(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	if (n_failed > 20)
		return;
	for (i = 0; i < len && i < 256; i++)
		printf("%s%02x", i % 32 ? " " : i ? "\n#   " : "#   ", b[i]);
	printf("%s\n", len > 256 ? " ..." : "");
}

static void __attribute__((noreturn)) bail(const char *what)
{
	printf("Bail out! %s: %s: %s\n", who, what, strerror(errno));
	exit(1);
}

static void result(bool ok, const char *desc)
{
	n_checks++;
	printf("%sok %d %s\n", ok ? "" : "not ", n_checks, desc);
	fflush(stdout);
}

/* ---- messages ---------------------------------------------------------- */

struct msg {
	union {
		struct nlmsghdr nlh;
		unsigned char buf[BUFSZ];
	};
	uint32_t nest[MAXNEST];
	int depth;
};

static uint16_t family_id;

static void msg_init(struct msg *m, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	memset(m->buf, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->depth = 0;
	m->nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh.nlmsg_type = family_id;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = SDNBR_GENL_VERSION;
}

static bool room(struct msg *m, size_t len)
{
	return NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_HDRLEN + NLA_ALIGN(len) <
	       BUFSZ - 64;
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	uint32_t off = NLMSG_ALIGN(m->nlh.nlmsg_len);
	struct nlattr *a = (struct nlattr *)(m->buf + off);

	if (!room(m, len))
		return;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len && data)
		memcpy(m->buf + off + NLA_HDRLEN, data, len);
	else if (len)
		memset(m->buf + off + NLA_HDRLEN, 0, len);
	memset(m->buf + off + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	m->nlh.nlmsg_len = off + NLA_HDRLEN + NLA_ALIGN(len);
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put(m, type, &v, 1);
}

static void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	put(m, type, &v, 2);
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put(m, type, &v, 4);
}

static void nest_start(struct msg *m, uint16_t type)
{
	uint32_t off = NLMSG_ALIGN(m->nlh.nlmsg_len);

	if (m->depth >= MAXNEST)
		return;
	put(m, type | NLA_F_NESTED, NULL, 0);
	m->nest[m->depth++] = off;
}

static void nest_end(struct msg *m)
{
	struct nlattr *a;

	if (!m->depth)
		return;
	a = (struct nlattr *)(m->buf + m->nest[--m->depth]);
	a->nla_len = m->nlh.nlmsg_len - m->nest[m->depth];
}

/* ---- the topology of a namespace ----------------------------------------- */

#define N_PODPORTS	4

struct topo {
	uint32_t br, br1, gw, tun, other_port;
	uint32_t pod[N_PODPORTS];
};

static uint32_t ifidx(const char *name)
{
	uint32_t i = if_nametoindex(name);

	if (!i) {
		printf("Bail out! %s: no device %s\n", who, name);
		exit(1);
	}
	return i;
}

static void topo_read(struct topo *t)
{
	char name[IFNAMSIZ];
	int i;

	t->br = ifidx("br0");
	t->br1 = ifidx("br1");
	t->gw = ifidx("tun0");
	t->tun = ifidx("vxlan0");
	t->other_port = ifidx("o0");
	for (i = 0; i < N_PODPORTS; i++) {
		snprintf(name, sizeof(name), "p%d", i);
		t->pod[i] = ifidx(name);
	}
}

/* the settings every namespace gets; addresses in network order */
#define LOCAL_NET	0x0a800200u	/* 10.128.2.0/23 */
#define GATEWAY		0x0a800201u
#define CLUSTER_NET	0x0a800000u	/* 10.128.0.0/14 */
#define SERVICE_NET	0xac1e0000u	/* 172.30.0.0/16 */
#define NODE_IP		0xc0a80101u	/* 192.168.1.1 */

/* ---- the model ----------------------------------------------------------- */

#define N_PODS		40	/* 10.128.2.2 + i */
#define N_NODES		24	/* 10.128.(4 + 2i).0/23 */
#define N_VNIDS		8
#define MAX_EIPS	4
#define MAX_RULES	6

static const uint32_t vnids[N_VNIDS] = {
	0, 1, 2, 10, 20, 4242, 0x800000, SDNBR_VNID_MAX
};

struct m_pod {
	bool used;
	uint8_t mac[6];
	uint32_t ifindex, vnid;
};

struct m_node {
	bool used, fixed;
	uint32_t ip, vnid;
};

struct m_ns {
	bool used;
	uint8_t global;
};

struct m_egress {
	bool used;
	int n;
	uint32_t addr[MAX_EIPS], node[MAX_EIPS];
};

struct m_rule {
	uint8_t action, plen;
	uint32_t addr;
};

struct m_fw {
	bool used;
	int n;
	struct m_rule rule[MAX_RULES];
};

struct model {
	struct m_pod pod[N_PODS];
	struct m_node node[N_NODES];
	struct m_ns ns[N_VNIDS];
	struct m_egress egress[N_VNIDS];
	struct m_fw fw[N_VNIDS];
	uint8_t mode;
	uint32_t mtu;
};

static struct model model;

enum etype { E_POD, E_NODE, E_NS, E_EGRESS, E_FW, N_ETYPES };

static const struct {
	const char *name;
	uint16_t attr;
	uint8_t cmd_new, cmd_del, cmd_get, cmd_flush;
	int n_keys;
} etypes[N_ETYPES] = {
	[E_POD] = { "pod", SDNBR_A_POD, SDNBR_CMD_POD_NEW, SDNBR_CMD_POD_DEL,
		    SDNBR_CMD_POD_GET, SDNBR_CMD_POD_FLUSH, N_PODS },
	[E_NODE] = { "node", SDNBR_A_NODE, SDNBR_CMD_NODE_NEW,
		     SDNBR_CMD_NODE_DEL, SDNBR_CMD_NODE_GET,
		     SDNBR_CMD_NODE_FLUSH, N_NODES },
	[E_NS] = { "ns", SDNBR_A_NS, SDNBR_CMD_NS_NEW, SDNBR_CMD_NS_DEL,
		   SDNBR_CMD_NS_GET, SDNBR_CMD_NS_FLUSH, N_VNIDS },
	[E_EGRESS] = { "egress", SDNBR_A_EGRESS, SDNBR_CMD_EGRESS_NEW,
		       SDNBR_CMD_EGRESS_DEL, SDNBR_CMD_EGRESS_GET,
		       SDNBR_CMD_EGRESS_FLUSH, N_VNIDS },
	[E_FW] = { "fw", SDNBR_A_FW, SDNBR_CMD_FW_NEW, SDNBR_CMD_FW_DEL,
		   SDNBR_CMD_FW_GET, SDNBR_CMD_FW_FLUSH, N_VNIDS },
};

static uint32_t pod_ip(int i)
{
	return htonl(LOCAL_NET + 2 + i);
}

static uint32_t node_subnet(int i)
{
	return htonl(CLUSTER_NET + ((4 + 2 * i) << 8));
}

static uint32_t node_ip(int i)
{
	return htonl(0xc0a8010au + i % 6);	/* shared: 192.168.1.10..15 */
}

static void put_prefix(struct msg *m, uint16_t type, uint32_t addr,
		       uint8_t plen)
{
	nest_start(m, type);
	put(m, SDNBR_PREFIX_A_ADDR, &addr, 4);
	put_u8(m, SDNBR_PREFIX_A_PLEN, plen);
	nest_end(m);
}

static void put_bridge(struct msg *m, const struct topo *t)
{
	switch (rnd(4)) {
	case 0:
		put(m, SDNBR_A_IFNAME, "br0", 4);
		break;
	case 1:
		put_u32(m, SDNBR_A_IFINDEX, t->br);
		put(m, SDNBR_A_IFNAME, "br0", 4);
		break;
	default:
		put_u32(m, SDNBR_A_IFINDEX, t->br);
	}
}

/*
 * One entry to put in a request, and what it does to the model. A bad
 * entry is one the kernel must refuse whatever the table holds.
 */
struct entry {
	enum etype type;
	int key;
	int bad;		/* 0, or the errno the kernel must return */
	union {
		struct m_pod pod;
		struct m_node node;
		struct m_ns ns;
		struct m_egress egress;
		struct m_fw fw;
	};
};

static void gen_entry(struct entry *e, enum etype type, bool new,
		      const struct topo *t, bool allow_bad)
{
	int i, j;

	memset(e, 0, sizeof(*e));
	e->type = type;
	e->key = rnd(etypes[type].n_keys);
	if (!new)
		return;
	switch (type) {
	case E_POD:
		e->pod.used = true;
		e->pod.ifindex = t->pod[rnd(N_PODPORTS)];
		e->pod.vnid = chance(30) ? 0 : vnids[rnd(N_VNIDS)];
		if (chance(50)) {
			uint32_t ip = pod_ip(e->key);

			e->pod.mac[0] = 0x0a;
			e->pod.mac[1] = 0x58;
			memcpy(&e->pod.mac[2], &ip, 4);
		} else {
			for (i = 0; i < 6; i++)
				e->pod.mac[i] = rnd(256);
			e->pod.mac[0] &= 0xfe;
			e->pod.mac[5] |= 1;
		}
		if (allow_bad && chance(10)) {
			e->bad = EINVAL;
			switch (rnd(3)) {
			case 0:
				e->pod.ifindex = t->other_port;
				break;
			case 1:
				e->pod.ifindex = rnd(2) ? t->gw : t->tun;
				break;
			default:
				e->pod.mac[0] |= 1;	/* multicast */
			}
		}
		break;
	case E_NODE:
		e->node.used = true;
		e->node.ip = node_ip(rnd(12));
		e->node.fixed = chance(30);
		if (e->node.fixed)
			e->node.vnid = vnids[rnd(N_VNIDS)];
		if (allow_bad && chance(10)) {
			e->bad = EINVAL;
			e->node.ip = htonl(rnd(2) ? 0xe0000001u : 0x7f000001u);
		}
		break;
	case E_NS:
		e->ns.used = true;
		e->ns.global = rnd(2);
		break;
	case E_EGRESS:
		e->egress.used = true;
		e->egress.n = rnd(MAX_EIPS + 1);
		for (i = 0; i < e->egress.n; i++) {
again:
			e->egress.addr[i] = htonl(0xc0a80201u + rnd(20));
			for (j = 0; j < i; j++)
				if (e->egress.addr[j] == e->egress.addr[i])
					goto again;
			e->egress.node[i] = chance(70) ? node_ip(rnd(6)) : 0;
		}
		if (allow_bad && e->egress.n >= 2 && chance(10)) {
			e->bad = EINVAL;
			e->egress.addr[1] = e->egress.addr[0];
		}
		break;
	case E_FW:
		e->fw.used = true;
		e->fw.n = rnd(MAX_RULES + 1);
		for (i = 0; i < e->fw.n; i++) {
			struct m_rule *r = &e->fw.rule[i];

			r->action = 1 + rnd(2);
			r->plen = rnd(33);
			r->addr = htonl((uint32_t)rnd64() &
					(r->plen ? ~0u << (32 - r->plen) : 0));
		}
		if (allow_bad && e->fw.n && chance(10)) {
			e->bad = EINVAL;
			e->fw.rule[0].plen = 8;
			e->fw.rule[0].addr = htonl(0x0a000001u); /* host bits */
		}
		break;
	default:
		break;
	}
}

static void put_entry(struct msg *m, const struct entry *e, bool new)
{
	int i;

	nest_start(m, etypes[e->type].attr);
	switch (e->type) {
	case E_POD: {
		uint32_t ip = pod_ip(e->key);

		put(m, SDNBR_POD_A_IP, &ip, 4);
		if (!new)
			break;
		put_u32(m, SDNBR_POD_A_IFINDEX, e->pod.ifindex);
		if (e->pod.vnid || chance(50))
			put_u32(m, SDNBR_POD_A_VNID, e->pod.vnid);
		if (!(e->pod.mac[0] == 0x0a && e->pod.mac[1] == 0x58 &&
		      !memcmp(e->pod.mac + 2, &ip, 4)) || chance(50))
			put(m, SDNBR_POD_A_MAC, e->pod.mac, 6);
		break;
	}
	case E_NODE:
		put_prefix(m, SDNBR_NODE_A_SUBNET, node_subnet(e->key), 23);
		if (!new)
			break;
		put(m, SDNBR_NODE_A_IP, &e->node.ip, 4);
		if (e->node.fixed)
			put_u32(m, SDNBR_NODE_A_VNID, e->node.vnid);
		break;
	case E_NS:
		put_u32(m, SDNBR_NS_A_VNID, vnids[e->key]);
		if (new && (e->ns.global || chance(50)))
			put_u8(m, SDNBR_NS_A_GLOBAL, e->ns.global);
		break;
	case E_EGRESS:
		put_u32(m, SDNBR_EGRESS_A_VNID, vnids[e->key]);
		if (!new)
			break;
		for (i = 0; i < e->egress.n; i++) {
			nest_start(m, SDNBR_EGRESS_A_IP);
			put(m, SDNBR_EGRESS_IP_A_ADDR, &e->egress.addr[i], 4);
			if (e->egress.node[i])
				put(m, SDNBR_EGRESS_IP_A_NODE,
				    &e->egress.node[i], 4);
			nest_end(m);
		}
		break;
	case E_FW:
		put_u32(m, SDNBR_FW_A_VNID, vnids[e->key]);
		if (!new)
			break;
		for (i = 0; i < e->fw.n; i++) {
			nest_start(m, SDNBR_FW_A_RULE);
			put_u8(m, SDNBR_FW_RULE_A_ACTION, e->fw.rule[i].action);
			put_prefix(m, SDNBR_FW_RULE_A_PREFIX,
				   e->fw.rule[i].addr, e->fw.rule[i].plen);
			nest_end(m);
		}
		break;
	default:
		break;
	}
	nest_end(m);
}

static bool model_has(enum etype type, int key)
{
	switch (type) {
	case E_POD: return model.pod[key].used;
	case E_NODE: return model.node[key].used;
	case E_NS: return model.ns[key].used;
	case E_EGRESS: return model.egress[key].used;
	case E_FW: return model.fw[key].used;
	default: return false;
	}
}

static void model_set(const struct entry *e, bool present)
{
	switch (e->type) {
	case E_POD:
		model.pod[e->key] = e->pod;
		model.pod[e->key].used = present;
		break;
	case E_NODE:
		model.node[e->key] = e->node;
		model.node[e->key].used = present;
		break;
	case E_NS:
		model.ns[e->key] = e->ns;
		model.ns[e->key].used = present;
		break;
	case E_EGRESS:
		model.egress[e->key] = e->egress;
		model.egress[e->key].used = present;
		break;
	case E_FW:
		model.fw[e->key] = e->fw;
		model.fw[e->key].used = present;
		break;
	default:
		break;
	}
}

static void model_flush(enum etype type)
{
	switch (type) {
	case E_POD: memset(model.pod, 0, sizeof(model.pod)); break;
	case E_NODE: memset(model.node, 0, sizeof(model.node)); break;
	case E_NS: memset(model.ns, 0, sizeof(model.ns)); break;
	case E_EGRESS: memset(model.egress, 0, sizeof(model.egress)); break;
	case E_FW: memset(model.fw, 0, sizeof(model.fw)); break;
	default: break;
	}
}

/* ---- sockets and replies --------------------------------------------------- */

static uint32_t seqno;

static int nl_open(void)
{
	struct timeval tv = { .tv_sec = 30 };
	int one = 1, bufsz = 4 << 20;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		bail("socket");
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsz, sizeof(bufsz));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

/* What came back for one request. */
struct reply {
	int err;		/* 0 or a positive errno */
	int n_msgs;		/* sdnbr messages */
	bool intr;		/* a dump said NLM_F_DUMP_INTR */
	bool bad;		/* malformed: already reported */
	void (*cb)(const struct nlmsghdr *nlh, void *arg);
	void *arg;
};

/* Attributes inside [p, p + len) must tile it exactly, nested ones too. */
static bool attrs_ok(const unsigned char *p, int len, int depth)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int alen = a->nla_len;

		if (alen < NLA_HDRLEN || alen > len)
			return false;
		if ((a->nla_type & NLA_F_NESTED) &&
		    (depth > MAXNEST ||
		     !attrs_ok(p + NLA_HDRLEN, alen - NLA_HDRLEN, depth + 1)))
			return false;
		if (NLA_ALIGN(alen) >= len)
			return true;
		p += NLA_ALIGN(alen);
		len -= NLA_ALIGN(alen);
	}
	return len == 0;
}

static bool sdnbr_msg_ok(const struct nlmsghdr *nlh, const char **why)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	if (len < 0) {
		*why = "shorter than a genl header";
		return false;
	}
	if (g->cmd < SDNBR_CMD_BR_GET || g->cmd > SDNBR_CMD_MAX) {
		*why = "unknown command";
		return false;
	}
	if (!attrs_ok((const unsigned char *)g + GENL_HDRLEN, len, 0)) {
		*why = "attributes do not nest";
		return false;
	}
	return true;
}

static bool send_req(int fd, struct msg *m, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	m->nlh.nlmsg_seq = ++seqno;
	if (sendto(fd, m->buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		/* the socket refuses nothing a process may write */
		failure("sendto: %s", strerror(errno));
		return false;
	}
	return true;
}

/*
 * Read the replies to the request with @seq until its ACK, error or
 * NLMSG_DONE, checking each. Returns false when no final answer came.
 */
static bool recv_reply(int fd, uint32_t seq, struct reply *r)
{
	static unsigned char buf[BUFSZ];
	const char *why = NULL;

	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			failure("recv (seq %u): %s", seq, strerror(errno));
			return false;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq) {
				why = "a reply with another sequence number";
				goto bad;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
					why = "a short error message";
					goto bad;
				}
				if (e->error > 0 || e->error < -4095) {
					why = "an error that is no errno";
					goto bad;
				}
				r->err = -e->error;
				return true;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					r->err = -*(int *)NLMSG_DATA(nlh);
				if (r->err < 0 || r->err > 4095) {
					why = "NLMSG_DONE with no errno";
					goto bad;
				}
				if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
					r->intr = true;
				return true;
			}
			if (nlh->nlmsg_type != family_id) {
				why = "a reply of another family";
				goto bad;
			}
			if (!sdnbr_msg_ok(nlh, &why))
				goto bad;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				r->intr = true;
			r->n_msgs++;
			if (r->cb)
				r->cb(nlh, r->arg);
		}
		if (n) {
			why = "a truncated message";
			nlh = (struct nlmsghdr *)buf;
			goto bad;
		}
	}
bad:
	failure("reply to seq %u: %s", seq, why);
	r->bad = true;
	return false;
}

/* Send and wait; false if the exchange itself went wrong (reported). */
static bool xchg(int fd, struct msg *m, size_t len, struct reply *r)
{
	r->err = 0;
	r->n_msgs = 0;
	r->intr = false;
	r->bad = false;
	return send_req(fd, m, len) && recv_reply(fd, seqno, r);
}

static uint16_t resolve_family(int fd)
{
	struct {
		struct nlmsghdr nlh;
		struct genlmsghdr g;
		unsigned char attrs[64];
	} req = { 0 };
	static unsigned char buf[8192];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlattr *a;
	struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	req.nlh.nlmsg_type = GENL_ID_CTRL;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.nlh.nlmsg_seq = ++seqno;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	a = (struct nlattr *)req.attrs;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(SDNBR_GENL_NAME);
	memcpy((char *)a + NLA_HDRLEN, SDNBR_GENL_NAME, sizeof(SDNBR_GENL_NAME));
	req.nlh.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(a->nla_len);
	if (sendto(fd, &req, req.nlh.nlmsg_len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		bail("sendto");
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		bail("recv");
	nlh = (struct nlmsghdr *)buf;
	if (!NLMSG_OK(nlh, n) || nlh->nlmsg_type == NLMSG_ERROR) {
		printf("Bail out! %s: the sdnbr family is not registered\n", who);
		exit(1);
	}
	len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	a = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN) {
		if ((a->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)((char *)a + NLA_HDRLEN);
		len -= NLA_ALIGN(a->nla_len);
		a = (struct nlattr *)((char *)a + NLA_ALIGN(a->nla_len));
	}
	printf("Bail out! %s: no family id in the reply\n", who);
	exit(1);
}

/* ---- valid requests and what the model predicts ---------------------------- */

static const char *cmd_name(uint8_t cmd)
{
	static const char *const names[] = {
		"UNSPEC", "BR_GET", "BR_SET",
		"POD_NEW", "POD_DEL", "POD_GET", "POD_FLUSH",
		"NODE_NEW", "NODE_DEL", "NODE_GET", "NODE_FLUSH",
		"NS_NEW", "NS_DEL", "NS_GET", "NS_FLUSH",
		"EGRESS_NEW", "EGRESS_DEL", "EGRESS_GET", "EGRESS_FLUSH",
		"FW_NEW", "FW_DEL", "FW_GET", "FW_FLUSH",
	};

	return cmd < sizeof(names) / sizeof(names[0]) ? names[cmd] : "?";
}

/* A request built from the model: what to send and what must come back. */
struct valid {
	struct msg *m;
	uint8_t cmd;
	bool dump, changes;
	int n;
	struct entry e[4];
	uint16_t flags;
	int want;		/* the errno; -1: one of want_set */
	uint32_t want_set;	/* bit per errno < 32 */
};

static void settings_msg(struct msg *m, const struct topo *t, uint8_t mode,
			 uint32_t mtu, bool full)
{
	msg_init(m, SDNBR_CMD_BR_SET, NLM_F_ACK);
	put_bridge(m, t);
	nest_start(m, SDNBR_A_CONFIG);
	put_u8(m, SDNBR_CFG_A_MODE, mode);
	if (full) {
		put_prefix(m, SDNBR_CFG_A_CLUSTER_NETWORK, htonl(CLUSTER_NET), 14);
		put_prefix(m, SDNBR_CFG_A_SERVICE_NETWORK, htonl(SERVICE_NET), 16);
		put_prefix(m, SDNBR_CFG_A_LOCAL_SUBNET, htonl(LOCAL_NET), 23);
		put_u32(m, SDNBR_CFG_A_GATEWAY, htonl(GATEWAY));
		put_u32(m, SDNBR_CFG_A_NODE_IP, htonl(NODE_IP));
		put_u16(m, SDNBR_CFG_A_VXLAN_PORT, SDNBR_DEFAULT_VXLAN_PORT);
	}
	put_u32(m, SDNBR_CFG_A_MTU, mtu);
	nest_end(m);
}

static uint16_t new_flags(void)
{
	static const uint16_t f[] = {
		0, NLM_F_CREATE, NLM_F_CREATE | NLM_F_EXCL, NLM_F_REPLACE,
		NLM_F_CREATE | NLM_F_REPLACE, NLM_F_REPLACE | NLM_F_EXCL,
	};

	return f[rnd(sizeof(f) / sizeof(f[0]))];
}

static void gen_valid(struct valid *v, const struct topo *t, bool model_it)
{
	enum etype type = rnd(N_ETYPES);
	uint32_t r = rnd(100);
	int i, j;

	v->dump = false;
	v->changes = false;
	v->n = 0;
	v->want = 0;
	v->want_set = 0;
	if (r < 4) {		/* settings */
		uint8_t mode = 1 + rnd(2);
		uint32_t mtu = chance(50) ? 1450 : 576 + rnd(65535 - 576);

		v->cmd = SDNBR_CMD_BR_SET;
		settings_msg(v->m, t, mode, mtu, chance(50));
		v->changes = true;
		if (model_it) {
			model.mode = mode;
			model.mtu = mtu;
		}
		return;
	}
	if (r < 8) {		/* BR_GET, or the dump of every bridge */
		v->cmd = SDNBR_CMD_BR_GET;
		v->dump = chance(30);
		msg_init(v->m, v->cmd, v->dump ? NLM_F_DUMP : NLM_F_ACK);
		if (!v->dump || chance(50))
			put_bridge(v->m, t);
		return;
	}
	if (r < 10) {		/* flush */
		v->cmd = etypes[type].cmd_flush;
		msg_init(v->m, v->cmd, NLM_F_ACK);
		put_bridge(v->m, t);
		v->changes = true;
		if (model_it)
			model_flush(type);
		return;
	}
	if (r < 16) {		/* dump */
		v->cmd = etypes[type].cmd_get;
		v->dump = true;
		v->e[0].type = type;
		msg_init(v->m, v->cmd, NLM_F_DUMP);
		put_bridge(v->m, t);
		return;
	}
	if (r < 30) {		/* get */
		v->cmd = etypes[type].cmd_get;
		msg_init(v->m, v->cmd, NLM_F_ACK);
		put_bridge(v->m, t);
		gen_entry(&v->e[0], type, false, t, false);
		v->n = 1;
		put_entry(v->m, &v->e[0], false);
		if (!model_has(type, v->e[0].key))
			v->want = ENOENT;
		return;
	}

	/* NEW or DEL of one to four entries */
	v->changes = true;
	v->n = chance(60) ? 1 : 2 + rnd(3);
	if (r < 70) {
		v->cmd = etypes[type].cmd_new;
		v->flags = new_flags();
	} else {
		v->cmd = etypes[type].cmd_del;
		v->flags = 0;
	}
	msg_init(v->m, v->cmd, NLM_F_ACK | v->flags);
	put_bridge(v->m, t);
	for (i = 0; i < v->n; i++) {
		gen_entry(&v->e[i], type, v->cmd == etypes[type].cmd_new, t,
			  true);
		/* mostly distinct keys: a repeated one fails the message */
		if (i && !chance(5))
			for (j = 0; j < i; j++)
				if (v->e[j].key == v->e[i].key) {
					v->e[i].key = (v->e[i].key + 1) %
						      etypes[type].n_keys;
					j = -1;
				}
		put_entry(v->m, &v->e[i], v->cmd == etypes[type].cmd_new);
	}
	if (!model_it)
		return;

	/* NLM_F_REPLACE | NLM_F_EXCL is NLM_F_DUMP: NEW has no dump */
	if ((v->flags & NLM_F_DUMP) == NLM_F_DUMP) {
		v->want = EOPNOTSUPP;
		return;
	}
	/* entries are parsed in order: the first bad one decides */
	for (i = 0; i < v->n; i++)
		if (v->e[i].bad) {
			v->want = v->e[i].bad;
			return;
		}
	/* then, sorted, each is checked against the table */
	for (i = 0; i < v->n; i++) {
		bool exists = model_has(type, v->e[i].key);
		uint16_t f = v->flags;

		for (j = 0; j < i; j++)
			if (v->e[j].key == v->e[i].key)
				v->want_set |= 1u << EINVAL;
		if (v->cmd == etypes[type].cmd_del) {
			if (!exists)
				v->want_set |= 1u << ENOENT;
			continue;
		}
		if (!(f & (NLM_F_CREATE | NLM_F_REPLACE)))
			f |= NLM_F_CREATE | NLM_F_EXCL;
		if (exists && (!(f & NLM_F_REPLACE) || (f & NLM_F_EXCL)))
			v->want_set |= 1u << EEXIST;
		if (!exists && !(f & NLM_F_CREATE))
			v->want_set |= 1u << ENOENT;
	}
	if (v->want_set) {
		v->want = -1;
		return;
	}
	for (i = 0; i < v->n; i++)
		model_set(&v->e[i], v->cmd == etypes[type].cmd_new);
}

/* ---- checking entries in replies against the model ------------------------ */

static const struct nlattr *attr_find(const void *p, int len, int type)
{
	const struct nlattr *a = p;

	while (len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	       a->nla_len <= len) {
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
		len -= NLA_ALIGN(a->nla_len);
		a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len));
	}
	return NULL;
}

#define NLA_PAYLOAD(a)	((const char *)(a) + NLA_HDRLEN)
#define NLA_PLEN(a)	((a)->nla_len - NLA_HDRLEN)

static bool get_u32(const void *p, int len, int type, uint32_t *v)
{
	const struct nlattr *a = attr_find(p, len, type);

	if (!a || NLA_PLEN(a) != 4)
		return false;
	memcpy(v, NLA_PAYLOAD(a), 4);
	return true;
}

static bool get_u8(const void *p, int len, int type, uint8_t *v)
{
	const struct nlattr *a = attr_find(p, len, type);

	if (!a || NLA_PLEN(a) != 1)
		return false;
	*v = *(const uint8_t *)NLA_PAYLOAD(a);
	return true;
}

static bool get_prefix(const void *p, int len, int type, uint32_t *addr,
		       uint8_t *plen)
{
	const struct nlattr *a = attr_find(p, len, type);

	return a && get_u32(NLA_PAYLOAD(a), NLA_PLEN(a), SDNBR_PREFIX_A_ADDR,
			    addr) &&
	       get_u8(NLA_PAYLOAD(a), NLA_PLEN(a), SDNBR_PREFIX_A_PLEN, plen);
}

/*
 * Decode one entry nest into (type, key) and compare it with the model.
 * Returns the key index, or -1 after reporting a mismatch.
 */
static int check_entry(enum etype type, const struct nlattr *nest)
{
	const char *p = NLA_PAYLOAD(nest);
	int len = NLA_PLEN(nest), i, n;
	const struct nlattr *a;
	uint32_t v, addr;
	uint8_t u8, plen;

	switch (type) {
	case E_POD: {
		const struct m_pod *mp;

		if (!get_u32(p, len, SDNBR_POD_A_IP, &v))
			goto bad;
		i = ntohl(v) - LOCAL_NET - 2;
		if (i < 0 || i >= N_PODS || !model.pod[i].used)
			goto extra;
		mp = &model.pod[i];
		a = attr_find(p, len, SDNBR_POD_A_MAC);
		if (!a || NLA_PLEN(a) != 6 || memcmp(NLA_PAYLOAD(a), mp->mac, 6) ||
		    !get_u32(p, len, SDNBR_POD_A_IFINDEX, &v) ||
		    v != mp->ifindex ||
		    !get_u32(p, len, SDNBR_POD_A_VNID, &v) || v != mp->vnid)
			goto differs;
		return i;
	}
	case E_NODE: {
		const struct m_node *mn;

		if (!get_prefix(p, len, SDNBR_NODE_A_SUBNET, &addr, &plen))
			goto bad;
		i = ((ntohl(addr) - CLUSTER_NET) >> 8) - 4;
		if (plen != 23 || i < 0 || i % 2 || i / 2 >= N_NODES ||
		    !model.node[i / 2].used)
			goto extra;
		i /= 2;
		mn = &model.node[i];
		if (!get_u32(p, len, SDNBR_NODE_A_IP, &v) || v != mn->ip)
			goto differs;
		if (get_u32(p, len, SDNBR_NODE_A_VNID, &v) != mn->fixed ||
		    (mn->fixed && v != mn->vnid))
			goto differs;
		return i;
	}
	case E_NS:
	case E_EGRESS:
	case E_FW:
		if (!get_u32(p, len, type == E_NS ? SDNBR_NS_A_VNID :
				     type == E_EGRESS ? SDNBR_EGRESS_A_VNID :
				     SDNBR_FW_A_VNID, &v))
			goto bad;
		for (i = 0; i < N_VNIDS && vnids[i] != v; i++)
			;
		if (i == N_VNIDS || !model_has(type, i))
			goto extra;
		break;
	default:
		goto bad;
	}
	if (type == E_NS) {
		if (!get_u8(p, len, SDNBR_NS_A_GLOBAL, &u8) ||
		    u8 != model.ns[i].global)
			goto differs;
		return i;
	}
	/* the lists of egress IPs and rules, in order */
	n = 0;
	for (a = (const struct nlattr *)p;
	     len - ((const char *)a - p) >= NLA_HDRLEN;
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		const char *q = NLA_PAYLOAD(a);
		int qlen = NLA_PLEN(a);

		if (a->nla_len < NLA_HDRLEN)
			goto bad;
		if (type == E_EGRESS &&
		    (a->nla_type & NLA_TYPE_MASK) == SDNBR_EGRESS_A_IP) {
			const struct m_egress *me = &model.egress[i];
			uint32_t node = 0;

			if (n >= me->n ||
			    !get_u32(q, qlen, SDNBR_EGRESS_IP_A_ADDR, &v) ||
			    v != me->addr[n])
				goto differs;
			get_u32(q, qlen, SDNBR_EGRESS_IP_A_NODE, &node);
			if (node != me->node[n])
				goto differs;
			n++;
		} else if (type == E_FW &&
			   (a->nla_type & NLA_TYPE_MASK) == SDNBR_FW_A_RULE) {
			const struct m_rule *mr = &model.fw[i].rule[n];

			if (n >= model.fw[i].n ||
			    !get_u8(q, qlen, SDNBR_FW_RULE_A_ACTION, &u8) ||
			    u8 != mr->action ||
			    !get_prefix(q, qlen, SDNBR_FW_RULE_A_PREFIX, &addr,
					&plen) ||
			    addr != mr->addr || plen != mr->plen)
				goto differs;
			n++;
		}
	}
	if (n != (type == E_EGRESS ? model.egress[i].n : model.fw[i].n))
		goto differs;
	return i;

bad:
	failure("a %s entry without its key", etypes[type].name);
	return -1;
extra:
	failure("a %s entry the model does not have", etypes[type].name);
	return -1;
differs:
	failure("%s entry %d differs from the model", etypes[type].name, i);
	return -1;
}

struct seen {
	enum etype type;
	bool key[N_PODS];
	int n, bad;
};

static void entry_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const char *p = (const char *)g + GENL_HDRLEN;
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct seen *s = arg;
	const struct nlattr *a;
	int k;

	if (g->cmd != etypes[s->type].cmd_get) {
		failure("a %s reply has command %s", etypes[s->type].name,
			cmd_name(g->cmd));
		s->bad++;
		return;
	}
	a = attr_find(p, len, etypes[s->type].attr);
	if (!a) {
		failure("a %s reply without an entry", etypes[s->type].name);
		s->bad++;
		return;
	}
	k = check_entry(s->type, a);
	if (k < 0) {
		s->bad++;
		return;
	}
	if (s->key[k]) {
		failure("%s entry %d twice in a dump", etypes[s->type].name, k);
		s->bad++;
	}
	s->key[k] = true;
	s->n++;
}

struct cfg_seen {
	bool seen, ok;
};

static void br_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);
	const char *p = (const char *)g + GENL_HDRLEN;
	int len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct cfg_seen *c = arg;
	const struct nlattr *a = attr_find(p, len, SDNBR_A_IFNAME);
	uint32_t mtu;
	uint8_t mode;

	if (!a || strncmp(NLA_PAYLOAD(a), "br0", NLA_PLEN(a)))
		return;
	c->seen = true;
	a = attr_find(p, len, SDNBR_A_CONFIG);
	c->ok = a && get_u8(NLA_PAYLOAD(a), NLA_PLEN(a), SDNBR_CFG_A_MODE, &mode) &&
		mode == model.mode &&
		get_u32(NLA_PAYLOAD(a), NLA_PLEN(a), SDNBR_CFG_A_MTU, &mtu) &&
		mtu == model.mtu &&
		attr_find(p, len, SDNBR_A_STATS);
}

static bool dump_matches(int fd, const struct topo *t, enum etype type)
{
	static struct msg m;
	struct seen s = { .type = type };
	struct reply r = { .cb = entry_cb, .arg = &s };
	int i, want = 0, tries;

	for (tries = 0; tries < 5; tries++) {
		memset(s.key, 0, sizeof(s.key));
		s.n = 0;
		s.bad = 0;
		msg_init(&m, etypes[type].cmd_get, NLM_F_DUMP);
		put_bridge(&m, t);
		if (!xchg(fd, &m, m.nlh.nlmsg_len, &r))
			return false;
		if (!r.intr)
			break;
	}
	if (r.err) {
		failure("dump of %s: %s", etypes[type].name, strerror(r.err));
		return false;
	}
	for (i = 0; i < etypes[type].n_keys; i++)
		if (model_has(type, i)) {
			want++;
			if (!s.key[i])
				failure("%s entry %d missing from the dump",
					etypes[type].name, i);
		}
	return !s.bad && s.n == want;
}

static bool settings_match(int fd, const struct topo *t)
{
	static struct msg m;
	struct cfg_seen c = { 0 };
	struct reply r = { .cb = br_cb, .arg = &c };

	msg_init(&m, SDNBR_CMD_BR_GET, NLM_F_ACK);
	put_bridge(&m, t);
	if (!xchg(fd, &m, m.nlh.nlmsg_len, &r) || r.err || !c.seen || !c.ok) {
		failure("BR_GET: the settings differ from the model (err %d)",
			r.err);
		return false;
	}
	return true;
}

/* Send one valid request to the model's bridge and check the answer. */
static void run_valid(int fd, struct valid *v)
{
	struct seen s = { 0 };
	struct cfg_seen c = { 0 };
	struct reply r = { 0 };
	int i;

	if (v->cmd == SDNBR_CMD_BR_GET) {
		r.cb = br_cb;
		r.arg = &c;
	} else if (!v->changes) {
		s.type = v->e[0].type;
		r.cb = entry_cb;
		r.arg = &s;
	}
	if (!xchg(fd, v->m, v->m->nlh.nlmsg_len, &r))
		goto dump;
	if (v->want >= 0 ? r.err != v->want :
	    (r.err >= 32 || !(v->want_set & (1u << r.err)))) {
		failure("%s%s%s of %d entries (flags %#x): got %s, want %s",
			cmd_name(v->cmd), v->dump ? " dump" : "",
			v->n && v->e[0].bad ? " (bad entry)" : "", v->n,
			v->flags, r.err ? strerror(r.err) : "success",
			v->want > 0 ? strerror(v->want) :
			v->want ? "a failure" : "success");
		goto dump;
	}
	if (v->cmd == SDNBR_CMD_BR_GET && !v->dump && (!c.seen || !c.ok)) {
		failure("BR_GET: the settings differ from the model");
		goto dump;
	}
	if (r.cb == entry_cb && !r.err) {
		if (s.bad)
			goto dump;
		if (v->dump && !r.intr) {
			int want = 0;

			for (i = 0; i < etypes[s.type].n_keys; i++)
				want += model_has(s.type, i);
			if (s.n != want) {
				failure("dump of %s: %d entries, the model has %d",
					etypes[s.type].name, s.n, want);
				goto dump;
			}
		} else if (!v->dump && s.n != 1) {
			failure("GET of a %s: %d entries", etypes[s.type].name,
				s.n);
			goto dump;
		}
	}
	return;
dump:
	hexdump(v->m->buf, v->m->nlh.nlmsg_len);
}

/* ---- mutations and random messages ---------------------------------------- */

/* The attributes of a message, found by treating NLA_F_NESTED as nesting. */
struct attr_ref {
	uint32_t off;
	int parent;		/* index, or -1 at the top level */
};

static int find_attrs(const struct msg *m, uint32_t start, uint32_t end,
		      int parent, struct attr_ref *refs, int n, int max)
{
	uint32_t off = start;

	while (off + NLA_HDRLEN <= end && n < max) {
		const struct nlattr *a = (const struct nlattr *)(m->buf + off);
		int me = n;

		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > end)
			break;
		refs[n].off = off;
		refs[n].parent = parent;
		n++;
		if (a->nla_type & NLA_F_NESTED)
			n = find_attrs(m, off + NLA_HDRLEN, off + a->nla_len,
				       me, refs, n, max);
		off += NLA_ALIGN(a->nla_len);
	}
	return n;
}

/* Grow (or shrink, @delta < 0) the attribute @i's ancestors and the message. */
static void fix_lengths(struct msg *m, struct attr_ref *refs, int i,
			int delta)
{
	for (; i >= 0; i = refs[i].parent) {
		struct nlattr *a = (struct nlattr *)(m->buf + refs[i].off);

		a->nla_len += delta;
	}
	m->nlh.nlmsg_len += delta;
}

static const uint32_t interesting32[] = {
	0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff,
	0x80000000, 0xffffffff, 0xffffff, 0x1000000, 576, 575, 65535, 65536,
	4789, 16, 17, 1000, 1001, 32, 33,
};

static void rand_payload(unsigned char *p, size_t len, const struct topo *t)
{
	size_t i;
	uint32_t v;

	if (len == 4 && chance(60)) {
		switch (rnd(5)) {
		case 0: v = t->br; break;
		case 1: v = t->pod[rnd(N_PODPORTS)]; break;
		case 2: v = pod_ip(rnd(N_PODS)); break;
		case 3: v = node_subnet(rnd(N_NODES)); break;
		default:
			v = interesting32[rnd(sizeof(interesting32) / 4)];
		}
		memcpy(p, &v, 4);
		return;
	}
	for (i = 0; i < len; i++)
		p[i] = chance(30) ? (uint8_t)interesting32[rnd(6)] : rnd(256);
}

/* Append a random attribute tree of at most @depth levels. */
static void rand_attrs(struct msg *m, const struct topo *t, int depth,
		       int count)
{
	static const size_t lens[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 3, 4 };
	unsigned char data[512];
	int i;

	for (i = 0; i < count && room(m, sizeof(data)); i++) {
		uint16_t type = chance(85) ? rnd(16) : rnd(0x4000);
		size_t len;

		if (chance(10))
			type |= NLA_F_NET_BYTEORDER;
		if (depth > 0 && chance(40)) {
			nest_start(m, type);
			if (chance(20))	/* a nest without the flag */
				((struct nlattr *)(m->buf +
				 m->nest[m->depth - 1]))->nla_type &=
					~NLA_F_NESTED;
			rand_attrs(m, t, depth - 1, rnd(5));
			nest_end(m);
			continue;
		}
		len = chance(90) ? lens[rnd(sizeof(lens) / sizeof(lens[0]))] :
				   rnd(sizeof(data));
		rand_payload(data, len, t);
		if (chance(5) && len) {	/* a string, terminated or not */
			memcpy(data, "br0", len < 4 ? len : 4);
		}
		put(m, type, data, len);
	}
}

/* A random request of a random (mostly sdnbr) command. */
static void gen_random(struct msg *m, const struct topo *t)
{
	uint16_t flags = NLM_F_ACK;

	if (chance(20))
		flags |= rnd(0x1000) & ~NLM_F_DUMP;
	else if (chance(15))
		flags |= NLM_F_DUMP;
	msg_init(m, chance(95) ? rnd(SDNBR_CMD_MAX + 3) : rnd(256), flags);
	if (chance(70))
		put_bridge(m, t);
	if (chance(50)) {
		/* right top-level type, random contents */
		static const uint16_t top[] = {
			SDNBR_A_CONFIG, SDNBR_A_POD, SDNBR_A_NODE, SDNBR_A_NS,
			SDNBR_A_EGRESS, SDNBR_A_FW, SDNBR_A_STATS,
		};
		int i, n = 1 + rnd(3);

		for (i = 0; i < n; i++) {
			nest_start(m, top[rnd(sizeof(top) / sizeof(top[0]))]);
			rand_attrs(m, t, 3, 1 + rnd(6));
			nest_end(m);
		}
	} else {
		rand_attrs(m, t, 4, rnd(8));
	}
}

/* Mutate a request in place; returns the length to send. */
static size_t mutate(struct msg *m, const struct topo *t)
{
	struct attr_ref refs[512];
	uint32_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	int n_mut = 1 + rnd(4), k;
	size_t len = m->nlh.nlmsg_len;

	for (k = 0; k < n_mut; k++) {
		int n = find_attrs(m, hdr, m->nlh.nlmsg_len, -1, refs, 0, 512);
		int i = n ? (int)rnd(n) : -1;
		struct nlattr *a = i >= 0 ?
			(struct nlattr *)(m->buf + refs[i].off) : NULL;
		struct genlmsghdr *g = NLMSG_DATA(&m->nlh);

		switch (rnd(12)) {
		case 0:		/* flip bits in the attributes */
			if (m->nlh.nlmsg_len > hdr) {
				int j, flips = 1 + rnd(4);

				for (j = 0; j < flips; j++)
					m->buf[hdr + rnd(m->nlh.nlmsg_len - hdr)] ^=
						1 << rnd(8);
			}
			break;
		case 1:		/* an interesting byte */
			if (m->nlh.nlmsg_len > hdr)
				m->buf[hdr + rnd(m->nlh.nlmsg_len - hdr)] =
					interesting32[rnd(6)];
			break;
		case 2:		/* an attribute's length */
			if (a)
				a->nla_len = chance(50) ? a->nla_len + rnd(17) - 8 :
					     rnd(chance(50) ? 16 : 0x10000);
			break;
		case 3:		/* an attribute's type */
			if (a)
				a->nla_type = chance(50) ? a->nla_type ^ NLA_F_NESTED :
					      (a->nla_type & NLA_F_NESTED) | rnd(20);
			break;
		case 4:		/* drop an attribute */
			if (a) {
				uint32_t sz = NLA_ALIGN(a->nla_len);

				if (refs[i].off + sz > m->nlh.nlmsg_len)
					break;
				memmove(m->buf + refs[i].off,
					m->buf + refs[i].off + sz,
					m->nlh.nlmsg_len - refs[i].off - sz);
				fix_lengths(m, refs, refs[i].parent, -(int)sz);
			}
			break;
		case 5:		/* duplicate an attribute in place */
			if (a) {
				uint32_t sz = NLA_ALIGN(a->nla_len);

				if (refs[i].off + sz > m->nlh.nlmsg_len ||
				    m->nlh.nlmsg_len + sz > BUFSZ - 1024)
					break;
				memmove(m->buf + refs[i].off + sz,
					m->buf + refs[i].off,
					m->nlh.nlmsg_len - refs[i].off);
				fix_lengths(m, refs, refs[i].parent, sz);
			}
			break;
		case 6:		/* insert random attributes into a nest */
			if (a && (a->nla_type & NLA_F_NESTED)) {
				static struct msg tmp;
				uint32_t at = refs[i].off + NLA_ALIGN(a->nla_len);
				uint32_t sz;

				msg_init(&tmp, 0, 0);
				rand_attrs(&tmp, t, 2, 1 + rnd(3));
				sz = tmp.nlh.nlmsg_len - hdr;
				if (at > m->nlh.nlmsg_len ||
				    m->nlh.nlmsg_len + sz > BUFSZ - 1024)
					break;
				/* as the nest's last attributes */
				at = refs[i].off + a->nla_len;
				at = NLA_ALIGN(at);
				memmove(m->buf + at + sz, m->buf + at,
					m->nlh.nlmsg_len - at);
				memcpy(m->buf + at, tmp.buf + hdr, sz);
				a->nla_len = NLA_ALIGN(a->nla_len);
				fix_lengths(m, refs, i, sz);
			}
			break;
		case 7:		/* wrap the attributes in deep nests */
			if (m->nlh.nlmsg_len + 4 * 40 < BUFSZ - 1024) {
				int d, depth = 1 + rnd(40);
				uint32_t body = m->nlh.nlmsg_len - hdr;

				memmove(m->buf + hdr + depth * NLA_HDRLEN,
					m->buf + hdr, body);
				for (d = 0; d < depth; d++) {
					struct nlattr *w = (struct nlattr *)
						(m->buf + hdr + d * NLA_HDRLEN);

					w->nla_type = (d ? rnd(12) : rnd(SDNBR_A_MAX + 1)) |
						      (chance(80) ? NLA_F_NESTED : 0);
					w->nla_len = body + (depth - d) * NLA_HDRLEN;
				}
				m->nlh.nlmsg_len += depth * NLA_HDRLEN;
			}
			break;
		case 8:		/* the command */
			g->cmd = chance(80) ? rnd(SDNBR_CMD_MAX + 2) : rnd(256);
			break;
		case 9:		/* flags */
			m->nlh.nlmsg_flags ^= 1 << rnd(12);
			m->nlh.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
			break;
		case 10:	/* the genl version and reserved field */
			if (chance(50))
				g->version = rnd(256);
			else
				g->reserved = rnd(0x10000);
			break;
		default:	/* append random attributes */
			rand_attrs(m, t, 3, 1 + rnd(3));
			break;
		}
	}
	len = m->nlh.nlmsg_len;
	if (chance(10) && len > NLMSG_HDRLEN) {	/* truncate */
		len = NLMSG_HDRLEN + rnd(len - NLMSG_HDRLEN);
		m->nlh.nlmsg_len = len;
	}
	/* a shorter nlmsg_len than what is sent would be another message */
	if (len > m->nlh.nlmsg_len)
		len = m->nlh.nlmsg_len;
	if (len < NLMSG_HDRLEN) {
		len = NLMSG_HDRLEN;
		m->nlh.nlmsg_len = len;
	}
	/* a dump request is never ACKed; everything else must be */
	if ((m->nlh.nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		m->nlh.nlmsg_flags |= NLM_F_ACK;
	m->nlh.nlmsg_flags |= NLM_F_REQUEST;
	return len;
}

/* ---- the unprivileged callers ---------------------------------------------- */

static bool is_change(uint8_t cmd)
{
	switch (cmd) {
	case SDNBR_CMD_BR_SET:
	case SDNBR_CMD_POD_NEW: case SDNBR_CMD_POD_DEL: case SDNBR_CMD_POD_FLUSH:
	case SDNBR_CMD_NODE_NEW: case SDNBR_CMD_NODE_DEL: case SDNBR_CMD_NODE_FLUSH:
	case SDNBR_CMD_NS_NEW: case SDNBR_CMD_NS_DEL: case SDNBR_CMD_NS_FLUSH:
	case SDNBR_CMD_EGRESS_NEW: case SDNBR_CMD_EGRESS_DEL:
	case SDNBR_CMD_EGRESS_FLUSH:
	case SDNBR_CMD_FW_NEW: case SDNBR_CMD_FW_DEL: case SDNBR_CMD_FW_FLUSH:
		return true;
	default:
		return false;
	}
}

static void drop_privileges(bool userns)
{
	if (userns) {
		if (unshare(CLONE_NEWUSER))
			bail("unshare(CLONE_NEWUSER)");
		return;
	}
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		bail("dropping to nobody");
}

/*
 * Without CAP_NET_ADMIN over the namespace: every change command, whatever
 * its attributes, fails with EPERM before anything parses it.
 */
static int unprivileged(bool userns, long count, uint64_t seed,
			const struct topo *t)
{
	static struct msg m;
	struct valid v = { .m = &m };
	long i, eperm = 0, reads = 0;
	int fd;

	who = userns ? "nl_fuzz[userns]" : "nl_fuzz[nobody]";
	rng_state = seed;
	drop_privileges(userns);
	fd = nl_open();
	for (i = 0; i < count; i++) {
		struct reply r = { 0 };
		const struct genlmsghdr *g = NLMSG_DATA(&m.nlh);
		size_t len;
		uint8_t cmd;
		bool dump;

		switch (rnd(3)) {
		case 0:
			gen_valid(&v, t, false);
			len = m.nlh.nlmsg_len;
			break;
		case 1:
			gen_valid(&v, t, false);
			len = mutate(&m, t);
			break;
		default:
			gen_random(&m, t);
			len = m.nlh.nlmsg_len;
		}
		cmd = g->cmd;
		dump = (m.nlh.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
		if (!xchg(fd, &m, len, &r)) {
			hexdump(m.buf, len);
			continue;
		}
		if (m.nlh.nlmsg_type != family_id ||
		    len < NLMSG_HDRLEN + GENL_HDRLEN)
			continue;
		if (is_change(cmd) && !dump) {
			if (r.err != EPERM) {
				failure("%s without CAP_NET_ADMIN: %s, want EPERM",
					cmd_name(cmd),
					r.err ? strerror(r.err) : "success");
				hexdump(m.buf, len);
			} else {
				eperm++;
			}
		} else if (!r.err) {
			reads++;
		}
	}
	printf("# %s: %ld messages, %ld changes refused (EPERM), %ld reads answered\n",
	       who, count, eperm, reads);
	return n_failed ? 1 : 0;
}

/* ---- main ------------------------------------------------------------------ */

static int enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		bail(path);
	if (setns(fd, CLONE_NEWNET))
		bail("setns");
	close(fd);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long count = 10000, ucount = -1, i;
	long n_valid = 0, n_mut = 0, n_rand = 0, n_err = 0;
	static long errnos[4096];
	static struct msg m;
	struct topo ta, tb;
	uint64_t seed = 0;
	pid_t kids[2];
	int fa, fb, home, c, k, before;
	double t0, dt;
	bool ok;

	while ((c = getopt(argc, argv, "n:u:s:v")) != -1) {
		switch (c) {
		case 'n': count = atol(optarg); break;
		case 'u': ucount = atol(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'v': verbose = true; break;
		default:
			fprintf(stderr, "usage: %s [-n COUNT] [-u COUNT] [-s SEED] [-v] FUZZNS\n",
				argv[0]);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: %s [-n COUNT] [-u COUNT] [-s SEED] [-v] FUZZNS\n",
			argv[0]);
		return 2;
	}
	if (ucount < 0)
		ucount = count / 10;
	if (!seed)
		seed = (uint64_t)time(NULL) * 2654435761u ^ getpid();
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n");
	printf("# nl_fuzz: seed %#" PRIx64 ", %ld messages, %ld per unprivileged caller\n",
	       seed, count, ucount);

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (home < 0)
		bail("/proc/self/ns/net");
	fa = nl_open();
	topo_read(&ta);
	enter_netns(argv[optind]);
	fb = nl_open();
	topo_read(&tb);
	if (setns(home, CLONE_NEWNET))
		bail("setns home");
	family_id = resolve_family(fa);

	/* the settings, then an empty table in both namespaces */
	model.mode = SDNBR_MODE_MULTITENANT;
	model.mtu = 1450;
	for (k = 0; k < 2; k++) {
		struct reply r = { 0 };
		int e;

		settings_msg(&m, k ? &tb : &ta, model.mode, model.mtu, true);
		if (!xchg(k ? fb : fa, &m, m.nlh.nlmsg_len, &r) || r.err) {
			printf("Bail out! BR_SET: %s\n", strerror(r.err));
			return 1;
		}
		for (e = 0; e < N_ETYPES; e++) {
			msg_init(&m, etypes[e].cmd_flush, NLM_F_ACK);
			put_bridge(&m, k ? &tb : &ta);
			if (!xchg(k ? fb : fa, &m, m.nlh.nlmsg_len, &r) || r.err) {
				printf("Bail out! flush: %s\n", strerror(r.err));
				return 1;
			}
		}
	}

	fflush(stdout);
	for (k = 0; k < 2; k++) {
		kids[k] = fork();
		if (kids[k] < 0)
			bail("fork");
		if (!kids[k])
			exit(unprivileged(k, ucount, seed + 1 + k, &ta));
	}

	rng_state = seed;
	t0 = now();
	for (i = 0; i < count; i++) {
		struct valid v = { .m = &m };
		uint32_t r = rnd(100);

		if (r < 35) {
			n_valid++;
			gen_valid(&v, &ta, true);
			run_valid(fa, &v);
		} else {
			struct reply rep = { 0 };
			size_t len;

			if (r < 75) {
				n_mut++;
				gen_valid(&v, &tb, false);
				len = mutate(&m, &tb);
			} else {
				n_rand++;
				gen_random(&m, &tb);
				len = m.nlh.nlmsg_len;
			}
			if (!xchg(fb, &m, len, &rep)) {
				hexdump(m.buf, len);
				continue;
			}
			if (rep.err) {
				n_err++;
				errnos[rep.err]++;
			}
		}
		if (verbose && i && i % (count / 10 ? count / 10 : 1) == 0)
			printf("# %ld messages, %.0f/s\n", i, i / (now() - t0));
	}
	dt = now() - t0;
	printf("# nl_fuzz: %ld messages in %.1f s (%.0f/s): %ld valid, %ld mutated, %ld random\n",
	       count, dt, dt > 0 ? count / dt : 0.0, n_valid, n_mut, n_rand);
	printf("# nl_fuzz: mutated and random refused %ld times:", n_err);
	for (k = 1; k < 4096; k++)
		if (errnos[k])
			printf(" %s %ld;", strerrorname_np(k) ?: "?", errnos[k]);
	printf("\n");
	result(n_failed == 0, "every reply well-formed, valid requests answered as the model predicts");

	ok = true;
	for (k = 0; k < 2; k++) {
		int status;

		if (waitpid(kids[k], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			ok = false;
	}
	if (!ok)
		n_failed++;
	result(ok, "without CAP_NET_ADMIN (nobody, a user namespace) every change is refused with EPERM");

	before = n_failed;
	for (k = 0; k < N_ETYPES; k++)
		if (!dump_matches(fa, &ta, k))
			failure("the %s table differs from the model",
				etypes[k].name);
	settings_match(fa, &ta);
	result(n_failed == before, "br0 holds exactly what the valid requests made");

	before = n_failed;
	for (k = 0; k < N_ETYPES; k++) {
		struct reply r = { 0 };

		/* what the fuzzing left in the other namespace dumps cleanly */
		msg_init(&m, etypes[k].cmd_get, NLM_F_DUMP);
		put_bridge(&m, &tb);
		if (!xchg(fb, &m, m.nlh.nlmsg_len, &r) || r.err)
			failure("dump of the fuzzed %s table: %s",
				etypes[k].name, strerror(r.err));
	}
	result(n_failed == before, "the fuzzed bridge dumps cleanly");

	printf("1..%d\n", n_checks);
	return n_failed ? 1 : 0;
}
