#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdnctl trace and sdnctl watch. For each seed path, the simulated trace
# must give the exact stage sequence and verdict; where a real packet of
# the same shape can be sent, it is, and the per-stage counters must grow
# by exactly that many packets at exactly those stages. Tracing itself
# must change nothing: not a counter, not an entry. watch must show the
# same stages for real packets.
#
#      a .2 vnid 10 --+                          +-- c .2 vnid 10
#      b .3 vnid 10 --+-- n1 br0 ==VXLAN== br0 n2
#      d .4 vnid 20 --+   10.128.0.0/23    10.128.2.0/23
#                         eth0 192.0.2.11 -- 192.0.2.12 eth0
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping
need_sdnbr
dmesg_mark

setup_ns n1 n2
underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 || exit 1
node_setup "$n1" 10.128.0.1/23 192.0.2.11 multitenant || exit 1
node_setup "$n2" 10.128.2.1/23 192.0.2.12 multitenant || exit 1
node_peer "$n1" 10.128.2.0/23 192.0.2.12 || exit 1
node_peer "$n2" 10.128.0.0/23 192.0.2.11 || exit 1
pod_add "$n1" a veth-a 10.128.0.2/23 10.128.0.1 10 || exit 1
pod_add "$n1" b veth-b 10.128.0.3/23 10.128.0.1 10 || exit 1
pod_add "$n1" d veth-d 10.128.0.4/23 10.128.0.1 20 || exit 1
pod_add "$n2" c veth-c 10.128.2.2/23 10.128.2.1 10 || exit 1
sdn "$n1" -b - <<-EOF || exit 1
	ns add dev br0 vnid 10
	ns add dev br0 vnid 20
	egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11
	egress add dev br0 vnid 20 ip 192.0.2.101 node 192.0.2.12
	firewall add dev br0 vnid 20 deny 198.51.100.0/24
EOF
sdn "$n2" -b - <<-EOF || exit 1
	ns add dev br0 vnid 10
	ns add dev br0 vnid 20
EOF

# trace NS ARGS...: the trace as "T:RESULT T:RESULT ... => VERDICT", where
# VERDICT is "output PORT [REMOTE VNI] [mark]" or "drop REASON@TABLE".
trace()
{
	local ns=$1

	shift
	sdn "$ns" -j trace dev br0 "$@" | jq -r '
		([.steps[] | "\(.table):\(.result)"] | join(" ")) + " => " +
		(.verdict | if .action == "drop" then "drop \(.reason)@\(.table)"
			    else "output \(.port)" +
				 (if .remote then " \(.remote) \(.vni)" else "" end) +
				 (if .mark != 0 then " mark" else "" end) end)'
}

# expect_trace NAME WANT NS ARGS...
expect_trace()
{
	local name=$1 want=$2 got

	shift 2
	got=$(trace "$@") || { fail "$name: sdnctl trace failed"; return 1; }
	if [ "$got" != "$want" ]; then
		fail "$name: trace is \"$got\", want \"$want\""
		return 1
	fi
}

# stage_counts NS: "TABLE=PACKETS ..." of br0's per-stage counters.
stage_counts()
{
	sdn "$1" -j bridge show dev br0 |
		jq -r '[.[0].stage_packets[]? | "\(.table)=\(.packets)"] | join(" ")'
}

# stage_delta BEFORE AFTER: the stages whose count grew, "TABLE+N ...".
stage_delta()
{
	jq -rn --arg a "$1" --arg b "$2" '
		def parse: split(" ") | map(select(. != "") | split("=") |
			{key: .[0], value: (.[1] | tonumber)}) | from_entries;
		($a | parse) as $x | ($b | parse) as $y |
		[$y | to_entries[] | select(.value != ($x[.key] // 0)) |
		 {t: (.key | tonumber), d: (.value - ($x[.key] // 0))}] |
		sort_by(.t) | map("\(.t)+\(.d)") | join(" ")'
}

# real_matches NAME NS WANT_DELTA CMD...: CMD's packets move the stage
# counters of NS by exactly WANT_DELTA.
real_matches()
{
	local name=$1 ns=$2 want=$3 s0 s1 got

	shift 3
	s0=$(stage_counts "$ns")
	"$@" >/dev/null 2>&1
	s1=$(stage_counts "$ns")
	got=$(stage_delta "$s0" "$s1")
	if [ "$got" != "$want" ]; then
		fail "$name: real packets passed \"$got\", want \"$want\""
		return 1
	fi
}

ping1() { ip netns exec "$1" ping -c 1 -W 2 "$2"; }

# The pods reach each other, with ARP. Then their neighbours are made
# permanent, so that the counted pings carry no ARP: a resolved entry goes
# stale within 15 to 45 s, less than this test takes under TCG, and a
# stale one sends a probe of its own.
ping_ok "$a" 10.128.0.3 1 && ping_ok "$a" 10.128.2.2 1 && ping_ok "$b" 10.128.0.2 1 ||
	fail "the pods cannot reach each other"
ip netns exec "$d" ping -c 1 -W 1 10.128.0.2 >/dev/null 2>&1
log_test "setup: pods reach each other"
for pair in "$a 10.128.0.3" "$a 10.128.2.2" "$b 10.128.0.2" "$c 10.128.0.2" "$d 10.128.0.2"; do
	read -r pod ip <<<"$pair"
	ip -n "$pod" neigh replace "$ip" lladdr "$(pod_mac "$ip")" dev eth0 nud permanent ||
		fail "permanent neighbour $ip in $pod"
done

# Seed path 1: pod to pod on one node. The echo request from a to b on
# n1: 0 20 31 70 80 output, and b's reply the same way back.
expect_trace "path 1" "0:pass 20:match 31:pass 70:match 80:pass 255:pass => output veth-b" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.0.3
real_matches "path 1" "$n1" "0+2 20+2 31+2 70+2 80+2 255+2" ping1 "$a" 10.128.0.3
log_test "trace: pod to pod on one node matches real packets"

# Seed path 2: pod to pod across nodes; on n1 out over VXLAN with the
# source's VNID, on n2 in through table 10.
expect_trace "path 2 out" "0:pass 20:match 31:pass 90:match 255:pass => output vxlan0 192.0.2.12 10" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.2.2
expect_trace "path 2 in" "0:pass 10:match 31:pass 70:match 80:pass 255:pass => output veth-c" \
	"$n2" in vxlan0 src 10.128.0.2 dst 10.128.2.2 tun-src 192.0.2.11 vni 10
# n1 sees the request leave (0 20 31 90) and the reply arrive (0 10 31 70 80)
real_matches "path 2" "$n1" "0+2 10+1 20+1 31+2 70+1 80+1 90+1 255+2" ping1 "$a" 10.128.2.2
log_test "trace: pod to pod across nodes matches real packets"

# Multitenant isolation: d (vnid 20) to a (vnid 10) stops at table 80.
expect_trace "isolation" "0:pass 20:match 31:pass 70:match 80:drop => drop isolated@80" \
	"$n1" in veth-d src 10.128.0.4 dst 10.128.0.2
real_matches "isolation" "$n1" "0+1 20+1 31+1 70+1" ping1 "$d" 10.128.0.2
log_test "trace: isolation drop matches real packets"

# Anti-spoofing and the VXLAN ingress check.
expect_trace "spoof" "0:pass 20:drop => drop spoof-ip@20" \
	"$n1" in veth-a src 10.128.0.3 dst 10.128.0.4
expect_trace "arp spoof" "0:pass 20:drop => drop spoof-arp@20" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.0.3 proto arp eth-src 0a:58:0a:80:00:09
expect_trace "unknown node" "0:pass 10:drop => drop unknown-node@10" \
	"$n1" in vxlan0 src 10.128.2.2 dst 10.128.0.2 tun-src 192.0.2.99 vni 10
expect_trace "vxlan port" "0:pass 20:drop => drop vxlan-port@20" \
	"$n1" in veth-a src 10.128.0.2 dst 192.0.2.12 proto udp dport 4789
log_test "trace: spoofing and VXLAN checks"

# ARP: to a local pod, and to a remote one over the tunnel.
expect_trace "arp local" "0:pass 20:match 31:pass 40:match 255:pass => output veth-b" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.0.3 proto arp
expect_trace "arp remote" "0:pass 20:match 31:pass 50:match 255:pass => output vxlan0 192.0.2.12 10" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.2.2 proto arp
log_test "trace: ARP, local and remote"

# Seed paths 3 and 4: to a service, through tun0; the host's DNAT sends
# it back in from tun0 with a pod source (table 25).
expect_trace "service" "0:pass 20:match 31:pass 60:pass 255:pass => output tun0" \
	"$n1" in veth-a src 10.128.0.2 dst 172.30.0.10 proto tcp dport 80
expect_trace "service back" "0:pass 25:match 31:pass 90:match 255:pass => output vxlan0 192.0.2.12 10" \
	"$n1" in tun0 src 10.128.0.2 dst 10.128.2.2 proto tcp dport 8080
log_test "trace: the service path"

# Seed paths 5 to 7: leaving the cluster. Vnid 10's egress IP is on this
# node (mark, to tun0); vnid 20's is on n2 (over VXLAN, VNI 20); vnid 20's
# firewall denies 198.51.100.0/24; DNS to the node IP skips both.
expect_trace "egress local" "0:pass 20:match 31:pass 100:miss 101:match 255:pass => output tun0 mark" \
	"$n1" in veth-a src 10.128.0.2 dst 203.0.113.7 proto tcp dport 443
expect_trace "egress remote" "0:pass 20:match 31:pass 100:match 101:match 255:pass => output vxlan0 192.0.2.12 20" \
	"$n1" in veth-d src 10.128.0.4 dst 203.0.113.7 proto tcp dport 443
expect_trace "firewall" "0:pass 20:match 31:pass 100:drop => drop firewall@100" \
	"$n1" in veth-d src 10.128.0.4 dst 198.51.100.5
expect_trace "dns" "0:pass 20:match 31:pass 99:pass 255:pass => output tun0" \
	"$n1" in veth-d src 10.128.0.4 dst 192.0.2.11 proto udp dport 53
sdn "$n1" egress del dev br0 vnid 10
expect_trace "node ip" "0:pass 20:match 31:pass 100:miss 101:miss 255:pass => output tun0" \
	"$n1" in veth-a src 10.128.0.2 dst 203.0.113.7
log_test "trace: leaving the cluster (egress IP, firewall, DNS, node IP)"

# The MTU is the output port's: a frame too big for veth-b.
expect_trace "mtu" "0:pass 20:match 31:pass 70:match 80:pass 255:drop => drop mtu@255" \
	"$n1" in veth-a src 10.128.0.2 dst 10.128.0.3 len 1600
log_test "trace: the output MTU check"

# Bad input: named, and nothing traced.
expect_err "Invalid argument" "the ingress device is not a port of this bridge (in)" \
	sdn "$n1" trace dev br0 in lo src 10.128.0.2 dst 10.128.0.3 ||
	fail "a trace from a non-port"
expect_err "Invalid argument" "needs its outer source" \
	sdn "$n1" trace dev br0 in vxlan0 src 10.128.2.2 dst 10.128.0.2 ||
	fail "a tunnel packet without tun-src"
expect_err "Invalid argument" "tunnel metadata is only for a packet from the tunnel port (tun-src)" \
	sdn "$n1" trace dev br0 in veth-a src 10.128.0.2 dst 10.128.0.3 tun-src 192.0.2.12 ||
	fail "tun-src on a pod port"
expect_err "Invalid argument" "the length is shorter than the headers (len)" \
	sdn "$n1" trace dev br0 in veth-a src 10.128.0.2 dst 10.128.0.3 proto tcp len 40 ||
	fail "a length shorter than the headers"
log_test "trace: bad descriptions are refused by name"

# Tracing changes nothing: the whole state, counters included, is the
# same after 40 traces of every kind.
before=$(sdn "$n1" -j show)
for i in $(seq 1 10); do
	cat <<-EOF
		trace dev br0 in veth-a src 10.128.0.2 dst 10.128.0.3
		trace dev br0 in veth-a src 10.128.0.2 dst 172.30.0.10 proto tcp dport 80
		trace dev br0 in veth-d src 10.128.0.4 dst 198.51.100.5
		trace dev br0 in vxlan0 src 10.128.2.2 dst 10.128.0.2 tun-src 192.0.2.12 vni 10
	EOF
done | sdn "$n1" -b - >/dev/null || fail "a batch of traces failed"
after=$(sdn "$n1" -j show)
[ "$before" = "$after" ] ||
	fail "tracing changed the state: $(diff <(echo "$before" | jq .) <(echo "$after" | jq .) | head -5 | tr '\n' ' ')"
log_test "trace: 40 traces change no counter and no entry"

# watch: real packets, live, filtered by pod, with the same stages.
out=$(mktemp)
defer rm -f "$out"
sdn "$n1" -j watch dev br0 pod 10.128.0.4 count 2 >"$out" 2>/dev/null &
wpid=$!
sleep 2
ip netns exec "$a" ping -c 2 -i 0.2 -W 1 10.128.0.3 >/dev/null 2>&1
ip netns exec "$d" ping -c 2 -i 0.2 -W 1 10.128.0.2 >/dev/null 2>&1
wait_for 10 sh -c "! kill -0 $wpid 2>/dev/null" || { kill "$wpid"; fail "watch did not stop after 2 packets"; }
n=$(jq -s 'length' "$out")
[ "$n" = 2 ] || fail "watch printed $n packets, want 2"
got=$(jq -s -r '[.[] | "\(.src)>\(.dst) \(.stages) \(.action) \(.reason)"] | unique | join(";")' "$out")
[ "$got" = "10.128.0.4>10.128.0.2 0 classify, 20 pod-in, 31 route, 70 ip-local drop isolated" ] ||
	fail "watch saw \"$got\""
ls /sys/kernel/tracing/instances 2>/dev/null | grep -q sdnctl-watch &&
	fail "watch left its tracefs instance behind"
log_test "watch: real packets of one pod, with their stages and verdict"

dmesg_clean || fail "kernel log"
log_test "no splat"
