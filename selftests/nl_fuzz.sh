#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz the sdnbr generic netlink family with nl_fuzz (nl_fuzz.c, built on
# the host by `make -C selftests build`): valid requests checked against a
# model, mutated and random ones, and the same from two callers without
# CAP_NET_ADMIN (nobody, and a user namespace). Passes when every reply is
# well-formed, the valid requests get the answers the model predicts, no
# unprivileged change succeeds, br0 ends up holding exactly what the valid
# requests made, and the kernel log shows no splat (on the debug kernel,
# run.sh adds kmemleak).
#
# N messages (default 100000; 10000 on the debug kernel), SEED to repeat a
# run (nl_fuzz prints the one it used). `make fuzz N=1000000` runs it alone.
. "$(dirname "$0")/lib.sh"
require_cmd ip
need_sdnbr
dmesg_mark

if [ -w /sys/kernel/debug/kmemleak ]; then
	N=${N:-10000}
else
	N=${N:-100000}
fi

prog=$SELFTESTS_DIR/nl_fuzz
if [ ! -x "$prog" ]; then
	echo "# $prog is not built: make -C selftests build"
	exit $ksft_fail
fi

# The same devices in two namespaces: valid requests go to a's, mutated
# and random ones to b's, so that they cannot touch what the model
# tracks. Left down: no traffic.
setup_ns a b || exit $ksft_fail
for ns in "$a" "$b"; do
	quiet_ns "$ns"
	{
		echo "link add br0 type sdnbr"
		echo "link add tun0 link br0 type sdnbr-gw"
		echo "link add vxlan0 type vxlan external dstport 4789"
		echo "link set vxlan0 master br0"
		for i in 0 1 2 3; do
			echo "link add p$i type veth peer name q$i"
			echo "link set p$i master br0"
		done
		echo "link add br1 type sdnbr"
		echo "link add o0 type veth peer name r0"
		echo "link set o0 master br1"
	} | ip -n "$ns" -b -
	check_err $? "the topology could not be built in $ns"
done
log_test "topology: br0 with gateway, tunnel and four pod ports, br1, in two namespaces"
[ $_ktap_fail = 0 ] || exit $ksft_fail

start=$(date +%s)
out=$(ip netns exec "$a" "$prog" -n "$N" ${SEED:+-s "$SEED"} "$b" 2>&1)
rc=$?
log_info "nl_fuzz took $(($(date +%s) - start)) s"

while IFS= read -r line; do
	case $line in
	"ok "*)
		desc=${line#ok }
		log_test "${desc#* }"
		;;
	"not ok "*)
		desc=${line#not ok }
		RET=1
		RET_MSG="see the nl_fuzz lines above (its seed repeats the run)"
		log_test "${desc#* }"
		;;
	"TAP version"* | "1.."*)
		;;
	*)
		echo "$line"
		;;
	esac
done <<<"$out"

if [ $rc != 0 ] && [ $_ktap_fail = 0 ]; then
	RET=1
	RET_MSG="nl_fuzz exited with status $rc"
	log_test "nl_fuzz ran to the end"
fi

for ns in "$a" "$b"; do
	ip -n "$ns" link del br0
	ip -n "$ns" link del br1
done
leak_check
check_err $? "objects leaked"
dmesg_clean
check_err $? "kernel log"
log_test "no leaks, no kernel splat"
