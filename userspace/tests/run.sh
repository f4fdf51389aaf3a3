#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the unit tests named on the command line and sums up their cases.
# cmocka binaries end with "[  PASSED  ] N test(s)." and, on failure,
# "[  FAILED  ] N test(s)..."; script tests end with "N passed, N failed".
# A test that dies before its summary counts as one failure. Exits 1 if
# anything failed.

passed=0
failed=0
skipped=0
bad=()

for t in "$@"; do
	echo "==== $t"
	out=$("./$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"

	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' <<<"$out" | tail -n1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' <<<"$out" | tail -n1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s).*/\1/p' <<<"$out" | tail -n1)
	if [ -z "$p" ]; then
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n1)
		p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
		f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
		s=$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<<"$line")
	fi
	p=${p:-0}
	f=${f:-0}
	s=${s:-0}
	# A crash or an exit status the summary does not explain.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "$t: exited with status $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	[ "$f" -eq 0 ] || bad+=("$t")
done

echo "===="
[ ${#bad[@]} -eq 0 ] || echo "failed: ${bad[*]}"
if [ "$skipped" -gt 0 ]; then
	echo "unit: $passed passed, $failed failed, $skipped skipped"
else
	echo "unit: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
