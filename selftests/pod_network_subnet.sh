#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pod_network.sh in subnet mode.
MODE=subnet exec "$(dirname "$0")/pod_network.sh"
