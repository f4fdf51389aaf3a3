// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for sdn-agent's pure parts: the cluster description's parser
 * and every check it makes (each refusal names the JSON path of the
 * problem), the desired state of a node, the diff (minimal: what did not
 * change makes no change), the host's nftables ruleset, the log lines,
 * the egress and firewall messages, and libsdnbr's egress mark.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include <jansson.h>
#include <netlink/attr.h>
#include <netlink/msg.h>

#include "agent.h"
#include "agent_io.h"
#include "sdnbr_egress.h"
#include "sdnbr_util.h"

/* the example, grown to two nodes and four pods */
static const char *base_json =
	"{\"network\": {\"mode\": \"multitenant\", \"clusterNetworks\": [\"10.128.0.0/14\"],"
	"  \"serviceNetwork\": \"172.30.0.0/16\", \"vxlanPort\": 4789, \"mtu\": 1450},"
	" \"nodes\": [{\"name\": \"node1\", \"ip\": \"192.0.2.11\", \"subnet\": \"10.128.0.0/23\","
	"             \"egressIPs\": [\"192.0.2.100\"]},"
	"            {\"name\": \"node2\", \"ip\": \"192.0.2.12\", \"subnet\": \"10.128.2.0/23\"}],"
	" \"namespaces\": [{\"name\": \"red\", \"vnid\": 10, \"egressIPs\": [\"192.0.2.100\", \"192.0.2.101\"],"
	"                  \"egressPolicy\": [{\"type\": \"Allow\", \"cidr\": \"198.51.100.7/32\"},"
	"                                   {\"type\": \"Deny\", \"cidr\": \"0.0.0.0/0\"}]},"
	"                 {\"name\": \"blue\", \"vnid\": 20},"
	"                 {\"name\": \"default\", \"vnid\": 0}],"
	" \"pods\": [{\"name\": \"a\", \"namespace\": \"red\", \"node\": \"node1\","
	"            \"ip\": \"10.128.0.2\", \"hostVeth\": \"veth-a\"},"
	"           {\"name\": \"b\", \"namespace\": \"blue\", \"node\": \"node1\","
	"            \"ip\": \"10.128.0.3\", \"hostVeth\": \"veth-b\"},"
	"           {\"name\": \"c\", \"namespace\": \"red\", \"node\": \"node2\","
	"            \"ip\": \"10.128.2.2\", \"hostVeth\": \"veth-c\"},"
	"           {\"name\": \"g\", \"namespace\": \"default\", \"node\": \"node1\","
	"            \"ip\": \"10.128.0.4\", \"hostVeth\": \"veth-g\"}],"
	" \"services\": [{\"name\": \"web\", \"namespace\": \"red\", \"clusterIP\": \"172.30.0.10\","
	"               \"ports\": [{\"protocol\": \"TCP\", \"port\": 80}]}]}";

static struct in_addr A(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

/* ---- editing the base document by JSON path ----------------------------------- */

/*
 * Sets @path ("pods[3].ip", "network.mtu") in @root to @value (JSON text),
 * or deletes it when @value is NULL. Arrays grow by setting index == size.
 */
static void set_path(json_t *root, const char *path, const char *value)
{
	char buf[256], *tok, *save = NULL;
	json_t *cur = root, *v = NULL;
	json_error_t je;

	if (value) {
		v = json_loads(value, JSON_DECODE_ANY, &je);
		if (!v)
			fail_msg("bad test value %s: %s", value, je.text);
	}
	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok; ) {
		char *next = strtok_r(NULL, ".", &save);
		char *br = strchr(tok, '[');
		long idx = -1;

		if (br) {
			*br = '\0';
			idx = strtol(br + 1, NULL, 10);
		}
		if (!next && idx < 0) {
			if (v)
				json_object_set_new(cur, tok, v);
			else
				json_object_del(cur, tok);
			return;
		}
		if (*tok)
			cur = json_object_get(cur, tok);
		assert_non_null(cur);
		if (idx >= 0) {
			if (!next) {
				if ((size_t)idx == json_array_size(cur))
					json_array_append_new(cur, v);
				else if (v)
					json_array_set_new(cur, (size_t)idx, v);
				else
					json_array_remove(cur, (size_t)idx);
				return;
			}
			cur = json_array_get(cur, (size_t)idx);
			assert_non_null(cur);
		}
		tok = next;
	}
}

/* The base document with edits (path, value pairs, NULL-ended), as text. */
static char *doc_v(va_list ap)
{
	json_t *root = json_loads(base_json, 0, NULL);
	const char *path, *value;
	char *text;

	assert_non_null(root);
	while ((path = va_arg(ap, const char *))) {
		value = va_arg(ap, const char *);
		set_path(root, path, value);
	}
	text = json_dumps(root, 0);
	json_decref(root);
	return text;
}

static int parse_doc(struct agent_cluster *c, char *err, size_t errlen, ...)
{
	va_list ap;
	char *text;
	int ret;

	va_start(ap, errlen);
	text = doc_v(ap);
	va_end(ap);
	ret = agent_cluster_parse(c, text, "cluster.json", err, errlen);
	free(text);
	return ret;
}

#define PARSE_OK(c, ...)						\
	do {								\
		char _e[AGENT_ERR_MAX] = "";				\
		int _r = parse_doc(c, _e, sizeof(_e), __VA_ARGS__, NULL); \
		if (_r)							\
			fail_msg("refused: %s", _e);			\
	} while (0)

/* The edits must be refused with exactly @want. */
#define REFUSED(want, ...)						\
	do {								\
		struct agent_cluster _c;				\
		char _e[AGENT_ERR_MAX] = "";				\
		int _r = parse_doc(&_c, _e, sizeof(_e), __VA_ARGS__, NULL); \
		if (!_r) {						\
			agent_cluster_free(&_c);			\
			fail_msg("accepted, want: %s", want);		\
		}							\
		assert_int_equal(_r, -EINVAL);				\
		assert_string_equal(_e, want);				\
		assert_null(_c.root);					\
	} while (0)

/* ---- the egress mark ------------------------------------------------------------ */

static void egress_mark(void **state)
{
	(void)state;
	/* the spec's examples, masquerade bit 0 */
	assert_int_equal(sdnbr_egress_mark(44, SDNBR_MASQUERADE_BIT), 0x0000002c);
	assert_int_equal(sdnbr_egress_mark(45, SDNBR_MASQUERADE_BIT), 0x0100002c);
	assert_int_equal(sdnbr_egress_mark(0, SDNBR_MASQUERADE_BIT), 0xff000000);
	assert_int_equal(sdnbr_egress_mark(0x8001, SDNBR_MASQUERADE_BIT),
			 0x11000000);
	assert_int_equal(sdnbr_egress_mark(0x8000, SDNBR_MASQUERADE_BIT),
			 0x10000000);
	/* no masquerade bit: odd VNIDs stay */
	assert_int_equal(sdnbr_egress_mark(45, 0), 45);
	assert_int_equal(sdnbr_egress_mark(0xffffff, SDNBR_MASQUERADE_BIT),
			 0x11ff7ffe);
}

/* ---- parsing ----------------------------------------------------------------------- */

static void parse_base(void **state)
{
	struct agent_cluster c;
	char p[SDNBR_PREFIX_STRLEN];

	(void)state;
	PARSE_OK(&c, NULL, NULL);
	assert_int_equal(c.mode, SDNBR_MODE_MULTITENANT);
	assert_int_equal(c.n_cluster, 1);
	assert_string_equal(sdnbr_fmt_ipv4_prefix(c.cluster[0].addr,
						  c.cluster[0].plen, p),
			    "10.128.0.0/14");
	assert_int_equal(c.vxlan_port, 4789);
	assert_int_equal(c.mtu, 1450);
	assert_int_equal(c.n_nodes, 2);
	assert_int_equal(c.n_ns, 3);
	assert_int_equal(c.n_pods, 4);
	assert_int_equal(c.n_services, 1);
	assert_int_equal(c.n_warnings, 0);
	assert_string_equal(c.pods[2].name, "c");
	assert_int_equal(c.pods[2].node, 1);
	assert_int_equal(c.pods[2].ns, 0);
	assert_string_equal(c.pods[2].veth, "veth-c");
	assert_int_equal(c.ns[0].n_egress, 2);
	assert_true(c.ns[0].has_policy);
	assert_int_equal(c.ns[0].n_rules, 2);
	assert_int_equal(c.ns[0].rules[0].action, SDNBR_FW_ALLOW);
	assert_int_equal(c.ns[0].rules[1].action, SDNBR_FW_DENY);
	assert_int_equal(c.ns[0].rules[1].prefix.plen, 0);
	assert_false(c.ns[1].has_policy);
	assert_int_equal(c.nodes[0].n_egress, 1);
	agent_cluster_free(&c);
}

static void parse_defaults(void **state)
{
	struct agent_cluster c;

	(void)state;
	/* optional keys */
	PARSE_OK(&c, "network.vxlanPort", NULL, "network.mtu", NULL,
		 "services", NULL, "nodes[0].egressIPs", NULL,
		 "namespaces[0].egressIPs", NULL,
		 "namespaces[0].egressPolicy", NULL);
	assert_int_equal(c.vxlan_port, SDNBR_DEFAULT_VXLAN_PORT);
	assert_int_equal(c.mtu, SDNBR_DEFAULT_MTU);
	assert_int_equal(c.n_services, 0);
	assert_false(c.ns[0].has_policy);
	agent_cluster_free(&c);
	PARSE_OK(&c, "pods", NULL);
	assert_int_equal(c.n_pods, 0);
	agent_cluster_free(&c);
	/* subnet mode with no egress settings */
	PARSE_OK(&c, "network.mode", "\"subnet\"", "namespaces[0].egressIPs",
		 NULL, "namespaces[0].egressPolicy", NULL);
	assert_int_equal(c.mode, SDNBR_MODE_SUBNET);
	agent_cluster_free(&c);
	/* 0.0.0.0/32 is OpenShift's way of saying 0.0.0.0/0 */
	PARSE_OK(&c, "namespaces[0].egressPolicy[1].cidr", "\"0.0.0.0/32\"");
	assert_int_equal(c.ns[0].rules[1].prefix.plen, 0);
	agent_cluster_free(&c);
	/* an empty policy is a policy: the firewall entry has no rules */
	PARSE_OK(&c, "namespaces[0].egressPolicy", "[]");
	assert_true(c.ns[0].has_policy);
	assert_int_equal(c.ns[0].n_rules, 0);
	agent_cluster_free(&c);
	/* several cluster networks */
	PARSE_OK(&c, "network.clusterNetworks[1]", "\"10.200.0.0/16\"");
	assert_int_equal(c.n_cluster, 2);
	agent_cluster_free(&c);
}

static void parse_shared_vnid(void **state)
{
	struct agent_cluster c;

	(void)state;
	/* joined projects: two namespaces, one VNID */
	PARSE_OK(&c, "namespaces[1].vnid", "10");
	agent_cluster_free(&c);
	/* one of them may carry the egress settings of the VNID */
	PARSE_OK(&c, "namespaces[1].vnid", "10", "namespaces[1].egressPolicy",
		 NULL);
	agent_cluster_free(&c);
	REFUSED("cluster.json: namespaces[1].egressPolicy: vnid 10 is shared with namespace \"red\", which has one too",
		"namespaces[1].vnid", "10", "namespaces[1].egressPolicy", "[]");
	REFUSED("cluster.json: namespaces[1].egressIPs: vnid 10 is shared with namespace \"red\", which has one too",
		"namespaces[1].vnid", "10", "namespaces[1].egressIPs",
		"[\"192.0.2.102\"]");
}

static void parse_unknown_keys(void **state)
{
	struct agent_cluster c;

	(void)state;
	PARSE_OK(&c, "pods[1].hostveth", "\"x\"", "network.flows", "1",
		 "labels", "{}");
	assert_int_equal(c.n_warnings, 3);
	assert_string_equal(c.warnings[0], "cluster.json: labels: unknown key, ignored");
	assert_string_equal(c.warnings[1], "cluster.json: network.flows: unknown key, ignored");
	assert_string_equal(c.warnings[2], "cluster.json: pods[1].hostveth: unknown key, ignored");
	agent_cluster_free(&c);
}

static void refuse_syntax(void **state)
{
	struct agent_cluster c;
	char e[AGENT_ERR_MAX];

	(void)state;
	assert_int_equal(agent_cluster_parse(&c, "{\"network\": {\n  \"mode\": }",
					     "cluster.json", e, sizeof(e)),
			 -EINVAL);
	assert_string_equal(e, "cluster.json:2:11: unexpected token near '}'");
	assert_int_equal(agent_cluster_parse(&c, "", "cluster.json", e,
					     sizeof(e)), -EINVAL);
	assert_non_null(strstr(e, "cluster.json:"));
	assert_int_equal(agent_cluster_parse(&c, "{\"a\": 1, \"a\": 2}",
					     "cluster.json", e, sizeof(e)),
			 -EINVAL);
	assert_non_null(strstr(e, "duplicate object key"));
	assert_int_equal(agent_cluster_parse(&c, "[]", "cluster.json", e,
					     sizeof(e)), -EINVAL);
	assert_string_equal(e, "cluster.json: expected an object at the top, got an array");
	assert_int_equal(agent_cluster_load(&c, "/nonexistent/cluster.json", e,
					    sizeof(e)), -ENOENT);
	assert_string_equal(e, "/nonexistent/cluster.json: No such file or directory");
}

static void refuse_types(void **state)
{
	(void)state;
	REFUSED("cluster.json: \"network\" is missing", "network", NULL);
	REFUSED("cluster.json: network: expected an object, got an array",
		"network", "[]");
	REFUSED("cluster.json: network.mtu: expected an integer, got a string",
		"network.mtu", "\"1450\"");
	REFUSED("cluster.json: network.mtu: expected an integer, got a number",
		"network.mtu", "1450.5");
	REFUSED("cluster.json: network.mode: expected a string, got an integer",
		"network.mode", "1");
	REFUSED("cluster.json: network.clusterNetworks: expected an array of CIDR strings, got a string",
		"network.clusterNetworks", "\"10.128.0.0/14\"");
	REFUSED("cluster.json: network.clusterNetworks[0]: expected a CIDR string, got an integer",
		"network.clusterNetworks[0]", "10");
	REFUSED("cluster.json: nodes: expected an array, got an object",
		"nodes", "{}");
	REFUSED("cluster.json: nodes[1]: expected an object, got a string",
		"nodes[1]", "\"node2\"");
	REFUSED("cluster.json: nodes[1]: \"subnet\" is missing",
		"nodes[1].subnet", NULL);
	REFUSED("cluster.json: namespaces[2].vnid: expected an integer, got a string",
		"namespaces[2].vnid", "\"0\"");
	REFUSED("cluster.json: namespaces[1]: \"vnid\" is missing",
		"namespaces[1].vnid", NULL);
	REFUSED("cluster.json: pods[0].ip: expected an IPv4 address string, got null",
		"pods[0].ip", "null");
	REFUSED("cluster.json: pods[0].name: expected a non-empty string",
		"pods[0].name", "\"\"");
	REFUSED("cluster.json: pods[3]: \"hostVeth\" is missing",
		"pods[3].hostVeth", NULL);
	REFUSED("cluster.json: pods: expected an array, got an object",
		"pods", "{}");
	REFUSED("cluster.json: services[0].ports[0].port: expected an integer, got a string",
		"services[0].ports[0].port", "\"80\"");
	REFUSED("cluster.json: namespaces[0].egressIPs[0]: expected an IPv4 address string, got an integer",
		"namespaces[0].egressIPs[0]", "1");
}

static void refuse_network(void **state)
{
	(void)state;
	REFUSED("cluster.json: network.mode: \"flat\" is not a mode: expected \"subnet\" or \"multitenant\"",
		"network.mode", "\"flat\"");
	REFUSED("cluster.json: network.clusterNetworks: at least one cluster network is needed",
		"network.clusterNetworks", "[]");
	REFUSED("cluster.json: network.clusterNetworks[0]: invalid prefix length \"33\" in \"10.128.0.0/33\" (expected 0..32)",
		"network.clusterNetworks[0]", "\"10.128.0.0/33\"");
	REFUSED("cluster.json: network.clusterNetworks[0]: \"10.128.0.1/14\" has host bits set; did you mean 10.128.0.0/14?",
		"network.clusterNetworks[0]", "\"10.128.0.1/14\"");
	REFUSED("cluster.json: network.clusterNetworks[1]: 10.129.0.0/16 overlaps 10.128.0.0/14",
		"network.clusterNetworks[1]", "\"10.129.0.0/16\"");
	REFUSED("cluster.json: network.clusterNetworks[0]: 0.0.0.0/0 cannot be a cluster network",
		"network.clusterNetworks[0]", "\"0.0.0.0/0\"");
	REFUSED("cluster.json: network.serviceNetwork: 10.130.0.0/16 overlaps the cluster network 10.128.0.0/14",
		"network.serviceNetwork", "\"10.130.0.0/16\"");
	REFUSED("cluster.json: network.serviceNetwork: invalid IPv4 prefix \"172.30.0.0\": expected ADDRESS/LENGTH",
		"network.serviceNetwork", "\"172.30.0.0\"");
	REFUSED("cluster.json: network.vxlanPort: 0 is out of range 1..65535",
		"network.vxlanPort", "0");
	REFUSED("cluster.json: network.vxlanPort: 65536 is out of range 1..65535",
		"network.vxlanPort", "65536");
	REFUSED("cluster.json: network.mtu: 100 is out of range 576..65485",
		"network.mtu", "100");
}

static void refuse_nodes(void **state)
{
	(void)state;
	REFUSED("cluster.json: nodes[1].ip: invalid IPv4 address \"192.0.2.300\"",
		"nodes[1].ip", "\"192.0.2.300\"");
	REFUSED("cluster.json: nodes[1].name: node \"node1\" is already nodes[0]",
		"nodes[1].name", "\"node1\"");
	REFUSED("cluster.json: nodes[1].ip: 192.0.2.11 is already the IP of node1",
		"nodes[1].ip", "\"192.0.2.11\"");
	REFUSED("cluster.json: nodes[1].ip: 10.130.0.1 is inside 10.128.0.0/14",
		"nodes[1].ip", "\"10.130.0.1\"");
	REFUSED("cluster.json: nodes[1].ip: 224.0.0.1 is not a unicast address",
		"nodes[1].ip", "\"224.0.0.1\"");
	REFUSED("cluster.json: nodes[1].subnet: 10.200.2.0/23 is outside every cluster network",
		"nodes[1].subnet", "\"10.200.2.0/23\"");
	REFUSED("cluster.json: nodes[1].subnet: 10.128.0.0/24 overlaps node1's subnet 10.128.0.0/23",
		"nodes[1].subnet", "\"10.128.0.0/24\"");
	REFUSED("cluster.json: nodes[1].subnet: 10.128.2.0/31 is too small for a gateway and pods (at most /30)",
		"nodes[1].subnet", "\"10.128.2.0/31\"");
	REFUSED("cluster.json: nodes[1].egressIPs[0]: 192.0.2.100 is already hosted by node1: an egress IP has one node",
		"nodes[1].egressIPs", "[\"192.0.2.100\"]");
	REFUSED("cluster.json: nodes[0].egressIPs[1]: 192.0.2.100 is listed twice",
		"nodes[0].egressIPs[1]", "\"192.0.2.100\"");
	REFUSED("cluster.json: nodes[0].egressIPs[0]: 192.0.2.12 is the IP of node node2",
		"nodes[0].egressIPs[0]", "\"192.0.2.12\"");
	REFUSED("cluster.json: nodes[0].egressIPs[0]: 10.128.9.9 is inside 10.128.0.0/14, not on the node network",
		"nodes[0].egressIPs[0]", "\"10.128.9.9\"");
	REFUSED("cluster.json: nodes[0].egressIPs[0]: 172.30.1.1 is inside 172.30.0.0/16, not on the node network",
		"nodes[0].egressIPs[0]", "\"172.30.1.1\"");
}

static void refuse_namespaces(void **state)
{
	(void)state;
	REFUSED("cluster.json: namespaces[1].vnid: 16777216 is out of range 0..16777215",
		"namespaces[1].vnid", "16777216");
	REFUSED("cluster.json: namespaces[1].vnid: -1 is out of range 0..16777215",
		"namespaces[1].vnid", "-1");
	REFUSED("cluster.json: namespaces[1].name: namespace \"red\" is already namespaces[0]",
		"namespaces[1].name", "\"red\"");
	REFUSED("cluster.json: namespaces[0].egressIPs: needs multitenant mode (namespaces have no VNIDs in subnet mode)",
		"network.mode", "\"subnet\"");
	REFUSED("cluster.json: namespaces[2].egressPolicy: namespace \"default\" is global (vnid 0): it cannot have one",
		"namespaces[2].egressPolicy", "[]");
	REFUSED("cluster.json: namespaces[2].egressIPs: namespace \"default\" is global (vnid 0): it cannot have one",
		"namespaces[2].egressIPs", "[\"192.0.2.102\"]");
	REFUSED("cluster.json: namespaces[0].egressIPs[1]: 192.0.2.100 is listed twice",
		"namespaces[0].egressIPs[1]", "\"192.0.2.100\"");
	REFUSED("cluster.json: namespaces[1].egressIPs[0]: 192.0.2.100 is already an egress IP of namespace \"red\"",
		"namespaces[1].egressIPs", "[\"192.0.2.100\"]");
	REFUSED("cluster.json: namespaces[1].egressIPs[0]: 192.0.2.12 is the IP of node node2",
		"namespaces[1].egressIPs", "[\"192.0.2.12\"]");
	REFUSED("cluster.json: namespaces[0].egressPolicy[0].type: \"allow\" is not a rule type: expected \"Allow\" or \"Deny\"",
		"namespaces[0].egressPolicy[0].type", "\"allow\"");
	REFUSED("cluster.json: namespaces[0].egressPolicy[1]: \"cidr\" is missing",
		"namespaces[0].egressPolicy[1].cidr", NULL);
	REFUSED("cluster.json: namespaces[0].egressPolicy[1].cidr: \"0.0.0.1/0\" has host bits set; did you mean 0.0.0.0/0?",
		"namespaces[0].egressPolicy[1].cidr", "\"0.0.0.1/0\"");
	REFUSED("cluster.json: namespaces[0].egressPolicy[0].dnsName: dnsName rules are not supported: give a cidr",
		"namespaces[0].egressPolicy[0]",
		"{\"type\": \"Allow\", \"dnsName\": \"example.com\"}");
	REFUSED("cluster.json: namespaces[0].egressPolicy[1]: expected an object, got a string",
		"namespaces[0].egressPolicy[1]", "\"Deny\"");
}

static void refuse_pods(void **state)
{
	(void)state;
	/* the example message */
	REFUSED("cluster.json: pods[3].ip: 10.129.0.2 is outside node1's subnet 10.128.0.0/23",
		"pods[3].ip", "\"10.129.0.2\"");
	REFUSED("cluster.json: pods[3].ip: 10.128.0.2 is already the IP of pods[0] (red/a)",
		"pods[3].ip", "\"10.128.0.2\"");
	/* the first duplicate met in the file is the one named */
	REFUSED("cluster.json: pods[2].ip: 10.128.0.4 is already the IP of pods[1] (blue/b)",
		"pods[1].ip", "\"10.128.0.4\"", "pods[2].ip", "\"10.128.0.4\"",
		"pods[2].node", "\"node1\"", "pods[2].hostVeth", "\"veth-x\"");
	REFUSED("cluster.json: pods[1].namespace: no namespace \"green\" in namespaces",
		"pods[1].namespace", "\"green\"");
	REFUSED("cluster.json: pods[1].node: no node \"node9\" in nodes",
		"pods[1].node", "\"node9\"");
	REFUSED("cluster.json: pods[1].ip: 10.128.0.1 is node1's gateway (tun0)",
		"pods[1].ip", "\"10.128.0.1\"");
	REFUSED("cluster.json: pods[1].ip: 10.128.0.0 is not a host address of node1's subnet 10.128.0.0/23",
		"pods[1].ip", "\"10.128.0.0\"");
	REFUSED("cluster.json: pods[1].ip: 10.128.1.255 is not a host address of node1's subnet 10.128.0.0/23",
		"pods[1].ip", "\"10.128.1.255\"");
	REFUSED("cluster.json: pods[1].ip: invalid IPv4 address \"10.128.0.03\"",
		"pods[1].ip", "\"10.128.0.03\"");
	REFUSED("cluster.json: pods[1].hostVeth: \"veth-a\" on node1 is already the veth of pods[0]",
		"pods[1].hostVeth", "\"veth-a\"");
	REFUSED("cluster.json: pods[1].hostVeth: \"tun0\" is one of the node's own devices",
		"pods[1].hostVeth", "\"tun0\"");
	REFUSED("cluster.json: pods[1].hostVeth: invalid interface name \"veth-0123456789ab\": longer than 15 characters",
		"pods[1].hostVeth", "\"veth-0123456789ab\"");
	REFUSED("cluster.json: pods[1].name: pod \"red/a\" is already pods[0]",
		"pods[1].name", "\"a\"", "pods[1].namespace", "\"red\"");
}

static void refuse_services(void **state)
{
	(void)state;
	REFUSED("cluster.json: services[0].clusterIP: 10.128.0.10 is outside the service network 172.30.0.0/16",
		"services[0].clusterIP", "\"10.128.0.10\"");
	REFUSED("cluster.json: services[0].namespace: no namespace \"green\" in namespaces",
		"services[0].namespace", "\"green\"");
	REFUSED("cluster.json: services[0].ports[0].protocol: \"HTTP\" is not a protocol: expected \"TCP\", \"UDP\" or \"SCTP\"",
		"services[0].ports[0].protocol", "\"HTTP\"");
	REFUSED("cluster.json: services[0].ports[0].port: 0 is out of range 1..65535",
		"services[0].ports[0].port", "0");
	REFUSED("cluster.json: services[1].clusterIP: 172.30.0.10 is already the IP of services[0]",
		"services[1]",
		"{\"name\": \"w2\", \"namespace\": \"red\", \"clusterIP\": \"172.30.0.10\"}");
}

/* ---- the desired state ------------------------------------------------------------ */

static void desired_node1(void **state)
{
	struct agent_cluster c;
	struct agent_state s;
	char a[INET_ADDRSTRLEN];

	(void)state;
	PARSE_OK(&c, NULL, NULL);
	assert_int_equal(agent_desired_state(&c, 0, &s), 0);
	assert_true(s.has_cfg);
	assert_int_equal(s.cfg.mode, SDNBR_MODE_MULTITENANT);
	assert_string_equal(sdnbr_fmt_ipv4(s.cfg.gateway, a), "10.128.0.1");
	assert_string_equal(sdnbr_fmt_ipv4(s.cfg.local_subnet.addr, a),
			    "10.128.0.0");
	assert_int_equal(s.cfg.local_subnet.plen, 23);
	assert_string_equal(sdnbr_fmt_ipv4(s.cfg.node_ip, a), "192.0.2.11");
	assert_int_equal(s.cfg.mtu, 1450);
	assert_int_equal(s.cfg.vxlan_port, 4789);

	/* this node's pods only, sorted by IP, VNID of their namespace */
	assert_int_equal(s.n_pods, 3);
	assert_string_equal(sdnbr_fmt_ipv4(s.pods[0].pod.ip, a), "10.128.0.2");
	assert_int_equal(s.pods[0].pod.vnid, 10);
	assert_string_equal(s.pods[0].veth, "veth-a");
	assert_int_equal(s.pods[1].pod.vnid, 20);
	assert_string_equal(s.pods[2].veth, "veth-g");
	assert_int_equal(s.pods[2].pod.vnid, 0);
	assert_int_equal(s.pods[0].pod.mac[0], 0x0a);
	assert_int_equal(s.pods[0].pod.mac[1], 0x58);
	assert_int_equal(s.pods[0].pod.mac[5], 2);

	/* every other node */
	assert_int_equal(s.n_nodes, 1);
	assert_string_equal(sdnbr_fmt_ipv4(s.nodes[0].ip, a), "192.0.2.12");
	assert_int_equal(s.nodes[0].subnet.plen, 23);

	/* VNIDs other than 0, never global */
	assert_int_equal(s.n_ns, 2);
	assert_int_equal(s.ns[0].vnid, 10);
	assert_int_equal(s.ns[1].vnid, 20);
	assert_false(s.ns[0].global);

	/* red's egress IPs in order, hosted or not */
	assert_int_equal(s.n_egress, 1);
	assert_int_equal(s.egress[0].vnid, 10);
	assert_int_equal(s.egress[0].n, 2);
	assert_true(s.egress[0].ip[0].hosted);
	assert_string_equal(sdnbr_fmt_ipv4(s.egress[0].ip[0].node, a),
			    "192.0.2.11");
	assert_false(s.egress[0].ip[1].hosted);
	assert_int_equal(s.n_fw, 1);
	assert_int_equal(s.fw[0].n, 2);

	/* node1 hosts 192.0.2.100 for red */
	assert_int_equal(s.n_eips, 1);
	assert_string_equal(sdnbr_fmt_ipv4(s.eips[0].addr, a), "192.0.2.100");
	assert_int_equal(s.eips[0].mark, 10);
	agent_state_free(&s);

	/* node2 has the same namespaces and egress entries, no egress IP */
	assert_int_equal(agent_desired_state(&c, 1, &s), 0);
	assert_int_equal(s.n_pods, 1);
	assert_string_equal(sdnbr_fmt_ipv4(s.cfg.gateway, a), "10.128.2.1");
	assert_int_equal(s.n_egress, 1);
	assert_int_equal(s.n_eips, 0);
	agent_state_free(&s);
	agent_cluster_free(&c);

	/* joined projects share one namespace entry */
	PARSE_OK(&c, "namespaces[1].vnid", "10");
	assert_int_equal(agent_desired_state(&c, 0, &s), 0);
	assert_int_equal(s.n_ns, 1);
	agent_state_free(&s);
	agent_cluster_free(&c);
}

/* ---- the diff --------------------------------------------------------------------------- */

/* The desired state of node1 with ports as the host would give them. */
static void state_of_(struct agent_state *s, ...)
{
	struct agent_cluster c;
	char e[AGENT_ERR_MAX];
	va_list ap;
	char *text;
	size_t i;

	va_start(ap, s);
	text = doc_v(ap);
	va_end(ap);
	if (agent_cluster_parse(&c, text, "cluster.json", e, sizeof(e)))
		fail_msg("%s", e);
	free(text);
	assert_int_equal(agent_desired_state(&c, 0, s), 0);
	for (i = 0; i < s->n_pods; i++) {
		/* veth-a -> 100 + 'a' */
		s->pods[i].pod.ifindex = 100 + (uint32_t)s->pods[i].veth[5];
		s->pods[i].name = NULL;	/* the strings die with c */
	}
	agent_cluster_free(&c);
}

#define state_of(s, ...) state_of_(s, __VA_ARGS__, NULL)

static size_t count(const struct agent_diff *d, enum agent_op op,
		    uint16_t type)
{
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		if (d->v[i].op == op && d->v[i].type == type)
			n++;
	return n;
}

static void diff_none(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;

	(void)state;
	state_of(&want, NULL, NULL);
	state_of(&have, NULL, NULL);
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 0);
	assert_false(d.set_cfg);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

static void diff_first_run(void **state)
{
	struct agent_state want, have = { 0 };
	struct agent_diff d;
	size_t i;

	(void)state;
	state_of(&want, NULL, NULL);
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_true(d.set_cfg);
	assert_int_equal(d.cfg.has, want.cfg.has);
	assert_false(d.repod);
	assert_int_equal(d.n_del, 0);
	assert_int_equal(d.n, 3 + 1 + 2 + 1 + 1);
	for (i = 0; i < d.n; i++)
		assert_int_equal(d.v[i].op, AGENT_ADD);
	/* namespaces, nodes, pods, egress, firewall */
	assert_int_equal(d.v[0].type, SDNBR_A_NS);
	assert_int_equal(d.v[2].type, SDNBR_A_NODE);
	assert_int_equal(d.v[3].type, SDNBR_A_POD);
	assert_int_equal(d.v[6].type, SDNBR_A_EGRESS);
	assert_int_equal(d.v[7].type, SDNBR_A_FW);
	agent_diff_free(&d);
	agent_state_free(&want);
}

static void diff_pods(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;

	(void)state;
	state_of(&have, NULL, NULL);
	/* b goes, h comes, g moves to red (vnid 10): exactly three changes */
	state_of(&want, "pods[1]", NULL, "pods[3]",
		 "{\"name\": \"h\", \"namespace\": \"red\", \"node\": \"node1\","
		 " \"ip\": \"10.128.0.9\", \"hostVeth\": \"veth-h\"}",
		 "pods[2].namespace", "\"red\"");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_false(d.set_cfg);
	assert_int_equal(d.n, 3);
	assert_int_equal(d.n_del, 1);
	assert_int_equal(d.v[0].op, AGENT_DEL);
	assert_int_equal(d.v[0].type, SDNBR_A_POD);
	assert_int_equal(((const struct agent_pod_entry *)d.v[0].have)->pod.ip.s_addr,
			 A("10.128.0.3").s_addr);
	assert_int_equal(count(&d, AGENT_REPLACE, SDNBR_A_POD), 1);
	assert_int_equal(count(&d, AGENT_ADD, SDNBR_A_POD), 1);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

static void diff_global(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;

	(void)state;
	/* blue becomes global: its pod is replaced, its VNID's entry goes */
	state_of(&have, NULL, NULL);
	state_of(&want, "namespaces[1].vnid", "0");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.v[0].op, AGENT_DEL);
	assert_int_equal(d.v[0].type, SDNBR_A_NS);
	assert_int_equal(d.v[1].op, AGENT_REPLACE);
	assert_int_equal(d.v[1].type, SDNBR_A_POD);
	assert_int_equal(((const struct agent_pod_entry *)d.v[1].want)->pod.vnid, 0);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

static void diff_settings(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;

	(void)state;
	/* the MTU alone: one setting, no entry */
	state_of(&have, NULL, NULL);
	state_of(&want, "network.mtu", "1400");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_true(d.set_cfg);
	assert_int_equal(d.cfg.has, SDNBR_HAS(SDNBR_CFG_A_MTU));
	assert_int_equal(d.n, 0);
	agent_diff_free(&d);
	agent_state_free(&want);

	/* a new local subnet: every pod goes before, and comes back after */
	state_of(&want, "nodes[0].subnet", "\"10.128.0.0/22\"",
		 "nodes[1].subnet", "\"10.128.4.0/23\"",
		 "pods[2].ip", "\"10.128.4.2\"");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_true(d.repod);
	assert_true(d.cfg.has & SDNBR_HAS(SDNBR_CFG_A_LOCAL_SUBNET));
	assert_false(d.cfg.has & SDNBR_HAS(SDNBR_CFG_A_GATEWAY));
	assert_int_equal(count(&d, AGENT_DEL, SDNBR_A_POD), 3);
	assert_int_equal(count(&d, AGENT_ADD, SDNBR_A_POD), 3);
	/* node2's subnet moved: a new key */
	assert_int_equal(count(&d, AGENT_DEL, SDNBR_A_NODE), 1);
	assert_int_equal(count(&d, AGENT_ADD, SDNBR_A_NODE), 1);
	assert_int_equal(d.n_del, 4);
	agent_diff_free(&d);
	agent_state_free(&want);

	/* a new node IP for node2: replaced in place */
	state_of(&want, "nodes[1].ip", "\"192.0.2.13\"");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].op, AGENT_REPLACE);
	assert_int_equal(d.v[0].type, SDNBR_A_NODE);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

static void diff_egress(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;

	(void)state;
	state_of(&have, NULL, NULL);
	/* the egress IP moves to node2: the egress entry is replaced */
	state_of(&want, "nodes[0].egressIPs", NULL, "nodes[1].egressIPs",
		 "[\"192.0.2.100\"]");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].op, AGENT_REPLACE);
	assert_int_equal(d.v[0].type, SDNBR_A_EGRESS);
	assert_int_equal(want.n_eips, 0);
	agent_diff_free(&d);
	agent_state_free(&want);

	/* the order of the IPs matters */
	state_of(&want, "namespaces[0].egressIPs",
		 "[\"192.0.2.101\", \"192.0.2.100\"]");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 1);
	agent_diff_free(&d);
	agent_state_free(&want);

	/* a firewall rule changes: one replace, with every rule */
	state_of(&want, "namespaces[0].egressPolicy[0].cidr",
		 "\"198.51.100.8/32\"");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].op, AGENT_REPLACE);
	assert_int_equal(d.v[0].type, SDNBR_A_FW);
	agent_diff_free(&d);
	agent_state_free(&want);

	/* the policy and egress IPs go: two deletes, firewall first */
	state_of(&want, "namespaces[0].egressPolicy", NULL,
		 "namespaces[0].egressIPs", NULL);
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 2);
	assert_int_equal(d.n_del, 2);
	assert_int_equal(d.v[0].type, SDNBR_A_FW);
	assert_int_equal(d.v[1].type, SDNBR_A_EGRESS);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

/* Minimal at scale: 10000 pods, one changes, one change. */
static void diff_scale(void **state)
{
	struct agent_state want = { 0 }, have = { 0 };
	struct agent_pod_entry p = { 0 };
	struct agent_diff d;
	uint32_t i;

	(void)state;
	for (i = 0; i < 10000; i++) {
		p.pod.ip.s_addr = htonl(0x0a800002 + i);
		p.pod.ifindex = 1000 + i;
		p.pod.vnid = i % 7;
		sdnbr_pod_mac(p.pod.ip, p.pod.mac);
		/* the kernel dumps in its own order */
		assert_int_equal(agent_state_add_pod(&have, &p), 0);
		assert_int_equal(agent_state_add_pod(&want, &p), 0);
	}
	want.pods[5000].pod.vnid = 99;
	/* reverse the current state's order: the sort must fix it */
	for (i = 0; i < 5000; i++) {
		p = have.pods[i];
		have.pods[i] = have.pods[9999 - i];
		have.pods[9999 - i] = p;
	}
	agent_state_sort(&want);
	agent_state_sort(&have);
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].op, AGENT_REPLACE);
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

/* ---- log lines ---------------------------------------------------------------------------- */

static void change_lines(void **state)
{
	struct agent_state want, have;
	struct agent_diff d;
	char line[512];

	(void)state;
	state_of(&want, NULL, NULL);
	memset(&have, 0, sizeof(have));
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	agent_change_fmt(&d.v[0], line, sizeof(line));
	assert_string_equal(line, "ns add vnid 10 global 0");
	agent_change_fmt(&d.v[2], line, sizeof(line));
	assert_string_equal(line, "node add 10.128.2.0/23 ip 192.0.2.12");
	agent_change_fmt(&d.v[3], line, sizeof(line));
	assert_string_equal(line, "pod add 10.128.0.2 port veth-a vnid 10");
	agent_change_fmt(&d.v[6], line, sizeof(line));
	assert_string_equal(line, "egress add vnid 10 ip 192.0.2.100 node 192.0.2.11 ip 192.0.2.101 unhosted");
	agent_change_fmt(&d.v[7], line, sizeof(line));
	assert_string_equal(line, "fw add vnid 10 rules 2: allow 198.51.100.7/32 deny 0.0.0.0/0");
	agent_config_fmt(&d.cfg, line, sizeof(line));
	assert_string_equal(line, "bridge set mode multitenant cluster-network 10.128.0.0/14 service-network 172.30.0.0/16 local-subnet 10.128.0.0/23 gateway 10.128.0.1 node-ip 192.0.2.11 vxlan-port 4789 mtu 1450");
	/* cut lines end in ... */
	agent_change_fmt(&d.v[7], line, 20);
	assert_string_equal(line, "fw add vnid 10 r...");
	agent_diff_free(&d);

	/* a replace says what it was, a delete what it removes */
	state_of(&have, NULL, NULL);
	agent_state_free(&want);
	state_of(&want, "pods[1]", NULL, "pods[2].namespace", "\"red\"");
	strcpy(have.pods[1].veth, "veth-b");
	assert_int_equal(agent_diff(&want, &have, &d), 0);
	assert_int_equal(d.n, 2);
	agent_change_fmt(&d.v[0], line, sizeof(line));
	assert_string_equal(line, "pod del 10.128.0.3 port veth-b vnid 20");
	agent_change_fmt(&d.v[1], line, sizeof(line));
	assert_string_equal(line, "pod replace 10.128.0.4 port veth-g vnid 10, was port veth-g vnid 0");
	agent_diff_free(&d);
	agent_state_free(&want);
	agent_state_free(&have);
}

/* ---- nftables --------------------------------------------------------------------------- */

static void nft_rules(void **state)
{
	struct agent_cluster c;
	struct agent_state s;
	char comment[64], comment2[64], *r, *r2;

	(void)state;
	PARSE_OK(&c, NULL, NULL);
	assert_int_equal(agent_desired_state(&c, 0, &s), 0);
	r = agent_nft_ruleset(&c, &s, comment, sizeof(comment));
	assert_non_null(r);
	assert_int_equal(strncmp(comment, "sdn-agent:", 10), 0);
	assert_int_equal(strlen(comment), 26);
	/* one transaction that replaces the table */
	assert_int_equal(strncmp(r, "table ip sdnbr\ndelete table ip sdnbr\ntable ip sdnbr {\n", 54), 0);
	assert_non_null(strstr(r, comment));
	assert_non_null(strstr(r, "\t\tmeta mark 0x0000000a ip saddr { 10.128.0.0/14 } snat to 192.0.2.100\n"));
	assert_non_null(strstr(r, "\t\tmeta mark 0x0000000a ip saddr { 10.128.0.0/14 } ip daddr { 10.128.0.0/14 } masquerade\n"));
	assert_non_null(strstr(r, "\t\tip saddr { 10.128.0.0/14 } ip daddr != { 10.128.0.0/14 } masquerade\n"));
	assert_non_null(strstr(r, "\t\tmeta mark & 0x00000001 == 0x00000001 return\n"));
	assert_non_null(strstr(r, "\t\tip daddr 192.0.2.100 ct state new reject\n"));
	assert_non_null(strstr(r, "udp dport 4789 notrack"));
	/* SNAT comes before the masquerade */
	assert_true(strstr(r, "snat to") < strstr(r, "daddr != "));
	agent_state_free(&s);

	/* node2 hosts nothing: a different table, and a different hash */
	assert_int_equal(agent_desired_state(&c, 1, &s), 0);
	r2 = agent_nft_ruleset(&c, &s, comment2, sizeof(comment2));
	assert_non_null(r2);
	assert_null(strstr(r2, "snat"));
	assert_string_not_equal(comment, comment2);
	free(r2);
	/* the same input, the same text */
	agent_state_free(&s);
	assert_int_equal(agent_desired_state(&c, 0, &s), 0);
	r2 = agent_nft_ruleset(&c, &s, comment2, sizeof(comment2));
	assert_string_equal(r, r2);
	assert_string_equal(comment, comment2);
	free(r2);
	free(r);
	agent_state_free(&s);
	agent_cluster_free(&c);
}

/* ---- egress and firewall messages ----------------------------------------------------------- */

static struct nlattr *first_attr(struct nl_msg *msg)
{
	return (struct nlattr *)nlmsg_data(nlmsg_hdr(msg));
}

static void kmsg_roundtrip(void **state)
{
	struct agent_egress e = { .vnid = 10, .n = 2 }, e2;
	struct agent_fw_rule rules[3] = {
		{ SDNBR_FW_ALLOW, { .plen = 32 } },
		{ SDNBR_FW_DENY, { .plen = 0 } },
		{ SDNBR_FW_ALLOW, { .plen = 24 } },
	};
	struct agent_fw f = { .vnid = 7, .n = 3, .rules = rules }, f2;
	struct nl_msg *msg;
	uint32_t mark;

	(void)state;
	e.ip[0].addr = A("192.0.2.100");
	e.ip[0].hosted = true;
	e.ip[0].node = A("192.0.2.11");
	e.ip[1].addr = A("192.0.2.101");
	rules[0].prefix.addr = A("198.51.100.7");
	rules[2].prefix.addr = A("203.0.113.0");

	msg = nlmsg_alloc_simple(1, 0);
	assert_non_null(msg);
	assert_int_equal(agent_msg_put_egress(msg, &e, false), 0);
	assert_true((size_t)nla_total_size(nla_len(first_attr(msg))) <=
		    agent_msg_egress_size(&e));
	assert_int_equal(agent_msg_parse_egress(first_attr(msg), &e2, &mark), 0);
	assert_true(agent_egress_equal(&e, &e2));
	nlmsg_free(msg);

	msg = nlmsg_alloc_simple(1, 0);
	assert_int_equal(agent_msg_put_egress(msg, &e, true), 0);
	assert_int_equal(agent_msg_parse_egress(first_attr(msg), &e2, NULL), 0);
	assert_int_equal(e2.vnid, 10);
	assert_int_equal(e2.n, 0);
	nlmsg_free(msg);

	msg = nlmsg_alloc_simple(1, 0);
	assert_int_equal(agent_msg_put_fw(msg, &f, false), 0);
	assert_true((size_t)nla_total_size(nla_len(first_attr(msg))) <=
		    agent_msg_fw_size(&f));
	assert_int_equal(agent_msg_parse_fw(first_attr(msg), &f2), 0);
	assert_true(agent_fw_equal(&f, &f2));
	free(f2.rules);
	nlmsg_free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(egress_mark),
		cmocka_unit_test(parse_base),
		cmocka_unit_test(parse_defaults),
		cmocka_unit_test(parse_shared_vnid),
		cmocka_unit_test(parse_unknown_keys),
		cmocka_unit_test(refuse_syntax),
		cmocka_unit_test(refuse_types),
		cmocka_unit_test(refuse_network),
		cmocka_unit_test(refuse_nodes),
		cmocka_unit_test(refuse_namespaces),
		cmocka_unit_test(refuse_pods),
		cmocka_unit_test(refuse_services),
		cmocka_unit_test(desired_node1),
		cmocka_unit_test(diff_none),
		cmocka_unit_test(diff_first_run),
		cmocka_unit_test(diff_pods),
		cmocka_unit_test(diff_global),
		cmocka_unit_test(diff_settings),
		cmocka_unit_test(diff_egress),
		cmocka_unit_test(diff_scale),
		cmocka_unit_test(change_lines),
		cmocka_unit_test(nft_rules),
		cmocka_unit_test(kmsg_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
