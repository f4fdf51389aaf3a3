#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle cases port_delete port_netns bridge_delete mtu_mac (see lifecycle.sh), as one selftest
# program so that each fits the per-test timeout.
CASES="${CASES:-port_delete port_netns bridge_delete mtu_mac}" exec "$(dirname "$0")/lifecycle.sh"
