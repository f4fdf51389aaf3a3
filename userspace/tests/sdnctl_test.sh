#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the sdnctl command line that need no kernel module: help,
# errors and their exit codes, -n, and batch mode. Where the sdnbr family
# happens to be registered, the version checks expect success instead.
# Ends with "N passed, N failed" for tests/run.sh.

. "$(dirname "$0")/testlib.sh"

t_help()
{
	local a

	for a in --help -h help; do
		run $a
		is "$a: rc" "$rc" 0
		is "$a: stderr" "$err" ""
		has "$a: usage" "$out" "Usage: sdnctl [OPTIONS] OBJECT [COMMAND] [ARGS]"
		has "$a: options" "$out" "-n, --netns NETNS"
		has "$a: commands" "$out" "sdnctl version"
	done
}

t_object_help()
{
	local args

	for args in "version help" "version --help" "version -h" "help version"; do
		run $args
		is "$args: rc" "$rc" 0
		is "$args: first line" "$(head -n1 <<<"$out")" "Usage: sdnctl version"
		has "$args: text" "$out" "Show the versions of sdnctl"
	done
}

t_unknown()
{
	run bogus
	is "rc" "$rc" 1
	is "stdout" "$out" ""
	is "stderr" "$err" 'sdnctl: unknown command "bogus"; try "sdnctl help"'
	run help bogus
	is "help bogus: rc" "$rc" 1
	is "help bogus: stderr" "$err" 'sdnctl: unknown command "bogus"; try "sdnctl help"'
}

t_no_args()
{
	run
	is "rc" "$rc" 1
	is "stdout" "$out" ""
	has "stderr" "$err" "Usage: sdnctl"
}

t_options()
{
	run -x version
	is "-x: rc" "$rc" 1
	is "-x" "$err" 'sdnctl: unknown option "-x"; try "sdnctl help"'
	run --bogus
	is "--bogus: rc" "$rc" 1
	is "--bogus" "$err" 'sdnctl: unknown option "--bogus"; try "sdnctl help"'
	run -b
	is "-b: rc" "$rc" 1
	is "-b" "$err" 'sdnctl: option "-b" requires an argument'
	run -V
	is "-V: rc" "$rc" 0
	is "-V" "$out" "sdnctl 0.1.0"
	run -b "$tmp/x" version
	is "-b with a command: rc" "$rc" 1
	is "-b with a command" "$err" "sdnctl: -b takes no command; the commands come from \"$tmp/x\""
}

t_version()
{
	run version
	is "first line" "$(head -n1 <<<"$out")" "sdnctl 0.1.0"
	if [ $loaded = 1 ]; then
		is "rc" "$rc" 0
		has "kernel line" "$out" "kernel: sdnbr family id "
	else
		is "rc" "$rc" 1
		is "stdout" "$out" "sdnctl 0.1.0"
		is "stderr" "$err" "$NOT_LOADED"
	fi
	run version extra
	is "extra: rc" "$rc" 1
	is "extra" "$err" "sdnctl: version: unexpected argument \"extra\"
Usage: sdnctl version"
}

t_version_json()
{
	run -j version
	has "sdnctl" "$out" '"sdnctl":"0.1.0"'
	if [ $loaded = 0 ]; then
		is "compact" "$out" '{"sdnctl":"0.1.0","abi_version":1,"kernel":null}'
		is "rc" "$rc" 1
	fi
	run -j -p version
	has "pretty" "$out" '    "sdnctl": "0.1.0",'
	if command -v python3 >/dev/null; then
		python3 -c 'import json,sys; json.load(sys.stdin)' <<<"$out" ||
			{ echo "#   not JSON: $out"; bad=1; }
	fi
}

t_netns()
{
	run -n sdnbr-test-none version
	is "missing: rc" "$rc" 1
	is "missing: stdout" "$out" ""
	is "missing" "$err" 'sdnctl: network namespace "sdnbr-test-none" not found (no /run/netns/sdnbr-test-none)'
	run -n ../etc version
	is "slash: rc" "$rc" 1
	is "slash" "$err" 'sdnctl: invalid network namespace name "../etc"'
	run -n .. version
	is "dotdot: rc" "$rc" 1
}

t_batch_stops_at_failure()
{
	printf '%s\n' "help" "version help" "" "# comment" "bogus x" "-V" \
		>"$tmp/cmds"
	run -b "$tmp/cmds"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/cmds:5: unknown command \"bogus\"; try \"sdnctl help\"
sdnctl: batch stopped at $tmp/cmds:5; the 2 commands before it were applied"
	has "ran line 1" "$out" "Usage: sdnctl [OPTIONS]"
	has "ran line 2" "$out" "Usage: sdnctl version"
	lacks "stopped before line 6" "$out" "sdnctl 0.1.0"
}

t_batch_ok()
{
	printf 'help\n\nversion --help\n' >"$tmp/ok"
	run -b "$tmp/ok"
	is "rc" "$rc" 0
	is "stderr" "$err" ""
}

t_batch_stdin()
{
	run_in $'help\nversion nope\n' -b -
	is "rc" "$rc" 1
	is "stderr" "$err" '<stdin>:2: version: unexpected argument "nope"
Usage: sdnctl version
sdnctl: batch stopped at <stdin>:2; the 1 command before it was applied'
}

t_batch_syntax()
{
	printf 'help\nversion "unterminated\n' >"$tmp/quote"
	run -b "$tmp/quote"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/quote:2: unterminated quote
sdnctl: batch stopped at $tmp/quote:2; the 1 command before it was applied"
	run -b /nonexistent/cmds
	is "missing: rc" "$rc" 1
	is "missing" "$err" 'sdnctl: cannot open batch file "/nonexistent/cmds": No such file or directory'
}

t_batch_version()
{
	[ $loaded = 1 ] && return
	printf 'version\n' >"$tmp/ver"
	run -b "$tmp/ver"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/ver:1: $NOT_LOADED
sdnctl: batch stopped at $tmp/ver:1; nothing before it was applied"
}

echo "TAP version 13"
tcase "--help, -h and help" t_help
tcase "OBJECT help and --help" t_object_help
tcase "unknown command" t_unknown
tcase "no arguments" t_no_args
tcase "global options" t_options
tcase "version" t_version
tcase "version -j" t_version_json
tcase "-n NETNS" t_netns
tcase "batch stops at the first failure" t_batch_stops_at_failure
tcase "batch success" t_batch_ok
tcase "batch from stdin" t_batch_stdin
tcase "batch syntax errors" t_batch_syntax
tcase "batch version without the module" t_batch_version
summary
