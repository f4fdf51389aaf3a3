// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the netlink client against the kernel's own generic netlink
 * controller ("nlctrl"), which every kernel has, so requests, dumps,
 * extended ACKs and subscriptions are exercised without the sdnbr module.
 * Skipped where no generic netlink socket can be opened.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/socket.h>
#include <cmocka.h>

#include "sdnbr_nl.h"

static int setup(void **state)
{
	struct sdnbr_nl *nl;
	char err[256];

	if (sdnbr_nl_open(&nl, "nlctrl", err, sizeof(err))) {
		print_message("no generic netlink here: %s\n", err);
		*state = NULL;
		return 0;
	}
	*state = nl;
	return 0;
}

static int teardown(void **state)
{
	sdnbr_nl_close(*state);
	return 0;
}

#define NEED_NL(state)							\
	({								\
		if (!*(state))						\
			skip();						\
		(struct sdnbr_nl *)*(state);				\
	})

static void resolve_family(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	const struct sdnbr_nl_family *fam = sdnbr_nl_family(nl);
	unsigned int i;
	bool notify = false;

	assert_string_equal(fam->name, "nlctrl");
	assert_int_equal(fam->id, GENL_ID_CTRL);
	assert_true(fam->version >= 1);
	/* maxattr is 0 on kernels where nlctrl uses per-op policies */
	assert_int_equal(fam->hdrsize, 0);
	for (i = 0; i < fam->n_mcgrps; i++)
		notify |= !strcmp(fam->mcgrps[i].name, "notify");
	assert_true(notify);
}

static void family_not_found(void **state)
{
	struct sdnbr_nl *nl;
	char err[256];

	(void)NEED_NL(state);
	assert_int_equal(sdnbr_nl_open(&nl, "sdnbrnothere", err, sizeof(err)),
			 -ENOENT);
	assert_null(nl);
	assert_string_equal(err,
			    "sdnbr: generic netlink family 'sdnbrnothere' not found: is the sdnbrnothere module loaded?");
}

/* A name too long for the policy: EINVAL, with the attribute named. */
static void extack_from_kernel(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct sdnbr_nl_family fam;
	const struct sdnbr_extack *ext;
	char buf[512];

	assert_int_equal(sdnbr_nl_get_family(nl, "a-name-longer-than-genl-namsiz",
					     &fam), -EINVAL);
	ext = sdnbr_nl_extack(nl);
	assert_int_equal(ext->error, -EINVAL);
	assert_true(ext->has & SDNBR_EXTACK_MSG);
	assert_true(strlen(ext->msg) > 0);
	assert_true(ext->has & SDNBR_EXTACK_OFFS);
	assert_true(ext->has & SDNBR_EXTACK_ATTR);
	assert_int_equal(ext->attr, CTRL_ATTR_FAMILY_NAME);
	sdnbr_format_error(buf, sizeof(buf), "sdnctl", "test", ext->error, ext);
	assert_int_equal(strncmp(buf, "sdnctl: test: Invalid argument: ", 32),
			 0);
	assert_non_null(strstr(buf, " (attribute type 2)"));

	/* the handle is still in step afterwards */
	assert_int_equal(sdnbr_nl_get_family(nl, "nlctrl", &fam), 0);
	assert_int_equal(sdnbr_nl_extack(nl)->error, 0);
}

struct names {
	int n;
	int restarts;
	bool saw_nlctrl;
	int fail_at;	/* return an error on this message (1-based) */
};

static int name_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct names *names = arg;

	if (++names->n == names->fail_at)
		return -ECANCELED;
	assert_int_equal(genlmsg_parse((struct nlmsghdr *)nlh, 0, tb,
				       CTRL_ATTR_MAX, NULL), 0);
	assert_non_null(tb[CTRL_ATTR_FAMILY_NAME]);
	if (!strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), "nlctrl"))
		names->saw_nlctrl = true;
	return 0;
}

static void restart_cb(void *arg)
{
	struct names *names = arg;

	names->restarts++;
	names->n = 0;
}

static void dump_families(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct names names = { 0 };
	struct nl_msg *msg;

	msg = sdnbr_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	assert_non_null(msg);
	assert_int_equal(sdnbr_nl_dump(nl, msg, name_cb, restart_cb, &names),
			 0);
	assert_true(names.n >= 1);
	assert_true(names.saw_nlctrl);
	assert_int_equal(names.restarts, 0);

	/* the same message again: it must be renumbered, not rejected */
	names = (struct names){ 0 };
	assert_int_equal(sdnbr_nl_dump(nl, msg, name_cb, NULL, &names), 0);
	assert_true(names.saw_nlctrl);
	nlmsg_free(msg);
}

/* A callback's error fails the dump, and the rest is drained. */
static void callback_error(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct names names = { .fail_at = 1 };
	struct sdnbr_nl_family fam;
	struct nl_msg *msg;

	msg = sdnbr_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	assert_non_null(msg);
	assert_int_equal(sdnbr_nl_dump(nl, msg, name_cb, NULL, &names),
			 -ECANCELED);
	assert_int_equal(names.n, 1);
	assert_int_equal(sdnbr_nl_extack(nl)->error, -ECANCELED);
	nlmsg_free(msg);
	assert_int_equal(sdnbr_nl_get_family(nl, "nlctrl", &fam), 0);
}

/* A request with a reply: the reply reaches the callback, then the ACK. */
static void request_with_reply(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct names names = { 0 };
	struct nl_msg *msg;

	msg = sdnbr_nl_msg(nl, CTRL_CMD_GETFAMILY, 0);
	assert_non_null(msg);
	assert_int_equal(nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl"),
			 0);
	assert_int_equal(sdnbr_nl_request(nl, msg, name_cb, &names), 0);
	assert_int_equal(names.n, 1);
	assert_true(names.saw_nlctrl);
	nlmsg_free(msg);
}

static void subscribe(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct sdnbr_nl *mon;
	struct sdnbr_nl_family fam;
	char err[256];

	assert_int_equal(sdnbr_nl_subscribe(nl, "nope"), -ENOENT);
	assert_string_equal(sdnbr_nl_extack(nl)->msg,
			    "family 'nlctrl' has no multicast group 'nope'");

	assert_int_equal(sdnbr_nl_open(&mon, "nlctrl", err, sizeof(err)), 0);
	assert_int_equal(sdnbr_nl_subscribe(mon, "notify"), 0);
	/* events only, from now on */
	assert_int_equal(sdnbr_nl_get_family(mon, "nlctrl", &fam), -EBUSY);
	assert_int_equal(nl_socket_set_nonblocking(sdnbr_nl_sock(mon)), 0);
	assert_int_equal(sdnbr_nl_recv_events(mon, NULL, NULL), -EAGAIN);
	sdnbr_nl_close(mon);
}

static void timeout(void **state)
{
	struct sdnbr_nl *nl = NEED_NL(state);
	struct sdnbr_nl_family fam;

	assert_int_equal(sdnbr_nl_set_timeout(nl, 2500), 0);
	assert_int_equal(sdnbr_nl_get_family(nl, "nlctrl", &fam), 0);
	assert_int_equal(sdnbr_nl_set_timeout(nl, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve_family),
		cmocka_unit_test(family_not_found),
		cmocka_unit_test(extack_from_kernel),
		cmocka_unit_test(dump_families),
		cmocka_unit_test(callback_error),
		cmocka_unit_test(request_with_reply),
		cmocka_unit_test(subscribe),
		cmocka_unit_test(timeout),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
