#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print a directory holding selected files of Debian's linux-source-6.1
# (checkpatch.pl and its data files, the kselftest headers), extracting them
# into the cache once per package version.
set -euo pipefail

pkg=linux-source-6.1
tarball=/usr/src/$pkg.tar.xz
[ -f "$tarball" ] || { echo "ksrc: $tarball missing (scripts/install-deps.sh)" >&2; exit 1; }
ver=$(dpkg-query -W -f='${Version}' $pkg)
cache=${SDNBR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sdnbr}
dir=$cache/ksrc-$ver
if [ ! -f "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	tar -xJf "$tarball" -C "$dir" --strip-components=1 \
		$pkg/scripts/checkpatch.pl \
		$pkg/scripts/spelling.txt \
		$pkg/scripts/const_structs.checkpatch \
		$pkg/tools/testing/selftests/kselftest.h \
		$pkg/tools/testing/selftests/kselftest_harness.h
	touch "$dir/.done"
fi
echo "$dir"
