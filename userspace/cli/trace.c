// SPDX-License-Identifier: GPL-2.0
/*
 * sdnctl trace: where would this packet go? The kernel runs a described
 * packet through the real pipeline without sending it (SDNBR_CMD_TRACE)
 * and returns each stage it passed and the verdict.
 *
 *	trace dev BRIDGE in PORT src ADDRESS dst ADDRESS
 *		[proto icmp|tcp|udp|arp|N] [sport PORT] [dport PORT]
 *		[eth-src MAC] [eth-dst MAC] [tun-src ADDRESS] [vni VNID]
 *		[len BYTES]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_parse.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

/* proto: a name or an IP protocol number; 256 stands for ARP */
#define TRACE_PROTO_ARP	256

static int p_proto(struct sdnctl *ctx, const char *s, void *dst, char *err,
		   size_t errlen)
{
	static const struct { const char *name; unsigned int proto; } names[] = {
		{ "icmp", 1 }, { "tcp", 6 }, { "udp", 17 },
		{ "arp", TRACE_PROTO_ARP },
	};
	uint32_t v;
	size_t i;

	(void)ctx;
	for (i = 0; i < SDNBR_ARRAY_SIZE(names); i++) {
		if (!strcmp(s, names[i].name)) {
			*(unsigned int *)dst = names[i].proto;
			return 0;
		}
	}
	if (sdnbr_parse_u32(s, "protocol", 0, 255, &v, err, errlen)) {
		sdnbr_seterr(err, errlen,
			     "invalid protocol \"%s\" (expected icmp, tcp, udp, arp or 0..255)",
			     s);
		return -EINVAL;
	}
	*(unsigned int *)dst = v;
	return 0;
}

struct trace_step {
	uint32_t table, result, reg0, reg1, entry, vnid;
	struct in_addr addr;
	uint8_t plen;
	bool has_addr, has_vnid;
};

struct trace_reply {
	unsigned int n;
	struct trace_step steps[32];
	uint32_t action, kind, ifindex, vni, mark, reason, table;
	struct in_addr tun_dst;
	bool to_host;
};

static int parse_step(struct nlattr *nest, struct trace_step *st)
{
	struct nlattr *a;
	int rem;

	memset(st, 0, sizeof(*st));
	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_STEP_A_TABLE:
			st->table = nla_get_u32(a);
			break;
		case SDNBR_STEP_A_RESULT:
			st->result = nla_get_u32(a);
			break;
		case SDNBR_STEP_A_REG0:
			st->reg0 = nla_get_u32(a);
			break;
		case SDNBR_STEP_A_REG1:
			st->reg1 = nla_get_u32(a);
			break;
		case SDNBR_STEP_A_ENTRY:
			st->entry = nla_get_u32(a);
			break;
		case SDNBR_STEP_A_KEY_ADDR:
			st->addr.s_addr = nla_get_u32(a);
			st->has_addr = true;
			break;
		case SDNBR_STEP_A_KEY_PLEN:
			st->plen = nla_get_u8(a);
			break;
		case SDNBR_STEP_A_KEY_VNID:
			st->vnid = nla_get_u32(a);
			st->has_vnid = true;
			break;
		}
	}
	return 0;
}

static void parse_verdict(struct nlattr *nest, struct trace_reply *r)
{
	struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		switch (nla_type(a)) {
		case SDNBR_VERDICT_A_ACTION:
			r->action = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_PORT_KIND:
			r->kind = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_IFINDEX:
			r->ifindex = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_TUN_DST:
			r->tun_dst.s_addr = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_VNI:
			r->vni = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_MARK:
			r->mark = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_TO_HOST:
			r->to_host = nla_get_u8(a);
			break;
		case SDNBR_VERDICT_A_REASON:
			r->reason = nla_get_u32(a);
			break;
		case SDNBR_VERDICT_A_TABLE:
			r->table = nla_get_u32(a);
			break;
		}
	}
}

static int collect_trace(const struct nlmsghdr *nlh, void *arg)
{
	struct trace_reply *r = arg;
	struct nlattr *attrs, *a, *b;
	int len, rem, rem2;

	attrs = sdnbr_msg_attrs(nlh, &len);
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != SDNBR_A_TRACE)
			continue;
		nla_for_each_nested(b, a, rem2) {
			if (nla_type(b) == SDNBR_TRACE_A_STEP &&
			    r->n < SDNBR_ARRAY_SIZE(r->steps))
				parse_step(b, &r->steps[r->n++]);
			else if (nla_type(b) == SDNBR_TRACE_A_VERDICT)
				parse_verdict(b, r);
		}
	}
	return r->action ? 0 : -EPROTO;
}

static const char *const results[] = {
	[SDNBR_STEP_PASS]	= "pass",
	[SDNBR_STEP_MATCH]	= "match",
	[SDNBR_STEP_MISS]	= "miss",
	[SDNBR_STEP_CT_REPLY]	= "ct-reply",
	[SDNBR_STEP_DROP]	= "drop",
};

static const char *const entries[] = {
	[SDNBR_STEP_ENTRY_POD]		= "pod",
	[SDNBR_STEP_ENTRY_NODE]		= "node",
	[SDNBR_STEP_ENTRY_NS]		= "ns",
	[SDNBR_STEP_ENTRY_EGRESS]	= "egress",
	[SDNBR_STEP_ENTRY_FW]		= "firewall",
	[SDNBR_STEP_ENTRY_NODE_IP]	= "node-ip",
};

static const char *const kinds[] = {
	[SDNBR_PORT_POD]	= "pod",
	[SDNBR_PORT_GATEWAY]	= "gateway",
	[SDNBR_PORT_TUNNEL]	= "tunnel",
};

#define NAME(tbl, i) ((i) < SDNBR_ARRAY_SIZE(tbl) && (tbl)[i] ? (tbl)[i] : "?")

/* "pod 10.128.0.2", "node 10.128.2.0/23", "firewall vnid 10" */
static const char *step_entry(const struct trace_step *st, char *buf,
			      size_t len)
{
	char a[INET_ADDRSTRLEN];

	if (!st->entry)
		return "";
	inet_ntop(AF_INET, &st->addr, a, sizeof(a));
	if (st->has_vnid)
		snprintf(buf, len, "%s vnid %" PRIu32, NAME(entries, st->entry),
			 st->vnid);
	else if (st->entry == SDNBR_STEP_ENTRY_NODE)
		snprintf(buf, len, "node %s/%u", a, st->plen);
	else
		snprintf(buf, len, "%s %s", NAME(entries, st->entry), a);
	return buf;
}

static void print_text(struct sdnctl *ctx, const char *dev, const char *in,
		       const struct trace_reply *r)
{
	char tb[SDNBR_NAME_STRLEN], rb[SDNBR_NAME_STRLEN], eb[64];
	char name[IFNAMSIZ], a[INET_ADDRSTRLEN];
	unsigned int i;

	printf("%s: from %s\n", dev, in);
	for (i = 0; i < r->n; i++) {
		const struct trace_step *st = &r->steps[i];
		char stage[40];

		snprintf(stage, sizeof(stage), "%3" PRIu32 " %s", st->table,
			 sdnbr_table_name(st->table) ?: "?");
		if (st->table == SDNBR_TABLE_OUTPUT)
			snprintf(stage, sizeof(stage), "    output");
		printf("  %-16s %-8s %-24s reg0=%" PRIu32 " reg1=%" PRIu32 "\n",
		       stage, NAME(results, st->result),
		       step_entry(st, eb, sizeof(eb)), st->reg0, st->reg1);
	}
	if (r->action == SDNBR_VERDICT_DROP) {
		const char *desc = sdnbr_drop_reason_desc(r->reason);

		printf("verdict: drop, %s at %s%s%s\n",
		       sdnbr_fmt_drop_reason(r->reason, rb),
		       sdnbr_fmt_table(r->table, tb), desc ? ": " : "",
		       desc ? desc : "");
		return;
	}
	printf("verdict: output to %s (%s)",
	       sdnctl_ifname(ctx, r->ifindex, name) ?: "?",
	       NAME(kinds, r->kind));
	if (r->kind == SDNBR_PORT_TUNNEL)
		printf(", remote %s vni %" PRIu32,
		       inet_ntop(AF_INET, &r->tun_dst, a, sizeof(a)), r->vni);
	if (r->mark)
		printf(", mark 0x%" PRIx32, r->mark);
	if (r->to_host)
		printf(", to the host's MAC");
	putchar('\n');
}

static int print_json(struct sdnctl *ctx, const char *dev, const char *in,
		      const struct trace_reply *r)
{
	char rb[SDNBR_NAME_STRLEN], eb[64];
	char name[IFNAMSIZ], a[INET_ADDRSTRLEN];
	struct sdnbr_json *j = sdnctl_json(ctx);
	unsigned int i;

	if (!j)
		return 1;
	sdnbr_json_start_object(j);
	sdnbr_json_kv_string(j, "bridge", dev);
	sdnbr_json_kv_string(j, "in", in);
	sdnbr_json_key(j, "steps");
	sdnbr_json_start_array(j);
	for (i = 0; i < r->n; i++) {
		const struct trace_step *st = &r->steps[i];

		sdnbr_json_start_object(j);
		sdnbr_json_kv_u64(j, "table", st->table);
		sdnbr_json_kv_string(j, "stage",
				     sdnbr_table_name(st->table) ?: "?");
		sdnbr_json_kv_string(j, "result", NAME(results, st->result));
		if (st->entry)
			sdnbr_json_kv_string(j, "entry",
					     step_entry(st, eb, sizeof(eb)));
		sdnbr_json_kv_u64(j, "reg0", st->reg0);
		sdnbr_json_kv_u64(j, "reg1", st->reg1);
		sdnbr_json_end_object(j);
	}
	sdnbr_json_end_array(j);
	sdnbr_json_key(j, "verdict");
	sdnbr_json_start_object(j);
	if (r->action == SDNBR_VERDICT_DROP) {
		sdnbr_json_kv_string(j, "action", "drop");
		sdnbr_json_kv_string(j, "reason",
				     sdnbr_fmt_drop_reason(r->reason, rb));
		sdnbr_json_kv_u64(j, "table", r->table);
		sdnbr_json_kv_string(j, "stage",
				     sdnbr_table_name(r->table) ?: "?");
	} else {
		sdnbr_json_kv_string(j, "action", "output");
		sdnbr_json_kv_string(j, "port",
				     sdnctl_ifname(ctx, r->ifindex, name) ?: "?");
		sdnbr_json_kv_string(j, "kind", NAME(kinds, r->kind));
		if (r->kind == SDNBR_PORT_TUNNEL) {
			sdnbr_json_kv_string(j, "remote",
					     inet_ntop(AF_INET, &r->tun_dst, a,
						       sizeof(a)));
			sdnbr_json_kv_u64(j, "vni", r->vni);
		}
		sdnbr_json_kv_u64(j, "mark", r->mark);
		sdnbr_json_kv_bool(j, "to_host", r->to_host);
	}
	sdnbr_json_end_object(j);
	sdnbr_json_end_object(j);
	return sdnbr_json_free(j) ? 1 : 0;
}

int do_trace(struct sdnctl *ctx, int argc, char **argv)
{
	char dev[IFNAMSIZ], in_name[IFNAMSIZ], op[64];
	struct in_addr src, dst, tun_src;
	uint8_t eth_src[6], eth_dst[6];
	uint32_t in, vni, len;
	uint16_t sport, dport;
	unsigned int proto = 1;
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
		SDNCTL_KW_REQ("in", "PORT", sdnctl_p_iface, &in),
		SDNCTL_KW_REQ("src", "ADDRESS", sdnctl_p_ipv4, &src),
		SDNCTL_KW_REQ("dst", "ADDRESS", sdnctl_p_ipv4, &dst),
		SDNCTL_KW("proto", "PROTOCOL", p_proto, &proto),
		SDNCTL_KW("sport", "PORT", sdnctl_p_udp_port, &sport),
		SDNCTL_KW("dport", "PORT", sdnctl_p_udp_port, &dport),
		SDNCTL_KW("eth-src", "MAC", sdnctl_p_mac, eth_src),
		SDNCTL_KW("eth-dst", "MAC", sdnctl_p_mac, eth_dst),
		SDNCTL_KW("tun-src", "ADDRESS", sdnctl_p_ipv4, &tun_src),
		SDNCTL_KW("vni", "VNID", sdnctl_p_vnid, &vni),
		SDNCTL_KW("len", "BYTES", sdnctl_p_u32, &len),
	};
	struct trace_reply r = { 0 };
	struct nlattr *nest;
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	int ret;

	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	if ((kws[5].n || kws[6].n) && proto != 6 && proto != 17)
		return sdnctl_arg_err(ctx, "sport and dport need proto tcp or udp");
	if (!sdnctl_ifname(ctx, in, in_name))
		snprintf(in_name, sizeof(in_name), "ifindex %" PRIu32, in);
	if (sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, SDNBR_CMD_TRACE, 0);
	if (!msg || sdnbr_msg_put_dev(msg, dev, 0))
		goto nomem;
	nest = nla_nest_start(msg, SDNBR_A_PACKET);
	if (!nest ||
	    nla_put_u32(msg, SDNBR_PACKET_A_IN_IFINDEX, in) ||
	    nla_put_u32(msg, SDNBR_PACKET_A_SRC, src.s_addr) ||
	    nla_put_u32(msg, SDNBR_PACKET_A_DST, dst.s_addr) ||
	    (proto == TRACE_PROTO_ARP ?
	     nla_put_u8(msg, SDNBR_PACKET_A_ARP, 1) :
	     nla_put_u8(msg, SDNBR_PACKET_A_PROTO, (uint8_t)proto)) ||
	    (kws[5].n && nla_put_u16(msg, SDNBR_PACKET_A_SPORT, sport)) ||
	    (kws[6].n && nla_put_u16(msg, SDNBR_PACKET_A_DPORT, dport)) ||
	    (kws[7].n && nla_put(msg, SDNBR_PACKET_A_ETH_SRC, 6, eth_src)) ||
	    (kws[8].n && nla_put(msg, SDNBR_PACKET_A_ETH_DST, 6, eth_dst)) ||
	    (kws[9].n && nla_put_u32(msg, SDNBR_PACKET_A_TUN_SRC,
				     tun_src.s_addr)) ||
	    (kws[10].n && nla_put_u32(msg, SDNBR_PACKET_A_TUN_VNI, vni)) ||
	    (kws[11].n && nla_put_u32(msg, SDNBR_PACKET_A_LEN, len)))
		goto nomem;
	nla_nest_end(msg, nest);
	ret = sdnbr_nl_request(nl, msg, collect_trace, &r);
	if (ret) {
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
		nlmsg_free(msg);
		return 1;
	}
	nlmsg_free(msg);
	if (ctx->json)
		return print_json(ctx, dev, in_name, &r);
	print_text(ctx, dev, in_name, &r);
	return 0;
nomem:
	nlmsg_free(msg);
	return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
}
