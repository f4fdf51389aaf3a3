/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sdnbr: the ABI shared by the kernel module and its userspace.
 *
 * Two rtnetlink link kinds:
 *   "sdnbr"     the bridge (br0):  ip link add br0 type sdnbr
 *   "sdnbr-gw"  its gateway port:  ip link add tun0 link br0 type sdnbr-gw
 * and a generic netlink family, "sdnbr", that configures the pipeline.
 */
#ifndef _UAPI_LINUX_SDNBR_H
#define _UAPI_LINUX_SDNBR_H

#include <linux/types.h>

#define SDNBR_LINK_KIND		"sdnbr"
#define SDNBR_GW_LINK_KIND	"sdnbr-gw"
#define SDNBR_GENL_NAME		"sdnbr"
#define SDNBR_GENL_VERSION	1

/* The kind of a port, as reported in IFLA_SDNBR_PORT_KIND. */
enum sdnbr_port_kind {
	SDNBR_PORT_POD,		/* a pod's host-side veth */
	SDNBR_PORT_GATEWAY,	/* tun0, the node's way into the host stack */
	SDNBR_PORT_TUNNEL,	/* vxlan0, a collect_md VXLAN device */
	__SDNBR_PORT_KIND_MAX,
};

/*
 * IFLA_INFO_DATA of an "sdnbr" link (ip -d link show br0). All read-only:
 * the bridge is configured through generic netlink.
 */
enum {
	IFLA_SDNBR_UNSPEC,
	IFLA_SDNBR_N_PORTS,		/* u32: ports attached */
	IFLA_SDNBR_GATEWAY,		/* u32: ifindex of the gateway port */
	IFLA_SDNBR_TUNNEL,		/* u32: ifindex of the tunnel port */
	__IFLA_SDNBR_MAX,
};

#define IFLA_SDNBR_MAX (__IFLA_SDNBR_MAX - 1)

/* IFLA_INFO_SLAVE_DATA of a port (ip -d link show vethX). */
enum {
	IFLA_SDNBR_PORT_UNSPEC,
	IFLA_SDNBR_PORT_KIND,		/* u32: enum sdnbr_port_kind */
	IFLA_SDNBR_PORT_RX_PACKETS,	/* u64: into the pipeline from it */
	IFLA_SDNBR_PORT_RX_BYTES,	/* u64 */
	IFLA_SDNBR_PORT_TX_PACKETS,	/* u64: out of the pipeline to it */
	IFLA_SDNBR_PORT_TX_BYTES,	/* u64 */
	IFLA_SDNBR_PORT_RX_DROPPED,	/* u64: dropped on the way in */
	IFLA_SDNBR_PORT_TX_DROPPED,	/* u64: dropped on the way out */
	IFLA_SDNBR_PORT_PAD,
	__IFLA_SDNBR_PORT_MAX,
};

#define IFLA_SDNBR_PORT_MAX (__IFLA_SDNBR_PORT_MAX - 1)

#endif /* _UAPI_LINUX_SDNBR_H */
