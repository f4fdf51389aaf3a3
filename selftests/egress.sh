#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Seed paths 3 to 7 in multitenant mode: pod to service to pod (same node
# and across nodes), pod to outside through the node IP, through an egress
# IP on its node and on another node, through an egress-router pod, and
# the egress firewall. The external host answers with the source address
# it saw, so every assertion is on what the far end observed.
#
#   n1 10.128.0.0/23: a .2 (vnid 10), b .3 (10), d .4 (20), f .5 (30),
#                     g .6 (0), r .7 (10, egress router, macvlan .60)
#   n2 10.128.2.0/23: c .2 (10)
#   n3 10.128.4.0/23: no pods; hosts egress IP .101 for vnid 20
#   underlay 192.0.2.0/24 (a Linux bridge in netns ul): n1 .11, n2 .12,
#   n3 .13, ext .50 and .51; egress IPs .100 (n1, vnid 10), .101
#   (vnid 20), .102 (vnid 30, hosted nowhere)
. "$(dirname "$0")/lib.sh"
require_cmd ip jq socat ping python3 nft tc
need_sdnbr
dmesg_mark
defer traffic_stop

PKTSEND="python3 $(dirname "$(readlink -f "$0")")/pktsend.py"
EXT=192.0.2.50

setup_ns ul n1 n2 n3 ext || exit 1
ip -n "$ul" link add hub type bridge && ip -n "$ul" link set hub up || exit 1
# hub_port NS IP/PFX: eth0 of NS on the underlay hub
hub_port()
{
	ip link add eth0 netns "$1" type veth peer name "p-${1%%-*}" netns "$ul" || return 1
	ip -n "$ul" -b - <<-EOF || return 1
		link set p-${1%%-*} master hub
		link set p-${1%%-*} up
	EOF
	printf 'addr add %s dev eth0\nlink set eth0 up\n' "$2" | ip -n "$1" -b -
}
hub_port "$n1" 192.0.2.11/24 && hub_port "$n2" 192.0.2.12/24 &&
	hub_port "$n3" 192.0.2.13/24 && hub_port "$ext" $EXT/24 || exit 1
ip -n "$ext" addr add 192.0.2.51/24 dev eth0

node_setup "$n1" 10.128.0.1/23 192.0.2.11 multitenant || exit 1
node_setup "$n2" 10.128.2.1/23 192.0.2.12 multitenant || exit 1
node_setup "$n3" 10.128.4.1/23 192.0.2.13 multitenant || exit 1
node_peer "$n1" 10.128.2.0/23 192.0.2.12 10.128.4.0/23 192.0.2.13 || exit 1
node_peer "$n2" 10.128.0.0/23 192.0.2.11 10.128.4.0/23 192.0.2.13 || exit 1
node_peer "$n3" 10.128.0.0/23 192.0.2.11 10.128.2.0/23 192.0.2.12 || exit 1
pod_add "$n1" a veth-a 10.128.0.2/23 10.128.0.1 10 &&
	pod_add "$n1" b veth-b 10.128.0.3/23 10.128.0.1 10 &&
	pod_add "$n1" d veth-d 10.128.0.4/23 10.128.0.1 20 &&
	pod_add "$n1" f veth-f 10.128.0.5/23 10.128.0.1 30 &&
	pod_add "$n1" g veth-g 10.128.0.6/23 10.128.0.1 0 &&
	pod_add "$n1" r veth-r 10.128.0.7/23 10.128.0.1 10 &&
	pod_add "$n2" c veth-c 10.128.2.2/23 10.128.2.1 10 || exit 1

# What every node's agent would do on the host: forward, masquerade what
# leaves the cluster, SNAT each egress IP it hosts by its mark (8.2), and
# the kube-proxy DNAT of two services: web (172.30.0.10:80, backend c on
# n2) and api (172.30.0.11:80, backend b on n1).
host_rules()
{
	local ns=$1 snat=$2

	# replies and DNATed requests leave tun0 the way they came:
	# no ICMP redirects for that
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.send_redirects=0 \
		net.ipv4.conf.tun0.send_redirects=0
	ip netns exec "$ns" nft -f - <<-EOF
		table ip sdnbr-test
		delete table ip sdnbr-test
		table ip sdnbr-test {
			chain pre {
				type nat hook prerouting priority dstnat;
				ip daddr 172.30.0.10 tcp dport 80 dnat to 10.128.2.2:8080
				ip daddr 172.30.0.11 tcp dport 80 dnat to 10.128.0.3:8080
			}
			chain post {
				type nat hook postrouting priority srcnat;
				$snat
				ip saddr 10.128.0.0/14 ip daddr != 10.128.0.0/14 masquerade
			}
		}
	EOF
}
# marks: vnid 10 -> 0x0000000a, vnid 20 -> 0x00000014
host_rules "$n1" "meta mark 0x0000000a snat to 192.0.2.100" || exit 1
host_rules "$n2" "" || exit 1
host_rules "$n3" "meta mark 0x00000014 snat to 192.0.2.101" || exit 1
ip -n "$n1" addr add 192.0.2.100/24 dev eth0
ip -n "$n3" addr add 192.0.2.101/24 dev eth0
for n in "$n1" "$n2" "$n3"; do
	sdn "$n" -b - <<-EOF || exit 1
		ns add dev br0 vnid 10
		ns add dev br0 vnid 20
		ns add dev br0 vnid 30
		egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11
		egress add dev br0 vnid 20 ip 192.0.2.101 node 192.0.2.13
		egress add dev br0 vnid 30 ip 192.0.2.102
	EOF
done

# servers that echo the address the peer connected from
echo_server "$ext" tcp 9000
echo_server "$ext" udp 9001
echo_server "$c" tcp 8080
echo_server "$b" tcp 8080
wait_listen "$ext" tcp 9000 && wait_listen "$ext" udp 9001 &&
	wait_listen "$c" tcp 8080 && wait_listen "$b" tcp 8080 || exit 1

test_services()
{
	local f0 f1 s0 s1

	s0=$(from_count "$a" 172.30.0.10)
	f0=$(from_count "$a" 10.128.2.2)
	expect_seen "$a" tcp 172.30.0.10 80 10.128.0.2
	check_err $? "a -> web (backend c on n2)"
	s1=$(from_count "$a" 172.30.0.10)
	f1=$(from_count "$a" 10.128.2.2)
	[ "$s1" -gt "$s0" ] && [ "$f1" = "$f0" ]
	check_err $? "a saw $((s1 - s0)) packets from the service IP and $((f1 - f0)) from c's own address; want some and none"
	s0=$(from_count "$a" 172.30.0.11)
	f0=$(from_count "$a" 10.128.0.3)
	expect_seen "$a" tcp 172.30.0.11 80 10.128.0.2
	check_err $? "a -> api (backend b on the same node)"
	s1=$(from_count "$a" 172.30.0.11)
	f1=$(from_count "$a" 10.128.0.3)
	[ "$s1" -gt "$s0" ] && [ "$f1" = "$f0" ]
	check_err $? "a saw $((s1 - s0)) packets from the api IP and $((f1 - f0)) from b's; want some and none"
	# the backend's own address still answers directly
	expect_seen "$a" tcp 10.128.2.2 8080 10.128.0.2
	check_err $? "a -> c directly"
	# multitenant: the service does not open vnid 20 to vnid 10's backend
	drops_by_isolated=$(drop_count "$n2" isolated)
	[ "$(seen "$d" tcp 172.30.0.10 80)" != 10.128.0.4 ]
	check_err $? "d (vnid 20) reached web's backend in vnid 10"
	[ "$(drop_count "$n2" isolated)" -gt "$drops_by_isolated" ]
	check_err $? "isolation did not count d's attempt"
	log_test "pod to service to pod: same node and across nodes, replies from the service IP"
}

ct_lookups()
{
	sdn "$1" -j bridge show dev br0 | jq -r '.[0].stats.ct_lookups'
}

# The bit of a pod's service-port filter that PORT sets: the kernel's
# hash_32() of the port in network byte order, on this little-endian guest.
svc_bit()
{
	echo $(((((($1 & 255) << 8 | $1 >> 8) * 0x61C88647) & 0xffffffff) >> 26))
}

# udp_from NS SPORT DST DPORT N: N datagrams from source port SPORT
udp_from()
{
	local i

	for ((i = 0; i < $5; i++)); do
		echo x | ip netns exec "$1" socat -u - UDP:"$3":"$4",sourceport="$2"
	done
}

test_service_filter()
{
	local l0 l1 port=5000

	# a used web and api, both DNATed to port 8080: only packets to a from
	# a port with 8080's filter bit ask conntrack whether they are replies
	while [ "$(svc_bit $port)" = "$(svc_bit 8080)" ]; do
		port=$((port + 1))
	done
	l0=$(ct_lookups "$n1")
	udp_from "$b" "$port" 10.128.0.2 7777 5
	l1=$(ct_lookups "$n1")
	[ "$l0" != null ] && [ "$((l1 - l0))" = 0 ]
	check_err $? "5 datagrams b:$port -> a cost $((l1 - l0)) conntrack lookups; want 0"
	l0=$l1
	udp_from "$b" 8080 10.128.0.2 7777 5
	l1=$(ct_lookups "$n1")
	[ "$((l1 - l0))" = 5 ]
	check_err $? "5 datagrams b:8080 -> a cost $((l1 - l0)) conntrack lookups; want 5"
	# b never used a service: nothing to it is looked up
	l0=$l1
	udp_from "$a" 8080 10.128.0.3 7777 5
	l1=$(ct_lookups "$n1")
	[ "$((l1 - l0))" = 0 ]
	check_err $? "5 datagrams a:8080 -> b cost $((l1 - l0)) conntrack lookups; want 0"
	log_test "only packets from a service client's backend ports look up conntrack (5 of 15)"
}

test_node_ip()
{
	expect_seen "$g" tcp $EXT 9000 192.0.2.11
	check_err $? "TCP"
	expect_seen "$g" udp $EXT 9001 192.0.2.11
	check_err $? "UDP"
	log_test "pod to outside through the node IP: the far end sees 192.0.2.11"
}

test_egress_ip()
{
	local d0 d1

	expect_seen "$a" tcp $EXT 9000 192.0.2.100
	check_err $? "a (vnid 10, egress IP on its node)"
	expect_seen "$a" udp $EXT 9001 192.0.2.100
	check_err $? "a over UDP"
	expect_seen "$c" tcp $EXT 9000 192.0.2.100
	check_err $? "c (vnid 10 on n2, egress IP on n1)"
	expect_seen "$d" tcp $EXT 9000 192.0.2.101
	check_err $? "d (vnid 20 on n1, egress IP on n3)"
	ping_ok "$d" $EXT
	check_err $? "ping from d through n3"
	d0=$(drop_count "$n1" egress-no-ip)
	! ping_ok "$f" $EXT >/dev/null
	check_err $? "f (vnid 30, no usable egress IP) got out"
	d1=$(drop_count "$n1" egress-no-ip)
	[ $((d1 - d0)) = 3 ]
	check_err $? "egress-no-ip drops grew by $((d1 - d0)), want 3"
	log_test "egress IPs: on the pod's node, on another node, and none usable (dropped, counted)"
}

test_egress_move()
{
	local log=/tmp/egress-move-$$ pid t0 moved first last l s n=0 node
	local -A answered

	# a ping every 0.2 s from before the move to well after it, one
	# process, so one conntrack flow throughout (-w: a bound if all else fails)
	ip netns exec "$d" ping -i 0.2 -W 1 -w 120 $EXT >"$log" 2>&1 &
	pid=$!
	t0=${EPOCHREALTIME/./}
	sleep 2
	# move 192.0.2.101 from n3 to n2, as the agents would
	ip -n "$n3" addr del 192.0.2.101/24 dev eth0
	host_rules "$n3" ""
	host_rules "$n2" "meta mark 0x00000014 snat to 192.0.2.101"
	ip -n "$n2" addr add 192.0.2.101/24 dev eth0
	ip netns exec "$n2" $PKTSEND garp eth0 \
		"$(ip -n "$n2" -j link show eth0 | jq -r '.[0].address')" 192.0.2.101
	for node in "$n1" "$n2" "$n3"; do
		sdn "$node" egress replace dev br0 vnid 20 ip 192.0.2.101 node 192.0.2.12
	done
	# the 20 pings sent from 1 s after the move on must all be answered.
	# The move takes 2 s on stock kernels and over 10 on the debug one,
	# so count from when it ended: ping sends at most one per 0.2 s.
	moved=$(( (${EPOCHREALTIME/./} - t0) / 200000 + 1 ))
	first=$((moved + 5))
	last=$((first + 19))
	wait_for 20 grep -q "icmp_seq=$last ttl" "$log"
	kill -INT "$pid"
	wait "$pid"
	while IFS= read -r l; do
		[[ $l =~ icmp_seq=([0-9]+)\ ttl ]] && answered[${BASH_REMATCH[1]}]=1
	done <"$log"
	for ((s = first; s <= last; s++)); do
		[ -n "${answered[$s]:-}" ] && n=$((n + 1))
	done
	[ $n = 20 ]
	check_err $? "only $n of pings $first-$last, sent after the move, were answered"
	rm -f "$log"
	expect_seen "$d" tcp $EXT 9000 192.0.2.101
	check_err $? "d after the move"
	[ "$(ip netns exec "$ext" ip -j neigh show 192.0.2.101 | jq -r '.[0].lladdr')" = \
	  "$(ip -n "$n2" -j link show eth0 | jq -r '.[0].address')" ]
	check_err $? "the external host still sends 192.0.2.101 to n3"
	log_test "an egress IP moved to another node under a slow ping recovers"
}

test_egress_router()
{
	# r: a macvlan on n1's uplink with its own address, NAT inside the pod
	ip -n "$n1" link add mv0 link eth0 type macvlan mode private || return
	ip -n "$n1" link set mv0 netns "$r"
	ip -n "$r" -b - <<-EOF
		addr add 192.0.2.60/24 dev mv0
		link set mv0 up
	EOF
	ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$r" nft -f - <<-EOF
		table ip egress-router {
			chain pre {
				type nat hook prerouting priority dstnat;
				iifname eth0 tcp dport 7000 dnat to $EXT:9000
			}
			chain post {
				type nat hook postrouting priority srcnat;
				oifname mv0 snat to 192.0.2.60
			}
		}
	EOF
	expect_seen "$a" tcp 10.128.0.7 7000 192.0.2.60
	check_err $? "a through the router on its node"
	expect_seen "$c" tcp 10.128.0.7 7000 192.0.2.60
	check_err $? "c through the router on another node"
	log_test "pod to outside through an egress-router pod, same node and across nodes"
}

test_firewall()
{
	local d0 d1

	sdn "$n1" firewall add dev br0 vnid 10 allow 192.0.2.51/32 deny 192.0.2.48/28
	check_err $? "firewall add"
	d0=$(drop_count "$n1" firewall)
	[ "$(seen "$a" tcp $EXT 9000)" != 192.0.2.100 ]
	check_err $? "a reached .50, which the firewall denies"
	d1=$(drop_count "$n1" firewall)
	[ "$d1" -gt "$d0" ]
	check_err $? "the denied SYNs were not counted"
	expect_seen "$a" tcp 192.0.2.51 9000 192.0.2.100
	check_err $? "a to .51, allowed before the deny"
	expect_seen "$g" tcp $EXT 9000 192.0.2.11
	check_err $? "vnid 0 has no firewall"
	# deny everything: DNS to the node IP still passes (table 99). A
	# server bound to the node IP answers from it, as node DNS does.
	echo_server "$n1" udp 53 192.0.2.11
	wait_listen "$n1" udp 53
	check_err $? "the DNS server did not come up"
	sdn "$n1" firewall replace dev br0 vnid 10 deny 0.0.0.0/0
	check_err $? "firewall replace"
	[ "$(seen "$a" udp 192.0.2.51 9001)" != 192.0.2.100 ]
	check_err $? "a reached .51 under deny-all"
	expect_seen "$a" udp 192.0.2.11 53 10.128.0.2
	check_err $? "DNS to the node IP under deny-all"
	ping_ok "$a" 10.128.2.2
	check_err $? "the firewall does not apply inside the cluster"
	sdn "$n1" firewall del dev br0 vnid 10
	expect_seen "$a" tcp $EXT 9000 192.0.2.100
	check_err $? "a after the firewall is deleted"
	log_test "egress firewall: first match wins, deny-all spares DNS to the node"
}

test_services
test_service_filter
test_node_ip
test_egress_ip
test_egress_router
test_firewall
test_egress_move
sdn "$n1" show | sed 's/^/# /'
dmesg_clean
check_err $? "kernel log"
log_test "no kernel warnings"
