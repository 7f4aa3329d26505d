# Two entry points (see README): `make vectors` (regenerate + check) and `make test` (everything).
PY ?= python3
PY36 ?= $(shell pyenv prefix 3.6.15 2>/dev/null)/bin/python3.6
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install -q --disable-pip-version-check

.PHONY: fuzz sweep venv-clients clients venv-mlx venv-mxnet venv-openvino venv-paddle system-deps js vectors test unit conformance venv venv-frameworks venv-theano bench report clean

## Main job: regenerate vectors from spec/, then check them (schema, manifest, lint, staleness).
vectors: venv
	$(BIN)/padvec generate
	$(BIN)/padvec validate
	$(BIN)/padvec generate --check

## Whole suite: unit tests + every vector through the real frameworks.
test: venv venv-frameworks venv-theano venv-openvino venv-paddle venv-mlx venv-mxnet venv-clients system-deps
	$(BIN)/python -m pytest -q tests
	node --test examples/js/

unit: venv
	$(BIN)/python -m pytest -q tests -m "not conformance"

venv: $(VENV)/.core
$(VENV)/.core: requirements/core.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(PIP) -r requirements/core.txt
	$(PIP) --no-deps -e .
	touch $@

venv-frameworks: $(VENV)/.frameworks
$(VENV)/.frameworks: requirements/main.txt $(VENV)/.core
	$(PIP) -r requirements/main.txt
	touch $@

# Keras 2.2.4 / 2.0.8 on Theano 1.0.5 need Python 3.6 (pyenv has it).
venv-theano: .venv-theano/.done .venv-keras208/.done
.venv-theano/.done: requirements/theano.txt
	test -x .venv-theano/bin/python || $(PY36) -m venv .venv-theano
	.venv-theano/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip<22"
	.venv-theano/bin/python -m pip install -q --disable-pip-version-check -r requirements/theano.txt
	touch $@
.venv-keras208/.done: requirements/keras208.txt
	test -x .venv-keras208/bin/python || $(PY36) -m venv .venv-keras208
	.venv-keras208/bin/python -m pip install -q --disable-pip-version-check --upgrade "pip<22"
	.venv-keras208/bin/python -m pip install -q --disable-pip-version-check -r requirements/keras208.txt
	touch $@

# OpenVINO / PaddlePaddle in their own Python 3.11 virtualenvs (their numpy/protobuf pins must
# not touch .venv).
venv-openvino: .venv-openvino/.done
.venv-openvino/.done: requirements/openvino.txt
	test -x .venv-openvino/bin/python || $(PY) -m venv .venv-openvino
	.venv-openvino/bin/python -m pip install -q --disable-pip-version-check -r requirements/openvino.txt
	touch $@
venv-paddle: .venv-paddle/.done
.venv-paddle/.done: requirements/paddle.txt
	test -x .venv-paddle/bin/python || $(PY) -m venv .venv-paddle
	.venv-paddle/bin/python -m pip install -q --disable-pip-version-check -r requirements/paddle.txt
	touch $@

# Apple MLX (env main): the mlx + mlx-cpu wheels, no dependencies, installed into .venv itself
# (pip --dry-run: changes nothing already there).
venv-mlx: $(VENV)/.mlx
$(VENV)/.mlx: requirements/mlx.txt $(VENV)/.core
	$(PIP) -r requirements/mlx.txt
	touch $@

# MXNet 1.9.1 imports only with numpy < 1.24: its own Python 3.11 env.
venv-mxnet: .venv-mxnet/.done
.venv-mxnet/.done: requirements/mxnet.txt
	test -x .venv-mxnet/bin/python || $(PY) -m venv .venv-mxnet
	.venv-mxnet/bin/python -m pip install -q --disable-pip-version-check -r requirements/mxnet.txt
	touch $@

# Third-party clients (converters, runtimes) of the client matrix, each set in its own Python 3.11
# virtualenv (their pins must not touch .venv): onnx2torch, onnx2pytorch, tract in .venv-clients;
# tf2onnx with TensorFlow + onnxruntime in .venv-clients-tf. `make clients` runs the matrix.
venv-clients: .venv-clients/.done .venv-clients-tf/.done
.venv-clients/.done: requirements/clients.txt requirements/clients-nodeps.txt
	test -x .venv-clients/bin/python || $(PY) -m venv .venv-clients
	.venv-clients/bin/python -m pip install -q --disable-pip-version-check -r requirements/clients.txt
	.venv-clients/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements/clients-nodeps.txt
	touch $@
.venv-clients-tf/.done: requirements/clients-tf.txt
	test -x .venv-clients-tf/bin/python || $(PY) -m venv .venv-clients-tf
	.venv-clients-tf/bin/python -m pip install -q --disable-pip-version-check -r requirements/clients-tf.txt
	touch $@

clients: venv venv-clients
	PYTHONPATH=generator $(BIN)/python -m padvec.check.clients.matrix --out build/clients

## Full off-grid sweep of every runnable system -> build/sweep-*.json -> the "Off-grid sweep"
## section of docs/conformance.md. Fast runtimes get SWEEP_N configurations, the slow ones
## (a compile or a session per case) SWEEP_SLOW_N.
SWEEP_N ?= 20000
SWEEP_SLOW_N ?= 2000
SWEEP_SEED ?= 2026
SWEEP_FAST ?= pytorch numpy scipy-signal scipy-ndimage opencv onnx
SWEEP_SLOW ?= jax flax mlx tinygrad matlab theano keras-theano openvino paddle mxnet tensorflow tf-keras keras3 tflite
sweep: venv venv-frameworks venv-theano venv-openvino venv-paddle venv-mlx venv-mxnet system-deps
	nice $(BIN)/padvec sweep $(SWEEP_FAST) --n $(SWEEP_N) --seed $(SWEEP_SEED) --out build/sweep-fast.json; \
	  a=$$?; nice $(BIN)/padvec sweep $(SWEEP_SLOW) --n $(SWEEP_SLOW_N) --seed $(SWEEP_SEED) \
	  --out build/sweep-slow.json; b=$$?; \
	  $(BIN)/padvec sweep-report build/sweep-fast.json build/sweep-slow.json; test $$a = 0 -a $$b = 0

bench: venv
	$(BIN)/python benchmarks/bench_all.py

clean:
	rm -rf $(VENV) .venv-theano .venv-keras208 .venv-openvino .venv-paddle .venv-mlx .venv-mxnet \
	  .venv-clients .venv-clients-tf

report: venv
	$(BIN)/padvec report build/conformance
	$(BIN)/padvec report --html build/conformance


## JavaScript example consumer (Node >= 18, no dependencies)
js:
	node --test examples/js/


# Debian packages some conformance tests need (CI runs as root): chromium (report page),
# octave (the matlab system), clang (tinygrad's CPU device compiles its kernels with it).
SYSTEM_DEPS := chromium:chromium chromedriver:chromium-driver octave-cli:octave clang:clang
system-deps:
	@missing=""; for pair in $(SYSTEM_DEPS); do cmd=$${pair%%:*}; pkgs=$${pair#*:}; \
	  command -v $$cmd >/dev/null || missing="$$missing $$pkgs"; done; \
	  if [ -n "$$missing" ]; then echo "apt-get install$$missing"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

## Spec and CLI fuzzers at full size (the unit run does a fixed-seed sample): tracebacks, hangs,
## memory blow-ups and accepted-invalid specs must all be 0.
fuzz: venv
	PYTHONPATH=generator $(BIN)/python tests/fuzzing.py spec 5000
	PYTHONPATH=generator $(BIN)/python tests/fuzzing.py cli 300
