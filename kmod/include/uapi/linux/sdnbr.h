/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sdnbr: the ABI shared by the kernel module and its userspace.
 */
#ifndef _UAPI_LINUX_SDNBR_H
#define _UAPI_LINUX_SDNBR_H

#define SDNBR_LINK_KIND		"sdnbr"
#define SDNBR_GENL_NAME		"sdnbr"
#define SDNBR_GENL_VERSION	1

#endif /* _UAPI_LINUX_SDNBR_H */
