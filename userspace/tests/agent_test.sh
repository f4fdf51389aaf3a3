#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdn-agent's command line, without a kernel module: usage errors, --check
# on good and bad files (the message, the exit status), and that a refused
# file stops the agent before it touches anything.

S=${SDN_AGENT:-$(dirname "${BASH_SOURCE[0]}")/../sdn-agent}
EXAMPLE=$(dirname "${BASH_SOURCE[0]}")/../../Documentation/examples/cluster.json
. "$(dirname "${BASH_SOURCE[0]}")/testlib.sh"

t_usage()
{
	run
	is "no arguments: status" "$rc" 2
	has "no arguments" "$err" "sdn-agent: --config is required"
	run --config x.json
	is "no --node: status" "$rc" 2
	has "no --node" "$err" "sdn-agent: --node is required"
	run --config x.json --node n1 extra
	is "extra argument: status" "$rc" 2
	has "extra argument" "$err" 'unexpected argument "extra"'
	run --config x.json --node n1 --uplink 0123456789abcdefg
	is "long uplink: status" "$rc" 2
	run --config x.json --node n1 --resync soon
	is "bad --resync: status" "$rc" 2
	run --help
	is "--help: status" "$rc" 0
	has "--help" "$out" "Usage: sdn-agent --config FILE --node NAME"
	run --version
	has "--version" "$out" "sdn-agent "
}

t_check_example()
{
	run --check --config "$EXAMPLE"
	is "status" "$rc" 0
	has "summary" "$out" "valid: 2 nodes, 3 namespaces, 7 pods, 1 services"
	run --check --config "$EXAMPLE" --node node1
	is "node1: status" "$rc" 0
	has "node1" "$out" "node1: 4 pods, 1 nodes, 2 namespaces, 1 egress, 1 firewall entries; 1 egress IPs hosted"
	run --check --config "$EXAMPLE" --node node2
	has "node2" "$out" "node2: 3 pods, 1 nodes, 2 namespaces, 1 egress, 1 firewall entries; 0 egress IPs hosted"
}

t_check_refused()
{
	sed 's/"10.128.2.4"/"10.129.0.2"/' "$EXAMPLE" >"$tmp/bad.json"
	run --check --config "$tmp/bad.json"
	is "status" "$rc" 1
	has "message" "$err" "sdn-agent: $tmp/bad.json: pods[5].ip: 10.129.0.2 is outside node2's subnet 10.128.2.0/23"
	has "refused" "$err" "refused: $tmp/bad.json: nothing changed"
	is "nothing on stdout" "$out" ""

	printf '{"network": ' >"$tmp/trunc.json"
	run --check --config "$tmp/trunc.json"
	is "syntax: status" "$rc" 1
	has "syntax" "$err" "sdn-agent: $tmp/trunc.json:1:"

	run --check --config "$tmp/missing.json"
	is "missing: status" "$rc" 1
	has "missing" "$err" "$tmp/missing.json: No such file or directory"

	run --check --config "$EXAMPLE" --node node9
	is "unknown node: status" "$rc" 1
	has "unknown node" "$err" 'nodes: no node named "node9" (--node)'
}

# A refused file must stop the agent before it looks at the host: with no
# module loaded and no privileges asked for, it says only that.
t_refused_first()
{
	sed 's/"vnid": 20/"vnid": "20"/' "$EXAMPLE" >"$tmp/type.json"
	run --once --config "$tmp/type.json" --node node1
	is "status" "$rc" 1
	has "message" "$err" "namespaces[1].vnid: expected an integer, got a string"
	is "two lines, nothing else tried" "$(wc -l <<<"$err")" 2
}

t_warnings()
{
	sed 's/"hostVeth": "veth-a"/"hostVeth": "veth-a", "hostveth": "x"/' \
		"$EXAMPLE" >"$tmp/warn.json"
	run --check --config "$tmp/warn.json"
	is "status" "$rc" 0
	has "warning" "$err" "sdn-agent: warning: $tmp/warn.json: pods[0].hostveth: unknown key, ignored"
}

tcase "usage errors" t_usage
tcase "--check on the example cluster" t_check_example
tcase "--check refuses bad files by JSON path" t_check_refused
tcase "a refused file stops the agent before anything" t_refused_first
tcase "unknown keys are warnings" t_warnings

summary
