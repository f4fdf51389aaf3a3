#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the tiny initramfs that boots a Debian kernel into the host root
# shared over virtio-9p: busybox, the modules 9p needs, and an init.
#
# Usage: mkinitramfs.sh KVER OUT
set -euo pipefail

kver=$1
out=$2
# INITRD_MODS= (empty) for a kernel with them built in (the debug kernel)
mods=${INITRD_MODS-virtio_pci 9pnet_virtio 9p}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,dev,proc,sys,newroot,lib/modules}
cp /bin/busybox "$tmp/bin/busybox"

# modprobe prints "insmod /path" lines in load order; keep that order
: >"$tmp/modules.order"
for m in $mods; do
	modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | awk '!seen[$0]++' | while read -r ko; do
	base=$(basename "$ko")
	case "$ko" in
	*.xz) xz -dc "$ko" >"$tmp/lib/modules/${base%.xz}"; base=${base%.xz} ;;
	*.zst) zstd -qdc "$ko" >"$tmp/lib/modules/${base%.zst}"; base=${base%.zst} ;;
	*.gz) gzip -dc "$ko" >"$tmp/lib/modules/${base%.gz}"; base=${base%.gz} ;;
	*) cp "$ko" "$tmp/lib/modules/$base" ;;
	esac
	echo "$base" >>"$tmp/modules.order"
done
[ -z "$mods" ] || [ -s "$tmp/modules.order" ] || { echo "mkinitramfs: no modules found for $kver" >&2; exit 1; }

cat >"$tmp/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
for m in $(cat /modules.order); do
	insmod /lib/modules/$m 2>/dev/null
done

work=
run=
for a in $(cat /proc/cmdline); do
	case "$a" in
	sdnbr_vm.work=*) work=${a#sdnbr_vm.work=} ;;
	sdnbr_vm.run=*) run=${a#sdnbr_vm.run=} ;;
	esac
done

fail() {
	echo "vm-init: $*"
	echo o >/proc/sysrq-trigger
	sleep 10
}

mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /newroot ||
	fail "cannot mount the host root"
# writable scratch space over the read-only host root
for d in tmp run var/log var/tmp var/lib/openvswitch etc/openvswitch root; do
	[ -d /newroot/$d ] && mount -t tmpfs -o mode=0755 tmpfs /newroot/$d
done
chmod 1777 /newroot/tmp /newroot/var/tmp
mount -t proc proc /newroot/proc
mount -t sysfs sys /newroot/sys
mount -t devtmpfs dev /newroot/dev
mkdir -p /newroot$work
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 work /newroot$work ||
	fail "cannot mount the work tree at $work"
# switch_root, not chroot: a chrooted process may not create user
# namespaces (the security tests do)
exec switch_root /newroot /bin/bash "$work/scripts/vm-guest.sh" "$work" "$run"
INIT
chmod +x "$tmp/init"
# two guests booting at once (check-lanes.sh's debug guests) may both
# build it: each writes its own file, and the renames are atomic
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.$$.tmp"
mv "$out.$$.tmp" "$out"
