#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that kmod/ builds in tree: graft it into a kernel source tree as
# drivers/net/sdnbr, wire drivers/net/Kconfig and drivers/net/Makefile,
# configure CONFIG_SDNBR=m on top of the Debian kernel's own config, and
# build it there after `make modules_prepare`:
#
#   make drivers/net/sdnbr/     the objects, through the in-tree path of
#                               Kbuild (obj-$(CONFIG_SDNBR), no KBUILD_EXTMOD)
#   make M=drivers/net/sdnbr    sdnbr.ko, with Debian's Module.symvers
#
# The release is the Debian kernel's (LOCALVERSION), so the result has its
# vermagic and could be loaded on it. Not part of make check: unpacking
# and modules_prepare take minutes. Runs niced.
#
# usage: scripts/graft-intree.sh [-k KVER] [-s SRC.tar.xz] [-d DIR] [-K]
#   -k KVER   the Debian kernel whose config and Module.symvers to use
#             (default: the newest installed 6.12)
#   -s FILE   the source tarball (default /usr/src/linux-source-SERIES.tar.xz,
#             from `apt-get install linux-source-6.12`)
#   -d DIR    an existing unpacked tree to graft into instead
#   -K        keep the tree (a temporary one is deleted at the end)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kver=6.12
src=
tree=
keep=0
jobs=${JOBS:-2}

while getopts "k:s:d:Kh" o; do
	case "$o" in
	k) kver=$OPTARG ;;
	s) src=$OPTARG ;;
	d) tree=$OPTARG ;;
	K) keep=1 ;;
	h) sed -n '4,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 2 ;;
	esac
done

kver=$("$here/kver.sh" "$kver")
series=$(echo "$kver" | cut -d. -f1-2)
config=/boot/config-$kver
symvers=/lib/modules/$kver/build/Module.symvers
[ -r "$config" ] || { echo "graft: no $config" >&2; exit 1; }
[ -r "$symvers" ] || { echo "graft: no $symvers (linux-headers-$kver)" >&2; exit 1; }

t0=$SECONDS
stamp() { echo "graft: [$((SECONDS - t0)) s] $*"; }

if [ -z "$tree" ]; then
	src=${src:-/usr/src/linux-source-$series.tar.xz}
	[ -r "$src" ] || { echo "graft: no $src: apt-get install linux-source-$series" >&2; exit 1; }
	work=$(mktemp -d)
	[ $keep = 1 ] || trap 'rm -rf "$work"' EXIT
	stamp "unpacking $src into $work"
	nice tar -C "$work" -xf "$src"
	tree=$(echo "$work"/linux-source-*)
fi
[ -f "$tree/Makefile" ] && [ -f "$tree/drivers/net/Kconfig" ] ||
	{ echo "graft: $tree is not a kernel source tree" >&2; exit 1; }
release=$(make -s -C "$tree" kernelversion)
# Debian's release is the source's version and a local suffix
localversion=${kver#"$release"}
[ "$release$localversion" = "$kver" ] ||
	{ echo "graft: $tree is $release, not the source of $kver" >&2; exit 1; }

# ---- the graft -------------------------------------------------------------------
dst=$tree/drivers/net/sdnbr
stamp "grafting kmod/ as drivers/net/sdnbr"
rm -rf "$dst"
mkdir -p "$dst/include/uapi/linux"
cp "$top"/kmod/Kbuild "$top"/kmod/*.h "$dst/"
for f in "$top"/kmod/*.c; do
	case "$f" in *.mod.c) ;; *) cp "$f" "$dst/" ;; esac
done
cp "$top/kmod/include/uapi/linux/sdnbr.h" "$dst/include/uapi/linux/"
cp "$top/Kconfig" "$dst/Kconfig"
if ! grep -q 'drivers/net/sdnbr/Kconfig' "$tree/drivers/net/Kconfig"; then
	# inside "if NETDEVICES", next to the other virtual devices
	sed -i '/^source "drivers\/net\/team\/Kconfig"/a source "drivers/net/sdnbr/Kconfig"' \
		"$tree/drivers/net/Kconfig"
fi
grep -q '^source "drivers/net/sdnbr/Kconfig"' "$tree/drivers/net/Kconfig" ||
	{ echo "graft: could not wire drivers/net/Kconfig" >&2; exit 1; }
grep -q 'CONFIG_SDNBR' "$tree/drivers/net/Makefile" ||
	echo 'obj-$(CONFIG_SDNBR) += sdnbr/' >>"$tree/drivers/net/Makefile"

# ---- configure: Debian's config, CONFIG_SDNBR=m ----------------------------------
cd "$tree"
cp "$config" .config
# Debian's signing keys are not in the source package; nothing is signed here
scripts/config --set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS "" \
	--module SDNBR --disable SDNBR_DEBUG
make -s olddefconfig LOCALVERSION="$localversion"
grep -qx 'CONFIG_SDNBR=m' .config ||
	{ echo "graft: CONFIG_SDNBR is not m after olddefconfig: $(grep SDNBR .config)" >&2; exit 1; }
stamp "configured: $(grep '^CONFIG_SDNBR' .config | tr '\n' ' ')"

# ---- build -----------------------------------------------------------------------
stamp "make modules_prepare"
nice make -s -j"$jobs" modules_prepare LOCALVERSION="$localversion"
[ "$(make -s kernelrelease LOCALVERSION="$localversion")" = "$kver" ] ||
	{ echo "graft: the tree's release is not $kver" >&2; exit 1; }
cp "$symvers" Module.symvers

stamp "make drivers/net/sdnbr/ (in-tree Kbuild path, CONFIG_SDNBR=m)"
nice make -j"$jobs" drivers/net/sdnbr/ LOCALVERSION="$localversion" 2>&1 | sed 's/^/  /'
[ -f drivers/net/sdnbr/sdnbr.o ] ||
	{ echo "graft: drivers/net/sdnbr/sdnbr.o was not built" >&2; exit 1; }

stamp "make M=drivers/net/sdnbr"
nice make -j"$jobs" M=drivers/net/sdnbr LOCALVERSION="$localversion" 2>&1 | sed 's/^/  /'
ko=drivers/net/sdnbr/sdnbr.ko
[ -f "$ko" ] || { echo "graft: $ko was not built" >&2; exit 1; }
vermagic=$(modinfo -F vermagic "$ko")
[ "${vermagic%% *}" = "$kver" ] ||
	{ echo "graft: $ko has vermagic $vermagic, not $kver" >&2; exit 1; }
stamp "built $tree/$ko: vermagic $vermagic, version $(modinfo -F version "$ko")"
if [ -n "${GRAFT_KO_OUT:-}" ]; then
	cp "$ko" "$GRAFT_KO_OUT"
	stamp "copied to $GRAFT_KO_OUT"
fi
echo "graft: OK"
