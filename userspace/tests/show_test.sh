#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What sdnctl prints, as text and JSON, against the fake kernel of
# tests/fake_kernel.c (tests/sdnctl-fake), which answers GET and dumps
# with the entries it was given plus fixed counters. The fake forgets
# everything when sdnctl exits, so each case is one batch: the entries,
# then the command whose output is checked.
# Ends with "N passed, N failed".

. "$(dirname "$0")/testlib.sh"
S=${SDNCTL_FAKE:-$(dirname "$0")/sdnctl-fake}

setup()
{
	cat <<-EOF
	ns add dev br0 vnid 10
	egress add dev br0 vnid 10 ip 192.0.2.100 node 192.0.2.11 ip 192.0.2.101
	egress add dev br0 vnid 0 ip 192.0.2.102 node 192.0.2.12
	egress add dev br0 vnid 11
	fw add dev br0 vnid 10 allow 198.51.100.7/32 deny 0.0.0.0/0
	firewall replace dev br0 vnid 11
	EOF
}

# shows [OPTIONS --] COMMAND...: runs the setup, then COMMAND, in a batch
shows()
{
	local opts=()

	while [ $# -gt 0 ] && [ "$1" != -- ] && [[ "$1" == -* ]]; do
		opts+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	{ setup; echo "$*"; } >"$tmp/b"
	run "${opts[@]}" -b "$tmp/b"
}

EGRESS_TABLE="VNID  MARK  TX-PACKETS  TX-BYTES  IP           NODE
   0  0x0            5       420  192.0.2.102  192.0.2.12
  10  0xa            5       420  192.0.2.100  192.0.2.11
                                  192.0.2.101  -
  11  0xb            5       420  -            -"

FW_TABLE="VNID  ALLOWED-PACKETS  ALLOWED-BYTES  DENIED-PACKETS  DENIED-BYTES  RULE  ACTION  PREFIX
  10                5            420               3           252     1  allow   198.51.100.7/32
                                                                       2  deny    0.0.0.0/0
  11                5            420               3           252     -  -       (none: all allowed)"

t_egress_text()
{
	shows egress show dev br0
	is "rc" "$rc" 0
	is "stderr" "$err" ""
	is "show dev" "$out" "$EGRESS_TABLE"
	shows egress show
	is "show" "$out" "br0: 3 egress entries
$(sed 's/^/    /' <<<"$EGRESS_TABLE")"
	shows egress
	is "the default command" "$out" "br0: 3 egress entries
$(sed 's/^/    /' <<<"$EGRESS_TABLE")"
	shows egress get dev br0 vnid 10
	is "get" "$out" "VNID  MARK  TX-PACKETS  TX-BYTES  IP           NODE
  10  0xa            5       420  192.0.2.100  192.0.2.11
                                  192.0.2.101  -"
	shows egress get dev br0 vnid 12
	is "get a missing one: rc" "$rc" 1
	is "get a missing one" "$err" "$tmp/b:7: egress get: No such file or directory: no such entry
sdnctl: batch stopped at $tmp/b:7; the 6 commands before it were applied"
}

t_egress_json()
{
	shows -j -- egress get dev br0 vnid 10
	is "get" "$out" '{"dev":"br0","vnid":10,"ips":[{"ip":"192.0.2.100","node":"192.0.2.11"},{"ip":"192.0.2.101","node":null}],"mark":10,"tx":{"packets":5,"bytes":420}}'
	shows -j -- egress show dev br0
	is "show" "$out" '[{"dev":"br0","vnid":0,"ips":[{"ip":"192.0.2.102","node":"192.0.2.12"}],"mark":0,"tx":{"packets":5,"bytes":420}},{"dev":"br0","vnid":10,"ips":[{"ip":"192.0.2.100","node":"192.0.2.11"},{"ip":"192.0.2.101","node":null}],"mark":10,"tx":{"packets":5,"bytes":420}},{"dev":"br0","vnid":11,"ips":[],"mark":11,"tx":{"packets":5,"bytes":420}}]'
}

t_firewall_text()
{
	shows firewall show dev br0
	is "rc" "$rc" 0
	is "stderr" "$err" ""
	is "show dev" "$out" "$FW_TABLE"
	shows fw
	is "fw, the default command" "$out" "br0: 2 firewalls
$(sed 's/^/    /' <<<"$FW_TABLE")"
	shows fw get dev br0 vnid 11
	is "get, no rules" "$out" "VNID  ALLOWED-PACKETS  ALLOWED-BYTES  DENIED-PACKETS  DENIED-BYTES  RULE  ACTION  PREFIX
  11                5            420               3           252     -  -       (none: all allowed)"
}

t_firewall_json()
{
	shows -j -- fw get dev br0 vnid 10
	is "get" "$out" '{"dev":"br0","vnid":10,"rules":[{"action":"allow","prefix":"198.51.100.7/32"},{"action":"deny","prefix":"0.0.0.0/0"}],"allowed":{"packets":5,"bytes":420},"denied":{"packets":3,"bytes":252}}'
	shows -j -- firewall show
	is "show" "$out" '[{"dev":"br0","vnid":10,"rules":[{"action":"allow","prefix":"198.51.100.7/32"},{"action":"deny","prefix":"0.0.0.0/0"}],"allowed":{"packets":5,"bytes":420},"denied":{"packets":3,"bytes":252}},{"dev":"br0","vnid":11,"rules":[],"allowed":{"packets":5,"bytes":420},"denied":{"packets":3,"bytes":252}}]'
}

# 1000 rules come back whole, in order.
t_firewall_big()
{
	local i

	{
		printf 'fw add dev br0 vnid 5'
		for ((i = 0; i < 1000; i++)); do
			printf ' deny 10.%d.%d.0/24' $((i / 256)) $((i % 256))
		done
		echo
		echo "fw get dev br0 vnid 5"
	} >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 0
	is "rows" "$(wc -l <<<"$out")" 1001
	is "last" "$(tail -n1 <<<"$out" | tr -s ' ')" " 1000 deny 10.3.231.0/24"
	run -j -b "$tmp/b"
	if command -v python3 >/dev/null; then
		is "JSON rules" "$(python3 -c 'import json,sys; r = json.load(sys.stdin)["rules"]; print(len(r), r[0]["prefix"], r[-1]["prefix"])' <<<"$out")" \
			"1000 10.0.0.0/24 10.3.231.0/24"
	fi
}

t_bridge()
{
	shows bridge show dev br0
	is "rc" "$rc" 0
	has "counts" "$out" "    entries 6 pods 0 nodes 0 namespaces 1 egress 3 firewalls 2 memory 600"
	has "firewall drops" "$out" "        firewall      100 firewall        3  the namespace's egress firewall denies the destination"
	has "egress drops" "$out" "        egress-no-ip  101 egress          2  the namespace has egress IPs, but no node hosts one"
	shows -j -- bridge show
	has "JSON counts" "$out" '"stats":{"entries":6,"pods":0,"nodes":0,"namespaces":1,"egress":3,"firewalls":2,'
	has "JSON drops" "$out" '{"reason":"firewall","reason_id":23,"table":100,"stage":"firewall","packets":3}'
}

t_show()
{
	shows show dev br0
	is "rc" "$rc" 0
	has "egress" "$out" "    egress: 3
$(sed 's/^/        /' <<<"$EGRESS_TABLE")"
	has "firewalls" "$out" "    firewalls: 2
$(sed 's/^/        /' <<<"$FW_TABLE")"
	shows -j -- show
	has "JSON egress" "$out" '"egress":[{"vnid":0,"ips":[{"ip":"192.0.2.102","node":"192.0.2.12"}],"mark":0,'
	has "JSON firewalls" "$out" '"firewalls":[{"vnid":10,"rules":[{"action":"allow","prefix":"198.51.100.7/32"},'
	if command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$out" ||
			{ echo "#   not JSON: $out"; bad=1; }
	fi

	{ echo "egress flush dev br0"; echo "fw flush dev br0"; echo "show"; } >"$tmp/b"
	run -b "$tmp/b"
	has "none" "$out" "    egress: none
    firewalls: none"
}

echo "TAP version 13"
tcase "egress: text" t_egress_text
tcase "egress: JSON" t_egress_json
tcase "firewall: text" t_firewall_text
tcase "firewall: JSON" t_firewall_json
tcase "firewall: 1000 rules" t_firewall_big
tcase "bridge show counts them" t_bridge
tcase "show has them" t_show
summary
