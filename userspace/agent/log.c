// SPDX-License-Identifier: GPL-2.0
/*
 * sdn-agent's log: one line per change or failure on stderr, no
 * timestamps (journald adds its own), and the counts for the summary.
 */
#include <stdarg.h>
#include <stdio.h>

#include "agent.h"

void agent_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void agent_change(struct agent_counts *n, enum agent_op op,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (op == AGENT_ADD)
		n->added++;
	else if (op == AGENT_REPLACE)
		n->replaced++;
	else
		n->deleted++;
}

void agent_error(struct agent_counts *n, const char *fmt, ...)
{
	va_list ap;

	fputs("sdn-agent: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (n)
		n->errors++;
}

