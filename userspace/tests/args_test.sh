#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad arguments to every sdnctl command: the exact message, nothing on
# stdout, exit status 1. All of them fail before netlink is touched, so
# no kernel module is needed. Ends with "N passed, N failed".

. "$(dirname "$0")/testlib.sh"

# fails WANT_STDERR ARGS...: sdnctl ARGS fails with exactly WANT_STDERR
fails()
{
	local want=$1

	shift
	run "$@"
	is "$*: rc" "$rc" 1
	is "$*: stdout" "$out" ""
	is "$*: stderr" "$err" "$want"
}

POD_ADD="Usage: sdnctl pod add dev BRIDGE ip ADDRESS port IFNAME [mac MAC] [vnid VNID]"

t_pod_values()
{
	fails 'sdnctl: pod add: invalid IPv4 address "10.128.0.300" (ip)' \
		pod add dev br0 ip 10.128.0.300 port lo
	fails 'sdnctl: pod add: invalid IPv4 address "10.128.0.02" (ip)' \
		pod add dev br0 ip 10.128.0.02 port lo
	fails 'sdnctl: pod add: invalid IPv4 address "10.128.0.0/23" (ip)' \
		pod add dev br0 ip 10.128.0.0/23 port lo
	fails 'sdnctl: pod add: VNID "16777216" out of range 0..16777215 (vnid)' \
		pod add dev br0 ip 10.128.0.2 port lo vnid 16777216
	fails 'sdnctl: pod add: invalid VNID "-1" (vnid)' \
		pod add dev br0 ip 10.128.0.2 port lo vnid -1
	fails 'sdnctl: pod add: invalid MAC address "0a:58:0a:80:00" (mac)' \
		pod add dev br0 ip 10.128.0.2 port lo mac 0a:58:0a:80:00
	fails 'sdnctl: pod add: MAC address "01:00:5e:00:00:01" is a multicast address (mac)' \
		pod add dev br0 ip 10.128.0.2 port lo mac 01:00:5e:00:00:01
	fails 'sdnctl: pod add: MAC address "00:00:00:00:00:00" is all zeros (mac)' \
		pod add dev br0 ip 10.128.0.2 port lo mac 00:00:00:00:00:00
	fails 'sdnctl: pod add: invalid interface name "a/b": contains '\''/'\'' (dev)' \
		pod add dev a/b ip 10.128.0.2 port lo
	fails 'sdnctl: pod add: invalid interface name "abcdefghijklmnopq": longer than 15 characters (dev)' \
		pod add dev abcdefghijklmnopq ip 10.128.0.2 port lo
	fails 'sdnctl: pod add: interface index "0" out of range 1..2147483647 (ifindex)' \
		pod add dev br0 ip 10.128.0.2 ifindex 0
}

# The port is looked up by name, in sdnctl's network namespace.
t_pod_port()
{
	fails 'sdnctl: pod add: no interface "sdnbr-nosuch0" (port)' \
		pod add dev br0 ip 10.128.0.2 port sdnbr-nosuch0
	fails 'sdnctl: pod replace: no interface "sdnbr-nosuch0" (port)' \
		pod replace dev br0 ip 10.128.0.2 port sdnbr-nosuch0
	fails 'sdnctl: pod change: invalid interface name "": empty (port)' \
		pod change dev br0 ip 10.128.0.2 port ""
	fails "sdnctl: pod add: give \"port\" or \"ifindex\", not both
$POD_ADD" \
		pod add dev br0 ip 10.128.0.2 port lo ifindex 1
}

t_pod_keywords()
{
	fails "sdnctl: pod add: missing \"dev BRIDGE\", \"ip ADDRESS\", \"port IFNAME\"
$POD_ADD" pod add
	fails "sdnctl: pod add: missing \"port IFNAME\"
$POD_ADD" pod add dev br0 ip 10.128.0.2
	fails "sdnctl: pod add: missing \"dev BRIDGE\"
$POD_ADD" pod add ip 10.128.0.2 ifindex 4
	fails "sdnctl: pod add: unknown keyword \"bogus\"
$POD_ADD" pod add dev br0 ip 10.128.0.2 port lo bogus 1
	fails "sdnctl: pod add: missing ADDRESS after \"ip\"
$POD_ADD" pod add dev br0 ip
	fails 'sdnctl: pod add: "ip" given twice' \
		pod add dev br0 ip 10.128.0.2 ip 10.128.0.3 port lo
	fails 'sdnctl: pod del: unknown keyword "port"
Usage: sdnctl pod del dev BRIDGE ip ADDRESS' \
		pod del dev br0 ip 10.128.0.2 port lo
	fails 'sdnctl: pod get: missing "ip ADDRESS"
Usage: sdnctl pod get dev BRIDGE ip ADDRESS' pod get dev br0
	fails 'sdnctl: pod show: missing BRIDGE after "dev"
Usage: sdnctl pod show [dev BRIDGE]' pod show dev
	fails 'sdnctl: pod flush: missing "dev BRIDGE"
Usage: sdnctl pod flush dev BRIDGE' pod flush
	fails 'sdnctl: pod flush: unknown keyword "ip"
Usage: sdnctl pod flush dev BRIDGE' pod flush dev br0 ip 10.128.0.2
	fails 'sdnctl: unknown command "pod insert"; try "sdnctl pod help"' \
		pod insert dev br0
}

t_node()
{
	local usage="Usage: sdnctl node add dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]"

	fails 'sdnctl: node add: "10.128.2.1/23" has host bits set; did you mean 10.128.2.0/23? (subnet)' \
		node add dev br0 subnet 10.128.2.1/23 ip 192.0.2.12
	fails 'sdnctl: node add: invalid IPv4 prefix "10.128.2.0": expected ADDRESS/LENGTH (subnet)' \
		node add dev br0 subnet 10.128.2.0 ip 192.0.2.12
	fails 'sdnctl: node add: invalid prefix length "33" in "10.128.2.0/33" (expected 0..32) (subnet)' \
		node add dev br0 subnet 10.128.2.0/33 ip 192.0.2.12
	fails 'sdnctl: node add: invalid IPv4 address "192.0.2" (ip)' \
		node add dev br0 subnet 10.128.2.0/23 ip 192.0.2
	fails "sdnctl: node add: missing \"ip ADDRESS\"
$usage" node add dev br0 subnet 10.128.2.0/23
	fails "sdnctl: node replace: missing \"subnet PREFIX\", \"ip ADDRESS\"
Usage: sdnctl node replace dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]" \
		node replace dev br0
	fails 'sdnctl: node del: unknown keyword "ip"
Usage: sdnctl node del dev BRIDGE subnet PREFIX' \
		node del dev br0 subnet 10.128.2.0/23 ip 192.0.2.12
	fails 'sdnctl: node change: VNID "0x1000000" out of range 0..16777215 (vnid)' \
		node change dev br0 subnet 10.128.2.0/23 ip 192.0.2.12 vnid 0x1000000
}

t_ns()
{
	fails 'sdnctl: ns add: invalid VNID "ten" (vnid)' ns add dev br0 vnid ten
	fails 'sdnctl: ns add: invalid boolean "maybe" (expected on/off, yes/no, true/false or 1/0) (global)' \
		ns add dev br0 vnid 10 global maybe
	fails 'sdnctl: ns add: missing "vnid VNID"
Usage: sdnctl ns add dev BRIDGE vnid VNID [global on|off]' ns add dev br0
	fails 'sdnctl: ns del: unknown keyword "global"
Usage: sdnctl ns del dev BRIDGE vnid VNID' ns del dev br0 vnid 10 global on
	fails 'sdnctl: ns get: "vnid" given twice' ns get dev br0 vnid 1 vnid 2
}

t_egress()
{
	local usage="Usage: sdnctl egress add dev BRIDGE vnid VNID [ip ADDRESS [node ADDRESS]]..."
	local many="" i

	fails "sdnctl: egress add: \"node\" must follow an \"ip ADDRESS\"
$usage" egress add dev br0 vnid 10 node 192.0.2.11 ip 192.0.2.100
	fails 'sdnctl: egress add: "node" given twice for ip 192.0.2.100' \
		egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11 node 192.0.2.12
	fails 'sdnctl: egress replace: "192.0.2.100" given twice (ip)' \
		egress replace dev br0 vnid 10 ip 192.0.2.100 ip 192.0.2.101 node 192.0.2.11 ip 192.0.2.100
	fails 'sdnctl: egress add: invalid IPv4 address "192.0.2.300" (ip)' \
		egress add dev br0 vnid 10 ip 192.0.2.300
	fails 'sdnctl: egress add: invalid IPv4 address "192.0.2.0/24" (node)' \
		egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.0/24
	fails 'sdnctl: egress add: "224.0.0.1" is not a unicast address (ip)' \
		egress add dev br0 vnid 10 ip 224.0.0.1
	fails 'sdnctl: egress add: "0.0.0.0" is not a unicast address (ip)' \
		egress add dev br0 vnid 10 ip 0.0.0.0
	fails 'sdnctl: egress change: "255.255.255.255" is not a unicast address (ip)' \
		egress change dev br0 vnid 10 ip 255.255.255.255
	fails 'sdnctl: egress add: "127.0.0.1" is not a unicast address (ip)' \
		egress add dev br0 vnid 10 ip 127.0.0.1
	fails 'sdnctl: egress add: "0.0.0.0" is not a unicast address (node)' \
		egress add dev br0 vnid 10 ip 192.0.2.100 node 0.0.0.0
	for i in $(seq 1 17); do
		many="$many ip 192.0.2.$i node 192.0.2.200"
	done
	# shellcheck disable=SC2086
	fails 'sdnctl: egress add: 17 egress IPs; a namespace has at most 16' \
		egress add dev br0 vnid 10 $many
	fails "sdnctl: egress add: missing ADDRESS after \"ip\"
$usage" egress add dev br0 vnid 10 ip
	fails "sdnctl: egress add: missing ADDRESS after \"node\"
$usage" egress add dev br0 vnid 10 ip 192.0.2.100 node
	fails "sdnctl: egress add: missing \"vnid VNID\"
$usage" egress add dev br0 ip 192.0.2.100
	fails "sdnctl: egress add: missing \"dev BRIDGE\", \"vnid VNID\"
$usage" egress add
	fails 'sdnctl: egress add: VNID "16777216" out of range 0..16777215 (vnid)' \
		egress add dev br0 vnid 16777216 ip 192.0.2.100
	fails "sdnctl: egress add: unknown keyword \"nodes\"
$usage" egress add dev br0 vnid 10 ip 192.0.2.100 nodes 192.0.2.11
	fails 'sdnctl: egress del: unknown keyword "ip"
Usage: sdnctl egress del dev BRIDGE vnid VNID' \
		egress del dev br0 vnid 10 ip 192.0.2.100
	fails 'sdnctl: egress get: missing "vnid VNID"
Usage: sdnctl egress get dev BRIDGE vnid VNID' egress get dev br0
	fails 'sdnctl: egress flush: missing "dev BRIDGE"
Usage: sdnctl egress flush dev BRIDGE' egress flush
	fails 'sdnctl: egress show: unknown keyword "vnid"
Usage: sdnctl egress show [dev BRIDGE]' egress show vnid 10
}

t_firewall()
{
	local usage="Usage: sdnctl firewall add dev BRIDGE vnid VNID [allow|deny PREFIX]..."
	local many="" i

	fails 'sdnctl: firewall add: "198.51.100.7/24" has host bits set; did you mean 198.51.100.0/24? (allow)' \
		firewall add dev br0 vnid 10 allow 198.51.100.7/24
	fails 'sdnctl: firewall add: invalid IPv4 prefix "10.0.0.0": expected ADDRESS/LENGTH (deny)' \
		firewall add dev br0 vnid 10 allow 198.51.100.7/32 deny 10.0.0.0
	fails 'sdnctl: firewall replace: invalid prefix length "33" in "0.0.0.0/33" (expected 0..32) (deny)' \
		firewall replace dev br0 vnid 10 deny 0.0.0.0/33
	fails "sdnctl: firewall add: missing PREFIX after \"deny\"
$usage" firewall add dev br0 vnid 10 allow 198.51.100.7/32 deny
	fails "sdnctl: firewall add: unknown keyword \"reject\"
$usage" firewall add dev br0 vnid 10 reject 0.0.0.0/0
	fails "sdnctl: firewall add: missing \"vnid VNID\"
$usage" firewall add dev br0 deny 0.0.0.0/0
	fails 'sdnctl: firewall add: "vnid" given twice' \
		firewall add dev br0 vnid 10 deny 0.0.0.0/0 vnid 11
	for i in $(seq 0 1000); do
		many="$many deny 10.$((i / 256)).$((i % 256)).0/24"
	done
	# shellcheck disable=SC2086
	fails 'sdnctl: firewall add: 1001 rules; a firewall has at most 1000' \
		firewall add dev br0 vnid 10 $many
	fails 'sdnctl: firewall del: unknown keyword "deny"
Usage: sdnctl firewall del dev BRIDGE vnid VNID' \
		firewall del dev br0 vnid 10 deny 0.0.0.0/0
	fails 'sdnctl: firewall get: invalid VNID "x" (vnid)' \
		firewall get dev br0 vnid x
	fails 'sdnctl: firewall flush: unknown keyword "vnid"
Usage: sdnctl firewall flush dev BRIDGE' firewall flush dev br0 vnid 10
}

# "fw" is "firewall": the same commands, errors and help.
t_fw_alias()
{
	fails 'sdnctl: firewall replace: "10.0.0.1/8" has host bits set; did you mean 10.0.0.0/8? (allow)' \
		fw replace dev br0 vnid 10 allow 10.0.0.1/8
	fails "sdnctl: firewall change: missing \"dev BRIDGE\"
Usage: sdnctl firewall change dev BRIDGE vnid VNID [allow|deny PREFIX]..." \
		fw change vnid 10
	fails 'sdnctl: unknown command "firewall insert"; try "sdnctl firewall help"' \
		fw insert dev br0
	fails 'sdnctl: unknown command "fws"; try "sdnctl help"' fws show
	run fw help
	is "fw help: rc" "$rc" 0
	has "fw help" "$out" "Usage: sdnctl firewall add dev BRIDGE vnid VNID [allow|deny PREFIX]..."
	has "fw help: flush" "$out" "Usage: sdnctl firewall flush dev BRIDGE"
	lacks "fw help: no egress" "$out" "sdnctl egress"
	run help fw
	is "help fw: rc" "$rc" 0
	has "help fw" "$out" "Usage: sdnctl firewall show [dev BRIDGE]"
	run fw add --help
	is "fw add --help" "$(head -n1 <<<"$out")" "Usage: sdnctl firewall add dev BRIDGE vnid VNID [allow|deny PREFIX]..."
}

t_bridge()
{
	local usage="Usage: sdnctl bridge set dev BRIDGE [mode subnet|multitenant] [cluster-network PREFIX]... [service-network PREFIX] [local-subnet PREFIX] [gateway ADDRESS] [node-ip ADDRESS] [vxlan-port PORT] [mtu MTU] [max-entries N]"
	local many="" i

	fails "sdnctl: bridge set: nothing to set
$usage" bridge set dev br0
	fails "sdnctl: bridge set: missing \"dev BRIDGE\"
$usage" bridge set mtu 1450
	fails 'sdnctl: bridge set: invalid mode "networkpolicy" (expected subnet or multitenant) (mode)' \
		bridge set dev br0 mode networkpolicy
	fails 'sdnctl: bridge set: "10.0.0.0/8" given twice (cluster-network)' \
		bridge set dev br0 cluster-network 10.0.0.0/8 cluster-network 10.0.0.0/8
	for i in $(seq 1 17); do
		many="$many cluster-network 10.$i.0.0/16"
	done
	# shellcheck disable=SC2086
	fails 'sdnctl: bridge set: "cluster-network" given more than 16 times' \
		bridge set dev br0 $many
	fails 'sdnctl: bridge set: port "0" out of range 1..65535 (vxlan-port)' \
		bridge set dev br0 vxlan-port 0
	fails 'sdnctl: bridge set: port "65536" out of range 1..65535 (vxlan-port)' \
		bridge set dev br0 vxlan-port 65536
	fails 'sdnctl: bridge set: invalid number "1450b" (mtu)' \
		bridge set dev br0 mtu 1450b
	fails 'sdnctl: bridge set: number "4294967296" out of range 0..4294967295 (max-entries)' \
		bridge set dev br0 max-entries 4294967296
	fails 'sdnctl: bridge set: invalid IPv4 address "10.128.0.1/23" (gateway)' \
		bridge set dev br0 gateway 10.128.0.1/23
	fails 'sdnctl: bridge set: "mtu" given twice' \
		bridge set dev br0 mtu 1450 mtu 1400
	fails 'sdnctl: bridge show: unknown keyword "mtu"
Usage: sdnctl bridge show [dev BRIDGE]' bridge show mtu 1
}

t_show_monitor()
{
	fails 'sdnctl: show: unknown keyword "pods"
Usage: sdnctl show [dev BRIDGE]' show pods
	fails 'sdnctl: monitor: missing BRIDGE after "dev"
Usage: sdnctl monitor [-t] [dev BRIDGE]' monitor -t dev
	fails 'sdnctl: monitor: invalid interface name ".." (dev)' monitor dev ..
}

# help for every command, on stdout, status 0
t_help()
{
	local c

	for c in "show" "bridge show" "bridge set" "pod add" "pod replace" \
		"pod change" "pod del" "pod get" "pod show" "pod flush" \
		"node add" "node del" "node show" "ns add" "ns flush" \
		"egress add" "egress replace" "egress change" "egress del" \
		"egress get" "egress show" "egress flush" "firewall add" \
		"firewall replace" "firewall change" "firewall del" \
		"firewall get" "firewall show" "firewall flush" "monitor"; do
		# shellcheck disable=SC2086
		run $c --help
		is "$c --help: rc" "$rc" 0
		is "$c --help: stderr" "$err" ""
		has "$c --help" "$out" "Usage: sdnctl $c"
	done
	run pod help
	has "pod help: add" "$out" "Usage: sdnctl pod add dev BRIDGE"
	has "pod help: flush" "$out" "Usage: sdnctl pod flush dev BRIDGE"
	lacks "pod help: no node" "$out" "sdnctl node"
	run egress help
	has "egress help: add" "$out" "Usage: sdnctl egress add dev BRIDGE vnid VNID [ip ADDRESS [node ADDRESS]]..."
	has "egress help: at most 16" "$out" "at most 16"
	run help
	has "help lists monitor" "$out" "sdnctl monitor [-t] [dev BRIDGE]"
	has "help lists egress" "$out" "sdnctl egress add dev BRIDGE"
	has "help lists firewall" "$out" "sdnctl firewall show [dev BRIDGE]"
	has "help lists -t" "$out" "-t, --timestamp"
}

# A batch stops at the first bad line, names it, and says what was applied.
t_batch_bad_args()
{
	local i

	printf '%s\n' "# pods" "pod help" "" \
		"pod add dev br0 ip 10.128.0.300 port lo" "pod flush dev br0" \
		>"$tmp/pods"
	run -b "$tmp/pods"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/pods:4: pod add: invalid IPv4 address \"10.128.0.300\" (ip)
sdnctl: batch stopped at $tmp/pods:4; the 1 command before it was applied"
	has "ran line 2" "$out" "Usage: sdnctl pod add"

	# a firewall too big is refused before anything goes out
	{
		printf 'firewall add dev br0 vnid 1'
		for i in $(seq 0 1000); do printf ' deny 10.%d.%d.0/24' $((i / 256)) $((i % 256)); done
		echo
	} >"$tmp/fw"
	run -b "$tmp/fw"
	is "1001 rules: rc" "$rc" 1
	is "1001 rules: stderr" "$err" "$tmp/fw:1: firewall add: 1001 rules; a firewall has at most 1000
sdnctl: batch stopped at $tmp/fw:1; nothing before it was applied"

	run_in $'node add dev br0 \\\n  subnet 10.128.2.0/23\n' -b -
	is "continued: rc" "$rc" 1
	is "continued: stderr" "$err" '<stdin>:1: node add: missing "ip ADDRESS"
Usage: sdnctl node add dev BRIDGE subnet PREFIX ip ADDRESS [vnid VNID]
sdnctl: batch stopped at <stdin>:1; nothing before it was applied'
}

echo "TAP version 13"
tcase "pod: bad values" t_pod_values
tcase "pod: ports by name" t_pod_port
tcase "pod: keywords" t_pod_keywords
tcase "node" t_node
tcase "ns" t_ns
tcase "egress" t_egress
tcase "firewall" t_firewall
tcase "fw is firewall" t_fw_alias
tcase "bridge" t_bridge
tcase "show and monitor" t_show_monitor
tcase "help for every command" t_help
tcase "batch: bad arguments" t_batch_bad_args
summary
