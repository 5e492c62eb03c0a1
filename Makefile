# dun: a terminal workstation for debt-collection teams.
#
#   make            build build/dun
#   make run        install what is missing, start the embedded demo, open the TUI
#   make test       every test, starting every server it needs
#   make fuzz       each libFuzzer target for FUZZ_SECONDS (30) seconds (clang; build/fuzz)
#   make soak       dun serve killed mid-batch: 5 rounds of 1,000 SMS (about 1.5 minutes)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Each layer is its own static library so a test links only what it needs:
# libdun_core.a links with libc and libm alone.

# The release number; `dun --version` adds the commit when built from a git
# checkout (a tree without .git, such as a release tarball, has the number alone).
VERSION := 0.9.0

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
SAN     ?=

PKGS     := ncursesw libpq libcurl libnotify libmicrohttpd
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla -Wno-format-truncation
OPT      ?= -O2 -g
ifeq ($(SAN),1)
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
endif
# The libFuzzer build (BUILD=build/fuzz, made by `make fuzz`): clang
# instruments every object; only the fuzz targets link libFuzzer's main.
ifeq ($(SAN),fuzz)
CC       := clang
OPT      := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
WARN     += -Wno-unknown-warning-option
endif
CFLAGS   ?=
CFLAGS   += $(CSTD) $(WARN) $(OPT) -I. -I$(BUILD)
comma    := ,
LDFLAGS  += $(if $(filter 1,$(SAN)),-fsanitize=address$(comma)undefined)

# pkg-config is asked only when a target needs the libraries, so that
# `make deps` works on a machine that does not have them yet.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
PQ_CFLAGS  = $(shell pkg-config --cflags libpq 2>/dev/null)
PQ_LIBS    = $(shell pkg-config --libs libpq 2>/dev/null)
CURSES_CFLAGS = $(shell pkg-config --cflags ncursesw 2>/dev/null)

CORE_SRC     := $(wildcard core/*.c)
DB_SRC       := $(wildcard core/db/*.c)
CHANNELS_SRC := $(wildcard core/channels/*.c)
KEYMAPS_SRC  := $(wildcard keymaps/*.c)
SCREENS_SRC  := $(wildcard screens/*.c)
TUI_SRC      := $(filter-out tui/main.c,$(wildcard tui/*.c))
MIGRATIONS   := $(sort $(wildcard core/db/sql/*.sql))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

CORE_OBJ     := $(call obj,$(CORE_SRC))
DB_OBJ       := $(call obj,$(DB_SRC)) $(BUILD)/obj/gen/migrations.o
CHANNELS_OBJ := $(call obj,$(CHANNELS_SRC))
KEYMAPS_OBJ  := $(call obj,$(KEYMAPS_SRC)) $(BUILD)/obj/gen/default_keys.o
SCREENS_OBJ  := $(call obj,$(SCREENS_SRC))
TUI_OBJ      := $(call obj,$(TUI_SRC))

LIB_CORE     := $(BUILD)/libdun_core.a
LIB_DB       := $(BUILD)/libdun_db.a
LIB_CHANNELS := $(BUILD)/libdun_channels.a
LIB_KEYMAPS  := $(BUILD)/libdun_keymaps.a
LIB_SCREENS  := $(BUILD)/libdun_screens.a
LIB_TUI      := $(BUILD)/libdun_tui.a

UNIT_SRC     := $(wildcard tests/unit/test_*.c)
UNIT_BIN     := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

FUZZ_BUILD   := build/fuzz
FUZZ_SECONDS ?= 30
FUZZ_BIN     := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all run test unit store e2e test-asan deps test-deps soak fuzz fuzz-build install uninstall clean bench FORCE
.DELETE_ON_ERROR:

all: $(BUILD)/dun

# --- libraries --------------------------------------------------------------

$(BUILD)/obj/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/core/db/%.o: core/db/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PQ_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/core/channels/%.o: core/channels/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/keymaps/%.o: keymaps/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CURSES_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# Embedded text: migrations and the default key bindings are compiled in.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 $< -o $@

# The directory too: a migration added or taken away (an older file moved
# in) changes it, where no file's own time would.
$(BUILD)/gen/migrations.c: $(BUILD)/embed $(MIGRATIONS) core/db/sql
	@mkdir -p $(dir $@)
	$(BUILD)/embed migrations $(MIGRATIONS) > $@

$(BUILD)/gen/default_keys.c: $(BUILD)/embed keymaps/default.keys
	@mkdir -p $(dir $@)
	$(BUILD)/embed default_keys keymaps/default.keys > $@

# Checked on every build, rewritten only when it changes: a new commit
# recompiles main.c and nothing else.
GIT_COMMIT = $(shell [ -e .git ] && { git rev-parse --short=7 HEAD && { git diff --quiet HEAD || echo -dirty; }; } \
                     2>/dev/null | tr -d '\n')
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define DUN_VERSION "%s"\n#define DUN_COMMIT "%s"\n' '$(VERSION)' '$(GIT_COMMIT)' >$@.new
	@if cmp -s $@.new $@; then rm -f $@.new; else mv $@.new $@; fi
$(BUILD)/obj/tui/main.o: $(BUILD)/gen/version.h

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIB_CORE): $(CORE_OBJ)
$(LIB_DB): $(DB_OBJ)
$(LIB_CHANNELS): $(CHANNELS_OBJ)
$(LIB_KEYMAPS): $(KEYMAPS_OBJ)
$(LIB_SCREENS): $(SCREENS_OBJ)
$(LIB_TUI): $(TUI_OBJ)
$(BUILD)/lib%.a:
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

# tui and screens call each other (the loop runs screens; screens use widgets).
$(BUILD)/dun: $(BUILD)/obj/tui/main.o $(LIB_TUI) $(LIB_SCREENS) $(LIB_KEYMAPS) $(LIB_CHANNELS) $(LIB_DB) $(LIB_CORE)
	$(CC) $(LDFLAGS) $< -Wl,--start-group $(filter %.a,$^) -Wl,--end-group $(PKG_LIBS) -lm -o $@

# --- tests --------------------------------------------------------------------

# Unit tests link the core library alone (keys tests add keymaps).
$(BUILD)/tests/test_keys: LIBS_FOR_TEST = $(LIB_KEYMAPS) $(LIB_CORE)
$(BUILD)/tests/%: LIBS_FOR_TEST ?= $(LIB_CORE)
$(BUILD)/tests/%: tests/unit/%.c $(LIB_CORE) $(LIB_KEYMAPS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CURSES_CFLAGS) $< $(LIBS_FOR_TEST) $(LDFLAGS) -lcmocka -lm -o $@

unit: $(UNIT_BIN)
	@tests/run-unit $(UNIT_BIN)

# libFuzzer targets (tests/fuzz), built only with BUILD=$(FUZZ_BUILD) SAN=fuzz.
$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_KEYMAPS) $(LIB_CORE)
	$(CC) $(CFLAGS) $(CURSES_CFLAGS) -fsanitize=fuzzer $< $(LIB_KEYMAPS) $(LIB_CORE) -lm -o $@

fuzz-build:
	@tools/deps fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SAN=fuzz $(FUZZ_BIN)

# Each target for FUZZ_SECONDS on top of its committed corpus (tests/fuzz/run).
fuzz: fuzz-build
	@tests/fuzz/run --seconds $(FUZZ_SECONDS)

deps:
	@tools/deps build

test-deps:
	@tools/deps test

# `make test`: every suite, the servers they need, the sanitizer pass, and
# one replay of the fuzz corpora.
test: test-deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 all $(patsubst build/%,build/asan/%,$(UNIT_BIN))
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) SAN=fuzz $(FUZZ_BIN)
	@tests/run-all

store: all
	@tests/run-all store

e2e: all
	@tests/run-all e2e

# The kill test at full length: dun serve gets SIGKILL at a random point of
# a 1,000-SMS batch into Kannel, five times (tests/messaging/test_soak.sh;
# `make test` runs one round).
soak: test-deps all
	@SOAK_ROUNDS=5 TEST_TIMEOUT=1200 DUN=build/dun \
	    pg_virtualenv -t -i '-E UTF8 --locale=C.UTF-8' tests/messaging/run soak

# Performance targets are measured here, never asserted in timed tests.
bench: all
	@tests/bench/run

run: deps
	@$(MAKE) --no-print-directory all
	@./$(BUILD)/dun demo-data --if-empty --accounts 500
	@./$(BUILD)/dun settle >/dev/null # dun serve's work on a floor; the workstation never settles
	@./$(BUILD)/dun --agent $${DUN_AGENT:-demo}

install: $(BUILD)/dun
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BUILD)/dun $(DESTDIR)$(PREFIX)/bin/dun
	install -m 0644 docs/dun.1 $(DESTDIR)$(PREFIX)/share/man/man1/dun.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/dun $(DESTDIR)$(PREFIX)/share/man/man1/dun.1

clean:
	rm -rf build

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
