// SPDX-License-Identifier: GPL-2.0
/*
 * sdnbr-cni: the CNI commands. The runtime gives the command and the
 * container in CNI_* environment variables and the network configuration
 * on stdin; the result, or an error object, goes to stdout. See
 * sdnbr-cni(8).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cni.h"
#include "sdnbr_util.h"

#define STDIN_MAX	(1 << 20)

static const char *get_env(const char *name)
{
	return getenv(name);
}

static int read_stdin(char **bufp, size_t *lenp, struct cni_error *e)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap), *nbuf;
	ssize_t n;

	if (!buf)
		return cni_fail(e, CNI_ERR_IO, "%s", strerror(ENOMEM));
	for (;;) {
		if (len == cap) {
			if (cap >= STDIN_MAX) {
				free(buf);
				return cni_fail(e, CNI_ERR_DECODE,
						"network configuration: larger than %d bytes",
						STDIN_MAX);
			}
			cap *= 2;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				return cni_fail(e, CNI_ERR_IO, "%s",
						strerror(ENOMEM));
			}
			buf = nbuf;
		}
		n = read(STDIN_FILENO, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return cni_fail(e, CNI_ERR_IO, "reading stdin: %s",
					strerror(errno));
		}
		if (!n)
			break;
		len += n;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* What the pod gets, from the bridge's settings and the configuration. */
static void attachment(struct cni_attachment *a, const struct cni_env *env,
		       const struct cni_conf *conf, const struct cni_node *node,
		       struct in_addr ip)
{
	const struct sdnbr_config *cfg = &node->br.cfg;

	memset(a, 0, sizeof(*a));
	cni_host_veth_name(env->container_id, env->ifname, a->host_veth);
	snprintf(a->ifname, sizeof(a->ifname), "%s", env->ifname);
	snprintf(a->netns, sizeof(a->netns), "%s", env->netns);
	a->ip = ip;
	a->plen = cfg->local_subnet.plen;
	a->gateway = cfg->gateway;
	sdnbr_pod_mac(ip, a->mac);
	if (conf->has_mtu)
		a->mtu = conf->mtu;
	else if (cfg->has & SDNBR_HAS(SDNBR_CFG_A_MTU) && cfg->mtu)
		a->mtu = cfg->mtu;
	else
		a->mtu = 1450;
	a->route_mtu = conf->has_route_mtu ? conf->route_mtu : 0;
	cni_pod_routes(a, cfg);
}

static int cmd_add(const struct cni_env *env, const struct cni_conf *conf,
		   struct cni_error *e)
{
	struct cni_node node = { .self_ns = -1 };
	struct cni_error undo_err;
	struct cni_attachment a;
	struct cni_ipam ipam;
	char host[IFNAMSIZ];
	struct in_addr ip;
	bool entry = false, block = false;
	int podns = -1, ifindex, ret = -1;
	uint32_t vnid;

	if (cni_node_open(&node, conf->bridge, true, e) ||
	    cni_conf_vnid(conf, env, node.br.cfg.mode == SDNBR_MODE_MULTITENANT,
			  &vnid, e) ||
	    cni_netns_open(env->netns, &podns, e))
		goto out;
	cni_host_veth_name(env->container_id, env->ifname, host);
	if (cni_link_ifindex(&node, host)) {
		cni_fail(e, CNI_ERR_DATAPATH,
			 "%s, the host side of container %s's %s, already exists: the container is attached (DEL it first)",
			 host, env->container_id, env->ifname);
		goto out;
	}

	if (cni_ipam_open(&ipam, conf->data_dir, e))
		goto out;
	ret = cni_ipam_alloc(&ipam, &node.br.cfg.local_subnet,
			     node.br.cfg.gateway, env->container_id,
			     env->ifname, &ip, e);
	cni_ipam_close(&ipam);
	if (ret)
		goto out;
	ret = -1;

	attachment(&a, env, conf, &node, ip);
	if (cni_pod_create(&node, podns, &a, e))
		goto undo;
	/* before the entry, which is what lets the pod send: never unfiltered */
	if (conf->block_output) {
		if (cni_block_install(podns, conf, e))
			goto undo;
		block = true;
	}
	ifindex = cni_link_ifindex(&node, a.host_veth);
	if (!ifindex) {
		cni_fail(e, CNI_ERR_DATAPATH, "%s vanished", a.host_veth);
		goto undo;
	}
	if (cni_entry_set(&node, ip, ifindex, vnid, e))
		goto undo;
	entry = true;
	if (cni_print_result(stdout, conf->version, &a)) {
		cni_fail(e, CNI_ERR_IO, "writing the result: %s",
			 strerror(errno));
		goto undo;
	}
	ret = 0;
	goto out;

undo:
	/* leave nothing behind; the first error is the one reported */
	if (entry)
		cni_entry_del(&node, ip, &undo_err);
	if (block)
		cni_block_remove(podns);
	cni_host_veth_delete(&node, host, &undo_err);
	if (!cni_ipam_open(&ipam, conf->data_dir, &undo_err)) {
		cni_ipam_release(&ipam, env->container_id, env->ifname,
				 &undo_err);
		cni_ipam_close(&ipam);
	}
out:
	if (podns >= 0)
		close(podns);
	cni_node_close(&node);
	return ret;
}

static int cmd_del(const struct cni_env *env, const struct cni_conf *conf,
		   struct cni_error *e)
{
	struct cni_node node = { .self_ns = -1 };
	char host[IFNAMSIZ], a[INET_ADDRSTRLEN];
	struct sdnbr_pod pod;
	struct cni_ipam ipam;
	struct in_addr ip;
	bool have_ip;
	int hostidx, ret = -1;

	/* the lock is held throughout: the address is free only at the end */
	if (cni_ipam_open(&ipam, conf->data_dir, e))
		return -1;
	have_ip = !cni_ipam_find(&ipam, env->container_id, env->ifname, &ip);
	if (cni_node_open(&node, conf->bridge, false, e))
		goto out;
	cni_host_veth_name(env->container_id, env->ifname, host);
	hostidx = cni_link_ifindex(&node, host);

	if (have_ip && node.nl && node.br_ifindex) {
		ret = cni_entry_get(&node, ip, &pod, e);
		if (ret && ret != -ENOENT)
			goto out;
		if (!ret && hostidx && (int)pod.ifindex != hostidx)
			fprintf(stderr,
				"sdnbr-cni: the entry of pod %s is on another port (ifindex %u, not %s): left alone\n",
				sdnbr_fmt_ipv4(ip, a), pod.ifindex, host);
		else if (!ret && cni_entry_del(&node, ip, e))
			goto out;
		ret = -1;
	}
	if (cni_host_veth_delete(&node, host, e) < 0)
		goto out;
	if (cni_ipam_release(&ipam, env->container_id, env->ifname, e) < 0)
		goto out;
	ret = 0;
out:
	cni_node_close(&node);
	cni_ipam_close(&ipam);
	return ret;
}

static int cmd_check(const struct cni_env *env, const struct cni_conf *conf,
		     struct cni_error *e)
{
	char s1[INET_ADDRSTRLEN], s2[INET_ADDRSTRLEN];
	struct cni_node node = { .self_ns = -1 };
	struct cni_attachment a;
	struct cni_ipam ipam;
	struct sdnbr_pod pod;
	struct in_addr ip;
	int podns = -1, hostidx, master, ret = -1;
	uint32_t vnid;
	bool up;

	if (cni_node_open(&node, conf->bridge, true, e) ||
	    cni_conf_vnid(conf, env, node.br.cfg.mode == SDNBR_MODE_MULTITENANT,
			  &vnid, e) ||
	    cni_netns_open(env->netns, &podns, e))
		goto out;
	if (cni_ipam_open(&ipam, conf->data_dir, e))
		goto out;
	ret = cni_ipam_find(&ipam, env->container_id, env->ifname, &ip);
	cni_ipam_close(&ipam);
	if (ret) {
		ret = cni_fail(e, CNI_ERR_CHECK,
			       "no address is reserved for container %s's %s in %s",
			       env->container_id, env->ifname, conf->data_dir);
		goto out;
	}
	ret = -1;
	if (conf->has_prev_ip && conf->prev_ip.s_addr != ip.s_addr) {
		cni_fail(e, CNI_ERR_CHECK,
			 "prevResult gives %s, but %s is reserved for container %s's %s",
			 sdnbr_fmt_ipv4(conf->prev_ip, s1),
			 sdnbr_fmt_ipv4(ip, s2), env->container_id,
			 env->ifname);
		goto out;
	}
	attachment(&a, env, conf, &node, ip);

	hostidx = cni_host_veth_state(&node, a.host_veth, &master, &up);
	if (!hostidx) {
		cni_fail(e, CNI_ERR_CHECK, "the host side %s does not exist",
			 a.host_veth);
		goto out;
	}
	if (master != node.br_ifindex) {
		cni_fail(e, CNI_ERR_CHECK, "%s is not a port of %s",
			 a.host_veth, node.bridge);
		goto out;
	}
	if (!up) {
		cni_fail(e, CNI_ERR_CHECK, "%s is down", a.host_veth);
		goto out;
	}
	ret = cni_entry_get(&node, ip, &pod, e);
	if (ret == -ENOENT) {
		ret = cni_fail(e, CNI_ERR_CHECK, "%s has no entry for pod %s",
			       node.bridge, sdnbr_fmt_ipv4(ip, s1));
		goto out;
	}
	if (ret)
		goto out;
	ret = -1;
	if ((int)pod.ifindex != hostidx) {
		cni_fail(e, CNI_ERR_CHECK,
			 "the entry of pod %s is on ifindex %u, not %s (%d)",
			 sdnbr_fmt_ipv4(ip, s1), pod.ifindex, a.host_veth,
			 hostidx);
		goto out;
	}
	if (pod.vnid != vnid) {
		cni_fail(e, CNI_ERR_CHECK,
			 "the entry of pod %s has VNID %u, not %u",
			 sdnbr_fmt_ipv4(ip, s1), pod.vnid, vnid);
		goto out;
	}
	ret = cni_pod_check(&node, podns, &a, e);
	if (!ret && conf->block_output)
		ret = cni_block_check(podns, conf, e);
out:
	if (podns >= 0)
		close(podns);
	cni_node_close(&node);
	return ret;
}

int main(int argc, char **argv)
{
	struct cni_error e = { .code = 0 };
	const char *version = "1.0.0";
	struct cni_conf conf;
	struct cni_env env;
	char *text = NULL;
	size_t len = 0;
	unsigned int i;
	int ret = -1;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: CNI_COMMAND=ADD|DEL|CHECK|VERSION CNI_CONTAINERID=ID CNI_NETNS=PATH\n"
		       "       CNI_IFNAME=NAME [CNI_ARGS=K8S_POD_NAMESPACE=NS;...] sdnbr-cni <CONFIG\n"
		       "A CNI plugin: the container runtime runs it. See sdnbr-cni(8).\n");
		return 0;
	}
	if (argc > 1) {
		cni_fail(&e, CNI_ERR_ENV,
			 "unexpected argument \"%s\": a CNI plugin takes its input from CNI_* variables and stdin",
			 argv[1]);
		goto fail;
	}
	if (cni_env_parse(&env, get_env, &e))
		goto fail;
	if (env.cmd == CNI_CMD_VERSION)
		return cni_print_version(stdout, version) ? 1 : 0;
	if (read_stdin(&text, &len, &e))
		goto fail;
	ret = cni_conf_parse(&conf, text, len, env.cmd, &e);
	free(text);
	if (ret) {
		if (e.code != CNI_ERR_VERSION && conf.version[0] &&
		    cni_version_supported(conf.version))
			version = conf.version;
		goto fail;
	}
	version = conf.version;
	for (i = 0; i < conf.n_unknown; i++)
		fprintf(stderr,
			"sdnbr-cni: warning: network configuration: \"%s\": unknown key, ignored\n",
			conf.unknown[i]);

	switch (env.cmd) {
	case CNI_CMD_ADD:
		ret = cmd_add(&env, &conf, &e);
		break;
	case CNI_CMD_DEL:
		ret = cmd_del(&env, &conf, &e);
		break;
	default:
		ret = cmd_check(&env, &conf, &e);
		break;
	}
	if (!ret)
		return 0;
fail:
	if (!e.code)
		cni_fail(&e, CNI_ERR_IO, "failed without a reason (a bug)");
	/* the runtime logs stderr; stdout holds the error object */
	fprintf(stderr, "sdnbr-cni: %s\n", e.msg);
	cni_print_error(stdout, version, &e);
	return 1;
}
