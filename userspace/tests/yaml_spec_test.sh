#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The genetlink spec (Documentation/netlink/specs/sdnbr.yaml) and the uAPI
# header (kmod/include/uapi/linux/sdnbr.h) agree: yaml_spec.py turns every
# value of the spec into a _Static_assert compiled against the header and
# looks for header names the spec lacks. Then, on scratch copies, a few
# typical drifts must each make it fail, for the right reason, so that a
# check that passes vacuously is noticed. Needs python3 with PyYAML
# (python3-yaml, from scripts/install-deps.sh) and a C compiler.
# Ends with "N passed, N failed" for tests/run.sh.

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
spec=$top/Documentation/netlink/specs/sdnbr.yaml
uapi=$top/kmod/include/uapi
check=$here/yaml_spec.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
passed=0
failed=0

result()
{
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
		passed=$((passed + 1))
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

if ! python3 -c 'import yaml' 2>/dev/null; then
	echo "# python3 with PyYAML is missing (apt-get install python3-yaml)"
	result 1 "python3 can load YAML"
	echo "$passed passed, $failed failed"
	exit 1
fi

out=$(python3 "$check" "$spec" "$uapi" 2>&1)
rc=$?
sed 's/^/# /' <<<"$out"
result $rc "the spec and the header agree"

# drift SPEC_EDIT HEADER_EDIT WANT DESCRIPTION: apply the sed scripts to
# scratch copies (empty: leave it); the check must fail and say WANT.
drift()
{
	local s=$tmp/sdnbr.yaml inc=$tmp/uapi out

	rm -rf "$inc"
	mkdir -p "$inc/linux"
	cp "$spec" "$s"
	cp "$uapi/linux/sdnbr.h" "$inc/linux/sdnbr.h"
	[ -n "$1" ] && sed -i -e "$1" "$s"
	[ -n "$2" ] && sed -i -e "$2" "$inc/linux/sdnbr.h"
	if cmp -s "$s" "$spec" && cmp -s "$inc/linux/sdnbr.h" "$uapi/linux/sdnbr.h"; then
		echo "# the edit changed nothing: fix the test"
		result 1 "$4"
		return
	fi
	if out=$(python3 "$check" "$s" "$inc" 2>&1); then
		echo "# the check passed on the drifted copy"
		result 1 "$4"
		return
	fi
	if ! grep -qF -- "$3" <<<"$out"; then
		echo "# wanted '$3' in:"
		sed 's/^/#   /' <<<"$out"
		result 1 "$4"
		return
	fi
	result 0 "$4"
}

drift 's/^        value: 70$/        value: 71/' '' \
	'SDNBR_TABLE_IP_LOCAL is 71 in the spec' \
	"a changed enum value in the spec is caught"
# swap the pod nest's ip and mac: both ids move
drift '/^    name: pod$/,/^  -$/{s/name: ip$/name: TMP/;s/name: mac$/name: ip/;s/name: TMP$/name: mac/}' '' \
	'SDNBR_POD_A_IP is 2 in the spec' \
	"two attributes swapped in the spec are caught"
drift '' 's/^\t__SDNBR_NS_A_MAX,/\tSDNBR_NS_A_NEW_THING,\n&/' \
	'SDNBR_NS_A_NEW_THING is not in the spec' \
	"an enumerator added to the header is caught"
drift '' '/^\tSDNBR_CMD_POD_FLUSH,$/d' \
	'SDNBR_CMD_POD_FLUSH' \
	"a command removed from the header is caught"
drift '' 's/^#define SDNBR_DEFAULT_MTU\t\t1450$/#define SDNBR_DEFAULT_MTU\t\t1500/' \
	'SDNBR_DEFAULT_MTU is 1450 in the spec' \
	"a changed define in the header is caught"
drift '' 's/^#define SDNBR_MCGRP_EVENTS\t"events"$/#define SDNBR_MCGRP_EVENTS\t"event"/' \
	'SDNBR_MCGRP_EVENTS is "event" in the header' \
	"a renamed multicast group in the header is caught"
drift 's/nested-attributes: counter$/nested-attributes: counters/' '' \
	'nest of unknown set counters' \
	"a nest of an unknown attribute set in the spec is caught"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
