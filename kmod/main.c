// SPDX-License-Identifier: GPL-2.0
/*
 * sdnbr: an OpenShift-SDN br0 datapath.
 *
 * Module entry points only. Init registers in dependency order, with the
 * user-facing interfaces last; exit is the exact reverse, so that nothing
 * can reach a half-initialised or half-torn-down module.
 */

#include <linux/module.h>
#include <linux/rcupdate.h>

#include "sdnbr.h"
#include "version.h"

static int __init sdnbr_init(void)
{
	int err;

	err = sdnbr_port_init();
	if (err)
		return err;
	err = sdnbr_bridge_init();
	if (err)
		goto err_port;
	err = sdnbr_gateway_init();
	if (err)
		goto err_bridge;

	pr_info("version %s loaded\n", SDNBR_VERSION);
	return 0;

err_bridge:
	sdnbr_bridge_exit();
err_port:
	sdnbr_port_exit();
	return err;
}

static void __exit sdnbr_exit(void)
{
	/* deleting every bridge also deletes its gateway (see dellink) */
	sdnbr_bridge_exit();
	sdnbr_gateway_exit();
	sdnbr_port_exit();
	/* port frees are call_rcu callbacks in this module's text */
	rcu_barrier();
	pr_debug("unloaded\n");
}

module_init(sdnbr_init);
module_exit(sdnbr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("OpenShift-SDN br0 datapath");
MODULE_AUTHOR("The sdnbr developers");
MODULE_VERSION(SDNBR_VERSION);
