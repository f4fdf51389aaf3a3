#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle cases netns_delete rmmod (see lifecycle.sh), as one selftest
# program so that each fits the per-test timeout. Each round rebuilds a
# whole node and waits for a netns to be dismantled. Not in make check:
# five rounds take a minute on 6.1 but did not finish on 6.12.
ROUNDS="${ROUNDS:-5}" CASES="${CASES:-netns_delete rmmod}" exec "$(dirname "$0")/lifecycle.sh"
