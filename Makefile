# SPDX-License-Identifier: GPL-2.0
#
# sdnbr: top-level targets. See README.
#
#   make                 build the module (newest 6.1) and the userspace
#   make check           install what is missing, lint (6.1 and 6.12), unit
#                        tests, then the selftests in the VM on every kernel
#                        in CHECK_KVERS (default the stock 6.1 and 6.12,
#                        and "debug", the debug 6.12 kernel, built and
#                        cached on first use), and the bench smoke run
#   make demo            the walkthrough, in the VM
#   make vm              an interactive shell in the VM
#   make lint            checkpatch --strict, sparse C=2, W=1
#
# KVER=<series|release> picks one kernel (6.1, 6.12, or an exact release).
# TESTS="a.sh b.sh" runs a subset of the selftests.

KVER ?=
CHECK_KVERS ?= $(if $(KVER),$(KVER),6.1 6.12 debug)
# The module must build clean on both stock kernels, whichever ones run.
LINT_KVERS ?= $(if $(KVER),$(filter-out debug,$(KVER)),6.1 6.12)
TESTS ?=
VM_TIMEOUT ?= 3600
export VM_TIMEOUT

SCRIPTS := scripts
MAKEFLAGS += --no-print-directory

all: kmod userspace

# TESTS names selftests, but userspace/ has a TESTS of its own (its unit
# tests): keep the command-line one out of the sub-makes run there.
userspace unit clean: MAKEOVERRIDES := $(subst ^_^,\ ,$(filter-out TESTS=%,$(subst \ ,^_^,$(MAKEOVERRIDES))))

deps:
	@$(SCRIPTS)/install-deps.sh $(sort $(CHECK_KVERS) $(LINT_KVERS))

kmod: deps
	@$(SCRIPTS)/build-kmod.sh $(or $(KVER),6.1)

userspace: deps
	@$(MAKE) -C userspace

unit: userspace
	@$(MAKE) -C userspace test

lint: deps
	@$(SCRIPTS)/lint.sh $(LINT_KVERS)

# The selftests on one kernel, as make check's lanes run them, in one
# guest (check-lanes.sh holds the VM lock over the module's build and the
# run, and gives the debug kernel's tests its longer limits).
selftests-%: deps userspace
	@TESTS="$(TESTS)" CHECK_SLOTS=1 $(SCRIPTS)/check-lanes.sh $*

# The debug kernel (scripts/debug-kernel.sh), built once per set of inputs
# and cached; KVER=debug, selftests-debug and scripts/vm -k debug use it.
debug-kernel: deps
	@$(SCRIPTS)/debug-kernel.sh >/dev/null

selftests-debug: debug-kernel

# make check starts a cold cache's kernel build before lint and the unit
# tests, which leave a core idle; check-lanes.sh then waits for it (the
# build's lock), or builds it itself if this one failed.
debug-kernel-bg: deps
	@if ! $(SCRIPTS)/debug-kernel.sh --print-dir >/dev/null 2>&1; then \
		mkdir -p .vm; \
		echo "check: building the debug kernel meanwhile (.vm/debug-kernel.log)"; \
		setsid $(SCRIPTS)/debug-kernel.sh >.vm/debug-kernel.log 2>&1 </dev/null & \
	fi

# The netlink fuzzer alone (selftests/nl_fuzz.sh): N messages (default
# 1000000) on KVER (default 6.1; debug for the debug kernel).
N ?= 1000000
fuzz: deps userspace $(if $(filter debug,$(KVER)),debug-kernel)
	@N=$(N) VM_ENV=N TESTS=nl_fuzz.sh CHECK_SLOTS=1 \
		$(SCRIPTS)/check-lanes.sh $(or $(KVER),6.1)

# The lanes on two VM slots (scripts/check-lanes.sh builds the debug
# kernel meanwhile if it is not cached), with the bench smoke run in the
# stock slot: it checks that every contender forwards, and times nothing.
check: deps $(if $(filter debug,$(CHECK_KVERS)),debug-kernel-bg) lint unit
	@TESTS="$(TESTS)" CHECK_BENCH="$(if $(TESTS),,$(filter 6.1,$(CHECK_KVERS)))" \
		$(SCRIPTS)/check-lanes.sh $(CHECK_KVERS)
	@echo "check: all passed on $(CHECK_KVERS)"

# The benchmark (Documentation/performance.rst), one VM run of up to 30
# minutes that rewrites the results there. QUICK=1 is the smoke run that
# make check does after the selftests on 6.1: every contender must
# forward packets, no speed is judged.
bench: deps userspace
	@$(SCRIPTS)/bench $(if $(filter 1,$(QUICK)),-q) -k $(or $(KVER),6.1)

demo: deps userspace
	@$(SCRIPTS)/with-vm-lock sh -c '$(SCRIPTS)/build-kmod.sh $(or $(KVER),6.1) && \
		$(SCRIPTS)/vm -k $(or $(KVER),6.1) -t 600 -- scripts/demo.sh'

vm: deps userspace
	@$(SCRIPTS)/build-kmod.sh $(or $(KVER),6.1)
	@$(SCRIPTS)/vm -k $(or $(KVER),6.1) -i

clean:
	-@$(MAKE) -C kmod clean KDIR=/lib/modules/$$($(SCRIPTS)/kver.sh)/build >/dev/null 2>&1
	-@$(MAKE) -C userspace clean
	-@$(MAKE) -C selftests clean
	rm -rf .vm kmod/.kver

.PHONY: all deps kmod userspace unit lint check demo vm clean bench debug-kernel debug-kernel-bg fuzz

# ---- on a node: Documentation/admin-guide.rst, "Install on a node" ------------
#   make install [PREFIX=/usr/local] [DESTDIR=] [KVER=<release>]
#       sdnbr.ko for KVER (default: the running kernel) into
#       /lib/modules/KVER/updates, then depmod; sdnctl and sdn-agent into
#       PREFIX/sbin, sdnbr-cni into PREFIX/lib/cni (CNIBINDIR), the man
#       pages, the systemd unit into PREFIX/lib/systemd/system. With
#       DESTDIR (a package build) depmod is left to the package.
#   make uninstall           the same files removed
#   make dkms-install [KVER=<release>]   sources into /usr/src/sdnbr-VERSION,
#                            dkms add, build, install (other versions removed)
#   make dkms-remove         dkms remove --all, and the sources
#   make install-check KVER=6.1|6.12 [PARTS=make|dkms]   both, proven in the
#                            VM (the DKMS build alone takes minutes there)
PREFIX ?= /usr/local
DESTDIR ?=
DKMS ?= dkms
SDNBR_VERSION := $(shell sed -n 's/^\#define SDNBR_VERSION "\(.*\)"/\1/p' kmod/version.h)
# KVER may be a series (6.1); a release that is not installed stays as given
install_kver = $(or $(KVER),$(shell uname -r))
KRELEASE = $(shell $(SCRIPTS)/kver.sh $(install_kver) 2>/dev/null || echo $(install_kver))
MODDIR = /lib/modules/$(KRELEASE)/updates
DKMS_SRC := /usr/src/sdnbr-$(SDNBR_VERSION)
DKMS_FILES := kmod/Kbuild kmod/Makefile kmod/dkms.conf \
	$(filter-out %.mod.c,$(wildcard kmod/*.c)) $(wildcard kmod/*.h)

install:
	$(SCRIPTS)/build-kmod.sh $(KRELEASE)
	install -d $(DESTDIR)$(MODDIR)
	install -m 0644 kmod/sdnbr.ko $(DESTDIR)$(MODDIR)/sdnbr.ko
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
	$(MAKE) -C userspace install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

uninstall:
	rm -f $(DESTDIR)$(MODDIR)/sdnbr.ko
	$(if $(DESTDIR),,depmod -a $(KRELEASE))
	$(MAKE) -C userspace uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

dkms-install:
	@v=$$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' kmod/dkms.conf); \
	[ "$$v" = "$(SDNBR_VERSION)" ] || { echo "dkms-install: kmod/dkms.conf says $$v, kmod/version.h $(SDNBR_VERSION)" >&2; exit 1; }
	@for v in $$($(DKMS) status -m sdnbr | sed -n 's|^sdnbr/\([^,:]*\)[,:].*|\1|p' | sort -u); do \
		echo "$(DKMS) remove sdnbr/$$v --all"; $(DKMS) remove sdnbr/$$v --all || exit 1; \
	done
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/include/uapi/linux
	install -m 0644 $(DKMS_FILES) $(DKMS_SRC)/
	install -m 0644 kmod/include/uapi/linux/sdnbr.h $(DKMS_SRC)/include/uapi/linux/
	$(DKMS) add sdnbr/$(SDNBR_VERSION)
	$(DKMS) build sdnbr/$(SDNBR_VERSION) -k $(KRELEASE)
	$(DKMS) install sdnbr/$(SDNBR_VERSION) -k $(KRELEASE)

dkms-remove:
	@if $(DKMS) status -m sdnbr -v $(SDNBR_VERSION) | grep -q .; then \
		echo "$(DKMS) remove sdnbr/$(SDNBR_VERSION) --all"; \
		$(DKMS) remove sdnbr/$(SDNBR_VERSION) --all; \
	fi
	rm -rf $(DKMS_SRC)

# make install and make dkms-install in the VM, against the booted kernel's
# headers, each followed by modprobe sdnbr (scripts/install-check.sh)
install-check: userspace
	@$(SCRIPTS)/with-vm-lock sh -c '$(SCRIPTS)/build-kmod.sh $(or $(KVER),6.1) && \
		$(SCRIPTS)/vm -k $(or $(KVER),6.1) -t 1800 -- scripts/install-check.sh $(PARTS)'

.PHONY: install uninstall dkms-install dkms-remove install-check
