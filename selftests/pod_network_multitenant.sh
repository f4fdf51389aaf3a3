#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pod_network.sh in multitenant mode.
MODE=multitenant exec "$(dirname "$0")/pod_network.sh"
