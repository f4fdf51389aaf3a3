#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo's walkthrough (scripts/demo.sh) inside make check, so that it
# cannot rot: all seven seed paths must pass, each drawn from the trace.
. "$(dirname "$0")/lib.sh"
require_cmd ip jq socat nft
# The walkthrough's paths are pod_network's, egress.sh's and trace.sh's;
# what it adds is its own script and output, which the stock lane keeps
# from rotting. On the debug kernel it is 200 s of the same kernel code.
if [ "${SDNBR_LEAN:-0}" = 1 ]; then
	skip_test "make demo: the seven seed paths" \
		"lean lane: the kernel paths are pod_network, egress and trace's"
	exit
fi
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
