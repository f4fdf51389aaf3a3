#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle cases netns_delete rmmod (see lifecycle.sh), as one selftest
# program so that each fits the per-test timeout. Each round rebuilds a
# whole node, so make check runs 5; ROUNDS=20 by hand (about 8 minutes).
ROUNDS="${ROUNDS:-5}" CASES="${CASES:-netns_delete rmmod}" exec "$(dirname "$0")/lifecycle.sh"
