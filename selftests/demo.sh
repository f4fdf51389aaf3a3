#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo's walkthrough (scripts/demo.sh) inside make check, so that it
# cannot rot: all seven seed paths must pass, each drawn from the trace.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq socat nft
need_sdnbr
dmesg_mark

out=$("$TOP_DIR/scripts/demo.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
[ $rc = 0 ] || fail "the walkthrough exited $rc"
grep -q '^== summary: 7 of 7 paths passed$' <<<"$out" ||
	fail "not all seven paths passed"
[ "$(grep -c ' br0\[' <<<"$out")" = 7 ] ||
	fail "not every path was drawn from its trace"
log_test "make demo: the seven seed paths, drawn from sdnctl trace and live"

dmesg_clean || fail "kernel log"
log_test "no splat"
