#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build kmod/sdnbr.ko against the headers of the kernel that will boot.
# The tree holds one build at a time; switching kernels cleans first.
#
# usage: scripts/build-kmod.sh [KVER]   (a series, a release, or "debug")
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

if [ "${1:-}" = debug ]; then
	dbg=$("$here/debug-kernel.sh" --print-dir)
	kver=$(cat "$dbg/kernelrelease")
	kdir=$dbg/build
else
	kver=$("$here/kver.sh" "${1:-6.1}")
	kdir=/lib/modules/$kver/build
fi

cd "$top/kmod"
if [ "$(cat .kver 2>/dev/null)" != "$kver" ]; then
	make -s KDIR="$kdir" clean >/dev/null
fi
make -s KDIR="$kdir" ${SDNBR_DEBUG:+DEBUG=1} module 2>&1 | grep -v 'Skipping BTF' || true
[ -f sdnbr.ko ] || { echo "build-kmod: sdnbr.ko was not built for $kver" >&2; exit 1; }
modinfo -F vermagic sdnbr.ko | grep -q "^$kver " ||
	{ echo "build-kmod: sdnbr.ko vermagic does not match $kver" >&2; exit 1; }
echo "$kver" >.kver
echo "build-kmod: kmod/sdnbr.ko built for $kver"
