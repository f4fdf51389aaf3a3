#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10,000 pods and 1,000 remote nodes installed with one sdnctl batch, and
# traffic still takes the right paths: the table's size must not change
# what the pipeline decides. Install times are printed, not asserted.
#
#   n1: local subnet 10.128.0.0/18; pods a .2, b .3 real, 10,000 more on
#       the port scale0; nodes: 1,000 in 10.130.0.0/16 (/26 each) and n2
#   n2: local subnet 10.131.0.0/23, pod c .2
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping
need_sdnbr
dmesg_mark

PODS=${PODS:-10000}
NODES=${NODES:-1000}

setup_ns n1 n2
underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 || exit 1
node_setup "$n1" 10.128.0.1/18 192.0.2.11 || exit 1
node_setup "$n2" 10.131.0.1/23 192.0.2.12 || exit 1
node_peer "$n2" 10.128.0.0/18 192.0.2.11 || exit 1
pod_add "$n1" a veth-a 10.128.0.2/18 10.128.0.1 || exit 1
pod_add "$n1" b veth-b 10.128.0.3/18 10.128.0.1 || exit 1
pod_add "$n2" c veth-c 10.131.0.2/23 10.131.0.1 || exit 1
ip -n "$n1" -b - <<-EOF || exit 1
	link add scale0 type veth peer name scale1
	link set scale0 master br0
EOF

batch=$(mktemp)
defer rm -f "$batch"
# pods from 10.128.1.0 upwards, nodes 10.130.N.0/26 at 198.18.x.y
awk -v pods="$PODS" -v nodes="$NODES" 'BEGIN {
	for (i = 0; i < pods; i++) {
		ip = 256 + i
		printf "pod add dev br0 ip 10.128.%d.%d port scale0 vnid %d\n",
			int(ip / 256), ip % 256, 10 + i % 50
	}
	for (i = 0; i < nodes; i++)
		printf "node add dev br0 subnet 10.130.%d.%d/26 ip 198.18.%d.%d\n",
			int(i / 4), (i % 4) * 64, int(i / 250), 1 + i % 250
	print "node add dev br0 subnet 10.131.0.0/23 ip 192.0.2.12"
}' >"$batch"

test_install()
{
	local t0 t1 pods nodes

	t0=$(date +%s%N)
	sdn "$n1" -b "$batch"
	check_err $? "sdnctl -b of $PODS pods and $((NODES + 1)) nodes"
	t1=$(date +%s%N)
	log_info "installed $PODS pods + $((NODES + 1)) nodes in $(((t1 - t0) / 1000000)) ms"
	pods=$(sdn "$n1" -j bridge show dev br0 | jq '.[0].stats.pods')
	nodes=$(sdn "$n1" -j bridge show dev br0 | jq '.[0].stats.nodes')
	[ "$pods" = $((PODS + 2)) ] && [ "$nodes" = $((NODES + 1)) ]
	check_err $? "the bridge holds $pods pods and $nodes nodes"
	[ "$(sdn "$n1" -j pod show dev br0 | jq length)" = $((PODS + 2)) ]
	check_err $? "a dump does not return every pod"
	log_test "$PODS pods and $((NODES + 1)) nodes install with sdnctl -b"
}

test_traffic()
{
	local t0 t1

	ping_ok "$a" 10.128.0.3
	check_err $? "a -> b among $PODS pods"
	ping_ok "$a" 10.131.0.2
	check_err $? "a -> c with $NODES other nodes"
	t0=$(link_stat "$n1" scale0 tx packets)
	ping_ok "$c" 10.128.0.2 10
	check_err $? "c -> a"
	t1=$(link_stat "$n1" scale0 tx packets)
	[ "$t1" = "$t0" ]
	check_err $? "the scale port got $((t1 - t0)) packets meant for a"
	log_test "traffic takes the right paths with the table full"
}

test_flush()
{
	local t0 t1 replies

	t0=$(date +%s%N)
	sdn "$n1" pod flush dev br0 && sdn "$n1" node flush dev br0
	check_err $? "flush"
	t1=$(date +%s%N)
	log_info "flushed in $(((t1 - t0) / 1000000)) ms"
	[ "$(sdn "$n1" -j bridge show dev br0 | jq '.[0].stats.entries')" = 0 ]
	check_err $? "entries left after flush"
	replies=$(ip netns exec "$a" ping -c 2 -W 1 -i 0.1 10.128.0.3 2>&1 | grep -c ttl=)
	[ "$replies" = 0 ]
	check_err $? "traffic still flows after the flush"
	log_test "flushing $PODS pods and $((NODES + 1)) nodes"
}

test_install
test_traffic
test_flush
dmesg_clean
check_err $? "kernel log"
log_test "no kernel warnings"
