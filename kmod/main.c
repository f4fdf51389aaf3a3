// SPDX-License-Identifier: GPL-2.0
/*
 * sdnbr: an OpenShift-SDN br0 datapath.
 *
 * Module entry points only; every subsystem registers itself from here in
 * dependency order and unregisters in reverse.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sdnbr.h>

static int __init sdnbr_init(void)
{
	pr_info("version %s loaded\n", SDNBR_VERSION);
	return 0;
}

static void __exit sdnbr_exit(void)
{
	pr_debug("unloaded\n");
}

module_init(sdnbr_init);
module_exit(sdnbr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("OpenShift-SDN br0 datapath");
MODULE_AUTHOR("The sdnbr developers");
MODULE_VERSION(SDNBR_VERSION);
