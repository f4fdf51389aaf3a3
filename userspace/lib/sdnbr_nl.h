/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A generic netlink client for the sdnbr family, on libnl-3.
 *
 * All functions return 0 (or a count) on success and a negative errno on
 * failure, never a libnl NLE_* code, so callers can strerror() them. After
 * each operation sdnbr_nl_extack() describes its outcome: the kernel's
 * extended ACK (message, offending attribute, missing attribute) or a
 * message of the library's own when the failure was detected here.
 *
 * A handle is not thread-safe. One that has subscribed to a multicast
 * group only receives events: notifications would otherwise interleave
 * with replies, so open a second handle for requests.
 */
#ifndef SDNBR_NL_H
#define SDNBR_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#define SDNBR_EXTACK_MSG_MAX	256
#define SDNBR_NL_DUMP_TRIES	5
#define SDNBR_NL_MAX_MCGRPS	16

/* sdnbr_extack.has */
#define SDNBR_EXTACK_MSG	0x01	/* msg is set */
#define SDNBR_EXTACK_OFFS	0x02	/* offset is set */
#define SDNBR_EXTACK_MISS_TYPE	0x04	/* miss_type is set */
#define SDNBR_EXTACK_MISS_NEST	0x08	/* miss_nest is set */
#define SDNBR_EXTACK_ATTR	0x10	/* attr: the type found at offset */

struct sdnbr_extack {
	int error;		/* 0 or a negative errno */
	unsigned int has;	/* SDNBR_EXTACK_* */
	char msg[SDNBR_EXTACK_MSG_MAX];
	uint32_t offset;	/* of the offending attribute in the request */
	uint32_t miss_type;	/* type of a missing required attribute */
	uint32_t miss_nest;	/* offset of the nest it is missing from */
	uint16_t attr;		/* type of the attribute at offset */
};

struct sdnbr_nl_mcgrp {
	char name[GENL_NAMSIZ];
	uint32_t id;
};

struct sdnbr_nl_family {
	char name[GENL_NAMSIZ];
	uint16_t id;
	uint32_t version;
	uint32_t hdrsize;
	uint32_t maxattr;
	unsigned int n_mcgrps;
	struct sdnbr_nl_mcgrp mcgrps[SDNBR_NL_MAX_MCGRPS];
};

struct sdnbr_nl;

/*
 * Called for each reply or event message; return 0 to go on or a negative
 * errno to fail the operation (the rest of the reply is still drained).
 */
typedef int (*sdnbr_nl_cb)(const struct nlmsghdr *nlh, void *arg);
/* Called before a dump is retried: forget what the last attempt gave. */
typedef void (*sdnbr_nl_restart_cb)(void *arg);

int sdnbr_extack_parse(const struct nlmsghdr *nlh, struct sdnbr_extack *ext);
void sdnbr_extack_resolve_attr(struct sdnbr_extack *ext,
			       const struct nlmsghdr *req);
int sdnbr_format_error(char *buf, size_t len, const char *prefix,
		       const char *op, int err,
		       const struct sdnbr_extack *ext);

int sdnbr_nl_open(struct sdnbr_nl **nlp, const char *family,
		  char *err, size_t errlen);
void sdnbr_nl_close(struct sdnbr_nl *nl);
struct nl_sock *sdnbr_nl_sock(struct sdnbr_nl *nl);
int sdnbr_nl_fd(const struct sdnbr_nl *nl);
const struct sdnbr_nl_family *sdnbr_nl_family(const struct sdnbr_nl *nl);
const struct sdnbr_extack *sdnbr_nl_extack(const struct sdnbr_nl *nl);
int sdnbr_nl_set_timeout(struct sdnbr_nl *nl, unsigned int msecs);

int sdnbr_nl_get_family(struct sdnbr_nl *nl, const char *name,
			struct sdnbr_nl_family *fam);
struct nl_msg *sdnbr_nl_msg(const struct sdnbr_nl *nl, uint8_t cmd,
			    int flags);
int sdnbr_nl_request(struct sdnbr_nl *nl, struct nl_msg *req,
		     sdnbr_nl_cb cb, void *arg);
int sdnbr_nl_dump(struct sdnbr_nl *nl, struct nl_msg *req, sdnbr_nl_cb cb,
		  sdnbr_nl_restart_cb restart, void *arg);

int sdnbr_nl_subscribe(struct sdnbr_nl *nl, const char *group);
int sdnbr_nl_recv_events(struct sdnbr_nl *nl, sdnbr_nl_cb cb, void *arg);

#endif /* SDNBR_NL_H */
