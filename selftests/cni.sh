#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdnbr-cni run exactly as a container runtime runs it: in the node's
# network namespace, with CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS,
# CNI_IFNAME, CNI_ARGS and CNI_PATH set and the network configuration on
# stdin; the result or the error object is on stdout.
#
#   node1 192.0.2.11, 10.128.0.0/23    node2 192.0.2.12, 10.128.2.0/23
#   node3 192.0.2.13, 10.128.4.0/30 (room for one pod)
#   multitenant; VNIDs from a cluster file (sdn-agent's): red 10, blue 20
#
# 50 pods are added at once, 25 per node, even ones in red, odd ones in
# blue; each gets the next address, its MAC, MTU and routes (spec section
# 1.4), a port on br0 and its entry with its namespace's VNID. Pods reach
# each other across nodes within a namespace and not across namespaces.
# CHECK passes, then fails once a route is gone. All 50 are deleted at
# once: no veth, no entry, no reservation is left; DEL again succeeds.
# Then the errors: bad JSON, a netns that is gone, a full subnet, an
# unknown namespace, a missing bridge, each with its code and message and
# nothing left behind.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping nsenter
need_sdnbr
dmesg_mark

CNI=${SDNBR_CNI:-$TOP_DIR/userspace/sdnbr-cni}
[ -x "$CNI" ] || { echo "# $CNI not built"; exit $ksft_fail; }
modprobe vxlan || exit $ksft_fail
PODS=50
dir=$(mktemp -d)
defer rm -rf "$dir"

setup_ns n1 n2 n3 || exit 1
node_setup "$n1" 10.128.0.1/23 192.0.2.11 multitenant &&
	node_setup "$n2" 10.128.2.1/23 192.0.2.12 multitenant &&
	node_setup "$n3" 10.128.4.1/30 192.0.2.13 multitenant &&
	underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 &&
	node_peer "$n1" 10.128.2.0/23 192.0.2.12 &&
	node_peer "$n2" 10.128.0.0/23 192.0.2.11 || exit 1
for ns in "$n1" "$n2"; do
	printf 'ns replace dev br0 vnid 10\nns replace dev br0 vnid 20\n' |
		sdn "$ns" -b - || exit 1
done

cat >"$dir/cluster.json" <<-EOF
	{"network": {"mode": "multitenant", "clusterNetworks": ["10.128.0.0/14"],
	             "serviceNetwork": "172.30.0.0/16"},
	 "nodes": [{"name": "node1", "ip": "192.0.2.11", "subnet": "10.128.0.0/23"},
	           {"name": "node2", "ip": "192.0.2.12", "subnet": "10.128.2.0/23"},
	           {"name": "node3", "ip": "192.0.2.13", "subnet": "10.128.4.0/30"}],
	 "namespaces": [{"name": "red", "vnid": 10}, {"name": "blue", "vnid": 20},
	                {"name": "default", "vnid": 0}]}
EOF
# conf N: node N's network configuration, as a runtime keeps it
for i in 1 2 3; do
	cat >"$dir/conf$i" <<-EOF
		{"cniVersion": "1.0.0", "name": "sdn", "type": "sdnbr-cni",
		 "clusterFile": "$dir/cluster.json", "dataDir": "$dir/ipam$i"}
	EOF
done

# cni NODE_NS COMMAND ID NETNS CONF [CNI_ARGS]: the plugin as a runtime
# runs it; stdout is the plugin's, stderr goes to $dir/stderr.
cni()
{
	nsenter --net="/run/netns/$1" env CNI_COMMAND="$2" CNI_CONTAINERID="$3" \
		CNI_NETNS="$4" CNI_IFNAME=eth0 CNI_ARGS="${6:-}" \
		CNI_PATH="$(dirname "$CNI")" "$CNI" <"$5" 2>>"$dir/stderr"
}

# pod I: the pod's node (1 or 2), namespace and netns name
node_of() { echo $(($1 < PODS / 2 ? 1 : 2)); }
ns_of() { if [ $(($1 % 2)) = 0 ]; then echo red; else echo blue; fi; }
node_ns() { local v=n$1; echo "${!v}"; }

# expect_cni_err CODE MSG OUTPUT: OUTPUT is exactly that error object
expect_cni_err()
{
	local code msg

	code=$(jq -r .code <<<"$3" 2>/dev/null)
	msg=$(jq -r .msg <<<"$3" 2>/dev/null)
	if [ "$code" != "$1" ] || [ "$msg" != "$2" ]; then
		echo "# wanted code $1 \"$2\", got: $3"
		return 1
	fi
	[ "$(jq -r .cniVersion <<<"$3")" = 1.0.0 ] ||
		{ echo "# no cniVersion 1.0.0 in: $3"; return 1; }
}

# leftovers NODE_NS N: N host veths, N pod entries and N reservations
reservations() { find "$1" -maxdepth 1 -name '10.*' 2>/dev/null | wc -l; }
leftovers()
{
	local v e r i=${1: -1}

	v=$(ip -n "$(node_ns "$i")" -o link show | grep -c ': veth[0-9a-f]\{8\}@')
	e=$(sdn "$(node_ns "$i")" -j pod show dev br0 | jq length)
	r=$(reservations "$dir/ipam$i")
	if [ "$v $e $r" != "$2 $2 $2" ]; then
		echo "# node$i: $v veths, $e entries, $r reservations; wanted $2 each"
		return 1
	fi
}

# ---- VERSION ------------------------------------------------------------------

out=$(CNI_COMMAND=VERSION "$CNI" </dev/null)
[ "$(jq -c . <<<"$out")" = '{"cniVersion":"1.0.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0"]}' ]
check_err $? "VERSION: $out"
log_test "VERSION lists 0.3.0 to 1.0.0"

# ---- ADD 50 pods at once ----------------------------------------------------------

for ((i = 0; i < PODS; i++)); do
	setup_ns "pod$i" || exit 1
done
start=$(date +%s%N)
for ((i = 0; i < PODS; i++)); do
	p=pod$i
	(cni "$(node_ns "$(node_of $i)")" ADD "ctr-$i" "/run/netns/${!p}" \
		"$dir/conf$(node_of $i)" \
		"IgnoreUnknown=1;K8S_POD_NAMESPACE=$(ns_of $i);K8S_POD_NAME=web-$i" \
		>"$dir/add$i"
	 echo $? >"$dir/rc$i") &
done
wait
log_info "$PODS ADDs in parallel: $((($(date +%s%N) - start) / 1000000)) ms"

bad=0
for ((i = 0; i < PODS; i++)); do
	[ "$(cat "$dir/rc$i")" = 0 ] || { bad=$((bad + 1)); echo "# pod$i: $(cat "$dir/add$i")"; }
done
check_err $bad "$bad ADDs failed"
# each node gave out .2 up to .26, once each
for n in 1 2; do
	[ $n = 1 ] && net=10.128.0 || net=10.128.2
	got=$(for ((i = 0; i < PODS; i++)); do
		[ "$(node_of $i)" = $n ] && jq -r '.ips[0].address' "$dir/add$i"
	done | sort -t. -k4 -n | tr '\n' ' ')
	want=$(for ((k = 2; k < PODS / 2 + 2; k++)); do echo "$net.$k/23"; done | tr '\n' ' ')
	[ "$got" = "$want" ] || { check_err 1 "node$n addresses: $got"; }
done
leftovers n1 $((PODS / 2)) && leftovers n2 $((PODS / 2))
check_err $? "not one veth, entry and reservation per pod"
log_test "ADD: $PODS pods at once, each its own address"

# the result is what the pod got
i=0
p=pod$i
res=$(cat "$dir/add$i")
ip=$(jq -r '.ips[0].address' <<<"$res")
ip=${ip%/*}
want_routes='0.0.0.0/0 via 10.128.0.1|10.128.0.0/14 via -|172.30.0.0/16 via 10.128.0.1|224.0.0.0/4 via -'
[ "$(jq -r '[.routes[] | "\(.dst) via \(.gw // "-")"] | sort | join("|")' <<<"$res")" = "$want_routes" ]
check_err $? "result routes: $(jq -c .routes <<<"$res")"
[ "$(jq -r '.ips[0].gateway, .ips[0].interface, .interfaces[1].name, .interfaces[1].mac, .interfaces[1].sandbox' <<<"$res" | tr '\n' ' ')" = \
  "10.128.0.1 1 eth0 $(pod_mac "$ip") /run/netns/${!p} " ]
check_err $? "result: $res"
hv=$(jq -r '.interfaces[0].name' <<<"$res")
[ "$(ip -n "$n1" -j link show dev "$hv" | jq -r '.[0].master, .[0].mtu, .[0].operstate')" = \
  "$(printf 'br0\n1450\nUP')" ]
check_err $? "$hv: $(ip -n "$n1" -o link show dev "$hv")"
[ "$(ip -n "${!p}" -j link show dev eth0 | jq -r '.[0].address, .[0].mtu, .[0].operstate')" = \
  "$(printf '%s\n1450\nUP' "$(pod_mac "$ip")")" ]
check_err $? "pod eth0: $(ip -n "${!p}" -o link show dev eth0)"
[ "$(ip -n "${!p}" -j addr show dev eth0 | jq -r '[.[0].addr_info[] | select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(" ")')" = "$ip/23" ]
check_err $? "pod address: $(ip -n "${!p}" -o addr show dev eth0)"
# the kernel's connected route, and the four of spec section 1.4
[ "$(ip -n "${!p}" -j route show | jq -r '[.[] | "\(.dst) \(.gateway // "-") \(.scope // "global")"] | sort | join("|")')" = \
  "10.128.0.0/14 - link|10.128.0.0/23 - link|172.30.0.0/16 10.128.0.1 global|224.0.0.0/4 - link|default 10.128.0.1 global" ]
check_err $? "pod routes: $(ip -n "${!p}" route show | tr '\n' '|')"
log_test "ADD: MAC 0a:58:IP, MTU 1450, address and routes as the result says"

# entries: the port and the VNID of the pod's namespace
bad=0
for ((i = 0; i < PODS; i++)); do
	ip=$(jq -r '.ips[0].address' "$dir/add$i")
	hv=$(jq -r '.interfaces[0].name' "$dir/add$i")
	[ "$(ns_of $i)" = red ] && vnid=10 || vnid=20
	echo "${ip%/*} $hv $vnid"
done | sort >"$dir/want-entries"
for n in 1 2; do
	sdn "$(node_ns $n)" -j pod show dev br0 | jq -r '.[] | "\(.ip) \(.port) \(.vnid)"'
done | sort >"$dir/got-entries"
diff -u "$dir/want-entries" "$dir/got-entries" | head -n 10 | sed 's/^/# /'
[ "$(wc -l <"$dir/got-entries")" = $PODS ] && cmp -s "$dir/want-entries" "$dir/got-entries"
check_err $? "the entries differ"
log_test "ADD: each entry on the pod's veth with its namespace's VNID"

# ---- reachability (samples) ---------------------------------------------------------

addr_of() { jq -r '.ips[0].address' "$dir/add$1" | cut -d/ -f1; }
pns() { local v=pod$1; echo "${!v}"; }
for pair in "0 2" "0 26" "1 27" "49 23" "24 30"; do
	read -r a b <<<"$pair"
	ping_ok "$(pns "$a")" "$(addr_of "$b")" 2
	check_err $? "pod$a ($(ns_of "$a")) cannot reach pod$b ($(ns_of "$b"))"
done
ping_ok "$(pns 25)" 10.128.2.1 2
check_err $? "pod25 cannot reach its gateway"
log_test "pods reach each other within a namespace, on one node and across"

for pair in "0 1" "0 27" "26 1"; do
	read -r a b <<<"$pair"
	ip netns exec "$(pns "$a")" ping -q -c 1 -W 1 "$(addr_of "$b")" >/dev/null 2>&1
	check_fail $? "pod$a ($(ns_of "$a")) reaches pod$b ($(ns_of "$b"))"
done
log_test "pods do not reach another namespace's"

# ---- CHECK ------------------------------------------------------------------------------

# conf_with_prev N I: node N's configuration with pod I's result as prevResult
conf_with_prev()
{
	jq --slurpfile r "$dir/add$2" '. + {prevResult: $r[0]}' "$dir/conf$1" >"$dir/check$2"
}
conf_with_prev 1 3
out=$(cni "$n1" CHECK ctr-3 "/run/netns/$(pns 3)" "$dir/check3" "K8S_POD_NAMESPACE=blue")
rc=$?
[ $rc = 0 ] && [ -z "$out" ]
check_err $? "CHECK of pod3: exit $rc: $out"
ip -n "$(pns 3)" route del 224.0.0.0/4
out=$(cni "$n1" CHECK ctr-3 "/run/netns/$(pns 3)" "$dir/check3" "K8S_POD_NAMESPACE=blue")
expect_cni_err 102 "the pod has no route 224.0.0.0/4 on-link dev eth0" "$out"
check_err $? "CHECK after a route was deleted"
ip -n "$(pns 3)" route add 224.0.0.0/4 dev eth0
# an entry with another VNID (the namespace is red in the runtime's eyes)
out=$(cni "$n1" CHECK ctr-3 "/run/netns/$(pns 3)" "$dir/check3" "K8S_POD_NAMESPACE=red")
expect_cni_err 102 "the entry of pod $(addr_of 3) has VNID 20, not 10" "$out"
check_err $? "CHECK with the wrong namespace"
log_test "CHECK: passes on a pod as added, names what differs"

# ---- DEL all at once, and again --------------------------------------------------------

start=$(date +%s%N)
for ((i = 0; i < PODS; i++)); do
	(cni "$(node_ns "$(node_of $i)")" DEL "ctr-$i" "/run/netns/$(pns $i)" \
		"$dir/conf$(node_of $i)" "K8S_POD_NAMESPACE=$(ns_of $i)" >"$dir/del$i"
	 echo $? >"$dir/rc$i") &
done
wait
log_info "$PODS DELs in parallel: $((($(date +%s%N) - start) / 1000000)) ms"
bad=0
for ((i = 0; i < PODS; i++)); do
	[ "$(cat "$dir/rc$i")" = 0 ] && [ ! -s "$dir/del$i" ] ||
		{ bad=$((bad + 1)); echo "# DEL pod$i: $(cat "$dir/del$i")"; }
done
check_err $bad "$bad DELs failed"
leftovers n1 0 && leftovers n2 0
check_err $? "DEL left something behind"
[ "$(ip -n "$(pns 0)" -o link show | grep -c eth0)" = 0 ]
check_err $? "eth0 is still in pod0"
log_test "DEL: $PODS pods at once, no veth, entry or reservation left"

bad=0
for i in 0 1 26; do
	out=$(cni "$(node_ns "$(node_of $i)")" DEL "ctr-$i" "/run/netns/$(pns $i)" "$dir/conf$(node_of $i)")
	[ $? = 0 ] && [ -z "$out" ] || { bad=1; echo "# second DEL of pod$i: $out"; }
done
# a runtime may call DEL without CNI_NETNS
out=$(nsenter --net="/run/netns/$n1" env CNI_COMMAND=DEL CNI_CONTAINERID=ctr-0 \
	CNI_IFNAME=eth0 "$CNI" <"$dir/conf1" 2>&1)
[ $? = 0 ] && [ -z "$out" ] || { bad=1; echo "# DEL without CNI_NETNS: $out"; }
check_err $bad "a repeated DEL failed"
log_test "DEL: again, and without CNI_NETNS, succeeds"

# ---- errors ------------------------------------------------------------------------------

printf '{"cniVersion": "1.0.0",' >"$dir/badjson"
out=$(cni "$n1" ADD ctr-x "/run/netns/$(pns 0)" "$dir/badjson")
rc=$?
[ $rc = 1 ] || check_err 1 "bad JSON: exit status $rc"
expect_cni_err 6 "network configuration: not JSON: 1:23: string or '}' expected near end of file" "$out"
check_err $? "bad JSON"
grep -q "^sdnbr-cni: network configuration: not JSON" "$dir/stderr"
check_err $? "the error is not on stderr too"
leftovers n1 0
check_err $? "bad JSON left something"
log_test "error: bad JSON is code 6"

out=$(cni "$n1" ADD ctr-x "/run/netns/gone-$$" "$dir/conf1" "K8S_POD_NAMESPACE=red")
expect_cni_err 3 "CNI_NETNS /run/netns/gone-$$: the network namespace does not exist" "$out"
check_err $? "ADD into a netns that does not exist"
leftovers n1 0
check_err $? "a failed ADD left something"
# a pod whose netns is deleted before its DEL: DEL still cleans up
setup_ns gone || exit 1
out=$(cni "$n1" ADD ctr-g "/run/netns/$gone" "$dir/conf1" "K8S_POD_NAMESPACE=red")
check_err $? "ADD ctr-g: $out"
leftovers n1 1
check_err $? "ctr-g not added"
ip netns del "$gone"
out=$(cni "$n1" DEL ctr-g "/run/netns/$gone" "$dir/conf1" "K8S_POD_NAMESPACE=red")
[ $? = 0 ] && [ -z "$out" ]
check_err $? "DEL after the netns is gone: $out"
leftovers n1 0
check_err $? "DEL after the netns is gone left something"
log_test "error: a netns that is gone is code 3 on ADD; DEL still cleans up"

setup_ns q1 q2 || exit 1
out=$(cni "$n3" ADD ctr-q1 "/run/netns/$q1" "$dir/conf3" "K8S_POD_NAMESPACE=red")
[ "$(jq -r '.ips[0].address' <<<"$out")" = 10.128.4.2/30 ]
check_err $? "the only address of node3: $out"
out=$(cni "$n3" ADD ctr-q2 "/run/netns/$q2" "$dir/conf3" "K8S_POD_NAMESPACE=red")
expect_cni_err 101 "no free address in 10.128.4.0/30: all 1 host addresses but the gateway are reserved (1 reservations in $dir/ipam3)" "$out"
check_err $? "a full subnet"
leftovers n3 1
check_err $? "the refused ADD left something"
[ "$(ip -n "$q2" -o link show | grep -c eth0)" = 0 ]
check_err $? "the refused pod got an eth0"
out=$(cni "$n3" DEL ctr-q1 "/run/netns/$q1" "$dir/conf3")
out=$(cni "$n3" ADD ctr-q2 "/run/netns/$q2" "$dir/conf3" "K8S_POD_NAMESPACE=red")
[ "$(jq -r '.ips[0].address' <<<"$out")" = 10.128.4.2/30 ]
check_err $? "the address was not free again after DEL: $out"
cni "$n3" DEL ctr-q2 "/run/netns/$q2" "$dir/conf3" >/dev/null
leftovers n3 0
check_err $? "node3 not clean"
log_test "error: a full subnet is code 101"

out=$(cni "$n1" ADD ctr-x "/run/netns/$(pns 0)" "$dir/conf1" "K8S_POD_NAMESPACE=green")
expect_cni_err 7 "clusterFile $dir/cluster.json: no namespace \"green\" in namespaces" "$out"
check_err $? "an unknown namespace"
out=$(cni "$n1" ADD ctr-x "/run/netns/$(pns 0)" "$dir/conf1")
expect_cni_err 4 "CNI_ARGS: K8S_POD_NAMESPACE is not set; the VNID comes from the namespace in $dir/cluster.json" "$out"
check_err $? "no namespace"
jq '.bridge = "br9"' "$dir/conf1" >"$dir/conf-br9"
out=$(cni "$n1" ADD ctr-x "/run/netns/$(pns 0)" "$dir/conf-br9" "K8S_POD_NAMESPACE=red")
expect_cni_err 100 "bridge br9: no such device in this network namespace (is the node set up? sdn-agent creates it)" "$out"
check_err $? "a missing bridge"
out=$(nsenter --net="/run/netns/$n1" env CNI_COMMAND=ADD CNI_CONTAINERID=ctr-x \
	CNI_IFNAME=eth0 "$CNI" <"$dir/conf1" 2>/dev/null)
expect_cni_err 4 "CNI_NETNS is not set" "$out"
check_err $? "no CNI_NETNS"
leftovers n1 0
check_err $? "a refused ADD left something"
log_test "error: unknown namespace 7, no namespace 4, no bridge 100, no CNI_NETNS 4"

dmesg_clean
check_err $? "kernel log"
log_test "kernel log clean"
