#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Life cycle under traffic. Each case runs ROUNDS (default 20) times while
# pings cross the bridge (pod to pod, host to pod through tun0, pod to pod
# over VXLAN), then checks the kernel log and that every bridge, gateway
# and port object created was destroyed:
#
#   port_delete   a port device deleted while attached
#   port_netns    a port moved to another netns
#   bridge_delete br0 deleted with ports attached
#   netns_delete  the netns that holds br0 deleted
#   rmmod         rmmod sdnbr with bridges, ports and traffic present
#   mtu_mac       MTU and MAC changes on br0, tun0, vxlan0 and a port
#
# Run one case: CASES=rmmod ./lifecycle.sh
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping
need_sdnbr
defer traffic_stop

ROUNDS=${ROUNDS:-20}
CASES=${CASES:-port_delete port_netns bridge_delete netns_delete rmmod mtu_mac}


# Node n1 with pods a (10.128.0.2) and b (.3); node n2 with pod c
# (10.128.2.2); an underlay between the nodes.
topo_up()
{
	setup_ns n2 || return 1
	node_setup "$n2" 10.128.2.1/23 192.0.2.12 || return 1
	node_peer "$n2" 10.128.0.0/23 192.0.2.11 || return 1
	pod_add "$n2" c veth-c 10.128.2.2/23 10.128.2.1 || return 1
	n1_up
}

# n1_up: node n1 with its pods and its underlay link to n2. The pods'
# namespaces outlive n1 (their eth0 dies with it): rebuilding only what
# netns deletion destroys keeps a round cheap under TCG.
n1_up()
{
	if [ -z "${a:-}" ]; then
		setup_ns a b || return 1
		quiet_ns "$a"
		quiet_ns "$b"
	fi
	setup_ns n1 || return 1
	underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 || return 1
	n1_node || return 1
	pod_attach "$n1" "$a" veth-a 10.128.0.2/23 10.128.0.1 || return 1
	pod_attach "$n1" "$b" veth-b 10.128.0.3/23 10.128.0.1 || return 1
}

n1_down()
{
	traffic_stop
	cleanup_ns "$n1"
}

# n1_node: n1's br0, tun0, vxlan0, settings and its peer n2.
n1_node()
{
	node_setup "$n1" 10.128.0.1/23 192.0.2.11 &&
		node_peer "$n1" 10.128.2.0/23 192.0.2.12
}

topo_down()
{
	n1_down
	cleanup_ns "$a"
	cleanup_ns "$b"
	cleanup_ns "$c"
	cleanup_ns "$n2"
	a= b=
}

traffic_all()
{
	traffic_start "$a" 10.128.0.3
	traffic_start "$n1" 10.128.0.2
	traffic_start "$b" 10.128.2.2
}

# reattach VETH...: put existing host veths of n1 back on br0 and
# (re)place their pods' entries.
declare -A POD_IP=([veth-a]=10.128.0.2 [veth-b]=10.128.0.3)
reattach()
{
	local d

	for d in "$@"; do
		printf 'link set %s master br0\nlink set %s up\n' "$d" "$d"
	done | ip -n "$n1" -b - || return 1
	for d in "$@"; do
		echo "pod replace dev br0 ip ${POD_IP[$d]} port $d"
	done | sdn "$n1" -b -
}

case_port_delete()
{
	local i

	traffic_start "$b" 10.128.0.2
	traffic_start "$n1" 10.128.0.2
	for ((i = 0; i < ROUNDS; i++)); do
		ip -n "$n1" link del veth-a || { fail "round $i: del veth-a"; return; }
		pod_attach "$n1" "$a" veth-a 10.128.0.2/23 10.128.0.1 ||
			{ fail "round $i: re-add veth-a"; return; }
	done
	ping_resumed "$b" 10.128.0.2 || fail "b cannot reach the re-added a"
}

case_port_netns()
{
	local i master

	traffic_all
	for ((i = 0; i < ROUNDS; i++)); do
		ip -n "$n1" link set veth-b netns "$n2" || { fail "round $i: move out"; return; }
		master=$(ip -n "$n2" -j link show veth-b | jq -r '.[0].master')
		[ "$master" = null ] || { fail "round $i: moved port kept master $master"; return; }
		ip -n "$n2" link set veth-b netns "$n1" || { fail "round $i: move back"; return; }
		reattach veth-b || { fail "round $i: reattach"; return; }
	done
	ping_resumed "$a" 10.128.0.3 || fail "a cannot reach b after the moves"
}

case_bridge_delete()
{
	local i

	traffic_all
	for ((i = 0; i < ROUNDS; i++)); do
		ip -n "$n1" -b - <<-EOF || { fail "round $i: del br0"; return; }
			link del br0
			link del vxlan0
		EOF
		n1_node || { fail "round $i: recreate"; return; }
		reattach veth-a veth-b || { fail "round $i: reattach"; return; }
	done
	ping_resumed "$a" 10.128.0.3 || fail "a cannot reach b after the last rebuild"
	ping_ok "$a" 10.128.2.2 || fail "a cannot reach c after the last rebuild"
}

case_netns_delete()
{
	local i

	for ((i = 0; i < ROUNDS; i++)); do
		traffic_all
		n1_down
		n1_up || { fail "round $i: topology ($(ip netns list | tr "\n" " "))"; return; }
	done
	traffic_all
	ping_ok "$a" 10.128.2.2 || fail "a cannot reach c after the last rebuild"
}

case_rmmod()
{
	local i

	for ((i = 0; i < ROUNDS; i++)); do
		traffic_all
		sleep 0.2
		rmmod sdnbr || { fail "round $i: rmmod"; return; }
		ip -n "$n1" link show br0 >/dev/null 2>&1 && { fail "round $i: br0 survived rmmod"; return; }
		traffic_stop
		sdnbr_load || { fail "round $i: insmod"; return; }
		ip -n "$n1" link del vxlan0
		ip -n "$n2" link del vxlan0
		n1_node || { fail "round $i: n1"; return; }
		node_setup "$n2" 10.128.2.1/23 192.0.2.12 &&
			node_peer "$n2" 10.128.0.0/23 192.0.2.11 || { fail "round $i: n2"; return; }
		reattach veth-a veth-b || { fail "round $i: reattach"; return; }
		ip -n "$n2" link set veth-c master br0 && ip -n "$n2" link set veth-c up &&
			sdn "$n2" pod add dev br0 ip 10.128.2.2 port veth-c ||
			{ fail "round $i: reattach c"; return; }
	done
	ping_resumed "$a" 10.128.2.2 || fail "a cannot reach c after the last reload"
}

case_mtu_mac()
{
	local i mtu

	traffic_all
	for ((i = 0; i < ROUNDS; i++)); do
		mtu=$((1400 + (i % 2) * 100))
		ip -n "$n1" -b - <<-EOF || { fail "round $i: MTU/MAC change"; return; }
			link set br0 mtu $mtu
			link set tun0 mtu $((mtu - 50))
			link set vxlan0 mtu $((mtu - 50))
			link set veth-b mtu $mtu
			link set br0 address 02:00:00:00:01:$(printf %02x $i)
			link set tun0 address 02:00:00:00:02:$(printf %02x $i)
			link set veth-b address 02:00:00:00:03:$(printf %02x $i)
		EOF
	done
	[ "$(ip -n "$n1" -j link show tun0 | jq -r '.[0].address')" = "02:00:00:00:02:$(printf %02x $((ROUNDS - 1)))" ]
	check_err $? "tun0 does not have the last MAC set"
	ping_ok "$a" 10.128.0.3 || fail "a cannot reach b after the changes"
	ping_ok "$n1" 10.128.0.2 || fail "the host cannot reach a after the changes"
}

# health: every object created since dmesg_mark is gone, and no splat
health()
{
	leak_check
	check_err $? "objects leaked"
	dmesg_clean
	check_err $? "kernel log"
}

if [ "${SDNBR_LEAN:-0}" = 1 ]; then
	# the debug lane's lean run (run.sh): one topology for all the cases,
	# which building costs more than their rounds there. Each case leaves
	# it whole (bridge_delete rebuilds what it deleted); one leak check
	# covers them all.
	dmesg_mark
	if topo_up; then
		for lc in $CASES; do
			"case_$lc"
			traffic_stop
			log_test "$lc: $ROUNDS rounds under traffic"
		done
		topo_down
	else
		fail "topology"
	fi
	health
	log_test "$CASES: no leak, clean log"
	exit
fi

for lc in $CASES; do
	dmesg_mark
	topo_up || { fail "topology for $lc"; log_test "$lc"; continue; }
	"case_$lc"
	topo_down
	health
	log_test "$lc: $ROUNDS rounds under traffic, no leak, clean log"
done
