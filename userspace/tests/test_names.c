// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the names of drop reasons, tables, modes and attribute
 * keywords.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"

/* Lower case, digits and single dashes, neither first nor last. */
static void assert_keyword_style(const char *name)
{
	size_t i, n = strlen(name);

	assert_true(n > 0);
	assert_true(name[0] != '-' && name[n - 1] != '-');
	for (i = 0; i < n; i++) {
		assert_true(islower((unsigned char)name[i]) ||
			    isdigit((unsigned char)name[i]) || name[i] == '-');
		if (name[i] == '-')
			assert_true(name[i + 1] != '-');
	}
}

static void reasons(void **state)
{
	char buf[SDNBR_NAME_STRLEN];
	uint32_t r, s;

	(void)state;
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_SPOOF_IP),
			    "spoof-ip");
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_NOT_IP_ARP),
			    "not-ip-arp");
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_BRIDGE_DOWN),
			    "bridge-down");
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_NONE), "none");
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_FIREWALL),
			    "firewall");
	assert_string_equal(sdnbr_drop_reason_name(SDNBR_DROP_EGRESS_NO_IP),
			    "egress-no-ip");
	assert_int_equal(sdnbr_drop_reason_lookup("egress-no-ip"),
			 SDNBR_DROP_EGRESS_NO_IP);
	assert_string_equal(sdnbr_drop_reason_desc(SDNBR_DROP_SPOOF_IP),
			    "source IP is not the pod's on that port");

	for (r = 0; r <= SDNBR_DROP_MAX; r++) {
		const char *name = sdnbr_drop_reason_name(r);

		assert_non_null(name);
		assert_non_null(sdnbr_drop_reason_desc(r));
		assert_keyword_style(name);
		assert_int_equal(sdnbr_drop_reason_lookup(name), (int)r);
		assert_string_equal(sdnbr_fmt_drop_reason(r, buf), name);
		for (s = 0; s < r; s++)
			assert_string_not_equal(name,
						sdnbr_drop_reason_name(s));
	}

	/* a newer kernel's reason */
	assert_null(sdnbr_drop_reason_name(SDNBR_DROP_MAX + 1));
	assert_null(sdnbr_drop_reason_desc(SDNBR_DROP_MAX + 1));
	assert_string_equal(sdnbr_fmt_drop_reason(4000000000U, buf),
			    "reason-4000000000");
	assert_int_equal(sdnbr_drop_reason_lookup("spoof_ip"), -1);
	assert_int_equal(sdnbr_drop_reason_lookup(""), -1);
}

static void tables(void **state)
{
	static const struct {
		uint32_t num;
		const char *fmt;
	} want[] = {
		{ SDNBR_TABLE_CLASSIFY, "0 classify" },
		{ SDNBR_TABLE_VXLAN_IN, "10 vxlan-in" },
		{ SDNBR_TABLE_POD_IN, "20 pod-in" },
		{ SDNBR_TABLE_GW_POD, "25 gw-pod" },
		{ SDNBR_TABLE_ROUTE, "31 route" },
		{ SDNBR_TABLE_ARP_LOCAL, "40 arp-local" },
		{ SDNBR_TABLE_ARP_REMOTE, "50 arp-remote" },
		{ SDNBR_TABLE_SERVICE, "60 service" },
		{ SDNBR_TABLE_IP_LOCAL, "70 ip-local" },
		{ SDNBR_TABLE_ISOLATION, "80 isolation" },
		{ SDNBR_TABLE_IP_REMOTE, "90 ip-remote" },
		{ SDNBR_TABLE_DNS, "99 dns" },
		{ SDNBR_TABLE_FIREWALL, "100 firewall" },
		{ SDNBR_TABLE_EGRESS, "101 egress" },
		{ SDNBR_TABLE_MULTICAST, "110 multicast" },
		{ SDNBR_TABLE_OUTPUT, "255 output" },
	};
	char buf[SDNBR_NAME_STRLEN];
	unsigned int i;

	(void)state;
	assert_int_equal(sdnbr_table_count(), sizeof(want) / sizeof(want[0]));
	for (i = 0; i < sdnbr_table_count(); i++) {
		const char *name;

		/* in pipeline order */
		assert_int_equal(sdnbr_table_at(i), want[i].num);
		assert_string_equal(sdnbr_fmt_table(want[i].num, buf),
				    want[i].fmt);
		name = sdnbr_table_name(want[i].num);
		assert_keyword_style(name);
		assert_non_null(sdnbr_table_desc(want[i].num));
		assert_int_equal(sdnbr_table_lookup(name), (int)want[i].num);
	}
	assert_null(sdnbr_table_name(21));
	assert_null(sdnbr_table_desc(21));
	assert_string_equal(sdnbr_fmt_table(21, buf), "21");
	assert_string_equal(sdnbr_fmt_table(4294967295U, buf), "4294967295");
	assert_int_equal(sdnbr_table_lookup("nope"), -1);
}

static void modes(void **state)
{
	(void)state;
	assert_string_equal(sdnbr_mode_name(SDNBR_MODE_SUBNET), "subnet");
	assert_string_equal(sdnbr_mode_name(SDNBR_MODE_MULTITENANT),
			    "multitenant");
	assert_null(sdnbr_mode_name(0));
	assert_null(sdnbr_mode_name(SDNBR_MODE_MAX + 1));
	assert_int_equal(sdnbr_mode_lookup("subnet"), SDNBR_MODE_SUBNET);
	assert_int_equal(sdnbr_mode_lookup("multitenant"),
			 SDNBR_MODE_MULTITENANT);
	assert_int_equal(sdnbr_mode_lookup("networkpolicy"), -1);
	assert_int_equal(sdnbr_mode_lookup(""), -1);
}

static void keywords(void **state)
{
	(void)state;
	assert_string_equal(sdnbr_attr_keyword(0, SDNBR_A_IFNAME), "dev");
	assert_string_equal(sdnbr_attr_keyword(0, SDNBR_A_IFINDEX), "dev");
	assert_null(sdnbr_attr_keyword(0, SDNBR_A_PAD));
	assert_null(sdnbr_attr_keyword(0, SDNBR_A_MAX + 1));
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_POD, SDNBR_POD_A_IP),
			    "ip");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_POD,
					       SDNBR_POD_A_IFINDEX), "port");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_POD, SDNBR_POD_A_MAC),
			    "mac");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_POD, SDNBR_POD_A_VNID),
			    "vnid");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_NODE,
					       SDNBR_NODE_A_SUBNET), "subnet");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_NODE, SDNBR_NODE_A_IP),
			    "ip");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_NS,
					       SDNBR_NS_A_GLOBAL), "global");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_CONFIG,
					       SDNBR_CFG_A_CLUSTER_NETWORK),
			    "cluster-network");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_CONFIG,
					       SDNBR_CFG_A_MAX_ENTRIES),
			    "max-entries");
	assert_null(sdnbr_attr_keyword(SDNBR_A_CONFIG, 0));
	assert_null(sdnbr_attr_keyword(SDNBR_A_NS, 77));
	assert_null(sdnbr_attr_keyword(SDNBR_A_STATS, SDNBR_STATS_A_PODS));

	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_EGRESS,
					       SDNBR_EGRESS_A_VNID), "vnid");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_EGRESS,
					       SDNBR_EGRESS_A_IP), "ip");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_EGRESS,
					       SDNBR_EGRESS_A_MARK), "mark");
	assert_null(sdnbr_attr_keyword(SDNBR_A_EGRESS, SDNBR_EGRESS_A_PAD));
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_FW, SDNBR_FW_A_VNID),
			    "vnid");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_FW, SDNBR_FW_A_RULE),
			    "rule");
	assert_string_equal(sdnbr_attr_keyword(SDNBR_A_FW, SDNBR_FW_A_DENIED),
			    "denied");
	assert_null(sdnbr_attr_keyword(SDNBR_A_FW, SDNBR_FW_A_MAX + 1));

	assert_string_equal(sdnbr_entry_name(SDNBR_A_POD), "pod");
	assert_string_equal(sdnbr_entry_name(SDNBR_A_NODE), "node");
	assert_string_equal(sdnbr_entry_name(SDNBR_A_NS), "ns");
	assert_string_equal(sdnbr_entry_name(SDNBR_A_EGRESS), "egress");
	assert_string_equal(sdnbr_entry_name(SDNBR_A_FW), "firewall");
	assert_null(sdnbr_entry_name(SDNBR_A_CONFIG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reasons),
		cmocka_unit_test(tables),
		cmocka_unit_test(modes),
		cmocka_unit_test(keywords),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
