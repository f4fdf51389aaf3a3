#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Churn under traffic: while STABLE pods (default 10, half on each of two
# nodes) ping their partner on the other node every 10 ms, pod and node
# entries of other addresses are added and deleted as fast as RATE
# (default 10,000 changes a second) allows, for DURATION seconds (default
# 60), after the table grew past several resize steps to LIVE (default
# 8,000, the most) pods and LIVE/4 nodes. Passes when no ping is lost, the table
# holds exactly what it should, and the kernel log is clean. The rate
# reached is printed.
#
#   n1: local subnet 10.128.0.0/18, stable pods 10.128.0.2.., churned
#       pods from 10.128.1.0 on the port scale0, churned nodes in
#       10.130.0.0/16 (/28 each)
#   n2: local subnet 10.131.0.0/23, stable pods 10.131.0.2..
. "$(dirname "$0")/lib.sh"
require_cmd ip jq ping awk
need_sdnbr
dmesg_mark

STABLE=${STABLE:-10}
RATE=${RATE:-10000}
DURATION=${DURATION:-60}
LIVE=${LIVE:-8000}
half=$((STABLE / 2))
[ "$half" -ge 1 ] || half=1

setup_ns n1 n2 || exit $ksft_fail
underlay "$n1" 192.0.2.11/24 "$n2" 192.0.2.12/24 || exit $ksft_fail
node_setup "$n1" 10.128.0.1/18 192.0.2.11 || exit $ksft_fail
node_setup "$n2" 10.131.0.1/23 192.0.2.12 || exit $ksft_fail
node_peer "$n1" 10.131.0.0/23 192.0.2.12 || exit $ksft_fail
node_peer "$n2" 10.128.0.0/18 192.0.2.11 || exit $ksft_fail
printf 'link add scale0 type veth peer name scale1\nlink set scale0 master br0\n' |
	ip -n "$n1" -b - || exit $ksft_fail
src=()
dst=()
for ((i = 0; i < half; i++)); do
	pod_add "$n1" p veth-s$i 10.128.0.$((2 + i))/18 10.128.0.1 || exit $ksft_fail
	src+=("$p")
	pod_add "$n2" q veth-t$i 10.131.0.$((2 + i))/23 10.131.0.1 || exit $ksft_fail
	dst+=(10.131.0.$((2 + i)))
done

# pod k of the churn ring: 10.128.1.0 + k; node k: 10.130.0.0/28 + k
[ "$LIVE" -le 8000 ] || LIVE=8000	# the ring must fit the subnets
RING=$((2 * LIVE))
NRING=$((RING / 4))
pods_cmd()	# VERB FROM COUNT: ring slots FROM.. (mod RING)
{
	awk -v v="$1" -v f="$2" -v n="$3" -v r="$RING" 'BEGIN {
		for (i = 0; i < n; i++) {
			k = 256 + (f + i) % r
			if (v == "add")
				printf "pod add dev br0 ip 10.128.%d.%d port scale0 vnid %d\n",
					int(k / 256), k % 256, 10 + k % 50
			else
				printf "pod del dev br0 ip 10.128.%d.%d\n", int(k / 256), k % 256
		}
	}'
}
nodes_cmd()
{
	awk -v v="$1" -v f="$2" -v n="$3" -v r="$NRING" 'BEGIN {
		for (i = 0; i < n; i++) {
			k = (f + i) % r
			s = sprintf("10.130.%d.%d/28", int(k / 16), (k % 16) * 16)
			if (v == "add")
				printf "node add dev br0 subnet %s ip 198.18.%d.%d\n",
					s, int(k / 250) % 256, 1 + k % 250
			else
				printf "node del dev br0 subnet %s\n", s
		}
	}'
}

counts()
{
	sdn "$n1" -j bridge show dev br0 | jq -r '"\(.[0].stats.pods) \(.[0].stats.nodes)"'
}

test_grow()
{
	local t0 t1

	for ((i = 0; i < half; i++)); do
		ping_ok "${src[$i]}" "${dst[$i]}" 2
		check_err $? "stable pair $i"
	done
	t0=$(date +%s%N)
	{ pods_cmd add 0 "$LIVE"; nodes_cmd add 0 $((LIVE / 4)); } | sdn "$n1" -b -
	check_err $? "adding $LIVE pods and $((LIVE / 4)) nodes"
	t1=$(date +%s%N)
	log_info "grew to $LIVE pods + $((LIVE / 4)) nodes in $(((t1 - t0) / 1000000)) ms"
	[ "$(counts)" = "$((LIVE + half)) $((LIVE / 4 + 1))" ]
	check_err $? "the bridge holds $(counts) pods and nodes"
	log_test "the table grows to $LIVE pods and $((LIVE / 4)) nodes"
}

test_churn()
{
	local per=$((RATE / 2)) pp np round=0 changes=0 t0 now next r
	local pids=() outs=() out dir

	# per round: delete the oldest pp pods and np nodes, add as many new
	pp=$((per * 4 / 5))
	np=$((per - pp))
	[ "$pp" -le "$LIVE" ] || pp=$LIVE
	[ "$np" -le $((LIVE / 4)) ] || np=$((LIVE / 4))
	# every round's commands, written before the clock starts: the
	# guest's awk takes about as long to write a round as sdnctl and the
	# kernel take to apply it, and the rate is theirs. A round a second
	# at most, so DURATION rounds.
	dir=$(mktemp -d)
	defer rm -rf "$dir"
	for ((r = 0; r < DURATION; r++)); do
		{
			pods_cmd del $((r * pp)) "$pp"
			pods_cmd add $((LIVE + r * pp)) "$pp"
			nodes_cmd del $((r * np)) "$np"
			nodes_cmd add $((LIVE / 4 + r * np)) "$np"
		} >"$dir/$r"
	done
	for ((i = 0; i < half; i++)); do
		out=$(mktemp)
		outs+=("$out")
		ip netns exec "${src[$i]}" ping -q -i 0.01 -W 2 \
			-w $((DURATION + 30)) -c $((DURATION * 100)) "${dst[$i]}" >"$out" 2>&1 &
		pids+=($!)
	done
	t0=$(date +%s)
	next=$t0
	while now=$(date +%s); [ $((now - t0)) -lt "$DURATION" ]; do
		if [ "$now" -lt "$next" ]; then
			sleep 0.1
			continue
		fi
		sdn "$n1" -b "$dir/$round" ||
			{ fail "round $round of changes failed"; break; }
		round=$((round + 1))
		changes=$((changes + 2 * (pp + np)))
		next=$((next + 1))
	done
	now=$(date +%s)
	log_info "$changes changes in $((now - t0)) s: $((changes / (now - t0 ? now - t0 : 1))) a second ($round rounds of $((2 * (pp + np))))"
	[ "$(counts)" = "$((LIVE + half)) $((LIVE / 4 + 1))" ]
	check_err $? "after churn the bridge holds $(counts) pods and nodes"
	for ((i = 0; i < half; i++)); do
		wait "${pids[$i]}"
		out=$(grep -E 'transmitted' "${outs[$i]}")
		log_info "stable pair $i: $out"
		echo "$out" | grep -qE '^([0-9]+) packets transmitted, \1 received'
		check_err $? "stable pair $i lost packets: $out"
		rm -f "${outs[$i]}"
	done
	log_test "no packet lost between $STABLE stable pods while entries churn"
}

test_shrink()
{
	sdn "$n1" pod flush dev br0 && sdn "$n1" node flush dev br0
	check_err $? "flush"
	[ "$(counts)" = "0 0" ]
	check_err $? "after the flush the bridge holds $(counts) pods and nodes"
	log_test "the table shrinks back to empty"
}

test_grow
test_churn
test_shrink

ip -n "$n1" link del br0
ip -n "$n2" link del br0
leak_check
check_err $? "objects leaked"
dmesg_clean
check_err $? "kernel log"
log_test "no leaks, no kernel splat"
