#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run selftests in the kselftest manner, with KTAP output. Runs inside the
# VM (scripts/vm). Each test gets the timeout from ./settings; its output is
# prefixed with "# ". A test fails if it exits non-zero (4 = skip), times
# out, or leaves a kernel splat or (debug kernel) a kmemleak report behind.
# The last line is exactly "N passed, N failed, N skipped".
#
# usage: run.sh [TEST...]     (default: TEST_PROGS from the Makefile)
#
# SDNBR_QUEUE=DIR takes the tests from DIR instead, one at a time, while
# other VMs take from it too (scripts/check-lanes.sh splits the debug
# kernel's lane so). Each file in DIR is named NN-TEST; taking one is
# moving it to DIR.taken, which only one taker can do. The plan line
# comes last then.
cd "$(dirname "$0")" || exit 1

timeout=$(sed -n 's/^timeout=//p' settings)
timeout=${SDNBR_TEST_TIMEOUT:-${timeout:-600}}
tests=("$@")
[ ${#tests[@]} -gt 0 ] || read -r -a tests <<<"$(make -s list)"

SPLAT='WARNING:|BUG:|Oops|Call Trace|KASAN|UBSAN|possible circular locking|suspicious RCU usage|inconsistent lock state|refcount_t|unreferenced object|hung_task|blocked for more than|ODEBUG|ref_tracker'
kmemleak=/sys/kernel/debug/kmemleak
[ -w $kmemleak ] || kmemleak=

# The debug kernel (the one with kmemleak) runs the suite about seven
# times slower than stock under TCG. Its lane keeps every case but fewer
# repetitions of each: the knobs the tests read, unless set already
# (SDNBR_LEAN=0 turns this off; nl_fuzz.sh lowers its N there itself).
# Documentation/testing.rst has the table.
if [ -n "$kmemleak" ] && [ "${SDNBR_LEAN:-1}" != 0 ]; then
	export ROUNDS=${ROUNDS:-3} PODS=${PODS:-2000} NODES=${NODES:-200}
	export CNI_PODS=${CNI_PODS:-10} SDNBR_LEAN=1
	lean="# debug kernel: lean lane (ROUNDS=$ROUNDS PODS=$PODS NODES=$NODES CNI_PODS=$CNI_PODS)"
fi

# next_test: set t to the next test and last=1 if it is the last one
queue=${SDNBR_QUEUE:-}
next_test()
{
	local f

	if [ -z "$queue" ]; then
		[ $n -lt ${#tests[@]} ] || return 1
		t=${tests[$n]}
		[ $((n + 1)) = ${#tests[@]} ] && last=1
		return 0
	fi
	for f in "$queue"/*; do
		[ -e "$f" ] || return 1
		mv "$f" "$queue.taken/" 2>/dev/null || continue
		t=${f##*/}
		t=${t#*-}
		f=("$queue"/*)
		[ -e "${f[0]}" ] || last=1
		return 0
	done
	return 1
}

pass=0 fail=0 skip=0 n=0 last=0
echo "TAP version 13"
[ -z "$queue" ] && echo "1..${#tests[@]}"
[ -n "${lean:-}" ] && echo "$lean"
# What boot left behind is not ours. After that, no test clears: a leak
# made late in one test is reported by the next test's scan (kmemleak
# reports an object on its second scan unreferenced), which names both.
[ -n "$kmemleak" ] && echo clear >$kmemleak
prev=
while next_test; do
	n=$((n + 1))
	if [ ! -x "./$t" ]; then
		echo "not ok $n selftests: sdnbr: $t # no such test"
		fail=$((fail + 1))
		continue
	fi
	before=$(dmesg | wc -l)
	echo "# selftests: sdnbr: $t"
	start=$(date +%s)
	timeout -k 10 "$timeout" "./$t" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	secs=$(($(date +%s) - start))
	why=
	if [ -n "$kmemleak" ]; then
		# one scan a test; the last test gets a second one for itself
		scan=$(date +%s)
		echo scan >$kmemleak
		[ $last = 1 ] && echo scan >$kmemleak
		echo "# kmemleak: scanned in $(($(date +%s) - scan))s"
		if [ -s $kmemleak ]; then
			sed 's/^/# kmemleak: /' $kmemleak | head -n 40
			why="kmemleak report (a leak of $t${prev:+ or of the end of $prev})"
			# report each leak once, under the test that found it
			echo clear >$kmemleak
		fi
		prev=$t
	fi
	splat=$(dmesg | tail -n +$((before + 1)) | grep -E "$SPLAT")
	if [ -n "$splat" ]; then
		echo "$splat" | head -n 20 | sed 's/^/# kernel: /'
		why="${why:+$why, }kernel splat in dmesg"
	fi
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		echo "not ok $n selftests: sdnbr: $t # TIMEOUT $timeout seconds"
		fail=$((fail + 1))
	elif [ -n "$why" ]; then
		echo "not ok $n selftests: sdnbr: $t # $why (exit=$rc)"
		fail=$((fail + 1))
	elif [ $rc = 4 ]; then
		echo "ok $n selftests: sdnbr: $t # SKIP"
		skip=$((skip + 1))
	elif [ $rc = 0 ]; then
		echo "ok $n selftests: sdnbr: $t # ${secs}s"
		pass=$((pass + 1))
	else
		echo "not ok $n selftests: sdnbr: $t # exit=$rc"
		fail=$((fail + 1))
	fi
done
[ -n "$queue" ] && echo "1..$n"
if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail = 0 ]
