/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsers for command-line and batch-file arguments.
 *
 * Each returns 0 on success or -EINVAL, and on failure writes a message
 * that quotes the offending input into @err (which may be NULL), so the
 * caller can print it as-is after its own prefix.
 */
#ifndef SDNBR_PARSE_H
#define SDNBR_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#define SDNBR_VNID_MAX		0xffffffU

/* flags for sdnbr_parse_mac() */
#define SDNBR_MAC_NO_MCAST	0x1	/* reject group (multicast/broadcast) */
#define SDNBR_MAC_NO_ZERO	0x2	/* reject 00:00:00:00:00:00 */

int sdnbr_parse_ipv4(const char *s, struct in_addr *addr,
		     char *err, size_t errlen);
int sdnbr_parse_ipv4_prefix(const char *s, struct in_addr *addr,
			    uint8_t *plen, char *err, size_t errlen);
int sdnbr_parse_mac(const char *s, uint8_t mac[6], unsigned int flags,
		    char *err, size_t errlen);
int sdnbr_parse_u32(const char *s, const char *what, uint32_t min,
		    uint32_t max, uint32_t *val, char *err, size_t errlen);
int sdnbr_parse_vnid(const char *s, uint32_t *vnid, char *err, size_t errlen);
int sdnbr_parse_ifname(const char *s, char name[IFNAMSIZ],
		       char *err, size_t errlen);
int sdnbr_parse_proto(const char *s, uint8_t *proto, char *err, size_t errlen);
int sdnbr_parse_port(const char *s, uint16_t *port, char *err, size_t errlen);
int sdnbr_parse_bool(const char *s, bool *val, char *err, size_t errlen);

#endif /* SDNBR_PARSE_H */
