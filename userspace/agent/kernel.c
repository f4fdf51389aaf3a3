// SPDX-License-Identifier: GPL-2.0
/*
 * The sdnbr flow table through libsdnbr: the current state from a BR_GET
 * and one dump per entry type, and the diff applied in batches (many
 * entries per NEW or DEL message, which the kernel applies all or none).
 *
 * A batch the kernel refuses is narrowed down to the entry at fault by
 * sdnbr_bulk (pods, nodes, namespaces) or by sending one entry per message
 * (egress, firewall); that entry is reported and skipped, the rest still
 * go in.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "agent_io.h"
#include "sdnbr_bulk.h"
#include "sdnbr_util.h"

#define MSG_MAX_BYTES	(64 * 1024)

int agent_kernel_open(struct agent_kernel *k, const char *bridge,
		      char *err, size_t errlen)
{
	memset(k, 0, sizeof(*k));
	snprintf(k->bridge, sizeof(k->bridge), "%s", bridge);
	k->has_egress = k->has_fw = true;
	return sdnbr_nl_open(&k->nl, SDNBR_GENL_NAME, err, errlen);
}

void agent_kernel_close(struct agent_kernel *k)
{
	if (k->nl)
		sdnbr_nl_close(k->nl);
	k->nl = NULL;
}

static int fail(struct agent_kernel *k, char *err, size_t errlen,
		const char *op, int ret)
{
	sdnbr_format_error(err, errlen, NULL, op, ret, sdnbr_nl_extack(k->nl));
	return ret;
}

/* ---- reading ------------------------------------------------------------------ */

struct reader {
	struct agent_state *s;
	uint16_t type;
	int error;
};

static int read_bridge(const struct nlmsghdr *nlh, void *arg)
{
	struct reader *r = arg;
	struct sdnbr_bridge br;
	int ret;

	ret = sdnbr_msg_parse_bridge(nlh, &br);
	if (ret)
		return ret;
	r->s->cfg = br.cfg;
	r->s->has_cfg = true;
	return 0;
}

static int read_entry(const struct sdnbr_entry *e, void *arg)
{
	struct reader *r = arg;
	struct agent_pod_entry p = { 0 };

	switch (e->type) {
	case SDNBR_A_POD:
		p.pod = e->pod;
		if (!(e->pod.has & SDNBR_HAS(SDNBR_POD_A_MAC)))
			sdnbr_pod_mac(e->pod.ip, p.pod.mac);
		if (!if_indextoname(e->pod.ifindex, p.veth))
			p.veth[0] = '\0';
		return agent_state_add_pod(r->s, &p);
	case SDNBR_A_NODE:
		return agent_state_add_node(r->s, &e->node);
	case SDNBR_A_NS:
		return agent_state_add_ns(r->s, &e->ns);
	}
	return 0;
}

static int read_msg(const struct nlmsghdr *nlh, void *arg)
{
	struct reader *r = arg;
	struct sdnbr_bridge br;
	struct nlattr *attrs, *a;
	int len, rem, ret;

	if (r->type == SDNBR_A_POD || r->type == SDNBR_A_NODE ||
	    r->type == SDNBR_A_NS)
		return sdnbr_msg_for_each_entry(nlh, r->type, &br, read_entry, r);

	attrs = sdnbr_msg_attrs(nlh, &len);
	if (!attrs)
		return -EPROTO;
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) != r->type)
			continue;
		if (r->type == SDNBR_A_EGRESS) {
			struct agent_egress e;

			ret = agent_msg_parse_egress(a, &e, NULL) ?:
			      agent_state_add_egress(r->s, &e);
		} else {
			struct agent_fw f;

			ret = agent_msg_parse_fw(a, &f);
			if (!ret) {
				ret = agent_state_add_fw(r->s, f.vnid, f.rules,
							 f.n);
				free(f.rules);
			}
		}
		if (ret)
			return ret;
	}
	return 0;
}

static void read_restart(void *arg)
{
	struct reader *r = arg;
	struct agent_state *s = r->s;
	size_t i;

	switch (r->type) {
	case SDNBR_A_POD:
		s->n_pods = 0;
		break;
	case SDNBR_A_NODE:
		s->n_nodes = 0;
		break;
	case SDNBR_A_NS:
		s->n_ns = 0;
		break;
	case SDNBR_A_EGRESS:
		s->n_egress = 0;
		break;
	case SDNBR_A_FW:
		for (i = 0; i < s->n_fw; i++)
			free(s->fw[i].rules);
		s->n_fw = 0;
		break;
	}
}

static int dump(struct agent_kernel *k, struct agent_state *s, uint8_t cmd,
		uint16_t type)
{
	struct reader r = { .s = s, .type = type };
	struct nl_msg *msg;
	int ret;

	msg = sdnbr_nl_msg(k->nl, cmd, 0);
	if (!msg || sdnbr_msg_put_dev(msg, k->bridge, 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = sdnbr_nl_dump(k->nl, msg, read_msg, read_restart, &r);
	nlmsg_free(msg);
	return ret;
}

int agent_kernel_read(struct agent_kernel *k, struct agent_state *have,
		      char *err, size_t errlen)
{
	struct reader r = { .s = have };
	struct nl_msg *msg;
	int ret;

	memset(have, 0, sizeof(*have));
	msg = sdnbr_nl_msg(k->nl, SDNBR_CMD_BR_GET, 0);
	if (!msg || sdnbr_msg_put_dev(msg, k->bridge, 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = sdnbr_nl_request(k->nl, msg, read_bridge, &r);
	nlmsg_free(msg);
	if (ret)
		return fail(k, err, errlen, "reading the bridge settings", ret);

	ret = dump(k, have, SDNBR_CMD_POD_GET, SDNBR_A_POD);
	if (ret)
		return fail(k, err, errlen, "dumping pods", ret);
	ret = dump(k, have, SDNBR_CMD_NODE_GET, SDNBR_A_NODE);
	if (ret)
		return fail(k, err, errlen, "dumping nodes", ret);
	ret = dump(k, have, SDNBR_CMD_NS_GET, SDNBR_A_NS);
	if (ret)
		return fail(k, err, errlen, "dumping namespaces", ret);
	/* a module without egress IPs or the firewall has none installed */
	ret = dump(k, have, SDNBR_CMD_EGRESS_GET, SDNBR_A_EGRESS);
	if (ret == -EOPNOTSUPP) {
		k->has_egress = false;
		read_restart(&(struct reader){ .s = have, .type = SDNBR_A_EGRESS });
	} else if (ret) {
		return fail(k, err, errlen, "dumping egress IPs", ret);
	}
	ret = dump(k, have, SDNBR_CMD_FW_GET, SDNBR_A_FW);
	if (ret == -EOPNOTSUPP) {
		k->has_fw = false;
		read_restart(&(struct reader){ .s = have, .type = SDNBR_A_FW });
	} else if (ret) {
		return fail(k, err, errlen, "dumping firewall entries", ret);
	}
	agent_state_sort(have);
	return 0;
}

/* ---- applying ----------------------------------------------------------------------- */

struct applier {
	struct agent_kernel *k;
	const struct agent_diff *d;
	struct agent_counts *n;
	unsigned long fails;
};

static void log_done(struct applier *a, size_t i)
{
	const struct agent_change *ch = &a->d->v[i];
	char line[1024];

	agent_change_fmt(ch, line, sizeof(line));
	agent_change(a->n, ch->op, "%s", line);
}

static void log_failed(struct applier *a, size_t i, int ret,
		       const struct sdnbr_extack *ext)
{
	const struct agent_change *ch = &a->d->v[i];
	char line[1024], why[512];

	agent_change_fmt(ch, line, sizeof(line));
	sdnbr_format_error(why, sizeof(why), NULL, NULL, ret, ext);
	agent_error(a->n, "%s: %s", line, why);
	a->fails++;
}

static uint8_t cmd_of(uint16_t type, bool del)
{
	switch (type) {
	case SDNBR_A_POD:
		return del ? SDNBR_CMD_POD_DEL : SDNBR_CMD_POD_NEW;
	case SDNBR_A_NODE:
		return del ? SDNBR_CMD_NODE_DEL : SDNBR_CMD_NODE_NEW;
	case SDNBR_A_NS:
		return del ? SDNBR_CMD_NS_DEL : SDNBR_CMD_NS_NEW;
	case SDNBR_A_EGRESS:
		return del ? SDNBR_CMD_EGRESS_DEL : SDNBR_CMD_EGRESS_NEW;
	default:
		return del ? SDNBR_CMD_FW_DEL : SDNBR_CMD_FW_NEW;
	}
}

/* The entry a change sends: the key alone for a delete. */
static void entry_of(const struct agent_change *ch, struct sdnbr_entry *e)
{
	bool del = ch->op == AGENT_DEL;
	const void *src = del ? ch->have : ch->want;

	memset(e, 0, sizeof(*e));
	e->type = ch->type;
	switch (ch->type) {
	case SDNBR_A_POD:
		e->pod = ((const struct agent_pod_entry *)src)->pod;
		/* the kernel's default MAC is the one we want */
		e->pod.has = SDNBR_HAS(SDNBR_POD_A_IP);
		if (!del)
			e->pod.has |= SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
				      SDNBR_HAS(SDNBR_POD_A_VNID);
		break;
	case SDNBR_A_NODE:
		e->node = *(const struct sdnbr_node *)src;
		e->node.has = SDNBR_HAS(SDNBR_NODE_A_SUBNET);
		if (!del)
			e->node.has |= SDNBR_HAS(SDNBR_NODE_A_IP);
		break;
	case SDNBR_A_NS:
		e->ns = *(const struct sdnbr_ns *)src;
		e->ns.has = SDNBR_HAS(SDNBR_NS_A_VNID);
		if (!del)
			e->ns.has |= SDNBR_HAS(SDNBR_NS_A_GLOBAL);
		break;
	}
}

static int bulk_send(void *arg, struct nl_msg *msg, struct sdnbr_extack *ext)
{
	struct applier *a = arg;
	int ret;

	ret = sdnbr_nl_request(a->k->nl, msg, NULL, NULL);
	*ext = *sdnbr_nl_extack(a->k->nl);
	return ret;
}

/*
 * Changes [lo, hi) of one pod/node/ns kind and one direction, through
 * sdnbr_bulk. An entry refused is logged and the rest sent again.
 */
static void apply_bulk(struct applier *a, size_t lo, size_t hi)
{
	const struct agent_change *v = a->d->v;
	bool del = v[lo].op == AGENT_DEL;
	uint8_t cmd = cmd_of(v[lo].type, del);
	int flags = del ? 0 : NLM_F_CREATE | NLM_F_REPLACE;
	size_t *todo, n_todo = 0, i;
	struct sdnbr_bulk_result res;
	struct sdnbr_bulk b;
	struct sdnbr_entry e;
	int ret;

	todo = malloc((hi - lo) * sizeof(*todo));
	if (!todo) {
		agent_error(a->n, "out of memory");
		a->fails++;
		return;
	}
	for (i = lo; i < hi; i++)
		todo[n_todo++] = i;
	sdnbr_bulk_init(&b, sdnbr_nl_family(a->k->nl)->id);

	while (n_todo) {
		size_t sent = 0, k;

		/* fill one message */
		while (sent < n_todo) {
			entry_of(&v[todo[sent]], &e);
			ret = sdnbr_bulk_add(&b, cmd, flags, a->k->bridge, 0, &e,
					     todo[sent]);
			if (ret == -EAGAIN)
				break;
			if (ret) {
				log_failed(a, todo[sent], ret, NULL);
				memmove(&todo[sent], &todo[sent + 1],
					(n_todo - sent - 1) * sizeof(*todo));
				n_todo--;
				continue;
			}
			sent++;
		}
		if (!sent && n_todo) {
			/* cannot happen with an empty bulk; do not loop */
			log_failed(a, todo[0], -EAGAIN, NULL);
			memmove(todo, todo + 1, (n_todo - 1) * sizeof(*todo));
			n_todo--;
			continue;
		}
		if (!sent)
			break;
		ret = sdnbr_bulk_flush(&b, bulk_send, a, &res);
		for (k = 0; k < res.applied && k < sent; k++)
			log_done(a, todo[k]);
		if (!ret) {
			memmove(todo, &todo[sent], (n_todo - sent) * sizeof(*todo));
			n_todo -= sent;
			continue;
		}
		/* entry res.failed is refused; whatever came after it goes again */
		log_failed(a, res.tag, ret, &res.ext);
		k = 0;
		for (i = res.applied; i < n_todo; i++)
			if (i != res.failed)
				todo[k++] = todo[i];
		n_todo = k;
	}
	sdnbr_bulk_free(&b);
	free(todo);
}

static int put_nest(struct nl_msg *msg, const struct agent_change *ch)
{
	bool del = ch->op == AGENT_DEL;
	const void *src = del ? ch->have : ch->want;

	if (ch->type == SDNBR_A_EGRESS)
		return agent_msg_put_egress(msg, src, del);
	return agent_msg_put_fw(msg, src, del);
}

static size_t nest_size(const struct agent_change *ch)
{
	const void *src = ch->op == AGENT_DEL ? ch->have : ch->want;

	if (ch->type == SDNBR_A_EGRESS)
		return agent_msg_egress_size(src);
	return agent_msg_fw_size(src);
}

/* Sends changes [lo, hi) in one message. */
static int send_nests(struct applier *a, size_t lo, size_t hi)
{
	const struct agent_change *v = a->d->v;
	bool del = v[lo].op == AGENT_DEL;
	size_t size = NLMSG_HDRLEN + GENL_HDRLEN + nla_total_size(IFNAMSIZ);
	struct nl_msg *msg;
	size_t i;
	int ret;

	for (i = lo; i < hi; i++)
		size += nest_size(&v[i]);
	msg = sdnbr_msg_new(sdnbr_nl_family(a->k->nl)->id,
			    cmd_of(v[lo].type, del),
			    del ? 0 : NLM_F_CREATE | NLM_F_REPLACE, size + 256);
	if (!msg)
		return -ENOMEM;
	ret = sdnbr_msg_put_dev(msg, a->k->bridge, 0);
	for (i = lo; !ret && i < hi; i++)
		ret = put_nest(msg, &v[i]);
	if (!ret)
		ret = sdnbr_nl_request(a->k->nl, msg, NULL, NULL);
	nlmsg_free(msg);
	return ret;
}

/* Egress or firewall changes [lo, hi), of one direction. */
static void apply_nests(struct applier *a, size_t lo, size_t hi)
{
	const struct agent_change *v = a->d->v;
	size_t i, j, size;
	int ret;

	if ((v[lo].type == SDNBR_A_EGRESS && !a->k->has_egress) ||
	    (v[lo].type == SDNBR_A_FW && !a->k->has_fw)) {
		for (i = lo; i < hi; i++) {
			struct sdnbr_extack ext = { 0 };

			snprintf(ext.msg, sizeof(ext.msg),
				 "the sdnbr module has no %s entries",
				 v[lo].type == SDNBR_A_EGRESS ? "egress" :
				 "firewall");
			ext.has = SDNBR_EXTACK_MSG;
			log_failed(a, i, -EOPNOTSUPP, &ext);
		}
		return;
	}
	for (i = lo; i < hi; i = j) {
		/* as many as fit in one message */
		size = 0;
		for (j = i; j < hi && (j == i || size + nest_size(&v[j]) <=
					MSG_MAX_BYTES); j++)
			size += nest_size(&v[j]);
		ret = send_nests(a, i, j);
		if (!ret) {
			for (; i < j; i++)
				log_done(a, i);
			continue;
		}
		/* one by one, to find the one at fault */
		if (j - i == 1) {
			log_failed(a, i, ret, sdnbr_nl_extack(a->k->nl));
			continue;
		}
		for (; i < j; i++) {
			ret = send_nests(a, i, i + 1);
			if (ret)
				log_failed(a, i, ret, sdnbr_nl_extack(a->k->nl));
			else
				log_done(a, i);
		}
	}
}

static void apply_range(struct applier *a, size_t lo, size_t hi)
{
	const struct agent_change *v = a->d->v;
	size_t i, j;

	for (i = lo; i < hi; i = j) {
		for (j = i + 1; j < hi && v[j].type == v[i].type; j++)
			;
		if (v[i].type == SDNBR_A_EGRESS || v[i].type == SDNBR_A_FW)
			apply_nests(a, i, j);
		else
			apply_bulk(a, i, j);
	}
}

static void apply_config(struct applier *a)
{
	char line[1024], why[512];
	struct nl_msg *msg;
	int ret;

	agent_config_fmt(&a->d->cfg, line, sizeof(line));
	msg = sdnbr_nl_msg(a->k->nl, SDNBR_CMD_BR_SET, 0);
	ret = msg ? sdnbr_msg_put_dev(msg, a->k->bridge, 0) ?:
		    sdnbr_msg_put_config(msg, &a->d->cfg) : -ENOMEM;
	if (!ret)
		ret = sdnbr_nl_request(a->k->nl, msg, NULL, NULL);
	nlmsg_free(msg);
	if (ret) {
		sdnbr_format_error(why, sizeof(why), NULL, NULL, ret,
				   sdnbr_nl_extack(a->k->nl));
		agent_error(a->n, "%s: %s", line, why);
		a->fails++;
		return;
	}
	agent_change(a->n, AGENT_REPLACE, "%s", line);
}

unsigned long agent_kernel_apply(struct agent_kernel *k,
				 const struct agent_diff *d,
				 struct agent_counts *n)
{
	struct applier a = { .k = k, .d = d, .n = n };

	apply_range(&a, 0, d->n_del);
	if (d->set_cfg)
		apply_config(&a);
	apply_range(&a, d->n_del, d->n);
	return a.fails;
}
