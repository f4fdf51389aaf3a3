#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdn-agent end to end: two nodes and an external host programmed only by
# `sdn-agent --once --config STEP.json --node nodeN --uplink eth0` run in
# each node's netns. The test makes the pods' netns and veths (a CNI's
# job); everything else (br0, tun0, vxlan0, addresses, routes, the flow
# table, nftables, egress IPs) is the agent's.
#
#   node1 192.0.2.11, 10.128.0.0/23: a .2 red, b .3 red, d .4 blue, f .5 red
#   node2 192.0.2.12, 10.128.2.0/23: c .2 red, e .3 blue, later h .4 red
#   ext   192.0.2.50 and .51: echoes the source address it saw
#   red vnid 10, blue vnid 20; egress IP 192.0.2.100 for red
#
# Steps: the pod network (both ways, same node and across), isolation,
# masquerade, idempotence, bad files refused with nothing changed; then,
# under steady pings a<->c and a<->f, remove a pod, add a pod, switch blue
# to global, give red an egress IP, move it to node2, add and change a
# firewall rule, each effect checked, and no ping packet lost.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq socat ping nft tc
need_sdnbr
dmesg_mark

AGENT=${SDN_AGENT:-$TOP_DIR/userspace/sdn-agent}
EXT=192.0.2.50
dir=$(mktemp -d)
defer rm -rf "$dir"
defer traffic_stop

[ -x "$AGENT" ] || { echo "# $AGENT not built"; exit $ksft_fail; }

setup_ns ul n1 n2 ext || exit 1
quiet_ns "$n1"
quiet_ns "$n2"
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
	hub_port "$ext" $EXT/24 || exit 1
ip -n "$ext" addr add 192.0.2.51/24 dev eth0

# mkpod NODE_NS VAR HOSTVETH IP/PFX GW: what a CNI plugin leaves behind, a
# pod netns with eth0 and a host veth in the node, not attached to br0.
mkpod()
{
	local node=$1 var=$2 hv=$3 addr=$4 gw=$5 pod

	setup_ns "$var" || return 1
	pod=${!var}
	quiet_ns "$pod"
	ip -n "$node" link add "$hv" type veth peer name eth0 netns "$pod" || return 1
	ip -n "$pod" -b - <<-EOF
		link set eth0 address $(pod_mac "${addr%/*}")
		addr add $addr dev eth0
		link set eth0 mtu 1450 up
		route add 10.128.0.0/14 dev eth0
		route add default via $gw
	EOF
}
mkpod "$n1" a veth-a 10.128.0.2/23 10.128.0.1 &&
	mkpod "$n1" b veth-b 10.128.0.3/23 10.128.0.1 &&
	mkpod "$n1" d veth-d 10.128.0.4/23 10.128.0.1 &&
	mkpod "$n1" f veth-f 10.128.0.5/23 10.128.0.1 &&
	mkpod "$n2" c veth-c 10.128.2.2/23 10.128.2.1 &&
	mkpod "$n2" e veth-e 10.128.2.3/23 10.128.2.1 || exit 1

# ---- the cluster description, one file per step ------------------------------

# cluster FILE: write a description from the shell variables below.
MODE=multitenant
BLUE_VNID=20
POD_B=1		# b exists
POD_H=0		# h exists
EIP_NODE=	# node1, node2 or empty: who hosts 192.0.2.100
RED_EIPS=0	# red uses 192.0.2.100
RED_POLICY=	# red's egressPolicy rules, JSON
cluster()
{
	local eip1= eip2= red_extra= pods

	[ "$EIP_NODE" = node1 ] && eip1=', "egressIPs": ["192.0.2.100"]'
	[ "$EIP_NODE" = node2 ] && eip2=', "egressIPs": ["192.0.2.100"]'
	[ "$RED_EIPS" = 1 ] && red_extra=', "egressIPs": ["192.0.2.100"]'
	[ -n "$RED_POLICY" ] && red_extra="$red_extra, \"egressPolicy\": [$RED_POLICY]"
	pods='{"name": "a", "namespace": "red", "node": "node1", "ip": "10.128.0.2", "hostVeth": "veth-a"},
	      {"name": "d", "namespace": "blue", "node": "node1", "ip": "10.128.0.4", "hostVeth": "veth-d"},
	      {"name": "f", "namespace": "red", "node": "node1", "ip": "10.128.0.5", "hostVeth": "veth-f"},
	      {"name": "c", "namespace": "red", "node": "node2", "ip": "10.128.2.2", "hostVeth": "veth-c"},
	      {"name": "e", "namespace": "blue", "node": "node2", "ip": "10.128.2.3", "hostVeth": "veth-e"}'
	[ "$POD_B" = 1 ] && pods="$pods,
	      {\"name\": \"b\", \"namespace\": \"red\", \"node\": \"node1\", \"ip\": \"10.128.0.3\", \"hostVeth\": \"veth-b\"}"
	[ "$POD_H" = 1 ] && pods="$pods,
	      {\"name\": \"h\", \"namespace\": \"red\", \"node\": \"node2\", \"ip\": \"10.128.2.4\", \"hostVeth\": \"veth-h\"}"
	cat >"$1" <<-EOF
	{
	  "network": {"mode": "$MODE", "clusterNetworks": ["10.128.0.0/14"],
	              "serviceNetwork": "172.30.0.0/16", "vxlanPort": 4789, "mtu": 1450},
	  "nodes": [{"name": "node1", "ip": "192.0.2.11", "subnet": "10.128.0.0/23"$eip1},
	            {"name": "node2", "ip": "192.0.2.12", "subnet": "10.128.2.0/23"$eip2}],
	  "namespaces": [{"name": "red", "vnid": 10$red_extra},
	                 {"name": "blue", "vnid": $BLUE_VNID},
	                 {"name": "default", "vnid": 0}],
	  "pods": [$pods],
	  "services": [{"name": "web", "namespace": "red", "clusterIP": "172.30.0.10",
	                "ports": [{"protocol": "TCP", "port": 80}]}]
	}
	EOF
}

# agent NODE FILE: one --once run on NODE (node1 or node2); its log in
# $dir/NODE.log, its exit status returned.
agent()
{
	local ns=$n1

	[ "$1" = node2 ] && ns=$n2
	ip netns exec "$ns" "$AGENT" --once --config "$2" --node "$1" \
		--uplink eth0 >"$dir/$1.log" 2>&1
	local rc=$?
	[ "$VERBOSE" = 1 ] && sed "s/^/# $1: /" "$dir/$1.log"
	return $rc
}

# step NAME: write NAME.json and run the agent on both nodes.
step()
{
	cluster "$dir/$1.json"
	agent node1 "$dir/$1.json" || { sed 's/^/# node1: /' "$dir/node1.log"; return 1; }
	cp "$dir/node1.log" "$dir/$1.node1.log"
	agent node2 "$dir/$1.json" || { sed 's/^/# node2: /' "$dir/node2.log"; return 1; }
	cp "$dir/node2.log" "$dir/$1.node2.log"
}

# summary NODE: the last run's "reconciled:" line
summary()
{
	grep '^reconciled:' "$dir/$1.log" | tail -n 1
}

# state NS: everything the node holds that the agent manages, without
# counters: the flow table and settings, links, addresses, routes, nft.
state()
{
	sdn "$1" -j show | jq -S 'walk(if type == "object" then
		with_entries(select(.key | test("^(rx|tx|stats|drops|stages|packets|bytes|allowed|denied|memory|entries)$") | not))
		else . end)'
	ip -n "$1" -br link | sort
	ip -n "$1" -br addr | sort
	ip -n "$1" route | sort
	ip netns exec "$1" nft list table ip sdnbr
}

no_ping()
{
	if ip netns exec "$1" ping -q -c 3 -i 0.05 -W 1 "$2" >/dev/null 2>&1; then
		echo "# $2 answered from $1"
		return 1
	fi
}

# drops_by NS REASON N CMD...: CMD makes exactly N more REASON drops.
drops_by()
{
	local ns=$1 reason=$2 want=$3 d0 d1

	shift 3
	d0=$(drop_count "$ns" "$reason")
	"$@"
	d1=$(drop_count "$ns" "$reason")
	if [ $((d1 - d0)) != "$want" ]; then
		echo "# $reason drops on $ns grew by $((d1 - d0)), want $want"
		return 1
	fi
}

# the external host says which source address it saw
echo_server "$ext" tcp 9000
wait_listen "$ext" tcp 9000 || exit 1

# ---- the cases --------------------------------------------------------------------

test_first_run()
{
	local ok=0

	step step1
	check_err $? "first run"
	for n in node1 node2; do
		summary "$n" | grep -qE '^reconciled: [1-9][0-9]* added, [0-9]+ replaced, [0-9]+ deleted \(' ||
			fail "$n: $(summary "$n")"
	done
	grep -qx 'pod add 10.128.0.2 port veth-a vnid 10 (a)' "$dir/node1.log"
	check_err $? "node1 logged no 'pod add' line for a"
	grep -qx 'node add 10.128.0.0/23 ip 192.0.2.11' "$dir/node2.log"
	check_err $? "node2 logged no 'node add' line for node1"
	ip -n "$n1" -j addr show dev tun0 |
		jq -e '.[0].addr_info[] | select(.local == "10.128.0.1" and .prefixlen == 23)' >/dev/null
	check_err $? "tun0 has no 10.128.0.1/23"
	[ "$(ip -n "$n1" -j link show dev tun0 | jq '.[0].mtu')" = 1450 ]
	check_err $? "tun0's MTU is not 1450"
	ip -n "$n1" route show dev tun0 | grep -qE '^10.128.0.0/14 scope link ?$' &&
		ip -n "$n1" route show dev tun0 | grep -qE '^172.30.0.0/16 ?$'
	check_err $? "routes via tun0: $(ip -n "$n1" route show dev tun0 | tr '\n' ';')"
	ip -n "$n1" route show dev tun0 | grep -q '^10.128.0.0/23' &&
		fail "the connected route of the node subnet is still there"
	[ "$(ip netns exec "$n1" sysctl -n net.ipv4.ip_forward)" = 1 ]
	check_err $? "ip_forward is off"
	[ "$(ip -n "$n1" -j -d link show dev vxlan0 | jq -r '.[0].linkinfo.info_data.port')" = 4789 ]
	check_err $? "vxlan0's port"
	[ "$(ip -n "$n1" -j link show dev veth-a | jq -r '.[0].master')" = br0 ]
	check_err $? "veth-a is not on br0"
	ip netns exec "$n1" nft list table ip sdnbr | grep -q 'masquerade'
	check_err $? "no masquerade rule"
	log_test "first run: br0, tun0, vxlan0, routes, ports and entries from the file"
	log_info "first run: node1 $(summary node1 | sed 's/reconciled: //'); node2 $(summary node2 | sed 's/reconciled: //')"
}

test_pod_network()
{
	ping_ok "$a" 10.128.0.3
	check_err $? "a -> b, same node"
	ping_ok "$b" 10.128.0.2
	check_err $? "b -> a, same node"
	ping_ok "$a" 10.128.2.2
	check_err $? "a -> c, across nodes"
	ping_ok "$c" 10.128.0.2
	check_err $? "c -> a, across nodes"
	ping_ok "$n1" 10.128.2.2
	check_err $? "node1's host -> c"
	log_test "pod to pod both ways, same node and across nodes"
}

test_isolation()
{
	drops_by "$n1" isolated 3 no_ping "$a" 10.128.0.4
	check_err $? "red -> blue on node1"
	drops_by "$n1" isolated 3 no_ping "$e" 10.128.0.2
	check_err $? "blue -> red across nodes"
	ping_ok "$d" 10.128.2.3
	check_err $? "blue -> blue across nodes"
	log_test "multitenant: red and blue isolated, drops counted"
}

test_masquerade()
{
	expect_seen "$a" tcp $EXT 9000 192.0.2.11
	check_err $? "a leaves as node1"
	expect_seen "$e" tcp $EXT 9000 192.0.2.12
	check_err $? "e leaves as node2"
	log_test "traffic leaving the cluster is masqueraded to the node IP"
}

test_idempotent()
{
	local s0 s1

	s0=$(state "$n1")
	agent node1 "$dir/step1.json"
	check_err $? "second run on node1"
	grep -qx 'reconciled: 0 added, 0 replaced, 0 deleted (.* ms)' <(summary node1) ||
		fail "second run: $(summary node1)"
	[ "$(wc -l <"$dir/node1.log")" = 1 ]
	check_err $? "the second run logged more than its summary: $(head -n 3 "$dir/node1.log")"
	agent node2 "$dir/step1.json"
	grep -qx 'reconciled: 0 added, 0 replaced, 0 deleted (.* ms)' <(summary node2) ||
		fail "second run on node2: $(summary node2)"
	s1=$(state "$n1")
	[ "$s0" = "$s1" ]
	check_err $? "the second run changed node1: $(diff <(echo "$s0") <(echo "$s1") | head -n 5)"
	log_test "idempotence: a second run makes zero changes, and says so"
	log_info "idempotent run: node1 $(summary node1 | sed 's/reconciled: //')"
}

# refused NAME MESSAGE: the agent refuses $dir/NAME.json on node1 naming
# MESSAGE, and node1's state is still $s0 (each refusal changes nothing,
# so one snapshot serves them all).
refused()
{
	local s1

	agent node1 "$dir/$1.json" && fail "$1 was accepted"
	grep -qF -- "$2" "$dir/node1.log" ||
		fail "$1: wanted '$2', got: $(head -n 2 "$dir/node1.log")"
	grep -q '^refused: .*nothing changed' "$dir/node1.log" ||
		fail "$1: no 'refused' line"
	grep -q '^reconciled' "$dir/node1.log" && fail "$1: reconciled anyway"
	s1=$(state "$n1")
	[ "$s0" = "$s1" ] ||
		fail "$1 changed node1: $(diff <(echo "$s0") <(echo "$s1") | head -n 5)"
}

test_bad_files()
{
	local s0

	s0=$(state "$n1")
	sed 's/"10.128.0.2"/"10.129.0.2"/' "$dir/step1.json" >"$dir/bad-ip.json"
	refused bad-ip "bad-ip.json: pods[0].ip: 10.129.0.2 is outside node1's subnet 10.128.0.0/23"
	sed 's/"10.128.0.4"/"10.128.0.2"/' "$dir/step1.json" >"$dir/bad-dup.json"
	refused bad-dup "bad-dup.json: pods[1].ip: 10.128.0.2 is already the IP of pods[0] (red/a)"
	sed 's/"namespace": "blue", "node": "node1"/"namespace": "green", "node": "node1"/' \
		"$dir/step1.json" >"$dir/bad-ns.json"
	refused bad-ns "bad-ns.json: pods[1].namespace: no namespace \"green\" in namespaces"
	sed 's/"mtu": 1450/"mtu": "1450"/' "$dir/step1.json" >"$dir/bad-type.json"
	refused bad-type "bad-type.json: network.mtu: expected an integer, got a string"
	head -c 200 "$dir/step1.json" >"$dir/bad-syntax.json"
	refused bad-syntax "bad-syntax.json:"
	ping_ok "$a" 10.128.2.2
	check_err $? "a -> c after the refusals"
	log_test "bad files refused naming the JSON path, nothing changed"
}

# ---- under traffic ----------------------------------------------------------------------

# steady_start / steady_check: pings a<->c and a<->f the whole time; at
# the end every request and every reply must have arrived.
steady_start()
{
	local p

	for p in "$c:10.128.2.2" "$f:10.128.0.5"; do
		dir_count "$a" egress "${p#*:}" >/dev/null
		dir_count "${p%%:*}" ingress 10.128.0.2 >/dev/null
		dir_count "${p%%:*}" egress 10.128.0.2 >/dev/null
		dir_count "$a" ingress "${p#*:}" >/dev/null
	done
	steady0=()
	for p in "$c:10.128.2.2" "$f:10.128.0.5"; do
		steady0+=("$(dir_count "$a" egress "${p#*:}")" \
			  "$(dir_count "${p%%:*}" ingress 10.128.0.2)" \
			  "$(dir_count "${p%%:*}" egress 10.128.0.2)" \
			  "$(dir_count "$a" ingress "${p#*:}")")
	done
	traffic_start "$a" 10.128.2.2
	traffic_start "$a" 10.128.0.5
	sleep 1
}

steady_check()
{
	local p i=0 req rreq rep rrep

	traffic_stop
	sleep 1
	for p in "$c:10.128.2.2" "$f:10.128.0.5"; do
		req=$(($(dir_count "$a" egress "${p#*:}") - steady0[i]))
		rreq=$(($(dir_count "${p%%:*}" ingress 10.128.0.2) - steady0[i + 1]))
		rep=$(($(dir_count "${p%%:*}" egress 10.128.0.2) - steady0[i + 2]))
		rrep=$(($(dir_count "$a" ingress "${p#*:}") - steady0[i + 3]))
		log_info "steady a <-> ${p#*:}: $req sent, $rreq arrived, $rep answered, $rrep answers arrived"
		[ "$req" -gt 20 ] || fail "only $req packets a -> ${p#*:}"
		[ "$req" = "$rreq" ] && [ "$rreq" = "$rep" ] && [ "$rep" = "$rrep" ] ||
			fail "a <-> ${p#*:} lost packets: $req sent, $rreq arrived, $rep answered, $rrep answers arrived"
		i=$((i + 4))
	done
}

test_remove_pod()
{
	POD_B=0
	step step2
	check_err $? "step2"
	grep -qx 'pod del 10.128.0.3 port veth-b vnid 10' "$dir/node1.log"
	check_err $? "no 'pod del' for b: $(head -n 3 "$dir/node1.log")"
	grep -qx 'port detach veth-b' "$dir/node1.log"
	check_err $? "veth-b not detached"
	drops_by "$n1" no-pod 3 no_ping "$a" 10.128.0.3
	check_err $? "b still reachable"
	log_test "under traffic: a pod removed from the file is gone"
}

test_add_pod()
{
	mkpod "$n2" h veth-h 10.128.2.4/23 10.128.2.1 || fail "mkpod h"
	POD_H=1
	step step3
	check_err $? "step3"
	grep -qx 'port attach veth-h (h)' "$dir/node2.log" &&
		grep -qx 'pod add 10.128.2.4 port veth-h vnid 10 (h)' "$dir/node2.log"
	check_err $? "node2 did not attach and add h: $(head -n 3 "$dir/node2.log")"
	summary node2 | grep -q '^reconciled: 2 added, 1 replaced, 0 deleted'
	check_err $? "node2: $(summary node2), want 2 added (port, pod), 1 replaced (veth-h up)"
	summary node1 | grep -q '^reconciled: 0 added, 0 replaced, 0 deleted'
	check_err $? "node1: $(summary node1), want no change"
	ping_ok "$a" 10.128.2.4
	check_err $? "a -> h"
	ping_ok "$h" 10.128.0.5
	check_err $? "h -> f"
	log_test "under traffic: a pod added to the file is reachable"
}

test_global()
{
	no_ping "$d" 10.128.0.2
	check_err $? "blue reached red before it was global"
	BLUE_VNID=0
	step step4
	check_err $? "step4"
	grep -qx 'pod replace 10.128.0.4 port veth-d vnid 0 (d), was port veth-d vnid 20' "$dir/node1.log"
	check_err $? "no 'pod replace' for d: $(head -n 3 "$dir/node1.log")"
	grep -qx 'ns del vnid 20 global 0' "$dir/node1.log"
	check_err $? "no 'ns del' for vnid 20"
	ping_ok "$d" 10.128.0.2
	check_err $? "global d -> red a"
	ping_ok "$a" 10.128.2.3
	check_err $? "red a -> global e"
	log_test "under traffic: a namespace switched to global reaches and is reached by all"
}

test_egress_ip()
{
	EIP_NODE=node1
	RED_EIPS=1
	step step5
	check_err $? "step5"
	ip -n "$n1" -j addr show dev eth0 |
		jq -e '.[0].addr_info[] | select(.local == "192.0.2.100" and .prefixlen == 24 and .label == "eth0:eip")' >/dev/null
	check_err $? "192.0.2.100/24 not on node1's eth0"
	grep -qx 'garp 192.0.2.100 dev eth0' "$dir/node1.log"
	check_err $? "no gratuitous ARP"
	ip netns exec "$n1" nft list table ip sdnbr | grep -q 'meta mark 0x0000000a .* snat to 192.0.2.100'
	check_err $? "no SNAT rule for mark 0x0000000a"
	expect_seen "$a" tcp $EXT 9000 192.0.2.100
	check_err $? "a (red, node1) via the egress IP"
	expect_seen "$c" tcp $EXT 9000 192.0.2.100
	check_err $? "c (red, node2) via node1's egress IP"
	expect_seen "$e" tcp $EXT 9000 192.0.2.12
	check_err $? "e (global) still via its node IP"
	log_test "under traffic: an egress IP for red, on node1, for pods of both nodes"
}

test_egress_move()
{
	local mac2

	EIP_NODE=node2
	step step6
	check_err $? "step6"
	ip -n "$n1" addr show dev eth0 | grep -q 192.0.2.100 &&
		fail "192.0.2.100 is still on node1"
	ip -n "$n2" addr show dev eth0 | grep -q 'inet 192.0.2.100/24 .*eth0:eip'
	check_err $? "192.0.2.100 is not on node2"
	ip netns exec "$n1" nft list table ip sdnbr | grep -q 'snat' &&
		fail "node1 still SNATs"
	mac2=$(ip -n "$n2" -j link show dev eth0 | jq -r '.[0].address')
	[ "$(ip -n "$ext" -j neigh show 192.0.2.100 | jq -r '.[0].lladdr')" = "$mac2" ]
	check_err $? "the external host did not learn node2's MAC from the gratuitous ARP"
	expect_seen "$a" tcp $EXT 9000 192.0.2.100
	check_err $? "a (node1) via node2's egress IP"
	expect_seen "$c" tcp $EXT 9000 192.0.2.100
	check_err $? "c (node2) via its node's egress IP"
	log_test "under traffic: the egress IP moved to node2"
}

test_firewall()
{
	RED_POLICY='{"type": "Deny", "cidr": "192.0.2.51/32"}'
	step step7
	check_err $? "step7"
	grep -qx 'fw add vnid 10 rules 1: deny 192.0.2.51/32' "$dir/node1.log"
	check_err $? "no 'fw add' line"
	expect_seen "$a" tcp $EXT 9000 192.0.2.100
	check_err $? "a -> .50 is allowed"
	d0=$(drop_count "$n1" firewall)
	expect_seen "$a" tcp 192.0.2.51 9000 nothing
	check_err $? "a -> .51 is denied"
	[ "$(drop_count "$n1" firewall)" -gt "$d0" ]
	check_err $? "no firewall drop counted"

	RED_POLICY='{"type": "Allow", "cidr": "192.0.2.51/32"}, {"type": "Deny", "cidr": "0.0.0.0/0"}'
	step step8
	check_err $? "step8"
	grep -qx 'fw replace vnid 10 rules 2: allow 192.0.2.51/32 deny 0.0.0.0/0' "$dir/node1.log"
	check_err $? "no 'fw replace' line: $(head -n 3 "$dir/node1.log")"
	expect_seen "$c" tcp 192.0.2.51 9000 192.0.2.100
	check_err $? "c -> .51 is allowed now"
	expect_seen "$a" tcp $EXT 9000 nothing
	check_err $? "a -> .50 is denied now"
	log_test "under traffic: a firewall rule added, then changed"
}

test_final_idempotent()
{
	agent node1 "$dir/step8.json" && agent node2 "$dir/step8.json"
	check_err $? "final runs"
	for n in node1 node2; do
		grep -qx 'reconciled: 0 added, 0 replaced, 0 deleted (.* ms)' <(summary $n) ||
			fail "$n: $(summary $n)"
	done
	log_test "after all the steps a second run still changes nothing"
}

# Without --once: the agent watches the file and reconciles on each
# change, refuses a bad one and keeps running, and stops on SIGTERM.
test_watch()
{
	local pid log=$dir/watch.log d1 d2

	cp "$dir/step8.json" "$dir/live.json"
	ip netns exec "$n1" "$AGENT" --config "$dir/live.json" --node node1 \
		--uplink eth0 --resync 0 >"$log" 2>&1 &
	pid=$!
	wait_for 20 grep -q '^watching ' "$log"
	check_err $? "the agent did not start watching: $(head -n 3 "$log")"
	grep -q '^reconciled: 0 added, 0 replaced, 0 deleted' "$log"
	check_err $? "the first pass changed something: $(head -n 3 "$log")"

	# an editor's way: a new file renamed into place
	RED_POLICY=
	cluster "$dir/live.tmp"
	mv "$dir/live.tmp" "$dir/live.json"
	wait_for 20 grep -qx 'fw del vnid 10' "$log"
	check_err $? "the change was not applied: $(tail -n 3 "$log")"
	# node1 lets a -> .50 pass now; node2, which hosts the egress IP and
	# still has the policy, drops it
	d1=$(drop_count "$n1" firewall)
	d2=$(drop_count "$n2" firewall)
	expect_seen "$a" tcp $EXT 9000 nothing
	[ "$(drop_count "$n1" firewall)" = "$d1" ] &&
		[ "$(drop_count "$n2" firewall)" -gt "$d2" ]
	check_err $? "node1's firewall still applies"

	# written in place, and bad: refused, and the agent stays
	sed 's/"10.128.0.2"/"10.129.0.2"/' "$dir/live.json" >"$dir/bad.tmp"
	cat "$dir/bad.tmp" >"$dir/live.json"
	wait_for 20 grep -q '^refused: ' "$log"
	check_err $? "the bad file was not refused: $(tail -n 3 "$log")"
	kill -0 $pid 2>/dev/null
	check_err $? "the agent died on a bad file"
	ping_ok "$a" 10.128.2.2
	check_err $? "a -> c after the refusal"

	kill -TERM $pid
	wait $pid
	check_err $? "exit status after SIGTERM"
	grep -q '^exiting on signal 15' "$log"
	check_err $? "no exit line"
	[ "$VERBOSE" = 1 ] && sed 's/^/# watch: /' "$log"
	log_test "watching: a changed file is applied, a bad one refused, SIGTERM stops it"
}

# the lean lane skips the cases whose work is the agent's own, in userspace
test_first_run
test_pod_network
test_isolation
test_masquerade
test_idempotent
lean_skip test_bad_files "bad files refused naming the JSON path, nothing changed" \
	"the agent refuses them before any netlink message"

steady_start
test_remove_pod
test_add_pod
test_global
test_egress_ip
test_egress_move
test_firewall
steady_check
log_test "the steady pings a <-> c and a <-> f lost no packet through all of it"

lean_skip test_final_idempotent "after all the steps a second run still changes nothing" \
	"the diff is the agent's, and sends nothing"
lean_skip test_watch "watching: a changed file is applied, a bad one refused, SIGTERM stops it" \
	"inotify and signals, in the agent; the kernel sees the same commands as above"
dmesg_clean
check_err $? "kernel log"
log_test "no kernel warnings"
