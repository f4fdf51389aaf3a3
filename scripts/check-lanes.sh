#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check's selftest lanes: the whole suite on each kernel given, one
# after another (make check's default, "6.1 6.12"), or with
# CHECK_PARALLEL=1 all at once, one VM each. Then the debug kernel's lane
# is split over DEBUG_VMS guests (default 2) that take its tests from one
# queue (run.sh's SDNBR_QUEUE): it alone is about three stock lanes of
# work. Side by side, the guests slow each other down 2-3x (a stock guest
# keeps about one core busy, and TCG guests contend for caches too), so
# this saves less than it seems; Documentation/testing.rst has figures.
#
# Each lane boots with its own copy of sdnbr.ko: kmod/ holds one build at
# a time. The first lane's output streams; the others' is kept in
# .vm/lanes/NAME.log and printed whole once the first has ended.
#
# usage: scripts/check-lanes.sh KVER...     (TESTS="a.sh b.sh" for a subset)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
[ $# -gt 0 ] || { echo "usage: $0 KVER..." >&2; exit 2; }

# one lock for all the lanes: nothing else may boot a VM or rebuild kmod/
# meanwhile (scripts/vm skips the lock when SDNBR_VM_LOCKED is set)
[ -n "${SDNBR_VM_LOCKED:-}" ] || exec "$here/with-vm-lock" "$0" "$@"

lanes=$top/.vm/lanes
mkdir -p "$lanes"
for k in "$@"; do
	"$here/build-kmod.sh" "$k" || exit 1
	mkdir -p "$lanes/$k"
	cp "$top/kmod/sdnbr.ko" "$lanes/$k/sdnbr.ko" || exit 1
done
make -s -C "$top/selftests" build || exit 1

# the lanes, by name: KVER, or debug#I for the guests sharing the queue
# (a queue an interrupted run left would fail this one at the end)
rm -rf "$lanes/debug.queue" "$lanes/debug.queue.taken"
names=()
for k in "$@"; do
	if [ "$k" = debug ] && [ "${CHECK_PARALLEL:-0}" = 1 ] &&
	   [ "${DEBUG_VMS:-2}" -gt 1 ]; then
		q=$lanes/debug.queue
		mkdir -p "$q" "$q.taken"
		i=10
		for t in ${TESTS:-$(make -s -C "$top/selftests" list)}; do
			: >"$q/$i-$t"
			i=$((i + 1))
		done
		for ((i = 1; i <= ${DEBUG_VMS:-2}; i++)); do
			names+=("debug#$i")
		done
	else
		names+=("$k")
	fi
done

# lane NAME: the suite (or its share of the queue) on NAME's kernel. The
# debug kernel's tests get three times the usual time limit: a loaded
# host can slow them that much.
lane()
{
	local k=${1%#*}

	[ "$k" = debug ] && export SDNBR_TEST_TIMEOUT=${SDNBR_TEST_TIMEOUT:-1800} \
		VM_TIMEOUT=${DEBUG_VM_TIMEOUT:-5400}
	if [ "$k" != "$1" ]; then
		SDNBR_QUEUE=$lanes/debug.queue SDNBR_KO=$lanes/$k/sdnbr.ko \
			"$here/vm" -k "$k" -- make -C selftests run_tests
	else
		SDNBR_KO=$lanes/$k/sdnbr.ko "$here/vm" -k "$k" -- \
			make -C selftests run_tests ${TESTS:+TESTS="$TESTS"}
	fi
}

declare -A pids
failed=()
start=$(date +%s)
if [ "${CHECK_PARALLEL:-0}" = 1 ]; then
	for k in "${names[@]:1}"; do
		lane "$k" >"$lanes/$k.log" 2>&1 &
		pids[$k]=$!
	done
	[ ${#names[@]} -gt 1 ] &&
		echo "check: ${names[*]:1} run beside ${names[0]}; their output follows"
fi
for k in "${names[@]}"; do
	echo "==== selftests on $k ===="
	if [ -n "${pids[$k]:-}" ]; then
		wait "${pids[$k]}"
		rc=$?
		cat "$lanes/$k.log"
	else
		lane "$k"
		rc=$?
	fi
	echo "==== $k: exit $rc, $(($(date +%s) - start)) s since the lanes started ===="
	[ $rc = 0 ] || failed+=("$k")
done
if [ -d "$lanes/debug.queue" ] && [ -n "$(ls -A "$lanes/debug.queue")" ]; then
	echo "check: tests left in the debug queue: $(ls "$lanes/debug.queue")" >&2
	failed+=("debug (queue)")
fi
if [ ${#failed[@]} -gt 0 ]; then
	echo "check: selftests failed on ${failed[*]}" >&2
	exit 1
fi
