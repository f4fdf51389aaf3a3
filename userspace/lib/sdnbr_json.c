// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer. Strings are emitted as valid JSON whatever their
 * bytes: control characters are escaped and invalid UTF-8 (an interface
 * name can hold any byte) becomes U+FFFD rather than breaking the parser
 * at the other end.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sdnbr_json.h"

struct json_level {
	bool is_object;
	bool key_pending;	/* a key was written, its value not yet */
	unsigned long count;	/* members or elements so far */
};

struct sdnbr_json {
	FILE *out;
	bool pretty;
	int err;
	int depth;
	struct json_level stack[SDNBR_JSON_MAX_DEPTH];
};

struct sdnbr_json *sdnbr_json_new(FILE *out, bool pretty)
{
	struct sdnbr_json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->out = out;
	j->pretty = pretty;
	return j;
}

int sdnbr_json_free(struct sdnbr_json *j)
{
	int ret;

	if (!j)
		return -EINVAL;
	ret = j->err;
	if (!ret && j->depth)
		ret = -EINVAL;
	if (fflush(j->out) || ferror(j->out))
		ret = ret ? ret : -EIO;
	free(j);
	return ret;
}

static void misuse(struct sdnbr_json *j)
{
	j->err = -EINVAL;
}

static void newline(struct sdnbr_json *j, int depth)
{
	if (!j->pretty)
		return;
	fputc('\n', j->out);
	while (depth-- > 0)
		fputs("    ", j->out);
}

/* Length of the valid UTF-8 sequence at @p (RFC 3629), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}
	return n;
}

static void put_string(struct sdnbr_json *j, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	FILE *out = j->out;

	fputc('"', out);
	while (*p) {
		size_t n;

		if (*p >= 0x80) {
			n = utf8_seq(p);
			if (n) {
				fwrite(p, 1, n, out);
				p += n;
			} else {
				fputs("\\ufffd", out);
				p++;
			}
			continue;
		}
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
		p++;
	}
	fputc('"', out);
}

/* Writes what must precede a value here; false if none is allowed. */
static bool begin_value(struct sdnbr_json *j)
{
	struct json_level *lv;

	if (j->err)
		return false;
	if (!j->depth)
		return true;
	lv = &j->stack[j->depth - 1];
	if (lv->is_object) {
		if (!lv->key_pending) {
			misuse(j);
			return false;
		}
		lv->key_pending = false;
		lv->count++;
		return true;
	}
	if (lv->count++)
		fputc(',', j->out);
	newline(j, j->depth);
	return true;
}

static void end_value(struct sdnbr_json *j)
{
	if (!j->depth)
		fputc('\n', j->out);
}

static void start(struct sdnbr_json *j, bool is_object)
{
	if (!begin_value(j))
		return;
	if (j->depth == SDNBR_JSON_MAX_DEPTH) {
		misuse(j);
		return;
	}
	j->stack[j->depth++] = (struct json_level){ .is_object = is_object };
	fputc(is_object ? '{' : '[', j->out);
}

static void end(struct sdnbr_json *j, bool is_object)
{
	struct json_level *lv;

	if (j->err)
		return;
	lv = j->depth ? &j->stack[j->depth - 1] : NULL;
	if (!lv || lv->is_object != is_object || lv->key_pending) {
		misuse(j);
		return;
	}
	j->depth--;
	if (lv->count)
		newline(j, j->depth);
	fputc(is_object ? '}' : ']', j->out);
	end_value(j);
}

void sdnbr_json_start_object(struct sdnbr_json *j)
{
	start(j, true);
}

void sdnbr_json_end_object(struct sdnbr_json *j)
{
	end(j, true);
}

void sdnbr_json_start_array(struct sdnbr_json *j)
{
	start(j, false);
}

void sdnbr_json_end_array(struct sdnbr_json *j)
{
	end(j, false);
}

void sdnbr_json_key(struct sdnbr_json *j, const char *key)
{
	struct json_level *lv;

	if (j->err)
		return;
	lv = j->depth ? &j->stack[j->depth - 1] : NULL;
	if (!lv || !lv->is_object || lv->key_pending) {
		misuse(j);
		return;
	}
	if (lv->count)
		fputc(',', j->out);
	newline(j, j->depth);
	put_string(j, key);
	fputs(j->pretty ? ": " : ":", j->out);
	lv->key_pending = true;
}

void sdnbr_json_string(struct sdnbr_json *j, const char *s)
{
	if (!begin_value(j))
		return;
	put_string(j, s);
	end_value(j);
}

void sdnbr_json_stringf(struct sdnbr_json *j, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		j->err = -ENOMEM;
		return;
	}
	sdnbr_json_string(j, s);
	free(s);
}

void sdnbr_json_u64(struct sdnbr_json *j, uint64_t v)
{
	if (!begin_value(j))
		return;
	fprintf(j->out, "%" PRIu64, v);
	end_value(j);
}

void sdnbr_json_bool(struct sdnbr_json *j, bool v)
{
	if (!begin_value(j))
		return;
	fputs(v ? "true" : "false", j->out);
	end_value(j);
}

void sdnbr_json_null(struct sdnbr_json *j)
{
	if (!begin_value(j))
		return;
	fputs("null", j->out);
	end_value(j);
}

void sdnbr_json_kv_string(struct sdnbr_json *j, const char *key,
			  const char *s)
{
	sdnbr_json_key(j, key);
	sdnbr_json_string(j, s);
}

void sdnbr_json_kv_u64(struct sdnbr_json *j, const char *key, uint64_t v)
{
	sdnbr_json_key(j, key);
	sdnbr_json_u64(j, v);
}

void sdnbr_json_kv_bool(struct sdnbr_json *j, const char *key, bool v)
{
	sdnbr_json_key(j, key);
	sdnbr_json_bool(j, v);
}

void sdnbr_json_kv_null(struct sdnbr_json *j, const char *key)
{
	sdnbr_json_key(j, key);
	sdnbr_json_null(j);
}
