// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the argument parsers: every accepted form, every class
 * of rejected input, and the exact message each rejection prints.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "sdnbr_parse.h"
#include "sdnbr_util.h"

static char err[256];

/* Expects -EINVAL and exactly @msg; the output must stay untouched. */
#define REJECT(call, msg)						\
	do {								\
		memset(err, 0, sizeof(err));				\
		assert_int_equal((call), -EINVAL);			\
		assert_string_equal(err, (msg));			\
	} while (0)

#define ACCEPT(call)							\
	do {								\
		memset(err, 0, sizeof(err));				\
		assert_int_equal((call), 0);				\
		assert_string_equal(err, "");				\
	} while (0)

static uint32_t ip(const char *s)
{
	struct in_addr a = { 0x5a5a5a5a };

	ACCEPT(sdnbr_parse_ipv4(s, &a, err, sizeof(err)));
	return ntohl(a.s_addr);
}

static void ipv4_valid(void **state)
{
	(void)state;
	assert_int_equal(ip("0.0.0.0"), 0);
	assert_int_equal(ip("255.255.255.255"), 0xffffffff);
	assert_int_equal(ip("10.128.0.2"), 0x0a800002);
	assert_int_equal(ip("172.30.0.1"), 0xac1e0001);
	assert_int_equal(ip("1.2.3.4"), 0x01020304);
}

static void ipv4_invalid(void **state)
{
	static const char *const bad[] = {
		"10.0.0.300",	/* octet too big */
		"256.0.0.1",
		"10.1",		/* inet_aton() short forms */
		"10.0.0",
		"167772161",
		"10.0.0.1.",	/* too many parts */
		"10.0.0.1.2",
		"",
		".10.0.0.1",
		"10..0.1",
		" 10.0.0.1",	/* whitespace */
		"10.0.0.1 ",
		"010.0.0.1",	/* octal to inet_aton() */
		"10.0.0.01",
		"0x0a.0.0.1",	/* hex */
		"1000.0.0.1",
		"10.0.0.-1",
		"10.0.0.+1",
		"a.b.c.d",
		"10.0.0.1/24",
		"::1",
	};
	struct in_addr a = { 0x5a5a5a5a };
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want), "invalid IPv4 address \"%s\"",
			 bad[i]);
		REJECT(sdnbr_parse_ipv4(bad[i], &a, err, sizeof(err)), want);
	}
	assert_int_equal(a.s_addr, 0x5a5a5a5a);
}

static void prefix_valid(void **state)
{
	struct in_addr a;
	uint8_t len = 99;

	(void)state;
	ACCEPT(sdnbr_parse_ipv4_prefix("10.128.0.0/14", &a, &len, err,
				       sizeof(err)));
	assert_int_equal(ntohl(a.s_addr), 0x0a800000);
	assert_int_equal(len, 14);
	ACCEPT(sdnbr_parse_ipv4_prefix("10.128.0.0/23", &a, &len, err,
				       sizeof(err)));
	assert_int_equal(len, 23);
	ACCEPT(sdnbr_parse_ipv4_prefix("0.0.0.0/0", &a, &len, err,
				       sizeof(err)));
	assert_int_equal(a.s_addr, 0);
	assert_int_equal(len, 0);
	ACCEPT(sdnbr_parse_ipv4_prefix("10.0.0.1/32", &a, &len, err,
				       sizeof(err)));
	assert_int_equal(ntohl(a.s_addr), 0x0a000001);
	assert_int_equal(len, 32);
}

static void prefix_invalid(void **state)
{
	struct in_addr a = { 0x5a5a5a5a };
	uint8_t len = 99;

	(void)state;
	REJECT(sdnbr_parse_ipv4_prefix("10.128.0.1/23", &a, &len, err,
				       sizeof(err)),
	       "\"10.128.0.1/23\" has host bits set; did you mean 10.128.0.0/23?");
	REJECT(sdnbr_parse_ipv4_prefix("10.129.1.0/14", &a, &len, err,
				       sizeof(err)),
	       "\"10.129.1.0/14\" has host bits set; did you mean 10.128.0.0/14?");
	REJECT(sdnbr_parse_ipv4_prefix("1.1.1.1/0", &a, &len, err,
				       sizeof(err)),
	       "\"1.1.1.1/0\" has host bits set; did you mean 0.0.0.0/0?");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0", &a, &len, err,
				       sizeof(err)),
	       "invalid IPv4 prefix \"10.0.0.0\": expected ADDRESS/LENGTH");
	REJECT(sdnbr_parse_ipv4_prefix("", &a, &len, err, sizeof(err)),
	       "invalid IPv4 prefix \"\": expected ADDRESS/LENGTH");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/33", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"33\" in \"10.0.0.0/33\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"\" in \"10.0.0.0/\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/08", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"08\" in \"10.0.0.0/08\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/8x", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"8x\" in \"10.0.0.0/8x\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/-1", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"-1\" in \"10.0.0.0/-1\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/100", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"100\" in \"10.0.0.0/100\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0/8/8", &a, &len, err,
				       sizeof(err)),
	       "invalid prefix length \"8/8\" in \"10.0.0.0/8/8\" (expected 0..32)");
	REJECT(sdnbr_parse_ipv4_prefix("10.1/16", &a, &len, err,
				       sizeof(err)),
	       "invalid IPv4 address \"10.1\" in prefix \"10.1/16\"");
	REJECT(sdnbr_parse_ipv4_prefix("10.0.0.0.0.0.0.0/8", &a, &len, err,
				       sizeof(err)),
	       "invalid IPv4 address \"10.0.0.0.0.0.0.0\" in prefix \"10.0.0.0.0.0.0.0/8\"");
	assert_int_equal(a.s_addr, 0x5a5a5a5a);
	assert_int_equal(len, 99);
}

static void mac_valid(void **state)
{
	static const uint8_t pod[6] = { 0x0a, 0x58, 0x0a, 0x80, 0x00, 0x02 };
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t m[6];

	(void)state;
	ACCEPT(sdnbr_parse_mac("0a:58:0a:80:00:02", m, 0, err, sizeof(err)));
	assert_memory_equal(m, pod, 6);
	ACCEPT(sdnbr_parse_mac("0A:58:0A:80:00:02", m,
			       SDNBR_MAC_NO_MCAST | SDNBR_MAC_NO_ZERO,
			       err, sizeof(err)));
	assert_memory_equal(m, pod, 6);
	/* Without the flags, group and zero addresses are fine. */
	ACCEPT(sdnbr_parse_mac("ff:ff:ff:ff:ff:ff", m, 0, err, sizeof(err)));
	assert_memory_equal(m, bcast, 6);
	ACCEPT(sdnbr_parse_mac("00:00:00:00:00:00", m, SDNBR_MAC_NO_MCAST,
			       err, sizeof(err)));
	ACCEPT(sdnbr_parse_mac("01:00:5e:00:00:01", m, SDNBR_MAC_NO_ZERO,
			       err, sizeof(err)));
}

static void mac_invalid(void **state)
{
	static const char *const bad[] = {
		"0a:58:0a:80:00",
		"0a:58:0a:80:00:02:03",
		"0a:58:0a:80:00:02:",
		"0a-58-0a-80-00-02",
		"0a58.0a80.0002",
		"a:58:0a:80:00:02",
		"0a:58:0a:80:00:2",
		"0a:58:0a:80:00:002",
		"0a:58:0a:80:00:0g",
		"0a:58:0a:80:00:02 ",
		" 0a:58:0a:80:00:02",
		"",
		"0a:58:0a:80:00:",
	};
	uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t orig[6] = { 1, 2, 3, 4, 5, 6 };
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want), "invalid MAC address \"%s\"",
			 bad[i]);
		REJECT(sdnbr_parse_mac(bad[i], m, 0, err, sizeof(err)), want);
	}
	REJECT(sdnbr_parse_mac("01:00:5e:00:00:01", m, SDNBR_MAC_NO_MCAST,
			       err, sizeof(err)),
	       "MAC address \"01:00:5e:00:00:01\" is a multicast address");
	REJECT(sdnbr_parse_mac("ff:ff:ff:ff:ff:ff", m, SDNBR_MAC_NO_MCAST,
			       err, sizeof(err)),
	       "MAC address \"ff:ff:ff:ff:ff:ff\" is a multicast address");
	REJECT(sdnbr_parse_mac("00:00:00:00:00:00", m, SDNBR_MAC_NO_ZERO,
			       err, sizeof(err)),
	       "MAC address \"00:00:00:00:00:00\" is all zeros");
	assert_memory_equal(m, orig, 6);
}

static uint32_t u32(const char *s, uint32_t min, uint32_t max)
{
	uint32_t v = 0x5a5a5a5a;

	ACCEPT(sdnbr_parse_u32(s, "value", min, max, &v, err, sizeof(err)));
	return v;
}

static void u32_valid(void **state)
{
	(void)state;
	assert_int_equal(u32("0", 0, 10), 0);
	assert_int_equal(u32("42", 0, 100), 42);
	assert_int_equal(u32("0x2a", 0, 100), 42);
	assert_int_equal(u32("0X2A", 0, 100), 42);
	assert_int_equal(u32("0xffffffff", 0, UINT32_MAX), UINT32_MAX);
	assert_int_equal(u32("4294967295", 0, UINT32_MAX), UINT32_MAX);
	assert_int_equal(u32("010", 0, 100), 10);	/* decimal, not octal */
	assert_int_equal(u32("5", 5, 5), 5);
}

static void u32_invalid(void **state)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "0x", "0xg", "0x-1", "1.5", "1e3",
		"0x0x10", "abc", "12abc", "- 1", "0x 1",
	};
	uint32_t v = 0x5a5a5a5a;
	char want[128];
	size_t i;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(bad); i++) {
		snprintf(want, sizeof(want), "invalid priority \"%s\"", bad[i]);
		REJECT(sdnbr_parse_u32(bad[i], "priority", 0, 65535, &v, err,
				       sizeof(err)), want);
	}
	REJECT(sdnbr_parse_u32("70000", "priority", 0, 65535, &v, err,
			       sizeof(err)),
	       "priority \"70000\" out of range 0..65535");
	REJECT(sdnbr_parse_u32("4", "priority", 5, 9, &v, err, sizeof(err)),
	       "priority \"4\" out of range 5..9");
	REJECT(sdnbr_parse_u32("4294967296", "table", 0, UINT32_MAX, &v, err,
			       sizeof(err)),
	       "table \"4294967296\" out of range 0..4294967295");
	REJECT(sdnbr_parse_u32("0x100000000", "table", 0, UINT32_MAX, &v, err,
			       sizeof(err)),
	       "table \"0x100000000\" out of range 0..4294967295");
	REJECT(sdnbr_parse_u32("99999999999999999999999", "table", 0,
			       UINT32_MAX, &v, err, sizeof(err)),
	       "table \"99999999999999999999999\" out of range 0..4294967295");
	REJECT(sdnbr_parse_u32("x", NULL, 0, 1, &v, err, sizeof(err)),
	       "invalid number \"x\"");
	assert_int_equal(v, 0x5a5a5a5a);
}

static void parse_vnid(void **state)
{
	uint32_t v = 1;

	(void)state;
	ACCEPT(sdnbr_parse_vnid("0", &v, err, sizeof(err)));
	assert_int_equal(v, 0);
	ACCEPT(sdnbr_parse_vnid("16777215", &v, err, sizeof(err)));
	assert_int_equal(v, 0xffffff);
	ACCEPT(sdnbr_parse_vnid("0xABCDEF", &v, err, sizeof(err)));
	assert_int_equal(v, 0xabcdef);
	REJECT(sdnbr_parse_vnid("16777216", &v, err, sizeof(err)),
	       "VNID \"16777216\" out of range 0..16777215");
	REJECT(sdnbr_parse_vnid("0x1000000", &v, err, sizeof(err)),
	       "VNID \"0x1000000\" out of range 0..16777215");
	REJECT(sdnbr_parse_vnid("-1", &v, err, sizeof(err)),
	       "invalid VNID \"-1\"");
	REJECT(sdnbr_parse_vnid("default", &v, err, sizeof(err)),
	       "invalid VNID \"default\"");
	assert_int_equal(v, 0xabcdef);
}

static void parse_ifname(void **state)
{
	char name[IFNAMSIZ];

	(void)state;
	ACCEPT(sdnbr_parse_ifname("eth0", name, err, sizeof(err)));
	assert_string_equal(name, "eth0");
	ACCEPT(sdnbr_parse_ifname("veth1234567890a", name, err, sizeof(err)));
	assert_string_equal(name, "veth1234567890a");
	ACCEPT(sdnbr_parse_ifname("...", name, err, sizeof(err)));
	ACCEPT(sdnbr_parse_ifname("br0.100", name, err, sizeof(err)));
	strcpy(name, "untouched");
	REJECT(sdnbr_parse_ifname("", name, err, sizeof(err)),
	       "invalid interface name \"\": empty");
	REJECT(sdnbr_parse_ifname("veth1234567890ab", name, err, sizeof(err)),
	       "invalid interface name \"veth1234567890ab\": longer than 15 characters");
	REJECT(sdnbr_parse_ifname("a/b", name, err, sizeof(err)),
	       "invalid interface name \"a/b\": contains '/'");
	REJECT(sdnbr_parse_ifname("eth0:1", name, err, sizeof(err)),
	       "invalid interface name \"eth0:1\": contains ':'");
	REJECT(sdnbr_parse_ifname("a b", name, err, sizeof(err)),
	       "invalid interface name \"a b\": contains whitespace");
	REJECT(sdnbr_parse_ifname("a\tb", name, err, sizeof(err)),
	       "invalid interface name \"a\tb\": contains whitespace");
	REJECT(sdnbr_parse_ifname("eth0\n", name, err, sizeof(err)),
	       "invalid interface name \"eth0\n\": contains whitespace");
	REJECT(sdnbr_parse_ifname(".", name, err, sizeof(err)),
	       "invalid interface name \".\"");
	REJECT(sdnbr_parse_ifname("..", name, err, sizeof(err)),
	       "invalid interface name \"..\"");
	assert_string_equal(name, "untouched");
}

static void parse_proto(void **state)
{
	uint8_t p = 0;

	(void)state;
	ACCEPT(sdnbr_parse_proto("tcp", &p, err, sizeof(err)));
	assert_int_equal(p, 6);
	ACCEPT(sdnbr_parse_proto("UDP", &p, err, sizeof(err)));
	assert_int_equal(p, 17);
	ACCEPT(sdnbr_parse_proto("icmp", &p, err, sizeof(err)));
	assert_int_equal(p, 1);
	ACCEPT(sdnbr_parse_proto("sctp", &p, err, sizeof(err)));
	assert_int_equal(p, 132);
	ACCEPT(sdnbr_parse_proto("0", &p, err, sizeof(err)));
	assert_int_equal(p, 0);
	ACCEPT(sdnbr_parse_proto("255", &p, err, sizeof(err)));
	assert_int_equal(p, 255);
	ACCEPT(sdnbr_parse_proto("0x2f", &p, err, sizeof(err)));
	assert_int_equal(p, 47);
	REJECT(sdnbr_parse_proto("tcpx", &p, err, sizeof(err)),
	       "invalid protocol \"tcpx\" (expected tcp, udp, icmp, sctp or 0..255)");
	REJECT(sdnbr_parse_proto("", &p, err, sizeof(err)),
	       "invalid protocol \"\" (expected tcp, udp, icmp, sctp or 0..255)");
	REJECT(sdnbr_parse_proto("-1", &p, err, sizeof(err)),
	       "invalid protocol \"-1\" (expected tcp, udp, icmp, sctp or 0..255)");
	REJECT(sdnbr_parse_proto("256", &p, err, sizeof(err)),
	       "protocol \"256\" out of range 0..255");
	assert_int_equal(p, 47);
}

static void parse_port(void **state)
{
	uint16_t p = 0;

	(void)state;
	ACCEPT(sdnbr_parse_port("1", &p, err, sizeof(err)));
	assert_int_equal(p, 1);
	ACCEPT(sdnbr_parse_port("65535", &p, err, sizeof(err)));
	assert_int_equal(p, 65535);
	ACCEPT(sdnbr_parse_port("0x50", &p, err, sizeof(err)));
	assert_int_equal(p, 80);
	REJECT(sdnbr_parse_port("0", &p, err, sizeof(err)),
	       "port \"0\" out of range 1..65535");
	REJECT(sdnbr_parse_port("65536", &p, err, sizeof(err)),
	       "port \"65536\" out of range 1..65535");
	REJECT(sdnbr_parse_port("http", &p, err, sizeof(err)),
	       "invalid port \"http\"");
	REJECT(sdnbr_parse_port("-80", &p, err, sizeof(err)),
	       "invalid port \"-80\"");
	assert_int_equal(p, 80);
}

static void parse_bool_words(void **state)
{
	static const char *const yes[] = { "on", "yes", "true", "1", "ON",
					   "True" };
	static const char *const no[] = { "off", "no", "false", "0", "OFF",
					  "No" };
	size_t i;
	bool b;

	(void)state;
	for (i = 0; i < SDNBR_ARRAY_SIZE(yes); i++) {
		b = false;
		ACCEPT(sdnbr_parse_bool(yes[i], &b, err, sizeof(err)));
		assert_true(b);
		ACCEPT(sdnbr_parse_bool(no[i], &b, err, sizeof(err)));
		assert_false(b);
	}
	REJECT(sdnbr_parse_bool("maybe", &b, err, sizeof(err)),
	       "invalid boolean \"maybe\" (expected on/off, yes/no, true/false or 1/0)");
	REJECT(sdnbr_parse_bool("", &b, err, sizeof(err)),
	       "invalid boolean \"\" (expected on/off, yes/no, true/false or 1/0)");
	REJECT(sdnbr_parse_bool("2", &b, err, sizeof(err)),
	       "invalid boolean \"2\" (expected on/off, yes/no, true/false or 1/0)");
	REJECT(sdnbr_parse_bool("yess", &b, err, sizeof(err)),
	       "invalid boolean \"yess\" (expected on/off, yes/no, true/false or 1/0)");
	assert_false(b);
}

/* A NULL or short error buffer must be safe. */
static void error_buffer(void **state)
{
	struct in_addr a;
	char small[8];

	(void)state;
	assert_int_equal(sdnbr_parse_ipv4("x", &a, NULL, 0), -EINVAL);
	memset(small, 'z', sizeof(small));
	assert_int_equal(sdnbr_parse_ipv4("10.0.0.300", &a, small,
					  sizeof(small)), -EINVAL);
	assert_string_equal(small, "invalid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_valid),
		cmocka_unit_test(ipv4_invalid),
		cmocka_unit_test(prefix_valid),
		cmocka_unit_test(prefix_invalid),
		cmocka_unit_test(mac_valid),
		cmocka_unit_test(mac_invalid),
		cmocka_unit_test(u32_valid),
		cmocka_unit_test(u32_invalid),
		cmocka_unit_test(parse_vnid),
		cmocka_unit_test(parse_ifname),
		cmocka_unit_test(parse_proto),
		cmocka_unit_test(parse_port),
		cmocka_unit_test(parse_bool_words),
		cmocka_unit_test(error_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
