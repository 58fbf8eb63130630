# sonde: plain Makefile. `make` builds ./sonde; `make check` runs every test;
# `make asan` builds and tests with -fsanitize=address,undefined; `make fuzz` builds the libFuzzer target.
CC      ?= cc
BUILD   ?= build
PKGS    := libbpf libelf libdw zlib liblzma
CFLAGS  ?= -O2 -g
# Flags sonde needs whatever CFLAGS the caller passes (make asan passes its own).
SONDE_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
           -D_GNU_SOURCE -DSONDE_HAVE_LIBDW -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS))
override CFLAGS += $(SONDE_CFLAGS)
# -liberty: libiberty-dev's cplus_demangle (C++ and Rust names, demangle.c), a static library
LDLIBS  += $(shell pkg-config --libs $(PKGS)) -liberty -lm
VERSION := 0.1.0

SRCS    := $(wildcard src/*.c)
TOOLS   := $(wildcard tools/*.bt)
OBJS    := $(SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tools_gen.o
LIBOBJS := $(filter-out $(BUILD)/obj/main.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
# C tests that load programs into the kernel (need root): tests/kern/test_*.c
KERN_SRCS := $(wildcard tests/kern/test_*.c)
KERN_BINS := $(KERN_SRCS:tests/kern/%.c=$(BUILD)/kern/%)
TEST_PROGS_SRCS := $(wildcard tests/progs/*.c)
TEST_PROGS_CXX := $(wildcard tests/progs/*.cpp)
TEST_PROGS := $(TEST_PROGS_SRCS:tests/progs/%.c=$(BUILD)/progs/%) $(TEST_PROGS_CXX:tests/progs/%.cpp=$(BUILD)/progs/%)
TEST_PROGS += $(BUILD)/progs/nofp_dbgframe

all: sonde

sonde: $(BUILD)/sonde
	@ln -sf $(BUILD)/sonde sonde

$(BUILD)/sonde: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)/obj
	$(CC) $(CFLAGS) -DSONDE_VERSION='"$(VERSION)"' -c -o $@ $<

# The tools' scripts, compiled into the binary.
$(BUILD)/gen/tools_gen.c: $(TOOLS) scripts/embed-tools.sh
	@mkdir -p $(BUILD)/gen
	scripts/embed-tools.sh $(TOOLS) > $@

# The syscall numbers of the machine sonde is built for (syscall_tp.c).
$(BUILD)/gen/syscall_nrs.h: scripts/syscall-nrs.sh
	@mkdir -p $(BUILD)/gen
	CC="$(CC)" scripts/syscall-nrs.sh > $@
$(BUILD)/obj/syscall_tp.o $(BUILD)/fuzzobj/syscall_tp.o: $(BUILD)/gen/syscall_nrs.h

$(BUILD)/obj/tools_gen.o: $(BUILD)/gen/tools_gen.c src/tools.h | $(BUILD)/obj
	$(CC) $(CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/libsonde.a: $(LIBOBJS)
	$(AR) rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) tests/progs/modbtf_write.h $(BUILD)/libsonde.a | $(BUILD)/tests
	$(CC) $(CFLAGS) -Isrc -o $@ $< $(BUILD)/libsonde.a $(LDLIBS)

$(BUILD)/kern/%: tests/kern/%.c tests/unit/unit.h $(BUILD)/libsonde.a | $(BUILD)/kern
	$(CC) $(CFLAGS) -Isrc -Itests/unit -o $@ $< $(BUILD)/libsonde.a $(LDLIBS)

# Workloads the end-to-end tests run: built plainly, with frame pointers so stacks walk.
$(BUILD)/progs/%: tests/progs/%.c tests/progs/wl_start.h | $(BUILD)/progs
	$(CC) -O1 -g -fno-omit-frame-pointer -o $@ $< -lpthread

# modbtf writes made-up modules' BTF (the e2e cases of module BTF on a kernel without modules): libbpf's
$(BUILD)/progs/modbtf: tests/progs/modbtf.c tests/progs/modbtf_write.h | $(BUILD)/progs
	$(CC) -O1 -g $(shell pkg-config --cflags libbpf) -o $@ $< $(shell pkg-config --libs libbpf)
# dw_ustack's workload: built as distributions build, without frame pointers;
# and again with its CFI in .debug_frame only (no .eh_frame for its functions)
$(BUILD)/progs/nofp: tests/progs/nofp.c tests/progs/wl_start.h | $(BUILD)/progs
	$(CC) -O2 -g -fomit-frame-pointer -o $@ $<
$(BUILD)/progs/nofp_dbgframe: tests/progs/nofp.c tests/progs/wl_start.h | $(BUILD)/progs
	$(CC) -O2 -g -fomit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables -o $@ $<

# The C++ workload of the demangling cases (namespaces, overloads, a template)
CXX     ?= g++
$(BUILD)/progs/%: tests/progs/%.cpp | $(BUILD)/progs
	$(CXX) -O1 -g -fno-omit-frame-pointer -o $@ $<

$(BUILD)/obj $(BUILD)/tests $(BUILD)/kern $(BUILD)/progs:
	@mkdir -p $@

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

check: sonde $(UNIT_BINS) $(KERN_BINS) $(TEST_PROGS) $(BUILD)/bpftrace-tools/biolatency.bt
	@BUILD=$(BUILD) tests/run.sh

# bpftrace's tool scripts, test data for the e2e cases that run them unmodified
$(BUILD)/bpftrace-tools/biolatency.bt:
	scripts/bpftrace-tools.sh $(BUILD)/bpftrace-tools

# The same suite under AddressSanitizer and UBSan, in a build tree of its own.
asan:
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" check

fuzz: $(BUILD)/fuzz_frontend
$(BUILD)/fuzz_frontend: tests/fuzz/fuzz_frontend.c $(filter-out $(BUILD)/fuzzobj/main.o,$(SRCS:src/%.c=$(BUILD)/fuzzobj/%.o))
	clang -g -O1 -fsanitize=fuzzer,address,undefined -std=gnu11 -D_GNU_SOURCE -Isrc $(shell pkg-config --cflags $(PKGS)) -o $@ $^ $(LDLIBS)
$(BUILD)/fuzz_frontend: $(BUILD)/fuzzobj/tools_gen.o
$(BUILD)/fuzzobj/tools_gen.o: $(BUILD)/gen/tools_gen.c
	@mkdir -p $(BUILD)/fuzzobj
	clang -g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=gnu11 -Isrc -c -o $@ $<
$(BUILD)/fuzzobj/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(BUILD)/fuzzobj
	clang -g -O1 -fsanitize=fuzzer-no-link,address,undefined -std=gnu11 -D_GNU_SOURCE -DSONDE_VERSION='"fuzz"' -I$(BUILD)/gen $(shell pkg-config --cflags $(PKGS)) -c -o $@ $<

# Kernel probes on Debian's 6.1 kernel under qemu (tests/kernels/README.md)
check-kernels: sonde $(TEST_PROGS)
	@BUILD=$(BUILD) tests/kernels/run.sh

# The main job: build, then run a bundled script for a few seconds.
demo: sonde
	./sonde examples/demo.bt

bench: sonde
	bench/run.sh

clean:
	rm -rf build build-asan sonde

.PHONY: all sonde unit check check-kernels asan fuzz demo bench clean
