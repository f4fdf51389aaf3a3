#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Kernel memory per pod entry, measured as make bench's install test does
# (SUnreclaim + Percpu + VmallocUsed around one sdnctl -b of 100,000 pods
# and 1,000 nodes), three times into a flushed table. Runs in the guest,
# for comparing two builds of the module side by side in one VM run:
#
#   scripts/vm -k 6.1 -- scripts/memory-per-entry.sh KO [SDNCTL]
#
# The first install into a new table also pays for the bucket array's
# growth; the later ones reuse it.
set -u
KO=${1:?usage: memory-per-entry.sh KO [SDNCTL]}
SDNCTL=${2:-userspace/sdnctl}
PODS=100000
NODES=1000
batch=$(mktemp)

kmem()
{
	sync
	echo 2 >/proc/sys/vm/drop_caches
	awk '/^(SUnreclaim|Percpu|VmallocUsed):/ {s += $2} END {print s * 1024}' /proc/meminfo
}

modprobe -a veth nf_conntrack >/dev/null 2>&1
insmod "$KO" || exit 1
ip netns add mem || exit 1
ip -n mem -b - <<EOT || exit 1
link add br0 type sdnbr
link add tun0 link br0 type sdnbr-gw
addr add 10.128.0.1/12 dev tun0
link set br0 up
link set tun0 up
link add scale0 type veth peer name scale1
link set scale0 master br0
EOT
"$SDNCTL" -n mem bridge set dev br0 mode multitenant cluster-network 10.128.0.0/9 \
	service-network 172.30.0.0/16 local-subnet 10.128.0.0/12 gateway 10.128.0.1 \
	node-ip 192.0.2.11 mtu 1450 || exit 1
"$SDNCTL" -n mem ns add dev br0 vnid 10 || exit 1
"$(dirname "$0")/bench-batch.sh" 0 $PODS $NODES >"$batch"
for rep in 1 2 3; do
	m0=$(kmem)
	"$SDNCTL" -n mem -b "$batch" || exit 1
	sleep 2
	m1=$(kmem)
	own=$("$SDNCTL" -n mem -j bridge show dev br0 | jq '.[0].stats.memory')
	echo "memory-per-entry: install $rep: kernel +$((m1 - m0)) B, $(((m1 - m0) / PODS)) B per pod;" \
		"sdnbr's own count $((own / (PODS + NODES))) B per entry"
	"$SDNCTL" -n mem pod flush dev br0 >/dev/null &&
		"$SDNCTL" -n mem node flush dev br0 >/dev/null || exit 1
	sleep 3
done
rm -f "$batch"
ip netns del mem
sleep 2
rmmod sdnbr
