// SPDX-License-Identifier: GPL-2.0
/*
 * The node's devices, addresses and routes, over rtnetlink: libnl-route's
 * caches to read, small RTM_NEWLINK/RTM_SETLINK messages of our own to
 * create and change links (libnl has no ops for the sdnbr link kinds), and
 * libnl-route objects to add and delete addresses and routes.
 *
 * Every function compares first and changes only what differs, logging
 * one line per change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/vxlan.h>
#include <netlink/route/route.h>

#include "agent_io.h"
#include "sdnbr_util.h"

#define IP_FORWARD	"/proc/sys/net/ipv4/ip_forward"

struct agent_host {
	struct nl_sock *sk;
	int br_ifindex;
	int gw_ifindex;
	int tun_ifindex;
};

int agent_host_open(struct agent_host **hp, char *err, size_t errlen)
{
	struct agent_host *h = calloc(1, sizeof(*h));
	int ret;

	*hp = NULL;
	if (!h || !(h->sk = nl_socket_alloc())) {
		free(h);
		sdnbr_seterr(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ret = nl_connect(h->sk, NETLINK_ROUTE);
	if (ret < 0) {
		sdnbr_seterr(err, errlen, "rtnetlink: %s", nl_geterror(ret));
		nl_socket_free(h->sk);
		free(h);
		return -EIO;
	}
	*hp = h;
	return 0;
}

void agent_host_close(struct agent_host *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

/* ---- links ------------------------------------------------------------------------ */

/* A link by name, or NULL (rtnl_link_put() it). */
static struct rtnl_link *link_get(struct agent_host *h, const char *name)
{
	struct rtnl_link *l = NULL;

	if (rtnl_link_get_kernel(h->sk, 0, name, &l) < 0)
		return NULL;
	return l;
}

static const char *link_kind(struct rtnl_link *l)
{
	const char *k = rtnl_link_get_type(l);

	return k ? k : "";
}

/* ifi_flags up, MTU, master: each only if >= 0. */
static int setlink(struct agent_host *h, int ifindex, int up, int mtu,
		   int master)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC,
		.ifi_index = ifindex,
	};
	struct nl_msg *msg;

	if (up >= 0) {
		ifi.ifi_change = IFF_UP;
		ifi.ifi_flags = up ? IFF_UP : 0;
	}
	msg = nlmsg_alloc_simple(RTM_SETLINK, 0);
	if (!msg)
		return -NLE_NOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    (mtu >= 0 && nla_put_u32(msg, IFLA_MTU, (uint32_t)mtu) < 0) ||
	    (master >= 0 && nla_put_u32(msg, IFLA_MASTER, (uint32_t)master) < 0)) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	return nl_send_sync(h->sk, msg);
}

/* ip link add NAME [link LINK] type KIND [vxlan: external dstport PORT] */
static int newlink(struct agent_host *h, const char *name, const char *kind,
		   int link, int vxlan_port)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nlattr *info, *data;
	struct nl_msg *msg;

	msg = nlmsg_alloc_simple(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!msg)
		return -NLE_NOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0 ||
	    nla_put_string(msg, IFLA_IFNAME, name) < 0 ||
	    (link > 0 && nla_put_u32(msg, IFLA_LINK, (uint32_t)link) < 0))
		goto full;
	info = nla_nest_start(msg, IFLA_LINKINFO);
	if (!info || nla_put_string(msg, IFLA_INFO_KIND, kind) < 0)
		goto full;
	if (vxlan_port > 0) {
		data = nla_nest_start(msg, IFLA_INFO_DATA);
		if (!data ||
		    nla_put_u8(msg, IFLA_VXLAN_COLLECT_METADATA, 1) < 0 ||
		    nla_put_u8(msg, IFLA_VXLAN_LEARNING, 0) < 0 ||
		    nla_put_u16(msg, IFLA_VXLAN_PORT, htons((uint16_t)vxlan_port)) < 0)
			goto full;
		nla_nest_end(msg, data);
	}
	nla_nest_end(msg, info);
	return nl_send_sync(h->sk, msg);
full:
	nlmsg_free(msg);
	return -NLE_NOMEM;
}

static int dellink(struct agent_host *h, int ifindex)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex };
	struct nl_msg *msg = nlmsg_alloc_simple(RTM_DELLINK, 0);

	if (!msg)
		return -NLE_NOMEM;
	if (nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0) {
		nlmsg_free(msg);
		return -NLE_NOMEM;
	}
	return nl_send_sync(h->sk, msg);
}

/*
 * @name exists with @kind, creating it if missing; its ifindex, or -1
 * after reporting why not.
 */
static int ensure_link(struct agent_host *h, const char *name,
		       const char *kind, int link, int vxlan_port,
		       struct agent_counts *n)
{
	struct rtnl_link *l = link_get(h, name);
	int ret, ifindex;

	if (l) {
		if (strcmp(link_kind(l), kind)) {
			agent_error(n, "%s exists and is a \"%s\" device, not \"%s\": not touching it",
				    name, link_kind(l), kind);
			rtnl_link_put(l);
			return -1;
		}
		ifindex = rtnl_link_get_ifindex(l);
		rtnl_link_put(l);
		return ifindex;
	}
	ret = newlink(h, name, kind, link, vxlan_port);
	if (ret < 0) {
		agent_error(n, "link add %s type %s: %s", name, kind,
			    nl_geterror(ret));
		return -1;
	}
	if (vxlan_port > 0)
		agent_change(n, AGENT_ADD,
			     "link add %s type %s external dstport %d", name,
			     kind, vxlan_port);
	else
		agent_change(n, AGENT_ADD, "link add %s type %s", name, kind);
	l = link_get(h, name);
	if (!l) {
		agent_error(n, "%s vanished after it was created", name);
		return -1;
	}
	ifindex = rtnl_link_get_ifindex(l);
	rtnl_link_put(l);
	return ifindex;
}

static void ensure_up(struct agent_host *h, const char *name,
		      struct agent_counts *n)
{
	struct rtnl_link *l = link_get(h, name);
	int ret;

	if (!l)
		return;
	if (!(rtnl_link_get_flags(l) & IFF_UP)) {
		ret = setlink(h, rtnl_link_get_ifindex(l), 1, -1, -1);
		if (ret < 0)
			agent_error(n, "link set %s up: %s", name,
				    nl_geterror(ret));
		else
			agent_change(n, AGENT_REPLACE, "link set %s up", name);
	}
	rtnl_link_put(l);
}

/* vxlan0: external, the right port; recreated if not, then on br0. */
static void ensure_vxlan(struct agent_host *h, const struct agent_cluster *c,
			 struct agent_counts *n)
{
	struct rtnl_link *l = link_get(h, AGENT_TUNNEL_DEV);
	uint32_t port = 0;
	int ret, ifindex;

	if (l && !strcmp(link_kind(l), "vxlan")) {
		bool ok = !rtnl_link_vxlan_get_port(l, &port) &&
			  port == c->vxlan_port &&
			  rtnl_link_vxlan_get_collect_metadata(l) == 1;

		if (!ok) {
			ret = dellink(h, rtnl_link_get_ifindex(l));
			if (ret < 0) {
				agent_error(n, "link del %s: %s",
					    AGENT_TUNNEL_DEV, nl_geterror(ret));
				rtnl_link_put(l);
				return;
			}
			agent_change(n, AGENT_DEL,
				     "link del %s (dstport %u, not %u external)",
				     AGENT_TUNNEL_DEV, port, c->vxlan_port);
		}
		rtnl_link_put(l);
	} else if (l) {
		rtnl_link_put(l);
	}
	ifindex = ensure_link(h, AGENT_TUNNEL_DEV, "vxlan", 0, c->vxlan_port,
			      n);
	if (ifindex < 0)
		return;
	h->tun_ifindex = ifindex;
	l = link_get(h, AGENT_TUNNEL_DEV);
	if (!l)
		return;
	if (rtnl_link_get_master(l) != h->br_ifindex) {
		ret = setlink(h, ifindex, -1, -1, h->br_ifindex);
		if (ret < 0)
			agent_error(n, "link set %s master %s: %s",
				    AGENT_TUNNEL_DEV, AGENT_DEFAULT_BRIDGE,
				    nl_geterror(ret));
		else
			agent_change(n, AGENT_REPLACE, "link set %s master %s",
				     AGENT_TUNNEL_DEV, AGENT_DEFAULT_BRIDGE);
	}
	rtnl_link_put(l);
}

void agent_host_links(struct agent_host *h, const struct agent_cluster *c,
		      struct agent_counts *n)
{
	struct rtnl_link *l;
	int ret;

	h->br_ifindex = ensure_link(h, AGENT_DEFAULT_BRIDGE, SDNBR_LINK_KIND,
				    0, 0, n);
	if (h->br_ifindex < 0)
		return;
	h->gw_ifindex = ensure_link(h, AGENT_GATEWAY_DEV, SDNBR_GW_LINK_KIND,
				    h->br_ifindex, 0, n);
	ensure_vxlan(h, c, n);
	if (h->gw_ifindex > 0) {
		l = link_get(h, AGENT_GATEWAY_DEV);
		if (l && rtnl_link_get_mtu(l) != c->mtu) {
			ret = setlink(h, h->gw_ifindex, -1, (int)c->mtu, -1);
			if (ret < 0)
				agent_error(n, "link set %s mtu %u: %s",
					    AGENT_GATEWAY_DEV, c->mtu,
					    nl_geterror(ret));
			else
				agent_change(n, AGENT_REPLACE,
					     "link set %s mtu %u",
					     AGENT_GATEWAY_DEV, c->mtu);
		}
		if (l)
			rtnl_link_put(l);
	}
	ensure_up(h, AGENT_DEFAULT_BRIDGE, n);
	ensure_up(h, AGENT_GATEWAY_DEV, n);
	ensure_up(h, AGENT_TUNNEL_DEV, n);
}

/* ---- addresses and routes -------------------------------------------------------- */

static struct nl_addr *v4(struct in_addr a, unsigned int plen)
{
	struct nl_addr *x = nl_addr_build(AF_INET, &a, 4);

	if (x)
		nl_addr_set_prefixlen(x, (int)plen);
	return x;
}

static struct in_addr addr_of(struct nl_addr *x)
{
	struct in_addr a = { 0 };

	if (x && nl_addr_get_family(x) == AF_INET && nl_addr_get_len(x) == 4)
		memcpy(&a, nl_addr_get_binary_addr(x), 4);
	return a;
}

static int addr_add(struct agent_host *h, int ifindex, struct in_addr a,
		    unsigned int plen, const char *label)
{
	struct rtnl_addr *ra = rtnl_addr_alloc();
	struct nl_addr *local = v4(a, plen);
	int ret = -NLE_NOMEM;

	if (ra && local) {
		rtnl_addr_set_ifindex(ra, ifindex);
		rtnl_addr_set_family(ra, AF_INET);
		ret = rtnl_addr_set_local(ra, local);
		if (!ret)
			rtnl_addr_set_prefixlen(ra, (int)plen);
		if (!ret && label)
			ret = rtnl_addr_set_label(ra, label);
		if (!ret)
			ret = rtnl_addr_add(h->sk, ra, 0);
	}
	nl_addr_put(local);
	rtnl_addr_put(ra);
	return ret;
}

static void tun0_address(struct agent_host *h, const struct sdnbr_config *cfg,
			 struct agent_counts *n)
{
	char a[INET_ADDRSTRLEN];
	struct nl_cache *cache;
	struct nl_object *o;
	bool have = false;
	int ret;

	ret = rtnl_addr_alloc_cache(h->sk, &cache);
	if (ret < 0) {
		agent_error(n, "reading addresses: %s", nl_geterror(ret));
		return;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;
		struct in_addr x;
		int plen;

		if (rtnl_addr_get_ifindex(ra) != h->gw_ifindex ||
		    rtnl_addr_get_family(ra) != AF_INET)
			continue;
		x = addr_of(rtnl_addr_get_local(ra));
		plen = rtnl_addr_get_prefixlen(ra);
		if (x.s_addr == cfg->gateway.s_addr &&
		    plen == cfg->local_subnet.plen) {
			have = true;
			continue;
		}
		ret = rtnl_addr_delete(h->sk, ra, 0);
		if (ret < 0)
			agent_error(n, "addr del %s/%d dev %s: %s",
				    sdnbr_fmt_ipv4(x, a), plen,
				    AGENT_GATEWAY_DEV, nl_geterror(ret));
		else
			agent_change(n, AGENT_DEL, "addr del %s/%d dev %s",
				     sdnbr_fmt_ipv4(x, a), plen,
				     AGENT_GATEWAY_DEV);
	}
	nl_cache_free(cache);
	if (have)
		return;
	ret = addr_add(h, h->gw_ifindex, cfg->gateway, cfg->local_subnet.plen,
		       NULL);
	if (ret < 0)
		agent_error(n, "addr add %s/%u dev %s: %s",
			    sdnbr_fmt_ipv4(cfg->gateway, a),
			    cfg->local_subnet.plen, AGENT_GATEWAY_DEV,
			    nl_geterror(ret));
	else
		agent_change(n, AGENT_ADD, "addr add %s/%u dev %s",
			     sdnbr_fmt_ipv4(cfg->gateway, a),
			     cfg->local_subnet.plen, AGENT_GATEWAY_DEV);
}

struct want_route {
	struct sdnbr_prefix dst;
	uint8_t scope;
	bool found;
};

static int route_add(struct agent_host *h, const struct want_route *w)
{
	struct rtnl_route *r = rtnl_route_alloc();
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();
	struct nl_addr *dst = v4(w->dst.addr, w->dst.plen);
	int ret = -NLE_NOMEM;

	if (r && nh && dst) {
		rtnl_route_set_family(r, AF_INET);
		rtnl_route_set_table(r, RT_TABLE_MAIN);
		rtnl_route_set_scope(r, w->scope);
		rtnl_route_set_protocol(r, RTPROT_BOOT);
		rtnl_route_set_type(r, RTN_UNICAST);
		ret = rtnl_route_set_dst(r, dst);
		rtnl_route_nh_set_ifindex(nh, h->gw_ifindex);
		rtnl_route_add_nexthop(r, nh);
		nh = NULL;
		if (!ret)
			ret = rtnl_route_add(h->sk, r, NLM_F_CREATE | NLM_F_EXCL);
	}
	if (nh)
		rtnl_route_nh_free(nh);
	nl_addr_put(dst);
	rtnl_route_put(r);
	return ret;
}

static const char *scope_word(uint8_t scope)
{
	return scope == RT_SCOPE_LINK ? " scope link" : "";
}

static void tun0_routes(struct agent_host *h, const struct agent_cluster *c,
			struct agent_counts *n)
{
	struct want_route want[SDNBR_MAX_CLUSTER_NETWORKS + 1];
	char p[SDNBR_PREFIX_STRLEN];
	unsigned int nw = 0, i;
	struct nl_cache *cache;
	struct nl_object *o;
	int ret;

	for (i = 0; i < c->n_cluster; i++)
		want[nw++] = (struct want_route){ c->cluster[i], RT_SCOPE_LINK, false };
	want[nw++] = (struct want_route){ c->service, RT_SCOPE_UNIVERSE, false };

	ret = rtnl_route_alloc_cache(h->sk, AF_INET, 0, &cache);
	if (ret < 0) {
		agent_error(n, "reading routes: %s", nl_geterror(ret));
		return;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_route *r = (struct rtnl_route *)o;
		struct rtnl_nexthop *nh;
		struct sdnbr_prefix dst;
		bool keep = false;

		if (rtnl_route_get_table(r) != RT_TABLE_MAIN ||
		    rtnl_route_get_type(r) != RTN_UNICAST ||
		    rtnl_route_get_nnexthops(r) != 1)
			continue;
		nh = rtnl_route_nexthop_n(r, 0);
		if (!nh || rtnl_route_nh_get_ifindex(nh) != h->gw_ifindex)
			continue;
		dst.addr = addr_of(rtnl_route_get_dst(r));
		dst.plen = (uint8_t)nl_addr_get_prefixlen(rtnl_route_get_dst(r));
		for (i = 0; i < nw; i++)
			if (!want[i].found &&
			    want[i].dst.addr.s_addr == dst.addr.s_addr &&
			    want[i].dst.plen == dst.plen &&
			    want[i].scope == rtnl_route_get_scope(r)) {
				want[i].found = keep = true;
				break;
			}
		if (keep)
			continue;
		/* the local subnet's connected route, or a stale one */
		ret = rtnl_route_delete(h->sk, r, 0);
		sdnbr_fmt_ipv4_prefix(dst.addr, dst.plen, p);
		if (ret < 0)
			agent_error(n, "route del %s dev %s: %s", p,
				    AGENT_GATEWAY_DEV, nl_geterror(ret));
		else
			agent_change(n, AGENT_DEL, "route del %s dev %s%s%s", p,
				     AGENT_GATEWAY_DEV,
				     scope_word(rtnl_route_get_scope(r)),
				     rtnl_route_get_protocol(r) == RTPROT_KERNEL ?
				     " proto kernel" : "");
	}
	nl_cache_free(cache);

	for (i = 0; i < nw; i++) {
		if (want[i].found)
			continue;
		sdnbr_fmt_ipv4_prefix(want[i].dst.addr, want[i].dst.plen, p);
		ret = route_add(h, &want[i]);
		if (ret < 0)
			agent_error(n, "route add %s dev %s%s: %s", p,
				    AGENT_GATEWAY_DEV, scope_word(want[i].scope),
				    nl_geterror(ret));
		else
			agent_change(n, AGENT_ADD, "route add %s dev %s%s", p,
				     AGENT_GATEWAY_DEV, scope_word(want[i].scope));
	}
}

static void ip_forward(struct agent_counts *n)
{
	char v[8] = "";
	int fd;
	ssize_t r;

	fd = open(IP_FORWARD, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		agent_error(n, "%s: %s", IP_FORWARD, strerror(errno));
		return;
	}
	r = read(fd, v, sizeof(v) - 1);
	if (r > 0 && v[0] == '1') {
		close(fd);
		return;
	}
	if (pwrite(fd, "1\n", 2, 0) != 2)
		agent_error(n, "writing 1 to %s: %s", IP_FORWARD,
			    strerror(errno));
	else
		agent_change(n, AGENT_REPLACE, "sysctl net.ipv4.ip_forward=1");
	close(fd);
}

void agent_host_routes(struct agent_host *h, const struct agent_cluster *c,
		       const struct sdnbr_config *cfg, struct agent_counts *n)
{
	if (h->gw_ifindex > 0) {
		tun0_address(h, cfg, n);
		tun0_routes(h, c, n);
	}
	ip_forward(n);
}

/* ---- pod ports -------------------------------------------------------------------- */

struct port {
	char name[IFNAMSIZ];
	int ifindex;
	int master;
	unsigned int flags;
	bool special;		/* tun0, vxlan0: never a pod's */
};

static int cmp_port(const void *x, const void *y)
{
	return strcmp(((const struct port *)x)->name,
		      ((const struct port *)y)->name);
}

/* Every link, sorted by name. */
static int ports_read(struct agent_host *h, struct port **out, size_t *n)
{
	struct nl_cache *cache;
	struct nl_object *o;
	struct port *v;
	size_t i = 0;
	int ret;

	ret = rtnl_link_alloc_cache(h->sk, AF_UNSPEC, &cache);
	if (ret < 0)
		return ret;
	v = calloc((size_t)nl_cache_nitems(cache) + 1, sizeof(*v));
	if (!v) {
		nl_cache_free(cache);
		return -NLE_NOMEM;
	}
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_link *l = (struct rtnl_link *)o;
		const char *kind = link_kind(l);

		snprintf(v[i].name, sizeof(v[i].name), "%s",
			 rtnl_link_get_name(l) ?: "");
		v[i].ifindex = rtnl_link_get_ifindex(l);
		v[i].master = rtnl_link_get_master(l);
		v[i].flags = rtnl_link_get_flags(l);
		v[i].special = !strcmp(kind, SDNBR_GW_LINK_KIND) ||
			       !strcmp(kind, "vxlan") ||
			       v[i].ifindex == h->gw_ifindex ||
			       v[i].ifindex == h->tun_ifindex;
		i++;
	}
	nl_cache_free(cache);
	qsort(v, i, sizeof(*v), cmp_port);
	*out = v;
	*n = i;
	return 0;
}

void agent_host_attach(struct agent_host *h, struct agent_state *want,
		       struct agent_counts *n)
{
	char a[INET_ADDRSTRLEN];
	struct port *ports, key, *p;
	size_t np, i;
	int ret;

	ret = ports_read(h, &ports, &np);
	if (ret < 0) {
		agent_error(n, "reading links: %s", nl_geterror(ret));
		want->n_pods = 0;
		return;
	}
	for (i = 0; i < want->n_pods; ) {
		struct agent_pod_entry *pod = &want->pods[i];

		memset(&key, 0, sizeof(key));
		memcpy(key.name, pod->veth, sizeof(key.name));
		p = bsearch(&key, ports, np, sizeof(*ports), cmp_port);
		if (!p || h->br_ifindex <= 0) {
			agent_error(n, "pod %s (%s): host veth %s not found: not installed",
				    sdnbr_fmt_ipv4(pod->pod.ip, a),
				    pod->name ?: "?", pod->veth);
			agent_state_drop_pod(want, i);
			continue;
		}
		if (p->master != h->br_ifindex) {
			ret = setlink(h, p->ifindex, -1, -1, h->br_ifindex);
			if (ret < 0) {
				agent_error(n, "port attach %s to %s: %s",
					    p->name, AGENT_DEFAULT_BRIDGE,
					    nl_geterror(ret));
				agent_state_drop_pod(want, i);
				continue;
			}
			agent_change(n, AGENT_ADD, "port attach %s (%s)",
				     p->name, pod->name ?: "?");
			p->master = h->br_ifindex;
		}
		if (!(p->flags & IFF_UP)) {
			ret = setlink(h, p->ifindex, 1, -1, -1);
			if (ret < 0)
				agent_error(n, "link set %s up: %s", p->name,
					    nl_geterror(ret));
			else
				agent_change(n, AGENT_REPLACE,
					     "link set %s up", p->name);
			p->flags |= IFF_UP;
		}
		pod->pod.ifindex = (uint32_t)p->ifindex;
		i++;
	}
	free(ports);
}

static int cmp_uint(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

void agent_host_detach(struct agent_host *h, const struct agent_state *want,
		       struct agent_counts *n)
{
	struct port *ports;
	uint32_t *used, key;
	size_t np, i;
	int ret;

	if (h->br_ifindex <= 0)
		return;
	used = calloc(want->n_pods + 1, sizeof(*used));
	if (!used)
		return;
	for (i = 0; i < want->n_pods; i++)
		used[i] = want->pods[i].pod.ifindex;
	qsort(used, want->n_pods, sizeof(*used), cmp_uint);
	ret = ports_read(h, &ports, &np);
	if (ret < 0) {
		agent_error(n, "reading links: %s", nl_geterror(ret));
		free(used);
		return;
	}
	for (i = 0; i < np; i++) {
		if (ports[i].master != h->br_ifindex || ports[i].special)
			continue;
		key = (uint32_t)ports[i].ifindex;
		if (bsearch(&key, used, want->n_pods, sizeof(*used), cmp_uint))
			continue;
		ret = setlink(h, ports[i].ifindex, -1, -1, 0);
		if (ret < 0)
			agent_error(n, "port detach %s: %s", ports[i].name,
				    nl_geterror(ret));
		else
			agent_change(n, AGENT_DEL, "port detach %s",
				     ports[i].name);
	}
	free(ports);
	free(used);
}

/* ---- the uplink and egress IPs ---------------------------------------------------- */

int agent_host_uplink(struct agent_host *h, const char *name,
		      struct in_addr node_ip, char out[IFNAMSIZ])
{
	struct nl_cache *cache;
	struct nl_object *o;
	int ifindex = 0;

	if (name && *name) {
		if (!if_nametoindex(name))
			return -ENODEV;
		snprintf(out, IFNAMSIZ, "%s", name);
		return 0;
	}
	if (rtnl_addr_alloc_cache(h->sk, &cache) < 0)
		return -ENODEV;
	for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ra = (struct rtnl_addr *)o;

		if (rtnl_addr_get_family(ra) == AF_INET &&
		    addr_of(rtnl_addr_get_local(ra)).s_addr == node_ip.s_addr) {
			ifindex = rtnl_addr_get_ifindex(ra);
			break;
		}
	}
	nl_cache_free(cache);
	if (!ifindex || !if_indextoname((unsigned int)ifindex, out))
		return -ENODEV;
	return 0;
}

static bool eip_wanted(const struct agent_state *want, struct in_addr a)
{
	size_t i;

	for (i = 0; i < want->n_eips; i++)
		if (want->eips[i].addr.s_addr == a.s_addr)
			return true;
	return false;
}

void agent_host_eips(struct agent_host *h, const char *uplink,
		     const struct agent_state *want, bool add,
		     struct agent_counts *n)
{
	char label[IFNAMSIZ + 8], a[INET_ADDRSTRLEN];
	unsigned char mac[6] = { 0 };
	struct rtnl_link *l;
	struct nl_cache *cache;
	struct nl_object *o;
	int ifindex, ret;
	size_t i;

	snprintf(label, sizeof(label), "%s%s", uplink, AGENT_EIP_LABEL);
	if (strlen(label) >= IFNAMSIZ) {
		if (want->n_eips && add)
			agent_error(n, "egress IPs: the label %s is longer than %d characters",
				    label, IFNAMSIZ - 1);
		return;
	}
	l = link_get(h, uplink);
	if (!l) {
		if (want->n_eips && add)
			agent_error(n, "egress IPs: no uplink %s", uplink);
		return;
	}
	ifindex = rtnl_link_get_ifindex(l);
	if (rtnl_link_get_addr(l) && nl_addr_get_len(rtnl_link_get_addr(l)) == 6)
		memcpy(mac, nl_addr_get_binary_addr(rtnl_link_get_addr(l)), 6);
	rtnl_link_put(l);

	ret = rtnl_addr_alloc_cache(h->sk, &cache);
	if (ret < 0) {
		agent_error(n, "reading addresses: %s", nl_geterror(ret));
		return;
	}
	if (!add) {
		for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
			struct rtnl_addr *ra = (struct rtnl_addr *)o;
			struct in_addr x = addr_of(rtnl_addr_get_local(ra));
			const char *lb = rtnl_addr_get_label(ra);

			if (rtnl_addr_get_ifindex(ra) != ifindex ||
			    rtnl_addr_get_family(ra) != AF_INET ||
			    !lb || strcmp(lb, label) || eip_wanted(want, x))
				continue;
			ret = rtnl_addr_delete(h->sk, ra, 0);
			if (ret < 0)
				agent_error(n, "addr del %s dev %s: %s",
					    sdnbr_fmt_ipv4(x, a), uplink,
					    nl_geterror(ret));
			else
				agent_change(n, AGENT_DEL,
					     "addr del %s/%d dev %s label %s",
					     sdnbr_fmt_ipv4(x, a),
					     rtnl_addr_get_prefixlen(ra), uplink,
					     label);
		}
		nl_cache_free(cache);
		return;
	}

	for (i = 0; i < want->n_eips; i++) {
		struct in_addr e = want->eips[i].addr;
		int plen = -1;
		bool have = false;

		for (o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
			struct rtnl_addr *ra = (struct rtnl_addr *)o;
			struct in_addr x = addr_of(rtnl_addr_get_local(ra));
			int pl = rtnl_addr_get_prefixlen(ra);

			if (rtnl_addr_get_ifindex(ra) != ifindex ||
			    rtnl_addr_get_family(ra) != AF_INET)
				continue;
			if (x.s_addr == e.s_addr) {
				have = true;
				break;
			}
			/* the uplink's own subnet gives the prefix length */
			if (pl > 0 && pl < 32 && plen < 0 &&
			    !((x.s_addr ^ e.s_addr) &
			      sdnbr_ipv4_mask((unsigned int)pl).s_addr))
				plen = pl;
		}
		if (have)
			continue;
		if (plen < 0) {
			agent_error(n, "egress IP %s is outside every subnet of %s: not added",
				    sdnbr_fmt_ipv4(e, a), uplink);
			continue;
		}
		ret = addr_add(h, ifindex, e, (unsigned int)plen, label);
		if (ret < 0) {
			agent_error(n, "addr add %s/%d dev %s: %s",
				    sdnbr_fmt_ipv4(e, a), plen, uplink,
				    nl_geterror(ret));
			continue;
		}
		agent_change(n, AGENT_ADD, "addr add %s/%d dev %s label %s",
			     sdnbr_fmt_ipv4(e, a), plen, uplink, label);
		if (agent_garp(ifindex, mac, e))
			agent_error(n, "gratuitous ARP for %s on %s: %s",
				    sdnbr_fmt_ipv4(e, a), uplink, strerror(errno));
		else
			agent_log("garp %s dev %s", sdnbr_fmt_ipv4(e, a), uplink);
	}
	nl_cache_free(cache);
}
