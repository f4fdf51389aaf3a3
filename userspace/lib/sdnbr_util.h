/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting helpers, the OpenShift SDN pod MAC rule, and the batch-file
 * reader shared by sdnctl and sdn-agent.
 */
#ifndef SDNBR_UTIL_H
#define SDNBR_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <netinet/in.h>

#define SDNBR_MAC_STRLEN	18	/* "xx:xx:xx:xx:xx:xx" + NUL */
#define SDNBR_PREFIX_STRLEN	19	/* "255.255.255.255/32" + NUL */
/* "firewall replace dev BR vnid N" and 1,000 rules of two words fit */
#define SDNBR_BATCH_MAX_ARGS	2048

#define SDNBR_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

const char *sdnbr_fmt_mac(const uint8_t mac[6], char buf[SDNBR_MAC_STRLEN]);
const char *sdnbr_fmt_ipv4(struct in_addr addr, char buf[INET_ADDRSTRLEN]);
const char *sdnbr_fmt_ipv4_prefix(struct in_addr addr, unsigned int plen,
				  char buf[SDNBR_PREFIX_STRLEN]);
struct in_addr sdnbr_ipv4_mask(unsigned int plen);
void sdnbr_pod_mac(struct in_addr ip, uint8_t mac[6]);

int sdnbr_split_line(char *line, char **argv, int max_args,
		     char *err, size_t errlen);

/*
 * Reads a batch file one command at a time. A line ending in a backslash
 * continues on the next; blank lines and comments are skipped; lineno is
 * the line the current command started on, for FILE:LINE messages.
 */
struct sdnbr_batch {
	FILE *fp;
	bool own_fp;
	char name[256];
	unsigned long lineno;		/* first line of the current command */
	unsigned long next_lineno;	/* lines consumed so far */
	char *line;			/* getline() buffer */
	size_t line_cap;
	char *cmd;			/* the command, continuations joined */
	size_t cmd_cap;
	char *argv[SDNBR_BATCH_MAX_ARGS + 1];
};

int sdnbr_batch_open(struct sdnbr_batch *b, const char *path,
		     char *err, size_t errlen);
void sdnbr_batch_init(struct sdnbr_batch *b, FILE *fp, const char *name);
int sdnbr_batch_next(struct sdnbr_batch *b, int *argc, char ***argv,
		     char *err, size_t errlen);
void sdnbr_batch_close(struct sdnbr_batch *b);

/*
 * Format an error message into a caller's buffer; a NULL or empty buffer
 * means the caller does not want the text.
 */
__attribute__((format(printf, 3, 4)))
void sdnbr_seterr(char *err, size_t errlen, const char *fmt, ...);

#endif /* SDNBR_UTIL_H */
