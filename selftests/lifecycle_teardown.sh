#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle cases netns_delete rmmod (see lifecycle.sh), as one selftest
# program so that each fits the per-test timeout. Each round rebuilds a
# whole node and waits for a netns to be dismantled, which TCG makes slow:
# make check runs 5 rounds of each; ROUNDS=20 takes over 10 minutes.
ROUNDS="${ROUNDS:-5}" CASES="${CASES:-netns_delete rmmod}" exec "$(dirname "$0")/lifecycle.sh"
