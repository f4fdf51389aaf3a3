#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark itself, run inside the VM by scripts/bench (which see).
# Builds one copy of the same topology per contender, then measures them
# in turn, A, B, C, A, B, C, writing one JSON object per raw run to
# $OUT/raw.jsonl. QUICK=1 only checks that every contender forwards.
#
# Per contender X (sd sdnbr, sv sdnbr with service-client pods,
# oo OVS with OpenShift's flows, om OVS with minimal flows, lb Linux
# bridge + flannel-style VXLAN, mr tc mirred):
#
#   X-a 10.128.0.2 --+                        +-- X-c 10.128.2.2
#   X-b 10.128.0.3 --+-- X-n1 ==underlay== X-n2
#                        10.128.0.0/23     10.128.2.0/23
#                        eth0 192.0.2.11 -- 192.0.2.12 eth0
#
# Pods: veth eth0 (MTU 1450, OpenShift's MAC 0a:58:IP) whose host end is
# veth-a/-b/-c in the node. Every pod's eth0 has a tc ingress filter
# that drops IPv4 and counts it: that is what is measured. pktgen sends
# from X-a, except for the floor's same-node path: mr-d (10.128.0.4,
# veth-d, n1 only), a port that carries that one flow (setup_mirred).
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:?OUT must name the output directory}
QUICK=${QUICK:-0}
SDNCTL=$TOP/userspace/sdnctl
FLOWS="python3 $TOP/scripts/bench-flows.py"
# sdnctl -b lines of N pods from 10.128.1.0 on the scale port, NODES nodes
BATCH=$TOP/scripts/bench-batch.sh
if [ "$QUICK" = 1 ]; then
	REPS=${REPS:-1}
	COUNT=${COUNT:-2000}
	SIZES=${SIZES:-"10 1000"}
	INSTALL_PODS=${INSTALL_PODS:-1000}
	INSTALL_NODES=${INSTALL_NODES:-10}
	INSTALL_REPS=${INSTALL_REPS:-1}
	PROFILE=${PROFILE:-0}
else
	REPS=${REPS:-5}
	COUNT=${COUNT:-60000}
	SIZES=${SIZES:-"10 10000 100000 1000000"}
	INSTALL_PODS=${INSTALL_PODS:-100000}
	INSTALL_NODES=${INSTALL_NODES:-1000}
	INSTALL_REPS=${INSTALL_REPS:-2}
	PROFILE=${PROFILE:-1}
fi
OVS_SCALE_MAX=${OVS_SCALE_MAX:-1000000}
WARM=${WARM:-300}
CONTENDERS=${CONTENDERS:-"sd oo om lb mr"}

mkdir -p "$OUT"
RAW=$OUT/raw.jsonl
: >"$RAW"
TMP=$(mktemp -d)
FAILS=0
CHECKS=0

log() { echo "bench: $*"; }

# the shell, its children and the OVS daemons stay on CPU 1; pktgen's
# thread and the forwarding softirqs run on CPU 0
taskset -pc 1 $$ >/dev/null 2>&1

cleanup()
{
	local p
	for p in "$TMP"/ovs-*/*.pid; do
		[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	sleep 0.5
	for ns in $(ip netns list | awk '{print $1}'); do
		case "$ns" in b-*) ip netns del "$ns" 2>/dev/null ;; esac
	done
	rm -rf "$TMP"
}
trap cleanup EXIT

# ---- names and addresses ----------------------------------------------------

CLUSTER=10.128.0.0/14
SERVICE=172.30.0.0/16
SVC_IP=172.30.0.10

pod_mac()
{
	local IFS=.
	# shellcheck disable=SC2086
	printf '0a:58:%02x:%02x:%02x:%02x' $1
}

# every namespace of the bench is b-X-NAME
ns() { echo "b-$1-$2"; }
nsx() { local n; n=$(ns "$1" "$2"); shift 2; ip netns exec "$n" "$@"; }

mkns()
{
	local n

	n=$(ns "$1" "$2")
	ip netns add "$n" || return 1
	ip netns exec "$n" sh -c 'ip link set lo up;
		sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1' 2>/dev/null
}

# pod X NODE POD HOSTVETH IP GW: a pod netns and its veth, host end in NODE
pod()
{
	local x=$1 node=$2 p=$3 hv=$4 ip=$5 gw=$6 pn nn

	mkns "$x" "$p" || return 1
	pn=$(ns "$x" "$p")
	nn=$(ns "$x" "$node")
	ip -n "$nn" link add "$hv" mtu 1450 type veth peer name eth0 netns "$pn" mtu 1450 || return 1
	ip -n "$nn" link set "$hv" up
	ip -n "$pn" -b - <<-EOF || return 1
		link set eth0 address $(pod_mac "$ip")
		addr add $ip/23 dev eth0
		link set eth0 up
		route add $CLUSTER dev eth0
		route add default via $gw
	EOF
	# the receiving side: count and drop IPv4 at ingress
	tc -n "$pn" qdisc add dev eth0 clsact &&
		tc -n "$pn" filter add dev eth0 ingress pref 1 protocol ip matchall action drop
}

# pods X: a and b on n1, c on n2, and the underlay between the nodes
pods()
{
	local x=$1

	mkns "$x" n1 && mkns "$x" n2 || return 1
	ip link add eth0 netns "$(ns "$x" n1)" type veth peer name eth0 netns "$(ns "$x" n2)" || return 1
	ip -n "$(ns "$x" n1)" -b - <<-EOF || return 1
		addr add 192.0.2.11/24 dev eth0
		link set eth0 up
	EOF
	ip -n "$(ns "$x" n2)" -b - <<-EOF || return 1
		addr add 192.0.2.12/24 dev eth0
		link set eth0 up
	EOF
	ip -n "$(ns "$x" n1)" neigh add 192.0.2.12 lladdr "$(mac_of "$x" n2 eth0)" dev eth0 nud permanent
	ip -n "$(ns "$x" n2)" neigh add 192.0.2.11 lladdr "$(mac_of "$x" n1 eth0)" dev eth0 nud permanent
	pod "$x" n1 a veth-a 10.128.0.2 10.128.0.1 &&
		pod "$x" n1 b veth-b 10.128.0.3 10.128.0.1 &&
		pod "$x" n2 c veth-c 10.128.2.2 10.128.2.1
}

mac_of() { ip -n "$(ns "$1" "$2")" -j link show dev "$3" | jq -r '.[0].address'; }

# the host side of the service path: kube-proxy's DNAT of the service to b
svc_rules()
{
	local n

	n=$(ns "$1" n1)
	ip netns exec "$n" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0
	ip netns exec "$n" nft -f - <<-EOF
		table ip bench {
			chain pre {
				type nat hook prerouting priority dstnat;
				ip daddr $SVC_IP udp dport 80 dnat to 10.128.0.3:8080
			}
		}
	EOF
}

# ---- contenders ---------------------------------------------------------------

sdnbr_node()
{
	local x=$1 node=$2 gw=$3 nip=$4 n

	n=$(ns "$x" "$node")
	ip -n "$n" -b - <<-EOF || return 1
		link add br0 type sdnbr
		link add tun0 link br0 type sdnbr-gw
		link add vxlan0 type vxlan external dstport 4789
		link set vxlan0 master br0
		link set tun0 mtu 1450
		addr add $gw/23 dev tun0
		link set br0 up
		link set tun0 up
		link set vxlan0 up
		route del ${gw%.*}.0/23 dev tun0
		route add $CLUSTER dev tun0 scope link
		route add $SERVICE dev tun0
	EOF
	"$SDNCTL" -n "$n" bridge set dev br0 mode multitenant cluster-network $CLUSTER \
		service-network $SERVICE local-subnet "${gw%.*}.0/23" gateway "$gw" \
		node-ip "$nip" mtu 1450
}

setup_sdnbr()
{
	local x=$1 n1 n2

	pods "$x" || return 1
	n1=$(ns "$x" n1)
	n2=$(ns "$x" n2)
	sdnbr_node "$x" n1 10.128.0.1 192.0.2.11 && sdnbr_node "$x" n2 10.128.2.1 192.0.2.12 || return 1
	ip -n "$n1" link set veth-a master br0 && ip -n "$n1" link set veth-b master br0 &&
		ip -n "$n2" link set veth-c master br0 || return 1
	"$SDNCTL" -n "$n1" -b - <<-EOF || return 1
		ns add dev br0 vnid 10
		node add dev br0 subnet 10.128.2.0/23 ip 192.0.2.12
		pod add dev br0 ip 10.128.0.2 port veth-a vnid 10
		pod add dev br0 ip 10.128.0.3 port veth-b vnid 10
	EOF
	"$SDNCTL" -n "$n2" -b - <<-EOF || return 1
		ns add dev br0 vnid 10
		node add dev br0 subnet 10.128.0.0/23 ip 192.0.2.11
		pod add dev br0 ip 10.128.2.2 port veth-c vnid 10
	EOF
	ip -n "$n1" neigh add 10.128.0.3 lladdr "$(pod_mac 10.128.0.3)" dev tun0 nud permanent
	svc_rules "$x"
	GWMAC[$x]=$(mac_of "$x" n1 tun0)
	if [ "$x" = sv ]; then
		# a and b have used the service: the host DNATed them to b:8080,
		# so stage 25 put 8080 in their service-port filters, and a packet
		# to them from that port would ask conntrack whether it is a reply.
		# pktgen's source port 9 misses the filter: the cost measured is
		# that of a service client receiving ordinary pod traffic.
		echo x | nsx sv a socat -u - UDP:"$SVC_IP":80 >/dev/null 2>&1
		echo x | nsx sv b socat -u - UDP:"$SVC_IP":80 >/dev/null 2>&1
	fi
	return 0
}

# ovs_start X NODE: ovsdb-server and ovs-vswitchd of one node, in its netns
ovs_start()
{
	local x=$1 node=$2 d n

	d=$TMP/ovs-$x-$node
	n=$(ns "$x" "$node")
	mkdir -p "$d"
	ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema || return 1
	OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d ip netns exec "$n" taskset -c 1 \
		ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
		--pidfile="$d/ovsdb.pid" --unixctl="$d/ovsdb.ctl" --log-file="$d/ovsdb.log" \
		--detach --no-chdir -vconsole:off 2>>"$d/stderr" || return 1
	ovs-vsctl --db="unix:$d/db.sock" --no-wait -- init \
		-- set Open_vSwitch . other_config:max-idle=60000 \
		other_config:n-handler-threads=1 other_config:n-revalidator-threads=1 || return 1
	OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d ip netns exec "$n" taskset -c 1 \
		ovs-vswitchd "unix:$d/db.sock" --pidfile="$d/vswitchd.pid" \
		--unixctl="$d/vswitchd.ctl" --log-file="$d/vswitchd.log" \
		--detach --no-chdir -vconsole:off 2>>"$d/stderr" || return 1
}

vsctl() { local d=$TMP/ovs-$1-$2; shift 2; ovs-vsctl --db="unix:$d/db.sock" --timeout=60 "$@"; }
ofctl() { local d=$TMP/ovs-$1-$2; shift 2; OVS_RUNDIR=$d ovs-ofctl -O OpenFlow13 "$@"; }
vswitchd_rss() { awk '/^VmRSS/ {print $2 * 1024}' "/proc/$(cat "$TMP/ovs-$1-$2/vswitchd.pid")/status"; }

# ovs_node X NODE GW PORTS...: br0 as OpenShift SDN makes it (1.1, 1.2)
ovs_node()
{
	local x=$1 node=$2 gw=$3 n p i=3 ports=()

	shift 3
	n=$(ns "$x" "$node")
	ovs_start "$x" "$node" || return 1
	for p in "$@"; do
		ports+=(-- add-port br0 "$p" -- set Interface "$p" ofport_request=$i)
		i=$((i + 1))
	done
	vsctl "$x" "$node" add-br br0 -- set Bridge br0 fail_mode=secure protocols=OpenFlow13 \
		-- add-port br0 vxlan0 -- set Interface vxlan0 ofport_request=1 type=vxlan \
		options:remote_ip=flow options:key=flow options:dst_port=4789 \
		-- add-port br0 tun0 -- set Interface tun0 ofport_request=2 type=internal mtu_request=1450 \
		"${ports[@]}" || return 1
	ip -n "$n" -b - <<-EOF || return 1
		link set br0 up
		addr add $gw/23 dev tun0
		link set tun0 up
		route del ${gw%.*}.0/23 dev tun0
		route add $CLUSTER dev tun0 scope link
		route add $SERVICE dev tun0
	EOF
}

setup_ovs()
{
	local x=$1 mode=$2 n1 n2 f

	pods "$x" || return 1
	n1=$(ns "$x" n1)
	n2=$(ns "$x" n2)
	ovs_node "$x" n1 10.128.0.1 veth-a veth-b && ovs_node "$x" n2 10.128.2.1 veth-c || return 1
	f=$TMP/flows-$x
	if [ "$mode" = openshift ]; then
		$FLOWS static 10.128.0.1 10.128.0.0/23 $CLUSTER $SERVICE 192.0.2.11 \
			"$(mac_of "$x" n1 eth0)" "$(mac_of "$x" n1 tun0)" \
			-- pod 10.128.0.2 3 10 -- pod 10.128.0.3 4 10 -- vnid 10 \
			-- node 10.128.2.0/23 192.0.2.12 >"$f-n1"
		$FLOWS static 10.128.2.1 10.128.2.0/23 $CLUSTER $SERVICE 192.0.2.12 \
			"$(mac_of "$x" n2 eth0)" "$(mac_of "$x" n2 tun0)" \
			-- pod 10.128.2.2 3 10 -- vnid 10 \
			-- node 10.128.0.0/23 192.0.2.11 >"$f-n2"
	else
		# one flow per direction and path: OVS's best case
		cat >"$f-n1" <<-EOF
			flow add in_port=3, ip, nw_dst=10.128.0.3, actions=output:4
			flow add in_port=3, ip, nw_dst=10.128.2.0/23, actions=set_field:192.0.2.12->tun_dst,output:1
			flow add in_port=3, ip, nw_dst=$SERVICE, actions=output:2
			flow add in_port=2, ip, nw_dst=10.128.0.3, actions=output:4
		EOF
		cat >"$f-n2" <<-EOF
			flow add in_port=1, ip, nw_dst=10.128.2.2, actions=output:3
		EOF
	fi
	ofctl "$x" n1 bundle br0 "$f-n1" && ofctl "$x" n2 bundle br0 "$f-n2" || return 1
	ip -n "$n1" neigh add 10.128.0.3 lladdr "$(pod_mac 10.128.0.3)" dev tun0 nud permanent
	svc_rules "$x"
	GWMAC[$x]=$(mac_of "$x" n1 tun0)
}

# Linux bridge; across nodes flannel's VXLAN backend: routed through the
# host to flannel.1, with static neighbour and FDB entries
setup_lxbr()
{
	local x=$1 n1 n2 m1=02:fa:00:00:00:11 m2=02:fa:00:00:00:12

	pods "$x" || return 1
	n1=$(ns "$x" n1)
	n2=$(ns "$x" n2)
	ip -n "$n1" -b - <<-EOF || return 1
		link add br0 type bridge
		link set br0 mtu 1450
		addr add 10.128.0.1/23 dev br0
		link set veth-a master br0
		link set veth-b master br0
		link set br0 up
		link add flannel.1 address $m1 mtu 1450 type vxlan id 1 local 192.0.2.11 dev eth0 dstport 4789 nolearning
		addr add 10.128.0.0/32 dev flannel.1
		link set flannel.1 up
		route add 10.128.2.0/23 via 10.128.2.0 dev flannel.1 onlink
		neigh add 10.128.2.0 lladdr $m2 dev flannel.1 nud permanent
		neigh add 10.128.0.3 lladdr $(pod_mac 10.128.0.3) dev br0 nud permanent
	EOF
	ip -n "$n2" -b - <<-EOF || return 1
		link add br0 type bridge
		link set br0 mtu 1450
		addr add 10.128.2.1/23 dev br0
		link set veth-c master br0
		link set br0 up
		link add flannel.1 address $m2 mtu 1450 type vxlan id 1 local 192.0.2.12 dev eth0 dstport 4789 nolearning
		addr add 10.128.2.0/32 dev flannel.1
		link set flannel.1 up
		route add 10.128.0.0/23 via 10.128.0.0 dev flannel.1 onlink
		neigh add 10.128.0.0 lladdr $m1 dev flannel.1 nud permanent
		neigh add 10.128.2.2 lladdr $(pod_mac 10.128.2.2) dev br0 nud permanent
	EOF
	bridge -n "$n1" fdb append $m2 dev flannel.1 dst 192.0.2.12 &&
		bridge -n "$n2" fdb append $m1 dev flannel.1 dst 192.0.2.11 &&
		bridge -n "$n1" fdb add "$(pod_mac 10.128.0.2)" dev veth-a master static &&
		bridge -n "$n1" fdb add "$(pod_mac 10.128.0.3)" dev veth-b master static &&
		bridge -n "$n2" fdb add "$(pod_mac 10.128.2.2)" dev veth-c master static || return 1
	ip netns exec "$n2" sysctl -qw net.ipv4.ip_forward=1
	svc_rules "$x"
	GWMAC[$x]=$(mac_of "$x" n1 br0)
	XMAC[$x]=$(mac_of "$x" n1 br0)
}

# the floor: every host veth that sends carries one flow, so a matchall
# (no flow dissection, no lookup) redirects all it gets. Same node, the
# sender is pod d (veth-d), redirected to veth-b; across nodes, pod a
# (veth-a, which then carries only that flow), redirected straight into
# a collect_md vxlan with tunnel_key, and out of it on the far side
setup_mirred()
{
	local x=$1 n1 n2

	pods "$x" && pod "$x" n1 d veth-d 10.128.0.4 10.128.0.1 || return 1
	n1=$(ns "$x" n1)
	n2=$(ns "$x" n2)
	ip -n "$n1" link add vxlan0 type vxlan external dstport 4789 && ip -n "$n1" link set vxlan0 up &&
		ip -n "$n2" link add vxlan0 type vxlan external dstport 4789 && ip -n "$n2" link set vxlan0 up || return 1
	tc -n "$n1" qdisc add dev veth-d clsact &&
		tc -n "$n1" filter add dev veth-d ingress pref 1 protocol ip matchall \
			action mirred egress redirect dev veth-b &&
		tc -n "$n1" qdisc add dev veth-a clsact &&
		tc -n "$n1" filter add dev veth-a ingress pref 1 protocol ip matchall \
			action tunnel_key set src_ip 192.0.2.11 dst_ip 192.0.2.12 id 10 dst_port 4789 nocsum \
			action mirred egress redirect dev vxlan0 &&
		tc -n "$n2" qdisc add dev vxlan0 clsact &&
		tc -n "$n2" filter add dev vxlan0 ingress pref 1 matchall \
			action tunnel_key unset action mirred egress redirect dev veth-c
}

declare -A GWMAC XMAC
declare -A NAME=([sd]=sdnbr [sv]="sdnbr, service-client pods" [oo]="OVS, OpenShift flows"
	[om]="OVS, minimal flows" [lb]="Linux bridge" [mr]="tc mirred"
	[sc]=sdnbr [oc]="OVS, OpenShift flows")

setup()
{
	case "$1" in
	sd | sv | sc) setup_sdnbr "$1" ;;
	oo | oc) setup_ovs "$1" openshift ;;
	om) setup_ovs "$1" minimal ;;
	lb) setup_lxbr "$1" ;;
	mr) setup_mirred "$1" ;;
	esac
}

# ---- measuring ------------------------------------------------------------------

rx_count()
{
	tc -n "$1" -s -j filter show dev eth0 ingress |
		jq '[.[].options.actions[]?.stats.packets] | add // 0'
}

# pktgen X POD DST DSTMAC UDP_DST COUNT: send and print "sent usec"
pktgen()
{
	ip netns exec "$(ns "$1" "$2")" sh -c '
		cd /proc/net/pktgen || exit 1
		if ! grep -q eth0 kpktgend_0; then
			echo rem_device_all >kpktgend_0
			echo add_device eth0 >kpktgend_0
			for c in "clone_skb 0" "pkt_size 60" "delay 0" "udp_src_min 9" \
				"udp_src_max 9" "src_min $5" "src_max $5"; do
				echo "$c" >eth0
			done
		fi
		for c in "count $4" "dst $1" "dst_mac $2" "udp_dst_min $3" "udp_dst_max $3"; do
			echo "$c" >eth0
		done
		echo start >pgctrl
		sed -n "s/^Result: OK: \([0-9]*\)(.* usec, \([0-9]*\) (.*/\2 \1/p" eth0
	' sh "$3" "$4" "$5" "$6" "$(nsx "$1" "$2" ip -j -4 addr show dev eth0 | jq -r '.[0].addr_info[0].local')"
}

# path X TEST: the sending pod, the receiving pod, destination,
# destination MAC, UDP port
path()
{
	local x=$1 t=$2 snd=a

	# the floor's same-node flow has a port (pod d's) of its own
	[ "$x" = mr ] && [ "$t" = same ] && snd=d
	case "$t" in
	same | control) echo $snd b 10.128.0.3 "$(pod_mac 10.128.0.3)" 9 ;;
	cross) echo $snd c 10.128.2.2 "${XMAC[$x]:-$(pod_mac 10.128.2.2)}" 9 ;;
	svc) echo $snd b "$SVC_IP" "${GWMAC[$x]}" 80 ;;
	esac
}

# lost X: where a smoke run's missing packets went, for the log: each
# CPU's softnet drops (backlog full), and for sdnbr its drops by reason
# on both nodes (a QUICK run once lost 723 of 2,000 across nodes, once)
lost()
{
	local x=$1 n cpu=0 a b rest net=

	while read -r a b rest; do
		net="$net cpu$cpu=$((16#$b))"
		cpu=$((cpu + 1))
	done </proc/net/softnet_stat
	log "  softnet_stat dropped:$net"
	case $x in sd | sv) ;; *) return 0 ;; esac
	for n in n1 n2; do
		log "  sdnbr $n drops: $("$SDNCTL" -n "$(ns "$x" $n)" -j bridge show dev br0 |
			jq -c '[.[0].drops[]? | select(.packets > 0) | {(.reason): .packets}] | add // {}')"
	done
}

# run X TEST REP ENTRIES COUNT: one measured run, appended to raw.jsonl
run()
{
	local x=$1 t=$2 rep=$3 entries=$4 count=$5 snd rcv dst mac port r0 r1 sent usec pps

	read -r snd rcv dst mac port <<<"$(path "$x" "$t")"
	# warm up: resolve, install megaflows, conntrack entries
	pktgen "$x" "$snd" "$dst" "$mac" "$port" "$WARM" >/dev/null
	sleep 0.2
	r0=$(rx_count "$(ns "$x" "$rcv")")
	read -r sent usec <<<"$(pktgen "$x" "$snd" "$dst" "$mac" "$port" "$count")"
	sleep 0.3
	r1=$(rx_count "$(ns "$x" "$rcv")")
	pps=0
	[ "${usec:-0}" -gt 0 ] && pps=$(( (r1 - r0) * 1000000 / usec ))
	printf '{"test":"%s","contender":"%s","name":"%s","rep":%d,"entries":%d,"sent":%d,"received":%d,"usec":%d,"pps":%d}\n' \
		"$t" "$x" "${NAME[$x]}" "$rep" "$entries" "${sent:-0}" $((r1 - r0)) "${usec:-0}" "$pps" >>"$RAW"
	log "$(printf '%-6s %-28s rep %d entries %-7d sent %-7d received %-7d %7d pps' \
		"$t" "${NAME[$x]}" "$rep" "$entries" "${sent:-0}" $((r1 - r0)) "$pps")"
	if [ "$QUICK" = 1 ]; then
		CHECKS=$((CHECKS + 1))
		if [ $((r1 - r0)) -le 0 ]; then
			log "FAIL: $t through ${NAME[$x]} forwarded nothing"
			FAILS=$((FAILS + 1))
		fi
		if [ $((r1 - r0)) -lt "${sent:-0}" ]; then lost "$x"; fi
	fi
}

record() { echo "$1" >>"$RAW"; }

# kernel memory the way slab accounting sees it, plus per-CPU and vmalloc
kmem()
{
	sync
	echo 2 >/proc/sys/vm/drop_caches
	awk '/^(SUnreclaim|Percpu|VmallocUsed):/ {s += $2} END {print s * 1024}' /proc/meminfo
}

# ---- the run ---------------------------------------------------------------------

modprobe -a veth vxlan bridge openvswitch nf_conntrack nf_nat nft_chain_nat pktgen \
	sch_ingress cls_matchall cls_flower act_gact act_mirred act_tunnel_key || exit 1
[ -d /sys/module/sdnbr ] || insmod "${SDNBR_KO:-$TOP/kmod/sdnbr.ko}" || exit 1
sysctl -qw kernel.kptr_restrict=0 kernel.perf_event_paranoid=-1 2>/dev/null

log "kernel $(uname -r), $(nproc --all) CPUs, $(awk '/MemTotal/ {print $2 / 1024}' /proc/meminfo) MiB;" \
	"$(ovs-vswitchd --version | head -n 1); QUICK=$QUICK REPS=$REPS COUNT=$COUNT"
printf '{"test":"meta","kernel":"%s","ovs":"%s","quick":%d,"reps":%d,"count":%d,"warm":%d}\n' \
	"$(uname -r)" "$(ovs-vswitchd --version | head -n 1)" "$QUICK" "$REPS" "$COUNT" "$WARM" >>"$RAW"

t0=$(date +%s)
all="$CONTENDERS"
# the service-client variant is a measurement of sdnbr, not a contender
[ "$QUICK" = 1 ] || case " $all " in *" sd "*) all="$all sv" ;; esac
for x in $all; do
	log "setting up ${NAME[$x]} ($(($(date +%s) - t0)) s)"
	setup "$x" || { log "FAIL: setting up ${NAME[$x]}"; FAILS=$((FAILS + 1)); exit 1; }
done
log "set up in $(($(date +%s) - t0)) s"

# 1. the three paths, contenders alternating within each repetition
for rep in $(seq 1 "$REPS"); do
	for t in same cross svc; do
		for x in $all; do
			[ "$x" = sv ] && [ "$t" != same ] && continue
			[ "$x" = mr ] && [ "$t" = svc ] && continue
			run "$x" "$t" "$rep" 0 "$COUNT"
		done
	done
done

# 2. profiles of the same-node and cross-node paths: CPU 0 only, where
# pktgen's thread and the forwarding softirqs run, and only while pktgen
# sends 60,000 packets (50,000 to 250,000 samples under TCG; more would
# only make perf.data and the reports slower). The events start disabled
# and are enabled through perf's control FIFO around the send, so that
# neither perf's start nor the warm-up and the processes on CPU 1 around
# it leave idle time in them. The symbols are those of kpktgend_0 and
# ksoftirqd/0 (the sending and the forwarding, in per cent of their
# samples); perf.data and kallsyms stay in $OUT for perf report
# --kallsyms (-g: the callers too).
perfctl()
{
	# a perf that failed to start reads no command: do not wait forever
	timeout 60 sh -c 'echo "$1" >"$2" && read -r ack <"$3"' sh "$1" "$TMP/perf.ctl" "$TMP/perf.ack"
}

if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
	# under TCG a sample interrupt takes so long that the kernel's
	# throttling left a few samples a second of the 10,000 asked for:
	# turn it off (the samples are taken on CPU 0 only)
	sysctl -qw kernel.perf_cpu_time_max_percent=0
	mkfifo "$TMP/perf.ctl" "$TMP/perf.ack"
	cp /proc/kallsyms "$OUT/kallsyms"
	for xt in "sd same" "oo same" "sv same" "sd cross"; do
		read -r x t <<<"$xt"
		case " $all " in *" $x "*) ;; *) continue ;; esac
		read -r snd rcv dst mac port <<<"$(path "$x" "$t")"
		pktgen "$x" "$snd" "$dst" "$mac" "$port" "$WARM" >/dev/null
		perf record -C 0 -F 10000 -e cpu-clock -g -D -1 --control "fifo:$TMP/perf.ctl,$TMP/perf.ack" \
			-o "$TMP/perf.data" -- sleep 600 >"$OUT/perf-$x-$t.log" 2>&1 &
		pp=$!
		if ! perfctl enable; then
			log "FAIL: perf record for $x $t (see perf-$x-$t.log)"
			kill $pp 2>/dev/null
			wait $pp
			continue
		fi
		read -r sent usec <<<"$(pktgen "$x" "$snd" "$dst" "$mac" "$port" 60000)"
		perfctl disable
		kill -INT $pp
		wait $pp
		report=(perf report -i "$TMP/perf.data" --no-children -g none --stdio)
		f=$OUT/profile-$x-$t.txt
		{
			echo "# $x $t ($(uname -r)): perf record -C 0 -F 10000 -e cpu-clock -g while pktgen sent ${sent:-0} packets in ${usec:-0} us"
			echo "# by command, all samples of CPU 0"
			"${report[@]}" -F overhead,comm | grep -E '^ +[0-9]' | head -n 6
			# --comms filters whole entries, each under the command of its
			# first sample: comm must be a sort key for it to be exact
			echo "# by symbol, kpktgend_0 and ksoftirqd/0 only (per cent of theirs)"
			"${report[@]}" -F overhead,comm,sym --comms kpktgend_0,ksoftirqd/0 --percentage relative |
				grep -E '^ +[0-9]' | head -n 40
		} >"$f" 2>>"$OUT/perf-$x-$t.log"
		cp "$TMP/perf.data" "$OUT/perf-$x-$t.data"
		log "profile $x $t: $(grep -c . "$f") lines in $f"
	done
fi
if [ "${PROFILE_ONLY:-0}" = 1 ]; then
	log "done in $(($(date +%s) - t0)) s (profiles only)"
	exit 0
fi
# done with them but sdnbr (the scaling runs' control): stop their OVS
# daemons, delete their namespaces
for p in "$TMP"/ovs-*/*.pid; do
	[ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null
done
sleep 1
ip netns list | awk '{print $1}' | grep -E '^b-' | grep -v '^b-sd-' | xargs -r -n 1 ip netns del

# 3. install speed and memory: INSTALL_PODS pods and INSTALL_NODES nodes in
# one sdnctl batch, against ovs-ofctl bundle of the same OpenShift flows.
# The scaling nodes (a /12 local subnet in a /9 cluster network) are used.
CLUSTER=10.128.0.0/9
scale_node_sdnbr()
{
	local n

	mkns sc n1 || return 1
	n=$(ns sc n1)
	ip -n "$n" -b - <<-EOF || return 1
		link add br0 type sdnbr
		link add tun0 link br0 type sdnbr-gw
		link set tun0 mtu 1450
		addr add 10.128.0.1/12 dev tun0
		link set br0 up
		link set tun0 up
		link add scale0 type veth peer name scale1
		link set scale0 master br0
	EOF
	"$SDNCTL" -n "$n" bridge set dev br0 mode multitenant cluster-network $CLUSTER \
		service-network $SERVICE local-subnet 10.128.0.0/12 gateway 10.128.0.1 \
		node-ip 192.0.2.11 mtu 1450 || return 1
	pod sc n1 a veth-a 10.128.0.2 10.128.0.1 && pod sc n1 b veth-b 10.128.0.3 10.128.0.1 || return 1
	ip -n "$n" link set veth-a master br0 && ip -n "$n" link set veth-b master br0 || return 1
	"$SDNCTL" -n "$n" -b - <<-EOF
		ns add dev br0 vnid 10
		pod add dev br0 ip 10.128.0.2 port veth-a vnid 10
		pod add dev br0 ip 10.128.0.3 port veth-b vnid 10
	EOF
}

scale_node_ovs()
{
	local n

	mkns oc n1 || return 1
	n=$(ns oc n1)
	pod oc n1 a veth-a 10.128.0.2 10.128.0.1 && pod oc n1 b veth-b 10.128.0.3 10.128.0.1 || return 1
	ip -n "$n" link add scale0 type veth peer name scale1 || return 1
	ovs_node oc n1 10.128.0.1 veth-a veth-b scale0 || return 1
	ip -n "$n" addr del 10.128.0.1/23 dev tun0
	ip -n "$n" addr add 10.128.0.1/12 dev tun0
	ovs_static_oc
}

ovs_static_oc()
{
	$FLOWS static 10.128.0.1 10.128.0.0/12 $CLUSTER $SERVICE 192.0.2.11 \
		02:00:00:00:00:01 "$(mac_of oc n1 tun0)" \
		-- pod 10.128.0.2 3 10 -- pod 10.128.0.3 4 10 -- vnid 10 >"$TMP/flows-oc"
	ofctl oc n1 bundle br0 "$TMP/flows-oc"
}

ip_of() { python3 -c "import ipaddress,sys; print(ipaddress.IPv4Address(int(ipaddress.IPv4Address('10.128.1.0')) + int(sys.argv[1])))" "$1"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

scale_node_sdnbr || { log "FAIL: setting up the scaling node (sdnbr)"; exit 1; }
scale_node_ovs || { log "FAIL: setting up the scaling node (OVS)"; exit 1; }
NS_SC=$(ns sc n1)
"$BATCH" 0 "$INSTALL_PODS" "$INSTALL_NODES" >"$TMP/install.sdn"
$FLOWS pods 10.128.1.0 "$INSTALL_PODS" 5 10 -- nodes "$INSTALL_NODES" 10.160 >"$TMP/install.ovs"
log "install: $INSTALL_PODS pods + $INSTALL_NODES nodes: $(wc -l <"$TMP/install.sdn") sdnctl lines, $(wc -l <"$TMP/install.ovs") OpenFlow flows"
for rep in $(seq 1 "$INSTALL_REPS"); do
	m0=$(kmem)
	a=$(now_ms)
	"$SDNCTL" -n "$NS_SC" -b "$TMP/install.sdn" || { log "FAIL: sdnctl -b"; FAILS=$((FAILS + 1)); }
	b=$(now_ms)
	sleep 2
	m1=$(kmem)
	smem=$("$SDNCTL" -n "$NS_SC" -j bridge show dev br0 | jq '.[0].stats.memory')
	ent=$("$SDNCTL" -n "$NS_SC" -j bridge show dev br0 | jq '.[0].stats.entries')
	record "$(printf '{"test":"install","contender":"sc","name":"sdnbr (sdnctl -b)","rep":%d,"pods":%d,"nodes":%d,"ms":%d,"kmem_delta":%d,"own_memory":%d,"entries":%d}' \
		"$rep" "$INSTALL_PODS" "$INSTALL_NODES" $((b - a)) $((m1 - m0)) "$smem" "$ent")"
	log "install sdnbr rep $rep: $((b - a)) ms, kernel memory +$((m1 - m0)) B, its own count $smem B for $ent entries"
	"$SDNCTL" -n "$NS_SC" -b - <<-EOF
		pod flush dev br0
		node flush dev br0
		pod replace dev br0 ip 10.128.0.2 port veth-a vnid 10
		pod replace dev br0 ip 10.128.0.3 port veth-b vnid 10
	EOF

	m0=$(kmem)
	r0=$(vswitchd_rss oc n1)
	a=$(now_ms)
	ofctl oc n1 bundle br0 "$TMP/install.ovs" || { log "FAIL: ovs-ofctl bundle"; FAILS=$((FAILS + 1)); }
	b=$(now_ms)
	sleep 2
	m1=$(kmem)
	r1=$(vswitchd_rss oc n1)
	nf=$(ofctl oc n1 dump-aggregate br0 | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	record "$(printf '{"test":"install","contender":"oc","name":"OVS (ovs-ofctl bundle)","rep":%d,"pods":%d,"nodes":%d,"ms":%d,"kmem_delta":%d,"rss_delta":%d,"flows":%d}' \
		"$rep" "$INSTALL_PODS" "$INSTALL_NODES" $((b - a)) $((m1 - m0)) $((r1 - r0)) "${nf:-0}")"
	log "install OVS rep $rep: $((b - a)) ms, kernel memory +$((m1 - m0)) B, ovs-vswitchd RSS +$((r1 - r0)) B, $nf flows"
	ofctl oc n1 del-flows br0 && ovs_static_oc
done
if [ "$QUICK" = 1 ]; then
	CHECKS=$((CHECKS + 1))
	grep -q '"test":"install","contender":"oc".*"flows":[1-9]' "$RAW" ||
		{ log "FAIL: OVS install"; FAILS=$((FAILS + 1)); }
fi

# 4. lookup scaling: same-node pps with N pod entries (N pod flows in OVS's
# table 70, the ones a destination lookup searches)
have=2
for size in $SIZES; do
	add=$((size - have))
	if [ $add -gt 0 ]; then
		"$BATCH" $((have - 2)) "$add" 0 >"$TMP/scale.sdn"
		m0=$(kmem)
		a=$(now_ms)
		"$SDNCTL" -n "$NS_SC" -b "$TMP/scale.sdn" || { log "FAIL: sdnctl -b to $size"; FAILS=$((FAILS + 1)); }
		b=$(now_ms)
		sleep 2
		m1=$(kmem)
		record "$(printf '{"test":"grow","contender":"sc","name":"sdnbr","entries":%d,"added":%d,"ms":%d,"kmem_delta":%d}' \
			"$size" "$add" $((b - a)) $((m1 - m0)))"
		log "sdnbr: $add pods added in $((b - a)) ms, kernel memory +$((m1 - m0)) B"
		if [ "$size" -le "$OVS_SCALE_MAX" ]; then
			python3 - "$have" "$add" >"$TMP/scale.ovs" <<-'EOF'
				import ipaddress, sys
				base = int(ipaddress.IPv4Address("10.128.1.0")) + int(sys.argv[1]) - 2
				for i in range(int(sys.argv[2])):
				    ip = ipaddress.IPv4Address(base + i)
				    print(f"table=70, priority=100, ip, nw_dst={ip}, actions=load:10->NXM_NX_REG1[],load:5->NXM_NX_REG2[],goto_table:80")
			EOF
			r0=$(vswitchd_rss oc n1)
			a=$(now_ms)
			ofctl oc n1 add-flows br0 "$TMP/scale.ovs" || { log "FAIL: ovs-ofctl add-flows to $size"; FAILS=$((FAILS + 1)); }
			b=$(now_ms)
			r1=$(vswitchd_rss oc n1)
			record "$(printf '{"test":"grow","contender":"oc","name":"OVS","entries":%d,"added":%d,"ms":%d,"rss_delta":%d}' \
				"$size" "$add" $((b - a)) $((r1 - r0)))"
			log "OVS: $add table-70 flows added in $((b - a)) ms, ovs-vswitchd RSS +$((r1 - r0)) B"
		fi
		have=$size
	fi
	for rep in $(seq 1 "$REPS"); do
		# the control: sdnbr with 3 entries, alternated with the others,
		# so that the host's load can be told from the table's size
		case " $CONTENDERS " in *" sd "*) run sd control "$rep" "$size" "$COUNT" ;; esac
		run sc same "$rep" "$size" "$COUNT"
		[ "$size" -le "$OVS_SCALE_MAX" ] && run oc same "$rep" "$size" "$COUNT"
	done
done

log "done in $(($(date +%s) - t0)) s"
if [ "$QUICK" = 1 ]; then
	echo "$((CHECKS - FAILS)) passed, $FAILS failed"
fi
[ "$FAILS" = 0 ]
