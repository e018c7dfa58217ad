# fuzz.mk - fuzzing, included from Makefile.am (after EXTRA_DIST is set).
#
#   make fuzz                     every harness for FUZZ_SECONDS (10) each
#   make fuzz FUZZ_SECONDS=300    longer
#   make fuzz FUZZ_ONLY=csv       one harness (or "csv config")
#
# run.sh builds the harnesses with clang -fsanitize=fuzzer into fuzz-build/,
# prints "fuzz_NAME: N inputs, N crashes" per harness, copies any crashing
# input into tests/fuzz/regressions/NAME/ and fails; without clang and
# libFuzzer it prints "fuzz: skipped" and succeeds.  tests/fuzz/regress.sh
# (in TESTS) replays the corpus and the regressions with the normal compiler
# on every `make check`.

# FUZZ_SECONDS, FUZZ_ONLY and FUZZ_JOBS reach run.sh through the
# environment (make exports variables set on its command line).
.PHONY: fuzz fuzz-clean
fuzz:
	$(SHELL) $(top_srcdir)/tests/fuzz/run.sh $(abs_top_builddir)/fuzz-build $(abs_top_srcdir)

fuzz-clean:
	rm -rf $(abs_top_builddir)/fuzz-build

EXTRA_DIST += tests/fuzz
