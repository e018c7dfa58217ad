# bench.mk - `make bench`: the speed figures of SPEC section 9 on a company of
# 100 managers and 5 years of entries (about 2 million values), generated once
# into bench/cache/.  Included from Makefile.am (after EXTRA_DIST is set).

EXTRA_PROGRAMS = bench/viewtime
bench_viewtime_SOURCES = bench/viewtime.c
bench_viewtime_LDADD = $(LIBS_ALL)

EXTRA_DIST += bench/run.sh bench/bench.py bench/gencsv.sql bench/plans.sql bench/bench.mk

bench: src/kpitop$(EXEEXT) bench/viewtime$(EXEEXT)
	SQLITE3='$(SQLITE3)' PYTHON='$(PYTHON)' $(SHELL) '$(top_srcdir)/bench/run.sh' \
		'$(abs_top_srcdir)' '$(abs_top_builddir)'

.PHONY: bench
