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

	# only the test script itself reports and cleans up, never a subshell
	# that inherited the trap
	[ "$BASHPID" = "$_lib_pid" ] || exit $rc

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
_lib_pid=$BASHPID
trap _lib_exit EXIT
# an interrupted test must not pass on the strength of its first cases
trap '_ktap_fail=$((_ktap_fail + 1)); exit 130' INT TERM

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
	# where a slow run spends its time (SDNBR_TIMES=1)
	[ -n "${SDNBR_TIMES:-}" ] && printf '#     at %ds\n' $SECONDS
	RET=0
	RET_MSG=
}

# lean_skip CASE DESCRIPTION WHY: in the debug lane's lean run (run.sh
# exports SDNBR_LEAN=1) skip the function CASE, reporting DESCRIPTION as
# skipped for WHY; otherwise run it.
lean_skip()
{
	if [ "${SDNBR_LEAN:-0}" = 1 ]; then
		skip_test "$2" "lean lane: $3"
	else
		"$1"
	fi
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

# On the debug kernel every exec costs about half a second, so the helpers
# below avoid the ones a builtin can do. sleep is one: read times out on a
# pipe that this shell holds both ends of, and no process runs.
exec {_sleep_fd}<> <(:)
sleep()
{
	[ $# = 1 ] && [[ $1 =~ ^[0-9]*\.?[0-9]+$ ]] || { command sleep "$@"; return; }
	read -r -t "$1" -u "$_sleep_fd" _ || :
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s until it succeeds.
wait_for()
{
	local deadline=$((SECONDS + $1))

	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# wait_listen NS tcp|udp PORT: until a socket in NS listens on (or, UDP,
# is bound to) PORT. A server started in the background is not ready
# when the next command runs, least of all on a loaded debug kernel.
wait_listen()
{
	local f=-Hltn

	[ "$2" = udp ] && f=-Hlun
	wait_for 20 _listening "$1" "$f" "$3"
}

_listening()
{
	[ -n "$(ss -N "$1" "$2" "sport = :$3")" ]
}

# echo_server NS PROTO PORT [ADDR]: a tcp or udp server on PORT in NS
# (bound to ADDR if given) that answers each client with the address it
# came from, until exit. -t 10: once the client's request ends, socat
# gives the shell it forks that long (not 0.5 s) to answer, and forking
# takes seconds on a loaded debug kernel. Follow with wait_listen.
# shellcheck disable=SC2016 # $SOCAT_PEERADDR is for the forked shell
echo_server()
{
	local ns=$1 port=$3 bind=${4:+,bind=$4} listen=UDP-RECVFROM

	[ "$2" = tcp ] && listen=TCP-LISTEN port+=,reuseaddr
	ip netns exec "$ns" socat -t 10 "$listen:$port,fork$bind" \
		SYSTEM:'echo $SOCAT_PEERADDR' &
	defer kill $!
}

# seen NS PROTO HOST PORT: the source address an echo_server saw from
# NS, or "nothing"
seen()
{
	local out

	if [ "$2" = tcp ]; then
		# the reply may take seconds on a loaded debug kernel; a
		# refused or dropped connection still ends at connect-timeout
		out=$(echo | ip netns exec "$1" timeout 20 socat -t 10 - TCP:"$3":"$4",connect-timeout=3 2>/dev/null)
	else
		out=$(echo | ip netns exec "$1" timeout 10 socat -t 4 - UDP:"$3":"$4" 2>/dev/null)
	fi
	echo "${out:-nothing}"
}

# expect_seen NS PROTO HOST PORT WANT: the server saw WANT ("nothing":
# no answer at all)
expect_seen()
{
	local got

	got=$(seen "$1" "$2" "$3" "$4")
	if [ "$got" != "$5" ]; then
		echo "# $2 to $3:$4 from $1: the server saw '$got', want '$5'"
		return 1
	fi
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
	# insmod does not resolve dependencies; modprobe would
	modprobe nf_conntrack || return 1
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

# ---- kernel health and leak accounting ---------------------------------------

SPLAT_RE='WARNING:|BUG:|Oops|Call Trace|KASAN|UBSAN|possible circular locking|suspicious RCU usage|inconsistent lock state|refcount_t|unreferenced object|hung_task|blocked for more than|ODEBUG|ref_tracker'

# dmesg_clean: no splat since dmesg_mark; prints the first offending line.
dmesg_clean()
{
	local bad

	bad=$(dmesg_since | grep -m 1 -E "$SPLAT_RE")
	[ -z "$bad" ] && return 0
	echo "# kernel: $bad"
	return 1
}

# The module logs "<object> <name> created/destroyed" with pr_debug (turned
# on by sdnbr_load); every object created since dmesg_mark must be gone.
_sdnbr_leaks()
{
	dmesg_since | awk '
		match($0, /sdnbr: (bridge|gateway|port) [^ ]+ (created|destroyed)/) {
			n = split(substr($0, RSTART, RLENGTH), w, " ")
			count[w[2] " " w[n]]++
		}
		END {
			split("bridge gateway port", objs, " ")
			for (i = 1; i <= 3; i++) {
				c = count[objs[i] " created"] + 0
				d = count[objs[i] " destroyed"] + 0
				if (c != d)
					printf " %s: %d created, %d destroyed;", objs[i], c, d
			}
		}'
}

# leak_check: wait (RCU callbacks, netdev todo) for the object counts to
# balance; on failure print what leaked.
leak_check()
{
	local i out

	for ((i = 0; i < 100; i++)); do
		out=$(_sdnbr_leaks)
		[ -z "$out" ] && return 0
		sleep 0.1
	done
	echo "# leaked:$out"
	return 1
}

# objects_created: how many objects of a kind were created since the mark,
# to prove the accounting is live.
objects_created()
{
	dmesg_since | grep -cE "sdnbr: $1 [^ ]+ created"
}

# ---- topology -----------------------------------------------------------------

# pod_mac IP: OpenShift's pod MAC, 0a:58 followed by the IPv4 address.
pod_mac()
{
	local IFS=.

	# shellcheck disable=SC2086
	printf '0a:58:%02x:%02x:%02x:%02x' $1
}

# quiet_ns NS: no IPv6, and no ARP refreshes or unicast probes (a STALE
# neighbour that is used again is otherwise probed 5 s later), so that
# only the test's own packets move and counters can be exact. Call it
# before the devices are created: they copy the defaults.
quiet_ns()
{
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv4.neigh.default.base_reachable_time_ms=600000 \
		net.ipv4.neigh.default.delay_first_probe_time=600 2>/dev/null
}

# sdn NS ARGS...: sdnctl acting in node NS.
SDNCTL=${SDNCTL:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/userspace/sdnctl}
sdn()
{
	local ns=$1

	shift
	"$SDNCTL" -n "$ns" "$@"
}

# net_of A.B.C.D/PFX: the network prefix the address is in.
net_of()
{
	local a b c d pfx=${1#*/} n

	IFS=. read -r a b c d <<<"${1%/*}"
	n=$(( ((a << 24) | (b << 16) | (c << 8) | d) &
	      ((0xffffffff << (32 - pfx)) & 0xffffffff) ))
	echo "$((n >> 24 & 255)).$((n >> 16 & 255)).$((n >> 8 & 255)).$((n & 255))/$pfx"
}

# node_setup NS GW/PFX NODE_IP [MODE]: br0, tun0 (the gateway address,
# MTU 1450), vxlan0, the host routes of the spec's section 1.3, and the
# bridge's settings: the node subnet is GW's prefix, the cluster network
# CLUSTER_NET, the service network SERVICE_NET; MODE defaults to subnet.
CLUSTER_NET=${CLUSTER_NET:-10.128.0.0/14}
SERVICE_NET=${SERVICE_NET:-172.30.0.0/16}
node_setup()
{
	local ns=$1 gw=$2 node_ip=$3 mode=${4:-subnet}

	quiet_ns "$ns"
	# one ip process per node: exec is what costs under TCG
	ip -n "$ns" -b - <<-EOF || return 1
		link add br0 type sdnbr
		link add tun0 link br0 type sdnbr-gw
		link add vxlan0 type vxlan external dstport 4789
		link set vxlan0 master br0
		link set tun0 mtu 1450
		addr add $gw dev tun0
		link set br0 up
		link set tun0 up
		link set vxlan0 up
		route add $CLUSTER_NET dev tun0 scope link
		route add $SERVICE_NET dev tun0
	EOF
	sdn "$ns" bridge set dev br0 mode "$mode" cluster-network "$CLUSTER_NET" \
		service-network "$SERVICE_NET" local-subnet "$(net_of "$gw")" \
		gateway "${gw%/*}" node-ip "$node_ip" mtu 1450
}

# node_peer NS SUBNET NODE_IP...: remote nodes that NS reaches over VXLAN.
node_peer()
{
	local ns=$1

	shift
	while [ $# -ge 2 ]; do
		echo "node replace dev br0 subnet $1 ip $2"
		shift 2
	done | sdn "$ns" -b -
}

# underlay NS1 IP1/PFX NS2 IP2/PFX: a veth "eth0" in each node, connected.
underlay()
{
	ip link add eth0 netns "$1" type veth peer name eth0 netns "$3" || return 1
	printf 'addr add %s dev eth0\nlink set eth0 up\n' "$2" | ip -n "$1" -b - &&
		printf 'addr add %s dev eth0\nlink set eth0 up\n' "$4" | ip -n "$3" -b -
}

# pod_add NODE_NS VAR HOSTVETH IP/PFX GATEWAY [VNID]: a pod netns (name
# stored in VAR) with eth0 = IP and OpenShift's MAC, a default route via the
# gateway and an on-link route for the cluster network; its host veth on
# br0, and its entry in the flow table.
pod_add()
{
	local node=$1 var=$2 hv=$3 addr=$4 gw=$5 vnid=${6:-0} pod

	setup_ns "$var" || return 1
	pod=${!var}
	quiet_ns "$pod"
	pod_attach "$node" "$pod" "$hv" "$addr" "$gw" "$vnid"
}

# pod_attach NODE_NS POD_NS HOSTVETH IP/PFX GATEWAY [VNID]: (re)create a
# pod's veth pair in an existing pod netns, attach it to br0 and (re)place
# the pod's entry.
pod_attach()
{
	local node=$1 pod=$2 hv=$3 addr=$4 gw=$5 vnid=${6:-0}

	ip -n "$node" -b - <<-EOF || return 1
		link add $hv type veth peer name eth0 netns $pod
		link set $hv master br0
		link set $hv up
	EOF
	ip -n "$pod" -b - <<-EOF || return 1
		link set eth0 address $(pod_mac "${addr%/*}")
		addr add $addr dev eth0
		link set eth0 mtu 1450 up
		route add $CLUSTER_NET dev eth0
		route add default via $gw
	EOF
	sdn "$node" pod replace dev br0 ip "${addr%/*}" port "$hv" vnid "$vnid"
}

# dir_count NS ingress|egress IP: how many IPv4 packets from IP arrived on
# eth0 of NS (a pod), or left it for IP. Counting by address keeps
# unrelated ARP and probes out of it. A tc flower filter counts them,
# installed on first use; its stats are read as text (`tc -j | jq` would
# be one exec more).
dir_count()
{
	local ns=$1 way=$2 ip=$3 match=src_ip pref out a b c d

	[ "$way" = egress ] && match=dst_ip
	IFS=. read -r a b c d <<<"$ip"
	pref=$(( ((a << 24 | b << 16 | c << 8 | d) % 30011) + 1 ))
	out=$(tc -n "$ns" -s filter show dev eth0 "$way" pref "$pref" 2>/dev/null)
	if [[ $out != *flower* ]]; then
		tc -n "$ns" qdisc add dev eth0 clsact 2>/dev/null
		tc -n "$ns" filter add dev eth0 "$way" pref "$pref" protocol ip \
			flower "$match" "$ip" action pass || return 1
		echo 0
	elif [[ $out != *"$match $ip"[[:space:]]* ]]; then
		echo "# dir_count: $way pref $pref of $ns counts another address" >&2
		return 1
	elif [[ $out =~ Sent\ [0-9]+\ bytes\ ([0-9]+)\ pkt ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo "# dir_count: no packet count in: $out" >&2
		return 1
	fi
}

# from_count NS SRC: dir_count NS ingress SRC
from_count()
{
	dir_count "$1" ingress "$2"
}

# drop_count NS REASON: how many packets br0 in NS dropped for REASON (the
# name sdnctl shows, e.g. spoof-ip).
drop_count()
{
	sdn "$1" -j bridge show dev br0 |
		jq -r --arg r "$2" '[.[0].drops[]? | select(.reason == $r) | .packets] | add // 0'
}

# link_stat NS DEV rx|tx packets|bytes|dropped: one counter from ip -s.
link_stat()
{
	ip -n "$1" -s -j link show dev "$2" | jq -r ".[0].stats64.$3.$4"
}

# ping_ok NS DST [COUNT]: exactly COUNT (default 3) replies.
ping_ok()
{
	local n=${3:-3} out l

	out=$(ip netns exec "$1" ping -q -c "$n" -i 0.05 -W 2 "$2" 2>&1)
	if [[ $out != *" $n received"* ]]; then
		while IFS= read -r l; do
			[[ $l == *received* ]] && echo "# ping $2 from $1: $l"
		done <<<"$out"
		return 1
	fi
}

# ping_resumed NS DST [COUNT]: ping_ok after an outage the test made.
# NS's neighbour entries went on probing while the path was gone; when
# the last probe goes unanswered, the entry fails and a ping queued on
# it gets an error, however long the path has been back by then. Fresh
# entries resolve through the path that is there now.
ping_resumed()
{
	ip -n "$1" neigh flush all
	ping_ok "$@"
}

# traffic_start NS DST: a background ping flood; traffic_stop ends them all.
_traffic_pids=()
traffic_start()
{
	ip netns exec "$1" ping -q -i 0.05 -W 1 "$2" >/dev/null 2>&1 &
	_traffic_pids+=($!)
}

# SIGKILL, not SIGTERM: a job killed right after it was forked may still be
# bash, which holds lib.sh's TERM trap until it execs. A TERM arriving then
# is queued as a pending trap that the child drops when it resets its traps,
# and the ping that follows runs forever: traffic_stop then waited on it
# for good (seen on 6.12, whose exec is slower, in lifecycle.sh's rounds).
traffic_stop()
{
	[ ${#_traffic_pids[@]} -gt 0 ] && kill -KILL "${_traffic_pids[@]}" 2>/dev/null
	wait "${_traffic_pids[@]}" 2>/dev/null
	_traffic_pids=()
}
