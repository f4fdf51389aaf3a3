/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels sdnbr supports (Debian's 6.1 and 6.12).
 * Kbuild greps the target headers and defines SDNBR_HAVE_*; everything
 * version-dependent lives here so that the rest of the code reads as
 * current mainline.
 */
#ifndef _SDNBR_COMPAT_H
#define _SDNBR_COMPAT_H

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ip_tunnels.h>

/* Lockless transmit: a netdev feature bit until 6.12 made it a flag. */
static inline void sdnbr_dev_set_lltx(struct net_device *dev)
{
#ifdef SDNBR_HAVE_DEV_LLTX
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

/*
 * Pin a device to its netns: a feature bit, then dev->netns_local (6.12),
 * renamed netns_immutable later and backported to 6.12.y stable.
 */
static inline void sdnbr_dev_set_netns_local(struct net_device *dev)
{
#if defined(SDNBR_HAVE_DEV_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif defined(SDNBR_HAVE_DEV_NETNS_LOCAL)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* Tunnel flags: a __be16 until 6.10 made them a bitmap. */
static inline void sdnbr_tun_set_df(struct ip_tunnel_info *info)
{
#ifdef SDNBR_HAVE_TUNNEL_FLAGS_BITMAP
	__set_bit(IP_TUNNEL_DONT_FRAGMENT_BIT, info->key.tun_flags);
#else
	info->key.tun_flags |= TUNNEL_DONT_FRAGMENT;
#endif
}

/* A dump's parsed attributes: genl_info_dump() since 6.2. */
static inline struct nlattr **
sdnbr_genl_dump_attrs(struct netlink_callback *cb)
{
#ifdef SDNBR_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _SDNBR_COMPAT_H */
