/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the numbers in the sdnbr ABI: drop reasons, pipeline stages
 * (tables), plugin modes and the keywords sdnctl uses for attributes.
 * One table for sdnctl and sdn-agent, so both print the same words.
 *
 * Reason and table names are the enum names in <linux/sdnbr.h> without
 * their prefix, lower case, '_' as '-': SDNBR_DROP_SPOOF_IP is "spoof-ip",
 * SDNBR_TABLE_POD_IN is "pod-in".
 */
#ifndef SDNBR_NAMES_H
#define SDNBR_NAMES_H

#include <stdint.h>

/* "255 output", "4294967295", "reason-4294967295": with room to spare */
#define SDNBR_NAME_STRLEN	32

/* NULL for a number this build does not know (a newer kernel's). */
const char *sdnbr_drop_reason_name(uint32_t reason);
/* One line saying what the reason means, or NULL. */
const char *sdnbr_drop_reason_desc(uint32_t reason);
/* The reason called @name, or -1. */
int sdnbr_drop_reason_lookup(const char *name);
/* The name, or "reason-N" for an unknown one. */
const char *sdnbr_fmt_drop_reason(uint32_t reason,
				  char buf[SDNBR_NAME_STRLEN]);

const char *sdnbr_table_name(uint32_t table);
const char *sdnbr_table_desc(uint32_t table);
int sdnbr_table_lookup(const char *name);
/* "20 pod-in", or just "77" for an unknown table. */
const char *sdnbr_fmt_table(uint32_t table, char buf[SDNBR_NAME_STRLEN]);
/* Walks the known tables in pipeline order: 0 .. count - 1. */
unsigned int sdnbr_table_count(void);
uint32_t sdnbr_table_at(unsigned int i);

/* "subnet", "multitenant", or NULL. */
const char *sdnbr_mode_name(uint32_t mode);
int sdnbr_mode_lookup(const char *name);

/*
 * The sdnctl keyword for attribute @attr inside a nest of type @nest (0 for
 * the top level, else SDNBR_A_CONFIG, SDNBR_A_POD, SDNBR_A_NODE,
 * SDNBR_A_NS, SDNBR_A_EGRESS or SDNBR_A_FW): "dev", "ip", "port",
 * "cluster-network"... NULL if none.
 */
const char *sdnbr_attr_keyword(uint16_t nest, uint16_t attr);

/*
 * "pod", "node", "ns", "egress", "firewall" for SDNBR_A_POD/NODE/NS/
 * EGRESS/FW (the sdnctl objects); NULL otherwise.
 */
const char *sdnbr_entry_name(uint16_t type);

#endif /* SDNBR_NAMES_H */
