// SPDX-License-Identifier: GPL-2.0
/*
 * The system side of the plugin: the veth pair, the pod's address and
 * routes (rtnetlink, libnl-route), and the pod entry in the bridge's flow
 * table (the sdnbr generic netlink family, userspace/lib).
 *
 * The plugin runs in the node's network namespace. It reaches the pod's
 * by opening a socket there: setns() into it, socket(), setns() back;
 * a socket stays in the namespace it was created in.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <arpa/inet.h>
#include <linux/nsfs.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>

#include "cni.h"
#include "sdnbr_nl.h"
#include "sdnbr_util.h"

static const char *nlerr(int err)
{
	return nl_geterror(err < 0 ? -err : err);
}

static bool nl_notfound(int err)
{
	return err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV;
}

static int route_socket(struct nl_sock **skp)
{
	struct nl_sock *sk = nl_socket_alloc();
	int err;

	if (!sk)
		return -NLE_NOMEM;
	err = nl_connect(sk, NETLINK_ROUTE);
	if (err) {
		nl_socket_free(sk);
		return err;
	}
	*skp = sk;
	return 0;
}

/* ---- the node ----------------------------------------------------------------- */

static int read_bridge(const struct nlmsghdr *nlh, void *arg)
{
	return sdnbr_msg_parse_bridge(nlh, arg);
}

int cni_node_open(struct cni_node *node, const char *bridge, bool need_bridge,
		  struct cni_error *e)
{
	char err[CNI_ERR_MAX];
	struct nl_msg *msg;
	int ret;

	memset(node, 0, sizeof(*node));
	snprintf(node->bridge, sizeof(node->bridge), "%s", bridge);
	node->self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (node->self_ns < 0)
		return cni_fail(e, CNI_ERR_IO,
				"opening this process's network namespace: %s",
				strerror(errno));
	ret = route_socket(&node->rt);
	if (ret)
		return cni_fail(e, CNI_ERR_IO, "rtnetlink: %s", nlerr(ret));

	node->br_ifindex = cni_link_ifindex(node, bridge);
	if (!node->br_ifindex) {
		if (!need_bridge)
			return 0;
		return cni_fail(e, CNI_ERR_DATAPATH,
				"bridge %s: no such device in this network namespace (is the node set up? sdn-agent creates it)",
				bridge);
	}
	ret = sdnbr_nl_open(&node->nl, SDNBR_GENL_NAME, err, sizeof(err));
	if (ret) {
		node->nl = NULL;
		if (!need_bridge)
			return 0;
		return cni_fail(e, CNI_ERR_DATAPATH, "%s (is sdnbr loaded?)",
				err);
	}
	msg = sdnbr_nl_msg(node->nl, SDNBR_CMD_BR_GET, 0);
	if (!msg || sdnbr_msg_put_dev(msg, bridge, 0)) {
		nlmsg_free(msg);
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	}
	ret = sdnbr_nl_request(node->nl, msg, read_bridge, &node->br);
	nlmsg_free(msg);
	if (ret) {
		if (!need_bridge && ret == -ENODEV) {
			node->br_ifindex = 0;
			return 0;
		}
		sdnbr_format_error(err, sizeof(err), NULL, "reading its settings",
				   ret, sdnbr_nl_extack(node->nl));
		return cni_fail(e, CNI_ERR_DATAPATH, "bridge %s: %s", bridge,
				err);
	}
	if (need_bridge &&
	    (!(node->br.cfg.has & SDNBR_HAS(SDNBR_CFG_A_LOCAL_SUBNET)) ||
	     !(node->br.cfg.has & SDNBR_HAS(SDNBR_CFG_A_GATEWAY)) ||
	     !node->br.cfg.n_cluster ||
	     !(node->br.cfg.has & SDNBR_HAS(SDNBR_CFG_A_SERVICE_NETWORK))))
		return cni_fail(e, CNI_ERR_TRY_AGAIN,
				"bridge %s has no local subnet, gateway, cluster or service network yet (sdn-agent sets them)",
				bridge);
	return 0;
}

void cni_node_close(struct cni_node *node)
{
	sdnbr_nl_close(node->nl);
	node->nl = NULL;
	if (node->rt)
		nl_socket_free(node->rt);
	node->rt = NULL;
	if (node->self_ns >= 0)
		close(node->self_ns);
	node->self_ns = -1;
}

int cni_link_ifindex(struct cni_node *node, const char *name)
{
	struct rtnl_link *l;
	int ifindex;

	if (rtnl_link_get_kernel(node->rt, 0, name, &l))
		return 0;
	ifindex = rtnl_link_get_ifindex(l);
	rtnl_link_put(l);
	return ifindex;
}

int cni_netns_open(const char *path, int *fd, struct cni_error *e)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		if (errno == ENOENT)
			return cni_fail(e, CNI_ERR_NO_CONTAINER,
					"CNI_NETNS %s: the network namespace does not exist",
					path);
		return cni_fail(e, CNI_ERR_IO, "CNI_NETNS %s: %s", path,
				strerror(errno));
	}
	/* a stale bind mount point is an empty file, not a namespace */
	if (ioctl(*fd, NS_GET_NSTYPE) != CLONE_NEWNET) {
		close(*fd);
		*fd = -1;
		return cni_fail(e, CNI_ERR_NO_CONTAINER,
				"CNI_NETNS %s: not a network namespace", path);
	}
	return 0;
}

/* A route socket in the namespace @ns; back in the node's afterwards. */
static int socket_in(struct cni_node *node, int ns, struct nl_sock **sk,
		     struct cni_error *e)
{
	int ret;

	if (setns(ns, CLONE_NEWNET))
		return cni_fail(e, CNI_ERR_IO,
				"entering the pod's network namespace: %s",
				strerror(errno));
	ret = route_socket(sk);
	if (setns(node->self_ns, CLONE_NEWNET)) {
		/* nothing later would happen where it should */
		fprintf(stderr, "sdnbr-cni: returning to the node's network namespace: %s\n",
			strerror(errno));
		exit(CNI_ERR_IO);
	}
	if (ret)
		return cni_fail(e, CNI_ERR_IO, "rtnetlink in the pod: %s",
				nlerr(ret));
	return 0;
}

/* ---- creating the pod's interface ------------------------------------------ */

static struct nl_addr *addr4(struct in_addr a, unsigned int plen)
{
	struct nl_addr *na = nl_addr_build(AF_INET, &a, sizeof(a));

	if (na)
		nl_addr_set_prefixlen(na, plen);
	return na;
}

static int add_route(struct nl_sock *sk, int ifindex, const struct cni_route *r,
		     uint32_t mtu)
{
	struct rtnl_nexthop *nh;
	struct rtnl_route *rt;
	struct nl_addr *dst, *gw = NULL;
	int err = -NLE_NOMEM;

	rt = rtnl_route_alloc();
	nh = rtnl_route_nh_alloc();
	dst = addr4(r->dst.addr, r->dst.plen);
	if (r->has_gw)
		gw = addr4(r->gw, 32);
	if (!rt || !nh || !dst || (r->has_gw && !gw)) {
		rtnl_route_nh_free(nh);
		goto out;
	}
	rtnl_route_set_family(rt, AF_INET);
	rtnl_route_set_table(rt, RT_TABLE_MAIN);
	rtnl_route_set_protocol(rt, RTPROT_BOOT);
	rtnl_route_set_type(rt, RTN_UNICAST);
	rtnl_route_set_scope(rt, r->has_gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
	rtnl_route_set_dst(rt, dst);
	rtnl_route_nh_set_ifindex(nh, ifindex);
	if (gw)
		rtnl_route_nh_set_gateway(nh, gw);
	rtnl_route_add_nexthop(rt, nh);
	if (mtu)
		rtnl_route_set_metric(rt, RTAX_MTU, mtu);
	err = rtnl_route_add(sk, rt, NLM_F_CREATE | NLM_F_EXCL);
out:
	nl_addr_put(gw);
	nl_addr_put(dst);
	rtnl_route_put(rt);
	return err;
}

static const char *route_str(const struct cni_route *r, char *buf, size_t len)
{
	char d[SDNBR_PREFIX_STRLEN], g[INET_ADDRSTRLEN];

	if (r->has_gw)
		snprintf(buf, len, "%s via %s",
			 sdnbr_fmt_ipv4_prefix(r->dst.addr, r->dst.plen, d),
			 sdnbr_fmt_ipv4(r->gw, g));
	else
		snprintf(buf, len, "%s on-link",
			 sdnbr_fmt_ipv4_prefix(r->dst.addr, r->dst.plen, d));
	return buf;
}

/* The pod side, in the pod's namespace: up, its address, its routes. */
static int pod_side(struct nl_sock *sk, const struct cni_attachment *a,
		    struct cni_error *e)
{
	struct rtnl_link *l = NULL, *change = NULL;
	struct rtnl_addr *addr = NULL;
	struct nl_addr *local = NULL;
	char what[64];
	unsigned int i;
	int err, ifindex;

	err = rtnl_link_get_kernel(sk, 0, a->ifname, &l);
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH, "%s in the pod: %s",
				a->ifname, nlerr(err));
	ifindex = rtnl_link_get_ifindex(l);
	change = rtnl_link_alloc();
	if (!change) {
		err = -NLE_NOMEM;
		goto fail_up;
	}
	rtnl_link_set_flags(change, IFF_UP);
	err = rtnl_link_change(sk, l, change, 0);
	rtnl_link_put(change);
fail_up:
	rtnl_link_put(l);
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH,
				"setting %s up in the pod: %s", a->ifname,
				nlerr(err));

	addr = rtnl_addr_alloc();
	local = addr4(a->ip, a->plen);
	if (!addr || !local) {
		err = -NLE_NOMEM;
	} else {
		rtnl_addr_set_ifindex(addr, ifindex);
		rtnl_addr_set_family(addr, AF_INET);
		err = rtnl_addr_set_local(addr, local);
		if (!err)
			err = rtnl_addr_add(sk, addr, 0);
	}
	nl_addr_put(local);
	rtnl_addr_put(addr);
	if (err) {
		char p[SDNBR_PREFIX_STRLEN];

		return cni_fail(e, CNI_ERR_DATAPATH,
				"adding %s to %s in the pod: %s",
				sdnbr_fmt_ipv4_prefix(a->ip, a->plen, p),
				a->ifname, nlerr(err));
	}

	/* on-link routes first: the gateway is reached through them */
	for (i = 0; i < a->n_routes; i++) {
		if (a->routes[i].has_gw)
			continue;
		err = add_route(sk, ifindex, &a->routes[i], a->route_mtu);
		if (err)
			goto fail_route;
	}
	for (i = 0; i < a->n_routes; i++) {
		if (!a->routes[i].has_gw)
			continue;
		err = add_route(sk, ifindex, &a->routes[i], a->route_mtu);
		if (err)
			goto fail_route;
	}
	return 0;
fail_route:
	return cni_fail(e, CNI_ERR_DATAPATH, "adding route %s in the pod: %s",
			route_str(&a->routes[i], what, sizeof(what)),
			nlerr(err));
}

int cni_pod_create(struct cni_node *node, int podns, struct cni_attachment *a,
		   struct cni_error *e)
{
	struct rtnl_link *link, *peer, *host = NULL, *change;
	struct nl_sock *podsk = NULL;
	struct nl_addr *mac;
	int err;

	link = rtnl_link_veth_alloc();
	if (!link)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	peer = rtnl_link_veth_get_peer(link);
	rtnl_link_set_name(link, a->host_veth);
	rtnl_link_set_mtu(link, a->mtu);
	rtnl_link_set_name(peer, a->ifname);
	rtnl_link_set_mtu(peer, a->mtu);
	rtnl_link_set_ns_fd(peer, podns);
	mac = nl_addr_build(AF_LLC, a->mac, 6);
	if (mac)
		rtnl_link_set_addr(peer, mac);
	nl_addr_put(mac);
	err = mac ? rtnl_link_add(node->rt, link, NLM_F_CREATE | NLM_F_EXCL) :
		    -NLE_NOMEM;
	rtnl_link_put(peer);
	rtnl_link_put(link);
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH,
				"creating the veth pair %s (node) and %s (pod): %s%s",
				a->host_veth, a->ifname, nlerr(err),
				err == -NLE_EXIST ?
				" (is the pod's interface already there?)" : "");

	if (socket_in(node, podns, &podsk, e))
		return -1;
	err = pod_side(podsk, a, e);
	nl_socket_free(podsk);
	if (err)
		return -1;

	/* the host side: on the bridge, up */
	err = rtnl_link_get_kernel(node->rt, 0, a->host_veth, &host);
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH, "%s: %s", a->host_veth,
				nlerr(err));
	mac = rtnl_link_get_addr(host);
	if (mac && nl_addr_get_len(mac) == 6)
		memcpy(a->host_mac, nl_addr_get_binary_addr(mac), 6);
	change = rtnl_link_alloc();
	if (!change) {
		err = -NLE_NOMEM;
	} else {
		rtnl_link_set_master(change, node->br_ifindex);
		rtnl_link_set_flags(change, IFF_UP);
		err = rtnl_link_change(node->rt, host, change, 0);
		rtnl_link_put(change);
	}
	rtnl_link_put(host);
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH, "attaching %s to %s: %s",
				a->host_veth, node->bridge, nlerr(err));
	return 0;
}

int cni_host_veth_delete(struct cni_node *node, const char *name,
			 struct cni_error *e)
{
	struct rtnl_link *l;
	const char *type;
	int err;

	err = rtnl_link_get_kernel(node->rt, 0, name, &l);
	if (nl_notfound(err))
		return 0;
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH, "%s: %s", name,
				nlerr(err));
	type = rtnl_link_get_type(l);
	if (!type || strcmp(type, "veth")) {
		rtnl_link_put(l);
		return cni_fail(e, CNI_ERR_DATAPATH,
				"%s is a %s, not a veth: not deleting it",
				name, type ? type : "device");
	}
	err = rtnl_link_delete(node->rt, l);
	rtnl_link_put(l);
	if (nl_notfound(err))
		return 0;
	if (err)
		return cni_fail(e, CNI_ERR_DATAPATH, "deleting %s: %s", name,
				nlerr(err));
	return 1;
}

/* ---- the pod entry ------------------------------------------------------------- */

static int entry_request(struct cni_node *node, uint8_t cmd, int flags,
			 const struct sdnbr_pod *pod, sdnbr_nl_cb cb, void *arg)
{
	struct nl_msg *msg;
	int ret;

	msg = sdnbr_nl_msg(node->nl, cmd, flags);
	if (!msg || sdnbr_msg_put_dev(msg, node->bridge, 0) ||
	    sdnbr_msg_put_pod(msg, pod)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	ret = sdnbr_nl_request(node->nl, msg, cb, arg);
	nlmsg_free(msg);
	return ret;
}

static int entry_fail(struct cni_node *node, const char *op, struct in_addr ip,
		      int ret, struct cni_error *e)
{
	char a[INET_ADDRSTRLEN], what[64], err[CNI_ERR_MAX];

	snprintf(what, sizeof(what), "%s pod %s", op, sdnbr_fmt_ipv4(ip, a));
	sdnbr_format_error(err, sizeof(err), node->bridge, what, ret,
			   sdnbr_nl_extack(node->nl));
	return cni_fail(e, CNI_ERR_DATAPATH, "%s", err);
}

int cni_entry_set(struct cni_node *node, struct in_addr ip, int ifindex,
		  uint32_t vnid, struct cni_error *e)
{
	struct sdnbr_pod pod = {
		.has = SDNBR_HAS(SDNBR_POD_A_IP) |
		       SDNBR_HAS(SDNBR_POD_A_IFINDEX) |
		       SDNBR_HAS(SDNBR_POD_A_VNID),
		.ip = ip, .ifindex = (uint32_t)ifindex, .vnid = vnid,
	};
	int ret;

	ret = entry_request(node, SDNBR_CMD_POD_NEW,
			    NLM_F_CREATE | NLM_F_REPLACE, &pod, NULL, NULL);
	return ret ? entry_fail(node, "installing", ip, ret, e) : 0;
}

struct getter {
	struct sdnbr_pod *pod;
	bool found;
};

static int got_pod(const struct sdnbr_entry *en, void *arg)
{
	struct getter *g = arg;

	*g->pod = en->pod;
	g->found = true;
	return 0;
}

static int read_pod(const struct nlmsghdr *nlh, void *arg)
{
	struct sdnbr_bridge br;

	return sdnbr_msg_for_each_entry(nlh, SDNBR_A_POD, &br, got_pod, arg);
}

int cni_entry_get(struct cni_node *node, struct in_addr ip,
		  struct sdnbr_pod *pod, struct cni_error *e)
{
	struct sdnbr_pod key = { .has = SDNBR_HAS(SDNBR_POD_A_IP), .ip = ip };
	struct getter g = { .pod = pod };
	int ret;

	ret = entry_request(node, SDNBR_CMD_POD_GET, 0, &key, read_pod, &g);
	if (ret == -ENOENT || (!ret && !g.found))
		return -ENOENT;
	return ret ? entry_fail(node, "reading", ip, ret, e) : 0;
}

int cni_entry_del(struct cni_node *node, struct in_addr ip,
		  struct cni_error *e)
{
	struct sdnbr_pod key = { .has = SDNBR_HAS(SDNBR_POD_A_IP), .ip = ip };
	int ret;

	ret = entry_request(node, SDNBR_CMD_POD_DEL, 0, &key, NULL, NULL);
	if (ret == -ENOENT)
		return 0;
	return ret ? entry_fail(node, "deleting", ip, ret, e) : 0;
}

/* ---- CHECK ----------------------------------------------------------------------- */

static bool route_matches(struct rtnl_route *rt, int ifindex,
			  const struct cni_route *want)
{
	struct nl_addr *dst = rtnl_route_get_dst(rt), *gw;
	struct rtnl_nexthop *nh;
	struct in_addr d = { 0 };

	if (rtnl_route_get_table(rt) != RT_TABLE_MAIN ||
	    rtnl_route_get_family(rt) != AF_INET)
		return false;
	if (dst && nl_addr_get_len(dst) == 4)
		memcpy(&d, nl_addr_get_binary_addr(dst), 4);
	if ((dst ? nl_addr_get_prefixlen(dst) : 0) != want->dst.plen ||
	    d.s_addr != want->dst.addr.s_addr)
		return false;
	if (rtnl_route_get_nnexthops(rt) != 1)
		return false;
	nh = rtnl_route_nexthop_n(rt, 0);
	if (rtnl_route_nh_get_ifindex(nh) != ifindex)
		return false;
	gw = rtnl_route_nh_get_gateway(nh);
	if (!want->has_gw)
		return !gw;
	return gw && nl_addr_get_len(gw) == 4 &&
	       !memcmp(nl_addr_get_binary_addr(gw), &want->gw, 4);
}

int cni_pod_check(struct cni_node *node, int podns,
		  const struct cni_attachment *a, struct cni_error *e)
{
	char s1[SDNBR_MAC_STRLEN], s2[SDNBR_MAC_STRLEN], what[64];
	struct nl_cache *cache = NULL;
	struct nl_sock *sk = NULL;
	struct rtnl_link *l = NULL;
	struct nl_object *o;
	struct nl_addr *mac;
	unsigned int i;
	bool found;
	int err, ifindex, ret = -1;

	if (socket_in(node, podns, &sk, e))
		return -1;
	err = rtnl_link_get_kernel(sk, 0, a->ifname, &l);
	if (err) {
		cni_fail(e, CNI_ERR_CHECK, "%s is not in the pod's network namespace",
			 a->ifname);
		goto out;
	}
	ifindex = rtnl_link_get_ifindex(l);
	mac = rtnl_link_get_addr(l);
	if (!mac || nl_addr_get_len(mac) != 6 ||
	    memcmp(nl_addr_get_binary_addr(mac), a->mac, 6)) {
		cni_fail(e, CNI_ERR_CHECK, "%s in the pod has MAC %s, not %s",
			 a->ifname,
			 mac && nl_addr_get_len(mac) == 6 ?
			 sdnbr_fmt_mac(nl_addr_get_binary_addr(mac), s1) : "none",
			 sdnbr_fmt_mac(a->mac, s2));
		goto out;
	}
	if (rtnl_link_get_mtu(l) != a->mtu) {
		cni_fail(e, CNI_ERR_CHECK, "%s in the pod has MTU %u, not %u",
			 a->ifname, rtnl_link_get_mtu(l), a->mtu);
		goto out;
	}
	if (!(rtnl_link_get_flags(l) & IFF_UP)) {
		cni_fail(e, CNI_ERR_CHECK, "%s in the pod is down", a->ifname);
		goto out;
	}

	err = rtnl_addr_alloc_cache(sk, &cache);
	if (err) {
		cni_fail(e, CNI_ERR_IO, "reading the pod's addresses: %s",
			 nlerr(err));
		goto out;
	}
	found = false;
	for (o = nl_cache_get_first(cache); o && !found; o = nl_cache_get_next(o)) {
		struct rtnl_addr *ad = (struct rtnl_addr *)o;
		struct nl_addr *loc = rtnl_addr_get_local(ad);

		found = rtnl_addr_get_ifindex(ad) == ifindex && loc &&
			nl_addr_get_family(loc) == AF_INET &&
			nl_addr_get_prefixlen(loc) == a->plen &&
			!memcmp(nl_addr_get_binary_addr(loc), &a->ip, 4);
	}
	nl_cache_free(cache);
	cache = NULL;
	if (!found) {
		char p[SDNBR_PREFIX_STRLEN];

		cni_fail(e, CNI_ERR_CHECK, "%s in the pod does not have %s",
			 a->ifname, sdnbr_fmt_ipv4_prefix(a->ip, a->plen, p));
		goto out;
	}

	err = rtnl_route_alloc_cache(sk, AF_INET, 0, &cache);
	if (err) {
		cni_fail(e, CNI_ERR_IO, "reading the pod's routes: %s",
			 nlerr(err));
		goto out;
	}
	for (i = 0; i < a->n_routes; i++) {
		found = false;
		for (o = nl_cache_get_first(cache); o && !found;
		     o = nl_cache_get_next(o))
			found = route_matches((struct rtnl_route *)o, ifindex,
					      &a->routes[i]);
		if (!found) {
			cni_fail(e, CNI_ERR_CHECK,
				 "the pod has no route %s dev %s",
				 route_str(&a->routes[i], what, sizeof(what)),
				 a->ifname);
			goto out;
		}
	}
	ret = 0;
out:
	nl_cache_free(cache);
	rtnl_link_put(l);
	nl_socket_free(sk);
	return ret;
}

int cni_host_veth_state(struct cni_node *node, const char *name, int *master,
			bool *up)
{
	struct rtnl_link *l;
	int ifindex;

	if (rtnl_link_get_kernel(node->rt, 0, name, &l))
		return 0;
	ifindex = rtnl_link_get_ifindex(l);
	*master = rtnl_link_get_master(l);
	*up = rtnl_link_get_flags(l) & IFF_UP;
	rtnl_link_put(l);
	return ifindex;
}
