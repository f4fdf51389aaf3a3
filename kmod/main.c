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
	err = sdnbr_genl_init();
	if (err)
		goto err_gateway;

	pr_info("version %s loaded\n", SDNBR_VERSION);
	return 0;

err_gateway:
	sdnbr_gateway_exit();
err_bridge:
	sdnbr_bridge_exit();
err_port:
	sdnbr_port_exit();
	return err;
}

static void __exit sdnbr_exit(void)
{
	sdnbr_genl_exit();
	/* deleting every bridge also deletes its gateway (see dellink) */
	sdnbr_bridge_exit();
	sdnbr_gateway_exit();
	sdnbr_port_exit();
	/* port and entry frees are call_rcu callbacks in this module */
	rcu_barrier();
	pr_debug("unloaded\n");
}

module_init(sdnbr_init);
module_exit(sdnbr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("OpenShift-SDN br0 datapath");
MODULE_AUTHOR("The sdnbr developers");
MODULE_VERSION(SDNBR_VERSION);
