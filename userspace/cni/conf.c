// SPDX-License-Identifier: GPL-2.0
/*
 * The CNI environment variables and the network configuration on stdin.
 * Pure: nothing here touches the system (but the cluster file, read for a
 * VNID), so the unit tests drive it with strings.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <jansson.h>

#include "agent.h"
#include "cni.h"
#include "sdnbr_parse.h"
#include "sdnbr_util.h"

const char *const cni_versions[] = { "0.3.0", "0.3.1", "0.4.0", "1.0.0" };
const size_t cni_n_versions = SDNBR_ARRAY_SIZE(cni_versions);

int cni_fail(struct cni_error *e, int code, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_version(const char *v, unsigned int n[3])
{
	int used = 0;

	if (sscanf(v, "%u.%u.%u%n", &n[0], &n[1], &n[2], &used) != 3 ||
	    used <= 0 || v[used] || !isdigit((unsigned char)v[0]))
		return -1;
	return 0;
}

int cni_version_cmp(const char *a, const char *b)
{
	unsigned int x[3], y[3];
	int i;

	if (parse_version(a, x) || parse_version(b, y))
		return -2;
	for (i = 0; i < 3; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

bool cni_version_supported(const char *v)
{
	size_t i;

	for (i = 0; i < cni_n_versions; i++) {
		if (!strcmp(v, cni_versions[i]))
			return true;
	}
	return false;
}

static void versions_list(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < cni_n_versions && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
			      cni_versions[i]);
}

/* ---- the environment ------------------------------------------------------ */

/* CNI's rule for container IDs (libcni ValidateContainerID). */
static bool valid_id(const char *s)
{
	const char *p;

	if (!isalnum((unsigned char)s[0]))
		return false;
	for (p = s; *p; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-' &&
		    *p != '.')
			return false;
	}
	return true;
}

static int parse_args(struct cni_env *env, const char *args,
		      struct cni_error *e)
{
	const char *p = args, *end, *eq;
	size_t klen, vlen;

	while (*p) {
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if (end == p) {
			p++;
			continue;
		}
		eq = memchr(p, '=', end - p);
		if (!eq || eq == p)
			return cni_fail(e, CNI_ERR_ENV,
					"CNI_ARGS: \"%.*s\" is not KEY=VALUE",
					(int)(end - p), p);
		klen = eq - p;
		vlen = end - eq - 1;
		if (klen == 17 && !strncmp(p, "K8S_POD_NAMESPACE", klen)) {
			if (vlen >= sizeof(env->k8s_namespace))
				return cni_fail(e, CNI_ERR_ENV,
						"CNI_ARGS: K8S_POD_NAMESPACE is longer than %zu characters",
						sizeof(env->k8s_namespace) - 1);
			memcpy(env->k8s_namespace, eq + 1, vlen);
			env->k8s_namespace[vlen] = '\0';
		} else if (klen == 12 && !strncmp(p, "K8S_POD_NAME", klen)) {
			if (vlen >= sizeof(env->k8s_pod))
				return cni_fail(e, CNI_ERR_ENV,
						"CNI_ARGS: K8S_POD_NAME is longer than %zu characters",
						sizeof(env->k8s_pod) - 1);
			memcpy(env->k8s_pod, eq + 1, vlen);
			env->k8s_pod[vlen] = '\0';
		}
		/* other keys (IgnoreUnknown, K8S_POD_UID ...) are not ours */
		p = *end ? end + 1 : end;
	}
	return 0;
}

int cni_env_parse(struct cni_env *env, const char *(*get)(const char *),
		  struct cni_error *e)
{
	const char *cmd, *id, *netns, *ifname, *args;
	char why[128];

	memset(env, 0, sizeof(*env));
	cmd = get("CNI_COMMAND");
	if (!cmd || !*cmd)
		return cni_fail(e, CNI_ERR_ENV, "CNI_COMMAND is not set");
	if (!strcmp(cmd, "ADD"))
		env->cmd = CNI_CMD_ADD;
	else if (!strcmp(cmd, "DEL"))
		env->cmd = CNI_CMD_DEL;
	else if (!strcmp(cmd, "CHECK"))
		env->cmd = CNI_CMD_CHECK;
	else if (!strcmp(cmd, "VERSION"))
		env->cmd = CNI_CMD_VERSION;
	else
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_COMMAND: unknown command \"%s\" (expected ADD, DEL, CHECK or VERSION)",
				cmd);
	if (env->cmd == CNI_CMD_VERSION)
		return 0;

	id = get("CNI_CONTAINERID");
	if (!id || !*id)
		return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID is not set");
	if (strlen(id) >= sizeof(env->container_id))
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_CONTAINERID is longer than %zu characters",
				sizeof(env->container_id) - 1);
	if (!valid_id(id))
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_CONTAINERID \"%s\": only letters, digits, '_', '-' and '.', starting with a letter or digit",
				id);
	strcpy(env->container_id, id);

	netns = get("CNI_NETNS");
	if (netns && *netns) {
		if (netns[0] != '/')
			return cni_fail(e, CNI_ERR_ENV,
					"CNI_NETNS \"%s\" is not an absolute path",
					netns);
		if (strlen(netns) >= sizeof(env->netns))
			return cni_fail(e, CNI_ERR_ENV,
					"CNI_NETNS is longer than %zu characters",
					sizeof(env->netns) - 1);
		strcpy(env->netns, netns);
	} else if (env->cmd != CNI_CMD_DEL) {
		return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS is not set");
	}

	ifname = get("CNI_IFNAME");
	if (!ifname || !*ifname)
		return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME is not set");
	if (sdnbr_parse_ifname(ifname, env->ifname, why, sizeof(why)))
		return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME: %s", why);

	args = get("CNI_ARGS");
	if (args && parse_args(env, args, e))
		return -1;
	return 0;
}

/* ---- the network configuration -------------------------------------------- */

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

/* A string member into @buf: 1 found, 0 absent (and !required), -1 bad. */
static int get_str(json_t *obj, const char *key, bool required, char *buf,
		   size_t len, struct cni_error *e)
{
	json_t *v = json_object_get(obj, key);

	if (!v) {
		if (required)
			return cni_fail(e, CNI_ERR_CONFIG,
					"network configuration: \"%s\" is missing",
					key);
		return 0;
	}
	if (!json_is_string(v))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"%s\": expected a string, got %s",
				key, type_name(v));
	if (json_string_length(v) >= len || strlen(json_string_value(v)) !=
	    json_string_length(v))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"%s\": longer than %zu characters or holds a NUL",
				key, len - 1);
	strcpy(buf, json_string_value(v));
	return 1;
}

static int get_uint(json_t *obj, const char *key, uint32_t min, uint32_t max,
		    uint32_t *val, struct cni_error *e)
{
	json_t *v = json_object_get(obj, key);
	json_int_t i;

	if (!v)
		return 0;
	if (!json_is_integer(v))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"%s\": expected an integer, got %s",
				key, type_name(v));
	i = json_integer_value(v);
	if (i < min || i > max)
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"%s\": %lld is out of range %u..%u",
				key, (long long)i, min, max);
	*val = (uint32_t)i;
	return 1;
}

static int get_bool(json_t *obj, const char *key, bool *val,
		    struct cni_error *e)
{
	json_t *v = json_object_get(obj, key);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"%s\": expected a boolean, got %s",
				key, type_name(v));
	*val = json_is_true(v);
	return 1;
}

/*
 * "metadataIP": the table lets the pod reach only DNS there, so it must
 * be an address the pod's traffic is routed to: not the pod's own
 * loopback, not a broadcast or multicast group.
 */
static int get_metadata_ip(json_t *obj, struct in_addr *ip,
			   struct cni_error *e)
{
	char buf[64], why[128];
	uint32_t h;
	int ret;

	ret = get_str(obj, "metadataIP", false, buf, sizeof(buf), e);
	if (ret <= 0)
		return ret;
	if (sdnbr_parse_ipv4(buf, ip, why, sizeof(why)))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"metadataIP\": %s",
				why);
	h = ntohl(ip->s_addr);
	if ((h >> 24) == 0 || (h >> 24) == 127 || h >= 0xe0000000)
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"metadataIP\": %s is not a unicast address a pod sends out (0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 are refused)",
				buf);
	return 1;
}

/* libcni's rule for network names: they name files and directories. */
static bool valid_name(const char *s)
{
	return valid_id(s);
}

static int parse_ifaddr(const char *s, struct in_addr *ip, uint8_t *plen,
			char *why, size_t len)
{
	char buf[INET_ADDRSTRLEN + 4];
	const char *slash = strchr(s, '/');
	uint32_t n;

	if (!slash || (size_t)(slash - s) >= INET_ADDRSTRLEN) {
		snprintf(why, len, "\"%s\" is not ADDRESS/LENGTH", s);
		return -1;
	}
	memcpy(buf, s, slash - s);
	buf[slash - s] = '\0';
	if (sdnbr_parse_ipv4(buf, ip, why, len) ||
	    sdnbr_parse_u32(slash + 1, "prefix length", 0, 32, &n, why, len))
		return -1;
	*plen = (uint8_t)n;
	return 0;
}

static int parse_prev(struct cni_conf *c, json_t *prev, struct cni_error *e)
{
	json_t *ips, *ip, *addr;
	char why[128];

	if (!json_is_object(prev))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"prevResult\": expected an object, got %s",
				type_name(prev));
	ips = json_object_get(prev, "ips");
	if (!ips)
		return 0;
	if (!json_is_array(ips))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"prevResult.ips\": expected an array, got %s",
				type_name(ips));
	if (!json_array_size(ips))
		return 0;
	ip = json_array_get(ips, 0);
	addr = json_is_object(ip) ? json_object_get(ip, "address") : NULL;
	if (!json_is_string(addr))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"prevResult.ips[0].address\": expected a string");
	/* an interface address: host bits set, unlike a prefix */
	if (parse_ifaddr(json_string_value(addr), &c->prev_ip, &c->prev_plen,
			 why, sizeof(why)))
		return cni_fail(e, CNI_ERR_CONFIG,
				"network configuration: \"prevResult.ips[0].address\": %s",
				why);
	c->has_prev_ip = true;
	return 0;
}

static const char *const known_keys[] = {
	"cniVersion", "name", "type", "bridge", "mtu", "routeMTU", "vnid",
	"clusterFile", "dataDir", "blockOutput", "metadataIP", "prevResult",
	/* the runtime's, not ours */
	"args", "runtimeConfig", "capabilities", "dns", "cniVersions",
	"disableCheck",
};

int cni_conf_parse(struct cni_conf *c, const char *text, size_t len,
		   enum cni_cmd cmd, struct cni_error *e)
{
	char type[CNI_NAME_MAX], vers[64], why[128], br[CNI_NAME_MAX];
	json_error_t jerr;
	const char *key;
	json_t *root, *v;
	size_t i;
	int ret = -1;

	memset(c, 0, sizeof(*c));
	if (!len)
		return cni_fail(e, CNI_ERR_DECODE,
				"network configuration: nothing on stdin");
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return cni_fail(e, CNI_ERR_DECODE,
				"network configuration: not JSON: %d:%d: %s",
				jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root)) {
		cni_fail(e, CNI_ERR_DECODE,
			 "network configuration: expected an object, got %s",
			 type_name(root));
		goto out;
	}

	if (get_str(root, "cniVersion", true, c->version, sizeof(c->version),
		    e) < 0)
		goto out;
	if (!cni_version_supported(c->version)) {
		versions_list(vers, sizeof(vers));
		cni_fail(e, CNI_ERR_VERSION,
			 "network configuration: cniVersion \"%s\" is not supported (supported: %s)",
			 c->version, vers);
		goto out;
	}
	if (cmd == CNI_CMD_VERSION) {
		ret = 0;
		goto out;
	}
	if (cmd == CNI_CMD_CHECK && cni_version_cmp(c->version, "0.4.0") < 0) {
		cni_fail(e, CNI_ERR_VERSION,
			 "network configuration: CHECK needs cniVersion 0.4.0 or later, got \"%s\"",
			 c->version);
		goto out;
	}
	if (get_str(root, "name", true, c->name, sizeof(c->name), e) < 0 ||
	    get_str(root, "type", true, type, sizeof(type), e) < 0)
		goto out;
	if (!valid_name(c->name)) {
		cni_fail(e, CNI_ERR_CONFIG,
			 "network configuration: \"name\": \"%s\": only letters, digits, '_', '-' and '.', starting with a letter or digit",
			 c->name);
		goto out;
	}
	if (json_object_get(root, "ipam")) {
		cni_fail(e, CNI_ERR_UNSUPPORTED_FIELD,
			 "network configuration: \"ipam\" is not supported: sdnbr-cni allocates from the node's subnet itself (see \"dataDir\")");
		goto out;
	}

	strcpy(c->bridge, CNI_DEFAULT_BRIDGE);
	ret = get_str(root, "bridge", false, br, sizeof(br), e);
	if (ret < 0)
		goto out;
	if (ret && sdnbr_parse_ifname(br, c->bridge, why, sizeof(why))) {
		ret = cni_fail(e, CNI_ERR_CONFIG,
			       "network configuration: \"bridge\": %s", why);
		goto out;
	}
	ret = get_uint(root, "mtu", 576, 65485, &c->mtu, e);
	if (ret < 0)
		goto out;
	c->has_mtu = ret;
	ret = get_uint(root, "routeMTU", 576, 65485, &c->route_mtu, e);
	if (ret < 0)
		goto out;
	c->has_route_mtu = ret;
	ret = get_uint(root, "vnid", 0, SDNBR_VNID_MAX, &c->vnid, e);
	if (ret < 0)
		goto out;
	c->has_vnid = ret;
	ret = get_str(root, "clusterFile", false, c->cluster_file,
		      sizeof(c->cluster_file), e);
	if (ret < 0)
		goto out;
	if (ret && c->cluster_file[0] != '/') {
		ret = cni_fail(e, CNI_ERR_CONFIG,
			       "network configuration: \"clusterFile\": \"%s\" is not an absolute path",
			       c->cluster_file);
		goto out;
	}
	if (c->has_vnid && c->cluster_file[0]) {
		ret = cni_fail(e, CNI_ERR_CONFIG,
			       "network configuration: \"vnid\" and \"clusterFile\" exclude each other");
		goto out;
	}
	ret = get_str(root, "dataDir", false, c->data_dir, sizeof(c->data_dir),
		      e);
	if (ret < 0)
		goto out;
	if (ret && c->data_dir[0] != '/') {
		ret = cni_fail(e, CNI_ERR_CONFIG,
			       "network configuration: \"dataDir\": \"%s\" is not an absolute path",
			       c->data_dir);
		goto out;
	}
	if (!ret &&
	    snprintf(c->data_dir, sizeof(c->data_dir), "%s/%s",
		     CNI_DEFAULT_DATA_DIR, c->name) >= (int)sizeof(c->data_dir)) {
		ret = cni_fail(e, CNI_ERR_CONFIG,
			       "network configuration: \"name\" is too long for a directory name");
		goto out;
	}

	/* on unless turned off: the pod is then as OpenShift SDN's would be */
	c->block_output = true;
	ret = get_bool(root, "blockOutput", &c->block_output, e);
	if (ret < 0)
		goto out;
	inet_pton(AF_INET, CNI_DEFAULT_METADATA_IP, &c->metadata_ip);
	ret = get_metadata_ip(root, &c->metadata_ip, e);
	if (ret < 0)
		goto out;

	v = json_object_get(root, "prevResult");
	if (v && parse_prev(c, v, e)) {
		ret = -1;
		goto out;
	}

	json_object_foreach(root, key, v) {
		for (i = 0; i < SDNBR_ARRAY_SIZE(known_keys); i++) {
			if (!strcmp(key, known_keys[i]))
				break;
		}
		if (i == SDNBR_ARRAY_SIZE(known_keys) &&
		    c->n_unknown < SDNBR_ARRAY_SIZE(c->unknown))
			snprintf(c->unknown[c->n_unknown++],
				 sizeof(c->unknown[0]), "%s", key);
	}
	ret = 0;
out:
	json_decref(root);
	return ret;
}

int cni_conf_vnid(const struct cni_conf *c, const struct cni_env *env,
		  bool multitenant, uint32_t *vnid, struct cni_error *e)
{
	struct agent_cluster cl;
	char err[AGENT_ERR_MAX];
	size_t i;

	if (c->has_vnid) {
		*vnid = c->vnid;
		return 0;
	}
	if (!c->cluster_file[0]) {
		if (multitenant)
			return cni_fail(e, CNI_ERR_CONFIG,
					"network configuration: bridge %s is multitenant: set \"vnid\" or \"clusterFile\" to give the pod's VNID",
					c->bridge);
		*vnid = 0;
		return 0;
	}
	if (!env->k8s_namespace[0])
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_ARGS: K8S_POD_NAMESPACE is not set; the VNID comes from the namespace in %s",
				c->cluster_file);
	if (agent_cluster_load(&cl, c->cluster_file, err, sizeof(err)))
		return cni_fail(e, CNI_ERR_CONFIG, "clusterFile: %s", err);
	for (i = 0; i < cl.n_ns; i++) {
		if (!strcmp(cl.ns[i].name, env->k8s_namespace)) {
			*vnid = cl.ns[i].vnid;
			agent_cluster_free(&cl);
			return 0;
		}
	}
	agent_cluster_free(&cl);
	return cni_fail(e, CNI_ERR_CONFIG,
			"clusterFile %s: no namespace \"%s\" in namespaces",
			c->cluster_file, env->k8s_namespace);
}

void cni_host_veth_name(const char *container_id, const char *ifname,
			char name[IFNAMSIZ])
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	const char *p;

	for (p = container_id; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	h = (h ^ 0) * 16777619u;
	for (p = ifname; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	snprintf(name, IFNAMSIZ, "veth%08x", h);
}
