#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages sdnbr needs to build, lint and test itself.
# Idempotent: packages already present are not touched, and `apt-get update`
# runs at most once per invocation, only when something is missing.
#
# Usage: scripts/install-deps.sh [KVER...]
#   KVER  extra kernel versions whose image and headers must be present
#         (e.g. 6.12.48+deb12-amd64), or "6.12" for the newest 6.12.
set -euo pipefail

PKGS=(
	# module build
	build-essential bc bison flex libelf-dev libssl-dev kmod cpio xz-utils
	sparse
	# the default kernel (6.1 in bookworm) that boots in the VM
	linux-image-amd64 linux-headers-amd64
	# checkpatch.pl and kselftest headers come from the kernel source
	linux-source-6.1
	# the VM
	qemu-system-x86 busybox-static
	# userspace
	pkg-config libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libcmocka-dev
	libjansson-dev
	# tools the selftests drive inside the guest
	iproute2 iputils-ping iputils-arping ethtool socat tcpdump iptables
	nftables procps psmisc python3 jq
	# the genetlink spec test (userspace/tests/yaml_spec_test.sh)
	python3-yaml
	# make bench (scripts/bench): the OVS contenders and the plot
	openvswitch-switch gnuplot-nox
	# make dkms-install, proven in the VM (Documentation/admin-guide.rst)
	dkms
)

want=("${PKGS[@]}")
for k in "$@"; do
	case "$k" in
	6.1) ;;
	6.12) want+=(linux-image-6.12-amd64 linux-headers-6.12-amd64) ;;
	# the debug kernel is built from source (scripts/debug-kernel.sh)
	debug) want+=(linux-source-6.12) ;;
	"") ;;
	*) want+=("linux-image-$k" "linux-headers-$k") ;;
	esac
done

missing=()
for p in "${want[@]}"; do
	s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$s" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#want[@]} packages already installed"
	exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
