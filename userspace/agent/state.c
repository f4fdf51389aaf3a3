// SPDX-License-Identifier: GPL-2.0
/*
 * What one node should hold, derived from the cluster description:
 *
 *  - settings: the mode, cluster and service networks, the node's subnet
 *    as the local subnet, its first host as the gateway, the node IP, the
 *    VXLAN port and the MTU;
 *  - a pod entry for each pod of this node (other nodes' pods: nothing);
 *  - a node entry for every other node;
 *  - a namespace entry for each VNID other than 0 (VNID 0 is global in
 *    the kernel without one), never global: "global" is VNID 0;
 *  - an egress entry per namespace with egress IPs, each IP with the node
 *    hosting it (unhosted if none), in the namespace's order;
 *  - a firewall entry per namespace with an egressPolicy;
 *  - the egress IPs this node hosts for some namespace (address, SNAT).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "agent.h"
#include "sdnbr_egress.h"
#include "sdnbr_util.h"

/*
 * Lists grow in powers of two from 16: capacity is implied by the count
 * (a count that is 0 or a power of two >= 16 is at capacity).
 */
static int grow(void **v, size_t n, size_t size)
{
	size_t cap;
	void *p;

	if (n && (n < 16 || (n & (n - 1))))
		return 0;
	cap = n < 16 ? 16 : n * 2;
	p = realloc(*v, cap * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	return 0;
}

int agent_state_add_pod(struct agent_state *s, const struct agent_pod_entry *p)
{
	if (grow((void **)&s->pods, s->n_pods, sizeof(*s->pods)))
		return -ENOMEM;
	s->pods[s->n_pods++] = *p;
	return 0;
}

int agent_state_add_node(struct agent_state *s, const struct sdnbr_node *n)
{
	if (grow((void **)&s->nodes, s->n_nodes, sizeof(*s->nodes)))
		return -ENOMEM;
	s->nodes[s->n_nodes++] = *n;
	return 0;
}

int agent_state_add_ns(struct agent_state *s, const struct sdnbr_ns *ns)
{
	if (grow((void **)&s->ns, s->n_ns, sizeof(*s->ns)))
		return -ENOMEM;
	s->ns[s->n_ns++] = *ns;
	return 0;
}

int agent_state_add_egress(struct agent_state *s, const struct agent_egress *e)
{
	if (grow((void **)&s->egress, s->n_egress, sizeof(*s->egress)))
		return -ENOMEM;
	s->egress[s->n_egress++] = *e;
	return 0;
}

int agent_state_add_fw(struct agent_state *s, uint32_t vnid,
		       const struct agent_fw_rule *rules, unsigned int n)
{
	struct agent_fw fw = { .vnid = vnid, .n = n };

	fw.rules = calloc(n + 1, sizeof(*rules));
	if (!fw.rules)
		return -ENOMEM;
	if (n)
		memcpy(fw.rules, rules, n * sizeof(*rules));
	if (grow((void **)&s->fw, s->n_fw, sizeof(*s->fw))) {
		free(fw.rules);
		return -ENOMEM;
	}
	s->fw[s->n_fw++] = fw;
	return 0;
}

static int add_eip(struct agent_state *s, const struct agent_eip *e)
{
	if (grow((void **)&s->eips, s->n_eips, sizeof(*s->eips)))
		return -ENOMEM;
	s->eips[s->n_eips++] = *e;
	return 0;
}

void agent_state_free(struct agent_state *s)
{
	size_t i;

	for (i = 0; i < s->n_fw; i++)
		free(s->fw[i].rules);
	free(s->pods);
	free(s->nodes);
	free(s->ns);
	free(s->egress);
	free(s->fw);
	free(s->eips);
	memset(s, 0, sizeof(*s));
}

void agent_desired_config(const struct agent_cluster *c, size_t node,
			  struct sdnbr_config *cfg)
{
	const struct agent_node *n = &c->nodes[node];

	memset(cfg, 0, sizeof(*cfg));
	cfg->has = SDNBR_HAS(SDNBR_CFG_A_MODE) |
		   SDNBR_HAS(SDNBR_CFG_A_CLUSTER_NETWORK) |
		   SDNBR_HAS(SDNBR_CFG_A_SERVICE_NETWORK) |
		   SDNBR_HAS(SDNBR_CFG_A_LOCAL_SUBNET) |
		   SDNBR_HAS(SDNBR_CFG_A_GATEWAY) |
		   SDNBR_HAS(SDNBR_CFG_A_NODE_IP) |
		   SDNBR_HAS(SDNBR_CFG_A_VXLAN_PORT) |
		   SDNBR_HAS(SDNBR_CFG_A_MTU);
	cfg->mode = c->mode;
	cfg->n_cluster = c->n_cluster;
	memcpy(cfg->cluster, c->cluster, sizeof(cfg->cluster));
	cfg->service = c->service;
	cfg->local_subnet = n->subnet;
	cfg->gateway.s_addr = htonl(ntohl(n->subnet.addr.s_addr) + 1);
	cfg->node_ip = n->ip;
	cfg->vxlan_port = c->vxlan_port;
	cfg->mtu = c->mtu;
}

static long hosting_node(const struct agent_cluster *c, struct in_addr a)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < c->n_nodes; i++)
		for (k = 0; k < c->nodes[i].n_egress; k++)
			if (c->nodes[i].egress[k].s_addr == a.s_addr)
				return (long)i;
	return -1;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_ns(const void *x, const void *y)
{
	const struct sdnbr_ns *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

int agent_desired_state(const struct agent_cluster *c, size_t node,
			struct agent_state *s)
{
	size_t i, j;

	memset(s, 0, sizeof(*s));
	s->has_cfg = true;
	agent_desired_config(c, node, &s->cfg);

	for (i = 0; i < c->n_pods; i++) {
		const struct agent_pod *p = &c->pods[i];
		struct agent_pod_entry e = { 0 };

		if (p->node != node)
			continue;
		e.pod.has = SDNBR_HAS(SDNBR_POD_A_IP) |
			    SDNBR_HAS(SDNBR_POD_A_MAC) |
			    SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
			    SDNBR_HAS(SDNBR_POD_A_VNID);
		e.pod.ip = p->ip;
		sdnbr_pod_mac(p->ip, e.pod.mac);
		e.pod.vnid = c->ns[p->ns].vnid;
		memcpy(e.veth, p->veth, sizeof(e.veth));
		e.name = p->name;
		if (agent_state_add_pod(s, &e))
			goto nomem;
	}

	for (i = 0; i < c->n_nodes; i++) {
		struct sdnbr_node n = { 0 };

		if (i == node)
			continue;
		n.has = SDNBR_HAS(SDNBR_NODE_A_SUBNET) | SDNBR_HAS(SDNBR_NODE_A_IP);
		n.subnet = c->nodes[i].subnet;
		n.ip = c->nodes[i].ip;
		if (agent_state_add_node(s, &n))
			goto nomem;
	}

	/* one entry per VNID, however many namespaces share it */
	for (i = 0; i < c->n_ns; i++) {
		struct sdnbr_ns ns = { 0 };

		if (!c->ns[i].vnid)
			continue;
		ns.has = SDNBR_HAS(SDNBR_NS_A_VNID) | SDNBR_HAS(SDNBR_NS_A_GLOBAL);
		ns.vnid = c->ns[i].vnid;
		if (agent_state_add_ns(s, &ns))
			goto nomem;
	}
	if (s->n_ns) {
		qsort(s->ns, s->n_ns, sizeof(*s->ns), cmp_ns);
		for (i = 1, j = 1; i < s->n_ns; i++)
			if (s->ns[i].vnid != s->ns[j - 1].vnid)
				s->ns[j++] = s->ns[i];
		s->n_ns = j;
	}

	for (i = 0; i < c->n_ns; i++) {
		const struct agent_ns *ns = &c->ns[i];
		struct agent_egress e = { .vnid = ns->vnid, .n = ns->n_egress };
		unsigned int k;

		if (ns->has_policy &&
		    agent_state_add_fw(s, ns->vnid, ns->rules, ns->n_rules))
			goto nomem;
		if (!ns->n_egress)
			continue;
		for (k = 0; k < ns->n_egress; k++) {
			long h = hosting_node(c, ns->egress[k]);

			e.ip[k].addr = ns->egress[k];
			if (h < 0)
				continue;
			e.ip[k].hosted = true;
			e.ip[k].node = c->nodes[h].ip;
			if ((size_t)h == node) {
				struct agent_eip eip = {
					.addr = ns->egress[k],
					.vnid = ns->vnid,
					.mark = sdnbr_egress_mark(ns->vnid,
								  SDNBR_MASQUERADE_BIT),
				};

				if (add_eip(s, &eip))
					goto nomem;
			}
		}
		if (agent_state_add_egress(s, &e))
			goto nomem;
	}
	agent_state_sort(s);
	return 0;

nomem:
	agent_state_free(s);
	return -ENOMEM;
}

void agent_state_drop_pod(struct agent_state *s, size_t i)
{
	memmove(&s->pods[i], &s->pods[i + 1],
		(s->n_pods - i - 1) * sizeof(*s->pods));
	s->n_pods--;
}

/* ---- sorting by key -------------------------------------------------------- */

static int cmp_pod(const void *x, const void *y)
{
	const struct agent_pod_entry *a = x, *b = y;

	return cmp_u32(ntohl(a->pod.ip.s_addr), ntohl(b->pod.ip.s_addr));
}

static int cmp_node(const void *x, const void *y)
{
	const struct sdnbr_node *a = x, *b = y;

	return cmp_u32(ntohl(a->subnet.addr.s_addr),
		       ntohl(b->subnet.addr.s_addr)) ?:
	       cmp_u32(a->subnet.plen, b->subnet.plen);
}

static int cmp_egress(const void *x, const void *y)
{
	const struct agent_egress *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

static int cmp_fw(const void *x, const void *y)
{
	const struct agent_fw *a = x, *b = y;

	return cmp_u32(a->vnid, b->vnid);
}

static int cmp_eip(const void *x, const void *y)
{
	const struct agent_eip *a = x, *b = y;

	return cmp_u32(ntohl(a->addr.s_addr), ntohl(b->addr.s_addr));
}

void agent_state_sort(struct agent_state *s)
{
	if (s->n_pods)
		qsort(s->pods, s->n_pods, sizeof(*s->pods), cmp_pod);
	if (s->n_nodes)
		qsort(s->nodes, s->n_nodes, sizeof(*s->nodes), cmp_node);
	if (s->n_ns)
		qsort(s->ns, s->n_ns, sizeof(*s->ns), cmp_ns);
	if (s->n_egress)
		qsort(s->egress, s->n_egress, sizeof(*s->egress), cmp_egress);
	if (s->n_fw)
		qsort(s->fw, s->n_fw, sizeof(*s->fw), cmp_fw);
	if (s->n_eips)
		qsort(s->eips, s->n_eips, sizeof(*s->eips), cmp_eip);
}
