#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sdnbr.ko loads and unloads cleanly, alone and twenty times in a row.
. "$(dirname "$0")/lib.sh"
require_root

ROUNDS=${ROUNDS:-20}

test_load_once()
{
	sdnbr_unload
	modprobe nf_conntrack && insmod "$SDNBR_KO"
	check_err $? "insmod failed"
	[ -d /sys/module/sdnbr ]
	check_err $? "/sys/module/sdnbr missing after insmod"
	grep -q . /sys/module/sdnbr/version
	check_err $? "/sys/module/sdnbr/version is empty"
	rmmod sdnbr
	check_err $? "rmmod failed"
	[ ! -d /sys/module/sdnbr ]
	check_err $? "/sys/module/sdnbr still there after rmmod"
	log_test "load, /sys/module/sdnbr exists, unload"
}

test_load_loop()
{
	local i

	for ((i = 0; i < ROUNDS; i++)); do
		insmod "$SDNBR_KO" || { fail "insmod failed in round $i"; break; }
		rmmod sdnbr || { fail "rmmod failed in round $i"; break; }
	done
	[ ! -d /sys/module/sdnbr ]
	check_err $? "module still loaded after the loop"
	log_test "load and unload $ROUNDS times"
}

test_load_once
test_load_loop
