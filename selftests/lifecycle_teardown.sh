#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle case netns_delete (see lifecycle.sh) as a selftest program
# of its own, so that its 20 rounds fit the per-test timeout: each round
# rebuilds a whole node and waits for a netns to be dismantled.
ROUNDS="${ROUNDS:-20}" CASES="${CASES:-netns_delete}" exec "$(dirname "$0")/lifecycle.sh"
