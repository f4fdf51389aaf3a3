#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check's selftest lanes: the whole suite on each kernel given
# (make check's default is "6.1 6.12 debug", debug being the debug
# kernel's), on two VM slots, one per host core: a TCG guest keeps about
# one core busy, and three guests on two cores slow each other down 2-3x
# (Documentation/testing.rst has figures).
#
#   slot 1: the stock lanes, one after another, then the bench smoke run
#           (CHECK_BENCH=KVER), then a second debug guest;
#   slot 2: the first debug guest, as soon as the debug kernel is there.
#
# The debug kernel is built in the background while slot 1 runs, when it
# is not cached (make check starts that build before lint; this run then
# waits for it). Its lane is several stock lanes of work, so its tests
# sit in one queue (run.sh's SDNBR_QUEUE), slowest first, and each debug
# guest takes the next one until none is left.
#
# When a debug guest runs beside another, each test guest has one vCPU
# (VM_SMP): two guests of two vCPUs share two host cores, and a vCPU
# spinning on a lock (slow under lockdep and KASAN) waits for one that
# is not running. agent.sh and egress.sh on two debug guests took 419 and
# 370 s with two vCPUs each, 214 and 178 s with one. The bench smoke run
# keeps two: it pins its daemons to CPU 1.
#
# Each lane boots with its own copy of sdnbr.ko: kmod/ holds one build at
# a time. Slot 1's output streams; slot 2's is kept in .vm/lanes/debug#2.log
# and printed whole at the end (debug#1's is kept too).
#
# usage: scripts/check-lanes.sh KVER...     (TESTS="a.sh b.sh" for a subset;
#        CHECK_SLOTS=1 runs everything in turn)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
[ $# -gt 0 ] || { echo "usage: $0 KVER..." >&2; exit 2; }

# one lock for all the lanes: nothing else may boot a VM or rebuild kmod/
# meanwhile (scripts/vm skips the lock when SDNBR_VM_LOCKED is set)
[ -n "${SDNBR_VM_LOCKED:-}" ] || exec "$here/with-vm-lock" "$0" "$@"

lanes=$top/.vm/lanes
slots=${CHECK_SLOTS:-2}
start=$(date +%s)
rm -rf "$lanes"
mkdir -p "$lanes"

stock=()
debug=0
for k in "$@"; do
	if [ "$k" = debug ]; then
		debug=1
	else
		stock+=("$k")
	fi
done

# two guests at once (a debug guest beside another): one vCPU each
smp=${VM_SMP:-2}
[ $debug = 1 ] && [ "$slots" -gt 1 ] && smp=${VM_SMP:-1}

# the debug kernel: built (unless cached) while the stock lanes run; its
# status lands in kernel.rc
if [ $debug = 1 ]; then
	("$here/debug-kernel.sh" >"$lanes/debug-kernel.log" 2>&1
	 echo $? >"$lanes/kernel.rc") &
fi

for k in "${stock[@]}"; do
	"$here/build-kmod.sh" "$k" || exit 1
	mkdir -p "$lanes/$k"
	cp "$top/kmod/sdnbr.ko" "$lanes/$k/sdnbr.ko" || exit 1
done
make -s -C "$top/selftests" build || exit 1

# The debug queue, slowest tests first, so that the guests end together.
# Files are NN-TEST; run.sh takes them in name order.
slow_first="agent.sh egress.sh lifecycle_ports.sh cni.sh
	pod_network_multitenant.sh demo.sh security.sh pod_network_subnet.sh"
if [ $debug = 1 ]; then
	q=$lanes/debug.queue
	mkdir -p "$q" "$q.taken"
	all=" ${TESTS:-$(make -s -C "$top/selftests" list)} "
	i=10
	for t in $slow_first $all; do
		[[ $all == *" $t "* ]] || continue
		all=${all/ $t / }
		: >"$q/$i-$t"
		i=$((i + 1))
	done
fi

elapsed()
{
	echo "$(($(date +%s) - start)) s since the lanes started"
}

# debug_ready: wait for the debug kernel and build the module against it
# (once; the first guest to get here does it, holding a lock)
debug_ready()
{
	until [ -f "$lanes/kernel.rc" ]; do
		sleep 5
	done
	if [ "$(cat "$lanes/kernel.rc")" != 0 ]; then
		echo "check: the debug kernel did not build (see also" \
			".vm/debug-kernel.log, make check's early start):" >&2
		tail -n 30 "$lanes/debug-kernel.log" >&2
		return 1
	fi
	(
		flock 8
		[ -f "$lanes/debug/sdnbr.ko" ] && exit 0
		"$here/build-kmod.sh" debug && mkdir -p "$lanes/debug" &&
			cp "$top/kmod/sdnbr.ko" "$lanes/debug/sdnbr.ko"
	) 8>"$lanes/debug.lock"
}

# lane NAME: the suite on NAME's kernel, or for debug#I a share of the
# queue; its exit status in NAME.rc. The debug kernel's tests get three
# times the usual limit: a loaded host slows them that much.
lane()
{
	local rc

	echo "==== selftests on $1 ($(elapsed)) ===="
	if [ "${1%#*}" = debug ]; then
		if [ -z "$(ls -A "$lanes/debug.queue")" ]; then
			echo "==== $1: the queue was empty ===="
			echo 0 >"$lanes/$1.rc"
			return 0
		fi
		debug_ready &&
		VM_SMP=$smp SDNBR_TEST_TIMEOUT=${SDNBR_TEST_TIMEOUT:-1800} \
		VM_TIMEOUT=${DEBUG_VM_TIMEOUT:-5400} \
		SDNBR_QUEUE=$lanes/debug.queue SDNBR_KO=$lanes/debug/sdnbr.ko \
			"$here/vm" -k debug -- make -C selftests run_tests
	else
		VM_SMP=$smp SDNBR_KO=$lanes/$1/sdnbr.ko "$here/vm" -k "$1" -- \
			make -C selftests run_tests ${TESTS:+TESTS="$TESTS"}
	fi
	rc=$?
	echo $rc >"$lanes/$1.rc"
	echo "==== $1: exit $rc, $(elapsed) ===="
}

# lanes in the background: their logs print once they are all done
background=()
if [ $debug = 1 ] && [ "$slots" -gt 1 ]; then
	lane "debug#2" >"$lanes/debug#2.log" 2>&1 &
	background+=("debug#2")
fi
for k in "${stock[@]}"; do
	lane "$k"
done
if [ -n "${CHECK_BENCH:-}" ]; then
	echo "==== bench smoke run on $CHECK_BENCH ($(elapsed)) ===="
	VM_SMP=2 SDNBR_KO=$lanes/$CHECK_BENCH/sdnbr.ko "$here/bench" -q -k "$CHECK_BENCH"
	echo $? >"$lanes/bench.rc"
fi
if [ $debug = 1 ]; then
	lane "debug#1" 2>&1 | tee "$lanes/debug#1.log"
fi
wait
for g in "${background[@]}"; do
	cat "$lanes/$g.log"
done

failed=()
for f in "$lanes"/*.rc; do
	n=${f##*/}
	n=${n%.rc}
	[ "$n" = kernel ] && continue
	[ "$(cat "$f")" = 0 ] || failed+=("$n")
done
# every lane started must have left a status
expect=("${stock[@]}" ${CHECK_BENCH:+bench} "${background[@]}")
[ $debug = 1 ] && expect+=("debug#1")
for g in "${expect[@]}"; do
	[ -f "$lanes/$g.rc" ] || failed+=("$g (no status)")
done
if [ $debug = 1 ] && [ -n "$(ls -A "$lanes/debug.queue")" ]; then
	echo "check: tests left in the debug queue: $(ls "$lanes/debug.queue")" >&2
	failed+=("debug (queue)")
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "check: failed: ${failed[*]} ($(elapsed))" >&2
	exit 1
fi
echo "check: lanes passed: $* ($(elapsed))"
