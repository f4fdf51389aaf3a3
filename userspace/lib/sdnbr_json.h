/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for `sdnctl -j`.
 *
 * Values are written as they are produced, so a dump of a large flow table
 * needs no memory proportional to its size. Each complete top-level value
 * is followed by a newline, which makes a stream of them (as a monitor
 * prints) one JSON document per line in compact mode.
 *
 * Misuse (a value in an object without a key, unbalanced ends, nesting
 * deeper than SDNBR_JSON_MAX_DEPTH) stops all further output and is
 * reported by sdnbr_json_free(), as is a write error on the stream.
 */
#ifndef SDNBR_JSON_H
#define SDNBR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define SDNBR_JSON_MAX_DEPTH	32

struct sdnbr_json;

struct sdnbr_json *sdnbr_json_new(FILE *out, bool pretty);
int sdnbr_json_free(struct sdnbr_json *j);

void sdnbr_json_start_object(struct sdnbr_json *j);
void sdnbr_json_end_object(struct sdnbr_json *j);
void sdnbr_json_start_array(struct sdnbr_json *j);
void sdnbr_json_end_array(struct sdnbr_json *j);
void sdnbr_json_key(struct sdnbr_json *j, const char *key);

void sdnbr_json_string(struct sdnbr_json *j, const char *s);
__attribute__((format(printf, 2, 3)))
void sdnbr_json_stringf(struct sdnbr_json *j, const char *fmt, ...);
void sdnbr_json_u64(struct sdnbr_json *j, uint64_t v);
void sdnbr_json_bool(struct sdnbr_json *j, bool v);
void sdnbr_json_null(struct sdnbr_json *j);

/* "key": value, in one call */
void sdnbr_json_kv_string(struct sdnbr_json *j, const char *key,
			  const char *s);
void sdnbr_json_kv_u64(struct sdnbr_json *j, const char *key, uint64_t v);
void sdnbr_json_kv_bool(struct sdnbr_json *j, const char *key, bool v);
void sdnbr_json_kv_null(struct sdnbr_json *j, const char *key);

#endif /* SDNBR_JSON_H */
