# Spotter: the local stack (PostgreSQL + Kafka + services, no Docker) and the test tiers.
# `make run` starts everything and stays in the foreground; `make test` runs every tier.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The newest supported interpreter on PATH; override with PYTHON=...
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
KAFKA_LIBS := .local/kafka/libs
TIERS := unit integration e2e faults
PYTEST_ARGS ?=

# One port variable moves a server; the URLs follow unless they are set explicitly.
export SPOTTER_PG_PORT ?= 5432
export SPOTTER_KAFKA_PORT ?= 9092
export SPOTTER_DATABASE_URL ?= postgresql://spotter_app:spotter_app@127.0.0.1:$(SPOTTER_PG_PORT)/spotter
export SPOTTER_OWNER_DATABASE_URL ?= postgresql://spotter_owner:spotter_owner@127.0.0.1:$(SPOTTER_PG_PORT)/spotter
export SPOTTER_ADMIN_DATABASE_URL ?= postgresql://postgres@127.0.0.1:$(SPOTTER_PG_PORT)/postgres
export SPOTTER_KAFKA_BOOTSTRAP ?= 127.0.0.1:$(SPOTTER_KAFKA_PORT)

HAS_DEMO := $(shell grep -qE '^demo:' $(firstword $(MAKEFILE_LIST)) && echo yes)

.PHONY: help setup prereqs compose-tool infra-up infra-down migrate up down status logs test \
        run clean bench

help:
	@echo "make run        start everything (PostgreSQL, Kafka, services), Ctrl-C stops it"
	@echo "make test       set up, start PostgreSQL + Kafka, run every test tier"
	@echo "make setup      .venv, Kafka jars, PostgreSQL binaries check (fast when done)"
	@echo "make infra-up / infra-down    PostgreSQL + Kafka + topics + migrations"
	@echo "make up / down / status / logs [NAME=kafka] [FOLLOW=1]"
	@echo "make migrate    apply infra/migrations/*.sql"
	@echo "make bench      run the benchmarks (python -m bench)"
	@echo "make clean      delete .local (all local data and logs; FORCE=1 skips the question)"

prereqs:
	@command -v $(PYTHON) >/dev/null 2>&1 \
	  || { echo "Python 3.11+ not found: apt-get install python3.11 python3.11-venv"; exit 1; }
	@$(PYTHON) -m infra.prereqs $(if $(wildcard $(PY)),,--venv)

# Reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "installing Python dependencies into $(VENV)"
	@mkdir -p .local/logs
	@$(PY) -m pip install --disable-pip-version-check -e '.[test]' > .local/logs/pip.log 2>&1 \
	  || { tail -n 20 .local/logs/pip.log; echo "pip install failed (full log: .local/logs/pip.log)"; exit 1; }
	@touch $@

# Re-downloaded only when the pom changes (old versions must not stay on the classpath).
$(KAFKA_LIBS)/.installed: infra/kafka/pom.xml
	@echo "downloading Kafka jars into $(KAFKA_LIBS)"
	@rm -rf $(KAFKA_LIBS)
	@mvn -q -B -Dstyle.color=never -f infra/kafka/pom.xml dependency:copy-dependencies
	@touch $@

# docker-compose is only needed to validate docker-compose.yml; its absence is not fatal.
compose-tool:
	@command -v docker-compose >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing docker-compose (apt-get)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1 \
	    || { apt-get update -q >/dev/null 2>&1 && \
	         apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1; } \
	    || echo "warning: could not install docker-compose; the compose file test will skip"; \
	  else echo "note: docker-compose not found; the compose file test will skip"; fi; }

setup: prereqs $(VENV)/.installed $(KAFKA_LIBS)/.installed compose-tool
	@$(PY) -m infra.stack check

infra-up: setup
	@$(PY) -m infra.stack up --infra

infra-down:
	@$(PY) -m infra.stack down --infra

migrate:
	@$(PY) -m infra.postgres.migrate

up: setup
	@$(PY) -m infra.stack up

down:
	@$(PY) -m infra.stack down

status:
	@$(PY) -m infra.stack status || true

logs:
	@$(PY) -m infra.stack logs $(NAME) $(if $(FOLLOW),--follow)

# A tier without tests yet is skipped; pytest's "no tests collected" (5) then cannot happen
# unless every tier is empty, which fails.
test: infra-up
	@tiers=""; \
	for tier in $(TIERS); do \
	  if [ -n "$$(find tests/$$tier -name 'test_*.py' 2>/dev/null | head -n1)" ]; then \
	    tiers="$$tiers tests/$$tier"; \
	  else echo "tests/$$tier: no tests yet, skipped"; fi; \
	done; \
	if [ -z "$$tiers" ]; then echo "no tests found in any tier"; exit 1; fi; \
	SPOTTER_REQUIRE_INFRA=1 $(PY) -m pytest $$tiers $(PYTEST_ARGS)

run: setup
	@$(PY) -m infra.stack run $(if $(HAS_DEMO),--then "$(MAKE) --no-print-directory demo")

bench: setup
	@if [ -f bench/__main__.py ]; then $(PY) -m bench; else echo "no benchmarks yet (bench/__main__.py)"; fi

clean:
	@if [ "$(FORCE)" != 1 ]; then \
	  read -r -p "Delete .local (databases, Kafka data, logs)? [y/N] " answer; \
	  case "$$answer" in y|Y|yes) ;; *) echo "kept .local"; exit 0;; esac; \
	fi; \
	if [ -x $(PY) ]; then $(PY) -m infra.stack down || true; fi; \
	rm -rf .local; echo "removed .local"

# The demo drives a running stack over HTTP; `make run` calls it once the stack is up.
# Phony: the demo/ folder would otherwise make the target look up to date.
.PHONY: demo
demo:
	@$(PY) -m demo
