// SPDX-License-Identifier: GPL-2.0
/*
 * What the plugin prints: the ADD result, the VERSION reply and the error
 * object of the CNI specification, in the cniVersion of the request.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <jansson.h>

#include "cni.h"
#include "sdnbr_util.h"

void cni_pod_routes(struct cni_attachment *a, const struct sdnbr_config *cfg)
{
	struct cni_route *r = a->routes;
	unsigned int i;

	a->n_routes = 0;
	/* default via the gateway */
	r[a->n_routes++] = (struct cni_route){ .has_gw = true,
					       .gw = a->gateway };
	/* the services via the gateway, even if the default route changes */
	r[a->n_routes++] = (struct cni_route){ .dst = cfg->service,
					       .has_gw = true,
					       .gw = a->gateway };
	/* every cluster network on-link: pods ARP for each other */
	for (i = 0; i < cfg->n_cluster && i < SDNBR_MAX_CLUSTER_NETWORKS; i++)
		r[a->n_routes++] = (struct cni_route){ .dst = cfg->cluster[i] };
	/* multicast on-link */
	r[a->n_routes].dst.addr.s_addr = htonl(0xe0000000);
	r[a->n_routes].dst.plen = 4;
	r[a->n_routes].has_gw = false;
	a->n_routes++;
}

static json_t *str_prefix(struct in_addr addr, unsigned int plen)
{
	char buf[SDNBR_PREFIX_STRLEN];

	return json_string(sdnbr_fmt_ipv4_prefix(addr, plen, buf));
}

static json_t *str_ip(struct in_addr addr)
{
	char buf[INET_ADDRSTRLEN];

	return json_string(sdnbr_fmt_ipv4(addr, buf));
}

static json_t *str_mac(const uint8_t mac[6])
{
	char buf[SDNBR_MAC_STRLEN];

	return json_string(sdnbr_fmt_mac(mac, buf));
}

static int dump(FILE *out, json_t *root)
{
	int ret;

	if (!root)
		return -ENOMEM;
	ret = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (ret)
		return -EIO;
	fputc('\n', out);
	return fflush(out) ? -EIO : 0;
}

int cni_print_result(FILE *out, const char *version,
		     const struct cni_attachment *a)
{
	json_t *root, *ifs, *ips, *routes, *ip, *r;
	unsigned int i;

	root = json_object();
	ifs = json_array();
	ips = json_array();
	routes = json_array();
	if (!root || !ifs || !ips || !routes) {
		json_decref(root);
		json_decref(ifs);
		json_decref(ips);
		json_decref(routes);
		return -ENOMEM;
	}
	json_object_set_new(root, "cniVersion", json_string(version));
	/* 0: the host side, 1: the pod's interface */
	json_array_append_new(ifs, json_pack("{s:s, s:o}", "name", a->host_veth,
					     "mac", str_mac(a->host_mac)));
	json_array_append_new(ifs, json_pack("{s:s, s:o, s:s}", "name",
					     a->ifname, "mac", str_mac(a->mac),
					     "sandbox", a->netns));
	json_object_set_new(root, "interfaces", ifs);

	ip = json_object();
	if (cni_version_cmp(version, "1.0.0") < 0)
		json_object_set_new(ip, "version", json_string("4"));
	json_object_set_new(ip, "address", str_prefix(a->ip, a->plen));
	json_object_set_new(ip, "gateway", str_ip(a->gateway));
	json_object_set_new(ip, "interface", json_integer(1));
	json_array_append_new(ips, ip);
	json_object_set_new(root, "ips", ips);

	for (i = 0; i < a->n_routes; i++) {
		r = json_object();
		json_object_set_new(r, "dst", str_prefix(a->routes[i].dst.addr,
							 a->routes[i].dst.plen));
		if (a->routes[i].has_gw)
			json_object_set_new(r, "gw", str_ip(a->routes[i].gw));
		if (a->route_mtu)
			json_object_set_new(r, "mtu",
					    json_integer(a->route_mtu));
		json_array_append_new(routes, r);
	}
	json_object_set_new(root, "routes", routes);
	json_object_set_new(root, "dns", json_object());
	return dump(out, root);
}

int cni_print_version(FILE *out, const char *version)
{
	json_t *root, *list;
	size_t i;

	list = json_array();
	for (i = 0; list && i < cni_n_versions; i++)
		json_array_append_new(list, json_string(cni_versions[i]));
	root = json_pack("{s:s, s:o}", "cniVersion", version,
			 "supportedVersions", list);
	return dump(out, root);
}

int cni_print_error(FILE *out, const char *version, const struct cni_error *e)
{
	json_t *root;

	root = json_pack("{s:s, s:i, s:s}", "cniVersion", version, "code",
			 e->code, "msg", e->msg);
	if (root && e->details[0])
		json_object_set_new(root, "details", json_string(e->details));
	return dump(out, root);
}
