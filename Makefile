# SPDX-License-Identifier: GPL-2.0
#
# sdnbr: top-level targets. See README.
#
#   make                 build the module (newest 6.1) and the userspace
#   make check           install what is missing, lint, unit tests, then the
#                        selftests in the VM on every kernel in CHECK_KVERS
#   make demo            the walkthrough, in the VM
#   make vm              an interactive shell in the VM
#   make lint            checkpatch --strict, sparse C=2, W=1
#
# KVER=<series|release> picks one kernel (6.1, 6.12, or an exact release).
# TESTS="a.sh b.sh" runs a subset of the selftests.

KVER ?=
CHECK_KVERS ?= $(if $(KVER),$(KVER),6.1 6.12)
TESTS ?=
VM_TIMEOUT ?= 2400
export VM_TIMEOUT

SCRIPTS := scripts
MAKEFLAGS += --no-print-directory

all: kmod userspace

# TESTS names selftests, but userspace/ has a TESTS of its own (its unit
# tests): keep the command-line one out of the sub-makes run there.
userspace unit clean: MAKEOVERRIDES := $(subst ^_^,\ ,$(filter-out TESTS=%,$(subst \ ,^_^,$(MAKEOVERRIDES))))

deps:
	@$(SCRIPTS)/install-deps.sh $(filter-out debug,$(CHECK_KVERS))

kmod: deps
	@$(SCRIPTS)/build-kmod.sh $(or $(KVER),6.1)

userspace: deps
	@$(MAKE) -C userspace

unit: userspace
	@$(MAKE) -C userspace test

lint: deps
	@$(SCRIPTS)/lint.sh $(filter-out debug,$(CHECK_KVERS))

# The selftests on one kernel: build the module against it, boot it, run.
# The build and the run hold the VM lock together: a concurrent run for
# another kernel would otherwise rebuild kmod/ under this one.
selftests-%: deps userspace
	@$(SCRIPTS)/with-vm-lock sh -c '$(SCRIPTS)/build-kmod.sh $* && \
		$(MAKE) -C selftests build && \
		$(SCRIPTS)/vm -k $* -- make -C selftests run_tests $(if $(TESTS),TESTS="$(TESTS)")'


# The debug kernel (scripts/debug-kernel.sh), built once per set of inputs
# and cached; KVER=debug, selftests-debug and scripts/vm -k debug use it.
debug-kernel: deps
	@$(SCRIPTS)/debug-kernel.sh >/dev/null

selftests-debug: debug-kernel

check: deps lint unit
	@set -e; for k in $(CHECK_KVERS); do \
		echo "==== selftests on $$k ===="; \
		$(MAKE) selftests-$$k; \
		if [ "$$k" = 6.1 ]; then $(MAKE) bench QUICK=1 KVER=6.1; fi; \
	done
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

.PHONY: all deps kmod userspace unit lint check demo vm clean bench debug-kernel
