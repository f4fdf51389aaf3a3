#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs in the VM (`make install-check KVER=6.1|6.12 [PARTS=make|dkms]`):
# installs sdnbr the ways a node operator does, against the booted kernel
# and its headers, and loads what was installed:
#
#   make: make install DESTDIR=STAGE PREFIX=/usr gives exactly the
#         expected files; make install, then modprobe sdnbr loads
#         /lib/modules/KVER/updates/sdnbr.ko, br0 is created, the tools
#         and the plugin run from PREFIX; make uninstall removes them all
#   dkms: make dkms-install (dkms add, build, install), then modprobe
#         sdnbr loads updates/dkms/sdnbr.ko; a kernel outside
#         BUILD_EXCLUSIVE_KERNEL is refused; make dkms-remove leaves
#         nothing. The build under TCG takes minutes.
#
# usage: scripts/install-check.sh [make] [dkms]    (default: both)
#
# The guest's root is the host's, read-only: the paths these write get a
# tmpfs overlay, gone at power-off. Exit status 0 when every step passed.
set -uo pipefail

parts=" ${*:-make dkms} "

top=$(cd "$(dirname "$0")/.." && pwd)
kver=$(uname -r)
version=$(sed -n 's/^#define SDNBR_VERSION "\(.*\)"/\1/p' "$top/kmod/version.h")
failed=0
n=0

ok() { n=$((n + 1)); echo "ok $n $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n $*"; }
# step DESCRIPTION CMD...: run CMD quietly, show its output if it fails
step()
{
	local what=$1 out t0=$SECONDS

	shift
	if out=$("$@" 2>&1); then
		ok "$what ($((SECONDS - t0)) s)"
	else
		not_ok "$what ($((SECONDS - t0)) s)"
		echo "$out" | tail -n 30 | sed 's/^/#   /'
	fi
}
# expect DESCRIPTION WANT GOT
expect()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		echo "#   wanted: $2"
		echo "#   got:    $3"
	fi
}

# ---- writable overlays over the read-only root ------------------------------
scratch=$(mktemp -d)
mount -t tmpfs tmpfs "$scratch" || exit 1
i=0
for d in /usr/local /usr/src /var/lib/dkms "/lib/modules/$kver"; do
	d=$(realpath "$d")
	i=$((i + 1))
	mkdir -p "$scratch/u$i" "$scratch/w$i"
	mount -t overlay overlay \
		-o "lowerdir=$d,upperdir=$scratch/u$i,workdir=$scratch/w$i" "$d" ||
		{ echo "install-check: cannot overlay $d"; exit 1; }
done
echo "# kernel $kver, sdnbr $version; overlays on /usr/local /usr/src /var/lib/dkms /lib/modules/$kver"
cd "$top" || exit 1

unload()
{
	ip link del br0 2>/dev/null
	modprobe -r sdnbr 2>/dev/null
	! [ -d /sys/module/sdnbr ]
}
# loaded_from PATH: modprobe sdnbr loads the module at PATH (DKMS
# compresses it as the kernel's own modules are: .ko.xz on Debian's 6.12)
loaded_from()
{
	local f

	unload || return 1
	f=$(modinfo -n sdnbr)
	case "$f" in
	"$1" | "$1.xz" | "$1.zst" | "$1.gz") ;;
	*) echo "modinfo -n: $f"; return 1 ;;
	esac
	modprobe sdnbr || return 1
	[ "$(cat /sys/module/sdnbr/version)" = "$version" ] ||
		{ echo "version $(cat /sys/module/sdnbr/version)"; return 1; }
	ip link add br0 type sdnbr && ip link del br0
}

if [[ $parts == *" make "* ]]; then
# ---- a staged install lists exactly these files -------------------------------
stage=$(mktemp -d)
step "make install DESTDIR=STAGE PREFIX=/usr" \
	make -s install DESTDIR="$stage" PREFIX=/usr KVER="$kver"
got=$(cd "$stage" && find . -type f | sort | tr '\n' ' ')
want="./lib/modules/$kver/updates/sdnbr.ko ./usr/lib/cni/sdnbr-cni ./usr/lib/systemd/system/sdn-agent.service ./usr/sbin/sdn-agent ./usr/sbin/sdnctl ./usr/share/man/man8/sdn-agent.8 ./usr/share/man/man8/sdnbr-cni.8 ./usr/share/man/man8/sdnctl.8 "
expect "the staged files" "$want" "$got"
expect "the unit runs the installed agent" \
	"ExecStart=/usr/sbin/sdn-agent --config \${SDN_AGENT_CONFIG} --node \${SDN_AGENT_NODE} \$SDN_AGENT_ARGS" \
	"$(grep '^ExecStart=' "$stage/usr/lib/systemd/system/sdn-agent.service")"
step "make uninstall DESTDIR=STAGE PREFIX=/usr" \
	make -s uninstall DESTDIR="$stage" PREFIX=/usr KVER="$kver"
expect "nothing left in STAGE" "" "$(cd "$stage" && find . -type f)"

# ---- make install, modprobe, make uninstall --------------------------------------
step "make install" make -s install KVER="$kver"
step "modprobe sdnbr loads updates/sdnbr.ko, br0 is made" \
	loaded_from "/lib/modules/$kver/updates/sdnbr.ko"
step "ip link add type sdnbr loads it by its alias" \
	sh -c 'ip link del br0 2>/dev/null; modprobe -r sdnbr && ip link add br0 type sdnbr && [ -d /sys/module/sdnbr ] && ip link del br0'
step "sdnctl, sdn-agent and sdnbr-cni run from PREFIX" sh -c '
	/usr/local/sbin/sdnctl show >/dev/null &&
	/usr/local/sbin/sdn-agent --config Documentation/examples/cluster.json --check >/dev/null &&
	CNI_COMMAND=VERSION /usr/local/lib/cni/sdnbr-cni | grep -q "\"1.0.0\""'
step "man finds the three pages" sh -c 'for p in sdnctl sdn-agent sdnbr-cni; do
	f=$(man -w $p) && [ "$(realpath "$f")" = /usr/local/share/man/man8/$p.8 ] ||
		{ echo "man -w $p: $f"; exit 1; }; done'
unload
step "make uninstall" make -s uninstall KVER="$kver"
expect "no file left" "" "$(ls /usr/local/sbin/sdnctl /usr/local/sbin/sdn-agent \
	/usr/local/lib/cni/sdnbr-cni /usr/local/lib/systemd/system/sdn-agent.service \
	/usr/local/share/man/man8/sdnctl.8 /usr/local/share/man/man8/sdn-agent.8 \
	/usr/local/share/man/man8/sdnbr-cni.8 "/lib/modules/$kver/updates/sdnbr.ko" 2>/dev/null)"
expect "modprobe finds no sdnbr" "modprobe: FATAL: Module sdnbr not found in directory /lib/modules/$kver" \
	"$(modprobe sdnbr 2>&1)"

fi

if [[ $parts == *" dkms "* ]]; then
# ---- DKMS ----------------------------------------------------------------------------
step "make dkms-install (dkms add, build, install)" make -s dkms-install KVER="$kver"
expect "dkms status" "sdnbr/$version, $kver, x86_64: installed" "$(dkms status -m sdnbr)"
step "modprobe sdnbr loads the DKMS build, br0 is made" \
	loaded_from "/lib/modules/$kver/updates/dkms/sdnbr.ko"
unload
out=$(dkms build "sdnbr/$version" -k 5.10.0-99-amd64 2>&1)
rc=$?
if [ $rc != 0 ] && [[ $out == *"BUILD_EXCLUSIVE"* ]]; then
	ok "a kernel outside BUILD_EXCLUSIVE_KERNEL is refused (exit $rc)"
else
	not_ok "a kernel outside BUILD_EXCLUSIVE_KERNEL is refused"
	echo "$out" | sed 's/^/#   /'
fi
step "make dkms-remove" make -s dkms-remove
expect "dkms knows no sdnbr" "" "$(dkms status -m sdnbr)"
expect "no sources, no module" "" "$(ls -d "/usr/src/sdnbr-$version" \
	"/lib/modules/$kver/updates/dkms/"sdnbr.ko* 2>/dev/null)"
expect "modprobe finds no sdnbr" "modprobe: FATAL: Module sdnbr not found in directory /lib/modules/$kver" \
	"$(modprobe sdnbr 2>&1)"

fi

echo "# $n steps, $failed failed"
[ $failed = 0 ]
