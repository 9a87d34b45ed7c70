# Makefile -- builds libwinnow (static and shared), the winnow CLI and the
# unit tests.  build.sh is the front door; this file only knows how to
# compile.  Every src/*.c except the command's own files (src/tool_*.c)
# is part of the library; every tests/unit/test_*.c is one test program.
#
#   make [BUILD=dir] [CFLAGS=...] [LDFLAGS=...]   all
#   make tests                                    unit-test programs
#   make bench                                    per-stage benchmark
#                                                 (tests/bench_stages.c)
#   make fuzzers CC=clang CFLAGS=-fsanitize=fuzzer-no-link,...
#                                                 libFuzzer harnesses
#                                                 (tests/fuzz/fuzz_*.c)

BUILD   ?= build
CC      ?= cc
PKG_CONFIG ?= pkg-config
OPT     ?= -O2
CFLAGS  ?=
WARN    = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wvla
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags libutf8proc 2>/dev/null) \
               $(shell $(PKG_CONFIG) --cflags uchardet 2>/dev/null || echo -I/usr/include/uchardet)
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs libutf8proc 2>/dev/null || echo -lutf8proc) \
               $(shell $(PKG_CONFIG) --libs uchardet 2>/dev/null || echo -luchardet)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -fPIC -Isrc \
             $(DEPS_CFLAGS) $(CFLAGS) -MMD -MP
LIBS    = $(DEPS_LIBS) -lm
# The command alone reads and writes compressed streams and runs threads;
# the library needs neither.
CLI_LIBS := $(shell $(PKG_CONFIG) --libs zlib libzstd 2>/dev/null || echo -lz -lzstd) -pthread

CLI_SRC  = $(wildcard src/tool_*.c)
TRAIN_SRC = src/winnow_train.c
LIB_SRC  = $(filter-out $(CLI_SRC) $(TRAIN_SRC),$(wildcard src/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/lang_tables.o
# The classifier's word lists and cue phrases are data, one file per
# language (src/lang/*.txt); src/lang/tables.awk turns them into C.
LANG_TXT = $(sort $(wildcard src/lang/*.txt))
CLI_OBJ  = $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

.PHONY: all tests bench fuzzers clean
all: $(BUILD)/winnow $(BUILD)/winnow-train $(BUILD)/libwinnow.a $(BUILD)/libwinnow.so

# The training program reads the library's internals (features, model).
$(BUILD)/winnow-train: $(TRAIN_SRC) $(BUILD)/libwinnow.a | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -o $@ $(TRAIN_SRC) $(BUILD)/libwinnow.a $(LDFLAGS) $(LIBS)

$(BUILD)/obj/%.o: src/%.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/gen/lang_tables.c: src/lang/tables.awk $(LANG_TXT) | $(BUILD)/gen
	awk -f src/lang/tables.awk $(LANG_TXT) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/lang_tables.o: $(BUILD)/gen/lang_tables.c | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/libwinnow.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libwinnow.so: $(LIB_OBJ)
	$(CC) -shared $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/winnow: $(CLI_OBJ) $(BUILD)/libwinnow.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libwinnow.a $(LIBS) $(CLI_LIBS)

tests: $(TEST_BIN)

$(BUILD)/tests/%: tests/unit/%.c tests/check.h $(BUILD)/libwinnow.a | $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/libwinnow.a $(LDFLAGS) $(LIBS)

# The per-stage benchmark reads the library's internals (each stage).
bench: $(BUILD)/bench_stages

$(BUILD)/bench_stages: tests/bench_stages.c $(BUILD)/libwinnow.a | $(BUILD)/obj
	$(CC) $(ALL_CFLAGS) -o $@ tests/bench_stages.c $(BUILD)/libwinnow.a $(LDFLAGS) $(LIBS)

fuzzers: $(FUZZ_BIN)

# Harnesses may use the command's readers (WET, compressed input): they
# link its objects, all but the one with main().
FUZZ_CLI_OBJ = $(filter-out $(BUILD)/obj/tool_main.o,$(CLI_OBJ))

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_util.h tests/fuzz/fuzz_file.h $(FUZZ_CLI_OBJ) $(BUILD)/libwinnow.a | $(BUILD)/fuzz
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CLI_OBJ) $(BUILD)/libwinnow.a \
	      $(LDFLAGS) $(LIBS) $(CLI_LIBS)

$(BUILD)/obj $(BUILD)/tests $(BUILD)/fuzz $(BUILD)/gen:
	mkdir -p $@

clean:
	rm -rf $(BUILD)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
