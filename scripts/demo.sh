#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's main job, run inside the VM by `make demo` (and by
# selftests/demo.sh in make check, so that it cannot rot).
#
# Two nodes, an external host and the pods of
# Documentation/examples/cluster.json, programmed by sdn-agent alone; the
# kube-proxy DNAT of the service "web" added by hand, as kube-proxy would.
# Then the seed's seven paths, one by one: each drawn from `sdnctl trace`
# (the stages the packet takes on every node it crosses), then sent for
# real, with the reply and the source address the far end saw.
#
#   node1 192.0.2.11, 10.128.0.0/23: a .2 red, b .3 red, d .4 blue,
#                                    router .7 blue (egress router)
#   node2 192.0.2.12, 10.128.2.0/23: c .2 red, e .3 blue, g .4 default
#   ext   192.0.2.50: echoes the source address it saw
#   red vnid 10 (egress IP 192.0.2.100, on node1), blue vnid 20
#   service web 172.30.0.10:80 -> b:8080
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
CLUSTER=${CLUSTER:-$top/Documentation/examples/cluster.json}
SDNCTL=$top/userspace/sdnctl
AGENT=$top/userspace/sdn-agent
EXT=192.0.2.50
declare -A NS

die() { echo "demo: $*" >&2; exit 1; }
q() { "$@" >/dev/null 2>&1; }

# ---- set-up --------------------------------------------------------------------

if [ ! -d /sys/module/sdnbr ]; then
	ko=${SDNBR_KO:-$top/kmod/sdnbr.ko}
	modprobe nf_conntrack && insmod "$ko" || die "cannot load $ko"
fi
[ -x "$SDNCTL" ] && [ -x "$AGENT" ] || die "build the userspace first (make)"

tag=demo$$
cleanup()
{
	local n

	for n in "${NS[@]}"; do
		ip netns pids "$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$n" 2>/dev/null
	done
}
trap cleanup EXIT

mkns()
{
	NS[$1]=$tag-$1
	ip netns add "${NS[$1]}" || die "netns $1"
	ip -n "${NS[$1]}" link set lo up
	ip netns exec "${NS[$1]}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

# the underlay: one hub, the nodes and the external host on it
mkns ul
mkns node1
mkns node2
mkns ext
q ip -n "${NS[ul]}" link add hub type bridge
ip -n "${NS[ul]}" link set hub up
hub_port()
{
	ip link add eth0 netns "${NS[$1]}" type veth peer name "p-$1" netns "${NS[ul]}" &&
		ip -n "${NS[ul]}" link set "p-$1" master hub &&
		ip -n "${NS[ul]}" link set "p-$1" up &&
		ip -n "${NS[$1]}" addr add "$2" dev eth0 &&
		ip -n "${NS[$1]}" link set eth0 up
}
hub_port node1 192.0.2.11/24 && hub_port node2 192.0.2.12/24 &&
	hub_port ext $EXT/24 || die "underlay"

# the pods: what a CNI plugin leaves behind, netns, eth0 and a host veth
pods=$(jq -r '.pods[] | "\(.name) \(.node) \(.ip) \(.hostVeth) \(.namespace)"' "$CLUSTER")
declare -A POD_IP POD_NODE POD_VETH POD_TENANT
while read -r name node addr veth tenant; do
	POD_IP[$name]=$addr POD_NODE[$name]=$node POD_VETH[$name]=$veth
	POD_TENANT[$name]=$tenant
	gw=$(jq -r --arg n "$node" '.nodes[] | select(.name == $n) | .subnet' "$CLUSTER")
	plen=${gw#*/}
	gw=${gw%/*}
	gw=${gw%.*}.$((${gw##*.} + 1))
	mkns "$name"
	mac=$(printf '0a:58:%02x:%02x:%02x:%02x' ${addr//./ })
	ip -n "${NS[$node]}" link add "$veth" type veth peer name eth0 netns "${NS[$name]}" &&
		ip -n "${NS[$name]}" -b - <<-EOF || die "pod $name"
			link set eth0 address $mac
			addr add $addr/$plen dev eth0
			link set eth0 mtu 1450 up
			route add 10.128.0.0/14 dev eth0
			route add default via $gw
		EOF
done <<<"$pods"

echo "== sdn-agent programs both nodes from $(basename "$CLUSTER")"
for node in node1 node2; do
	ip netns exec "${NS[$node]}" "$AGENT" --once --config "$CLUSTER" \
		--node "$node" --uplink eth0 >"/tmp/$tag-$node.log" 2>&1 ||
		{ cat "/tmp/$tag-$node.log"; die "the agent failed on $node"; }
	echo "   $node: $(grep '^reconciled:' "/tmp/$tag-$node.log" | tail -n 1)"
	rm -f "/tmp/$tag-$node.log"
done

# kube-proxy's part: the service's DNAT on every node
for node in node1 node2; do
	ip netns exec "${NS[$node]}" nft -f - <<-EOF || die "DNAT on $node"
		table ip kube-proxy {
			chain pre {
				type nat hook prerouting priority dstnat;
				ip daddr 172.30.0.10 tcp dport 80 dnat to ${POD_IP[b]}:8080
			}
		}
	EOF
done
echo "   kube-proxy: web 172.30.0.10:80 -> b ${POD_IP[b]}:8080 on both nodes"

# the egress router: a macvlan on node1's uplink, NAT inside the pod
ip -n "${NS[node1]}" link add mv0 link eth0 type macvlan mode private &&
	ip -n "${NS[node1]}" link set mv0 netns "${NS[router]}" &&
	ip -n "${NS[router]}" addr add 192.0.2.60/24 dev mv0 &&
	ip -n "${NS[router]}" link set mv0 up || die "egress router"
ip netns exec "${NS[router]}" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "${NS[router]}" nft -f - <<-EOF || die "egress router NAT"
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
echo "   egress router: router ${POD_IP[router]}:7000 -> $EXT:9000 from 192.0.2.60"

# the far ends: each answers with the source address it saw
echo_server()
{
	ip netns exec "${NS[$1]}" socat -t 10 TCP-LISTEN:"$2",fork,reuseaddr \
		SYSTEM:'echo $SOCAT_PEERADDR' >/dev/null 2>&1 &
}
echo_server ext 9000
echo_server b 8080
echo_server b 9000
echo_server c 9000
sleep 0.5

# ---- drawing a path from the traces ------------------------------------------------

node_ip() { jq -r --arg n "$1" '.nodes[] | select(.name == $n) | .ip' "$CLUSTER"; }
other() { [ "$1" = node1 ] && echo node2 || echo node1; }

# leg NODE IN SRC DST ARGS...: one node's part of the path: LEG is
# "br0[stages] -> PORT"; VERDICT_KIND, VERDICT_VNI and DROPPED say what
# comes next.
leg()
{
	local node=$1 in=$2 src=$3 dst=$4 j

	shift 4
	LEG="br0[trace failed]" VERDICT_KIND=drop DROPPED="trace failed"
	j=$("$SDNCTL" -n "${NS[$node]}" -j trace dev br0 in "$in" src "$src" \
		dst "$dst" "$@") || return 1
	VERDICT_KIND=$(jq -r '.verdict.kind // "drop"' <<<"$j")
	VERDICT_VNI=$(jq -r '.verdict.vni // 0' <<<"$j")
	DROPPED=$(jq -r 'if .verdict.action == "drop" then .verdict.reason else "" end' <<<"$j")
	LEG=$(jq -r '"br0[" + ([.steps[] | select(.table != 255) | "\(.table) \(.stage)"] | join(" > ")) + "]" +
		(if .verdict.action == "drop" then " -> DROP (\(.verdict.reason))"
		 else " -> \(.verdict.port)" +
		      (if .verdict.mark != 0 then " mark \(.verdict.mark)" else "" end)
		 end)' <<<"$j")
}

# draw POD DST PROTO DPORT [DNAT]: the whole path from POD's eth0 across
# nodes, and through the host where it goes there (DNAT: IP:PORT the
# host's DNAT picks).
draw()
{
	local pod=$1 dst=$2 proto=$3 dport=$4 dnat=${5:-} node in src out hops=0

	node=${POD_NODE[$pod]} in=${POD_VETH[$pod]} src=${POD_IP[$pod]}
	out="$pod eth0 -> $in -> $node "
	VERDICT_VNI=0
	while [ $hops -lt 4 ]; do
		hops=$((hops + 1))
		if [ "$in" = vxlan0 ]; then
			leg "$node" vxlan0 "$src" "$dst" proto "$proto" dport "$dport" \
				tun-src "$(node_ip "$(other "$node")")" vni "$VERDICT_VNI"
		else
			leg "$node" "$in" "$src" "$dst" proto "$proto" dport "$dport"
		fi
		out+=$LEG
		[ -n "$DROPPED" ] && break
		case $VERDICT_KIND in
		tunnel)
			node=$(other "$node") in=vxlan0
			out+=" =VXLAN vni $VERDICT_VNI=> $node vxlan0 -> "
			;;
		gateway)
			if [ -n "$dnat" ]; then
				out+=" -> host DNAT to $dnat -> tun0 -> "
				dst=${dnat%:*} dport=${dnat#*:} dnat= in=tun0
			else
				out+=" -> host, out of eth0 (SNAT)"
				break
			fi
			;;
		*)
			out+=" -> eth0 of $dst"
			break
			;;
		esac
	done
	echo "$out"
}

# ---- the seven paths -------------------------------------------------------------

n=0 passed=0 failed=0 results=()
# path TITLE POD DST PORT WANT_SEEN [DNAT]: draw, then connect for real
path()
{
	local title=$1 pod=$2 dst=$3 port=$4 want=$5 dnat=${6:-} seen

	n=$((n + 1))
	printf '\n[%d/7] %s\n' "$n" "$title"
	printf '      %s\n' "$(draw "$pod" "$dst" tcp "$port" "$dnat")"
	seen=$(echo | ip netns exec "${NS[$pod]}" timeout 5 \
		socat -t 2 - TCP:"$dst":"$port",connect-timeout=3 2>/dev/null)
	if [ "$seen" = "$want" ]; then
		printf '      live: %s answered; it saw the source %s   [ OK ]\n' \
			"$dst:$port" "$seen"
		passed=$((passed + 1))
		results+=("ok   $title")
	else
		printf '      live: %s; the far end saw "%s", want %s   [FAIL]\n' \
			"$dst:$port" "${seen:-nothing}" "$want"
		failed=$((failed + 1))
		results+=("FAIL $title")
	fi
}

path "pod to pod, same node: a (red, node1) -> b (red, node1)" \
	a "${POD_IP[b]}" 9000 "${POD_IP[a]}"
path "pod to pod, other node: a (red, node1) -> c (red, node2)" \
	a "${POD_IP[c]}" 9000 "${POD_IP[a]}"
path "pod to service, backend on the same node: a -> web 172.30.0.10:80 -> b" \
	a 172.30.0.10 80 "${POD_IP[a]}" "${POD_IP[b]}:8080"
path "pod to service, backend on another node: c (node2) -> web -> b (node1)" \
	c 172.30.0.10 80 "${POD_IP[c]}" "${POD_IP[b]}:8080"
path "pod to external through an egress router: d (blue) -> router -> ext" \
	d "${POD_IP[router]}" 7000 192.0.2.60
path "pod to external through the node IP: d (blue, no egress IP) -> ext" \
	d $EXT 9000 192.0.2.11
path "pod to external through an egress IP: a (red, egress IP on node1) -> ext" \
	a $EXT 9000 192.0.2.100

printf '\n== summary: %d of %d paths passed\n' "$passed" "$n"
for r in "${results[@]}"; do
	printf '   %s\n' "$r"
done
[ "$failed" = 0 ]
