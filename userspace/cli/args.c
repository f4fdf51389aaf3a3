// SPDX-License-Identifier: GPL-2.0
/*
 * Keyword arguments, ip(8) style: "KEYWORD VALUE" pairs in any order.
 * Every error names the keyword or value at fault:
 *
 *	pod add: unknown keyword "bogus"
 *	pod add: missing ADDRESS after "ip"
 *	pod add: "ip" given twice
 *	pod add: missing "ip ADDRESS"
 *	pod add: invalid IPv4 address "10.128.0.300" (ip)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/sdnbr.h>

#include "sdnbr_names.h"
#include "sdnbr_parse.h"
#include "sdnbr_util.h"
#include "sdnctl.h"

int sdnctl_parse_kws(struct sdnctl *ctx, int argc, char **argv,
		     struct sdnctl_kw *kws, size_t n_kws)
{
	char err[256], missing[256];
	struct sdnctl_kw *kw;
	size_t i, len = 0;
	int a;

	for (i = 0; i < n_kws; i++)
		kws[i].n = 0;
	for (a = 0; a < argc; a += 2) {
		unsigned int max;
		void *dst;

		kw = NULL;
		for (i = 0; i < n_kws; i++) {
			if (!strcmp(argv[a], kws[i].name)) {
				kw = &kws[i];
				break;
			}
		}
		if (!kw)
			return sdnctl_usage_err(ctx, "unknown keyword \"%s\"",
						argv[a]);
		if (a + 1 == argc)
			return sdnctl_usage_err(ctx, "missing %s after \"%s\"",
						kw->meta, kw->name);
		max = kw->max ? kw->max : 1;
		if (kw->n == max) {
			if (max == 1)
				return sdnctl_arg_err(ctx, "\"%s\" given twice",
						      kw->name);
			return sdnctl_arg_err(ctx, "\"%s\" given more than %u times",
					      kw->name, max);
		}
		dst = (char *)kw->dst + (max > 1 ? kw->n * kw->size : 0);
		if (kw->parse(ctx, argv[a + 1], dst, err, sizeof(err)))
			return sdnctl_arg_err(ctx, "%s (%s)", err, kw->name);
		kw->n++;
	}

	missing[0] = '\0';
	for (i = 0; i < n_kws; i++) {
		if (!kws[i].required || kws[i].n)
			continue;
		len += (size_t)snprintf(missing + len,
					len < sizeof(missing) ?
					sizeof(missing) - len : 0,
					"%s\"%s %s\"", len ? ", " : "",
					kws[i].name, kws[i].meta);
	}
	if (len)
		return sdnctl_usage_err(ctx, "missing %s", missing);
	return 0;
}

int sdnctl_parse_list_kws(struct sdnctl *ctx, int argc, char **argv,
			  const struct sdnctl_list_kw *list, size_t n_list,
			  sdnctl_list_fn fn, void *arg,
			  struct sdnctl_kw *kws, size_t n_kws)
{
	char **rest;
	size_t i;
	int a, n = 0, status;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (!rest)
		return sdnctl_arg_err(ctx, "%s", strerror(ENOMEM));
	for (a = 0; a < argc; a += 2) {
		for (i = 0; i < n_list; i++) {
			if (!strcmp(argv[a], list[i].name))
				break;
		}
		if (i == n_list) {
			rest[n++] = argv[a];
			if (a + 1 < argc)
				rest[n++] = argv[a + 1];
			continue;
		}
		if (a + 1 == argc) {
			free(rest);
			return sdnctl_usage_err(ctx, "missing %s after \"%s\"",
						list[i].meta, list[i].name);
		}
		if (fn(ctx, list[i].name, argv[a + 1], arg)) {
			free(rest);
			return 1;
		}
	}
	status = sdnctl_parse_kws(ctx, n, rest, kws, n_kws);
	free(rest);
	return status;
}

/* ---- values ---------------------------------------------------------------- */

int sdnctl_p_ipv4(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_ipv4(s, dst, err, errlen);
}

int sdnctl_p_prefix(struct sdnctl *ctx, const char *s, void *dst, char *err,
		    size_t errlen)
{
	struct sdnbr_prefix *p = dst;

	(void)ctx;
	return sdnbr_parse_ipv4_prefix(s, &p->addr, &p->plen, err, errlen);
}

int sdnctl_p_mac(struct sdnctl *ctx, const char *s, void *dst, char *err,
		 size_t errlen)
{
	(void)ctx;
	/* The kernel wants what a pod can have: unicast, not zero. */
	return sdnbr_parse_mac(s, dst, SDNBR_MAC_NO_MCAST | SDNBR_MAC_NO_ZERO,
			       err, errlen);
}

int sdnctl_p_vnid(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_vnid(s, dst, err, errlen);
}

int sdnctl_p_u32(struct sdnctl *ctx, const char *s, void *dst, char *err,
		 size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_u32(s, "number", 0, UINT32_MAX, dst, err, errlen);
}

int sdnctl_p_udp_port(struct sdnctl *ctx, const char *s, void *dst,
		      char *err, size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_port(s, dst, err, errlen);
}

int sdnctl_p_bool(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_bool(s, dst, err, errlen);
}

int sdnctl_p_mode(struct sdnctl *ctx, const char *s, void *dst, char *err,
		  size_t errlen)
{
	int mode = sdnbr_mode_lookup(s);

	(void)ctx;
	if (mode < 0) {
		sdnbr_seterr(err, errlen,
			     "invalid mode \"%s\" (expected subnet or multitenant)",
			     s);
		return -EINVAL;
	}
	*(uint8_t *)dst = (uint8_t)mode;
	return 0;
}

int sdnctl_p_ifname(struct sdnctl *ctx, const char *s, void *dst, char *err,
		    size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_ifname(s, dst, err, errlen);
}

/*
 * Interface lookups go through one socket kept open: a batch can name
 * thousands of ports, and if_nametoindex() opens a socket for each.
 */
static int ifsock(struct sdnctl *ctx)
{
	if (ctx->ifsock < 0)
		ctx->ifsock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (ctx->ifsock < 0)
		ctx->ifsock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return ctx->ifsock;
}

int sdnctl_p_iface(struct sdnctl *ctx, const char *s, void *dst, char *err,
		   size_t errlen)
{
	struct ifreq ifr;
	int fd, e;

	if (sdnbr_parse_ifname(s, ifr.ifr_name, err, errlen))
		return -EINVAL;
	fd = ifsock(ctx);
	if (fd < 0 || ioctl(fd, SIOCGIFINDEX, &ifr) < 0) {
		e = errno;
		if (e == ENODEV)
			sdnbr_seterr(err, errlen, "no interface \"%s\"%s", s,
				     ctx->netns ? " in this network namespace" :
						  "");
		else
			sdnbr_seterr(err, errlen,
				     "cannot look up interface \"%s\": %s", s,
				     strerror(e));
		return -ENODEV;
	}
	*(uint32_t *)dst = (uint32_t)ifr.ifr_ifindex;
	return 0;
}

int sdnctl_p_ifindex(struct sdnctl *ctx, const char *s, void *dst,
		     char *err, size_t errlen)
{
	(void)ctx;
	return sdnbr_parse_u32(s, "interface index", 1, INT32_MAX, dst, err,
			       errlen);
}

/* A big table names few ports many times: remember, for one command. */
const char *sdnctl_ifname(struct sdnctl *ctx, uint32_t ifindex,
			  char buf[IFNAMSIZ])
{
	struct sdnctl_ifcache *c = &ctx->ifcache[ifindex % SDNCTL_IFCACHE];
	struct ifreq ifr;
	int fd;

	if (!ifindex || ifindex > INT32_MAX)
		return NULL;
	if (c->ifindex != ifindex) {
		fd = ifsock(ctx);
		memset(&ifr, 0, sizeof(ifr));
		ifr.ifr_ifindex = (int)ifindex;
		c->ifindex = ifindex;
		c->found = fd >= 0 && ioctl(fd, SIOCGIFNAME, &ifr) == 0;
		memcpy(c->name, ifr.ifr_name, IFNAMSIZ);
		c->name[IFNAMSIZ - 1] = '\0';
	}
	if (!c->found)
		return NULL;
	memcpy(buf, c->name, IFNAMSIZ);
	return buf;
}
