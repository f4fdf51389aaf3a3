// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the JSON writer: exact compact and pretty output, string
 * escaping (control characters, invalid UTF-8), misuse and write errors,
 * and a round trip through jansson to prove the output is valid JSON.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "sdnbr_json.h"

struct capture {
	char *buf;
	size_t len;
	FILE *f;
	struct sdnbr_json *j;
};

static struct capture *cap_new(bool pretty)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	c->j = sdnbr_json_new(c->f, pretty);
	assert_non_null(c->j);
	return c;
}

/* Frees the writer, checks its verdict, and returns what it wrote. */
static char *cap_end(struct capture *c, int want_ret)
{
	char *out;

	assert_int_equal(sdnbr_json_free(c->j), want_ret);
	fclose(c->f);
	out = c->buf;
	free(c);
	return out;
}

static void check(struct capture *c, const char *want)
{
	char *out = cap_end(c, 0);

	assert_string_equal(out, want);
	free(out);
}

static void build_nested(struct sdnbr_json *j)
{
	sdnbr_json_start_object(j);
	sdnbr_json_kv_u64(j, "a", 1);
	sdnbr_json_key(j, "b");
	sdnbr_json_start_array(j);
	sdnbr_json_bool(j, true);
	sdnbr_json_bool(j, false);
	sdnbr_json_null(j);
	sdnbr_json_start_object(j);
	sdnbr_json_kv_string(j, "x", "y");
	sdnbr_json_end_object(j);
	sdnbr_json_end_array(j);
	sdnbr_json_key(j, "c");
	sdnbr_json_start_object(j);
	sdnbr_json_kv_string(j, "d", "e");
	sdnbr_json_kv_bool(j, "t", true);
	sdnbr_json_kv_null(j, "n");
	sdnbr_json_end_object(j);
	sdnbr_json_key(j, "empty_array");
	sdnbr_json_start_array(j);
	sdnbr_json_end_array(j);
	sdnbr_json_key(j, "empty_object");
	sdnbr_json_start_object(j);
	sdnbr_json_end_object(j);
	sdnbr_json_end_object(j);
}

static void compact_nesting(void **state)
{
	struct capture *c = cap_new(false);

	(void)state;
	build_nested(c->j);
	check(c, "{\"a\":1,\"b\":[true,false,null,{\"x\":\"y\"}],"
		 "\"c\":{\"d\":\"e\",\"t\":true,\"n\":null},"
		 "\"empty_array\":[],\"empty_object\":{}}\n");
}

static void pretty_nesting(void **state)
{
	struct capture *c = cap_new(true);

	(void)state;
	build_nested(c->j);
	check(c,
	      "{\n"
	      "    \"a\": 1,\n"
	      "    \"b\": [\n"
	      "        true,\n"
	      "        false,\n"
	      "        null,\n"
	      "        {\n"
	      "            \"x\": \"y\"\n"
	      "        }\n"
	      "    ],\n"
	      "    \"c\": {\n"
	      "        \"d\": \"e\",\n"
	      "        \"t\": true,\n"
	      "        \"n\": null\n"
	      "    },\n"
	      "    \"empty_array\": [],\n"
	      "    \"empty_object\": {}\n"
	      "}\n");
}

static void escaping(void **state)
{
	struct capture *c = cap_new(false);

	(void)state;
	sdnbr_json_start_object(c->j);
	sdnbr_json_kv_string(c->j, "k\"ey\n",
			     "q\" b\\ n\n r\r t\t b\b f\f c\x01\x1f d\x7f /");
	sdnbr_json_end_object(c->j);
	check(c, "{\"k\\\"ey\\n\":"
		 "\"q\\\" b\\\\ n\\n r\\r t\\t b\\b f\\f c\\u0001\\u001f "
		 "d\x7f /\"}\n");
}

static void utf8(void **state)
{
	struct capture *c = cap_new(false);

	(void)state;
	sdnbr_json_start_array(c->j);
	/* valid: passed through as is */
	sdnbr_json_string(c->j, "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	/* a stray byte, overlong '/', a surrogate, past U+10FFFF */
	sdnbr_json_string(c->j, "a\xff" "b");
	sdnbr_json_string(c->j, "\xc0\xaf");
	sdnbr_json_string(c->j, "\xed\xa0\x80");
	sdnbr_json_string(c->j, "\xf4\x90\x80\x80");
	/* truncated at the end of the string */
	sdnbr_json_string(c->j, "x\xe2\x82");
	sdnbr_json_end_array(c->j);
	check(c, "[\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
		 "\"a\\ufffdb\","
		 "\"\\ufffd\\ufffd\","
		 "\"\\ufffd\\ufffd\\ufffd\","
		 "\"\\ufffd\\ufffd\\ufffd\\ufffd\","
		 "\"x\\ufffd\\ufffd\"]\n");
}

static void numbers_and_stringf(void **state)
{
	struct capture *c = cap_new(false);

	(void)state;
	sdnbr_json_start_array(c->j);
	sdnbr_json_u64(c->j, 0);
	sdnbr_json_u64(c->j, UINT64_MAX);
	sdnbr_json_stringf(c->j, "%s/%u", "10.128.0.0", 14U);
	sdnbr_json_end_array(c->j);
	check(c, "[0,18446744073709551615,\"10.128.0.0/14\"]\n");
}

/* Each complete top-level value ends its own line: a monitor's stream. */
static void top_level_stream(void **state)
{
	struct capture *c = cap_new(false);

	(void)state;
	sdnbr_json_start_object(c->j);
	sdnbr_json_kv_u64(c->j, "event", 1);
	sdnbr_json_end_object(c->j);
	sdnbr_json_start_object(c->j);
	sdnbr_json_kv_u64(c->j, "event", 2);
	sdnbr_json_end_object(c->j);
	sdnbr_json_string(c->j, "s");
	sdnbr_json_u64(c->j, 3);
	check(c, "{\"event\":1}\n{\"event\":2}\n\"s\"\n3\n");
}

static void misuse(void **state)
{
	struct capture *c;
	char *out;
	int i;

	(void)state;
	/* a value in an object without a key; nothing after it is written */
	c = cap_new(false);
	sdnbr_json_start_object(c->j);
	sdnbr_json_u64(c->j, 1);
	sdnbr_json_kv_u64(c->j, "a", 2);
	out = cap_end(c, -EINVAL);
	assert_string_equal(out, "{");
	free(out);

	/* a key outside an object */
	c = cap_new(false);
	sdnbr_json_key(c->j, "a");
	free(cap_end(c, -EINVAL));

	/* a key in an array */
	c = cap_new(false);
	sdnbr_json_start_array(c->j);
	sdnbr_json_key(c->j, "a");
	free(cap_end(c, -EINVAL));

	/* two keys in a row */
	c = cap_new(false);
	sdnbr_json_start_object(c->j);
	sdnbr_json_key(c->j, "a");
	sdnbr_json_key(c->j, "b");
	free(cap_end(c, -EINVAL));

	/* closing with a key still pending */
	c = cap_new(false);
	sdnbr_json_start_object(c->j);
	sdnbr_json_key(c->j, "a");
	sdnbr_json_end_object(c->j);
	free(cap_end(c, -EINVAL));

	/* mismatched end */
	c = cap_new(false);
	sdnbr_json_start_object(c->j);
	sdnbr_json_end_array(c->j);
	free(cap_end(c, -EINVAL));

	/* end with nothing open */
	c = cap_new(false);
	sdnbr_json_end_object(c->j);
	free(cap_end(c, -EINVAL));

	/* left open */
	c = cap_new(false);
	sdnbr_json_start_array(c->j);
	free(cap_end(c, -EINVAL));

	/* as deep as allowed, then one more */
	c = cap_new(false);
	for (i = 0; i < SDNBR_JSON_MAX_DEPTH; i++)
		sdnbr_json_start_array(c->j);
	for (i = 0; i < SDNBR_JSON_MAX_DEPTH; i++)
		sdnbr_json_end_array(c->j);
	free(cap_end(c, 0));
	c = cap_new(false);
	for (i = 0; i <= SDNBR_JSON_MAX_DEPTH; i++)
		sdnbr_json_start_array(c->j);
	free(cap_end(c, -EINVAL));
}

static void write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	struct sdnbr_json *j;

	(void)state;
	if (!f)
		skip();
	j = sdnbr_json_new(f, false);
	assert_non_null(j);
	sdnbr_json_string(j, "lost");
	assert_int_equal(sdnbr_json_free(j), -EIO);
	fclose(f);
}

/* Every byte value, through the writer and back through a real parser. */
static void jansson_round_trip(void **state)
{
	struct capture *c = cap_new(true);
	char all[256], ascii[128];
	json_error_t jerr;
	json_t *root, *v;
	char *out;
	int i;

	(void)state;
	for (i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	for (i = 1; i < 128; i++)
		ascii[i - 1] = (char)i;
	ascii[127] = '\0';

	sdnbr_json_start_object(c->j);
	sdnbr_json_kv_string(c->j, "all", all);
	sdnbr_json_kv_string(c->j, ascii, ascii);
	sdnbr_json_kv_u64(c->j, "max", UINT64_MAX >> 1);
	sdnbr_json_end_object(c->j);
	out = cap_end(c, 0);

	/* jansson rejects invalid UTF-8 and bad escapes outright. */
	root = json_loads(out, 0, &jerr);
	if (!root)
		fail_msg("jansson: %s at line %d: %s", jerr.text, jerr.line,
			 out);
	v = json_object_get(root, ascii);
	assert_non_null(v);
	assert_string_equal(json_string_value(v), ascii);
	v = json_object_get(root, "all");
	assert_non_null(v);
	assert_int_equal(strncmp(json_string_value(v), ascii, 127), 0);
	v = json_object_get(root, "max");
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), (json_int_t)(UINT64_MAX >> 1));
	json_decref(root);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(compact_nesting),
		cmocka_unit_test(pretty_nesting),
		cmocka_unit_test(escaping),
		cmocka_unit_test(utf8),
		cmocka_unit_test(numbers_and_stringf),
		cmocka_unit_test(top_level_stream),
		cmocka_unit_test(misuse),
		cmocka_unit_test(write_error),
		cmocka_unit_test(jansson_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
