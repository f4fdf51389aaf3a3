// SPDX-License-Identifier: GPL-2.0
/*
 * Formatting helpers, the pod MAC rule and the batch-file reader.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "sdnbr_util.h"

void sdnbr_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

const char *sdnbr_fmt_mac(const uint8_t mac[6], char buf[SDNBR_MAC_STRLEN])
{
	snprintf(buf, SDNBR_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

const char *sdnbr_fmt_ipv4(struct in_addr addr, char buf[INET_ADDRSTRLEN])
{
	return inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
}

const char *sdnbr_fmt_ipv4_prefix(struct in_addr addr, unsigned int plen,
				  char buf[SDNBR_PREFIX_STRLEN])
{
	char a[INET_ADDRSTRLEN];

	snprintf(buf, SDNBR_PREFIX_STRLEN, "%s/%u", sdnbr_fmt_ipv4(addr, a),
		 plen);
	return buf;
}

struct in_addr sdnbr_ipv4_mask(unsigned int plen)
{
	struct in_addr m;

	/* A shift by 32 is undefined, so /0 needs its own case. */
	m.s_addr = plen ? htonl(~0U << (32 - (plen > 32 ? 32 : plen))) : 0;
	return m;
}

/*
 * OpenShift SDN gives each pod the MAC 0a:58 followed by its IPv4 address
 * (pkg/network/node/pod.go), so ARP replies and flows can be derived from
 * the IP alone; the locally administered bit of 0x0a keeps it unique.
 */
void sdnbr_pod_mac(struct in_addr ip, uint8_t mac[6])
{
	mac[0] = 0x0a;
	mac[1] = 0x58;
	memcpy(&mac[2], &ip.s_addr, 4);
}

/*
 * Splits @line in place, shell-like but smaller: words are separated by
 * whitespace, a word starting with '#' starts a comment, and double quotes
 * group (inside them, \" and \\ escape). @argv needs room for @max_args + 1.
 */
int sdnbr_split_line(char *line, char **argv, int max_args,
		     char *err, size_t errlen)
{
	char *r = line, *w = line;
	int argc = 0;

	for (;;) {
		bool quoted = false;

		while (isspace((unsigned char)*r))
			r++;
		if (!*r || *r == '#')
			break;
		if (argc == max_args) {
			sdnbr_seterr(err, errlen, "too many arguments (more than %d)",
			       max_args);
			return -E2BIG;
		}
		argv[argc++] = w;
		for (; *r; r++) {
			if (quoted) {
				if (*r == '"') {
					quoted = false;
					continue;
				}
				if (*r == '\\' && (r[1] == '"' || r[1] == '\\'))
					r++;
			} else {
				if (isspace((unsigned char)*r))
					break;
				if (*r == '"') {
					quoted = true;
					continue;
				}
			}
			*w++ = *r;
		}
		if (quoted) {
			sdnbr_seterr(err, errlen, "unterminated quote");
			return -EINVAL;
		}
		/* Step past the separator before w may overwrite it. */
		if (*r)
			r++;
		*w++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

void sdnbr_batch_init(struct sdnbr_batch *b, FILE *fp, const char *name)
{
	memset(b, 0, sizeof(*b));
	b->fp = fp;
	snprintf(b->name, sizeof(b->name), "%s", name);
}

int sdnbr_batch_open(struct sdnbr_batch *b, const char *path,
		     char *err, size_t errlen)
{
	FILE *fp;

	if (!strcmp(path, "-")) {
		sdnbr_batch_init(b, stdin, "<stdin>");
		return 0;
	}
	fp = fopen(path, "re");
	if (!fp) {
		int e = errno;

		sdnbr_seterr(err, errlen, "cannot open batch file \"%s\": %s", path,
		       strerror(e));
		return -e;
	}
	sdnbr_batch_init(b, fp, path);
	b->own_fp = true;
	return 0;
}

static int cmd_append(struct sdnbr_batch *b, size_t *len, const char *s,
		      size_t n)
{
	if (*len + n + 1 > b->cmd_cap) {
		size_t cap = (*len + n + 1) * 2;
		char *p = realloc(b->cmd, cap);

		if (!p)
			return -ENOMEM;
		b->cmd = p;
		b->cmd_cap = cap;
	}
	memcpy(b->cmd + *len, s, n);
	*len += n;
	b->cmd[*len] = '\0';
	return 0;
}

/*
 * Returns 1 with the next command in @argc/@argv (valid until the next
 * call), 0 at the end of the file, or a negative errno with a FILE:LINE
 * message in @err.
 */
int sdnbr_batch_next(struct sdnbr_batch *b, int *argc, char ***argv,
		     char *err, size_t errlen)
{
	char msg[128];
	int ret;

	for (;;) {
		size_t len = 0;
		bool more = false;

		b->lineno = b->next_lineno + 1;
		if (cmd_append(b, &len, "", 0))
			goto nomem;
		do {
			ssize_t n = getline(&b->line, &b->line_cap, b->fp);

			if (n < 0) {
				if (ferror(b->fp)) {
					sdnbr_seterr(err, errlen, "%s:%lu: %s", b->name,
					       b->next_lineno + 1,
					       strerror(errno ? errno : EIO));
					return -EIO;
				}
				/* A continuation at EOF ends the command. */
				if (!len)
					return 0;
				break;
			}
			b->next_lineno++;
			if (memchr(b->line, '\0', n)) {
				sdnbr_seterr(err, errlen, "%s:%lu: NUL byte in line",
				       b->name, b->next_lineno);
				return -EINVAL;
			}
			while (n && (b->line[n - 1] == '\n' ||
				     b->line[n - 1] == '\r'))
				n--;
			more = n && b->line[n - 1] == '\\';
			/* The backslash-newline becomes a word separator. */
			if (more)
				b->line[n - 1] = ' ';
			if (cmd_append(b, &len, b->line, n))
				goto nomem;
		} while (more);

		ret = sdnbr_split_line(b->cmd, b->argv, SDNBR_BATCH_MAX_ARGS,
				       msg, sizeof(msg));
		if (ret < 0) {
			sdnbr_seterr(err, errlen, "%s:%lu: %s", b->name, b->lineno,
			       msg);
			return ret;
		}
		if (ret > 0) {
			*argc = ret;
			*argv = b->argv;
			return 1;
		}
	}

nomem:
	sdnbr_seterr(err, errlen, "%s:%lu: %s", b->name, b->lineno,
	       strerror(ENOMEM));
	return -ENOMEM;
}

void sdnbr_batch_close(struct sdnbr_batch *b)
{
	if (b->own_fp && b->fp)
		fclose(b->fp);
	free(b->line);
	free(b->cmd);
	b->fp = NULL;
	b->line = NULL;
	b->cmd = NULL;
}
