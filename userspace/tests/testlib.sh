# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the script tests of sdnctl, sourced by tests/*_test.sh.
# Each test file defines functions t_NAME and runs them with tcase; the
# summary line "N passed, N failed" is what tests/run.sh reads.

# S is the binary under test: sdnctl unless the test file set it first.
S=${S:-${SDNCTL:-$(dirname "${BASH_SOURCE[0]}")/../sdnctl}}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
passed=0
failed=0
bad=0

# run ARGS...: runs sdnctl, leaving $out, $err and $rc
run()
{
	out=$("$S" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

# run_in INPUT ARGS...: the same, with INPUT on stdin
run_in()
{
	local input=$1

	shift
	out=$(printf '%s' "$input" | "$S" "$@" 2>"$tmp/stderr")
	rc=$?
	err=$(cat "$tmp/stderr")
}

is()
{
	if [ "$2" != "$3" ]; then
		printf '#   %s:\n#     got:  %s\n#     want: %s\n' "$1" "$2" "$3"
		bad=1
	fi
}

has()
{
	if ! grep -qF -- "$3" <<<"$2"; then
		printf '#   %s: no "%s" in:\n%s\n' "$1" "$3" "$2" | sed '3,$s/^/#     /'
		bad=1
	fi
}

lacks()
{
	if grep -qF -- "$3" <<<"$2"; then
		printf '#   %s: unexpected "%s"\n' "$1" "$3"
		bad=1
	fi
}

tcase()
{
	local name=$1

	shift
	bad=0
	n=$((n + 1))
	"$@"
	if [ $bad = 0 ]; then
		echo "ok $n - $name"
		passed=$((passed + 1))
	else
		echo "not ok $n - $name"
		failed=$((failed + 1))
	fi
}

# summary: the last lines of every test file; exits with its status
summary()
{
	echo "1..$n"
	echo "$passed passed, $failed failed"
	[ $failed = 0 ]
}

NOT_LOADED="sdnbr: generic netlink family 'sdnbr' not found: is the sdnbr module loaded?"
if "$S" version >/dev/null 2>&1; then loaded=1; else loaded=0; fi
