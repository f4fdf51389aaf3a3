#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a caller without CAP_NET_ADMIN, and what a pod, cannot do.
#
#  * A process in a user namespace of its own (no CAP_NET_ADMIN over the
#    node's network namespace), and one running as nobody: every change
#    command fails with EPERM and nothing changes. They may read: the
#    settings, the counters and every entry (show, get), and the events
#    (monitor). A user namespace may run an sdnbr bridge of its own in a
#    network namespace it owns, and reaches no other.
#  * A pod cannot reach another node's pods with a VXLAN packet it forged
#    (to the other node, to its own node, to its gateway): each is dropped
#    as vxlan-port, counted, and none arrives.
#
# Spoofed IPs and ARP, pod UDP to 4789 towards a pod, VXLAN from an
# unknown underlay address and multitenant isolation are in
# pod_network.sh; another tenant's services in egress.sh (see
# Documentation/testing.rst).
. "$(dirname "$0")/lib.sh"
require_cmd ip jq python3 unshare setpriv
need_sdnbr
dmesg_mark

PKTSEND="python3 $(dirname "$(readlink -f "$0")")/pktsend.py"

setup_ns n1 n2 || exit $ksft_fail
node_setup "$n1" 10.128.0.1/23 192.0.2.11 multitenant || exit $ksft_fail
node_setup "$n2" 10.128.2.1/23 192.0.2.12 multitenant || exit $ksft_fail
underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 || exit $ksft_fail
node_peer "$n1" 10.128.2.0/23 192.0.2.12 || exit $ksft_fail
node_peer "$n2" 10.128.0.0/23 192.0.2.11 || exit $ksft_fail
pod_add "$n1" a veth-a 10.128.0.2/23 10.128.0.1 10 || exit $ksft_fail
pod_add "$n2" c veth-c 10.128.2.2/23 10.128.2.1 10 || exit $ksft_fail
for n in "$n1" "$n2"; do
	sdn "$n" -b - <<-EOF || exit $ksft_fail
		ns add dev br0 vnid 10
		ns add dev br0 vnid 20 global on
		egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11
		firewall add dev br0 vnid 10 allow 198.51.100.0/24 deny 0.0.0.0/0
	EOF
done

# the state without counters (nothing moves, but be sure)
state()
{
	sdn "$n1" -j show | jq -S 'walk(if type == "object" then
		with_entries(select(.key | test("packets|bytes|drops|rx|tx|allowed|denied|memory") | not))
		else . end)'
}

# as_userns CMD...: CMD in n1, in a user namespace of its own
as_userns()
{
	ip netns exec "$n1" unshare -U "$@"
}

as_nobody()
{
	ip netns exec "$n1" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$@"
}

CHANGES=(
	"bridge set dev br0 mtu 1400"
	"bridge set dev br0 mode subnet"
	"pod add dev br0 ip 10.128.0.9 port veth-a"
	"pod replace dev br0 ip 10.128.0.2 port veth-a vnid 20"
	"pod change dev br0 ip 10.128.0.2 port veth-a vnid 20"
	"pod del dev br0 ip 10.128.0.2"
	"pod flush dev br0"
	"node add dev br0 subnet 10.128.4.0/23 ip 192.0.2.13"
	"node replace dev br0 subnet 10.128.2.0/23 ip 192.0.2.13"
	"node change dev br0 subnet 10.128.2.0/23 ip 192.0.2.13"
	"node del dev br0 subnet 10.128.2.0/23"
	"node flush dev br0"
	"ns add dev br0 vnid 30"
	"ns replace dev br0 vnid 10 global on"
	"ns del dev br0 vnid 10"
	"ns flush dev br0"
	"egress add dev br0 vnid 20 ip 192.0.2.101"
	"egress replace dev br0 vnid 10"
	"egress del dev br0 vnid 10"
	"egress flush dev br0"
	"firewall add dev br0 vnid 20 deny 0.0.0.0/0"
	"firewall replace dev br0 vnid 10"
	"firewall del dev br0 vnid 10"
	"firewall flush dev br0"
)

READS=(
	"show"
	"bridge show dev br0"
	"pod show dev br0"
	"pod get dev br0 ip 10.128.0.2"
	"node show dev br0"
	"node get dev br0 subnet 10.128.2.0/23"
	"ns show dev br0"
	"ns get dev br0 vnid 10"
	"egress show dev br0"
	"egress get dev br0 vnid 10"
	"firewall show dev br0"
	"firewall get dev br0 vnid 10"
)

# in_as AS CMD...: run each sdnctl command line given on stdin as AS, in
# one process (exec is what costs, on the debug kernel above all); print
# "RC<tab>COMMAND<tab>OUTPUT" a line
in_as()
{
	$1 bash -c 'while IFS= read -r c; do
		out=$("$0" $c 2>&1 </dev/null); rc=$?
		printf "%s\t%s\t%s\n" "$rc" "$c" "${out//[$'"'"'\n\t'"'"']/ }"
	done' "$SDNCTL"
}

test_no_changes()
{
	local as=$1 what=$2 before after rc c out n=0

	before=$(state)
	[ -n "$before" ]
	check_err $? "no state to compare"
	while IFS=$'\t' read -r rc c out; do
		n=$((n + 1))
		[ "$rc" != 0 ] && [[ "$out" == *"Operation not permitted"* ]]
		check_err $? "$what: sdnctl $c: $rc $out"
	done < <(printf '%s\n' "${CHANGES[@]}" | in_as "$as")
	[ "$n" = ${#CHANGES[@]} ]
	check_err $? "$what: $n of ${#CHANGES[@]} commands ran"
	# a batch too: one message with many entries
	printf 'pod add dev br0 ip 10.128.0.%d port veth-a\n' 10 11 12 |
		expect_err "Operation not permitted" "" $as "$SDNCTL" -b -
	check_err $? "$what: a batch"
	after=$(state)
	[ "$before" = "$after" ]
	check_err $? "$what: the state changed"
	log_test "$what: every change command fails with EPERM, nothing changes"
}

test_reads()
{
	local as=$1 what=$2 rc c out n=0 mine root

	while IFS=$'\t' read -r rc c out; do
		n=$((n + 1))
		[ "$rc" = 0 ] && [ -n "$out" ]
		check_err $? "$what: sdnctl $c: $rc $out"
	done < <(printf -- '-j %s\n' "${READS[@]}" | in_as "$as")
	[ "$n" = ${#READS[@]} ]
	check_err $? "$what: $n of ${#READS[@]} reads ran"
	# and what it sees is what root sees
	mine=$($as "$SDNCTL" -j show | jq -S 'walk(if type == "object" then del(.packets, .bytes) else . end)')
	root=$(sdn "$n1" -j show | jq -S 'walk(if type == "object" then del(.packets, .bytes) else . end)')
	[ -n "$mine" ] && [ "$mine" = "$root" ]
	check_err $? "$what: sdnctl show differs from root's"
	log_test "$what: may read settings, counters and every entry"
}

test_events()
{
	local out=/tmp/security-monitor-$$ pid

	as_userns "$SDNCTL" monitor >"$out" 2>&1 &
	pid=$!
	# time to subscribe: sdnctl starts slowly on a loaded debug kernel
	sleep 2
	sdn "$n1" ns add dev br0 vnid 40
	check_err $? "root: ns add"
	wait_for 5 grep -q 40 "$out"
	check_err $? "the monitor in a user namespace saw no event: $(cat "$out")"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sdn "$n1" ns del dev br0 vnid 40
	rm -f "$out"
	log_test "userns: may read the events (monitor)"
}

test_own_netns()
{
	local out

	# as root in a user namespace of its own, with a network namespace
	# it owns: CAP_NET_ADMIN there, and nowhere else
	out=$(ip netns exec "$n1" unshare -Urn sh -c '
		ip link set lo up &&
		ip link add br0 type sdnbr &&
		ip link add vp type veth peer name vq &&
		ip link set vp master br0 &&
		"$0" bridge set dev br0 mode subnet cluster-network 10.128.0.0/14 \
			local-subnet 10.128.8.0/23 gateway 10.128.8.1 node-ip 192.0.2.50 &&
		"$0" pod add dev br0 ip 10.128.8.2 port vp &&
		"$0" -j pod show dev br0' "$SDNCTL" 2>&1)
	check_err $? "a user namespace could not run a bridge of its own: $out"
	[ "$(jq -r '.[0].ip // .[0].pods[0].ip // empty' <<<"$out" 2>/dev/null)" = 10.128.8.2 ] ||
		grep -q 10.128.8.2 <<<"$out"
	check_err $? "its pod is not there: $out"
	sdn "$n1" pod get dev br0 ip 10.128.8.2 >/dev/null 2>&1
	check_fail $? "its pod reached the node's br0"
	log_test "userns: may run a bridge in a network namespace it owns, and reach no other"
}

test_forged_vxlan()
{
	local amac cmac f0 f1 d0 d1 dst

	amac=$(pod_mac 10.128.0.2)
	cmac=$(pod_mac 10.128.2.2)
	ping_ok "$a" 10.128.2.2
	check_err $? "a reaches c"
	f0=$(from_count "$c" 10.128.0.66)
	for dst in 192.0.2.12 192.0.2.11 10.128.0.1; do
		d0=$(drop_count "$n1" vxlan-port)
		ip netns exec "$a" $PKTSEND vxlan 10.128.0.2 "$dst" 10 \
			"$amac" "$cmac" 10.128.0.66 10.128.2.2 3
		d1=$(drop_count "$n1" vxlan-port)
		[ $((d1 - d0)) = 3 ]
		check_err $? "VXLAN to $dst: vxlan-port drops grew by $((d1 - d0)), want 3"
	done
	sleep 0.5
	f1=$(from_count "$c" 10.128.0.66)
	[ "$f1" = "$f0" ]
	check_err $? "c received $((f1 - f0)) forged packets"
	log_test "a pod's forged VXLAN (to another node, its own node, its gateway) dropped as vxlan-port"
}

test_no_changes as_userns "userns"
test_no_changes as_nobody "nobody"
test_reads as_userns "userns"
test_reads as_nobody "nobody"
test_events
test_own_netns
test_forged_vxlan

ip -n "$n1" link del br0
ip -n "$n2" link del br0
leak_check
check_err $? "objects leaked"
dmesg_clean
check_err $? "kernel log"
log_test "no leaks, no kernel splat"
