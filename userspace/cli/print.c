// SPDX-License-Identifier: GPL-2.0
/*
 * How sdnctl shows bridges and entries: aligned text tables for people,
 * JSON for programs, and "KEYWORD VALUE" arguments for the monitor (so a
 * monitor line is a command that has the same effect).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

/* ---- tables ------------------------------------------------------------- */

struct sdnctl_table {
	unsigned int ncols;
	const char *const *heads;
	unsigned int right;	/* bit i: column i is right-aligned */
	char *buf;		/* the cells, each ending in NUL */
	size_t len;
	size_t cap;
	size_t ncells;
	bool oom;
};

struct sdnctl_table *sdnctl_table_new(unsigned int ncols,
				      const char *const *heads,
				      unsigned int right_mask)
{
	struct sdnctl_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->ncols = ncols;
	t->heads = heads;
	t->right = right_mask;
	return t;
}

void sdnctl_table_cell(struct sdnctl_table *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!t || t->oom)
		return;
	for (;;) {
		size_t room = t->cap - t->len;

		va_start(ap, fmt);
		n = vsnprintf(t->buf ? t->buf + t->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->oom = true;
			return;
		}
		if ((size_t)n < room)
			break;
		t->cap = (t->cap + (size_t)n + 1) * 2;
		t->buf = realloc(t->buf, t->cap);
		if (!t->buf) {
			t->oom = true;
			return;
		}
	}
	t->len += (size_t)n + 1;
	t->ncells++;
}

int sdnctl_table_print(struct sdnctl_table *t, FILE *f, int indent)
{
	size_t width[16] = { 0 }, i, w, pos;
	unsigned int c;
	const char *cell;
	int ret = 0;

	if (!t)
		return -ENOMEM;
	if (t->oom || t->ncols > 16) {
		ret = -ENOMEM;
		goto out;
	}
	for (c = 0; c < t->ncols; c++)
		width[c] = strlen(t->heads[c]);
	for (i = 0, pos = 0; i < t->ncells; i++) {
		w = strlen(t->buf + pos);
		if (w > width[i % t->ncols])
			width[i % t->ncols] = w;
		pos += w + 1;
	}
	for (i = 0, pos = 0; i < t->ncells + t->ncols; i++) {
		c = (unsigned int)(i % t->ncols);
		if (i < t->ncols) {
			cell = t->heads[c];
		} else {
			cell = t->buf + pos;
			pos += strlen(cell) + 1;
		}
		if (!c)
			fprintf(f, "%*s", indent, "");
		else
			fputs("  ", f);
		if (t->right & (1U << c))
			fprintf(f, "%*s", (int)width[c], cell);
		else if (c == t->ncols - 1)
			fputs(cell, f);
		else
			fprintf(f, "%-*s", (int)width[c], cell);
		if (c == t->ncols - 1)
			fputc('\n', f);
	}
out:
	free(t->buf);
	free(t);
	return ret;
}

/* ---- small formatters --------------------------------------------------- */

static const char *ip_str(struct in_addr a, char buf[INET_ADDRSTRLEN])
{
	return sdnbr_fmt_ipv4(a, buf);
}

static const char *prefix_str(const struct sdnbr_prefix *p,
			      char buf[SDNBR_PREFIX_STRLEN])
{
	return sdnbr_fmt_ipv4_prefix(p->addr, p->plen, buf);
}

static const char *mode_str(uint8_t mode, char buf[SDNBR_NAME_STRLEN])
{
	const char *name = sdnbr_mode_name(mode);

	if (name)
		return name;
	if (!mode)
		return "unset";
	snprintf(buf, SDNBR_NAME_STRLEN, "%u", mode);
	return buf;
}

/* "veth-a", or "#7" for an index with no name here */
static const char *port_str(struct sdnctl *ctx, uint32_t ifindex,
			    char buf[IFNAMSIZ + 12])
{
	char name[IFNAMSIZ];

	if (sdnctl_ifname(ctx, ifindex, name))
		snprintf(buf, IFNAMSIZ + 12, "%s", name);
	else
		snprintf(buf, IFNAMSIZ + 12, "#%u", ifindex);
	return buf;
}

/* 4312 -> "4.2 KiB" */
static const char *human_bytes(uint64_t v, char buf[32])
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	double d = (double)v;
	int u = -1;

	while (d >= 1024 && u < 3) {
		d /= 1024;
		u++;
	}
	snprintf(buf, 32, "%.1f %s", d, units[u < 0 ? 0 : u]);
	return buf;
}

#define CFG_HAS(cfg, a) ((cfg)->has & SDNBR_HAS(a))

/* ---- bridges: text -------------------------------------------------------- */

static int cmp_drop(const void *a, const void *b)
{
	const struct sdnbr_drop *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	return 0;
}

static void print_prefix_kv(FILE *f, const char *sep, const char *key,
			    const struct sdnbr_config *cfg, int attr,
			    const struct sdnbr_prefix *p)
{
	char buf[SDNBR_PREFIX_STRLEN];

	fprintf(f, "%s%s %s", sep, key,
		CFG_HAS(cfg, attr) ? prefix_str(p, buf) : "unset");
}

static void print_addr_kv(FILE *f, const char *sep, const char *key,
			  const struct sdnbr_config *cfg, int attr,
			  struct in_addr a)
{
	char buf[INET_ADDRSTRLEN];

	fprintf(f, "%s%s %s", sep, key,
		CFG_HAS(cfg, attr) ? ip_str(a, buf) : "unset");
}

static void print_drops_text(const struct sdnbr_stats *st, int indent)
{
	static const char *const rheads[] = { "REASON", "STAGE", "PACKETS",
					      "MEANING" };
	static const char *const sheads[] = { "STAGE", "PACKETS" };
	struct sdnbr_drop d[SDNBR_STATS_MAX_DROPS];
	char rb[SDNBR_NAME_STRLEN], tb[SDNBR_NAME_STRLEN];
	struct sdnctl_table *t;
	unsigned int i;

	if (st->n_drops) {
		memcpy(d, st->drops, st->n_drops * sizeof(d[0]));
		qsort(d, st->n_drops, sizeof(d[0]), cmp_drop);
		printf("%*sdropped by reason:\n", indent, "");
		t = sdnctl_table_new(4, rheads, 1U << 2);
		for (i = 0; i < st->n_drops; i++) {
			const char *desc = sdnbr_drop_reason_desc(d[i].reason);

			sdnctl_table_cell(t, "%s",
					  sdnbr_fmt_drop_reason(d[i].reason, rb));
			sdnctl_table_cell(t, "%s", sdnbr_fmt_table(d[i].table, tb));
			sdnctl_table_cell(t, "%" PRIu64, d[i].packets);
			sdnctl_table_cell(t, "%s", desc ? desc : "");
		}
		sdnctl_table_print(t, stdout, indent + 4);
	}
	if (st->n_stages) {
		memcpy(d, st->stages, st->n_stages * sizeof(d[0]));
		qsort(d, st->n_stages, sizeof(d[0]), cmp_drop);
		printf("%*sdropped by stage:\n", indent, "");
		t = sdnctl_table_new(2, sheads, 1U << 1);
		for (i = 0; i < st->n_stages; i++) {
			sdnctl_table_cell(t, "%s", sdnbr_fmt_table(d[i].table, tb));
			sdnctl_table_cell(t, "%" PRIu64, d[i].packets);
		}
		sdnctl_table_print(t, stdout, indent + 4);
	}
	if (st->n_passed) {
		memcpy(d, st->passed, st->n_passed * sizeof(d[0]));
		qsort(d, st->n_passed, sizeof(d[0]), cmp_drop);
		printf("%*spassed by stage:\n", indent, "");
		t = sdnctl_table_new(2, sheads, 1U << 1);
		for (i = 0; i < st->n_passed; i++) {
			sdnctl_table_cell(t, "%s", sdnbr_fmt_table(d[i].table, tb));
			sdnctl_table_cell(t, "%" PRIu64, d[i].packets);
		}
		sdnctl_table_print(t, stdout, indent + 4);
	}
	if (st->n_lost)
		printf("%*s(%u more drop counters not shown)\n", indent, "",
		       st->n_lost);
}

void sdnctl_print_bridge_text(struct sdnctl *ctx, const struct sdnbr_bridge *br,
			      int indent)
{
	const struct sdnbr_config *cfg = &br->cfg;
	const struct sdnbr_stats *st = &br->stats;
	char name[IFNAMSIZ], mb[SDNBR_NAME_STRLEN], hb[32];
	const char *ifname = br->ifname;
	uint64_t dropped = 0;
	unsigned int i;
	int in = indent + 4;

	(void)ctx;
	if (!*ifname && br->ifindex)
		ifname = sdnctl_ifname(ctx, br->ifindex, name);
	printf("%*s%s: ifindex %u", indent, "", ifname ? ifname : "?",
	       br->ifindex);
	if (CFG_HAS(cfg, SDNBR_CFG_A_MODE))
		printf(" mode %s", mode_str(cfg->mode, mb));
	if (CFG_HAS(cfg, SDNBR_CFG_A_MTU))
		printf(" mtu %u", cfg->mtu);
	if (CFG_HAS(cfg, SDNBR_CFG_A_VXLAN_PORT))
		printf(" vxlan-port %u", cfg->vxlan_port);
	if (CFG_HAS(cfg, SDNBR_CFG_A_MAX_ENTRIES))
		printf(" max-entries %u", cfg->max_entries);
	putchar('\n');

	printf("%*scluster-network", in, "");
	if (!cfg->n_cluster)
		fputs(" unset", stdout);
	for (i = 0; i < cfg->n_cluster; i++) {
		char buf[SDNBR_PREFIX_STRLEN];

		printf(" %s", prefix_str(&cfg->cluster[i], buf));
	}
	printf("\n%*s", in, "");
	print_prefix_kv(stdout, "", "service-network", cfg,
			SDNBR_CFG_A_SERVICE_NETWORK, &cfg->service);
	print_prefix_kv(stdout, " ", "local-subnet", cfg,
			SDNBR_CFG_A_LOCAL_SUBNET, &cfg->local_subnet);
	printf("\n%*s", in, "");
	print_addr_kv(stdout, "", "gateway", cfg, SDNBR_CFG_A_GATEWAY,
		      cfg->gateway);
	print_addr_kv(stdout, " ", "node-ip", cfg, SDNBR_CFG_A_NODE_IP,
		      cfg->node_ip);
	putchar('\n');

	if (!(br->has & SDNBR_HAS(SDNBR_A_STATS)))
		return;
	printf("%*sentries %u pods %u nodes %u namespaces %u egress %u firewalls %u memory %" PRIu64,
	       in, "", st->entries, st->pods, st->nodes, st->namespaces,
	       st->egress, st->firewalls, st->memory);
	if (st->memory >= 1024)
		printf(" (%s)", human_bytes(st->memory, hb));
	putchar('\n');
	for (i = 0; i < st->n_drops; i++)
		dropped += st->drops[i].packets;
	printf("%*spackets %" PRIu64 " dropped %" PRIu64, in, "", st->packets,
	       dropped);
	if (st->packets && dropped)
		printf(" (%.2f%%)", 100.0 * (double)dropped /
					(double)st->packets);
	if (st->has & SDNBR_HAS(SDNBR_STATS_A_CT_LOOKUPS))
		printf(" conntrack-lookups %" PRIu64, st->ct_lookups);
	putchar('\n');
	print_drops_text(st, in);
}

/* ---- bridges: JSON --------------------------------------------------------- */

static void json_prefix(struct sdnbr_json *j, const char *key, bool has,
			const struct sdnbr_prefix *p)
{
	char buf[SDNBR_PREFIX_STRLEN];

	sdnbr_json_key(j, key);
	if (has)
		sdnbr_json_string(j, prefix_str(p, buf));
	else
		sdnbr_json_null(j);
}

static void json_addr(struct sdnbr_json *j, const char *key, bool has,
		      struct in_addr a)
{
	char buf[INET_ADDRSTRLEN];

	sdnbr_json_key(j, key);
	if (has)
		sdnbr_json_string(j, ip_str(a, buf));
	else
		sdnbr_json_null(j);
}

static void json_u64_or_null(struct sdnbr_json *j, const char *key, bool has,
			     uint64_t v)
{
	if (has)
		sdnbr_json_kv_u64(j, key, v);
	else
		sdnbr_json_kv_null(j, key);
}

void sdnctl_print_config_json(struct sdnbr_json *j,
			      const struct sdnbr_config *cfg)
{
	const char *mode = sdnbr_mode_name(cfg->mode);
	char buf[SDNBR_PREFIX_STRLEN];
	unsigned int i;

	sdnbr_json_key(j, "mode");
	if (!CFG_HAS(cfg, SDNBR_CFG_A_MODE) || !cfg->mode)
		sdnbr_json_null(j);
	else if (mode)
		sdnbr_json_string(j, mode);
	else
		sdnbr_json_u64(j, cfg->mode);
	sdnbr_json_key(j, "cluster_networks");
	sdnbr_json_start_array(j);
	for (i = 0; i < cfg->n_cluster; i++)
		sdnbr_json_string(j, prefix_str(&cfg->cluster[i], buf));
	sdnbr_json_end_array(j);
	json_prefix(j, "service_network",
		    CFG_HAS(cfg, SDNBR_CFG_A_SERVICE_NETWORK), &cfg->service);
	json_prefix(j, "local_subnet", CFG_HAS(cfg, SDNBR_CFG_A_LOCAL_SUBNET),
		    &cfg->local_subnet);
	json_addr(j, "gateway", CFG_HAS(cfg, SDNBR_CFG_A_GATEWAY), cfg->gateway);
	json_addr(j, "node_ip", CFG_HAS(cfg, SDNBR_CFG_A_NODE_IP), cfg->node_ip);
	json_u64_or_null(j, "vxlan_port", CFG_HAS(cfg, SDNBR_CFG_A_VXLAN_PORT),
			 cfg->vxlan_port);
	json_u64_or_null(j, "mtu", CFG_HAS(cfg, SDNBR_CFG_A_MTU), cfg->mtu);
	json_u64_or_null(j, "max_entries",
			 CFG_HAS(cfg, SDNBR_CFG_A_MAX_ENTRIES),
			 cfg->max_entries);
}

static void json_drop(struct sdnbr_json *j, const struct sdnbr_drop *d,
		      bool reason)
{
	const char *name;

	sdnbr_json_start_object(j);
	if (reason) {
		char buf[SDNBR_NAME_STRLEN];

		sdnbr_json_kv_string(j, "reason",
				     sdnbr_fmt_drop_reason(d->reason, buf));
		sdnbr_json_kv_u64(j, "reason_id", d->reason);
	}
	sdnbr_json_kv_u64(j, "table", d->table);
	name = sdnbr_table_name(d->table);
	sdnbr_json_key(j, "stage");
	if (name)
		sdnbr_json_string(j, name);
	else
		sdnbr_json_null(j);
	sdnbr_json_kv_u64(j, "packets", d->packets);
	sdnbr_json_end_object(j);
}

/*
 * "stats" holds the scalars; the drop lists sit beside it in the bridge
 * object, as .drops[] and .stage_drops[] (what scripts select from).
 */
static void json_stats(struct sdnbr_json *j, const struct sdnbr_stats *st)
{
	uint64_t dropped = 0;
	unsigned int i;

	sdnbr_json_key(j, "stats");
	sdnbr_json_start_object(j);
	sdnbr_json_kv_u64(j, "entries", st->entries);
	sdnbr_json_kv_u64(j, "pods", st->pods);
	sdnbr_json_kv_u64(j, "nodes", st->nodes);
	sdnbr_json_kv_u64(j, "namespaces", st->namespaces);
	sdnbr_json_kv_u64(j, "egress", st->egress);
	sdnbr_json_kv_u64(j, "firewalls", st->firewalls);
	sdnbr_json_kv_u64(j, "memory", st->memory);
	sdnbr_json_kv_u64(j, "packets", st->packets);
	for (i = 0; i < st->n_drops; i++)
		dropped += st->drops[i].packets;
	sdnbr_json_kv_u64(j, "dropped", dropped);
	if (st->has & SDNBR_HAS(SDNBR_STATS_A_CT_LOOKUPS))
		sdnbr_json_kv_u64(j, "ct_lookups", st->ct_lookups);
	sdnbr_json_end_object(j);
}

static void json_drops(struct sdnbr_json *j, const struct sdnbr_stats *st)
{
	struct sdnbr_drop d[SDNBR_STATS_MAX_DROPS];
	unsigned int i;

	memcpy(d, st->drops, st->n_drops * sizeof(d[0]));
	qsort(d, st->n_drops, sizeof(d[0]), cmp_drop);
	sdnbr_json_key(j, "drops");
	sdnbr_json_start_array(j);
	for (i = 0; i < st->n_drops; i++)
		json_drop(j, &d[i], true);
	sdnbr_json_end_array(j);
	memcpy(d, st->stages, st->n_stages * sizeof(d[0]));
	qsort(d, st->n_stages, sizeof(d[0]), cmp_drop);
	sdnbr_json_key(j, "stage_drops");
	sdnbr_json_start_array(j);
	for (i = 0; i < st->n_stages; i++)
		json_drop(j, &d[i], false);
	sdnbr_json_end_array(j);
	memcpy(d, st->passed, st->n_passed * sizeof(d[0]));
	qsort(d, st->n_passed, sizeof(d[0]), cmp_drop);
	sdnbr_json_key(j, "stage_packets");
	sdnbr_json_start_array(j);
	for (i = 0; i < st->n_passed; i++)
		json_drop(j, &d[i], false);
	sdnbr_json_end_array(j);
}

void sdnctl_print_bridge_json(struct sdnbr_json *j,
			      const struct sdnbr_bridge *br)
{
	sdnbr_json_kv_string(j, "ifname", br->ifname);
	sdnbr_json_kv_u64(j, "ifindex", br->ifindex);
	sdnbr_json_key(j, "config");
	sdnbr_json_start_object(j);
	sdnctl_print_config_json(j, &br->cfg);
	sdnbr_json_end_object(j);
	if (br->has & SDNBR_HAS(SDNBR_A_STATS)) {
		json_stats(j, &br->stats);
		json_drops(j, &br->stats);
	}
}

/* ---- entries --------------------------------------------------------------- */

#define E_HAS(x, a) ((x)->has & SDNBR_HAS(a))

static void pod_row(struct sdnctl *ctx, struct sdnctl_table *t,
		    const struct sdnbr_pod *p)
{
	char ib[INET_ADDRSTRLEN], mb[SDNBR_MAC_STRLEN], pb[IFNAMSIZ + 12];

	sdnctl_table_cell(t, "%s", ip_str(p->ip, ib));
	sdnctl_table_cell(t, "%s", E_HAS(p, SDNBR_POD_A_MAC) ?
			  sdnbr_fmt_mac(p->mac, mb) : "-");
	sdnctl_table_cell(t, "%s", E_HAS(p, SDNBR_POD_A_IFINDEX) ?
			  port_str(ctx, p->ifindex, pb) : "-");
	sdnctl_table_cell(t, "%u", p->vnid);
	sdnctl_table_cell(t, "%" PRIu64, p->rx.packets);
	sdnctl_table_cell(t, "%" PRIu64, p->rx.bytes);
	sdnctl_table_cell(t, "%" PRIu64, p->tx.packets);
	sdnctl_table_cell(t, "%" PRIu64, p->tx.bytes);
}

static void node_row(struct sdnctl_table *t, const struct sdnbr_node *n)
{
	char sb[SDNBR_PREFIX_STRLEN], ib[INET_ADDRSTRLEN];

	sdnctl_table_cell(t, "%s", prefix_str(&n->subnet, sb));
	sdnctl_table_cell(t, "%s", E_HAS(n, SDNBR_NODE_A_IP) ?
			  ip_str(n->ip, ib) : "-");
	if (E_HAS(n, SDNBR_NODE_A_VNID))
		sdnctl_table_cell(t, "%u", n->vnid);
	else
		sdnctl_table_cell(t, "-");
	sdnctl_table_cell(t, "%" PRIu64, n->tx.packets);
	sdnctl_table_cell(t, "%" PRIu64, n->tx.bytes);
	sdnctl_table_cell(t, "%" PRIu64, n->rx.packets);
	sdnctl_table_cell(t, "%" PRIu64, n->rx.bytes);
}

/*
 * One row per egress IP, the first with the namespace's own columns; the
 * list comes last, so that the rows after the first have no blank tail.
 */
static void egress_rows(struct sdnctl_table *t, const struct sdnbr_egress *eg)
{
	char ib[INET_ADDRSTRLEN], nb[INET_ADDRSTRLEN];
	unsigned int i = 0;

	do {
		const struct sdnbr_egress_ip *ip = i < eg->n_ips ?
						   &eg->ips[i] : NULL;

		if (!i) {
			sdnctl_table_cell(t, "%u", eg->vnid);
			if (E_HAS(eg, SDNBR_EGRESS_A_MARK))
				sdnctl_table_cell(t, "0x%x", eg->mark);
			else
				sdnctl_table_cell(t, "-");
			sdnctl_table_cell(t, "%" PRIu64, eg->tx.packets);
			sdnctl_table_cell(t, "%" PRIu64, eg->tx.bytes);
		} else {
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
		}
		sdnctl_table_cell(t, "%s", ip ? ip_str(ip->addr, ib) : "-");
		sdnctl_table_cell(t, "%s", ip && E_HAS(ip, SDNBR_EGRESS_IP_A_NODE) ?
				  ip_str(ip->node, nb) : "-");
	} while (++i < eg->n_ips);
}

static const char *fw_action_str(uint8_t action, char buf[8])
{
	switch (action) {
	case SDNBR_FW_ALLOW:
		return "allow";
	case SDNBR_FW_DENY:
		return "deny";
	default:
		snprintf(buf, 8, "%u", action);
		return buf;
	}
}

/* One row per rule, as for egress IPs. */
static void fw_rows(struct sdnctl_table *t, const struct sdnbr_fw *fw)
{
	char pb[SDNBR_PREFIX_STRLEN], ab[8];
	unsigned int i = 0;

	do {
		const struct sdnbr_fw_rule *r = i < fw->n_rules ?
						&fw->rules[i] : NULL;

		if (!i) {
			sdnctl_table_cell(t, "%u", fw->vnid);
			sdnctl_table_cell(t, "%" PRIu64, fw->allowed.packets);
			sdnctl_table_cell(t, "%" PRIu64, fw->allowed.bytes);
			sdnctl_table_cell(t, "%" PRIu64, fw->denied.packets);
			sdnctl_table_cell(t, "%" PRIu64, fw->denied.bytes);
		} else {
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
			sdnctl_table_cell(t, "%s", "");
		}
		if (r) {
			sdnctl_table_cell(t, "%u", i + 1);
			sdnctl_table_cell(t, "%s", fw_action_str(r->action, ab));
			sdnctl_table_cell(t, "%s", prefix_str(&r->prefix, pb));
		} else {
			/* no rule matches: everything is allowed */
			sdnctl_table_cell(t, "-");
			sdnctl_table_cell(t, "-");
			sdnctl_table_cell(t, "(none: all allowed)");
		}
	} while (++i < fw->n_rules);
}

int sdnctl_print_entries_text(struct sdnctl *ctx, uint16_t type,
			      const struct sdnctl_entries *l, int indent)
{
	static const char *const pod_heads[] = {
		"IP", "MAC", "PORT", "VNID", "RX-PACKETS", "RX-BYTES",
		"TX-PACKETS", "TX-BYTES",
	};
	static const char *const node_heads[] = {
		"SUBNET", "NODE-IP", "VNID", "TX-PACKETS", "TX-BYTES",
		"RX-PACKETS", "RX-BYTES",
	};
	static const char *const ns_heads[] = { "VNID", "GLOBAL" };
	static const char *const egress_heads[] = {
		"VNID", "MARK", "TX-PACKETS", "TX-BYTES", "IP", "NODE",
	};
	static const char *const fw_heads[] = {
		"VNID", "ALLOWED-PACKETS", "ALLOWED-BYTES", "DENIED-PACKETS",
		"DENIED-BYTES", "RULE", "ACTION", "PREFIX",
	};
	struct sdnctl_table *t;
	size_t i;

	switch (type) {
	case SDNBR_A_POD:
		t = sdnctl_table_new(8, pod_heads, 0xf8);
		for (i = 0; i < l->n; i++)
			pod_row(ctx, t, &l->v[i].pod);
		break;
	case SDNBR_A_NODE:
		t = sdnctl_table_new(7, node_heads, 0x7c);
		for (i = 0; i < l->n; i++)
			node_row(t, &l->v[i].node);
		break;
	case SDNBR_A_EGRESS:
		t = sdnctl_table_new(6, egress_heads, 0x0d);
		for (i = 0; i < l->n; i++)
			egress_rows(t, &l->v[i].egress);
		break;
	case SDNBR_A_FW:
		t = sdnctl_table_new(8, fw_heads, 0x3f);
		for (i = 0; i < l->n; i++)
			fw_rows(t, &l->v[i].fw);
		break;
	default:
		t = sdnctl_table_new(2, ns_heads, 0x1);
		for (i = 0; i < l->n; i++) {
			sdnctl_table_cell(t, "%u", l->v[i].ns.vnid);
			sdnctl_table_cell(t, "%s",
					  l->v[i].ns.global ? "yes" : "no");
		}
		break;
	}
	return sdnctl_table_print(t, stdout, indent);
}

static void json_counters(struct sdnbr_json *j, const char *key,
			  const struct sdnbr_counters *c)
{
	sdnbr_json_key(j, key);
	sdnbr_json_start_object(j);
	sdnbr_json_kv_u64(j, "packets", c->packets);
	sdnbr_json_kv_u64(j, "bytes", c->bytes);
	sdnbr_json_end_object(j);
}

/* A key alone (a del event) has no list; an entry has one, maybe empty. */
#define KEY_ONLY(x, key) (!((x)->has & ~SDNBR_HAS(key)))

static void json_egress(struct sdnbr_json *j, const struct sdnbr_egress *eg)
{
	char ib[INET_ADDRSTRLEN];
	unsigned int i;

	sdnbr_json_kv_u64(j, "vnid", eg->vnid);
	if (KEY_ONLY(eg, SDNBR_EGRESS_A_VNID))
		return;
	sdnbr_json_key(j, "ips");
	sdnbr_json_start_array(j);
	for (i = 0; i < eg->n_ips; i++) {
		const struct sdnbr_egress_ip *ip = &eg->ips[i];

		sdnbr_json_start_object(j);
		sdnbr_json_kv_string(j, "ip", ip_str(ip->addr, ib));
		/* null: hosted nowhere, so not usable */
		if (E_HAS(ip, SDNBR_EGRESS_IP_A_NODE))
			sdnbr_json_kv_string(j, "node", ip_str(ip->node, ib));
		else
			sdnbr_json_kv_null(j, "node");
		sdnbr_json_end_object(j);
	}
	sdnbr_json_end_array(j);
	if (E_HAS(eg, SDNBR_EGRESS_A_MARK))
		sdnbr_json_kv_u64(j, "mark", eg->mark);
	if (E_HAS(eg, SDNBR_EGRESS_A_TX))
		json_counters(j, "tx", &eg->tx);
}

static void json_fw(struct sdnbr_json *j, const struct sdnbr_fw *fw)
{
	char pb[SDNBR_PREFIX_STRLEN];
	unsigned int i;

	sdnbr_json_kv_u64(j, "vnid", fw->vnid);
	if (KEY_ONLY(fw, SDNBR_FW_A_VNID))
		return;
	sdnbr_json_key(j, "rules");
	sdnbr_json_start_array(j);
	for (i = 0; i < fw->n_rules; i++) {
		const struct sdnbr_fw_rule *r = &fw->rules[i];

		sdnbr_json_start_object(j);
		sdnbr_json_key(j, "action");
		if (r->action == SDNBR_FW_ALLOW)
			sdnbr_json_string(j, "allow");
		else if (r->action == SDNBR_FW_DENY)
			sdnbr_json_string(j, "deny");
		else
			sdnbr_json_u64(j, r->action);
		sdnbr_json_kv_string(j, "prefix", prefix_str(&r->prefix, pb));
		sdnbr_json_end_object(j);
	}
	sdnbr_json_end_array(j);
	if (E_HAS(fw, SDNBR_FW_A_ALLOWED))
		json_counters(j, "allowed", &fw->allowed);
	if (E_HAS(fw, SDNBR_FW_A_DENIED))
		json_counters(j, "denied", &fw->denied);
}

void sdnctl_print_entry_json(struct sdnctl *ctx, struct sdnbr_json *j,
			     const struct sdnbr_entry *e)
{
	char ib[INET_ADDRSTRLEN], mb[SDNBR_MAC_STRLEN], pb[IFNAMSIZ];
	char sb[SDNBR_PREFIX_STRLEN];

	switch (e->type) {
	case SDNBR_A_POD: {
		const struct sdnbr_pod *p = &e->pod;

		sdnbr_json_kv_string(j, "ip", ip_str(p->ip, ib));
		if (E_HAS(p, SDNBR_POD_A_MAC))
			sdnbr_json_kv_string(j, "mac", sdnbr_fmt_mac(p->mac, mb));
		if (E_HAS(p, SDNBR_POD_A_IFINDEX)) {
			const char *name = sdnctl_ifname(ctx, p->ifindex, pb);

			sdnbr_json_key(j, "port");
			if (name)
				sdnbr_json_string(j, name);
			else
				sdnbr_json_null(j);
			sdnbr_json_kv_u64(j, "port_ifindex", p->ifindex);
		}
		if (E_HAS(p, SDNBR_POD_A_VNID))
			sdnbr_json_kv_u64(j, "vnid", p->vnid);
		if (E_HAS(p, SDNBR_POD_A_RX))
			json_counters(j, "rx", &p->rx);
		if (E_HAS(p, SDNBR_POD_A_TX))
			json_counters(j, "tx", &p->tx);
		break;
	}
	case SDNBR_A_NODE: {
		const struct sdnbr_node *n = &e->node;

		sdnbr_json_kv_string(j, "subnet", prefix_str(&n->subnet, sb));
		if (E_HAS(n, SDNBR_NODE_A_IP))
			sdnbr_json_kv_string(j, "ip", ip_str(n->ip, ib));
		/* No VNID is a setting of its own: no fixed VNI. */
		if (E_HAS(n, SDNBR_NODE_A_VNID))
			sdnbr_json_kv_u64(j, "vnid", n->vnid);
		else if (E_HAS(n, SDNBR_NODE_A_IP))
			sdnbr_json_kv_null(j, "vnid");
		if (E_HAS(n, SDNBR_NODE_A_TX))
			json_counters(j, "tx", &n->tx);
		if (E_HAS(n, SDNBR_NODE_A_RX))
			json_counters(j, "rx", &n->rx);
		break;
	}
	case SDNBR_A_EGRESS:
		json_egress(j, &e->egress);
		break;
	case SDNBR_A_FW:
		json_fw(j, &e->fw);
		break;
	default:
		sdnbr_json_kv_u64(j, "vnid", e->ns.vnid);
		if (E_HAS(&e->ns, SDNBR_NS_A_GLOBAL))
			sdnbr_json_kv_bool(j, "global", e->ns.global);
		break;
	}
}

void sdnctl_print_entry_args(struct sdnctl *ctx, FILE *f,
			     const struct sdnbr_entry *e)
{
	char ib[INET_ADDRSTRLEN], mb[SDNBR_MAC_STRLEN], pb[IFNAMSIZ];
	char sb[SDNBR_PREFIX_STRLEN];

	switch (e->type) {
	case SDNBR_A_POD: {
		const struct sdnbr_pod *p = &e->pod;

		fprintf(f, "ip %s", ip_str(p->ip, ib));
		if (E_HAS(p, SDNBR_POD_A_IFINDEX)) {
			if (sdnctl_ifname(ctx, p->ifindex, pb))
				fprintf(f, " port %s", pb);
			else
				fprintf(f, " ifindex %u", p->ifindex);
		}
		if (E_HAS(p, SDNBR_POD_A_MAC))
			fprintf(f, " mac %s", sdnbr_fmt_mac(p->mac, mb));
		if (E_HAS(p, SDNBR_POD_A_VNID))
			fprintf(f, " vnid %u", p->vnid);
		break;
	}
	case SDNBR_A_NODE: {
		const struct sdnbr_node *n = &e->node;

		fprintf(f, "subnet %s", prefix_str(&n->subnet, sb));
		if (E_HAS(n, SDNBR_NODE_A_IP))
			fprintf(f, " ip %s", ip_str(n->ip, ib));
		if (E_HAS(n, SDNBR_NODE_A_VNID))
			fprintf(f, " vnid %u", n->vnid);
		break;
	}
	case SDNBR_A_EGRESS: {
		const struct sdnbr_egress *eg = &e->egress;
		unsigned int i;

		/* the mark is the kernel's: no argument sets it */
		fprintf(f, "vnid %u", eg->vnid);
		for (i = 0; i < eg->n_ips; i++) {
			fprintf(f, " ip %s", ip_str(eg->ips[i].addr, ib));
			if (E_HAS(&eg->ips[i], SDNBR_EGRESS_IP_A_NODE))
				fprintf(f, " node %s",
					ip_str(eg->ips[i].node, ib));
		}
		break;
	}
	case SDNBR_A_FW: {
		const struct sdnbr_fw *fw = &e->fw;
		unsigned int i;
		char ab[8];

		fprintf(f, "vnid %u", fw->vnid);
		for (i = 0; i < fw->n_rules; i++)
			fprintf(f, " %s %s",
				fw_action_str(fw->rules[i].action, ab),
				prefix_str(&fw->rules[i].prefix, sb));
		break;
	}
	default:
		fprintf(f, "vnid %u", e->ns.vnid);
		if (E_HAS(&e->ns, SDNBR_NS_A_GLOBAL))
			fprintf(f, " global %s", e->ns.global ? "on" : "off");
		break;
	}
}

void sdnctl_print_config_args(FILE *f, const struct sdnbr_config *cfg)
{
	char buf[SDNBR_PREFIX_STRLEN], mb[SDNBR_NAME_STRLEN];
	unsigned int i;

	if (CFG_HAS(cfg, SDNBR_CFG_A_MODE))
		fprintf(f, " mode %s", mode_str(cfg->mode, mb));
	for (i = 0; i < cfg->n_cluster; i++)
		fprintf(f, " cluster-network %s",
			prefix_str(&cfg->cluster[i], buf));
	if (CFG_HAS(cfg, SDNBR_CFG_A_SERVICE_NETWORK))
		fprintf(f, " service-network %s", prefix_str(&cfg->service, buf));
	if (CFG_HAS(cfg, SDNBR_CFG_A_LOCAL_SUBNET))
		fprintf(f, " local-subnet %s",
			prefix_str(&cfg->local_subnet, buf));
	if (CFG_HAS(cfg, SDNBR_CFG_A_GATEWAY))
		fprintf(f, " gateway %s", ip_str(cfg->gateway, buf));
	if (CFG_HAS(cfg, SDNBR_CFG_A_NODE_IP))
		fprintf(f, " node-ip %s", ip_str(cfg->node_ip, buf));
	if (CFG_HAS(cfg, SDNBR_CFG_A_VXLAN_PORT))
		fprintf(f, " vxlan-port %u", cfg->vxlan_port);
	if (CFG_HAS(cfg, SDNBR_CFG_A_MTU))
		fprintf(f, " mtu %u", cfg->mtu);
	if (CFG_HAS(cfg, SDNBR_CFG_A_MAX_ENTRIES))
		fprintf(f, " max-entries %u", cfg->max_entries);
}
