// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the formatting helpers, the pod MAC rule, the batch line
 * splitter and the batch-file reader.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "sdnbr_parse.h"
#include "sdnbr_util.h"

static struct in_addr addr(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a;
}

static const char *pod_mac(const char *ip)
{
	static char buf[SDNBR_MAC_STRLEN];
	uint8_t mac[6];

	sdnbr_pod_mac(addr(ip), mac);
	return sdnbr_fmt_mac(mac, buf);
}

static void pod_mac_derivation(void **state)
{
	(void)state;
	assert_string_equal(pod_mac("10.128.0.2"), "0a:58:0a:80:00:02");
	assert_string_equal(pod_mac("10.129.255.254"), "0a:58:0a:81:ff:fe");
	assert_string_equal(pod_mac("0.0.0.0"), "0a:58:00:00:00:00");
	assert_string_equal(pod_mac("255.255.255.255"), "0a:58:ff:ff:ff:ff");
}

static void formatting(void **state)
{
	static const uint8_t mac[6] = { 0xde, 0xad, 0xBE, 0xef, 0x00, 0x01 };
	char m[SDNBR_MAC_STRLEN], a[INET_ADDRSTRLEN], p[SDNBR_PREFIX_STRLEN];

	(void)state;
	assert_string_equal(sdnbr_fmt_mac(mac, m), "de:ad:be:ef:00:01");
	assert_string_equal(sdnbr_fmt_ipv4(addr("10.128.0.1"), a),
			    "10.128.0.1");
	assert_string_equal(sdnbr_fmt_ipv4_prefix(addr("255.255.255.255"), 32,
						  p), "255.255.255.255/32");
	assert_string_equal(sdnbr_fmt_ipv4_prefix(addr("0.0.0.0"), 0, p),
			    "0.0.0.0/0");
	assert_int_equal(ntohl(sdnbr_ipv4_mask(0).s_addr), 0);
	assert_int_equal(ntohl(sdnbr_ipv4_mask(1).s_addr), 0x80000000);
	assert_int_equal(ntohl(sdnbr_ipv4_mask(14).s_addr), 0xfffc0000);
	assert_int_equal(ntohl(sdnbr_ipv4_mask(23).s_addr), 0xfffffe00);
	assert_int_equal(ntohl(sdnbr_ipv4_mask(32).s_addr), 0xffffffff);
}

/* Splits a copy of @line and checks it yields exactly the NULL-ended list. */
static void split_ok(const char *line, ...)
{
	char *argv[SDNBR_BATCH_MAX_ARGS + 1], err[128] = "";
	char *copy = strdup(line);
	const char *want;
	va_list ap;
	int argc, i = 0;

	argc = sdnbr_split_line(copy, argv, SDNBR_BATCH_MAX_ARGS, err,
				sizeof(err));
	assert_string_equal(err, "");
	va_start(ap, line);
	while ((want = va_arg(ap, const char *))) {
		assert_true(i < argc);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(argc, i);
	assert_null(argv[argc]);
	free(copy);
}

static void split_line(void **state)
{
	(void)state;
	split_ok("pod add foo", "pod", "add", "foo", NULL);
	split_ok("  leading   and\ttabs\r\n", "leading", "and", "tabs", NULL);
	split_ok("", NULL);
	split_ok("   \t ", NULL);
	split_ok("# a comment", NULL);
	split_ok("   # indented comment", NULL);
	split_ok("a b # trailing comment", "a", "b", NULL);
	split_ok("a b#not-a-comment", "a", "b#not-a-comment", NULL);
	split_ok("x \"#quoted\"", "x", "#quoted", NULL);
	split_ok("\"hello world\" x", "hello world", "x", NULL);
	split_ok("a\"b c\"d", "ab cd", NULL);
	split_ok("\"\" x", "", "x", NULL);
	split_ok("\"a \\\" b\"", "a \" b", NULL);
	split_ok("\"back\\\\slash\"", "back\\slash", NULL);
	split_ok("\"lit\\n\"", "lit\\n", NULL);
	split_ok("out\\side", "out\\side", NULL);
	split_ok("'single quoted'", "'single", "quoted'", NULL);
}

static void split_errors(void **state)
{
	char line[64], *argv[5], err[128];

	(void)state;
	strcpy(line, "a \"b c");
	assert_int_equal(sdnbr_split_line(line, argv, 4, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "unterminated quote");

	strcpy(line, "a \"b\\\"");
	assert_int_equal(sdnbr_split_line(line, argv, 4, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "unterminated quote");

	strcpy(line, "1 2 3 4");
	assert_int_equal(sdnbr_split_line(line, argv, 4, err, sizeof(err)), 4);
	assert_null(argv[4]);

	strcpy(line, "1 2 3 4 5");
	assert_int_equal(sdnbr_split_line(line, argv, 4, err, sizeof(err)),
			 -E2BIG);
	assert_string_equal(err, "too many arguments (more than 4)");

	/* A comment does not count against the limit. */
	strcpy(line, "1 2 3 4 # 5 6");
	assert_int_equal(sdnbr_split_line(line, argv, 4, err, sizeof(err)), 4);
}

static FILE *mem(const char *s, size_t len)
{
	FILE *f = fmemopen((void *)s, len, "r");

	assert_non_null(f);
	return f;
}

/* Reads the next command and checks its line number and words. */
static void next_ok(struct sdnbr_batch *b, unsigned long lineno, ...)
{
	char err[256] = "", **argv;
	const char *want;
	va_list ap;
	int argc, i = 0;

	assert_int_equal(sdnbr_batch_next(b, &argc, &argv, err, sizeof(err)),
			 1);
	assert_string_equal(err, "");
	assert_int_equal(b->lineno, lineno);
	va_start(ap, lineno);
	while ((want = va_arg(ap, const char *))) {
		assert_true(i < argc);
		assert_string_equal(argv[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(argc, i);
}

static void batch_reader(void **state)
{
	static const char text[] =
		"# header comment\n"
		"\n"
		"version\n"
		"pod add \\\n"
		"   foo \\\n"
		"   bar\n"
		"  \"quoted arg\" # trailing\r\n"
		"\t\n"
		"last-without-newline";
	struct sdnbr_batch b;
	char err[256], **argv;
	int argc;

	(void)state;
	sdnbr_batch_init(&b, mem(text, strlen(text)), "cmds.batch");
	next_ok(&b, 3, "version", NULL);
	next_ok(&b, 4, "pod", "add", "foo", "bar", NULL);
	next_ok(&b, 7, "quoted arg", NULL);
	next_ok(&b, 9, "last-without-newline", NULL);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 0);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 0);
	fclose(b.fp);
	sdnbr_batch_close(&b);
}

static void batch_errors(void **state)
{
	static const char quote[] = "ok\n\nbad \"quote\nnever\n";
	static const char nul[] = "fine\na\0b\n";
	static const char cont_eof[] = "a \\";
	struct sdnbr_batch b;
	char err[256], **argv;
	int argc;

	(void)state;
	sdnbr_batch_init(&b, mem(quote, strlen(quote)), "q.batch");
	next_ok(&b, 1, "ok", NULL);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "q.batch:3: unterminated quote");
	fclose(b.fp);
	sdnbr_batch_close(&b);

	sdnbr_batch_init(&b, mem(nul, sizeof(nul) - 1), "n.batch");
	next_ok(&b, 1, "fine", NULL);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "n.batch:2: NUL byte in line");
	fclose(b.fp);
	sdnbr_batch_close(&b);

	/* A continuation at the end of the file just ends the command. */
	sdnbr_batch_init(&b, mem(cont_eof, strlen(cont_eof)), "c.batch");
	next_ok(&b, 1, "a", NULL);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 0);
	fclose(b.fp);
	sdnbr_batch_close(&b);
}

static void batch_open(void **state)
{
	struct sdnbr_batch b;
	char err[256], **argv, path[] = "/tmp/sdnbr-test-XXXXXX";
	int argc, fd;

	(void)state;
	assert_int_equal(sdnbr_batch_open(&b, "/nonexistent/x.batch", err,
					  sizeof(err)), -ENOENT);
	assert_string_equal(err,
			    "cannot open batch file \"/nonexistent/x.batch\": No such file or directory");

	assert_int_equal(sdnbr_batch_open(&b, "-", err, sizeof(err)), 0);
	assert_string_equal(b.name, "<stdin>");
	assert_ptr_equal(b.fp, stdin);
	sdnbr_batch_close(&b);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x y\n", 4), 4);
	close(fd);
	assert_int_equal(sdnbr_batch_open(&b, path, err, sizeof(err)), 0);
	assert_string_equal(b.name, path);
	next_ok(&b, 1, "x", "y", NULL);
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 0);
	sdnbr_batch_close(&b);
	unlink(path);
}

/* Lines longer than any fixed buffer must come through whole. */
static void batch_long_line(void **state)
{
	size_t n = 100000, i;
	char *text = malloc(n + 3), err[64], **argv;
	struct sdnbr_batch b;
	int argc;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < n; i++)
		text[i] = (char)('a' + i % 26);
	memcpy(text + n, " z", 3);
	sdnbr_batch_init(&b, mem(text, n + 2), "long");
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 1);
	assert_int_equal(argc, 2);
	assert_int_equal(strlen(argv[0]), n);
	assert_string_equal(argv[1], "z");
	fclose(b.fp);
	sdnbr_batch_close(&b);
	free(text);
}

/* A firewall of 1000 rules is one batch line of 2006 words. */
static void batch_firewall_line(void **state)
{
	size_t cap = 64 * 1024, len;
	char *text = malloc(cap), err[64], **argv;
	struct sdnbr_batch b;
	int argc, i;

	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "firewall replace dev br0 vnid 10");
	for (i = 0; i < 1000; i++)
		len += (size_t)snprintf(text + len, cap - len, " %s 10.%d.%d.0/24",
					i % 2 ? "allow" : "deny", i / 256,
					i % 256);
	sdnbr_batch_init(&b, mem(text, len), "fw");
	assert_int_equal(sdnbr_batch_next(&b, &argc, &argv, err, sizeof(err)),
			 1);
	assert_int_equal(argc, 2006);
	assert_string_equal(argv[6], "deny");
	assert_string_equal(argv[2005], "10.3.231.0/24");
	assert_null(argv[2006]);
	fclose(b.fp);
	sdnbr_batch_close(&b);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pod_mac_derivation),
		cmocka_unit_test(formatting),
		cmocka_unit_test(split_line),
		cmocka_unit_test(split_errors),
		cmocka_unit_test(batch_reader),
		cmocka_unit_test(batch_errors),
		cmocka_unit_test(batch_open),
		cmocka_unit_test(batch_long_line),
		cmocka_unit_test(batch_firewall_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
