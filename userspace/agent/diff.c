// SPDX-License-Identifier: GPL-2.0
/*
 * The diff: two sorted states in, the fewest entry changes out. An entry
 * is added when only the desired state has its key, deleted when only the
 * current one has it, replaced when both have it with different contents,
 * and left alone when they agree. Nothing is ever flushed.
 *
 * The kernel checks some entries against the settings, so the order is:
 * every delete (firewall, egress, pod, node, namespace), then the
 * settings, then adds and replaces (namespace, node, pod, egress,
 * firewall). The kernel refuses a new local subnet or gateway while pods
 * are installed: then every pod is deleted first and added back after.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "agent.h"
#include "sdnbr_names.h"
#include "sdnbr_util.h"

#define CFG(attr) SDNBR_HAS(SDNBR_CFG_A_##attr)

static const uint32_t managed_cfg = CFG(MODE) | CFG(CLUSTER_NETWORK) |
	CFG(SERVICE_NETWORK) | CFG(LOCAL_SUBNET) | CFG(GATEWAY) |
	CFG(NODE_IP) | CFG(VXLAN_PORT) | CFG(MTU);

static bool prefix_eq(const struct sdnbr_prefix *a,
		      const struct sdnbr_prefix *b)
{
	return a->addr.s_addr == b->addr.s_addr && a->plen == b->plen;
}

uint32_t agent_config_diff(const struct sdnbr_config *want,
			   const struct sdnbr_config *have)
{
	uint32_t bits = 0, both = want->has & have->has;
	unsigned int i;

	bits = want->has & ~have->has & managed_cfg;
	if ((both & CFG(MODE)) && want->mode != have->mode)
		bits |= CFG(MODE);
	if (both & CFG(CLUSTER_NETWORK)) {
		bool same = want->n_cluster == have->n_cluster;

		for (i = 0; same && i < want->n_cluster; i++)
			same = prefix_eq(&want->cluster[i], &have->cluster[i]);
		if (!same)
			bits |= CFG(CLUSTER_NETWORK);
	}
	if ((both & CFG(SERVICE_NETWORK)) &&
	    !prefix_eq(&want->service, &have->service))
		bits |= CFG(SERVICE_NETWORK);
	if ((both & CFG(LOCAL_SUBNET)) &&
	    !prefix_eq(&want->local_subnet, &have->local_subnet))
		bits |= CFG(LOCAL_SUBNET);
	if ((both & CFG(GATEWAY)) &&
	    want->gateway.s_addr != have->gateway.s_addr)
		bits |= CFG(GATEWAY);
	if ((both & CFG(NODE_IP)) &&
	    want->node_ip.s_addr != have->node_ip.s_addr)
		bits |= CFG(NODE_IP);
	if ((both & CFG(VXLAN_PORT)) && want->vxlan_port != have->vxlan_port)
		bits |= CFG(VXLAN_PORT);
	if ((both & CFG(MTU)) && want->mtu != have->mtu)
		bits |= CFG(MTU);
	return bits & managed_cfg;
}

/* ---- equality of entries with the same key ----------------------------------- */

bool agent_pod_equal(const struct agent_pod_entry *a,
		     const struct agent_pod_entry *b)
{
	return a->pod.ip.s_addr == b->pod.ip.s_addr &&
	       a->pod.ifindex == b->pod.ifindex &&
	       a->pod.vnid == b->pod.vnid &&
	       !memcmp(a->pod.mac, b->pod.mac, sizeof(a->pod.mac));
}

static bool node_equal(const struct sdnbr_node *a, const struct sdnbr_node *b)
{
	bool va = a->has & SDNBR_HAS(SDNBR_NODE_A_VNID);
	bool vb = b->has & SDNBR_HAS(SDNBR_NODE_A_VNID);

	return a->ip.s_addr == b->ip.s_addr && va == vb &&
	       (!va || a->vnid == b->vnid);
}

static bool ns_equal(const struct sdnbr_ns *a, const struct sdnbr_ns *b)
{
	return a->global == b->global;
}

bool agent_egress_equal(const struct agent_egress *a,
			const struct agent_egress *b)
{
	unsigned int i;

	if (a->vnid != b->vnid || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct agent_egress_ip *x = &a->ip[i], *y = &b->ip[i];

		if (x->addr.s_addr != y->addr.s_addr || x->hosted != y->hosted ||
		    (x->hosted && x->node.s_addr != y->node.s_addr))
			return false;
	}
	return true;
}

bool agent_fw_equal(const struct agent_fw *a, const struct agent_fw *b)
{
	unsigned int i;

	if (a->vnid != b->vnid || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->rules[i].action != b->rules[i].action ||
		    !prefix_eq(&a->rules[i].prefix, &b->rules[i].prefix))
			return false;
	return true;
}

/* ---- the merge ------------------------------------------------------------------- */

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int key_pod(const void *x, const void *y)
{
	const struct agent_pod_entry *a = x, *b = y;

	return cmp_u32(ntohl(a->pod.ip.s_addr), ntohl(b->pod.ip.s_addr));
}

static bool eq_pod(const void *x, const void *y)
{
	return agent_pod_equal(x, y);
}

static int key_node(const void *x, const void *y)
{
	const struct sdnbr_node *a = x, *b = y;

	return cmp_u32(ntohl(a->subnet.addr.s_addr),
		       ntohl(b->subnet.addr.s_addr)) ?:
	       cmp_u32(a->subnet.plen, b->subnet.plen);
}

static bool eq_node(const void *x, const void *y)
{
	return node_equal(x, y);
}

static int key_ns(const void *x, const void *y)
{
	const struct sdnbr_ns *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

static bool eq_ns(const void *x, const void *y)
{
	return ns_equal(x, y);
}

static int key_egress(const void *x, const void *y)
{
	const struct agent_egress *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

static bool eq_egress(const void *x, const void *y)
{
	return agent_egress_equal(x, y);
}

static int key_fw(const void *x, const void *y)
{
	const struct agent_fw *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

static bool eq_fw(const void *x, const void *y)
{
	return agent_fw_equal(x, y);
}

struct kind {
	uint16_t type;
	size_t size;
	int (*key)(const void *a, const void *b);
	bool (*eq)(const void *a, const void *b);
};

static const struct kind k_pod = { SDNBR_A_POD,
	sizeof(struct agent_pod_entry), key_pod, eq_pod };
static const struct kind k_node = { SDNBR_A_NODE,
	sizeof(struct sdnbr_node), key_node, eq_node };
static const struct kind k_ns = { SDNBR_A_NS,
	sizeof(struct sdnbr_ns), key_ns, eq_ns };
static const struct kind k_egress = { SDNBR_A_EGRESS,
	sizeof(struct agent_egress), key_egress, eq_egress };
static const struct kind k_fw = { SDNBR_A_FW,
	sizeof(struct agent_fw), key_fw, eq_fw };

static int push(struct agent_diff *d, enum agent_op op, uint16_t type,
		const void *want, const void *have)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct agent_change *v = realloc(d->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = (struct agent_change){
		.op = op, .type = type, .want = want, .have = have,
	};
	return 0;
}

/*
 * One kind's changes: with @dels the deletes (keys only in @have), else
 * the adds (only in @want) and replaces (in both, different).
 */
static int merge(struct agent_diff *d, const struct kind *k, bool dels,
		 const void *want, size_t nw, const void *have, size_t nh)
{
	const char *w = want, *h = have;
	size_t i = 0, j = 0;
	int c, ret = 0;

	while (!ret && (i < nw || j < nh)) {
		const void *x = i < nw ? w + i * k->size : NULL;
		const void *y = j < nh ? h + j * k->size : NULL;

		c = !x ? 1 : !y ? -1 : k->key(x, y);
		if (c < 0) {
			if (!dels)
				ret = push(d, AGENT_ADD, k->type, x, NULL);
			i++;
		} else if (c > 0) {
			if (dels)
				ret = push(d, AGENT_DEL, k->type, NULL, y);
			j++;
		} else {
			if (!dels && !k->eq(x, y))
				ret = push(d, AGENT_REPLACE, k->type, x, y);
			i++;
			j++;
		}
	}
	return ret;
}

int agent_diff(const struct agent_state *want, const struct agent_state *have,
	       struct agent_diff *d)
{
	static const struct sdnbr_config none;
	size_t have_pods = have->n_pods;
	uint32_t bits = 0;
	int ret;

	memset(d, 0, sizeof(*d));
	if (want->has_cfg)
		bits = agent_config_diff(&want->cfg,
					 have->has_cfg ? &have->cfg : &none);
	if (bits) {
		d->set_cfg = true;
		d->cfg = want->cfg;
		d->cfg.has = bits;
	}
	d->repod = have->n_pods &&
		   (bits & (CFG(LOCAL_SUBNET) | CFG(GATEWAY)));
	if (d->repod)
		have_pods = 0;

	ret = merge(d, &k_fw, true, want->fw, want->n_fw, have->fw, have->n_fw) ?:
	      merge(d, &k_egress, true, want->egress, want->n_egress,
		    have->egress, have->n_egress) ?:
	      merge(d, &k_pod, true, want->pods, d->repod ? 0 : want->n_pods,
		    have->pods, have->n_pods) ?:
	      merge(d, &k_node, true, want->nodes, want->n_nodes, have->nodes,
		    have->n_nodes) ?:
	      merge(d, &k_ns, true, want->ns, want->n_ns, have->ns, have->n_ns);
	if (ret)
		goto fail;
	d->n_del = d->n;
	ret = merge(d, &k_ns, false, want->ns, want->n_ns, have->ns, have->n_ns) ?:
	      merge(d, &k_node, false, want->nodes, want->n_nodes, have->nodes,
		    have->n_nodes) ?:
	      merge(d, &k_pod, false, want->pods, want->n_pods, have->pods,
		    have_pods) ?:
	      merge(d, &k_egress, false, want->egress, want->n_egress,
		    have->egress, have->n_egress) ?:
	      merge(d, &k_fw, false, want->fw, want->n_fw, have->fw, have->n_fw);
	if (ret)
		goto fail;
	return 0;
fail:
	agent_diff_free(d);
	return ret;
}

void agent_diff_free(struct agent_diff *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}

/* ---- log lines ------------------------------------------------------------------- */

static const char *const op_names[] = {
	[AGENT_ADD] = "add", [AGENT_REPLACE] = "replace", [AGENT_DEL] = "del",
};

struct out {
	char *buf;
	size_t len, pos;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->pos += (size_t)n;
	/* a cut line ends in "..." */
	if (o->pos >= o->len && o->len > 4)
		memcpy(o->buf + o->len - 4, "...", 4);
}

static void put_port(struct out *o, const struct agent_pod_entry *p)
{
	if (p->veth[0])
		put(o, " port %s", p->veth);
	else
		put(o, " port ifindex %u", p->pod.ifindex);
}

static void put_pod(struct out *o, const struct agent_pod_entry *p,
		    bool name)
{
	char mac[SDNBR_MAC_STRLEN];
	uint8_t def[6];

	put_port(o, p);
	put(o, " vnid %u", p->pod.vnid);
	sdnbr_pod_mac(p->pod.ip, def);
	if (memcmp(def, p->pod.mac, 6))
		put(o, " mac %s", sdnbr_fmt_mac(p->pod.mac, mac));
	if (name && p->name)
		put(o, " (%s)", p->name);
}

static void put_egress(struct out *o, const struct agent_egress *e)
{
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < e->n; i++) {
		if (e->ip[i].hosted)
			put(o, " ip %s node %s", sdnbr_fmt_ipv4(e->ip[i].addr, a),
			    sdnbr_fmt_ipv4(e->ip[i].node, b));
		else
			put(o, " ip %s unhosted",
			    sdnbr_fmt_ipv4(e->ip[i].addr, a));
	}
}

static void put_fw(struct out *o, const struct agent_fw *f)
{
	char p[SDNBR_PREFIX_STRLEN];
	unsigned int i;

	put(o, " rules %u:", f->n);
	for (i = 0; i < f->n; i++)
		put(o, " %s %s",
		    f->rules[i].action == SDNBR_FW_ALLOW ? "allow" : "deny",
		    sdnbr_fmt_ipv4_prefix(f->rules[i].prefix.addr,
					  f->rules[i].prefix.plen, p));
}

void agent_change_fmt(const struct agent_change *ch, char *buf, size_t len)
{
	const void *e = ch->op == AGENT_DEL ? ch->have : ch->want;
	struct out o = { .buf = buf, .len = len };
	char a[INET_ADDRSTRLEN], p[SDNBR_PREFIX_STRLEN];
	const char *op = op_names[ch->op];

	if (len)
		buf[0] = '\0';
	switch (ch->type) {
	case SDNBR_A_POD: {
		const struct agent_pod_entry *pod = e;

		put(&o, "pod %s %s", op, sdnbr_fmt_ipv4(pod->pod.ip, a));
		put_pod(&o, pod, true);
		if (ch->op == AGENT_REPLACE) {
			put(&o, ", was");
			put_pod(&o, ch->have, false);
		}
		break;
	}
	case SDNBR_A_NODE: {
		const struct sdnbr_node *n = e;

		put(&o, "node %s %s ip %s", op,
		    sdnbr_fmt_ipv4_prefix(n->subnet.addr, n->subnet.plen, p),
		    sdnbr_fmt_ipv4(n->ip, a));
		if (ch->op == AGENT_REPLACE)
			put(&o, ", was ip %s",
			    sdnbr_fmt_ipv4(((const struct sdnbr_node *)ch->have)->ip,
					   a));
		break;
	}
	case SDNBR_A_NS: {
		const struct sdnbr_ns *ns = e;

		put(&o, "ns %s vnid %u global %d", op, ns->vnid, ns->global);
		break;
	}
	case SDNBR_A_EGRESS: {
		const struct agent_egress *eg = e;

		put(&o, "egress %s vnid %u", op, eg->vnid);
		put_egress(&o, eg);
		break;
	}
	case SDNBR_A_FW: {
		const struct agent_fw *f = e;

		put(&o, "fw %s vnid %u", op, f->vnid);
		if (ch->op != AGENT_DEL)
			put_fw(&o, f);
		break;
	}
	default:
		put(&o, "entry %u %s", ch->type, op);
	}
}

void agent_config_fmt(const struct sdnbr_config *cfg, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	char a[INET_ADDRSTRLEN], p[SDNBR_PREFIX_STRLEN];
	unsigned int i;

	if (len)
		buf[0] = '\0';
	put(&o, "bridge set");
	if (cfg->has & CFG(MODE))
		put(&o, " mode %s", sdnbr_mode_name(cfg->mode) ?: "?");
	if (cfg->has & CFG(CLUSTER_NETWORK))
		for (i = 0; i < cfg->n_cluster; i++)
			put(&o, " cluster-network %s",
			    sdnbr_fmt_ipv4_prefix(cfg->cluster[i].addr,
						  cfg->cluster[i].plen, p));
	if (cfg->has & CFG(SERVICE_NETWORK))
		put(&o, " service-network %s",
		    sdnbr_fmt_ipv4_prefix(cfg->service.addr, cfg->service.plen,
					  p));
	if (cfg->has & CFG(LOCAL_SUBNET))
		put(&o, " local-subnet %s",
		    sdnbr_fmt_ipv4_prefix(cfg->local_subnet.addr,
					  cfg->local_subnet.plen, p));
	if (cfg->has & CFG(GATEWAY))
		put(&o, " gateway %s", sdnbr_fmt_ipv4(cfg->gateway, a));
	if (cfg->has & CFG(NODE_IP))
		put(&o, " node-ip %s", sdnbr_fmt_ipv4(cfg->node_ip, a));
	if (cfg->has & CFG(VXLAN_PORT))
		put(&o, " vxlan-port %u", cfg->vxlan_port);
	if (cfg->has & CFG(MTU))
		put(&o, " mtu %u", cfg->mtu);
}
