/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sdn-agent: the parts that talk to the kernel and the host.
 */
#ifndef SDN_AGENT_IO_H
#define SDN_AGENT_IO_H

#include <netlink/msg.h>

#include "agent.h"
#include "sdnbr_nl.h"

/* ---- egress and firewall entries on the wire (kmsg.c) ---------------------- */

/* One SDNBR_A_EGRESS nest; with @key_only just the VNID (for DEL). */
int agent_msg_put_egress(struct nl_msg *msg, const struct agent_egress *e,
			 bool key_only);
int agent_msg_put_fw(struct nl_msg *msg, const struct agent_fw *f,
		     bool key_only);
/* Upper bounds of what they add. */
size_t agent_msg_egress_size(const struct agent_egress *e);
size_t agent_msg_fw_size(const struct agent_fw *f);
/* Parse one nest; fw->rules is malloc'ed (free it). -EPROTO if malformed. */
int agent_msg_parse_egress(struct nlattr *nest, struct agent_egress *e,
			   uint32_t *mark);
int agent_msg_parse_fw(struct nlattr *nest, struct agent_fw *f);

/* ---- the sdnbr flow table (kernel.c) -------------------------------------- */

struct agent_kernel {
	struct sdnbr_nl *nl;
	char bridge[IFNAMSIZ];
	/* the module knows egress and firewall entries */
	bool has_egress;
	bool has_fw;
};

int agent_kernel_open(struct agent_kernel *k, const char *bridge,
		      char *err, size_t errlen);
void agent_kernel_close(struct agent_kernel *k);
/* The bridge's settings and every entry, sorted. 0 or -errno (@err). */
int agent_kernel_read(struct agent_kernel *k, struct agent_state *have,
		      char *err, size_t errlen);
/*
 * Applies @d in its order, as few messages as the batching allows, and
 * logs each change as it takes effect. An entry the kernel refuses is
 * reported and skipped; the others still go. Returns the number of
 * failures.
 */
unsigned long agent_kernel_apply(struct agent_kernel *k,
				 const struct agent_diff *d,
				 struct agent_counts *n);

/* ---- the host (host.c) ------------------------------------------------------ */

struct agent_host;

int agent_host_open(struct agent_host **hp, char *err, size_t errlen);
void agent_host_close(struct agent_host *h);

/* br0, tun0 and vxlan0: exist, right kind and settings, up, attached. */
void agent_host_links(struct agent_host *h, const struct agent_cluster *c,
		      struct agent_counts *n);
/* tun0's address, the routes of spec 1.3, ip_forward. */
void agent_host_routes(struct agent_host *h, const struct agent_cluster *c,
		       const struct sdnbr_config *cfg, struct agent_counts *n);
/*
 * Each desired pod's veth attached to br0 and up, with its ifindex filled
 * in; a pod whose veth is missing is reported and dropped from @want.
 */
void agent_host_attach(struct agent_host *h, struct agent_state *want,
		       struct agent_counts *n);
/* Ports of br0 that are no pod's veth any more: detached. */
void agent_host_detach(struct agent_host *h, const struct agent_state *want,
		       struct agent_counts *n);
/*
 * The uplink: @name if given, else the interface holding @node_ip.
 * 0 or -ENODEV.
 */
int agent_host_uplink(struct agent_host *h, const char *name,
		      struct in_addr node_ip, char out[IFNAMSIZ]);
/*
 * Egress IP addresses on @uplink, labelled "<uplink>:eip": with @add the
 * missing ones are added (and announced by gratuitous ARP), else the ones
 * no longer wanted are removed.
 */
void agent_host_eips(struct agent_host *h, const char *uplink,
		     const struct agent_state *want, bool add,
		     struct agent_counts *n);

/* ---- nftables (nft.c) ------------------------------------------------------------ */

/* The table in place, replaced if its comment says it is not @ruleset's. */
void agent_nft_sync(const char *ruleset, const char *comment,
		    struct agent_counts *n);

/* ---- gratuitous ARP (garp.c) ------------------------------------------------ */

int agent_garp(int ifindex, const unsigned char mac[6], struct in_addr ip);

#endif /* SDN_AGENT_IO_H */
