#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle cases netns_delete rmmod (see lifecycle.sh), as one selftest
# program so that each fits the per-test timeout. Each round rebuilds a
# whole node and waits for a netns to be dismantled. In make check at five
# rounds: about a minute on 6.1, two on 6.12 (ROUNDS=100 by hand).
ROUNDS="${ROUNDS:-5}" CASES="${CASES:-netns_delete rmmod}" exec "$(dirname "$0")/lifecycle.sh"
