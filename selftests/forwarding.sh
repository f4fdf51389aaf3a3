#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# All three port kinds carry packets both ways through the fixed flood
# rule: veth to veth, veth to tun0 to the host, and veth over vxlan0 to a
# second bridge in another namespace. Counters are checked exactly.
#
#   pod a 10.128.0.2 --+                      +-- pod c 10.128.2.2
#   pod b 10.128.0.3 --+-- n1: br0 ... br0 :n2 -+
#             tun0 10.128.0.1   vxlan0 <-> vxlan0   tun0 10.128.2.1
#                      eth0 192.0.2.11 <-> 192.0.2.12 eth0
. "$(dirname "$0")/lib.sh"
require_cmd ip jq socat ping
need_sdnbr
dmesg_mark
defer traffic_stop

setup_ns n1 n2
underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24
node_setup "$n1" 10.128.0.1/23 192.0.2.12 || exit 1
node_setup "$n2" 10.128.2.1/23 192.0.2.11 || exit 1
pod_add "$n1" a veth-a 10.128.0.2/23 10.128.0.1 || exit 1
pod_add "$n1" b veth-b 10.128.0.3/23 10.128.0.1 || exit 1
pod_add "$n2" c veth-c 10.128.2.2/23 10.128.2.1 || exit 1

# Static neighbours everywhere: no ARP, and (IPv6 off) nothing but the
# test's own packets crosses the bridges, so every counter is exact.
neigh()
{
	ip -n "$1" neigh replace "$2" lladdr "$3" dev "$4" nud permanent
}
for p in "$a:10.128.0.2" "$b:10.128.0.3" "$c:10.128.2.2"; do
	for q in 10.128.0.2 10.128.0.3 10.128.2.2; do
		[ "${p#*:}" = $q ] || neigh "${p%%:*}" $q "$(pod_mac $q)" eth0
	done
done
neigh "$a" 10.128.0.1 "$(ip -n "$n1" -j link show tun0 | jq -r '.[0].address')" eth0
neigh "$n1" 10.128.0.2 "$(pod_mac 10.128.0.2)" tun0

test_veth_veth()
{
	local rx0 tx0 rx1 tx1 got

	rx0=$(link_stat "$n1" br0 rx packets)
	tx0=$(link_stat "$n1" br0 tx packets)
	ping_ok "$a" 10.128.0.3 10
	check_err $? "a -> b"
	rx1=$(link_stat "$n1" br0 rx packets)
	tx1=$(link_stat "$n1" br0 tx packets)
	# 10 requests + 10 replies in; each flooded to the 3 other ports
	[ $((rx1 - rx0)) = 20 ]
	check_err $? "br0 rx grew by $((rx1 - rx0)), want 20"
	[ $((tx1 - tx0)) = 60 ]
	check_err $? "br0 tx grew by $((tx1 - tx0)), want 60"
	ping_ok "$b" 10.128.0.2 10
	check_err $? "b -> a"

	ip netns exec "$b" socat -u UDP-RECV:7000 OPEN:/tmp/fwd-udp-$$,creat,trunc &
	sleep 0.3
	echo "hello over sdnbr" | ip netns exec "$a" socat -u - UDP-SENDTO:10.128.0.3:7000
	wait_for 3 grep -q "hello over sdnbr" /tmp/fwd-udp-$$
	check_err $? "UDP a -> b did not arrive"
	kill %% 2>/dev/null
	rm -f /tmp/fwd-udp-$$
	log_test "veth to veth: ping both ways, UDP, exact br0 counters"
}

test_veth_tun0()
{
	local rx0 rx1 tx0 tx1

	rx0=$(link_stat "$n1" tun0 rx packets)
	tx0=$(link_stat "$n1" tun0 tx packets)
	ping_ok "$n1" 10.128.0.2 10
	check_err $? "host -> pod a via tun0"
	ping_ok "$a" 10.128.0.1 10
	check_err $? "pod a -> host (gateway address)"
	rx1=$(link_stat "$n1" tun0 rx packets)
	tx1=$(link_stat "$n1" tun0 tx packets)
	[ $((tx1 - tx0)) = 20 ] && [ $((rx1 - rx0)) = 20 ]
	check_err $? "tun0 counted rx +$((rx1 - rx0)) tx +$((tx1 - tx0)), want 20 each"
	log_test "veth to tun0 to the host and back, exact tun0 counters"
}

test_veth_vxlan()
{
	local rx0 rx1

	rx0=$(link_stat "$n2" vxlan0 rx packets)
	ping_ok "$a" 10.128.2.2 10
	check_err $? "a -> c over VXLAN"
	ping_ok "$c" 10.128.0.3 10
	check_err $? "c -> b over VXLAN"
	rx1=$(link_stat "$n2" vxlan0 rx packets)
	# n2's vxlan0 gets a's 10 requests and b's 10 replies
	[ $((rx1 - rx0)) = 20 ]
	check_err $? "n2 vxlan0 received $((rx1 - rx0)), want 20"
	log_test "veth over vxlan0 to a bridge in another netns, both ways"
}

test_drop_when_down()
{
	local d0 d1

	d0=$(link_stat "$n1" br0 rx dropped)
	ip -n "$n1" link set br0 down
	! ping_ok "$a" 10.128.0.3 3 >/dev/null
	check_err $? "traffic crossed a bridge that is down"
	d1=$(link_stat "$n1" br0 rx dropped)
	[ $((d1 - d0)) = 3 ]
	check_err $? "br0 rx_dropped grew by $((d1 - d0)), want 3"
	ip -n "$n1" link set br0 up
	ping_ok "$a" 10.128.0.3 3
	check_err $? "traffic did not resume after br0 up"
	log_test "a bridge that is down drops and counts every packet"
}

test_veth_veth
test_veth_tun0
test_veth_vxlan
test_drop_when_down
dmesg_clean
check_err $? "kernel log"
log_test "no kernel warnings"
