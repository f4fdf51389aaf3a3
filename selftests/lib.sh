# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the sdnbr selftests. Source it first thing:
#
#	. "$(dirname "$0")/lib.sh"
#
# It prints a KTAP header; each case ends in log_test, and the script ends
# (on any exit) with the plan, the totals and an exit status of 0 (all
# passed), 1 (something failed) or 4 (everything skipped). Cleanups
# registered with `defer` run in reverse order on exit.

ksft_pass=0
ksft_fail=1
ksft_skip=4

SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$SELFTESTS_DIR/.." && pwd)
SDNBR_KO=${SDNBR_KO:-$TOP_DIR/kmod/sdnbr.ko}
SDNCTL=${SDNCTL:-$TOP_DIR/userspace/sdnctl}
export PATH=$TOP_DIR/userspace:$PATH

VERBOSE=${VERBOSE:-0}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-20}

_ktap_n=0
_ktap_pass=0
_ktap_fail=0
_ktap_skip=0
_defer=()
RET=0
RET_MSG=

echo "TAP version 13"

# ---- clean-up stack ------------------------------------------------------

# defer CMD...: run CMD at exit, after everything deferred later.
defer()
{
	_defer+=("$(printf '%q ' "$@")")
}

run_deferred()
{
	local i
	for ((i = ${#_defer[@]} - 1; i >= 0; i--)); do
		eval "${_defer[$i]}" >/dev/null 2>&1
	done
	_defer=()
}

_lib_exit()
{
	local rc=$?

	run_deferred
	echo "1..$_ktap_n"
	echo "# Totals: pass:$_ktap_pass fail:$_ktap_fail skip:$_ktap_skip"
	if [ $_ktap_fail -gt 0 ] || { [ $_ktap_n = 0 ] && [ $rc != 0 ] && [ $rc != $ksft_skip ]; }; then
		exit $ksft_fail
	fi
	if [ $_ktap_n -gt 0 ] && [ $_ktap_skip = $_ktap_n ]; then
		exit $ksft_skip
	fi
	[ $_ktap_n = 0 ] && exit $rc
	exit $ksft_pass
}
trap _lib_exit EXIT
trap 'exit 130' INT TERM

# ---- results ------------------------------------------------------------

# check_err STATUS MSG: record a failure if STATUS is non-zero.
check_err()
{
	if [ "$1" != 0 ] && [ $RET = 0 ]; then
		RET=$1
		RET_MSG=$2
	fi
}

# check_fail STATUS MSG: record a failure if STATUS is zero.
check_fail()
{
	if [ "$1" = 0 ] && [ $RET = 0 ]; then
		RET=1
		RET_MSG=$2
	fi
}

# fail MSG: record a failure unconditionally.
fail()
{
	check_err 1 "$1"
}

# log_test DESCRIPTION: close the current case and print its KTAP line.
log_test()
{
	_ktap_n=$((_ktap_n + 1))
	if [ $RET = $ksft_skip ]; then
		printf 'ok %d %s # SKIP %s\n' $_ktap_n "$1" "$RET_MSG"
		_ktap_skip=$((_ktap_skip + 1))
	elif [ $RET = 0 ]; then
		printf 'ok %d %s\n' $_ktap_n "$1"
		_ktap_pass=$((_ktap_pass + 1))
	else
		printf 'not ok %d %s\n' $_ktap_n "$1"
		[ -n "$RET_MSG" ] && printf '#     %s\n' "$RET_MSG"
		_ktap_fail=$((_ktap_fail + 1))
	fi
	RET=0
	RET_MSG=
}

# skip_test DESCRIPTION WHY
skip_test()
{
	RET=$ksft_skip
	RET_MSG=$2
	log_test "$1"
}

log_info()
{
	echo "# $*"
}

# ---- commands -------------------------------------------------------------

# run CMD...: run and show the command when VERBOSE=1.
run()
{
	[ "$VERBOSE" = 1 ] && echo "# + $*"
	"$@"
}

require_cmd()
{
	local c

	for c in "$@"; do
		if ! command -v "$c" >/dev/null; then
			echo "# SKIP: $c not installed"
			exit $ksft_skip
		fi
	done
}

require_root()
{
	if [ "$(id -u)" != 0 ]; then
		echo "# SKIP: needs root"
		exit $ksft_skip
	fi
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for()
{
	local deadline=$(($(date +%s) + $1))

	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge $deadline ] && return 1
		sleep 0.1
	done
}

# expect_err ERRNO_TEXT EXTACK_TEXT CMD...: CMD must fail, and its stderr
# must contain both texts (either may be empty).
expect_err()
{
	local errtxt=$1 ack=$2 out

	shift 2
	if out=$("$@" 2>&1); then
		echo "# '$*' succeeded but should have failed"
		return 1
	fi
	if [ -n "$errtxt" ] && [[ "$out" != *"$errtxt"* ]]; then
		echo "# '$*': wanted '$errtxt', got: $out"
		return 1
	fi
	if [ -n "$ack" ] && [[ "$out" != *"$ack"* ]]; then
		echo "# '$*': wanted extack '$ack', got: $out"
		return 1
	fi
	return 0
}

# ---- network namespaces -----------------------------------------------------

# setup_ns VAR...: make uniquely named namespaces, store each name in VAR.
setup_ns()
{
	local v name

	for v in "$@"; do
		name=$v-$$-$RANDOM
		ip netns add "$name" || return 1
		ip -n "$name" link set lo up
		defer cleanup_ns "$name"
		eval "$v=$name"
	done
}

cleanup_ns()
{
	local pids

	pids=$(ip netns pids "$1" 2>/dev/null)
	[ -n "$pids" ] && kill $pids 2>/dev/null
	ip netns del "$1" 2>/dev/null
}

# ---- the module -------------------------------------------------------------

sdnbr_loaded()
{
	[ -d /sys/module/sdnbr ]
}

# sdnbr_load: insert the module under test with its debug messages on, so
# object create/destroy lines reach dmesg for the leak accounting.
sdnbr_load()
{
	sdnbr_loaded && return 0
	insmod "$SDNBR_KO" dyndbg=+p
}

sdnbr_unload()
{
	sdnbr_loaded || return 0
	rmmod sdnbr
}

# need_sdnbr: load the module for this test and unload it afterwards.
need_sdnbr()
{
	require_root
	if [ ! -f "$SDNBR_KO" ]; then
		echo "# $SDNBR_KO not built"
		exit $ksft_fail
	fi
	sdnbr_load || exit $ksft_fail
	defer sdnbr_unload
}

# dmesg_mark: remember where the kernel log is now; dmesg_since prints what
# was logged after the mark.
dmesg_mark()
{
	_dmesg_mark=$(dmesg | wc -l)
}

dmesg_since()
{
	dmesg | tail -n +$((_dmesg_mark + 1))
}
