// SPDX-License-Identifier: GPL-2.0
/*
 * What pods, nodes, namespaces, egress IPs and firewalls have in common:
 * add/replace/change/del
 * through a bulk request (one entry per message on the command line, many
 * in a batch), get, show (a dump per bridge, sorted), flush; and reading
 * the bridges themselves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

struct entry_type {
	uint16_t type;
	uint8_t cmd_new;
	uint8_t cmd_del;
	uint8_t cmd_get;
	uint8_t cmd_flush;
};

static const struct entry_type types[] = {
	{ SDNBR_A_POD, SDNBR_CMD_POD_NEW, SDNBR_CMD_POD_DEL, SDNBR_CMD_POD_GET,
	  SDNBR_CMD_POD_FLUSH },
	{ SDNBR_A_NODE, SDNBR_CMD_NODE_NEW, SDNBR_CMD_NODE_DEL,
	  SDNBR_CMD_NODE_GET, SDNBR_CMD_NODE_FLUSH },
	{ SDNBR_A_NS, SDNBR_CMD_NS_NEW, SDNBR_CMD_NS_DEL, SDNBR_CMD_NS_GET,
	  SDNBR_CMD_NS_FLUSH },
	{ SDNBR_A_EGRESS, SDNBR_CMD_EGRESS_NEW, SDNBR_CMD_EGRESS_DEL,
	  SDNBR_CMD_EGRESS_GET, SDNBR_CMD_EGRESS_FLUSH },
	{ SDNBR_A_FW, SDNBR_CMD_FW_NEW, SDNBR_CMD_FW_DEL, SDNBR_CMD_FW_GET,
	  SDNBR_CMD_FW_FLUSH },
};

static const struct entry_type *type_of(uint16_t type)
{
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(types); i++) {
		if (types[i].type == type)
			return &types[i];
	}
	return &types[0];
}

/* ---- changes ---------------------------------------------------------------- */

static int bulk_send(void *arg, struct nl_msg *msg, struct sdnbr_extack *ext)
{
	struct sdnctl *ctx = arg;
	int ret;

	ret = sdnbr_nl_request(ctx->nl, msg, NULL, NULL);
	*ext = *sdnbr_nl_extack(ctx->nl);
	return ret;
}

int sdnctl_bulk_flush(struct sdnctl *ctx)
{
	struct sdnbr_bulk_result res;
	char where[300];
	int ret;

	if (!ctx->bulk || !sdnbr_bulk_count(ctx->bulk))
		return 0;
	ret = sdnbr_bulk_flush(ctx->bulk, bulk_send, ctx, &res);
	ctx->applied += res.applied;
	if (!ret)
		return 0;
	if (ctx->batch) {
		snprintf(where, sizeof(where), "%s:%lu", ctx->batch_name,
			 res.tag);
		ctx->failed_line = res.tag;
	}
	sdnctl_kernel_err(ctx, ctx->batch ? where : "sdnctl", ctx->bulk_op,
			  ret, &res.ext, res.keyword, res.missing);
	return 1;
}

void sdnctl_bulk_free(struct sdnctl *ctx)
{
	if (!ctx->bulk)
		return;
	sdnbr_bulk_free(ctx->bulk);
	free(ctx->bulk);
	ctx->bulk = NULL;
}

int sdnctl_entry_change(struct sdnctl *ctx, enum sdnctl_entry_op op,
			const char *dev, const struct sdnbr_entry *e)
{
	const struct entry_type *t = type_of(e->type);
	unsigned long tag = ctx->batch ? ctx->lineno : 0;
	struct sdnbr_nl *nl;
	uint8_t cmd = t->cmd_new;
	int flags, ret;

	switch (op) {
	case SDNCTL_ADD:
		flags = NLM_F_CREATE | NLM_F_EXCL;
		break;
	case SDNCTL_REPLACE:
		flags = NLM_F_CREATE | NLM_F_REPLACE;
		break;
	case SDNCTL_CHANGE:
		flags = NLM_F_REPLACE;
		break;
	default:
		cmd = t->cmd_del;
		flags = 0;
		break;
	}

	if (sdnctl_open(ctx, &nl))
		return 1;
	if (!ctx->bulk) {
		ctx->bulk = malloc(sizeof(*ctx->bulk));
		if (!ctx->bulk)
			return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
		sdnbr_bulk_init(ctx->bulk, sdnbr_nl_family(nl)->id);
	}
	ret = sdnbr_bulk_add(ctx->bulk, cmd, flags, dev, 0, e, tag);
	if (ret == -EAGAIN) {
		if (sdnctl_bulk_flush(ctx))
			return 1;
		ret = sdnbr_bulk_add(ctx->bulk, cmd, flags, dev, 0, e, tag);
	}
	if (ret)
		return sdnctl_arg_err(ctx, "%s", strerror(-ret));
	/* Every entry in the bulk comes from the same command. */
	sdnctl_op(ctx, ctx->bulk_op, sizeof(ctx->bulk_op));
	if (!ctx->batch)
		return sdnctl_bulk_flush(ctx);
	return 0;
}

/* ---- reading ------------------------------------------------------------- */

void sdnctl_entries_clear(struct sdnctl_entries *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		sdnbr_msg_entry_free(&l->v[i]);
	l->n = 0;
}

void sdnctl_entries_free(struct sdnctl_entries *l)
{
	sdnctl_entries_clear(l);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int entries_add(struct sdnctl_entries *l, const struct sdnbr_entry *e)
{
	int ret;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct sdnbr_entry *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	/* The parser frees the entry's lists when we return: copy them. */
	ret = sdnbr_msg_entry_dup(&l->v[l->n], e);
	if (ret)
		return ret;
	l->n++;
	return 0;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct sdnbr_entry *a = x, *b = y;

	switch (a->type) {
	case SDNBR_A_POD:
		return cmp_u32(ntohl(a->pod.ip.s_addr), ntohl(b->pod.ip.s_addr));
	case SDNBR_A_NODE:
		if (a->node.subnet.addr.s_addr != b->node.subnet.addr.s_addr)
			return cmp_u32(ntohl(a->node.subnet.addr.s_addr),
				       ntohl(b->node.subnet.addr.s_addr));
		return cmp_u32(a->node.subnet.plen, b->node.subnet.plen);
	case SDNBR_A_EGRESS:
		return cmp_u32(a->egress.vnid, b->egress.vnid);
	case SDNBR_A_FW:
		return cmp_u32(a->fw.vnid, b->fw.vnid);
	default:
		return cmp_u32(a->ns.vnid, b->ns.vnid);
	}
}

struct collect {
	uint16_t type;
	struct sdnctl_entries *l;
	struct sdnbr_bridge br;		/* of the last message */
};

static int collect_entry(const struct sdnbr_entry *e, void *arg)
{
	struct collect *c = arg;

	return entries_add(c->l, e);
}

static int collect_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct collect *c = arg;

	return sdnbr_msg_for_each_entry(nlh, c->type, &c->br, collect_entry,
					c);
}

static void collect_restart(void *arg)
{
	struct collect *c = arg;

	sdnctl_entries_clear(c->l);
}

int sdnctl_dump_entries(struct sdnctl *ctx, uint16_t type, uint32_t ifindex,
			struct sdnctl_entries *l)
{
	struct collect c = { .type = type, .l = l };
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	char op[64];
	int ret;

	if (sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, type_of(type)->cmd_get, 0);
	if (!msg || sdnbr_msg_put_dev(msg, NULL, ifindex)) {
		nlmsg_free(msg);
		return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
	}
	ret = sdnbr_nl_dump(nl, msg, collect_msg, collect_restart, &c);
	if (ret)
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
	nlmsg_free(msg);
	if (ret)
		return 1;
	qsort(l->v, l->n, sizeof(l->v[0]), cmp_entry);
	return 0;
}

struct bridges {
	struct sdnbr_bridge *v;
	size_t n;
	size_t cap;
};

static int collect_bridge(const struct nlmsghdr *nlh, void *arg)
{
	struct bridges *b = arg;
	int ret;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4;
		struct sdnbr_bridge *v = realloc(b->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	ret = sdnbr_msg_parse_bridge(nlh, &b->v[b->n]);
	if (ret)
		return ret;
	b->n++;
	return 0;
}

static void bridges_restart(void *arg)
{
	((struct bridges *)arg)->n = 0;
}

static int cmp_bridge(const void *x, const void *y)
{
	const struct sdnbr_bridge *a = x, *b = y;

	return strcmp(a->ifname, b->ifname);
}

int sdnctl_get_bridges(struct sdnctl *ctx, const char *dev,
		       struct sdnbr_bridge **out, size_t *n)
{
	struct bridges b = { 0 };
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	char op[64];
	int ret;

	*out = NULL;
	*n = 0;
	if (sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, SDNBR_CMD_BR_GET, 0);
	if (!msg || (dev && sdnbr_msg_put_dev(msg, dev, 0))) {
		nlmsg_free(msg);
		return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
	}
	if (dev)
		ret = sdnbr_nl_request(nl, msg, collect_bridge, &b);
	else
		ret = sdnbr_nl_dump(nl, msg, collect_bridge, bridges_restart,
				    &b);
	if (ret)
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
	nlmsg_free(msg);
	if (ret) {
		free(b.v);
		return 1;
	}
	qsort(b.v, b.n, sizeof(b.v[0]), cmp_bridge);
	*out = b.v;
	*n = b.n;
	return 0;
}

/* ---- get, show, flush ------------------------------------------------------ */

static void print_entries_json(struct sdnctl *ctx, struct sdnbr_json *j,
			       const char *dev, const struct sdnctl_entries *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		sdnbr_json_start_object(j);
		if (dev)
			sdnbr_json_kv_string(j, "dev", dev);
		sdnctl_print_entry_json(ctx, j, &l->v[i]);
		sdnbr_json_end_object(j);
	}
}

int sdnctl_entry_get(struct sdnctl *ctx, const char *dev,
		     const struct sdnbr_entry *e)
{
	struct sdnctl_entries l = { 0 };
	struct collect c = { .type = e->type, .l = &l };
	struct sdnbr_json *j;
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	char op[64];
	int ret, status = 0;

	if (sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, type_of(e->type)->cmd_get, 0);
	if (!msg || sdnbr_msg_put_dev(msg, dev, 0) ||
	    sdnbr_msg_put_entry(msg, e)) {
		nlmsg_free(msg);
		return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
	}
	ret = sdnbr_nl_request(nl, msg, collect_msg, &c);
	if (ret)
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
	nlmsg_free(msg);
	if (ret)
		return 1;
	if (l.n != 1) {
		sdnctl_entries_free(&l);
		return sdnctl_arg_err(ctx, "the kernel answered with %zu entries",
				      l.n);
	}

	if (ctx->json) {
		j = sdnctl_json(ctx);
		if (!j) {
			sdnctl_entries_free(&l);
			return 1;
		}
		sdnbr_json_start_object(j);
		sdnbr_json_kv_string(j, "dev", dev);
		sdnctl_print_entry_json(ctx, j, &l.v[0]);
		sdnbr_json_end_object(j);
		status = sdnbr_json_free(j) ? 1 : 0;
	} else {
		status = sdnctl_print_entries_text(ctx, e->type, &l, 0) ? 1 : 0;
	}
	sdnctl_entries_free(&l);
	return status;
}

/* "3 pods", "1 egress entry" */
static const char *noun(uint16_t type, size_t n)
{
	switch (type) {
	case SDNBR_A_POD:
		return n == 1 ? "pod" : "pods";
	case SDNBR_A_NODE:
		return n == 1 ? "node" : "nodes";
	case SDNBR_A_NS:
		return n == 1 ? "namespace" : "namespaces";
	case SDNBR_A_EGRESS:
		return n == 1 ? "egress entry" : "egress entries";
	case SDNBR_A_FW:
		return n == 1 ? "firewall" : "firewalls";
	default:
		return n == 1 ? "entry" : "entries";
	}
}

/* [dev BRIDGE] */
static int parse_opt_dev(struct sdnctl *ctx, int argc, char **argv,
			 char dev[IFNAMSIZ], bool *given)
{
	struct sdnctl_kw kws[] = {
		SDNCTL_KW("dev", "BRIDGE", sdnctl_p_ifname, dev),
	};

	if (sdnctl_parse_kws(ctx, argc, argv, kws, SDNBR_ARRAY_SIZE(kws)))
		return 1;
	*given = kws[0].n;
	return 0;
}

int sdnctl_entry_show(struct sdnctl *ctx, uint16_t type, int argc,
		      char **argv)
{
	struct sdnctl_entries l = { 0 };
	struct sdnbr_bridge *brs;
	struct sdnbr_json *j = NULL;
	char dev[IFNAMSIZ];
	size_t n, i;
	bool given;
	int status = 0;

	if (parse_opt_dev(ctx, argc, argv, dev, &given) ||
	    sdnctl_get_bridges(ctx, given ? dev : NULL, &brs, &n))
		return 1;
	if (ctx->json) {
		j = sdnctl_json(ctx);
		if (!j) {
			free(brs);
			return 1;
		}
		sdnbr_json_start_array(j);
	}
	for (i = 0; i < n && !status; i++) {
		status = sdnctl_dump_entries(ctx, type, brs[i].ifindex, &l);
		if (status)
			break;
		if (j) {
			print_entries_json(ctx, j, brs[i].ifname, &l);
		} else if (given) {
			if (l.n)
				status = sdnctl_print_entries_text(ctx, type,
								   &l, 0);
		} else {
			printf("%s%s: %zu %s\n", i ? "\n" : "",
			       brs[i].ifname, l.n, noun(type, l.n));
			if (l.n)
				status = sdnctl_print_entries_text(ctx, type,
								   &l, 4);
		}
		sdnctl_entries_clear(&l);
	}
	if (j) {
		sdnbr_json_end_array(j);
		if (sdnbr_json_free(j))
			status = 1;
	}
	sdnctl_entries_free(&l);
	free(brs);
	return status ? 1 : 0;
}

int sdnctl_entry_flush(struct sdnctl *ctx, uint16_t type, int argc,
		       char **argv)
{
	char dev[IFNAMSIZ], op[64];
	struct sdnctl_kw kws[] = {
		SDNCTL_KW_REQ("dev", "BRIDGE", sdnctl_p_ifname, dev),
	};
	struct sdnbr_nl *nl;
	struct nl_msg *msg;
	int ret;

	if (sdnctl_parse_kws(ctx, argc, argv, kws, 1) || sdnctl_open(ctx, &nl))
		return 1;
	msg = sdnbr_nl_msg(nl, type_of(type)->cmd_flush, 0);
	if (!msg || sdnbr_msg_put_dev(msg, dev, 0)) {
		nlmsg_free(msg);
		return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
	}
	ret = sdnbr_nl_request(nl, msg, NULL, NULL);
	if (ret)
		sdnctl_req_err(ctx, NULL, sdnctl_op(ctx, op, sizeof(op)), ret,
			       sdnbr_nl_extack(nl), nlmsg_hdr(msg));
	nlmsg_free(msg);
	return ret ? 1 : 0;
}
