#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Second stage of the VM's init, run inside the chroot of the host root.
# Runs the command that scripts/vm left in the run directory, records its
# exit status and the kernel log there, then powers the guest off.
work=$1
run=$2

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux} LANG=C.UTF-8
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname sdnbr-vm
ip link set lo up
sysctl -qw kernel.panic_on_oops=1 kernel.hung_task_timeout_secs=60 2>/dev/null

poweroff_now() {
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

cd "$work" || poweroff_now

rundir=$work/$run
[ -f "$rundir/env" ] && . "$rundir/env"
# a kernel that is not installed on the host (the debug kernel) brings its
# /lib/modules/REL along, for modprobe of its built-in modules
if [ -d "$rundir/modules" ] && [ ! -d "/lib/modules/$(uname -r)" ]; then
	mount -t tmpfs -o mode=0755 tmpfs /lib/modules &&
		cp -a "$rundir/modules" "/lib/modules/$(uname -r)"
fi

if [ ! -f "$rundir/cmd" ]; then
	echo "sdnbr VM ($(uname -r)); the work tree is $work (read-write)."
	echo "Exit the shell to power off."
	setsid -c bash -i </dev/ttyS0 >/dev/ttyS0 2>&1
	poweroff_now
fi

echo "vm: $(uname -r) up in $(cut -d' ' -f1 /proc/uptime)s, running: $(cat "$rundir/cmd")"
bash "$rundir/cmd" </dev/null
rc=$?
dmesg >"$rundir/dmesg" 2>&1
echo "$rc" >"$rundir/rc"
poweroff_now
