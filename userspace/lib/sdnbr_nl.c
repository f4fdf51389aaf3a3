// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink client on libnl-3.
 *
 * libnl turns a kernel error into an NLE_* code and drops the extended
 * ACK, and it does not read the error a dump reports in NLMSG_DONE, so the
 * ACK, error, DONE, DUMP_INTR and sequence handling are all done here with
 * callbacks of our own; libnl only sends, receives and splits messages.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>

#include <linux/sdnbr.h>

#include "sdnbr_nl.h"
#include "sdnbr_util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct sdnbr_nl {
	struct nl_sock *sk;
	struct sdnbr_nl_family fam;
	uint8_t hdr_version;	/* version put in our genl headers */
	bool subscribed;
	struct sdnbr_extack ext;
	unsigned char *evbuf;	/* for sdnbr_nl_recv_events() */
	size_t evbuf_size;
};

/* Events of a firewall with 1,000 rules are some 40 KiB; more grows it. */
#define EVBUF_SIZE	(64 * 1024)


/* Records a failure found here (not by the kernel) as the outcome. */
__attribute__((format(printf, 3, 4)))
static int local_error(struct sdnbr_nl *nl, int error, const char *fmt, ...)
{
	va_list ap;

	memset(&nl->ext, 0, sizeof(nl->ext));
	nl->ext.error = error;
	nl->ext.has = SDNBR_EXTACK_MSG;
	va_start(ap, fmt);
	vsnprintf(nl->ext.msg, sizeof(nl->ext.msg), fmt, ap);
	va_end(ap);
	return error;
}

/* libnl's codes are lossy; map back to the nearest errno. */
static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_SUCCESS:
		return 0;
	case NLE_INTR:
	case NLE_DUMP_INTR:
		return -EINTR;
	case NLE_BAD_SOCK:
		return -EBADF;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_EXIST:
		return -EEXIST;
	case NLE_INVAL:
		return -EINVAL;
	case NLE_RANGE:
		return -ERANGE;
	case NLE_MSGSIZE:
		return -EMSGSIZE;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_AF_NOSUPPORT:
		return -EAFNOSUPPORT;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_PERM:
		return -EPERM;
	case NLE_BUSY:
		return -EBUSY;
	case NLE_PROTO_MISMATCH:
		return -EPROTONOSUPPORT;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_NODEV:
		return -ENODEV;
	default:
		return -EPROTO;
	}
}

int sdnbr_extack_parse(const struct nlmsghdr *nlh, struct sdnbr_extack *ext)
{
	const unsigned char *p = (const unsigned char *)nlh;
	uint32_t len = nlh->nlmsg_len, off;

	memset(ext, 0, sizeof(*ext));
	if (len < NLMSG_HDRLEN)
		return -EBADMSG;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr e;

		if (len < NLMSG_HDRLEN + sizeof(e))
			return -EBADMSG;
		memcpy(&e, p + NLMSG_HDRLEN, sizeof(e));
		ext->error = e.error;
		off = NLMSG_HDRLEN + sizeof(e);
		/* Without CAP_ACK the whole request is echoed first. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (e.msg.nlmsg_len < NLMSG_HDRLEN ||
			    e.msg.nlmsg_len - NLMSG_HDRLEN > len - off)
				return -EBADMSG;
			off += e.msg.nlmsg_len - NLMSG_HDRLEN;
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		int error;

		/* A dump's own error comes in DONE, not in an ERROR. */
		if (len < NLMSG_HDRLEN + sizeof(error))
			return 0;
		memcpy(&error, p + NLMSG_HDRLEN, sizeof(error));
		ext->error = error;
		off = NLMSG_HDRLEN + sizeof(error);
	} else {
		return -EINVAL;
	}

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;

	off = NLMSG_ALIGN(off);
	while (off <= len && len - off >= NLA_HDRLEN) {
		const unsigned char *data = p + off + NLA_HDRLEN;
		struct nlattr nla;
		uint32_t dlen, u32 = 0;

		memcpy(&nla, p + off, sizeof(nla));
		if (nla.nla_len < NLA_HDRLEN || nla.nla_len > len - off)
			return -EBADMSG;
		dlen = nla.nla_len - NLA_HDRLEN;
		if (dlen >= sizeof(u32))
			memcpy(&u32, data, sizeof(u32));

		switch (nla.nla_type & NLA_TYPE_MASK) {
		case NLMSGERR_ATTR_MSG: {
			size_t n = dlen;

			/* Be lenient about a missing terminator. */
			if (n >= sizeof(ext->msg))
				n = sizeof(ext->msg) - 1;
			memcpy(ext->msg, data, n);
			ext->msg[n] = '\0';
			ext->has |= SDNBR_EXTACK_MSG;
			break;
		}
		case NLMSGERR_ATTR_OFFS:
			if (dlen < sizeof(u32))
				return -EBADMSG;
			ext->offset = u32;
			ext->has |= SDNBR_EXTACK_OFFS;
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			if (dlen < sizeof(u32))
				return -EBADMSG;
			ext->miss_type = u32;
			ext->has |= SDNBR_EXTACK_MISS_TYPE;
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			if (dlen < sizeof(u32))
				return -EBADMSG;
			ext->miss_nest = u32;
			ext->has |= SDNBR_EXTACK_MISS_NEST;
			break;
		default:
			/* cookies and policies: nothing to show */
			break;
		}
		off += NLA_ALIGN(nla.nla_len);
	}
	return 0;
}

/*
 * The kernel names the offending attribute only by its offset in the
 * request; look it up in the request we sent so errors can name its type.
 */
void sdnbr_extack_resolve_attr(struct sdnbr_extack *ext,
			       const struct nlmsghdr *req)
{
	struct nlattr nla;

	if (!(ext->has & SDNBR_EXTACK_OFFS) || ext->offset < NLMSG_HDRLEN ||
	    ext->offset > req->nlmsg_len ||
	    req->nlmsg_len - ext->offset < NLA_HDRLEN)
		return;
	memcpy(&nla, (const unsigned char *)req + ext->offset, sizeof(nla));
	if (nla.nla_len < NLA_HDRLEN ||
	    nla.nla_len > req->nlmsg_len - ext->offset)
		return;
	ext->attr = nla.nla_type & NLA_TYPE_MASK;
	ext->has |= SDNBR_EXTACK_ATTR;
}

int sdnbr_format_error(char *buf, size_t len, const char *prefix,
		       const char *op, int err,
		       const struct sdnbr_extack *ext)
{
	char ebuf[128];
	const char *estr;
	size_t n = 0;
	int ret;

	/* Accumulates like scnprintf(): n never passes len - 1. */
#define APPEND(...)							\
	do {								\
		ret = snprintf(buf + n, len - n, __VA_ARGS__);		\
		if (ret > 0)						\
			n += (size_t)ret < len - n ? (size_t)ret :	\
						     len - n - 1;	\
	} while (0)

	if (!buf || !len)
		return 0;
	buf[0] = '\0';
	estr = strerror_r(err < 0 ? -err : err, ebuf, sizeof(ebuf));
	if (prefix)
		APPEND("%s: ", prefix);
	if (op)
		APPEND("%s: ", op);
	APPEND("%s", estr);
	if (ext && (ext->has & SDNBR_EXTACK_MSG) && ext->msg[0])
		APPEND(": %s", ext->msg);
	if (ext && (ext->has & SDNBR_EXTACK_ATTR))
		APPEND(" (attribute type %u)", ext->attr);
	else if (ext && (ext->has & SDNBR_EXTACK_OFFS))
		APPEND(" (attribute at offset %u)", ext->offset);
	if (ext && (ext->has & SDNBR_EXTACK_MISS_TYPE))
		APPEND(" (missing attribute type %u)", ext->miss_type);
#undef APPEND
	return (int)n;
}

/* ---- requests ---------------------------------------------------------- */

struct xact {
	struct sdnbr_nl *nl;
	const struct nlmsghdr *req;
	uint32_t seq;
	sdnbr_nl_cb cb;
	void *arg;
	int error;		/* the kernel's answer */
	int cb_error;		/* the first error a callback returned */
	bool done;
	bool intr;		/* the dump saw NLM_F_DUMP_INTR */
};

static int x_seq_check(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	/* Leftovers of an earlier, abandoned request: drop them. */
	return nlmsg_hdr(msg)->nlmsg_seq == x->seq ? NL_OK : NL_SKIP;
}

static int x_valid(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;
	int ret;

	/* After a failure or an interrupted dump, just drain. */
	if (!x->cb || x->cb_error || x->intr)
		return NL_OK;
	ret = x->cb(nlmsg_hdr(msg), x->arg);
	if (ret < 0)
		x->cb_error = ret;
	return NL_OK;
}

/* Any message that ends the exchange: ACK, error or DONE. */
static int x_finish(struct xact *x, const struct nlmsghdr *nlh)
{
	struct sdnbr_extack *ext = &x->nl->ext;

	if (sdnbr_extack_parse(nlh, ext) < 0) {
		memset(ext, 0, sizeof(*ext));
		ext->error = -EBADMSG;
	}
	sdnbr_extack_resolve_attr(ext, x->req);
	x->error = ext->error;
	x->done = true;
	return NL_STOP;
}

static int x_ack(struct nl_msg *msg, void *arg)
{
	return x_finish(arg, nlmsg_hdr(msg));
}

static int x_done(struct nl_msg *msg, void *arg)
{
	return x_finish(arg, nlmsg_hdr(msg));
}

static int x_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	/* libnl hands over only the payload; the header precedes it. */
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)
		((const unsigned char *)e - NLMSG_HDRLEN);

	(void)nla;
	return x_finish(arg, nlh);
}

static int x_dump_intr(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	(void)msg;
	x->intr = true;
	/* NL_OK: DONE may carry the flag too and must still end the dump. */
	return NL_OK;
}

static int transact(struct sdnbr_nl *nl, struct nl_msg *req,
		    sdnbr_nl_cb cb, void *arg, bool *intr)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct xact x = { .nl = nl, .req = nlh, .cb = cb, .arg = arg };
	struct nl_cb *ncb;
	int ret;

	memset(&nl->ext, 0, sizeof(nl->ext));
	if (nl->subscribed)
		return local_error(nl, -EBUSY,
				   "this handle receives events; open another for requests");

	ncb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!ncb)
		return local_error(nl, -ENOMEM, "out of memory");
	nl_cb_set(ncb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, x_seq_check, &x);
	nl_cb_set(ncb, NL_CB_VALID, NL_CB_CUSTOM, x_valid, &x);
	nl_cb_set(ncb, NL_CB_ACK, NL_CB_CUSTOM, x_ack, &x);
	nl_cb_set(ncb, NL_CB_FINISH, NL_CB_CUSTOM, x_done, &x);
	nl_cb_set(ncb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, x_dump_intr, &x);
	nl_cb_err(ncb, NL_CB_CUSTOM, x_err, &x);

	/* Let libnl number it afresh, so a retried dump is a new request. */
	nlh->nlmsg_seq = NL_AUTO_SEQ;
	nlh->nlmsg_pid = NL_AUTO_PORT;
	ret = nl_send_auto(nl->sk, req);
	if (ret < 0) {
		ret = local_error(nl, nlerr_to_errno(ret),
				  "sending the request: %s", nl_geterror(ret));
		goto out;
	}
	x.seq = nlh->nlmsg_seq;

	while (!x.done) {
		ret = nl_recvmsgs_report(nl->sk, ncb);
		if (x.done)
			break;
		if (ret < 0) {
			ret = local_error(nl, nlerr_to_errno(ret),
					  "receiving the reply: %s",
					  nl_geterror(ret));
			goto out;
		}
		/* Nothing read: only SO_RCVTIMEO makes recv() give up. */
		if (!ret) {
			ret = local_error(nl, -ETIMEDOUT,
					  "no answer from the kernel");
			goto out;
		}
	}

	ret = x.error;
	if (!ret && x.cb_error) {
		/* The kernel was happy; its ACK says nothing about this. */
		memset(&nl->ext, 0, sizeof(nl->ext));
		ret = x.cb_error;
		nl->ext.error = ret;
	}
	if (intr)
		*intr = x.intr;
out:
	nl_cb_put(ncb);
	return ret;
}

int sdnbr_nl_request(struct sdnbr_nl *nl, struct nl_msg *req,
		     sdnbr_nl_cb cb, void *arg)
{
	nlmsg_hdr(req)->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	return transact(nl, req, cb, arg, NULL);
}

int sdnbr_nl_dump(struct sdnbr_nl *nl, struct nl_msg *req, sdnbr_nl_cb cb,
		  sdnbr_nl_restart_cb restart, void *arg)
{
	int tries, ret;
	bool intr;

	nlmsg_hdr(req)->nlmsg_flags |= NLM_F_REQUEST | NLM_F_DUMP;
	for (tries = 1; ; tries++) {
		intr = false;
		ret = transact(nl, req, cb, arg, &intr);
		if (ret || !intr)
			return ret;
		/*
		 * The table changed under the dump, so what we have may be
		 * inconsistent: start over, but not forever under churn.
		 */
		if (tries == SDNBR_NL_DUMP_TRIES)
			return local_error(nl, -EAGAIN,
					   "dump interrupted by concurrent changes %d times",
					   tries);
		if (restart)
			restart(arg);
	}
}

/* ---- the controller ------------------------------------------------------ */

static struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	 = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]	 = { .type = NLA_STRING,
				     .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_VERSION]	 = { .type = NLA_U32 },
	[CTRL_ATTR_HDRSIZE]	 = { .type = NLA_U32 },
	[CTRL_ATTR_MAXATTR]	 = { .type = NLA_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

static struct nla_policy mcgrp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { .type = NLA_STRING,
				       .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GRP_ID]   = { .type = NLA_U32 },
};

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct sdnbr_nl_family *fam = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlattr *grp;
	int rem;

	if (nlh->nlmsg_type != GENL_ID_CTRL)
		return 0;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, CTRL_ATTR_MAX,
			  ctrl_policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME])
		return -EPROTO;

	memset(fam, 0, sizeof(*fam));
	fam->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	nla_strlcpy(fam->name, tb[CTRL_ATTR_FAMILY_NAME], sizeof(fam->name));
	if (tb[CTRL_ATTR_VERSION])
		fam->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_HDRSIZE])
		fam->hdrsize = nla_get_u32(tb[CTRL_ATTR_HDRSIZE]);
	if (tb[CTRL_ATTR_MAXATTR])
		fam->maxattr = nla_get_u32(tb[CTRL_ATTR_MAXATTR]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		struct sdnbr_nl_mcgrp *g;

		if (nla_parse_nested(gtb, CTRL_ATTR_MCAST_GRP_MAX, grp,
				     mcgrp_policy) < 0)
			return -EPROTO;
		if (!gtb[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !gtb[CTRL_ATTR_MCAST_GRP_ID] ||
		    fam->n_mcgrps == SDNBR_NL_MAX_MCGRPS)
			continue;
		g = &fam->mcgrps[fam->n_mcgrps++];
		nla_strlcpy(g->name, gtb[CTRL_ATTR_MCAST_GRP_NAME],
			    sizeof(g->name));
		g->id = nla_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

int sdnbr_nl_get_family(struct sdnbr_nl *nl, const char *name,
			struct sdnbr_nl_family *fam)
{
	struct sdnbr_nl_family found = { .id = 0 };
	struct nl_msg *msg;
	int ret;

	msg = nlmsg_alloc();
	if (!msg)
		return local_error(nl, -ENOMEM, "out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, 0,
			 CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name) < 0) {
		nlmsg_free(msg);
		return local_error(nl, -EMSGSIZE, "family name too long");
	}
	ret = sdnbr_nl_request(nl, msg, family_cb, &found);
	nlmsg_free(msg);
	if (ret)
		return ret;
	if (!found.id)
		return local_error(nl, -EPROTO,
				   "the controller did not describe family '%s'",
				   name);
	*fam = found;
	return 0;
}

/* ---- the handle ---------------------------------------------------------- */

int sdnbr_nl_open(struct sdnbr_nl **nlp, const char *family,
		  char *err, size_t errlen)
{
	struct sdnbr_nl *nl;
	int one = 1, ret;

	if (!family)
		family = SDNBR_GENL_NAME;
	*nlp = NULL;
	nl = calloc(1, sizeof(*nl));
	if (nl)
		nl->sk = nl_socket_alloc();
	if (!nl || !nl->sk) {
		free(nl);
		sdnbr_seterr(err, errlen, "sdnbr: out of memory");
		return -ENOMEM;
	}
	ret = genl_connect(nl->sk);
	if (ret < 0) {
		ret = nlerr_to_errno(ret);
		sdnbr_seterr(err, errlen,
		       "sdnbr: cannot open a generic netlink socket: %s",
		       strerror(-ret));
		goto fail;
	}
	/* Requests ask for their ACK themselves; dumps end with DONE. */
	nl_socket_disable_auto_ack(nl->sk);
	/*
	 * Extended ACKs carry the kernel's reason for a rejection; capping
	 * keeps it from echoing every rejected request back at us. Kernels
	 * without them (< 4.12) still work, just with terser errors.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	ret = sdnbr_nl_get_family(nl, family, &nl->fam);
	if (ret == -ENOENT) {
		sdnbr_seterr(err, errlen,
		       "sdnbr: generic netlink family '%s' not found: is the %s module loaded?",
		       family, family);
		goto fail;
	}
	if (ret) {
		sdnbr_format_error(err, errlen, "sdnbr",
				   "resolving generic netlink family", ret,
				   &nl->ext);
		goto fail;
	}
	/* Speak the ABI we were built for; other families speak theirs. */
	nl->hdr_version = strcmp(family, SDNBR_GENL_NAME) ?
		(uint8_t)nl->fam.version : SDNBR_GENL_VERSION;
	*nlp = nl;
	return 0;

fail:
	sdnbr_nl_close(nl);
	return ret;
}

void sdnbr_nl_close(struct sdnbr_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl->evbuf);
	free(nl);
}

struct nl_sock *sdnbr_nl_sock(struct sdnbr_nl *nl)
{
	return nl->sk;
}

int sdnbr_nl_fd(const struct sdnbr_nl *nl)
{
	return nl_socket_get_fd(nl->sk);
}

const struct sdnbr_nl_family *sdnbr_nl_family(const struct sdnbr_nl *nl)
{
	return &nl->fam;
}

const struct sdnbr_extack *sdnbr_nl_extack(const struct sdnbr_nl *nl)
{
	return &nl->ext;
}

int sdnbr_nl_set_timeout(struct sdnbr_nl *nl, unsigned int msecs)
{
	struct timeval tv = {
		.tv_sec = msecs / 1000,
		.tv_usec = (msecs % 1000) * 1000,
	};

	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO,
		       &tv, sizeof(tv)))
		return -errno;
	return 0;
}

struct nl_msg *sdnbr_nl_msg(const struct sdnbr_nl *nl, uint8_t cmd,
			    int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->fam.id,
			 (int)nl->fam.hdrsize, flags, cmd, nl->hdr_version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* ---- events -------------------------------------------------------------- */

int sdnbr_nl_subscribe(struct sdnbr_nl *nl, const char *group)
{
	unsigned int i;
	int ret;

	memset(&nl->ext, 0, sizeof(nl->ext));
	for (i = 0; i < nl->fam.n_mcgrps; i++) {
		if (!strcmp(nl->fam.mcgrps[i].name, group))
			break;
	}
	if (i == nl->fam.n_mcgrps)
		return local_error(nl, -ENOENT,
				   "family '%s' has no multicast group '%s'",
				   nl->fam.name, group);
	ret = nl_socket_add_membership(nl->sk, (int)nl->fam.mcgrps[i].id);
	if (ret < 0)
		return local_error(nl, nlerr_to_errno(ret),
				   "joining multicast group '%s'", group);
	/* A bigger buffer makes ENOBUFS (lost events) rarer under bursts. */
	nl_socket_set_buffer_size(nl->sk, 1024 * 1024, 0);
	nl->subscribed = true;
	return 0;
}

/*
 * Reads what one recv() returns and passes each notification of our family
 * to @cb. -ENOBUFS means events were lost and the caller must resync; on
 * a non-blocking socket, -EAGAIN means there was nothing to read.
 */
int sdnbr_nl_recv_events(struct sdnbr_nl *nl, sdnbr_nl_cb cb, void *arg)
{
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len, ret;

	if (!nl->evbuf) {
		nl->evbuf = malloc(EVBUF_SIZE);
		if (!nl->evbuf)
			return -ENOMEM;
		nl->evbuf_size = EVBUF_SIZE;
	}
	/* Peek at the size first: a datagram cut short is lost for good. */
	n = recv(nl_socket_get_fd(nl->sk), nl->evbuf, 1, MSG_PEEK | MSG_TRUNC);
	if (n < 0)
		return -errno;
	if ((size_t)n > nl->evbuf_size) {
		unsigned char *p = realloc(nl->evbuf, (size_t)n);

		if (!p)
			return -ENOMEM;
		nl->evbuf = p;
		nl->evbuf_size = (size_t)n;
	}
	n = recvfrom(nl_socket_get_fd(nl->sk), nl->evbuf, nl->evbuf_size,
		     MSG_TRUNC, (struct sockaddr *)&from, &fromlen);
	if (n < 0)
		return -errno;
	if ((size_t)n > nl->evbuf_size)
		return -EMSGSIZE;
	/* Only the kernel sends events; ignore anything a process sent. */
	if (fromlen != sizeof(from) || from.nl_pid != 0)
		return 0;

	len = (int)n;
	for (nlh = (const struct nlmsghdr *)nl->evbuf; NLMSG_OK(nlh, len);
	     nlh = NLMSG_NEXT(nlh, len)) {
		if (nlh->nlmsg_type != nl->fam.id)
			continue;
		ret = cb(nlh, arg);
		if (ret < 0)
			return ret;
	}
	return 0;
}
