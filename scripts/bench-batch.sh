#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-batch.sh FIRST PODS NODES: the sdnctl -b lines of make bench's
# install and scaling runs, shared with memory-per-entry.sh: PODS pods from
# 10.128.1.0 + FIRST on the port scale0 (VNID 10), then NODES nodes from
# 10.160.0.0/26.
awk -v first="$1" -v pods="$2" -v nodes="$3" 'BEGIN {
	for (i = first; i < first + pods; i++) {
		ip = 256 + i
		printf "pod add dev br0 ip 10.%d.%d.%d port scale0 vnid 10\n",
			128 + int(ip / 65536), int(ip / 256) % 256, ip % 256
	}
	for (i = 0; i < nodes; i++)
		printf "node add dev br0 subnet 10.160.%d.%d/26 ip 198.18.%d.%d\n",
			int(i / 4), (i % 4) * 64, int(i / 250), 1 + i % 250
}'
