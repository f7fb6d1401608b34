# The course's commands. The two a student needs: `make figures` and `make test`.
#
#   make figures   build (release), install what is missing, run every lecture, write figures/
#   make test      build (release) and run every test (gradient checks, lecture claims, exercises, chapters)
#   make lectures  re-weave every chapter Lectures/NN-name/README.md (runs every lecture)
#   make bench     time the training steps and the samplers (beside the peers, if installed:
#                  3 interleaved rounds, about 8½ minutes; ROUNDS=1 for one; MAX_ISA=avx2
#                  plays a CPU without AVX-512)
#   make bench-peers  install NumPy, JAX and NumPyro under .build/peers for make bench
#   make student   write the student copy (solutions removed) into student/
#   make quick-outputs  record every lecture's --quick output (the tests compare against it)
#   make deps      install the system packages (gnuplot, gnuplot-iostream) if missing

SWIFT     ?= swift
RELEASE   := .build/release
FIGURES   ?= figures
# Lecture folder : executable
LECTURES  := 01-mle-and-bayes:mle-bayes 02-metropolis-hastings:metropolis-hastings 03-langevin-dynamics:langevin \
             04-ensembles:ensembles 05-swag:swag 06-bayes-by-backprop:bayes-by-backprop \
             07-dropout:dropout 08-laplace:laplace 09-comparison:comparison 10-calibration:calibration 11-classification:classification \
             12-emulator:emulator 13-physics-informed:physics-informed

lecture_dirs = $(foreach l,$(LECTURES),Lectures/$(word 1,$(subst :, ,$(l))))

.PHONY: all figures lectures quick-outputs test bench bench-peers student deps build clean help

all: figures

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

# System packages: gnuplot (headless) and gnuplot-iostream (which brings boost).
SYSTEM_PACKAGES := gnuplot-nox libgnuplot-iostream-dev
deps:
	@if command -v gnuplot >/dev/null 2>&1 && [ -f /usr/include/gnuplot-iostream.h ] \
	    && ls /usr/lib/*/libboost_iostreams.so >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing $(SYSTEM_PACKAGES) ..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES)) >/dev/null \
	    || { echo "error: apt-get could not install $(SYSTEM_PACKAGES)" >&2; exit 1; }; \
	else \
	    echo "error: system packages are missing; install them with:" >&2; \
	    echo "  sudo apt-get install $(SYSTEM_PACKAGES)" >&2; exit 1; \
	fi

build: deps
	$(SWIFT) build -c release

figures: build
	@mkdir -p $(FIGURES)
	@for l in $(LECTURES); do \
	    exe=$${l#*:}; echo "== $$exe"; \
	    $(RELEASE)/$$exe --figures-dir $(FIGURES) > /dev/null || exit 1; \
	done
	@echo "figures written to $(FIGURES)/"

lectures: build
	@for l in $(LECTURES); do \
	    dir=Lectures/$${l%%:*}; exe=$${l#*:}; \
	    $(RELEASE)/course weave --source $$dir/main.swift --executable $(RELEASE)/$$exe \
	        --output $$dir/README.md --figures-dir $(FIGURES) || exit 1; \
	done

# What every lecture prints with --quick, byte for byte: the end-to-end tests compare against it.
quick-outputs: build
	@mkdir -p Tests/LectureTests/QuickOutputs
	@for l in $(LECTURES); do \
	    exe=$${l#*:}; $(RELEASE)/$$exe --quick --terminal none > Tests/LectureTests/QuickOutputs/$$exe.txt || exit 1; \
	done

# One build of everything (libraries, lectures and tests compile side by side), then the tests.
test: deps
	$(SWIFT) build -c release --build-tests
	$(SWIFT) test -c release --skip-build

PEERS := .build/peers
# Rounds of the side-by-side comparison: each contender keeps its best (see compare.py).
ROUNDS ?= 3
# One core for the benchmark and for each peer (compare.py pins those), so that "one thread"
# means one core: XLA otherwise runs a second thread whatever its flags say.
PIN := $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 0)

# MAX_ISA=avx2 plays a CPU without AVX-512 on this one, for both sides: our AVX2 kernels, XLA,
# OpenBLAS, NumPy's own loops and glibc (memcpy) capped at AVX2. JAX's YNNPACK ignores the cap,
# so compare.py also runs JAX without it and judges against both (see AVX2_RUN there).
ifeq ($(MAX_ISA),avx2)
bench: export UQ_MATRIX_KERNEL := avx2
bench: export XLA_FLAGS := --xla_cpu_max_isa=AVX2
bench: export OPENBLAS_CORETYPE := Haswell
bench: export NPY_DISABLE_CPU_FEATURES := X86_V4 AVX512_ICL AVX512_SPR
bench: export GLIBC_TUNABLES := glibc.cpu.hwcaps=-AVX512F,-AVX512DQ,-AVX512VL,-AVX512BW
endif
bench: build
	@$(PIN) $(RELEASE)/benchmark --json-file .build/bench.jsonl
	@if [ -x $(PEERS)/bin/python ]; then \
	    echo "running the peers (NumPy, JAX, NumPyro), one core each, $(ROUNDS) rounds interleaved with ours ..."; \
	    python3 Sources/benchmark/peers/compare.py .build/bench.jsonl --python $(PEERS)/bin/python \
	        --benchmark $(RELEASE)/benchmark --rounds $(ROUNDS); \
	else python3 Sources/benchmark/peers/compare.py .build/bench.jsonl; fi

# The Python peers, in a virtual environment under .build (never system-wide). PyTorch only on
# request (`make bench-peers TORCH=1`): its wheel brings gigabytes.
bench-peers:
	python3 -m venv $(PEERS)
	$(PEERS)/bin/pip install -q numpy "jax[cpu]" numpyro $(if $(TORCH),torch,)

student:
	$(SWIFT) run -c release course student --output student

clean:
	rm -rf .build student
