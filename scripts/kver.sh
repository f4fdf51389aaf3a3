#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resolve a kernel choice to an installed Debian kernel release.
#   kver.sh            newest installed 6.1 kernel
#   kver.sh 6.12       newest installed 6.12 kernel
#   kver.sh 6.12.48+deb12-amd64   that exact release (must be installed)
#   kver.sh debug      the cached debug kernel (see scripts/debug-kernel.sh)
# A kernel counts as installed when both its image and its build tree exist.
set -euo pipefail

want=${1:-6.1}

usable() {
	[ -e "/boot/vmlinuz-$1" ] && [ -d "/lib/modules/$1/build" ]
}

if [ -d "/lib/modules/$want" ] || [ -e "/boot/vmlinuz-$want" ]; then
	usable "$want" || { echo "kver: $want lacks /boot/vmlinuz-$want or its headers" >&2; exit 1; }
	echo "$want"
	exit 0
fi

case "$want" in
*[!0-9.]*) echo "kver: '$want' is neither an installed release nor a series like 6.1" >&2; exit 1 ;;
esac

best=
for d in /lib/modules/"$want".*; do
	[ -d "$d" ] || continue
	r=${d#/lib/modules/}
	# only Debian's generic amd64 flavour: rt and cloud kernels lack modules we use
	case "$r" in *-rt-amd64 | *-cloud-amd64) continue ;; esac
	usable "$r" || continue
	best=$(printf '%s\n%s\n' "$best" "$r" | sed '/^$/d' | sort -V | tail -n1)
done

if [ -z "$best" ]; then
	echo "kver: no installed $want kernel with headers (try scripts/install-deps.sh $want)" >&2
	exit 1
fi
echo "$best"
