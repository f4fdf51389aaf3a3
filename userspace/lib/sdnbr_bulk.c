// SPDX-License-Identifier: GPL-2.0
/*
 * Bulk entry requests; see sdnbr_bulk.h for the rules.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>

#include "sdnbr_bulk.h"

void sdnbr_bulk_init(struct sdnbr_bulk *b, uint16_t family)
{
	memset(b, 0, sizeof(*b));
	b->family = family;
	b->max_entries = SDNBR_BULK_MAX_ENTRIES;
	b->max_bytes = SDNBR_BULK_MAX_BYTES;
}

void sdnbr_bulk_set_limits(struct sdnbr_bulk *b, unsigned int max_entries,
			   size_t max_bytes)
{
	if (!max_entries || max_entries > SDNBR_BULK_MAX_ENTRIES)
		max_entries = SDNBR_BULK_MAX_ENTRIES;
	if (!max_bytes || max_bytes > SDNBR_BULK_MAX_BYTES)
		max_bytes = SDNBR_BULK_MAX_BYTES;
	b->max_entries = max_entries;
	b->max_bytes = max_bytes;
}

static void reset(struct sdnbr_bulk *b)
{
	if (b->msg)
		nlmsg_free(b->msg);
	b->msg = NULL;
	b->n = 0;
}

void sdnbr_bulk_free(struct sdnbr_bulk *b)
{
	reset(b);
}

static bool same_bridge(const struct sdnbr_bulk *b, const char *ifname,
			uint32_t ifindex)
{
	if (ifname && *ifname)
		return !strcmp(b->ifname, ifname);
	return !b->ifname[0] && b->ifindex == ifindex;
}

static int begin(struct sdnbr_bulk *b, uint8_t cmd, int flags,
		 const char *ifname, uint32_t ifindex,
		 const struct sdnbr_entry *e)
{
	size_t most = sdnbr_msg_entry_size(e->type),
	       len = sdnbr_msg_entry_len(e);
	/*
	 * Room for the limit plus the largest entry, so a put never fails
	 * (the first entry always goes in, even one past the limit alone).
	 */
	size_t size = b->max_bytes + NLMSG_HDRLEN + GENL_HDRLEN + 64 +
		      (len > most ? len : most);

	b->msg = sdnbr_msg_new(b->family, cmd, flags, size);
	if (!b->msg)
		return -ENOMEM;
	b->cmd = cmd;
	b->flags = flags;
	b->type = e->type;
	b->ifindex = ifindex;
	b->ifname[0] = '\0';
	if (ifname && *ifname)
		snprintf(b->ifname, sizeof(b->ifname), "%s", ifname);
	if (sdnbr_msg_put_dev(b->msg, b->ifname, ifindex)) {
		reset(b);
		return -ENOMEM;
	}
	return 0;
}

static bool has_key(const struct sdnbr_bulk *b, uint64_t key)
{
	unsigned int i;

	for (i = 0; i < b->n; i++) {
		if (b->key[i] == key)
			return true;
	}
	return false;
}

int sdnbr_bulk_add(struct sdnbr_bulk *b, uint8_t cmd, int flags,
		   const char *ifname, uint32_t ifindex,
		   const struct sdnbr_entry *e, unsigned long tag)
{
	size_t need = sdnbr_msg_entry_len(e);
	uint64_t key = sdnbr_msg_entry_key(e);
	struct nlmsghdr *nlh;
	int ret;

	if (!need)
		return -EINVAL;
	if (b->n) {
		nlh = nlmsg_hdr(b->msg);
		if (b->cmd != cmd || b->flags != flags || b->type != e->type ||
		    !same_bridge(b, ifname, ifindex) ||
		    b->n == b->max_entries ||
		    nlh->nlmsg_len + need > b->max_bytes || has_key(b, key))
			return -EAGAIN;
	} else {
		reset(b);
		ret = begin(b, cmd, flags, ifname, ifindex, e);
		if (ret)
			return ret;
	}
	nlh = nlmsg_hdr(b->msg);
	b->off[b->n] = nlh->nlmsg_len;
	if (sdnbr_msg_put_entry(b->msg, e)) {
		/* Cannot happen with the room begin() made; undo anyway. */
		nlh->nlmsg_len = b->off[b->n];
		if (!b->n)
			reset(b);
		return -ENOMEM;
	}
	b->key[b->n] = key;
	b->tag[b->n++] = tag;
	return 0;
}

void sdnbr_bulk_seal(struct sdnbr_bulk *b)
{
	if (b->n)
		b->off[b->n] = nlmsg_hdr(b->msg)->nlmsg_len;
}

int sdnbr_bulk_locate(const struct sdnbr_bulk *b,
		      const struct sdnbr_extack *ext, unsigned int hi)
{
	uint32_t at;
	unsigned int lo = 0, mid;

	if (ext->has & SDNBR_EXTACK_MISS_NEST)
		at = ext->miss_nest;
	else if (ext->has & SDNBR_EXTACK_OFFS)
		at = ext->offset;
	else
		return SDNBR_BULK_NOWHERE;
	if (!hi || at >= b->off[hi])
		return SDNBR_BULK_NOWHERE;
	if (at < b->off[0])
		return at >= NLMSG_HDRLEN + GENL_HDRLEN ? SDNBR_BULK_AT_BRIDGE :
							  SDNBR_BULK_NOWHERE;
	/* The last entry starting at or before @at. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (b->off[mid] <= at)
			lo = mid;
		else
			hi = mid;
	}
	return (int)lo;
}

struct nl_msg *sdnbr_bulk_submsg(const struct sdnbr_bulk *b, unsigned int i,
				 unsigned int j)
{
	const unsigned char *src = (const unsigned char *)nlmsg_hdr(b->msg);
	uint32_t head = b->off[0], body = b->off[j] - b->off[i];
	struct nl_msg *msg;
	void *p;

	msg = nlmsg_alloc_size(head + body + NLMSG_ALIGNTO);
	if (!msg)
		return NULL;
	memcpy(nlmsg_hdr(msg), src, NLMSG_HDRLEN);
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN;
	p = nlmsg_reserve(msg, head - NLMSG_HDRLEN, NLMSG_ALIGNTO);
	if (!p)
		goto fail;
	memcpy(p, src + NLMSG_HDRLEN, head - NLMSG_HDRLEN);
	if (body) {
		p = nlmsg_reserve(msg, body, NLMSG_ALIGNTO);
		if (!p)
			goto fail;
		memcpy(p, src + b->off[i], body);
	}
	return msg;
fail:
	nlmsg_free(msg);
	return NULL;
}

static void failed_at(const struct sdnbr_bulk *b, struct sdnbr_bulk_result *res,
		      unsigned int k, int error,
		      const struct sdnbr_extack *ext, struct nl_msg *msg)
{
	res->error = error;
	res->failed = k;
	res->tag = b->tag[k];
	res->ext = *ext;
	res->keyword = sdnbr_msg_err_name(nlmsg_hdr(msg), ext, &res->missing,
					  res->kwbuf);
}

static int no_memory(struct sdnbr_extack *ext)
{
	memset(ext, 0, sizeof(*ext));
	ext->error = -ENOMEM;
	return -ENOMEM;
}

int sdnbr_bulk_flush(struct sdnbr_bulk *b, sdnbr_bulk_send_fn send,
		     void *arg, struct sdnbr_bulk_result *res)
{
	struct nl_msg *msg, *one;
	struct sdnbr_extack ext;
	unsigned int hi, i;
	int ret, k;

	memset(res, 0, sizeof(*res));
	if (!b->n)
		return 0;
	sdnbr_bulk_seal(b);
	hi = b->n;
	msg = b->msg;
	for (;;) {
		memset(&ext, 0, sizeof(ext));
		ret = msg ? send(arg, msg, &ext) : no_memory(&ext);
		res->sent += msg ? 1 : 0;
		if (!ret) {
			res->applied = hi;
			break;
		}
		k = msg ? sdnbr_bulk_locate(b, &ext, hi) : SDNBR_BULK_NOWHERE;
		if (k >= 0) {
			/* Entry k failed; those before it go again alone. */
			failed_at(b, res, (unsigned int)k, ret, &ext, msg);
			if (!k)
				break;
			hi = (unsigned int)k;
			if (msg != b->msg)
				nlmsg_free(msg);
			msg = sdnbr_bulk_submsg(b, 0, hi);
			continue;
		}
		if (k == SDNBR_BULK_AT_BRIDGE || hi == 1 || !msg) {
			failed_at(b, res, 0, ret, &ext, msg ? msg : b->msg);
			break;
		}
		/* No clue which entry: one per message until one fails. */
		for (i = 0; i < hi; i++) {
			one = sdnbr_bulk_submsg(b, i, i + 1);
			memset(&ext, 0, sizeof(ext));
			ret = one ? send(arg, one, &ext) : no_memory(&ext);
			res->sent += one ? 1 : 0;
			if (ret)
				failed_at(b, res, i, ret, &ext,
					  one ? one : b->msg);
			if (one)
				nlmsg_free(one);
			if (ret)
				break;
		}
		res->applied = i;
		break;
	}
	if (msg && msg != b->msg)
		nlmsg_free(msg);
	reset(b);
	return res->error;
}
