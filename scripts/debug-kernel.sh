#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the debug kernel: Debian's linux-source-6.12 with `make tinyconfig`
# plus scripts/debug-kernel.config (KASAN, lockdep, kmemleak, UBSAN, the
# net refcount trackers... and everything the selftests use, built in).
# The result is cached outside the tree, in
#   ${SDNBR_CACHE:-~/.cache/sdnbr}/debug-kernel/KEY/
# where KEY hashes the fragment, this script, the source package's version
# and gcc's version; a second run with the same inputs reuses it. It holds:
#   bzImage         the kernel scripts/vm boots (-k debug)
#   build/          the tree external modules build against (KDIR)
#   modules/        /lib/modules/RELEASE (modules.builtin...) for modprobe
#   kernelrelease   RELEASE
#   build-seconds   how long the build took
# The build takes 12-18 minutes on two cores; it runs under nice.
#
# usage: scripts/debug-kernel.sh              build unless cached; print the dir
#        scripts/debug-kernel.sh --print-dir  print the dir; fail if not built
#        scripts/debug-kernel.sh --key        print the cache key
# JOBS=N sets make's -j (default: the number of CPUs).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pkg=linux-source-6.12
tarball=/usr/src/$pkg.tar.xz
frag=$here/debug-kernel.config
cache=${SDNBR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sdnbr}/debug-kernel

pkgver=$(dpkg-query -W -f='${Version}' $pkg 2>/dev/null || echo none)
key=$( {
	sha256sum <"$frag"
	sha256sum <"$0"
	echo "$pkgver"
	gcc --version | head -n 1
} | sha256sum | cut -c1-16)
dir=$cache/$key

case "${1:-}" in
--key)
	echo "$key"
	exit 0
	;;
--print-dir)
	if [ ! -f "$dir/.done" ]; then
		echo "debug-kernel: not built for these inputs (key $key): run make debug-kernel" >&2
		exit 1
	fi
	echo "$dir"
	exit 0
	;;
"") ;;
*)
	echo "usage: $0 [--print-dir | --key]" >&2
	exit 2
	;;
esac

[ -f "$dir/.done" ] && { echo "$dir"; exit 0; }

if [ ! -f "$tarball" ] || [ "$pkgver" = none ]; then
	"$here/install-deps.sh" debug >&2
	exec "$0" "$@"
fi

mkdir -p "$cache"
exec 8>"$cache/build.lock"
if ! flock -n 8; then
	echo "debug-kernel: waiting for another build ($cache/build.lock)" >&2
	flock 8
fi
[ -f "$dir/.done" ] && { echo "$dir"; exit 0; }

jobs=${JOBS:-$(nproc)}
tmp=$cache/$key.tmp
rm -rf "$tmp" "$dir"
mkdir -p "$tmp/out"
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
say() { echo "debug-kernel: $* ($(($(date +%s) - start))s)" >&2; }

say "unpacking $pkg $pkgver into $tmp"
tar -xJf "$tarball" -C "$tmp"
cd "$tmp/$pkg"

# plain tinyconfig on x86_64 (not ARCH=x86_64: see the reference notes)
make -s tinyconfig >/dev/null
scripts/kconfig/merge_config.sh -m .config "$frag" >/dev/null
make -s olddefconfig >/dev/null
bad=0
while read -r l; do
	case "$l" in
	CONFIG_*=*)
		o=${l%%=*}
		[ "$(grep -E "^$o=" .config || true)" = "$l" ] ||
			{ echo "debug-kernel: did not survive olddefconfig: $l" >&2; bad=1; }
		;;
	"# CONFIG_"*" is not set")
		o=$(echo "$l" | awk '{print $2}')
		! grep -q "^$o=" .config ||
			{ echo "debug-kernel: not unset by olddefconfig: $o" >&2; bad=1; }
		;;
	esac
done <"$frag"
[ $bad = 0 ] || exit 1
grep -q '=m$' .config && { echo "debug-kernel: the config has modules:" >&2; grep '=m$' .config >&2; exit 1; }
say "configured; building with -j$jobs (nice)"

nice -n 19 make -s -j"$jobs" bzImage modules
nice -n 19 make -s modules_prepare
# only now: CONFIG_LOCALVERSION reaches it through include/config/auto.conf
rel=$(make -s kernelrelease)
say "built $rel"

out=$tmp/out
cp arch/x86/boot/bzImage System.map .config "$out/"
echo "$rel" >"$out/kernelrelease"
srctree=. SRCARCH=x86 CC=gcc HOSTCC=gcc MAKE=make \
	sh scripts/package/install-extmod-build "$out/build"
cp .config "$out/build/"
make -s modules_install INSTALL_MOD_PATH="$out/modroot" >/dev/null
mv "$out/modroot/lib/modules/$rel" "$out/modules"
rm -rf "$out/modroot"
rm -f "$out/modules/build" "$out/modules/source"
echo $(($(date +%s) - start)) >"$out/build-seconds"
touch "$out/.done"
cd "$cache"
mv "$out" "$dir"
say "done: $dir"
echo "$dir"
