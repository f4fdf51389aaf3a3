// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for sdnbr-cni's pure parts: the CNI environment, the
 * network configuration (each refusal with its CNI error code and a
 * message naming the problem), the VNID lookup, the host veth's name,
 * the routes of spec section 1.4, the result and error JSON, and the
 * address reservations, including concurrent allocation from many
 * processes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <jansson.h>

#include "cni.h"
#include "sdnbr_util.h"

/* ---- the environment ------------------------------------------------------ */

static const char *const *env_table;

static const char *fake_get(const char *name)
{
	size_t n = strlen(name);
	const char *const *p;

	for (p = env_table; *p; p++) {
		if (!strncmp(*p, name, n) && (*p)[n] == '=')
			return *p + n + 1;
	}
	return NULL;
}

static int env_parse(struct cni_env *env, struct cni_error *e,
		     const char *const *table)
{
	memset(e, 0, sizeof(*e));
	env_table = table;
	return cni_env_parse(env, fake_get, e);
}

static void env_ok(void **state)
{
	static const char *const t[] = {
		"CNI_COMMAND=ADD", "CNI_CONTAINERID=abc-1.x_y",
		"CNI_NETNS=/run/netns/pod1", "CNI_IFNAME=eth0",
		"CNI_ARGS=IgnoreUnknown=1;K8S_POD_NAMESPACE=red;K8S_POD_NAME=web-1;K8S_POD_INFRA_CONTAINER_ID=abc",
		NULL,
	};
	struct cni_error e;
	struct cni_env env;

	(void)state;
	assert_int_equal(env_parse(&env, &e, t), 0);
	assert_int_equal(env.cmd, CNI_CMD_ADD);
	assert_string_equal(env.container_id, "abc-1.x_y");
	assert_string_equal(env.netns, "/run/netns/pod1");
	assert_string_equal(env.ifname, "eth0");
	assert_string_equal(env.k8s_namespace, "red");
	assert_string_equal(env.k8s_pod, "web-1");
}

static void env_del_without_netns(void **state)
{
	static const char *const t[] = {
		"CNI_COMMAND=DEL", "CNI_CONTAINERID=abc", "CNI_IFNAME=eth0", NULL,
	};
	static const char *const v[] = { "CNI_COMMAND=VERSION", NULL };
	struct cni_error e;
	struct cni_env env;

	(void)state;
	assert_int_equal(env_parse(&env, &e, t), 0);
	assert_int_equal(env.cmd, CNI_CMD_DEL);
	assert_string_equal(env.netns, "");
	assert_int_equal(env_parse(&env, &e, v), 0);
	assert_int_equal(env.cmd, CNI_CMD_VERSION);
}

static void env_refusals(void **state)
{
	static const struct {
		const char *t[6];
		const char *msg;
	} cases[] = {
		{ { NULL }, "CNI_COMMAND is not set" },
		{ { "CNI_COMMAND=GC", NULL },
		  "CNI_COMMAND: unknown command \"GC\" (expected ADD, DEL, CHECK or VERSION)" },
		{ { "CNI_COMMAND=ADD", NULL }, "CNI_CONTAINERID is not set" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=-abc", NULL },
		  "CNI_CONTAINERID \"-abc\": only letters, digits, '_', '-' and '.', starting with a letter or digit" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=a/b", NULL },
		  "CNI_CONTAINERID \"a/b\": only letters, digits, '_', '-' and '.', starting with a letter or digit" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=abc", "CNI_IFNAME=eth0", NULL },
		  "CNI_NETNS is not set" },
		{ { "CNI_COMMAND=CHECK", "CNI_CONTAINERID=abc", "CNI_NETNS=pod1", NULL },
		  "CNI_NETNS \"pod1\" is not an absolute path" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=abc", "CNI_NETNS=/n", NULL },
		  "CNI_IFNAME is not set" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=abc", "CNI_NETNS=/n",
		    "CNI_IFNAME=eth0123456789abcd", NULL },
		  "CNI_IFNAME: invalid interface name \"eth0123456789abcd\": longer than 15 characters" },
		{ { "CNI_COMMAND=ADD", "CNI_CONTAINERID=abc", "CNI_NETNS=/n",
		    "CNI_IFNAME=eth0", "CNI_ARGS=K8S_POD_NAMESPACE=a;junk", NULL },
		  "CNI_ARGS: \"junk\" is not KEY=VALUE" },
	};
	struct cni_error e;
	struct cni_env env;
	size_t i;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(cases); i++) {
		assert_int_equal(env_parse(&env, &e, cases[i].t), -1);
		assert_int_equal(e.code, CNI_ERR_ENV);
		assert_string_equal(e.msg, cases[i].msg);
	}
}

/* ---- the configuration ------------------------------------------------------ */

static int conf(struct cni_conf *c, struct cni_error *e, enum cni_cmd cmd,
		const char *text)
{
	memset(e, 0, sizeof(*e));
	return cni_conf_parse(c, text, strlen(text), cmd, e);
}

#define BASE "\"cniVersion\": \"1.0.0\", \"name\": \"sdn\", \"type\": \"sdnbr-cni\""

static void conf_defaults(void **state)
{
	char a[INET_ADDRSTRLEN];
	struct cni_error e;
	struct cni_conf c;

	(void)state;
	assert_int_equal(conf(&c, &e, CNI_CMD_ADD, "{" BASE "}"), 0);
	assert_string_equal(c.version, "1.0.0");
	assert_string_equal(c.name, "sdn");
	assert_string_equal(c.bridge, "br0");
	assert_false(c.has_mtu);
	assert_false(c.has_route_mtu);
	assert_false(c.has_vnid);
	assert_string_equal(c.cluster_file, "");
	assert_string_equal(c.data_dir, "/var/lib/cni/networks/sdn");
	assert_true(c.block_output);
	assert_string_equal(sdnbr_fmt_ipv4(c.metadata_ip, a), "169.254.169.254");
	assert_int_equal(c.n_unknown, 0);
}

static void conf_all(void **state)
{
	struct cni_error e;
	struct cni_conf c;
	char a[INET_ADDRSTRLEN];

	(void)state;
	assert_int_equal(conf(&c, &e, CNI_CMD_CHECK,
			      "{" BASE ", \"bridge\": \"br1\", \"mtu\": 1400,"
			      " \"routeMTU\": 1350, \"vnid\": 10, \"dataDir\": \"/tmp/d\","
			      " \"hairpin\": true, \"runtimeConfig\": {},"
			      " \"blockOutput\": false, \"metadataIP\": \"100.100.100.200\","
			      " \"prevResult\": {\"cniVersion\": \"1.0.0\","
			      "   \"ips\": [{\"address\": \"10.128.0.7/23\"}]}}"), 0);
	assert_string_equal(c.bridge, "br1");
	assert_true(c.has_mtu);
	assert_int_equal(c.mtu, 1400);
	assert_true(c.has_route_mtu);
	assert_int_equal(c.route_mtu, 1350);
	assert_true(c.has_vnid);
	assert_int_equal(c.vnid, 10);
	assert_string_equal(c.data_dir, "/tmp/d");
	assert_true(c.has_prev_ip);
	assert_string_equal(sdnbr_fmt_ipv4(c.prev_ip, a), "10.128.0.7");
	assert_int_equal(c.prev_plen, 23);
	assert_false(c.block_output);
	assert_string_equal(sdnbr_fmt_ipv4(c.metadata_ip, a), "100.100.100.200");
	assert_int_equal(c.n_unknown, 1);
	assert_string_equal(c.unknown[0], "hairpin");
}

static void conf_refusals(void **state)
{
	static const struct {
		enum cni_cmd cmd;
		const char *text;
		int code;
		const char *msg;
	} cases[] = {
		{ CNI_CMD_ADD, "", CNI_ERR_DECODE,
		  "network configuration: nothing on stdin" },
		{ CNI_CMD_ADD, "{\"cniVersion\": \"1.0.0\",", CNI_ERR_DECODE,
		  "network configuration: not JSON: 1:23: string or '}' expected near end of file" },
		{ CNI_CMD_ADD, "[1]", CNI_ERR_DECODE,
		  "network configuration: expected an object, got an array" },
		{ CNI_CMD_ADD, "{" BASE ", \"name\": \"x\"}", CNI_ERR_DECODE,
		  "network configuration: not JSON: 1:66: duplicate object key near '\"name\"'" },
		{ CNI_CMD_ADD, "{\"name\": \"sdn\"}", CNI_ERR_CONFIG,
		  "network configuration: \"cniVersion\" is missing" },
		{ CNI_CMD_ADD, "{\"cniVersion\": 1}", CNI_ERR_CONFIG,
		  "network configuration: \"cniVersion\": expected a string, got an integer" },
		{ CNI_CMD_ADD, "{\"cniVersion\": \"2.0.0\"}", CNI_ERR_VERSION,
		  "network configuration: cniVersion \"2.0.0\" is not supported (supported: 0.3.0, 0.3.1, 0.4.0, 1.0.0)" },
		{ CNI_CMD_CHECK, "{\"cniVersion\": \"0.3.1\"}", CNI_ERR_VERSION,
		  "network configuration: CHECK needs cniVersion 0.4.0 or later, got \"0.3.1\"" },
		{ CNI_CMD_ADD, "{\"cniVersion\": \"1.0.0\", \"type\": \"sdnbr-cni\"}",
		  CNI_ERR_CONFIG, "network configuration: \"name\" is missing" },
		{ CNI_CMD_ADD, "{\"cniVersion\": \"1.0.0\", \"name\": \"a/b\", \"type\": \"t\"}",
		  CNI_ERR_CONFIG,
		  "network configuration: \"name\": \"a/b\": only letters, digits, '_', '-' and '.', starting with a letter or digit" },
		{ CNI_CMD_ADD, "{" BASE ", \"ipam\": {\"type\": \"host-local\"}}",
		  CNI_ERR_UNSUPPORTED_FIELD,
		  "network configuration: \"ipam\" is not supported: sdnbr-cni allocates from the node's subnet itself (see \"dataDir\")" },
		{ CNI_CMD_ADD, "{" BASE ", \"bridge\": \"a:b\"}", CNI_ERR_CONFIG,
		  "network configuration: \"bridge\": invalid interface name \"a:b\": contains ':'" },
		{ CNI_CMD_ADD, "{" BASE ", \"mtu\": \"1450\"}", CNI_ERR_CONFIG,
		  "network configuration: \"mtu\": expected an integer, got a string" },
		{ CNI_CMD_ADD, "{" BASE ", \"mtu\": 100}", CNI_ERR_CONFIG,
		  "network configuration: \"mtu\": 100 is out of range 576..65485" },
		{ CNI_CMD_ADD, "{" BASE ", \"vnid\": 16777216}", CNI_ERR_CONFIG,
		  "network configuration: \"vnid\": 16777216 is out of range 0..16777215" },
		{ CNI_CMD_ADD, "{" BASE ", \"vnid\": 1, \"clusterFile\": \"/c.json\"}",
		  CNI_ERR_CONFIG,
		  "network configuration: \"vnid\" and \"clusterFile\" exclude each other" },
		{ CNI_CMD_ADD, "{" BASE ", \"clusterFile\": \"c.json\"}", CNI_ERR_CONFIG,
		  "network configuration: \"clusterFile\": \"c.json\" is not an absolute path" },
		{ CNI_CMD_ADD, "{" BASE ", \"dataDir\": \"d\"}", CNI_ERR_CONFIG,
		  "network configuration: \"dataDir\": \"d\" is not an absolute path" },
		{ CNI_CMD_ADD, "{" BASE ", \"blockOutput\": \"no\"}", CNI_ERR_CONFIG,
		  "network configuration: \"blockOutput\": expected a boolean, got a string" },
		{ CNI_CMD_ADD, "{" BASE ", \"blockOutput\": 0}", CNI_ERR_CONFIG,
		  "network configuration: \"blockOutput\": expected a boolean, got an integer" },
		{ CNI_CMD_ADD, "{" BASE ", \"metadataIP\": \"169.254.169\"}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": invalid IPv4 address \"169.254.169\"" },
		{ CNI_CMD_ADD, "{" BASE ", \"metadataIP\": \"169.254.169.254/32\"}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": invalid IPv4 address \"169.254.169.254/32\"" },
		{ CNI_CMD_CHECK, "{" BASE ", \"metadataIP\": [\"169.254.169.254\"]}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": expected a string, got an array" },
		{ CNI_CMD_ADD, "{" BASE ", \"metadataIP\": \"127.0.0.1\"}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": 127.0.0.1 is not a unicast address a pod sends out (0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 are refused)" },
		{ CNI_CMD_ADD, "{" BASE ", \"metadataIP\": \"255.255.255.255\"}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": 255.255.255.255 is not a unicast address a pod sends out (0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 are refused)" },
		{ CNI_CMD_ADD, "{" BASE ", \"metadataIP\": \"0.0.0.0\"}", CNI_ERR_CONFIG,
		  "network configuration: \"metadataIP\": 0.0.0.0 is not a unicast address a pod sends out (0.0.0.0/8, 127.0.0.0/8 and 224.0.0.0/3 are refused)" },
		{ CNI_CMD_CHECK, "{" BASE ", \"prevResult\": {\"ips\": [{\"address\": \"10.1.2.3\"}]}}",
		  CNI_ERR_CONFIG,
		  "network configuration: \"prevResult.ips[0].address\": \"10.1.2.3\" is not ADDRESS/LENGTH" },
		{ CNI_CMD_CHECK, "{" BASE ", \"prevResult\": {\"ips\": [{\"address\": \"10.1.2.3/33\"}]}}",
		  CNI_ERR_CONFIG,
		  "network configuration: \"prevResult.ips[0].address\": prefix length \"33\" out of range 0..32" },
	};
	struct cni_error e;
	struct cni_conf c;
	size_t i;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(cases); i++) {
		assert_int_equal(conf(&c, &e, cases[i].cmd, cases[i].text), -1);
		assert_string_equal(e.msg, cases[i].msg);
		assert_int_equal(e.code, cases[i].code);
	}
}

static void conf_version_only(void **state)
{
	struct cni_error e;
	struct cni_conf c;

	(void)state;
	assert_int_equal(conf(&c, &e, CNI_CMD_VERSION, "{\"cniVersion\": \"0.4.0\"}"), 0);
	assert_int_equal(cni_version_cmp("1.0.0", "0.4.0"), 1);
	assert_int_equal(cni_version_cmp("0.3.1", "0.4.0"), -1);
	assert_int_equal(cni_version_cmp("0.4.0", "0.4.0"), 0);
	assert_int_equal(cni_version_cmp("1.0", "0.4.0"), -2);
	assert_true(cni_version_supported("0.3.1"));
	assert_false(cni_version_supported("1.1.0"));
}

static void vnid_lookup(void **state)
{
	struct cni_env env = { .cmd = CNI_CMD_ADD };
	struct cni_error e;
	struct cni_conf c;
	uint32_t vnid = 99;

	(void)state;
	/* subnet mode: 0 */
	assert_int_equal(conf(&c, &e, CNI_CMD_ADD, "{" BASE "}"), 0);
	assert_int_equal(cni_conf_vnid(&c, &env, false, &vnid, &e), 0);
	assert_int_equal(vnid, 0);
	/* multitenant needs to be told */
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), -1);
	assert_int_equal(e.code, CNI_ERR_CONFIG);
	assert_string_equal(e.msg,
			    "network configuration: bridge br0 is multitenant: set \"vnid\" or \"clusterFile\" to give the pod's VNID");
	/* the configuration's */
	assert_int_equal(conf(&c, &e, CNI_CMD_ADD, "{" BASE ", \"vnid\": 44}"), 0);
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), 0);
	assert_int_equal(vnid, 44);
}

static void vnid_cluster_file(void **state)
{
	struct cni_env env = { .cmd = CNI_CMD_ADD };
	char path[PATH_MAX], text[PATH_MAX + 128];
	struct cni_error e;
	struct cni_conf c;
	uint32_t vnid = 99;

	(void)state;
	assert_non_null(realpath("../Documentation/examples/cluster.json", path));
	snprintf(text, sizeof(text), "{" BASE ", \"clusterFile\": \"%s\"}", path);
	assert_int_equal(conf(&c, &e, CNI_CMD_ADD, text), 0);

	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), -1);
	assert_int_equal(e.code, CNI_ERR_ENV);
	assert_non_null(strstr(e.msg, "CNI_ARGS: K8S_POD_NAMESPACE is not set; the VNID comes from the namespace in /"));

	strcpy(env.k8s_namespace, "blue");
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), 0);
	assert_int_equal(vnid, 20);
	strcpy(env.k8s_namespace, "default");
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), 0);
	assert_int_equal(vnid, 0);
	strcpy(env.k8s_namespace, "green");
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), -1);
	assert_int_equal(e.code, CNI_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "cluster.json: no namespace \"green\" in namespaces"));

	snprintf(text, sizeof(text), "{" BASE ", \"clusterFile\": \"/nonexistent/c.json\"}");
	assert_int_equal(conf(&c, &e, CNI_CMD_ADD, text), 0);
	assert_int_equal(cni_conf_vnid(&c, &env, true, &vnid, &e), -1);
	assert_int_equal(e.code, CNI_ERR_CONFIG);
	assert_non_null(strstr(e.msg, "clusterFile: "));
	assert_non_null(strstr(e.msg, "/nonexistent/c.json"));
}

static void host_veth_name(void **state)
{
	char a[IFNAMSIZ], b[IFNAMSIZ], c[IFNAMSIZ];

	(void)state;
	cni_host_veth_name("abc", "eth0", a);
	cni_host_veth_name("abc", "eth0", b);
	cni_host_veth_name("abc", "eth1", c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 12);
	assert_memory_equal(a, "veth", 4);
	/* the two IDs are hashed apart: "ab"+"ceth0" is another pod */
	cni_host_veth_name("ab", "ceth0", b);
	assert_string_not_equal(a, b);
}

/* ---- routes and results ----------------------------------------------------- */

static struct in_addr ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static void fill(struct cni_attachment *a, struct sdnbr_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->n_cluster = 2;
	cfg->cluster[0] = (struct sdnbr_prefix){ ip4("10.128.0.0"), 14 };
	cfg->cluster[1] = (struct sdnbr_prefix){ ip4("10.200.0.0"), 16 };
	cfg->service = (struct sdnbr_prefix){ ip4("172.30.0.0"), 16 };
	memset(a, 0, sizeof(*a));
	strcpy(a->host_veth, "veth01234567");
	strcpy(a->ifname, "eth0");
	strcpy(a->netns, "/run/netns/p");
	a->ip = ip4("10.128.0.5");
	a->plen = 23;
	a->gateway = ip4("10.128.0.1");
	sdnbr_pod_mac(a->ip, a->mac);
	cni_pod_routes(a, cfg);
}

static json_t *print(int (*fn)(FILE *, const char *, const void *),
		     const char *v, const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	json_error_t err;
	FILE *f;
	json_t *j;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(fn(f, v, arg), 0);
	fclose(f);
	j = json_loads(buf, 0, &err);
	free(buf);
	assert_non_null(j);
	return j;
}

static int print_res_json(FILE *f, const char *v, const void *a)
{
	return cni_print_result(f, v, a);
}

static int print_err_json(FILE *f, const char *v, const void *e)
{
	return cni_print_error(f, v, e);
}

static int print_ver_json(FILE *f, const char *v, const void *arg)
{
	(void)arg;
	return cni_print_version(f, v);
}

static void routes_and_result(void **state)
{
	struct cni_attachment a;
	struct sdnbr_config cfg;
	char *s;
	json_t *j;

	(void)state;
	fill(&a, &cfg);
	j = print(print_res_json, "1.0.0", &a);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s,
		"{\"cniVersion\":\"1.0.0\",\"dns\":{},"
		"\"interfaces\":[{\"mac\":\"00:00:00:00:00:00\",\"name\":\"veth01234567\"},"
		"{\"mac\":\"0a:58:0a:80:00:05\",\"name\":\"eth0\",\"sandbox\":\"/run/netns/p\"}],"
		"\"ips\":[{\"address\":\"10.128.0.5/23\",\"gateway\":\"10.128.0.1\",\"interface\":1}],"
		"\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.128.0.1\"},"
		"{\"dst\":\"172.30.0.0/16\",\"gw\":\"10.128.0.1\"},"
		"{\"dst\":\"10.128.0.0/14\"},{\"dst\":\"10.200.0.0/16\"},"
		"{\"dst\":\"224.0.0.0/4\"}]}");
	free(s);
	json_decref(j);

	/* before 1.0.0 an address says its version; routes carry the MTU */
	a.route_mtu = 1400;
	j = print(print_res_json, "0.4.0", &a);
	assert_string_equal(json_string_value(json_object_get(j, "cniVersion")), "0.4.0");
	assert_string_equal(json_string_value(json_object_get(
		json_array_get(json_object_get(j, "ips"), 0), "version")), "4");
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(json_object_get(j, "routes"), 4), "mtu")), 1400);
	json_decref(j);
}

static void error_and_version(void **state)
{
	struct cni_error e = { 0 };
	char *s;
	json_t *j;

	(void)state;
	cni_fail(&e, CNI_ERR_IPAM_EXHAUSTED, "no free address in %s", "x");
	j = print(print_err_json, "0.4.0", &e);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"cniVersion\":\"0.4.0\",\"code\":101,\"msg\":\"no free address in x\"}");
	free(s);
	json_decref(j);

	j = print(print_ver_json, "1.0.0", NULL);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(s, "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}");
	free(s);
	json_decref(j);
}

/* ---- reservations ------------------------------------------------------------ */

struct tmpdir {
	char path[64];
};

static int tmp_setup(void **state)
{
	struct tmpdir *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->path, "/tmp/test_cni.XXXXXX");
	if (!mkdtemp(t->path))
		return -1;
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmpdir *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->path);
	if (system(cmd))
		return -1;
	free(t);
	return 0;
}

static const char *dir_of(void **state, const char *sub, char *buf)
{
	struct tmpdir *t = *state;

	snprintf(buf, PATH_MAX, "%s/%s", t->path, sub);
	return buf;
}

static void alloc(struct cni_ipam *ipam, const char *subnet, int plen,
		  const char *gw, const char *id, const char *want)
{
	struct sdnbr_prefix p = { ip4(subnet), (uint8_t)plen };
	char a[INET_ADDRSTRLEN];
	struct cni_error e = { 0 };
	struct in_addr ip;

	assert_int_equal(cni_ipam_alloc(ipam, &p, ip4(gw), id, "eth0", &ip, &e), 0);
	assert_string_equal(sdnbr_fmt_ipv4(ip, a), want);
}

static void ipam_basics(void **state)
{
	struct sdnbr_prefix p29 = { ip4("10.128.0.0"), 29 };
	char dir[PATH_MAX], buf[PATH_MAX + 16];
	struct cni_error e = { 0 };
	struct cni_ipam ipam;
	struct in_addr ip;
	FILE *f;

	/* the directory and its parents are made */
	assert_int_equal(cni_ipam_open(&ipam, dir_of(state, "a/b/sdn", dir), &e), 0);
	assert_int_equal(cni_ipam_count(&ipam), 0);
	/* .1 is the gateway, .7 the broadcast address */
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c1", "10.128.0.2");
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c2", "10.128.0.3");
	/* the same container and interface: the same address again */
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c1", "10.128.0.2");
	assert_int_equal(cni_ipam_count(&ipam), 2);
	assert_int_equal(cni_ipam_find(&ipam, "c2", "eth0", &ip), 0);
	assert_int_equal(cni_ipam_find(&ipam, "c2", "eth1", &ip), -ENOENT);
	assert_int_equal(cni_ipam_find(&ipam, "c3", "eth0", &ip), -ENOENT);

	/* the file holds the owner, as host-local writes it */
	snprintf(buf, sizeof(buf), "%s/10.128.0.3", dir);
	f = fopen(buf, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "c2\n");
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "eth0\n");
	fclose(f);

	/* round robin: a released address is not the next one given */
	assert_int_equal(cni_ipam_release(&ipam, "c1", "eth0", &e), 1);
	assert_int_equal(cni_ipam_release(&ipam, "c1", "eth0", &e), 0);
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c3", "10.128.0.4");
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c4", "10.128.0.5");
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c5", "10.128.0.6");
	/* wraps around, skipping the gateway */
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c6", "10.128.0.2");

	/* full */
	assert_int_equal(cni_ipam_alloc(&ipam, &p29, ip4("10.128.0.1"), "c7",
					"eth0", &ip, &e), -1);
	assert_int_equal(e.code, CNI_ERR_IPAM_EXHAUSTED);
	snprintf(buf, sizeof(buf), "%.20s", e.msg);
	assert_string_equal(buf, "no free address in 1");
	assert_non_null(strstr(e.msg, "no free address in 10.128.0.0/29: all 5 host addresses but the gateway are reserved (5 reservations in "));
	assert_int_equal(cni_ipam_count(&ipam), 5);
	cni_ipam_close(&ipam);

	/* the state survives: another invocation sees it */
	assert_int_equal(cni_ipam_open(&ipam, dir, &e), 0);
	assert_int_equal(cni_ipam_count(&ipam), 5);
	assert_int_equal(cni_ipam_release(&ipam, "c4", "eth0", &e), 1);
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.1", "c7", "10.128.0.5");
	cni_ipam_close(&ipam);
}

static void ipam_gateway_and_tiny(void **state)
{
	struct sdnbr_prefix p30 = { ip4("10.128.0.0"), 30 };
	struct sdnbr_prefix p31 = { ip4("10.128.0.0"), 31 };
	char dir[PATH_MAX];
	struct cni_error e = { 0 };
	struct cni_ipam ipam;
	struct in_addr ip;

	assert_int_equal(cni_ipam_open(&ipam, dir_of(state, "g", dir), &e), 0);
	/* a gateway that is not .1 is still skipped */
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.2", "c1", "10.128.0.1");
	alloc(&ipam, "10.128.0.0", 29, "10.128.0.2", "c2", "10.128.0.3");
	cni_ipam_close(&ipam);

	assert_int_equal(cni_ipam_open(&ipam, dir_of(state, "t", dir), &e), 0);
	/* a /30 holds one pod */
	alloc(&ipam, "10.128.0.0", 30, "10.128.0.1", "c1", "10.128.0.2");
	assert_int_equal(cni_ipam_alloc(&ipam, &p30, ip4("10.128.0.1"), "c2",
					"eth0", &ip, &e), -1);
	assert_int_equal(e.code, CNI_ERR_IPAM_EXHAUSTED);
	assert_non_null(strstr(e.msg, "no free address in 10.128.0.0/30: all 1 host addresses but the gateway are reserved (1 reservations in "));
	assert_int_equal(cni_ipam_alloc(&ipam, &p31, ip4("10.128.0.1"), "c2",
					"eth0", &ip, &e), -1);
	assert_int_equal(e.code, CNI_ERR_IPAM_EXHAUSTED);
	assert_string_equal(e.msg, "no free address in 10.128.0.0/31: a /31 has no host addresses for pods");
	cni_ipam_close(&ipam);
}

static void ipam_bad_dir(void **state)
{
	char dir[PATH_MAX + 16], file[PATH_MAX];
	struct cni_error e = { 0 };
	struct cni_ipam ipam;
	FILE *f;

	dir_of(state, "file", file);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/sub", file);
	assert_int_equal(cni_ipam_open(&ipam, dir, &e), -1);
	assert_int_equal(e.code, CNI_ERR_IO);
	assert_non_null(strstr(e.msg, "/file/sub: cannot create it: Not a directory"));
}

/* Many processes allocating at once all get different addresses. */
static void ipam_concurrent(void **state)
{
	struct sdnbr_prefix p = { ip4("10.128.0.0"), 24 };
	char dir[PATH_MAX], id[16], path[PATH_MAX + 32];
	struct cni_error e = { 0 };
	struct cni_ipam ipam;
	struct in_addr ip;
	int i, n = 40, status, fail = 0;
	pid_t pid;
	uint8_t seen[256] = { 0 };

	dir_of(state, "conc", dir);
	for (i = 0; i < n; i++) {
		pid = fork();
		assert_true(pid >= 0);
		if (!pid) {
			snprintf(id, sizeof(id), "c%d", i);
			if (cni_ipam_open(&ipam, dir, &e) ||
			    cni_ipam_alloc(&ipam, &p, ip4("10.128.0.1"), id,
					   "eth0", &ip, &e))
				_exit(1);
			cni_ipam_close(&ipam);
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		fail += !WIFEXITED(status) || WEXITSTATUS(status);
	assert_int_equal(fail, 0);

	assert_int_equal(cni_ipam_open(&ipam, dir, &e), 0);
	assert_int_equal(cni_ipam_count(&ipam), n);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "c%d", i);
		assert_int_equal(cni_ipam_find(&ipam, id, "eth0", &ip), 0);
		assert_int_equal(seen[ntohl(ip.s_addr) & 0xff], 0);
		seen[ntohl(ip.s_addr) & 0xff] = 1;
	}
	/* .2 up to .41: no holes, no gateway */
	for (i = 2; i < n + 2; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(seen[1], 0);
	cni_ipam_close(&ipam);
	/* no temporary files left behind */
	snprintf(path, sizeof(path), "ls -a '%s' | grep -c '^\\.last'", dir);
	assert_int_not_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(env_ok),
		cmocka_unit_test(env_del_without_netns),
		cmocka_unit_test(env_refusals),
		cmocka_unit_test(conf_defaults),
		cmocka_unit_test(conf_all),
		cmocka_unit_test(conf_refusals),
		cmocka_unit_test(conf_version_only),
		cmocka_unit_test(vnid_lookup),
		cmocka_unit_test(vnid_cluster_file),
		cmocka_unit_test(host_veth_name),
		cmocka_unit_test(routes_and_result),
		cmocka_unit_test(error_and_version),
		cmocka_unit_test_setup_teardown(ipam_basics, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(ipam_gateway_and_tiny, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(ipam_bad_dir, tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(ipam_concurrent, tmp_setup, tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
