/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdnbr-cni: a CNI 1.0 plugin that attaches a pod to an sdnbr node.
 *
 * The pieces:
 *   conf.c    the CNI environment and the network configuration on
 *             stdin: parse and validate (pure)
 *   ipam.c    host-local style address reservations in a directory,
 *             under flock
 *   result.c  the result and error JSON on stdout (pure)
 *   net.c     the veth pair, the pod's addresses and routes (rtnetlink),
 *             and the pod entry (the sdnbr generic netlink family)
 *   nft.c     the pod's openshift-block-output table (nft, run in the
 *             pod's network namespace)
 *   main.c    ADD, DEL, CHECK and VERSION
 *
 * Addresses are struct in_addr in network byte order, as in sdnbr_msg.h.
 */
#ifndef SDNBR_CNI_H
#define SDNBR_CNI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <net/if.h>
#include <netinet/in.h>

#include "sdnbr_msg.h"

#define CNI_ERR_MAX		512
#define CNI_DEFAULT_BRIDGE	"br0"
#define CNI_DEFAULT_DATA_DIR	"/var/lib/cni/networks"
#define CNI_ID_MAX		256
#define CNI_NAME_MAX		256
/* the table OpenShift SDN's plugin puts in every pod (spec section 1.4) */
#define CNI_BLOCK_TABLE		"openshift-block-output"
#define CNI_DEFAULT_METADATA_IP	"169.254.169.254"

/*
 * Error codes. 1 to 11 are the CNI specification's; 100 and up are this
 * plugin's own (sdnbr-cni(8) lists them).
 */
enum cni_err {
	CNI_OK = 0,
	CNI_ERR_VERSION = 1,		/* incompatible CNI version */
	CNI_ERR_UNSUPPORTED_FIELD = 2,	/* unsupported configuration field */
	CNI_ERR_NO_CONTAINER = 3,	/* container unknown or gone */
	CNI_ERR_ENV = 4,		/* invalid environment variables */
	CNI_ERR_IO = 5,			/* I/O failure */
	CNI_ERR_DECODE = 6,		/* failed to decode content */
	CNI_ERR_CONFIG = 7,		/* invalid network configuration */
	CNI_ERR_TRY_AGAIN = 11,		/* try again later */
	CNI_ERR_DATAPATH = 100,		/* the node: links, routes, br0 */
	CNI_ERR_IPAM_EXHAUSTED = 101,	/* no free address in the subnet */
	CNI_ERR_CHECK = 102,		/* CHECK found a difference */
};

enum cni_cmd {
	CNI_CMD_ADD,
	CNI_CMD_DEL,
	CNI_CMD_CHECK,
	CNI_CMD_VERSION,
};

/* What went wrong: the code and message of the error JSON. */
struct cni_error {
	int code;
	char msg[CNI_ERR_MAX];
	char details[CNI_ERR_MAX];
};

__attribute__((format(printf, 3, 4)))
int cni_fail(struct cni_error *e, int code, const char *fmt, ...);

/* ---- the environment and the configuration (conf.c) --------------------- */

/* The versions this plugin speaks, oldest first; the last is the newest. */
extern const char *const cni_versions[];
extern const size_t cni_n_versions;
/* 1.0.0 > 0.4.0 > 0.3.1; -1 for a version that does not parse */
int cni_version_cmp(const char *a, const char *b);
bool cni_version_supported(const char *v);

struct cni_env {
	enum cni_cmd cmd;
	char container_id[CNI_ID_MAX];
	char netns[PATH_MAX];		/* "" when not given (DEL) */
	char ifname[IFNAMSIZ];
	/* from CNI_ARGS */
	char k8s_namespace[CNI_NAME_MAX];
	char k8s_pod[CNI_NAME_MAX];
};

/*
 * Reads CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME and CNI_ARGS
 * through @get (getenv in the plugin, a table in the tests). Each command
 * requires what the specification says it does. Errors are
 * CNI_ERR_ENV and name the variable.
 */
int cni_env_parse(struct cni_env *env, const char *(*get)(const char *),
		  struct cni_error *e);

struct cni_conf {
	char version[16];		/* cniVersion */
	char name[CNI_NAME_MAX];	/* the network's name */
	char bridge[IFNAMSIZ];
	bool has_mtu;
	uint32_t mtu;			/* the pod interfaces' MTU */
	bool has_route_mtu;
	uint32_t route_mtu;		/* "mtu" on every pod route */
	bool has_vnid;
	uint32_t vnid;
	char cluster_file[PATH_MAX];	/* "" when not given */
	char data_dir[PATH_MAX];	/* the reservations of this network */
	bool block_output;		/* install CNI_BLOCK_TABLE in the pod */
	struct in_addr metadata_ip;	/* the cloud's metadata service */
	/* CHECK: the address prevResult gives the interface, if any */
	bool has_prev_ip;
	struct in_addr prev_ip;
	uint8_t prev_plen;
	/* unknown top-level keys, reported on stderr as warnings */
	unsigned int n_unknown;
	char unknown[8][64];
};

/*
 * Parses the network configuration (stdin) for @cmd. A document that is
 * not JSON is CNI_ERR_DECODE; a missing or wrong field CNI_ERR_CONFIG; a
 * cniVersion this plugin does not speak CNI_ERR_VERSION.
 */
int cni_conf_parse(struct cni_conf *c, const char *text, size_t len,
		   enum cni_cmd cmd, struct cni_error *e);

/*
 * The VNID of the pod's namespace: the configuration's "vnid", else the
 * namespace's in the cluster file (sdn-agent's format), else 0 in subnet
 * mode; a multitenant bridge with neither is an error.
 */
int cni_conf_vnid(const struct cni_conf *c, const struct cni_env *env,
		  bool multitenant, uint32_t *vnid, struct cni_error *e);

/* The host side's name: "veth" and 8 hex digits of a hash of both IDs. */
void cni_host_veth_name(const char *container_id, const char *ifname,
			char name[IFNAMSIZ]);

/* ---- address reservations (ipam.c) ------------------------------------- */

/*
 * A directory per network, as CNI's host-local plugin keeps it: a file
 * named after each reserved address holding "CONTAINER_ID\nIFNAME\n",
 * "last_reserved_ip.0", and "lock", which every invocation holds with
 * flock(LOCK_EX) while it reads or changes the directory.
 */
struct cni_ipam {
	int dirfd;
	int lockfd;
	char dir[PATH_MAX];
};

/* Creates the directory (and its parents) if needed and takes the lock. */
int cni_ipam_open(struct cni_ipam *ipam, const char *dir,
		  struct cni_error *e);
/* Releases the lock. */
void cni_ipam_close(struct cni_ipam *ipam);

/* The address reserved for (@id, @ifname): 0, or -ENOENT. */
int cni_ipam_find(struct cni_ipam *ipam, const char *id, const char *ifname,
		  struct in_addr *ip);

/*
 * Reserves a host address of @subnet other than @gateway for (@id,
 * @ifname), round robin after the last one reserved; an address already
 * reserved for them is returned again. -ENOSPC (CNI_ERR_IPAM_EXHAUSTED)
 * when every address is taken.
 */
int cni_ipam_alloc(struct cni_ipam *ipam, const struct sdnbr_prefix *subnet,
		   struct in_addr gateway, const char *id, const char *ifname,
		   struct in_addr *ip, struct cni_error *e);

/* Releases what (@id, @ifname) holds: the count released, or -errno. */
int cni_ipam_release(struct cni_ipam *ipam, const char *id,
		     const char *ifname, struct cni_error *e);

/* How many addresses are reserved (any owner). */
int cni_ipam_count(struct cni_ipam *ipam);

/* ---- results (result.c) --------------------------------------------------- */

struct cni_route {
	struct sdnbr_prefix dst;
	bool has_gw;
	struct in_addr gw;
};

#define CNI_MAX_ROUTES	(SDNBR_MAX_CLUSTER_NETWORKS + 3)

/* What ADD did: the result's interfaces, address and routes. */
struct cni_attachment {
	char host_veth[IFNAMSIZ];
	uint8_t host_mac[6];
	char ifname[IFNAMSIZ];
	uint8_t mac[6];
	char netns[PATH_MAX];
	struct in_addr ip;
	uint8_t plen;
	struct in_addr gateway;
	uint32_t mtu;
	uint32_t route_mtu;		/* 0: none */
	unsigned int n_routes;
	struct cni_route routes[CNI_MAX_ROUTES];
};

/*
 * The pod's routes (spec section 1.4): default via the gateway, the
 * service network via the gateway, each cluster network and 224.0.0.0/4
 * on-link.
 */
void cni_pod_routes(struct cni_attachment *a, const struct sdnbr_config *cfg);

int cni_print_result(FILE *out, const char *version,
		     const struct cni_attachment *a);
int cni_print_version(FILE *out, const char *version);
int cni_print_error(FILE *out, const char *version, const struct cni_error *e);

/* ---- the node and the pod (net.c) ------------------------------------------ */

struct nl_sock;
struct sdnbr_nl;

/* The node's side: sockets in the node's network namespace, and br0. */
struct cni_node {
	int self_ns;			/* this process's network namespace */
	struct nl_sock *rt;		/* rtnetlink */
	struct sdnbr_nl *nl;		/* the sdnbr family; NULL if absent */
	char bridge[IFNAMSIZ];
	int br_ifindex;			/* 0: no such bridge */
	struct sdnbr_bridge br;		/* its settings (BR_GET) */
};

/*
 * Opens the sockets and reads @bridge's settings. With @need_bridge a
 * missing module or bridge is an error (CNI_ERR_DATAPATH), and a bridge
 * without its settings CNI_ERR_TRY_AGAIN; without it (DEL) they leave
 * node->nl NULL or node->br_ifindex 0.
 */
int cni_node_open(struct cni_node *node, const char *bridge, bool need_bridge,
		  struct cni_error *e);
void cni_node_close(struct cni_node *node);

/* The pod's network namespace by path: CNI_ERR_NO_CONTAINER when gone. */
int cni_netns_open(const char *path, int *fd, struct cni_error *e);

/* The veth pair, the pod side configured, the host side on the bridge. */
int cni_pod_create(struct cni_node *node, int podns,
		   struct cni_attachment *a, struct cni_error *e);
/* The link @name in the node, if it is a veth: 1 deleted, 0 absent. */
int cni_host_veth_delete(struct cni_node *node, const char *name,
			 struct cni_error *e);
/* The host veth's ifindex, or 0 if there is none. */
int cni_link_ifindex(struct cni_node *node, const char *name);
/* Its ifindex (0: none), master and whether it is up, for CHECK. */
int cni_host_veth_state(struct cni_node *node, const char *name, int *master,
			bool *up);

/* The pod entry: install (create or replace), read, delete. */
int cni_entry_set(struct cni_node *node, struct in_addr ip, int ifindex,
		  uint32_t vnid, struct cni_error *e);
/* 0 found, -ENOENT none, else an error in @e */
int cni_entry_get(struct cni_node *node, struct in_addr ip,
		  struct sdnbr_pod *pod, struct cni_error *e);
int cni_entry_del(struct cni_node *node, struct in_addr ip,
		  struct cni_error *e);

/* CHECK: the pod's interface, address and routes are as @a says. */
int cni_pod_check(struct cni_node *node, int podns,
		  const struct cni_attachment *a, struct cni_error *e);

/* ---- the pod's nftables table (nft.c) ------------------------------------------ */

/*
 * Creates or replaces CNI_BLOCK_TABLE in the pod's namespace, in one nft
 * transaction: TCP SYNs to the machine-config server's ports 22623 and
 * 22624 get a reset, and everything to @c->metadata_ip but DNS (TCP and
 * UDP 53) is rejected. CNI_ERR_DATAPATH, with nft's reason, on failure.
 */
int cni_block_install(int podns, const struct cni_conf *c,
		      struct cni_error *e);
/* Deletes the table, for ADD's undo; its absence is not an error. */
void cni_block_remove(int podns);
/* CHECK: the table is there, for @c->metadata_ip; CNI_ERR_CHECK if not. */
int cni_block_check(int podns, const struct cni_conf *c, struct cni_error *e);

#endif /* SDNBR_CNI_H */
