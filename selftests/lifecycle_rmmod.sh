#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The life-cycle case rmmod (see lifecycle.sh) as a selftest program of its
# own, so that its 20 rounds fit the per-test timeout: each round rebuilds
# bridges, ports and traffic and unloads the module under them.
ROUNDS="${ROUNDS:-20}" CASES="${CASES:-rmmod}" exec "$(dirname "$0")/lifecycle.sh"
