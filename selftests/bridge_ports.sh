#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The br0 device and its ports: creation, ip -d / ethtool output, several
# bridges in several namespaces, the three port kinds, and every refused
# port kind with its errno and extack text.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ethtool
need_sdnbr
dmesg_mark

setup_ns n1 n2

test_create()
{
	ip -n "$n1" link add br0 type sdnbr
	check_err $? "ip link add br0 type sdnbr failed"
	[ "$(ip -n "$n1" -d -j link show br0 | jq -r '.[0].linkinfo.info_kind')" = sdnbr ]
	check_err $? "ip -d link does not show kind sdnbr"
	ip netns exec "$n1" ethtool -i br0 | grep -q '^driver: sdnbr$'
	check_err $? "ethtool -i br0 does not name the driver"
	ip netns exec "$n1" ethtool -i br0 | grep -qE '^version: [0-9]+\.[0-9]+\.[0-9]+$'
	check_err $? "ethtool -i br0 does not give the version"
	log_test "ip link add br0 type sdnbr; ip -d link and ethtool -i show it"
}

test_several()
{
	local ns

	ip -n "$n1" link add br1 type sdnbr
	check_err $? "second bridge in one netns"
	ip -n "$n2" link add br0 type sdnbr
	check_err $? "bridge of the same name in another netns"
	for ns in "$n1" "$n2"; do
		ip -n "$ns" link set br0 up || fail "br0 up in $ns"
	done
	ip -n "$n1" link del br1
	check_err $? "deleting br1"
	log_test "several bridges in several network namespaces"
}

test_port_kinds()
{
	local info

	ip -n "$n1" link add tun0 link br0 type sdnbr-gw
	check_err $? "ip link add tun0 link br0 type sdnbr-gw failed"
	ip -n "$n1" link add vxlan0 type vxlan external dstport 4789
	ip -n "$n1" link set vxlan0 master br0
	check_err $? "external vxlan refused"
	ip -n "$n1" link add veth0 type veth peer name veth1
	ip -n "$n1" link set veth0 master br0
	check_err $? "veth refused"

	info=$(ip -n "$n1" -d -j link show br0 | jq -c '.[0].linkinfo')
	[ "$(ip -n "$n1" -j link show tun0 | jq -r '.[0].master')" = br0 ]
	check_err $? "tun0 does not show master br0"
	[ "$(ip -n "$n1" -j link show veth0 | jq -r '.[0].master')" = br0 ]
	check_err $? "veth0 does not show master br0"
	[ "$(ip -n "$n1" -d -j link show veth0 | jq -r '.[0].linkinfo.info_slave_kind')" = sdnbr ]
	check_err $? "veth0 slave kind is not sdnbr"
	ip netns exec "$n1" ethtool -i tun0 | grep -q '^driver: sdnbr$'
	check_err $? "ethtool -i tun0 does not name the driver"

	ip -n "$n1" link set veth0 nomaster
	check_err $? "nomaster failed"
	[ "$(ip -n "$n1" -j link show veth0 | jq -r '.[0].master')" = null ]
	check_err $? "veth0 still has a master"
	ip -n "$n1" link set veth0 master br0
	check_err $? "re-attach after nomaster failed"
	log_test "pod (veth), gateway (sdnbr-gw) and tunnel (vxlan) ports attach"
}

# refuse ERRNO_TEXT EXTACK DEV: ip link set DEV master br0 must fail so.
refuse()
{
	local out

	out=$(expect_err "$1" "$2" ip -n "$n1" link set "$3" master br0)
	check_err $? "$3: ${out#\# }"
}

test_refusals()
{
	local out

	refuse "" "Error: sdnbr: a loopback device cannot be a port." lo
	ip -n "$n1" link add dummy0 type dummy
	refuse "" "Error: sdnbr: unsupported device; ports are veth, vxlan or sdnbr-gw devices." dummy0
	ip -n "$n1" link add vx2 type vxlan id 5 dstport 4790
	refuse "" "Error: sdnbr: the VXLAN device must be in external (collect_md) mode." vx2
	ip -n "$n1" link add vx3 type vxlan external dstport 4791
	refuse "" "Error: sdnbr: the bridge already has a tunnel port." vx3
	refuse "" "Error: sdnbr: a bridge cannot be its own port." br0

	ip -n "$n1" link add br9 type sdnbr
	refuse "" "Error: sdnbr: an sdnbr bridge cannot be a port of another bridge." br9
	# the lower device of a macvlan is owned by macvlan's rx_handler
	ip -n "$n1" link add vethm type veth peer name vethn
	ip -n "$n1" link add mv0 link vethm type macvlan mode bridge
	refuse "" "Error: sdnbr: the device is in use by another rx_handler (macvlan, ipvlan...)." vethm
	refuse "" "Error: sdnbr: unsupported device; ports are veth, vxlan or sdnbr-gw devices." mv0

	# like any master, "ip link set DEV master br0" first releases DEV
	# from its old master; the port moves
	ip -n "$n1" link add vethx type veth peer name vethy
	ip -n "$n1" link set vethx master br9
	ip -n "$n1" link set vethx master br0
	check_err $? "moving a port from br9 to br0 failed"
	[ "$(ip -n "$n1" -j link show vethx | jq -r '.[0].master')" = br0 ]
	check_err $? "vethx did not move to br0"
	ip -n "$n1" link set vethx nomaster

	out=$(expect_err "" "Error: sdnbr-gw: the bridge already has a gateway port." \
		ip -n "$n1" link add tun1 link br0 type sdnbr-gw)
	check_err $? "second gateway: $out"
	ip -n "$n1" link add lbr type bridge
	out=$(expect_err "" "Error: sdnbr-gw: 'link' must be an sdnbr bridge in the same network namespace." \
		ip -n "$n1" link add tun1 link lbr type sdnbr-gw)
	check_err $? "gateway on a Linux bridge: $out"
	out=$(expect_err "" "Error: sdnbr-gw: name the bridge with 'link BRIDGE'." \
		ip -n "$n1" link add tun1 type sdnbr-gw)
	check_err $? "gateway without link: $out"
	out=$(expect_err "Operation not supported" "" ip -n "$n1" link set tun0 nomaster)
	check_err $? "tun0 nomaster: $out"
	# moving tun0 means leaving br0 first, which br0 refuses
	out=$(expect_err "Operation not supported" "" ip -n "$n1" link set tun0 master br9)
	check_err $? "tun0 to another bridge: $out"
	[ "$(ip -n "$n1" -j link show tun0 | jq -r '.[0].master')" = br0 ]
	check_err $? "tun0 left br0 after a refused move"

	# both ends of one veth would loop the flood
	ip -n "$n1" link add lp0 type veth peer name lp1
	ip -n "$n1" link set lp0 master br9
	refuse "" "Error: sdnbr: the other end of this veth is already a port; that would loop." lp1
	ip -n "$n1" link del lp0
	# 6.1 answers a bare EINVAL, 6.12 adds "The interface netns is
	# immutable."; either way br0 must stay where it is
	out=$(ip -n "$n1" link set br0 netns "$n2" 2>&1)
	[ $? -ne 0 ] && [[ "$out" == *"Invalid argument"* ||
			  "$out" == *"netns is immutable"* ]] &&
		ip -n "$n1" link show br0 >/dev/null 2>&1
	check_err $? "br0 moved to another netns: $out"

	# a device of another netns cannot even be named: the core refuses
	ip -n "$n2" link add vethz type veth peer name vethw
	out=$(expect_err "" "" ip -n "$n1" link set vethz master br0)
	check_err $? "device of another netns: $out"

	# nothing refused may have changed the bridge
	[ "$(ip -n "$n1" -j link show master br0 | jq length)" = 3 ]
	check_err $? "br0 has $(ip -n "$n1" -j link show master br0 | jq length) ports, want 3"
	log_test "refused ports: loopback, other kinds, non-external vxlan, second tunnel/gateway, enslaved, br0 itself"
}

test_readonly_attrs()
{
	# iproute2 cannot send IFLA_INFO_DATA for our kind; the refusal of
	# read-only attributes is covered by the netlink conformance tests.
	[ "$(ip -n "$n1" -d -j link show tun0 | jq -r '.[0].linkinfo.info_kind')" = sdnbr-gw ]
	check_err $? "tun0 kind is not sdnbr-gw"
	log_test "tun0 reports kind sdnbr-gw"
}

test_delete()
{
	ip -n "$n1" link del br0
	check_err $? "ip link del br0 failed"
	! ip -n "$n1" link show tun0 >/dev/null 2>&1
	check_err $? "tun0 survived br0"
	[ "$(ip -n "$n1" -j link show veth0 | jq -r '.[0].master')" = null ]
	check_err $? "veth0 still enslaved after br0 was deleted"
	ip -n "$n1" link show vxlan0 >/dev/null 2>&1
	check_err $? "vxlan0 was deleted with br0"
	ip -n "$n1" link set vxlan0 master br9
	check_err $? "vxlan0 cannot join another bridge after br0 went"
	ip -n "$n1" link del br9
	ip -n "$n2" link del br0
	leak_check
	check_err $? "objects leaked"
	[ "$(objects_created port)" -ge 4 ]
	check_err $? "leak accounting saw only $(objects_created port) ports"
	dmesg_clean
	check_err $? "kernel log"
	log_test "ip link del br0 removes its gateway and releases the other ports"
}

test_create
test_several
test_port_kinds
test_refusals
test_readonly_attrs
test_delete
