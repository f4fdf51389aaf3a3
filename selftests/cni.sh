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
# 50 pods (CNI_PODS) are added at once, half per node, even ones in red,
# odd ones in blue; each gets the next address, its MAC, MTU and routes
# (spec section 1.4), a port on br0 and its entry with its namespace's
# VNID. Pods reach each other across nodes within a namespace and not
# across namespaces.
# Each pod gets OpenShift's openshift-block-output table: real connections
# from a pod to listeners on node1 show TCP to 22623 and 22624 reset at
# once while another port connects, and only DNS (TCP and UDP 53) getting
# through to the metadata IP (169.254.169.254, on node1's lo); a pod added
# with "blockOutput": false has no table and connects everywhere; ADD
# replaces a stale table. CHECK passes, then fails once a route or the
# table is gone. All 50 are deleted at once: no veth, no entry, no
# reservation is left; DEL again succeeds. Then the errors: bad JSON, a
# netns that is gone, a full subnet, an unknown namespace, a missing
# bridge, a bad metadataIP, no nft, each with its code and message and
# nothing left behind.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping nsenter nft python3
need_sdnbr
dmesg_mark
# ms: milliseconds since the epoch; stamp WHAT: the test's time so far
ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
T0=$(ms)
stamp() { log_info "at $(($(ms) - T0)) ms: $*"; }

CNI=${SDNBR_CNI:-$TOP_DIR/userspace/sdnbr-cni}
[ -x "$CNI" ] || { echo "# $CNI not built"; exit $ksft_fail; }
modprobe vxlan || exit $ksft_fail
# CNI_PODS: 50 pods (run.sh sets 10 in the lean lane). The samples below
# are named relative to H = PODS / 2 (node1 has 0..H-1, node2 the rest;
# even ones are red, odd ones blue), which must be odd for them to be in
# the namespaces they claim.
PODS=${CNI_PODS:-50}
H=$((PODS / 2))
if [ $((H % 2)) != 1 ] || [ $PODS -lt 10 ]; then
	echo "# CNI_PODS=$PODS: want 10, 14, 18... (half of it odd)"
	exit $ksft_fail
fi
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
	CNI_COMMAND="$2" CNI_CONTAINERID="$3" CNI_NETNS="$4" CNI_IFNAME=eth0 \
		CNI_ARGS="${6:-}" CNI_PATH="${CNI%/*}" \
		nsenter --net="/run/netns/$1" "$CNI" <"$5" 2>>"$dir/stderr"
}

# pod I lives on node NODE[I] (1 or 2) in namespace NS[I], netns POD[I];
# the netns are made and deleted in one batch each (exec is what costs
# under TCG)
declare -a NODE NS POD
for ((i = 0; i < PODS; i++)); do
	NODE[i]=$((i < PODS / 2 ? 1 : 2))
	if ((i % 2)); then NS[i]=blue; else NS[i]=red; fi
	POD[i]=cnipod$i-$$
done
pods_del() { for p in "${POD[@]}"; do echo "netns del $p"; done | ip -b - 2>/dev/null; }
node_ns() { local v=n$1; echo "${!v}"; }

# expect_cni_err CODE MSG OUTPUT: OUTPUT is exactly that error object
expect_cni_err()
{
	local got

	got=$(jq -r '"\(.cniVersion) \(.code) \(.msg)"' <<<"$3" 2>/dev/null)
	if [ "$got" != "1.0.0 $1 $2" ]; then
		echo "# wanted cniVersion 1.0.0, code $1, \"$2\"; got: $3"
		return 1
	fi
}

# leftovers NODE N: node N (1, 2 or 3) has N host veths, N pod entries
# and N reservations. Counted in the shell: exec is what costs under TCG.
leftovers()
{
	local ns v=0 e r line out rest

	ns=$(node_ns "$1")
	while read -r line; do
		[[ $line =~ ^[0-9]+:\ veth[0-9a-f]{8}@ ]] && v=$((v + 1))
	done < <(ip -n "$ns" -o link show type veth)
	out=$(sdn "$ns" -j pod show dev br0)
	rest=${out//\"port_ifindex\"/}
	e=$(((${#out} - ${#rest}) / 14))
	r=0
	for line in "$dir/ipam$1"/10.*; do
		[ -e "$line" ] && r=$((r + 1))
	done
	if [ "$v $e $r" != "$2 $2 $2" ]; then
		echo "# node$1: $v veths, $e entries, $r reservations; wanted $2 each"
		return 1
	fi
}

stamp "nodes set up"

# ---- VERSION ------------------------------------------------------------------

out=$(CNI_COMMAND=VERSION "$CNI" </dev/null)
[ "$(jq -c . <<<"$out")" = '{"cniVersion":"1.0.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0"]}' ]
check_err $? "VERSION: $out"
log_test "VERSION lists 0.3.0 to 1.0.0"

# ---- ADD 50 pods at once ----------------------------------------------------------

defer pods_del
for p in "${POD[@]}"; do echo "netns add $p"; done | ip -b - || exit 1
stamp "$PODS pod netns made"
# pod 0's lo up, as runtimes set it: the resets and ICMP errors of its
# table reach the pod's sockets over lo. And a stale table, which ADD
# must replace: this rule would block the "other port" of the
# block-output checks below.
ip -n "${POD[0]}" link set lo up || exit 1
ip netns exec "${POD[0]}" nft -f - <<-EOF || exit 1
	table inet openshift-block-output {
		chain output {
			type filter hook output priority filter; policy accept;
			tcp dport 22000 drop
		}
	}
EOF
start=$(ms)
for ((i = 0; i < PODS; i++)); do
	(cni "$(node_ns ${NODE[i]})" ADD "ctr-$i" "/run/netns/${POD[i]}" \
		"$dir/conf${NODE[i]}" \
		"IgnoreUnknown=1;K8S_POD_NAMESPACE=${NS[i]};K8S_POD_NAME=web-$i" \
		>"$dir/add$i"
	 echo $? >"$dir/rc$i") &
done
wait
stamp "$PODS ADDs in parallel took $(($(ms) - start)) ms"

bad=0
for ((i = 0; i < PODS; i++)); do
	read -r rc <"$dir/rc$i"
	[ "$rc" = 0 ] || { bad=$((bad + 1)); echo "# pod$i: $(cat "$dir/add$i")"; }
done
check_err $bad "$bad ADDs failed"
# ADDR[I], VETH[I]: what pod I's result says
declare -a ADDR VETH
while read -r f a v; do
	i=${f##*/add}
	ADDR[i]=$a
	VETH[i]=$v
done < <(jq -r '[input_filename, .ips[0].address // "-", .interfaces[0].name // "-"] | @tsv' \
	$(for ((i = 0; i < PODS; i++)); do echo "$dir/add$i"; done))
# each node gave out .2 up to .H+1, once each
for n in 1 2; do
	[ $n = 1 ] && net=10.128.0 || net=10.128.2
	got=$(for ((i = 0; i < PODS; i++)); do
		[ ${NODE[i]} = $n ] && echo "${ADDR[i]}"
	done | sort -t. -k4 -n | tr '\n' ' ')
	want=$(for ((k = 2; k < PODS / 2 + 2; k++)); do echo "$net.$k/23"; done | tr '\n' ' ')
	[ "$got" = "$want" ] || { check_err 1 "node$n addresses: $got"; }
done
leftovers 1 $((PODS / 2)) && leftovers 2 $((PODS / 2))
check_err $? "not one veth, entry and reservation per pod"
log_test "ADD: $PODS pods at once, each its own address"

# the result is what the pod got: pod 0's, and its links, address, routes
res=$(<"$dir/add0")
ip=${ADDR[0]%/*}
mac=$(pod_mac "$ip")
got=$(jq -r '[.ips[0].gateway, .ips[0].interface, .interfaces[1].name,
	      .interfaces[1].mac, .interfaces[1].sandbox,
	      ([.routes[] | "\(.dst) via \(.gw // "-")"] | sort | join("|"))] |
	     map(tostring) | join(" ")' <<<"$res")
want="10.128.0.1 1 eth0 $mac /run/netns/${POD[0]} 0.0.0.0/0 via 10.128.0.1|10.128.0.0/14 via -|172.30.0.0/16 via 10.128.0.1|224.0.0.0/4 via -"
[ "$got" = "$want" ]
check_err $? "result: $got"
# the host veth on br0; the pod's eth0; the kernel's connected route and
# the four of spec section 1.4
got=$({ ip -n "$n1" -j link show dev "${VETH[0]}"
	ip -n "${POD[0]}" -j addr show dev eth0
	ip -n "${POD[0]}" -j route show; } |
	jq -rs '(.[0][0] | "\(.master) \(.mtu) \(.operstate)"),
		(.[1][0] | "\(.address) \(.mtu) \(.operstate) \([.addr_info[] |
			select(.family == "inet") | "\(.local)/\(.prefixlen)"] | join(","))"),
		([.[2][] | "\(.dst) \(.gateway // "-") \(.scope // "global")"] | sort | join("|"))')
want="br0 1450 UP
$mac 1450 UP $ip/23
10.128.0.0/14 - link|10.128.0.0/23 - link|172.30.0.0/16 10.128.0.1 global|224.0.0.0/4 - link|default 10.128.0.1 global"
[ "$got" = "$want" ]
check_err $? "pod 0 has: $(echo "$got" | tr '\n' ';')"
log_test "ADD: MAC 0a:58:IP, MTU 1450, address and routes as the result says"

# entries: the port and the VNID of the pod's namespace
want=$(for ((i = 0; i < PODS; i++)); do
	[ ${NS[i]} = red ] && vnid=10 || vnid=20
	echo "${ADDR[i]%/*} ${VETH[i]} $vnid"
done | sort)
got=$({ sdn "$n1" -j pod show dev br0; sdn "$n2" -j pod show dev br0; } |
	jq -rs '.[][] | "\(.ip) \(.port) \(.vnid)"' | sort)
[ "$got" = "$want" ]
check_err $? "the entries differ: $(diff <(echo "$want") <(echo "$got") | head -n 6 | tr '\n' ';')"
log_test "ADD: each entry on the pod's veth with its namespace's VNID"
stamp "ADD results checked"

# ---- reachability (samples) ---------------------------------------------------------

addr_of() { echo "${ADDR[$1]%/*}"; }
pns() { echo "${POD[$1]}"; }
for pair in "0 2" "0 $((H + 1))" "1 $((H + 2))" "$((PODS - 1)) $((H - 2))" \
	    "$((H - 1)) $((PODS - 2))"; do
	read -r a b <<<"$pair"
	ping_ok "$(pns "$a")" "$(addr_of "$b")" 2
	check_err $? "pod$a (${NS[a]}) cannot reach pod$b (${NS[b]})"
done
ping_ok "$(pns $H)" 10.128.2.1 2
check_err $? "pod$H cannot reach its gateway"
log_test "pods reach each other within a namespace, on one node and across"

for pair in "0 1" "0 $((H + 2))" "$((H + 1)) 1"; do
	read -r a b <<<"$pair"
	ip netns exec "$(pns "$a")" ping -q -c 1 -W 1 "$(addr_of "$b")" >/dev/null 2>&1
	check_fail $? "pod$a (${NS[a]}) reaches pod$b (${NS[b]})"
done
log_test "pods do not reach another namespace's"
stamp "reachability checked"

# ---- the pod's openshift-block-output table -----------------------------------------

# listeners on node1, each answering "ok": the machine-config server's
# ports and another one on the gateway address; DNS and two other
# services on the metadata IP. One python for the server and one for the
# probes of each pod: exec is what costs under TCG.
PY=$(command -v /usr/bin/python3 || command -v python3)
cat >"$dir/serve.py" <<-'EOF'
	import select, socket, sys
	socks = {}
	for spec in sys.argv[1:]:
	    proto, host, port = spec.split(":")
	    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp"
	                      else socket.SOCK_DGRAM)
	    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	    s.bind((host, int(port)))
	    if proto == "tcp":
	        s.listen(16)
	    socks[s] = proto
	print("ready", flush=True)
	while True:
	    for s in select.select(list(socks), [], [])[0]:
	        if socks[s] == "tcp":
	            c = s.accept()[0]
	            c.sendall(b"ok")
	            c.close()
	        else:
	            d, a = s.recvfrom(64)
	            s.sendto(b"ok", a)
EOF
# probe.py PROTO:HOST:PORT...: one line each, "PROTO:HOST:PORT RESULT MS":
# ok (the listener answered), refused (TCP reset or ICMP unreachable),
# eperm (the pod's own filter refused to send), timeout, error-ERRNO
cat >"$dir/probe.py" <<-'EOF'
	import errno, socket, sys, time
	for spec in sys.argv[1:]:
	    proto, host, port = spec.split(":")
	    t = time.monotonic()
	    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if proto == "tcp"
	                      else socket.SOCK_DGRAM)
	    s.settimeout(3)
	    try:
	        s.connect((host, int(port)))
	        if proto == "udp":
	            s.send(b"x")
	        r = "ok" if s.recv(16) == b"ok" else "bad-reply"
	    except ConnectionRefusedError:
	        r = "refused"
	    except socket.timeout:
	        r = "timeout"
	    except OSError as e:
	        r = "eperm" if e.errno == errno.EPERM else "error-%d" % e.errno
	    s.close()
	    print(spec, r, int((time.monotonic() - t) * 1000))
EOF
MD=169.254.169.254
ip -n "$n1" addr add $MD/32 dev lo || exit 1
ip netns exec "$n1" "$PY" "$dir/serve.py" tcp:10.128.0.1:22623 \
	tcp:10.128.0.1:22624 tcp:10.128.0.1:22000 tcp:$MD:53 udp:$MD:53 \
	tcp:$MD:80 udp:$MD:123 >"$dir/serve.out" 2>&1 &
srv=$!
defer kill $srv
wait_for 20 grep -q ready "$dir/serve.out"
check_err $? "the listeners did not start: $(cat "$dir/serve.out")"

# a pod whose network turns the table off
setup_ns open || exit 1
jq '.blockOutput = false' "$dir/conf1" >"$dir/conf1-open"
out=$(cni "$n1" ADD ctr-open "/run/netns/$open" "$dir/conf1-open" "K8S_POD_NAMESPACE=red")
check_err $? "ADD with blockOutput false: $out"

probes="tcp:10.128.0.1:22623 tcp:10.128.0.1:22624 tcp:10.128.0.1:22000
	tcp:$MD:53 udp:$MD:53 tcp:$MD:80 udp:$MD:123"
# shellcheck disable=SC2086
ip netns exec "$open" "$PY" "$dir/probe.py" $probes >"$dir/probe-open" 2>&1 &
# shellcheck disable=SC2086
ip netns exec "$(pns 0)" "$PY" "$dir/probe.py" $probes >"$dir/probe0" 2>&1
wait $!
# results FILE: "PROTO:HOST:PORT RESULT " for each probe
results() { while read -r p r _; do echo -n "$p $r "; done <"$1"; }
# a refusal must come at once, not after a timeout
slow=$(while read -r p r t; do
	[ "$r" = refused ] && ((t > 1000)) && echo -n "$p $t ms "
done <"$dir/probe0")
while read -r line; do log_info "pod0: $line"; done <"$dir/probe0"
got=$(results "$dir/probe0")
want="tcp:10.128.0.1:22623 refused tcp:10.128.0.1:22624 refused tcp:10.128.0.1:22000 ok "
[ "${got:0:${#want}}" = "$want" ] && [ -z "$slow" ]
check_err $? "pod0 to the gateway: $got${slow:+; slow: $slow}"
log_test "block-output: TCP to 22623 and 22624 reset at once, another port connects"
want+="tcp:$MD:53 ok udp:$MD:53 ok tcp:$MD:80 refused udp:$MD:123 eperm "
[ "$got" = "$want" ] && [ -z "$slow" ]
check_err $? "pod0 to the metadata IP: $got${slow:+; slow: $slow}"
log_test "block-output: only DNS, TCP and UDP 53, reaches the metadata IP"
# the stale table's rule is gone, ADD's rules are there once each
list=$(ip netns exec "$(pns 0)" nft list table inet openshift-block-output)
[ "$(grep -c 'dport { 22623, 22624 }' <<<"$list")" = 1 ] &&
	! grep -q 'dport 22000' <<<"$list"
check_err $? "pod0's table after ADD: $(tr '\n\t' '  ' <<<"$list")"
log_test "block-output: ADD replaces a table already in the pod"

got=$(results "$dir/probe-open")
want="tcp:10.128.0.1:22623 ok tcp:10.128.0.1:22624 ok tcp:10.128.0.1:22000 ok tcp:$MD:53 ok udp:$MD:53 ok tcp:$MD:80 ok udp:$MD:123 ok "
[ "$got" = "$want" ] && [ -z "$(ip netns exec "$open" nft list tables)" ]
check_err $? "the pod with blockOutput false: $got"
out=$(cni "$n1" DEL ctr-open "/run/netns/$open" "$dir/conf1-open")
check_err $? "DEL ctr-open: $out"
log_test "block-output: \"blockOutput\": false, no table, the same connections succeed"
kill $srv
stamp "block-output checked"

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
# nft's own words follow, which vary with its version
ip netns exec "$(pns 3)" nft delete table inet openshift-block-output
out=$(cni "$n1" CHECK ctr-3 "/run/netns/$(pns 3)" "$dir/check3" "K8S_POD_NAMESPACE=blue")
[[ $(jq -r '"\(.cniVersion) \(.code) \(.msg)"' <<<"$out") == "1.0.0 102 the pod has no table inet openshift-block-output (nft list: "* ]]
check_err $? "CHECK without the table: $out"
log_test "CHECK: passes on a pod as added, names what differs"
stamp "CHECK done"

# ---- DEL all at once, and again --------------------------------------------------------

start=$(ms)
for ((i = 0; i < PODS; i++)); do
	(cni "$(node_ns ${NODE[i]})" DEL "ctr-$i" "/run/netns/${POD[i]}" \
		"$dir/conf${NODE[i]}" "K8S_POD_NAMESPACE=${NS[i]}" >"$dir/del$i"
	 echo $? >"$dir/rc$i") &
done
wait
stamp "$PODS DELs in parallel took $(($(ms) - start)) ms"
bad=0
for ((i = 0; i < PODS; i++)); do
	read -r rc <"$dir/rc$i"
	[ "$rc" = 0 ] && [ ! -s "$dir/del$i" ] ||
		{ bad=$((bad + 1)); echo "# DEL pod$i: $(cat "$dir/del$i")"; }
done
check_err $bad "$bad DELs failed"
leftovers 1 0 && leftovers 2 0
check_err $? "DEL left something behind"
[ "$(ip -n "$(pns 0)" -o link show | grep -c eth0)" = 0 ]
check_err $? "eth0 is still in pod0"
log_test "DEL: $PODS pods at once, no veth, entry or reservation left"

bad=0
for i in 0 1 $((H + 1)); do
	out=$(cni "$(node_ns ${NODE[i]})" DEL "ctr-$i" "/run/netns/${POD[i]}" "$dir/conf${NODE[i]}")
	[ $? = 0 ] && [ -z "$out" ] || { bad=1; echo "# second DEL of pod$i: $out"; }
done
# a runtime may call DEL without CNI_NETNS
out=$(nsenter --net="/run/netns/$n1" env CNI_COMMAND=DEL CNI_CONTAINERID=ctr-0 \
	CNI_IFNAME=eth0 "$CNI" <"$dir/conf1" 2>&1)
[ $? = 0 ] && [ -z "$out" ] || { bad=1; echo "# DEL without CNI_NETNS: $out"; }
check_err $bad "a repeated DEL failed"
log_test "DEL: again, and without CNI_NETNS, succeeds"

# ---- errors ------------------------------------------------------------------------------

# The lean lane skips the refusals that sdnbr-cni makes before it
# touches the kernel; the ones that undo kernel changes run everywhere.
err_bad_json()
{
	printf '{"cniVersion": "1.0.0",' >"$dir/badjson"
	out=$(cni "$n1" ADD ctr-x "/run/netns/$(pns 0)" "$dir/badjson")
	rc=$?
	[ $rc = 1 ] || check_err 1 "bad JSON: exit status $rc"
	expect_cni_err 6 "network configuration: not JSON: 1:23: string or '}' expected near end of file" "$out"
	check_err $? "bad JSON"
	grep -q "^sdnbr-cni: network configuration: not JSON" "$dir/stderr"
	check_err $? "the error is not on stderr too"
	leftovers 1 0
	check_err $? "bad JSON left something"
	log_test "error: bad JSON is code 6"
}
lean_skip err_bad_json "error: bad JSON is code 6" "refused before anything changes"

out=$(cni "$n1" ADD ctr-x "/run/netns/gone-$$" "$dir/conf1" "K8S_POD_NAMESPACE=red")
expect_cni_err 3 "CNI_NETNS /run/netns/gone-$$: the network namespace does not exist" "$out"
check_err $? "ADD into a netns that does not exist"
leftovers 1 0
check_err $? "a failed ADD left something"
# a pod whose netns is deleted before its DEL: DEL still cleans up
setup_ns gone || exit 1
out=$(cni "$n1" ADD ctr-g "/run/netns/$gone" "$dir/conf1" "K8S_POD_NAMESPACE=red")
check_err $? "ADD ctr-g: $out"
leftovers 1 1
check_err $? "ctr-g not added"
ip netns del "$gone"
out=$(cni "$n1" DEL ctr-g "/run/netns/$gone" "$dir/conf1" "K8S_POD_NAMESPACE=red")
[ $? = 0 ] && [ -z "$out" ]
check_err $? "DEL after the netns is gone: $out"
leftovers 1 0
check_err $? "DEL after the netns is gone left something"
log_test "error: a netns that is gone is code 3 on ADD; DEL still cleans up"

setup_ns q1 q2 || exit 1
out=$(cni "$n3" ADD ctr-q1 "/run/netns/$q1" "$dir/conf3" "K8S_POD_NAMESPACE=red")
[ "$(jq -r '.ips[0].address' <<<"$out")" = 10.128.4.2/30 ]
check_err $? "the only address of node3: $out"
out=$(cni "$n3" ADD ctr-q2 "/run/netns/$q2" "$dir/conf3" "K8S_POD_NAMESPACE=red")
expect_cni_err 101 "no free address in 10.128.4.0/30: all 1 host addresses but the gateway are reserved (1 reservations in $dir/ipam3)" "$out"
check_err $? "a full subnet"
leftovers 3 1
check_err $? "the refused ADD left something"
[ "$(ip -n "$q2" -o link show | grep -c eth0)" = 0 ]
check_err $? "the refused pod got an eth0"
out=$(cni "$n3" DEL ctr-q1 "/run/netns/$q1" "$dir/conf3")
out=$(cni "$n3" ADD ctr-q2 "/run/netns/$q2" "$dir/conf3" "K8S_POD_NAMESPACE=red")
[ "$(jq -r '.ips[0].address' <<<"$out")" = 10.128.4.2/30 ]
check_err $? "the address was not free again after DEL: $out"
cni "$n3" DEL ctr-q2 "/run/netns/$q2" "$dir/conf3" >/dev/null
leftovers 3 0
check_err $? "node3 not clean"
log_test "error: a full subnet is code 101"

err_refused()
{
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
	leftovers 1 0
	check_err $? "a refused ADD left something"
	log_test "error: unknown namespace 7, no namespace 4, no bridge 100, no CNI_NETNS 4"
}
lean_skip err_refused "error: unknown namespace 7, no namespace 4, no bridge 100, no CNI_NETNS 4" \
	"refused before anything changes"

# nothing_in NETNS: no eth0 and no nftables table in the pod
nothing_in()
{
	[ "$(ip -n "$1" -o link show | grep -c eth0)" = 0 ] &&
		[ -z "$(ip netns exec "$1" nft list tables)" ]
}
setup_ns bad || exit 1
err_bad_metadata()
{
	jq '.metadataIP = "169.254.169"' "$dir/conf1" >"$dir/conf-badmd"
	out=$(cni "$n1" ADD ctr-x "/run/netns/$bad" "$dir/conf-badmd" "K8S_POD_NAMESPACE=red")
	expect_cni_err 7 'network configuration: "metadataIP": invalid IPv4 address "169.254.169"' "$out"
	check_err $? "a bad metadataIP"
	leftovers 1 0 && nothing_in "$bad"
	check_err $? "the ADD with a bad metadataIP left something"
	log_test "error: a bad metadataIP is code 7, nothing changed"
}
lean_skip err_bad_metadata "error: a bad metadataIP is code 7, nothing changed" \
	"refused before anything changes"

out=$(SDNBR_CNI_NFT=/nonexistent/nft cni "$n1" ADD ctr-x "/run/netns/$bad" "$dir/conf1" "K8S_POD_NAMESPACE=red")
expect_cni_err 100 'table inet openshift-block-output in the pod: cannot run /nonexistent/nft: No such file or directory (without nftables, set "blockOutput": false)' "$out"
check_err $? "no nft"
leftovers 1 0 && nothing_in "$bad"
check_err $? "the ADD without nft left something"
log_test "error: no nft is code 100, the veth, entry and reservation undone"

stamp "errors checked"
dmesg_clean
check_err $? "kernel log"
log_test "kernel log clean"
