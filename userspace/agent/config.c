// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster description: JSON (jansson) to struct agent_cluster, with
 * every check that can be made without looking at the node, so that a bad
 * file is refused before anything is touched. The first problem found is
 * reported with its JSON path: "cluster.json: pods[3].ip: 10.129.0.2 is
 * outside node1's subnet 10.128.0.0/23".
 *
 * Documentation/agent.rst is the reference for the format and for every
 * rule checked here.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <jansson.h>

#include "agent.h"
#include "sdnbr_names.h"
#include "sdnbr_parse.h"
#include "sdnbr_util.h"

#define PATH_MAX_LEN	128

struct pctx {
	const char *name;
	char *err;
	size_t errlen;
	struct agent_cluster *c;
};

__attribute__((format(printf, 3, 4)))
static int bad(struct pctx *p, const char *path, const char *fmt, ...)
{
	char msg[AGENT_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (path && *path)
		sdnbr_seterr(p->err, p->errlen, "%s: %s: %s", p->name, path, msg);
	else
		sdnbr_seterr(p->err, p->errlen, "%s: %s", p->name, msg);
	return -EINVAL;
}

__attribute__((format(printf, 3, 4)))
static void warn(struct pctx *p, const char *path, const char *fmt, ...)
{
	struct agent_cluster *c = p->c;
	char msg[AGENT_ERR_MAX], **v;
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	v = realloc(c->warnings, (c->n_warnings + 1) * sizeof(*v));
	if (!v)
		return;
	c->warnings = v;
	n = asprintf(&v[c->n_warnings], "%s: %s: %s", p->name, path, msg);
	if (n >= 0)
		c->n_warnings++;
}

static const char *type_name(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* "a.b" or "a[3]" into @buf */
static const char *sub(char *buf, const char *path, const char *key)
{
	if (snprintf(buf, PATH_MAX_LEN, "%s%s%s", path, *path ? "." : "",
		     key) >= PATH_MAX_LEN)
		buf[PATH_MAX_LEN - 1] = '\0';
	return buf;
}

static const char *idx(char *buf, const char *path, size_t i)
{
	if (snprintf(buf, PATH_MAX_LEN, "%s[%zu]", path, i) >= PATH_MAX_LEN)
		buf[PATH_MAX_LEN - 1] = '\0';
	return buf;
}

static int want_type(struct pctx *p, const char *path, const json_t *j,
		     json_type type, const char *what)
{
	if (json_typeof(j) == type ||
	    (type == JSON_TRUE && json_typeof(j) == JSON_FALSE))
		return 0;
	return bad(p, path, "expected %s, got %s", what, type_name(j));
}

/* Warn about the members of @obj that are not in @known (NULL-ended). */
static void unknown_keys(struct pctx *p, const char *path, json_t *obj,
			 const char *const *known)
{
	char buf[PATH_MAX_LEN];
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; known[i]; i++)
			if (!strcmp(key, known[i]))
				break;
		if (!known[i])
			warn(p, sub(buf, path, key), "unknown key, ignored");
	}
}

/*
 * Member @key of @obj: NULL (and 0) when absent and optional; an error
 * when absent and required or of the wrong type.
 */
static int member(struct pctx *p, const char *path, json_t *obj,
		  const char *key, bool required, json_type type,
		  const char *what, json_t **out)
{
	char buf[PATH_MAX_LEN];
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!v) {
		if (required)
			return bad(p, path, "\"%s\" is missing", key);
		return 0;
	}
	if (want_type(p, sub(buf, path, key), v, type, what))
		return -EINVAL;
	*out = v;
	return 0;
}

static int get_string(struct pctx *p, const char *path, json_t *obj,
		      const char *key, bool required, const char **out)
{
	char buf[PATH_MAX_LEN];
	json_t *v;
	int ret;

	*out = NULL;
	ret = member(p, path, obj, key, required, JSON_STRING, "a string", &v);
	if (ret || !v)
		return ret;
	if (!*json_string_value(v) || strlen(json_string_value(v)) !=
	    json_string_length(v))
		return bad(p, sub(buf, path, key), "expected a non-empty string");
	*out = json_string_value(v);
	return 0;
}

static int get_uint(struct pctx *p, const char *path, json_t *obj,
		    const char *key, bool required, uint32_t min, uint32_t max,
		    bool *given, uint32_t *out)
{
	char buf[PATH_MAX_LEN];
	json_int_t n;
	json_t *v;
	int ret;

	*given = false;
	ret = member(p, path, obj, key, required, JSON_INTEGER, "an integer",
		     &v);
	if (ret || !v)
		return ret;
	n = json_integer_value(v);
	if (n < (json_int_t)min || n > (json_int_t)max)
		return bad(p, sub(buf, path, key), "%lld is out of range %u..%u",
			   (long long)n, min, max);
	*given = true;
	*out = (uint32_t)n;
	return 0;
}

static int parse_ip_str(struct pctx *p, const char *path, json_t *v,
			struct in_addr *a)
{
	char e[AGENT_ERR_MAX];

	if (want_type(p, path, v, JSON_STRING, "an IPv4 address string"))
		return -EINVAL;
	if (sdnbr_parse_ipv4(json_string_value(v), a, e, sizeof(e)))
		return bad(p, path, "%s", e);
	return 0;
}

static int get_ip(struct pctx *p, const char *path, json_t *obj,
		  const char *key, struct in_addr *a)
{
	char buf[PATH_MAX_LEN];
	json_t *v;

	if (member(p, path, obj, key, true, JSON_STRING,
		   "an IPv4 address string", &v))
		return -EINVAL;
	return parse_ip_str(p, sub(buf, path, key), v, a);
}

static int parse_prefix_str(struct pctx *p, const char *path, json_t *v,
			    struct sdnbr_prefix *pfx)
{
	char e[AGENT_ERR_MAX];

	if (want_type(p, path, v, JSON_STRING, "a CIDR string"))
		return -EINVAL;
	if (sdnbr_parse_ipv4_prefix(json_string_value(v), &pfx->addr,
				    &pfx->plen, e, sizeof(e)))
		return bad(p, path, "%s", e);
	return 0;
}

static int get_prefix(struct pctx *p, const char *path, json_t *obj,
		      const char *key, struct sdnbr_prefix *pfx)
{
	char buf[PATH_MAX_LEN];
	json_t *v;

	if (member(p, path, obj, key, true, JSON_STRING, "a CIDR string", &v))
		return -EINVAL;
	return parse_prefix_str(p, sub(buf, path, key), v, pfx);
}

/* ---- address arithmetic ---------------------------------------------------- */

static bool prefix_has(const struct sdnbr_prefix *p, struct in_addr a)
{
	return !((a.s_addr ^ p->addr.s_addr) & sdnbr_ipv4_mask(p->plen).s_addr);
}

static bool prefix_overlap(const struct sdnbr_prefix *a,
			   const struct sdnbr_prefix *b)
{
	uint8_t plen = a->plen < b->plen ? a->plen : b->plen;

	return !((a->addr.s_addr ^ b->addr.s_addr) &
		 sdnbr_ipv4_mask(plen).s_addr);
}

static bool prefix_within(const struct sdnbr_prefix *inner,
			  const struct sdnbr_prefix *outer)
{
	return inner->plen >= outer->plen && prefix_has(outer, inner->addr);
}

static const char *fmt_ip(struct in_addr a, char buf[INET_ADDRSTRLEN])
{
	return sdnbr_fmt_ipv4(a, buf);
}

static const char *fmt_pfx(const struct sdnbr_prefix *p,
			   char buf[SDNBR_PREFIX_STRLEN])
{
	return sdnbr_fmt_ipv4_prefix(p->addr, p->plen, buf);
}

static bool ip_unicast(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return h && (h >> 24) != 0 && (h >> 24) != 127 && (h >> 28) < 14;
}

/* The cluster network or service network holding @a, or NULL. */
static const char *in_cluster(const struct agent_cluster *c, struct in_addr a,
			      char buf[SDNBR_PREFIX_STRLEN])
{
	unsigned int i;

	for (i = 0; i < c->n_cluster; i++)
		if (prefix_has(&c->cluster[i], a))
			return fmt_pfx(&c->cluster[i], buf);
	if (prefix_has(&c->service, a))
		return fmt_pfx(&c->service, buf);
	return NULL;
}

/* ---- network ----------------------------------------------------------------- */

static int parse_network(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"mode", "clusterNetworks", "serviceNetwork", "vxlanPort",
		"mtu", NULL,
	};
	struct agent_cluster *c = p->c;
	char pb[PATH_MAX_LEN], s1[SDNBR_PREFIX_STRLEN], s2[SDNBR_PREFIX_STRLEN];
	const char *mode;
	json_t *net, *list, *v;
	uint32_t u;
	size_t i, j;
	bool given;

	if (member(p, "", root, "network", true, JSON_OBJECT, "an object",
		   &net))
		return -EINVAL;
	unknown_keys(p, "network", net, known);
	if (get_string(p, "network", net, "mode", true, &mode))
		return -EINVAL;
	if (!strcmp(mode, "subnet"))
		c->mode = SDNBR_MODE_SUBNET;
	else if (!strcmp(mode, "multitenant"))
		c->mode = SDNBR_MODE_MULTITENANT;
	else
		return bad(p, "network.mode",
			   "\"%s\" is not a mode: expected \"subnet\" or \"multitenant\"",
			   mode);

	if (member(p, "network", net, "clusterNetworks", true, JSON_ARRAY,
		   "an array of CIDR strings", &list))
		return -EINVAL;
	if (!json_array_size(list))
		return bad(p, "network.clusterNetworks",
			   "at least one cluster network is needed");
	if (json_array_size(list) > SDNBR_MAX_CLUSTER_NETWORKS)
		return bad(p, "network.clusterNetworks",
			   "%zu cluster networks, at most %d",
			   json_array_size(list), SDNBR_MAX_CLUSTER_NETWORKS);
	json_array_foreach(list, i, v) {
		struct sdnbr_prefix *cn = &c->cluster[i];

		idx(pb, "network.clusterNetworks", i);
		if (parse_prefix_str(p, pb, v, cn))
			return -EINVAL;
		if (cn->plen == 0 || cn->plen > 30)
			return bad(p, pb, "%s cannot be a cluster network",
				   fmt_pfx(cn, s1));
		for (j = 0; j < i; j++)
			if (prefix_overlap(cn, &c->cluster[j]))
				return bad(p, pb, "%s overlaps %s",
					   fmt_pfx(cn, s1),
					   fmt_pfx(&c->cluster[j], s2));
		c->n_cluster++;
	}

	if (get_prefix(p, "network", net, "serviceNetwork", &c->service))
		return -EINVAL;
	if (!c->service.plen)
		return bad(p, "network.serviceNetwork",
			   "0.0.0.0/0 cannot be the service network");
	for (j = 0; j < c->n_cluster; j++)
		if (prefix_overlap(&c->service, &c->cluster[j]))
			return bad(p, "network.serviceNetwork",
				   "%s overlaps the cluster network %s",
				   fmt_pfx(&c->service, s1),
				   fmt_pfx(&c->cluster[j], s2));

	c->vxlan_port = SDNBR_DEFAULT_VXLAN_PORT;
	if (get_uint(p, "network", net, "vxlanPort", false, 1, 65535, &given,
		     &u))
		return -EINVAL;
	if (given)
		c->vxlan_port = (uint16_t)u;
	c->mtu = SDNBR_DEFAULT_MTU;
	if (get_uint(p, "network", net, "mtu", false, 576, 65535 - 50, &given,
		     &u))
		return -EINVAL;
	if (given)
		c->mtu = u;
	return 0;
}

/* ---- nodes --------------------------------------------------------------------- */

/* Which node hosts @a, other than node @self; -1 if none. */
static long egress_host(const struct agent_cluster *c, struct in_addr a,
			size_t upto)
{
	size_t i;
	unsigned int k;

	for (i = 0; i < upto; i++)
		for (k = 0; k < c->nodes[i].n_egress; k++)
			if (c->nodes[i].egress[k].s_addr == a.s_addr)
				return (long)i;
	return -1;
}

/* An egress IP anywhere: unicast, outside the cluster and service networks. */
static int check_egress_ip(struct pctx *p, const char *path, struct in_addr a)
{
	struct agent_cluster *c = p->c;
	char s[SDNBR_PREFIX_STRLEN], ip[INET_ADDRSTRLEN];

	if (!ip_unicast(a))
		return bad(p, path, "%s is not a unicast address",
			   fmt_ip(a, ip));
	if (in_cluster(c, a, s))
		return bad(p, path, "%s is inside %s, not on the node network",
			   fmt_ip(a, ip), s);
	return 0;
}

static int parse_nodes(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"name", "ip", "subnet", "egressIPs", NULL,
	};
	struct agent_cluster *c = p->c;
	char pb[PATH_MAX_LEN], eb[PATH_MAX_LEN], fb[PATH_MAX_LEN],
	     s1[SDNBR_PREFIX_STRLEN], s2[SDNBR_PREFIX_STRLEN],
	     ip[INET_ADDRSTRLEN];
	json_t *list, *o, *eips, *v;
	size_t i, j, k;

	if (member(p, "", root, "nodes", true, JSON_ARRAY, "an array", &list))
		return -EINVAL;
	c->nodes = calloc(json_array_size(list) + 1, sizeof(*c->nodes));
	if (!c->nodes)
		return -ENOMEM;
	c->n_nodes = json_array_size(list);
	json_array_foreach(list, i, o) {
		struct agent_node *n = &c->nodes[i];
		bool inside = false;

		idx(pb, "nodes", i);
		if (want_type(p, pb, o, JSON_OBJECT, "an object"))
			return -EINVAL;
		unknown_keys(p, pb, o, known);
		if (get_string(p, pb, o, "name", true, &n->name) ||
		    get_ip(p, pb, o, "ip", &n->ip) ||
		    get_prefix(p, pb, o, "subnet", &n->subnet))
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (!strcmp(c->nodes[j].name, n->name))
				return bad(p, sub(fb, pb, "name"),
					   "node \"%s\" is already nodes[%zu]",
					   n->name, j);
		sub(fb, pb, "ip");
		if (!ip_unicast(n->ip))
			return bad(p, fb, "%s is not a unicast address",
				   fmt_ip(n->ip, ip));
		if (in_cluster(c, n->ip, s1))
			return bad(p, fb, "%s is inside %s",
				   fmt_ip(n->ip, ip), s1);
		for (j = 0; j < i; j++)
			if (c->nodes[j].ip.s_addr == n->ip.s_addr)
				return bad(p, fb, "%s is already the IP of %s",
					   fmt_ip(n->ip, ip), c->nodes[j].name);
		sub(fb, pb, "subnet");
		for (k = 0; k < c->n_cluster; k++)
			if (prefix_within(&n->subnet, &c->cluster[k]))
				inside = true;
		if (!inside)
			return bad(p, fb, "%s is outside every cluster network",
				   fmt_pfx(&n->subnet, s1));
		if (n->subnet.plen > 30)
			return bad(p, fb,
				   "%s is too small for a gateway and pods (at most /30)",
				   fmt_pfx(&n->subnet, s1));
		for (j = 0; j < i; j++)
			if (prefix_overlap(&n->subnet, &c->nodes[j].subnet))
				return bad(p, fb, "%s overlaps %s's subnet %s",
					   fmt_pfx(&n->subnet, s1),
					   c->nodes[j].name,
					   fmt_pfx(&c->nodes[j].subnet, s2));

		if (member(p, pb, o, "egressIPs", false, JSON_ARRAY,
			   "an array of IPv4 address strings", &eips))
			return -EINVAL;
		if (!eips)
			continue;
		n->egress = calloc(json_array_size(eips) + 1, sizeof(*n->egress));
		if (!n->egress)
			return -ENOMEM;
		sub(fb, pb, "egressIPs");
		json_array_foreach(eips, j, v) {
			struct in_addr a;
			long host;

			idx(eb, fb, j);
			if (parse_ip_str(p, eb, v, &a) ||
			    check_egress_ip(p, eb, a))
				return -EINVAL;
			for (k = 0; k < n->n_egress; k++)
				if (n->egress[k].s_addr == a.s_addr)
					return bad(p, eb, "%s is listed twice",
						   fmt_ip(a, ip));
			host = egress_host(c, a, i);
			if (host >= 0)
				return bad(p, eb,
					   "%s is already hosted by %s: an egress IP has one node",
					   fmt_ip(a, ip), c->nodes[host].name);
			n->egress[n->n_egress++] = a;
		}
	}
	/* egress IPs that are node IPs, once every node is known */
	for (i = 0; i < c->n_nodes; i++)
		for (k = 0; k < c->nodes[i].n_egress; k++)
			for (j = 0; j < c->n_nodes; j++)
				if (c->nodes[i].egress[k].s_addr ==
				    c->nodes[j].ip.s_addr) {
					snprintf(eb, sizeof(eb),
						 "nodes[%zu].egressIPs[%zu]", i, k);
					return bad(p, eb, "%s is the IP of node %s",
						   fmt_ip(c->nodes[j].ip, ip),
						   c->nodes[j].name);
				}
	return 0;
}

/* ---- namespaces ------------------------------------------------------------------- */

static int parse_policy(struct pctx *p, const char *path, json_t *list,
			struct agent_ns *ns)
{
	static const char *const known[] = { "type", "cidr", NULL };
	char rb[PATH_MAX_LEN], fb[PATH_MAX_LEN];
	const char *type;
	json_t *o, *v;
	size_t i;

	if (json_array_size(list) > SDNBR_MAX_FIREWALL_RULES)
		return bad(p, path, "%zu rules, at most %d",
			   json_array_size(list), SDNBR_MAX_FIREWALL_RULES);
	ns->rules = calloc(json_array_size(list) + 1, sizeof(*ns->rules));
	if (!ns->rules)
		return -ENOMEM;
	json_array_foreach(list, i, o) {
		struct agent_fw_rule *r = &ns->rules[i];

		idx(rb, path, i);
		if (want_type(p, rb, o, JSON_OBJECT, "an object"))
			return -EINVAL;
		if (json_object_get(o, "dnsName"))
			return bad(p, sub(fb, rb, "dnsName"),
				   "dnsName rules are not supported: give a cidr");
		unknown_keys(p, rb, o, known);
		if (get_string(p, rb, o, "type", true, &type))
			return -EINVAL;
		if (!strcmp(type, "Allow"))
			r->action = SDNBR_FW_ALLOW;
		else if (!strcmp(type, "Deny"))
			r->action = SDNBR_FW_DENY;
		else
			return bad(p, sub(fb, rb, "type"),
				   "\"%s\" is not a rule type: expected \"Allow\" or \"Deny\"",
				   type);
		if (member(p, rb, o, "cidr", true, JSON_STRING, "a CIDR string",
			   &v) ||
		    parse_prefix_str(p, sub(fb, rb, "cidr"), v, &r->prefix))
			return -EINVAL;
		/* OpenShift reads 0.0.0.0/32 as 0.0.0.0/0 */
		if (!r->prefix.addr.s_addr && r->prefix.plen == 32)
			r->prefix.plen = 0;
		ns->n_rules++;
	}
	ns->has_policy = true;
	return 0;
}

static int parse_namespaces(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"name", "vnid", "egressIPs", "egressPolicy", NULL,
	};
	struct agent_cluster *c = p->c;
	char pb[PATH_MAX_LEN], fb[PATH_MAX_LEN], eb[PATH_MAX_LEN],
	     ip[INET_ADDRSTRLEN];
	json_t *list, *o, *eips, *pol, *v;
	size_t i, j;
	bool given;

	if (member(p, "", root, "namespaces", true, JSON_ARRAY, "an array",
		   &list))
		return -EINVAL;
	c->ns = calloc(json_array_size(list) + 1, sizeof(*c->ns));
	if (!c->ns)
		return -ENOMEM;
	c->n_ns = json_array_size(list);
	json_array_foreach(list, i, o) {
		struct agent_ns *ns = &c->ns[i];

		idx(pb, "namespaces", i);
		if (want_type(p, pb, o, JSON_OBJECT, "an object"))
			return -EINVAL;
		unknown_keys(p, pb, o, known);
		if (get_string(p, pb, o, "name", true, &ns->name) ||
		    get_uint(p, pb, o, "vnid", true, 0, SDNBR_VNID_MAX, &given,
			     &ns->vnid))
			return -EINVAL;
		for (j = 0; j < i; j++)
			if (!strcmp(c->ns[j].name, ns->name))
				return bad(p, sub(fb, pb, "name"),
					   "namespace \"%s\" is already namespaces[%zu]",
					   ns->name, j);

		if (member(p, pb, o, "egressIPs", false, JSON_ARRAY,
			   "an array of IPv4 address strings", &eips) ||
		    member(p, pb, o, "egressPolicy", false, JSON_ARRAY,
			   "an array of rules", &pol))
			return -EINVAL;
		if ((eips || pol) && c->mode != SDNBR_MODE_MULTITENANT)
			return bad(p, sub(fb, pb, eips ? "egressIPs" : "egressPolicy"),
				   "needs multitenant mode (namespaces have no VNIDs in subnet mode)");
		if ((eips || pol) && !ns->vnid)
			return bad(p, sub(fb, pb, eips ? "egressIPs" : "egressPolicy"),
				   "namespace \"%s\" is global (vnid 0): it cannot have one",
				   ns->name);
		if (eips) {
			sub(fb, pb, "egressIPs");
			if (json_array_size(eips) > SDNBR_MAX_EGRESS_IPS)
				return bad(p, fb, "%zu egress IPs, at most %d",
					   json_array_size(eips),
					   SDNBR_MAX_EGRESS_IPS);
			json_array_foreach(eips, j, v) {
				struct in_addr a;
				size_t m;
				unsigned int k;

				idx(eb, fb, j);
				if (parse_ip_str(p, eb, v, &a) ||
				    check_egress_ip(p, eb, a))
					return -EINVAL;
				for (k = 0; k < ns->n_egress; k++)
					if (ns->egress[k].s_addr == a.s_addr)
						return bad(p, eb, "%s is listed twice",
							   fmt_ip(a, ip));
				for (m = 0; m < i; m++)
					for (k = 0; k < c->ns[m].n_egress; k++)
						if (c->ns[m].egress[k].s_addr ==
						    a.s_addr)
							return bad(p, eb,
								   "%s is already an egress IP of namespace \"%s\"",
								   fmt_ip(a, ip),
								   c->ns[m].name);
				for (m = 0; m < c->n_nodes; m++)
					if (c->nodes[m].ip.s_addr == a.s_addr)
						return bad(p, eb,
							   "%s is the IP of node %s",
							   fmt_ip(a, ip),
							   c->nodes[m].name);
				ns->egress[ns->n_egress++] = a;
			}
		}
		if (pol && parse_policy(p, sub(fb, pb, "egressPolicy"), pol, ns))
			return -EINVAL;
		/*
		 * Namespaces may share a VNID (joined projects), but the
		 * egress entries are per VNID: only one of them may say.
		 */
		if (ns->n_egress || ns->has_policy) {
			for (j = 0; j < i; j++) {
				const struct agent_ns *o2 = &c->ns[j];

				if (o2->vnid != ns->vnid)
					continue;
				if ((ns->n_egress && o2->n_egress) ||
				    (ns->has_policy && o2->has_policy))
					return bad(p, sub(fb, pb,
							  ns->n_egress && o2->n_egress ?
							  "egressIPs" : "egressPolicy"),
						   "vnid %u is shared with namespace \"%s\", which has one too",
						   ns->vnid, o2->name);
			}
		}
	}
	return 0;
}

/* ---- pods ----------------------------------------------------------------------------- */

static long find_ns(const struct agent_cluster *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_ns; i++)
		if (!strcmp(c->ns[i].name, name))
			return (long)i;
	return -1;
}

long agent_cluster_node(const struct agent_cluster *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_nodes; i++)
		if (!strcmp(c->nodes[i].name, name))
			return (long)i;
	return -1;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

struct pod_ref {
	uint32_t ip;	/* host order */
	size_t i;
};

static int cmp_pod_ref(const void *x, const void *y)
{
	const struct pod_ref *a = x, *b = y;

	return cmp_u32(a->ip, b->ip) ?: cmp_u32((uint32_t)a->i, (uint32_t)b->i);
}

static int cmp_pod_veth(const void *x, const void *y, void *arg)
{
	const struct pod_ref *ra = x, *rb = y;
	const struct agent_cluster *c = arg;
	const struct agent_pod *a = &c->pods[ra->i], *b = &c->pods[rb->i];

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return strcmp(a->veth, b->veth) ?: (ra->i > rb->i) - (ra->i < rb->i);
}

static int cmp_pod_name(const void *x, const void *y, void *arg)
{
	const struct pod_ref *ra = x, *rb = y;
	const struct agent_cluster *c = arg;
	const struct agent_pod *a = &c->pods[ra->i], *b = &c->pods[rb->i];

	if (a->ns != b->ns)
		return a->ns < b->ns ? -1 : 1;
	return strcmp(a->name, b->name) ?: (ra->i > rb->i) - (ra->i < rb->i);
}

static int parse_pods(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"name", "namespace", "node", "ip", "hostVeth", NULL,
	};
	struct agent_cluster *c = p->c;
	char pb[PATH_MAX_LEN], fb[PATH_MAX_LEN], e[AGENT_ERR_MAX],
	     s1[SDNBR_PREFIX_STRLEN], ip[INET_ADDRSTRLEN];
	const char *nsname, *nodename, *veth;
	struct pod_ref *refs;
	json_t *list, *o;
	size_t i, n, best;
	int ret = 0;

	if (member(p, "", root, "pods", false, JSON_ARRAY, "an array", &list))
		return -EINVAL;
	n = list ? json_array_size(list) : 0;
	c->pods = calloc(n + 1, sizeof(*c->pods));
	if (!c->pods)
		return -ENOMEM;
	c->n_pods = n;
	json_array_foreach(list, i, o) {
		struct agent_pod *pod = &c->pods[i];
		const struct agent_node *node;
		uint32_t h, net, bcast;
		long k;

		idx(pb, "pods", i);
		if (want_type(p, pb, o, JSON_OBJECT, "an object"))
			return -EINVAL;
		unknown_keys(p, pb, o, known);
		if (get_string(p, pb, o, "name", true, &pod->name) ||
		    get_string(p, pb, o, "namespace", true, &nsname) ||
		    get_string(p, pb, o, "node", true, &nodename) ||
		    get_ip(p, pb, o, "ip", &pod->ip) ||
		    get_string(p, pb, o, "hostVeth", true, &veth))
			return -EINVAL;
		k = find_ns(c, nsname);
		if (k < 0)
			return bad(p, sub(fb, pb, "namespace"),
				   "no namespace \"%s\" in namespaces", nsname);
		pod->ns = (size_t)k;
		k = agent_cluster_node(c, nodename);
		if (k < 0)
			return bad(p, sub(fb, pb, "node"),
				   "no node \"%s\" in nodes", nodename);
		pod->node = (size_t)k;
		if (sdnbr_parse_ifname(veth, pod->veth, e, sizeof(e)))
			return bad(p, sub(fb, pb, "hostVeth"), "%s", e);
		if (!strcmp(veth, AGENT_DEFAULT_BRIDGE) ||
		    !strcmp(veth, AGENT_GATEWAY_DEV) ||
		    !strcmp(veth, AGENT_TUNNEL_DEV))
			return bad(p, sub(fb, pb, "hostVeth"),
				   "\"%s\" is one of the node's own devices", veth);

		node = &c->nodes[pod->node];
		sub(fb, pb, "ip");
		h = ntohl(pod->ip.s_addr);
		net = ntohl(node->subnet.addr.s_addr);
		bcast = net | ~ntohl(sdnbr_ipv4_mask(node->subnet.plen).s_addr);
		if (!prefix_has(&node->subnet, pod->ip))
			return bad(p, fb, "%s is outside %s's subnet %s",
				   fmt_ip(pod->ip, ip), node->name,
				   fmt_pfx(&node->subnet, s1));
		if (h == net || h == bcast)
			return bad(p, fb, "%s is not a host address of %s's subnet %s",
				   fmt_ip(pod->ip, ip), node->name,
				   fmt_pfx(&node->subnet, s1));
		if (h == net + 1)
			return bad(p, fb, "%s is %s's gateway (tun0)",
				   fmt_ip(pod->ip, ip), node->name);
	}

	/* duplicates, in O(n log n) for large clusters */
	refs = calloc(n + 1, sizeof(*refs));
	if (!refs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		refs[i].ip = ntohl(c->pods[i].ip.s_addr);
		refs[i].i = i;
	}
	qsort(refs, n, sizeof(*refs), cmp_pod_ref);
	/* of all duplicates, the one met first reading the file */
	best = n;
	for (i = 1; i < n; i++)
		if (refs[i].ip == refs[i - 1].ip &&
		    (best == n || refs[i].i < refs[best].i))
			best = i;
	if (best < n) {
		snprintf(pb, sizeof(pb), "pods[%zu].ip", refs[best].i);
		ret = bad(p, pb, "%s is already the IP of pods[%zu] (%s/%s)",
			  fmt_ip(c->pods[refs[best].i].ip, ip),
			  refs[best - 1].i,
			  c->ns[c->pods[refs[best - 1].i].ns].name,
			  c->pods[refs[best - 1].i].name);
		goto out;
	}

	/* the same veth twice on one node, and the same name twice */
	for (i = 0; i < n; i++)
		refs[i].i = i;
	qsort_r(refs, n, sizeof(*refs), cmp_pod_veth, c);
	best = n;
	for (i = 1; i < n; i++) {
		const struct agent_pod *a = &c->pods[refs[i].i];
		const struct agent_pod *b = &c->pods[refs[i - 1].i];

		if (a->node == b->node && !strcmp(a->veth, b->veth) &&
		    (best == n || refs[i].i < refs[best].i))
			best = i;
	}
	if (best < n) {
		const struct agent_pod *a = &c->pods[refs[best].i];

		snprintf(pb, sizeof(pb), "pods[%zu].hostVeth", refs[best].i);
		ret = bad(p, pb, "\"%s\" on %s is already the veth of pods[%zu]",
			  a->veth, c->nodes[a->node].name, refs[best - 1].i);
		goto out;
	}
	qsort_r(refs, n, sizeof(*refs), cmp_pod_name, c);
	best = n;
	for (i = 1; i < n; i++) {
		const struct agent_pod *a = &c->pods[refs[i].i];
		const struct agent_pod *b = &c->pods[refs[i - 1].i];

		if (a->ns == b->ns && !strcmp(a->name, b->name) &&
		    (best == n || refs[i].i < refs[best].i))
			best = i;
	}
	if (best < n) {
		const struct agent_pod *a = &c->pods[refs[best].i];

		snprintf(pb, sizeof(pb), "pods[%zu].name", refs[best].i);
		ret = bad(p, pb, "pod \"%s/%s\" is already pods[%zu]",
			  c->ns[a->ns].name, a->name, refs[best - 1].i);
	}
out:
	free(refs);
	return ret;
}

/* ---- services: checked, not programmed (kube-proxy's) ------------------------- */

static int parse_services(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"name", "namespace", "clusterIP", "ports", NULL,
	};
	static const char *const port_known[] = { "protocol", "port", NULL };
	struct agent_cluster *c = p->c;
	char pb[PATH_MAX_LEN], fb[PATH_MAX_LEN], qb[PATH_MAX_LEN],
	     s1[SDNBR_PREFIX_STRLEN], ip[INET_ADDRSTRLEN];
	const char *name, *nsname, *proto;
	json_t *list, *o, *ports, *po;
	struct in_addr *vips;
	size_t i, j, n;
	uint32_t port;
	bool given;

	if (member(p, "", root, "services", false, JSON_ARRAY, "an array",
		   &list))
		return -EINVAL;
	if (!list)
		return 0;
	n = json_array_size(list);
	vips = calloc(n + 1, sizeof(*vips));
	if (!vips)
		return -ENOMEM;
	json_array_foreach(list, i, o) {
		idx(pb, "services", i);
		if (want_type(p, pb, o, JSON_OBJECT, "an object"))
			goto fail;
		unknown_keys(p, pb, o, known);
		if (get_string(p, pb, o, "name", true, &name) ||
		    get_string(p, pb, o, "namespace", true, &nsname) ||
		    get_ip(p, pb, o, "clusterIP", &vips[i]))
			goto fail;
		if (find_ns(c, nsname) < 0) {
			bad(p, sub(fb, pb, "namespace"),
			    "no namespace \"%s\" in namespaces", nsname);
			goto fail;
		}
		if (!prefix_has(&c->service, vips[i])) {
			bad(p, sub(fb, pb, "clusterIP"),
			    "%s is outside the service network %s",
			    fmt_ip(vips[i], ip), fmt_pfx(&c->service, s1));
			goto fail;
		}
		for (j = 0; j < i; j++)
			if (vips[j].s_addr == vips[i].s_addr) {
				bad(p, sub(fb, pb, "clusterIP"),
				    "%s is already the IP of services[%zu]",
				    fmt_ip(vips[i], ip), j);
				goto fail;
			}
		if (member(p, pb, o, "ports", false, JSON_ARRAY, "an array",
			   &ports))
			goto fail;
		json_array_foreach(ports, j, po) {
			idx(qb, sub(fb, pb, "ports"), j);
			if (want_type(p, qb, po, JSON_OBJECT, "an object"))
				goto fail;
			unknown_keys(p, qb, po, port_known);
			if (get_string(p, qb, po, "protocol", true, &proto) ||
			    get_uint(p, qb, po, "port", true, 1, 65535, &given,
				     &port))
				goto fail;
			if (strcmp(proto, "TCP") && strcmp(proto, "UDP") &&
			    strcmp(proto, "SCTP")) {
				bad(p, sub(fb, qb, "protocol"),
				    "\"%s\" is not a protocol: expected \"TCP\", \"UDP\" or \"SCTP\"",
				    proto);
				goto fail;
			}
		}
	}
	c->n_services = n;
	free(vips);
	return 0;
fail:
	free(vips);
	return -EINVAL;
}

/* ---- the whole file ----------------------------------------------------------------- */

static int parse_root(struct pctx *p, json_t *root)
{
	static const char *const known[] = {
		"network", "nodes", "namespaces", "pods", "services", NULL,
	};
	int ret;

	if (!json_is_object(root))
		return bad(p, NULL, "expected an object at the top, got %s",
			   type_name(root));
	unknown_keys(p, "", root, known);
	ret = parse_network(p, root);
	if (!ret)
		ret = parse_nodes(p, root);
	if (!ret)
		ret = parse_namespaces(p, root);
	if (!ret)
		ret = parse_pods(p, root);
	if (!ret)
		ret = parse_services(p, root);
	return ret;
}

static int finish(struct agent_cluster *c, struct pctx *p, json_t *root)
{
	int ret;

	c->root = root;
	ret = parse_root(p, root);
	if (ret == -ENOMEM)
		sdnbr_seterr(p->err, p->errlen, "%s: out of memory", p->name);
	if (ret)
		agent_cluster_free(c);
	return ret;
}

int agent_cluster_parse(struct agent_cluster *c, const char *text,
			const char *name, char *err, size_t errlen)
{
	struct pctx p = { .name = name, .err = err, .errlen = errlen, .c = c };
	json_error_t je;
	json_t *root;

	memset(c, 0, sizeof(*c));
	root = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		sdnbr_seterr(err, errlen, "%s:%d:%d: %s", name, je.line,
			     je.column, je.text);
		return -EINVAL;
	}
	return finish(c, &p, root);
}

int agent_cluster_load(struct agent_cluster *c, const char *path,
		       char *err, size_t errlen)
{
	struct pctx p = { .name = path, .err = err, .errlen = errlen, .c = c };
	json_error_t je;
	json_t *root;
	FILE *f;

	memset(c, 0, sizeof(*c));
	f = fopen(path, "r");
	if (!f) {
		sdnbr_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	fclose(f);
	if (!root) {
		sdnbr_seterr(err, errlen, "%s:%d:%d: %s", path, je.line,
			     je.column, je.text);
		return -EINVAL;
	}
	return finish(c, &p, root);
}

void agent_cluster_free(struct agent_cluster *c)
{
	size_t i;

	if (c->nodes)
		for (i = 0; i < c->n_nodes + 1; i++)
			free(c->nodes[i].egress);
	if (c->ns)
		for (i = 0; i < c->n_ns + 1; i++)
			free(c->ns[i].rules);
	free(c->nodes);
	free(c->ns);
	free(c->pods);
	for (i = 0; i < c->n_warnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	if (c->root)
		json_decref(c->root);
	memset(c, 0, sizeof(*c));
}
