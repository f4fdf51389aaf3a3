#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks over kmod/: checkpatch --strict, sparse (C=2) and a W=1
# build, against every kernel given (default: the newest 6.1). Zero
# findings is the bar; any finding fails and is printed.
#
# usage: scripts/lint.sh [KVER...]
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cd "$top" || exit 1

kvers=("$@")
[ ${#kvers[@]} -gt 0 ] || kvers=(6.1)

status=0
ksrc=$("$here/ksrc.sh") || exit 1

files=$(ls kmod/*.[ch] kmod/include/uapi/linux/*.h 2>/dev/null | grep -v "\.mod\.c$")
echo "lint: checkpatch --strict over $(echo "$files" | wc -w) files"
# FILE_PATH_CHANGES and the MAINTAINERS check only make sense for patches.
if ! out=$("$ksrc/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files 2>&1); then
	echo "$out" | grep -vE '^(total:|NOTE:|$)' | sed 's/^/lint: checkpatch: /'
	status=1
fi

# Build in a scratch copy so that linting never disturbs kmod/'s build.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for k in "${kvers[@]}"; do
	kver=$("$here/kver.sh" "$k") || { status=1; continue; }
	kdir=/lib/modules/$kver/build
	echo "lint: sparse C=2 and W=1 against $kver"
	rm -rf "$scratch/kmod"
	cp -r kmod "$scratch/kmod"
	make -s -C "$scratch/kmod" KVER="$kver" clean >/dev/null
	out=$(make -s -C "$scratch/kmod" KVER="$kver" sparse 2>&1 | sed "s|$scratch/||g")
	rc=$?
	bad=$(echo "$out" | grep -E '(warning|error):' | grep -v 'Skipping BTF')
	if [ $rc != 0 ] || [ -n "$bad" ]; then
		echo "${bad:-$out}" | sed "s/^/lint: sparse($kver): /"
		status=1
	fi
	make -s -C "$scratch/kmod" KVER="$kver" clean >/dev/null
	out=$(make -s -C "$scratch/kmod" KVER="$kver" w1 2>&1 | sed "s|$scratch/||g")
	rc=$?
	bad=$(echo "$out" | grep -E '(warning|error):')
	if [ $rc != 0 ] || [ -n "$bad" ]; then
		echo "${bad:-$out}" | sed "s/^/lint: W=1($kver): /"
		status=1
	fi
done

[ $status = 0 ] && echo "lint: clean" || echo "lint: FAILED (findings above)"
exit $status
