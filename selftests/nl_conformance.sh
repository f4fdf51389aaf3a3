#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink conformance of the sdnbr generic netlink family. nl_conformance
# (nl_conformance.c, built on the host by `make -C selftests build`, which
# `make selftests-KVER` runs before booting the VM) sends good and bad
# requests over a raw netlink socket and checks each bad one's errno and
# extended ACK, that the tables, the settings and the events group stay
# untouched, and that a caller without CAP_NET_ADMIN may read but not
# change. This script gives it a namespace with the devices it expects
# and reports its KTAP lines as this test's cases.
. "$(dirname "$0")/lib.sh"
require_cmd ip
need_sdnbr
dmesg_mark

prog=$SELFTESTS_DIR/nl_conformance
if [ ! -x "$prog" ]; then
	echo "# $prog is not built: make -C selftests build"
	exit $ksft_fail
fi

setup_ns ns || exit $ksft_fail
quiet_ns "$ns"

# br0 with its gateway, tunnel and six pod ports p0..p5; br1 with a pod
# port o0 of its own; x0, a veth that is no port. All left down: no
# traffic, so the dumps compare exactly.
{
	echo "link add br0 type sdnbr"
	echo "link add tun0 link br0 type sdnbr-gw"
	echo "link add vxlan0 type vxlan external dstport 4789"
	echo "link set vxlan0 master br0"
	for i in 0 1 2 3 4 5; do
		echo "link add p$i type veth peer name q$i"
		echo "link set p$i master br0"
	done
	echo "link add br1 type sdnbr"
	echo "link add o0 type veth peer name r0"
	echo "link set o0 master br1"
	echo "link add x0 type veth peer name y0"
} | ip -n "$ns" -b -
check_err $? "the topology could not be built"
log_test "topology: br0 with gateway, tunnel and pod ports; br1; a veth"
[ $_ktap_fail = 0 ] || exit $ksft_fail

out=$(ip netns exec "$ns" "$prog" 2>&1)
rc=$?

# Each "ok"/"not ok" line becomes a case here, with the reason the C
# program gave after " # " as its message; comments pass through.
while IFS= read -r line; do
	case $line in
	"ok "*)
		desc=${line#ok }
		log_test "${desc#* }"
		;;
	"not ok "*)
		desc=${line#not ok }
		desc=${desc#* }
		RET=1
		RET_MSG=
		if [[ $desc == *" # "* ]]; then
			RET_MSG=${desc#* # }
			desc=${desc%% # *}
		fi
		log_test "$desc"
		;;
	"TAP version"* | "1.."* | "# Totals:"*)
		;;
	*)
		echo "$line"
		;;
	esac
done <<<"$out"

# a crash, or a bail-out, that the lines do not account for
if [ $rc != 0 ] && [ $_ktap_fail = 0 ]; then
	RET=1
	RET_MSG="nl_conformance exited with status $rc"
	log_test "nl_conformance ran to the end"
fi

ip -n "$ns" link del br0
ip -n "$ns" link del br1
leak_check
check_err $? "objects leaked"
dmesg_clean
check_err $? "kernel log"
log_test "no leaks, no kernel splat"
