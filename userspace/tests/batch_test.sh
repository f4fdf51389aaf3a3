#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdnctl -b end to end, against the fake kernel of tests/fake_kernel.c
# (tests/sdnctl-fake): how many messages a batch takes, and that a failure
# is reported at the line of the entry that failed, with everything before
# it applied and nothing after, whatever the kernel's order of checking.
# Ends with "N passed, N failed".

. "$(dirname "$0")/testlib.sh"
S=${SDNCTL_FAKE:-$(dirname "$0")/sdnctl-fake}
export SDNCTL_FAKE_STATS=1

# pods FIRST COUNT: "pod add" lines for 10.128.1.FIRST.. (in the /14)
pods()
{
	local i a

	for ((i = $1; i < $1 + $2; i++)); do
		a=$((256 + i))
		echo "pod add dev br0 ip 10.128.$((a / 256)).$((a % 256)) port lo"
	done
}

t_coalesce()
{
	{ pods 0 600; echo "ns add dev br0 vnid 7"; pods 600 10; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 0
	is "stderr" "$err" "fake: 5 messages, 611 entries"
	is "stdout" "$out" ""

	# a del, a replace and a node: each starts a message of its own
	{
		pods 0 3
		echo "pod del dev br0 ip 10.128.1.0"
		echo "pod replace dev br0 ip 10.128.1.1 port lo vnid 3"
		echo "pod replace dev br0 ip 10.128.1.0 port lo"
		echo "node add dev br0 subnet 10.129.0.0/23 ip 192.0.2.12"
		echo "node add dev br0 subnet 10.129.2.0/23 ip 192.0.2.13"
	} >"$tmp/b"
	run -b "$tmp/b"
	is "mixed: rc" "$rc" 0
	is "mixed: stderr" "$err" "fake: 4 messages, 8 entries"
}

# Line 60 adds a pod that line 1 added: it fails in the middle of a
# 100-entry message, and the 57 entries before it go again alone.
t_fail_mid_message()
{
	{
		echo "pod add dev br0 ip 10.128.0.50 port lo"
		echo "ns add dev br0 vnid 1"
		pods 0 57
		echo "pod add dev br0 ip 10.128.0.50 port lo vnid 9"
		pods 57 42
	} >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:60: pod add: File exists: the entry exists (use replace)
sdnctl: batch stopped at $tmp/b:60; the 59 commands before it were applied
fake: 4 messages, 59 entries"
}

# Two failing lines; the kernel checks in key order and names line 20
# (the smaller IP) first. The resend finds line 10, which is the answer.
t_fail_out_of_order()
{
	{
		echo "pod add dev br0 ip 10.128.0.9 port lo"
		echo "pod add dev br0 ip 10.128.0.5 port lo"
		echo "ns add dev br0 vnid 1"
		pods 0 6
		echo "pod add dev br0 ip 10.128.0.9 port lo"
		pods 6 9
		echo "pod add dev br0 ip 10.128.0.5 port lo"
		pods 15 5
	} >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:10: pod add: File exists: the entry exists (use replace)
sdnctl: batch stopped at $tmp/b:10; the 9 commands before it were applied
fake: 5 messages, 9 entries"
}

# The kernel points at an attribute inside the entry: its keyword.
t_fail_attribute()
{
	{ pods 0 4; echo "pod add dev br0 ip 10.200.0.1 port lo"; pods 4 4; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:5: pod add: Invalid argument: the pod IP is not a host address of the local subnet (ip)
sdnctl: batch stopped at $tmp/b:5; the 4 commands before it were applied
fake: 2 messages, 4 entries"

	run pod add dev br0 ip 10.200.0.1 port lo
	is "one: rc" "$rc" 1
	is "one: stderr" "$err" "sdnctl: pod add: Invalid argument: the pod IP is not a host address of the local subnet (ip)
fake: 1 messages, 0 entries"
}

# The bridge is wrong for the whole message: its first line is reported.
t_fail_bridge()
{
	{ pods 0 2; echo "ns add dev br1 vnid 1"; echo "ns add dev br1 vnid 2"; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:3: ns add: No such device: no such device (dev)
sdnctl: batch stopped at $tmp/b:3; the 2 commands before it were applied
fake: 2 messages, 2 entries"
}

# A bad line after waiting entries: they go first, then its error.
t_bad_line_after_entries()
{
	{ pods 0 5; echo "pod add dev br0 ip 10.128.0.300 port lo"; pods 5 5; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:6: pod add: invalid IPv4 address \"10.128.0.300\" (ip)
sdnctl: batch stopped at $tmp/b:6; the 5 commands before it were applied
fake: 1 messages, 5 entries"

	{ pods 0 3; echo "bogus"; } >"$tmp/b"
	run -b "$tmp/b"
	is "unknown: stderr" "$err" "$tmp/b:4: unknown command \"bogus\"; try \"sdnctl help\"
sdnctl: batch stopped at $tmp/b:4; the 3 commands before it were applied
fake: 1 messages, 3 entries"

	{ pods 0 2; echo 'pod add "dev br0'; } >"$tmp/b"
	run -b "$tmp/b"
	is "syntax: stderr" "$err" "$tmp/b:3: unterminated quote
sdnctl: batch stopped at $tmp/b:3; the 2 commands before it were applied
fake: 1 messages, 2 entries"
}

# ... unless one of the waiting entries fails: that is the first error,
# and the bad line after it is never reported.
t_waiting_entry_fails_first()
{
	{
		echo "pod add dev br0 ip 10.128.0.7 port lo"
		echo "ns add dev br0 vnid 1"
		pods 0 2
		echo "pod add dev br0 ip 10.128.0.7 port lo"
		echo "pod add dev br0 ip 10.128.0.300 port lo"
	} >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:5: pod add: File exists: the entry exists (use replace)
sdnctl: batch stopped at $tmp/b:5; the 4 commands before it were applied
fake: 4 messages, 4 entries"
}

# The same key twice in a row goes out in two messages: the second line
# fails on its own, as it would have alone.
t_same_key_twice()
{
	{ pods 0 3; pods 1 1; pods 3 1; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:4: pod add: File exists: the entry exists (use replace)
sdnctl: batch stopped at $tmp/b:4; the 3 commands before it were applied
fake: 2 messages, 3 entries"

	{ echo "ns add dev br0 vnid 5"; echo "ns del dev br0 vnid 5"; echo "ns del dev br0 vnid 5"; } >"$tmp/b"
	run -b "$tmp/b"
	is "del twice: stderr" "$err" "$tmp/b:3: ns del: No such file or directory: no such entry
sdnctl: batch stopped at $tmp/b:3; the 2 commands before it were applied
fake: 3 messages, 2 entries"
}

# The failure is in the last message, sent at the end of the file.
t_fail_at_eof()
{
	{ pods 0 300; echo "node change dev br0 subnet 10.129.0.0/23 ip 192.0.2.1"; } >"$tmp/b"
	run -b "$tmp/b"
	is "rc" "$rc" 1
	is "stderr" "$err" "$tmp/b:301: node change: No such file or directory: no such entry to replace
sdnctl: batch stopped at $tmp/b:301; the 300 commands before it were applied
fake: 3 messages, 300 entries"
}

# fws FIRST COUNT RULES: "firewall add" lines for VNIDs FIRST.., each with
# RULES rules
fws()
{
	local v i

	for ((v = $1; v < $1 + $2; v++)); do
		printf 'firewall add dev br0 vnid %d' "$v"
		for ((i = 0; i < $3; i++)); do
			printf ' deny 10.%d.%d.0/24' $((i / 256)) $((i % 256))
		done
		echo
	done
}

# egresses FIRST COUNT: "egress add" lines for VNIDs FIRST.., one IP each
egresses()
{
	local v

	for ((v = $1; v < $1 + $2; v++)); do
		echo "egress add dev br0 vnid $v ip 192.0.2.$((v % 250 + 1)) node 192.0.2.200"
	done
}

# A firewall of 1000 rules is 32 KiB: it shares a message with small ones
# only, and no message passes the 32 KiB limit.
t_big_firewalls()
{
	{ fws 1 2 3; fws 3 3 1000; fws 6 5 1; echo "fw del dev br0 vnid 1"; } >"$tmp/b"
	SDNCTL_FAKE_SIZES=1 run -b "$tmp/b"
	is "rc" "$rc" 0
	# 1,2,3 | 4 | 5,6..10 | del; the third is 28 + 32012 + 5 * 44 bytes
	is "stderr" "$err" "fake: 4 messages, 11 entries
fake: largest message 32260 bytes"

	{ egresses 1 300; fws 1 3 2; } >"$tmp/b"
	run -b "$tmp/b"
	is "egress: rc" "$rc" 0
	is "egress: stderr" "$err" "fake: 3 messages, 303 entries"
}

# The kernel points into a list: at the egress IP or rule, named as such.
t_fail_in_list()
{
	{
		egresses 1 3
		echo "egress add dev br0 vnid 4 ip 192.0.2.9 ip 203.0.113.5 node 192.0.2.11"
		egresses 5 2
	} >"$tmp/b"
	run -b "$tmp/b"
	is "egress: rc" "$rc" 1
	is "egress: stderr" "$err" "$tmp/b:4: egress add: Invalid argument: the fake kernel refuses 203.0.113.0/24 (ip 203.0.113.5)
sdnctl: batch stopped at $tmp/b:4; the 3 commands before it were applied
fake: 2 messages, 3 entries"

	{
		fws 1 2 2
		echo "fw replace dev br0 vnid 3 allow 198.51.100.7/32 deny 10.0.0.0/8 deny 203.0.113.0/24"
		fws 4 1 2
	} >"$tmp/b"
	run -b "$tmp/b"
	is "firewall: rc" "$rc" 1
	# add 1,2 | replace 3
	is "firewall: stderr" "$err" "$tmp/b:3: firewall replace: Invalid argument: the fake kernel refuses 203.0.113.0/24 (rule 3)
sdnctl: batch stopped at $tmp/b:3; the 2 commands before it were applied
fake: 2 messages, 2 entries"

	run fw add dev br0 vnid 3 deny 203.0.113.128/25
	is "one: stderr" "$err" "sdnctl: firewall add: Invalid argument: the fake kernel refuses 203.0.113.0/24 (rule 1)
fake: 1 messages, 0 entries"
}

t_stdin()
{
	run_in "$(pods 0 3; echo 'pod del dev br0 ip 10.128.9.9')" -b -
	is "rc" "$rc" 1
	is "stderr" "$err" "<stdin>:4: pod del: No such file or directory: no such entry
sdnctl: batch stopped at <stdin>:4; the 3 commands before it were applied
fake: 2 messages, 3 entries"
}

echo "TAP version 13"
tcase "coalescing" t_coalesce
tcase "a failure in the middle of a message" t_fail_mid_message
tcase "the kernel names a later line first" t_fail_out_of_order
tcase "the kernel names an attribute" t_fail_attribute
tcase "the kernel names the bridge" t_fail_bridge
tcase "a bad line after waiting entries" t_bad_line_after_entries
tcase "a waiting entry fails before a bad line" t_waiting_entry_fails_first
tcase "the same key twice" t_same_key_twice
tcase "a failure at the end of the file" t_fail_at_eof
tcase "big firewalls" t_big_firewalls
tcase "a failure inside a list" t_fail_in_list
tcase "from stdin" t_stdin
summary
