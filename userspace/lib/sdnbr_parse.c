// SPDX-License-Identifier: GPL-2.0
/*
 * Strict argument parsers. inet_aton() and strtoul() are deliberately not
 * used on their own: they accept "10.1", octal, leading whitespace, signs
 * and trailing junk, all of which would silently program the wrong flow.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

#include "sdnbr_parse.h"
#include "sdnbr_util.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Parses exactly one dotted quad; no octal, no short forms. */
static bool ipv4_ok(const char *s, struct in_addr *addr)
{
	uint32_t a = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned int v = 0;
		int digits = 0;

		if (part && *s++ != '.')
			return false;
		/* A leading zero would mean octal to inet_aton(). */
		if (s[0] == '0' && isdigit((unsigned char)s[1]))
			return false;
		while (isdigit((unsigned char)*s) && digits < 4) {
			v = v * 10 + (unsigned int)(*s++ - '0');
			digits++;
		}
		if (!digits || digits > 3 || v > 255)
			return false;
		a = a << 8 | v;
	}
	if (*s)
		return false;
	addr->s_addr = htonl(a);
	return true;
}

int sdnbr_parse_ipv4(const char *s, struct in_addr *addr,
		     char *err, size_t errlen)
{
	if (!ipv4_ok(s, addr))
		return fail(err, errlen, "invalid IPv4 address \"%s\"", s);
	return 0;
}

int sdnbr_parse_ipv4_prefix(const char *s, struct in_addr *addr,
			    uint8_t *plen, char *err, size_t errlen)
{
	char abuf[INET_ADDRSTRLEN], fixed[SDNBR_PREFIX_STRLEN];
	const char *slash = strchr(s, '/');
	struct in_addr a, mask;
	const char *p;
	unsigned int len = 0;

	if (!slash)
		return fail(err, errlen,
			    "invalid IPv4 prefix \"%s\": expected ADDRESS/LENGTH",
			    s);
	if ((size_t)(slash - s) >= sizeof(abuf))
		return fail(err, errlen,
			    "invalid IPv4 address \"%.*s\" in prefix \"%s\"",
			    (int)(slash - s), s, s);
	memcpy(abuf, s, slash - s);
	abuf[slash - s] = '\0';
	if (!ipv4_ok(abuf, &a))
		return fail(err, errlen,
			    "invalid IPv4 address \"%s\" in prefix \"%s\"",
			    abuf, s);

	p = slash + 1;
	if (!isdigit((unsigned char)p[0]) ||
	    (p[0] == '0' && p[1]) || strlen(p) > 2)
		goto bad_len;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			goto bad_len;
		len = len * 10 + (unsigned int)(*p - '0');
	}
	if (len > 32)
		goto bad_len;

	mask = sdnbr_ipv4_mask(len);
	if (a.s_addr & ~mask.s_addr) {
		a.s_addr &= mask.s_addr;
		return fail(err, errlen,
			    "\"%s\" has host bits set; did you mean %s?", s,
			    sdnbr_fmt_ipv4_prefix(a, len, fixed));
	}
	*addr = a;
	*plen = (uint8_t)len;
	return 0;

bad_len:
	return fail(err, errlen,
		    "invalid prefix length \"%s\" in \"%s\" (expected 0..32)",
		    slash + 1, s);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int sdnbr_parse_mac(const char *s, uint8_t mac[6], unsigned int flags,
		    char *err, size_t errlen)
{
	static const uint8_t zero[6];
	uint8_t m[6];
	int i;

	for (i = 0; i < 6; i++) {
		const char *o = s + i * 3;
		int hi, lo;

		hi = hexval(o[0]);
		lo = hi < 0 ? -1 : hexval(o[1]);
		if (lo < 0 || o[2] != (i == 5 ? '\0' : ':'))
			return fail(err, errlen, "invalid MAC address \"%s\"",
				    s);
		m[i] = (uint8_t)(hi << 4 | lo);
	}
	if ((flags & SDNBR_MAC_NO_ZERO) && !memcmp(m, zero, sizeof(m)))
		return fail(err, errlen, "MAC address \"%s\" is all zeros", s);
	if ((flags & SDNBR_MAC_NO_MCAST) && (m[0] & 1))
		return fail(err, errlen,
			    "MAC address \"%s\" is a multicast address", s);
	memcpy(mac, m, sizeof(m));
	return 0;
}

/* Returns false on syntax errors; *v saturates to UINT64_MAX on overflow. */
static bool ulong_ok(const char *s, uint64_t *v)
{
	const char *digits = s, *q;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits = s + 2;
		base = 16;
	}
	/*
	 * strtoull() alone would accept leading space, a sign, "0x" with no
	 * digits and, in base 16, a second "0x": check every digit first.
	 */
	if (!*digits)
		return false;
	for (q = digits; *q; q++) {
		if (base == 16 ? hexval(*q) < 0 : !isdigit((unsigned char)*q))
			return false;
	}
	errno = 0;
	*v = strtoull(digits, NULL, base);
	if (errno == ERANGE)
		*v = UINT64_MAX;
	return true;
}

int sdnbr_parse_u32(const char *s, const char *what, uint32_t min,
		    uint32_t max, uint32_t *val, char *err, size_t errlen)
{
	uint64_t v;

	if (!what)
		what = "number";
	if (!ulong_ok(s, &v))
		return fail(err, errlen, "invalid %s \"%s\"", what, s);
	if (v < min || v > max)
		return fail(err, errlen, "%s \"%s\" out of range %u..%u",
			    what, s, min, max);
	*val = (uint32_t)v;
	return 0;
}

int sdnbr_parse_vnid(const char *s, uint32_t *vnid, char *err, size_t errlen)
{
	return sdnbr_parse_u32(s, "VNID", 0, SDNBR_VNID_MAX, vnid,
			       err, errlen);
}

/* The same rules as the kernel's dev_valid_name(), so errors come early. */
int sdnbr_parse_ifname(const char *s, char name[IFNAMSIZ],
		       char *err, size_t errlen)
{
	const char *p;

	if (!*s)
		return fail(err, errlen, "invalid interface name \"\": empty");
	if (strlen(s) >= IFNAMSIZ)
		return fail(err, errlen,
			    "invalid interface name \"%s\": longer than %d characters",
			    s, IFNAMSIZ - 1);
	if (!strcmp(s, ".") || !strcmp(s, ".."))
		return fail(err, errlen, "invalid interface name \"%s\"", s);
	for (p = s; *p; p++) {
		if (*p == '/' || *p == ':')
			return fail(err, errlen,
				    "invalid interface name \"%s\": contains '%c'",
				    s, *p);
		if (isspace((unsigned char)*p))
			return fail(err, errlen,
				    "invalid interface name \"%s\": contains whitespace",
				    s);
	}
	memcpy(name, s, p - s + 1);
	return 0;
}

static const struct {
	const char *name;
	uint8_t num;
} protos[] = {
	{ "icmp", IPPROTO_ICMP },
	{ "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },
	{ "sctp", IPPROTO_SCTP },
};

int sdnbr_parse_proto(const char *s, uint8_t *proto, char *err, size_t errlen)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(protos); i++) {
		if (!strcasecmp(s, protos[i].name)) {
			*proto = protos[i].num;
			return 0;
		}
	}
	if (!ulong_ok(s, &v))
		return fail(err, errlen,
			    "invalid protocol \"%s\" (expected tcp, udp, icmp, sctp or 0..255)",
			    s);
	if (v > 255)
		return fail(err, errlen, "protocol \"%s\" out of range 0..255",
			    s);
	*proto = (uint8_t)v;
	return 0;
}

int sdnbr_parse_port(const char *s, uint16_t *port, char *err, size_t errlen)
{
	uint32_t v = 0;
	int ret;

	ret = sdnbr_parse_u32(s, "port", 1, 65535, &v, err, errlen);
	if (!ret)
		*port = (uint16_t)v;
	return ret;
}

int sdnbr_parse_bool(const char *s, bool *val, char *err, size_t errlen)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; i < SDNBR_ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*val = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*val = false;
			return 0;
		}
	}
	return fail(err, errlen,
		    "invalid boolean \"%s\" (expected on/off, yes/no, true/false or 1/0)",
		    s);
}
