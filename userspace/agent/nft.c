// SPDX-License-Identifier: GPL-2.0
/*
 * The host's rules, in one nftables table the agent owns, "table ip sdnbr"
 * (the spec's 7.6 and 8.2 in nftables terms):
 *
 *  raw:         VXLAN to the overlay port is not tracked (OPENSHIFT-NOTRACK)
 *  input:       no new connections to this node's egress IPs
 *  postrouting: for each egress IP hosted here, traffic with its
 *               namespace's mark is SNATed to it (or masqueraded when it
 *               comes back into the cluster); traffic kube-proxy marked
 *               for masquerading is left to kube-proxy; everything else
 *               from a cluster network to outside the cluster networks is
 *               masqueraded (OPENSHIFT-MASQUERADE and -MASQUERADE-2).
 *
 * The table is replaced as a whole in one nft transaction, so it is never
 * seen half-written. Its comment holds a hash of its text: when that
 * matches, the table is left alone.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "agent_io.h"
#include "sdnbr_egress.h"
#include "sdnbr_util.h"

struct text {
	char *buf;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3)))
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf ? t->buf + t->len : NULL,
			      t->buf ? t->cap - t->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if (t->buf && t->len + (size_t)n < t->cap) {
			t->len += (size_t)n;
			return;
		}
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf) {
			t->oom = true;
			return;
		}
	}
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void cluster_set(struct text *t, const struct agent_cluster *c)
{
	char p[SDNBR_PREFIX_STRLEN];
	unsigned int i;

	add(t, "{ ");
	for (i = 0; i < c->n_cluster; i++)
		add(t, "%s%s", i ? ", " : "",
		    sdnbr_fmt_ipv4_prefix(c->cluster[i].addr, c->cluster[i].plen,
					  p));
	add(t, " }");
}

char *agent_nft_ruleset(const struct agent_cluster *c,
			const struct agent_state *s, char *comment,
			size_t comment_len)
{
	struct text body = { 0 }, all = { 0 };
	char a[INET_ADDRSTRLEN];
	size_t i;

	add(&body, "\tchain raw-prerouting {\n"
		   "\t\ttype filter hook prerouting priority raw; policy accept;\n"
		   "\t\tudp dport %u notrack\n\t}\n", c->vxlan_port);
	add(&body, "\tchain raw-output {\n"
		   "\t\ttype filter hook output priority raw; policy accept;\n"
		   "\t\tudp dport %u notrack\n\t}\n", c->vxlan_port);
	add(&body, "\tchain input {\n"
		   "\t\ttype filter hook input priority filter; policy accept;\n");
	for (i = 0; i < s->n_eips; i++)
		add(&body, "\t\tip daddr %s ct state new reject\n",
		    sdnbr_fmt_ipv4(s->eips[i].addr, a));
	add(&body, "\t}\n");
	add(&body, "\tchain postrouting {\n"
		   "\t\ttype nat hook postrouting priority srcnat; policy accept;\n");
	for (i = 0; i < s->n_eips; i++) {
		add(&body, "\t\tmeta mark 0x%08x ip saddr ", s->eips[i].mark);
		cluster_set(&body, c);
		add(&body, " ip daddr ");
		cluster_set(&body, c);
		add(&body, " masquerade\n");
		add(&body, "\t\tmeta mark 0x%08x ip saddr ", s->eips[i].mark);
		cluster_set(&body, c);
		add(&body, " snat to %s\n", sdnbr_fmt_ipv4(s->eips[i].addr, a));
	}
	add(&body, "\t\tmeta mark & 0x%08x == 0x%08x return\n",
	    SDNBR_MASQUERADE_BIT, SDNBR_MASQUERADE_BIT);
	add(&body, "\t\tip saddr ");
	cluster_set(&body, c);
	add(&body, " ip daddr != ");
	cluster_set(&body, c);
	add(&body, " masquerade\n\t}\n");
	if (body.oom) {
		free(body.buf);
		return NULL;
	}

	snprintf(comment, comment_len, "sdn-agent:%016llx",
		 (unsigned long long)fnv1a(body.buf));
	/* create it if missing, so that the delete cannot fail */
	add(&all, "table ip %s\ndelete table ip %s\ntable ip %s {\n"
		  "\tcomment \"%s\"\n%s}\n", AGENT_NFT_TABLE, AGENT_NFT_TABLE,
	    AGENT_NFT_TABLE, comment, body.buf);
	free(body.buf);
	if (all.oom) {
		free(all.buf);
		return NULL;
	}
	return all.buf;
}

static const char *nft_cmd(void)
{
	const char *s = getenv("SDN_AGENT_NFT");

	return s && *s ? s : "nft";
}

/* <linux/netfilter.h> would clash with <netinet/in.h> */
#ifndef NFPROTO_IPV4
#define NFPROTO_IPV4	2
#endif

struct table_query {
	const char *want;
	int found;		/* -1: no table, 0: another comment, 1: ours */
};

static int table_reply(struct nl_msg *msg, void *arg)
{
	struct table_query *q = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[NFTA_TABLE_MAX + 1];
	const unsigned char *ud;
	int len;

	q->found = 0;
	if (nlmsg_parse(nlh, sizeof(struct nfgenmsg), tb, NFTA_TABLE_MAX,
			NULL) < 0 || !tb[NFTA_TABLE_USERDATA])
		return NL_OK;
	/* libnftnl's TLVs: type (0: the comment), length, value with its NUL */
	ud = nla_data(tb[NFTA_TABLE_USERDATA]);
	len = nla_len(tb[NFTA_TABLE_USERDATA]);
	while (len >= 2 && ud[1] + 2 <= len) {
		if (ud[0] == 0 && ud[1] && ud[1] - 1 == (int)strlen(q->want) &&
		    !memcmp(ud + 2, q->want, ud[1] - 1))
			q->found = 1;
		len -= ud[1] + 2;
		ud += ud[1] + 2;
	}
	return NL_OK;
}

/*
 * The table in place, asked of nf_tables over netlink (an nft process
 * costs more than the rest of a pass): 1 if its comment is @comment, 0 if
 * not, -1 if there is no such table, -2 if the kernel could not be asked.
 */
static int table_is_nl(const char *comment)
{
	struct table_query q = { .want = comment, .found = -1 };
	struct nfgenmsg nfg = {
		.nfgen_family = NFPROTO_IPV4,
		.version = NFNETLINK_V0,
	};
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *msg = NULL;
	int ret = -1;

	if (!sk || nl_connect(sk, NETLINK_NETFILTER) < 0)
		goto out;
	msg = nlmsg_alloc_simple((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETTABLE,
				 NLM_F_REQUEST | NLM_F_ACK);
	if (!msg || nlmsg_append(msg, &nfg, sizeof(nfg), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(msg, NFTA_TABLE_NAME, AGENT_NFT_TABLE) < 0)
		goto out;
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, table_reply, &q);
	if (nl_send_auto(sk, msg) < 0)
		goto out;
	ret = nl_recvmsgs_default(sk);
	if (ret == -NLE_OBJ_NOTFOUND)
		ret = 0, q.found = -1;
	else if (ret >= 0)
		ret = 0;
	/* an ACK follows the table; wait for it so the socket ends clean */
	if (!ret && q.found >= 0)
		nl_wait_for_ack(sk);
out:
	nlmsg_free(msg);
	nl_socket_free(sk);
	return ret < 0 ? -2 : q.found;
}

/*
 * The table in place, from `nft list`: 1 if its comment is @comment, 0
 * if not, -1 if there is no such table.
 */
static int table_is(const char *comment)
{
	char cmd[512], *line = NULL, want[128];
	size_t cap = 0;
	bool same = false, any = false;
	FILE *f;
	int r;

	if (!getenv("SDN_AGENT_NFT")) {
		r = table_is_nl(comment);
		if (r > -2)
			return r;
	}
	snprintf(cmd, sizeof(cmd), "%s list table ip %s 2>/dev/null",
		 nft_cmd(), AGENT_NFT_TABLE);
	snprintf(want, sizeof(want), "comment \"%s\"", comment);
	f = popen(cmd, "r");
	if (!f)
		return 0;
	while (getline(&line, &cap, f) > 0) {
		any = true;
		if (strstr(line, want))
			same = true;
	}
	free(line);
	pclose(f);
	return same ? 1 : any ? 0 : -1;
}

void agent_nft_sync(const char *ruleset, const char *comment,
		    struct agent_counts *n)
{
	char cmd[512];
	FILE *f;
	int st, was;

	was = table_is(comment);
	if (was == 1)
		return;
	snprintf(cmd, sizeof(cmd), "%s -f -", nft_cmd());
	f = popen(cmd, "w");
	if (!f) {
		agent_error(n, "nft: %s", strerror(errno));
		return;
	}
	fputs(ruleset, f);
	st = pclose(f);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		agent_error(n, "nft -f: replacing table ip %s failed (status %d)",
			    AGENT_NFT_TABLE,
			    st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return;
	}
	agent_change(n, was < 0 ? AGENT_ADD : AGENT_REPLACE,
		     "nft %s table ip %s (%s)", was < 0 ? "add" : "replace",
		     AGENT_NFT_TABLE, comment);
}
