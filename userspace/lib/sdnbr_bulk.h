/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bulk entry requests: many pod, node, namespace, egress or firewall
 * changes in one NEW or DEL message, and a way back from a kernel error to
 * the entry behind it.
 *
 * Entries are appended with a caller's tag (sdnctl uses the batch line
 * number). A message holds entries of one command, one set of flags and
 * one bridge, up to a count and byte limit (an entry bigger than the byte
 * limit, such as a firewall of 1,000 rules with a small limit, goes in a
 * message of its own), and never two entries with the
 * same key (the kernel refuses a message that names an entry twice, where
 * one line after another would have applied or failed in order);
 * sdnbr_bulk_add() says when it must be flushed first.
 *
 * The kernel applies a message all or nothing. sdnbr_bulk_flush() gives
 * the effect of applying the entries one at a time in order and stopping
 * at the first that fails, like `ip -b`:
 *
 *  - the extended ACK's offset (or missing-attribute nest) falls inside
 *    entry k's nest: entries before k are sent again without it, and k is
 *    the failure (if that resend fails in turn, its failure is earlier and
 *    wins);
 *  - it points at the bridge attribute: the first entry is the failure;
 *  - it points nowhere: the entries are sent one per message until one
 *    fails.
 *
 * Nothing is pipelined: generic netlink handles a request inside the
 * sender's sendmsg(), so a second message in flight would gain one
 * recvmsg() and would be applied even after the first one failed.
 */
#ifndef SDNBR_BULK_H
#define SDNBR_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "sdnbr_msg.h"
#include "sdnbr_nl.h"

#define SDNBR_BULK_MAX_ENTRIES	256
#define SDNBR_BULK_MAX_BYTES	(32 * 1024)

struct sdnbr_bulk {
	uint16_t family;
	unsigned int max_entries;
	size_t max_bytes;
	/* the message being filled, and what it is for */
	struct nl_msg *msg;
	uint8_t cmd;
	int flags;
	uint16_t type;			/* SDNBR_A_POD, _NODE, _NS, ... */
	char ifname[IFNAMSIZ];
	uint32_t ifindex;
	unsigned int n;
	/* entry i's nest starts at off[i]; off[n] is the end, once known */
	uint32_t off[SDNBR_BULK_MAX_ENTRIES + 1];
	unsigned long tag[SDNBR_BULK_MAX_ENTRIES];
	uint64_t key[SDNBR_BULK_MAX_ENTRIES];
};

/* What a flush did. */
struct sdnbr_bulk_result {
	unsigned int applied;	/* entries 0 .. applied - 1 took effect */
	int error;		/* 0, or the first failing entry's error */
	unsigned int failed;	/* that entry's index */
	unsigned long tag;	/* and its tag */
	struct sdnbr_extack ext;	/* the kernel's word on it */
	/* the sdnctl keyword it names, or NULL (see sdnbr_msg_err_name()) */
	const char *keyword;
	bool missing;		/* ... as missing */
	char kwbuf[SDNBR_MSG_ERR_NAMELEN];	/* where keyword may point */
	unsigned int sent;	/* messages sent */
};

/*
 * Sends @msg as a request and waits for its ACK: 0 or a negative errno,
 * with what the kernel said in @ext.
 */
typedef int (*sdnbr_bulk_send_fn)(void *arg, struct nl_msg *msg,
				  struct sdnbr_extack *ext);

void sdnbr_bulk_init(struct sdnbr_bulk *b, uint16_t family);
/* 0 for either means the default; larger than the defaults is capped. */
void sdnbr_bulk_set_limits(struct sdnbr_bulk *b, unsigned int max_entries,
			   size_t max_bytes);
void sdnbr_bulk_free(struct sdnbr_bulk *b);

/*
 * Appends @e. The bridge is @ifname if non-empty, else @ifindex. Returns 0,
 * -EAGAIN when the bulk holds entries for another command, flags or bridge,
 * or one with the same key, or is full (flush, then add again), -EINVAL
 * for an entry type that is not SDNBR_A_POD/NODE/NS/EGRESS/FW, or -ENOMEM.
 * The entry's lists are copied into the message: they need not outlive
 * the call.
 */
int sdnbr_bulk_add(struct sdnbr_bulk *b, uint8_t cmd, int flags,
		   const char *ifname, uint32_t ifindex,
		   const struct sdnbr_entry *e, unsigned long tag);

static inline unsigned int sdnbr_bulk_count(const struct sdnbr_bulk *b)
{
	return b->n;
}

/* The message as built so far (NULL when empty); for tests. */
static inline struct nl_msg *sdnbr_bulk_msg(const struct sdnbr_bulk *b)
{
	return b->msg;
}

#define SDNBR_BULK_AT_BRIDGE	(-1)	/* the bridge attribute */
#define SDNBR_BULK_NOWHERE	(-2)	/* no offset, or not an entry */

/*
 * The entry among the first @hi that @ext points into, or
 * SDNBR_BULK_AT_BRIDGE / SDNBR_BULK_NOWHERE. Needs off[hi] set, which
 * sdnbr_bulk_flush() does; tests call sdnbr_bulk_seal() first.
 */
int sdnbr_bulk_locate(const struct sdnbr_bulk *b,
		      const struct sdnbr_extack *ext, unsigned int hi);
void sdnbr_bulk_seal(struct sdnbr_bulk *b);

/* A new request with the bulk's headers and bridge and entries [i, j). */
struct nl_msg *sdnbr_bulk_submsg(const struct sdnbr_bulk *b, unsigned int i,
				 unsigned int j);

/*
 * Sends what the bulk holds through @send as described above, fills @res
 * and empties the bulk. Returns 0 or res->error.
 */
int sdnbr_bulk_flush(struct sdnbr_bulk *b, sdnbr_bulk_send_fn send,
		     void *arg, struct sdnbr_bulk_result *res);

#endif /* SDNBR_BULK_H */
