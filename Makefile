# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test services down status lint venv requirements lexicon messages shell bench bench-smoke bench-scale relevance \
	relevance-smoke browser compose-images compose-check soak soak-smoke

## Create the virtualenv and install the pinned runtime and development sets, hash-checked
## (again only when they change). The Docker image installs requirements.txt alone.
venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

## Re-pin both sets from requirements.in / requirements-dev.in (pip-tools, in the dev set).
requirements: venv
	$(BIN)/pip-compile --generate-hashes --strip-extras --no-header --no-emit-find-links -q requirements.in -o requirements.txt
	$(BIN)/pip-compile --generate-hashes --strip-extras --no-header --no-emit-find-links -q requirements-dev.in -o requirements-dev.txt

## Compile the word-form -> lemma dictionaries search uses (once per simplemma version).
lexicon: venv
	$(BIN)/python backend/manage.py build_lexicon

## Compile the translations (backend/locale/*/LC_MESSAGES/*.po -> .mo) when a .po changed;
## installs Debian's gettext when missing. README "Translations".
messages: venv
	scripts/compile-messages

## Install (when missing) and start PostgreSQL, Redis and Elasticsearch on loopback.
services:
	scripts/services up

## Install (when missing) headless Chromium for the storefront's browser tests.
browser:
	scripts/install-browser

## Set everything up and serve the API and an RQ worker on http://127.0.0.1:8000/.
run: venv lexicon messages services
	scripts/run

## Set everything up and run the whole test suite against the real services.
test: venv lexicon messages services browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Benchmarks (BENCH_PRODUCTS, default 100000); report in bench/results/latest/report.md.
bench: venv lexicon services
	scripts/bench

bench-smoke: venv lexicon services
	scripts/bench --smoke

## The scale series (not in CI): rebuild, search and save at 10 000, 100 000 and 1 000 000
## products, on an Elasticsearch node of its own (port 9400 + BENCH_PORT_OFFSET, 3 GB heap,
## stopped at the end); report and plot in bench/results/scale/. About an hour and a half here.
bench-scale: venv lexicon services
	scripts/bench --scale

## Judged relevance benchmark (10 000 products, rankings side by side); report in
## bench/results/relevance/latest/report.md. The smoke run (CI) fails below the floor.
relevance: venv lexicon services
	$(BIN)/python bench/relevance.py --products $${RELEVANCE_PRODUCTS:-10000}

relevance-smoke: venv lexicon services
	$(BIN)/python bench/relevance.py --smoke

## Soak: SOAK_SECONDS (default 600) of shoppers and staff writes while faults hit (restarts,
## pauses, kills), on services of its own; then the invariants (nothing acknowledged lost, the
## index equal to PostgreSQL, each email once). Report in bench/results/soak/; exits 1 if one fails.
soak: venv lexicon messages
	$(BIN)/python bench/soak.py

## The 60-second soak (CI); report in bench/results/soak/smoke/.
soak-smoke: venv lexicon messages
	$(BIN)/python bench/soak.py --smoke

## flake8, then mypy with the Django and DRF plugins (mypy.ini says which packages).
lint: venv
	$(BIN)/flake8
	$(BIN)/mypy

## The Docker Compose stack up for real under podman-compose, every promise checked, torn
## down again (root; slow, not in CI); log in bench/results/compose-check.log.
compose-check:
	nice -n 10 ionice -c 3 scripts/compose-check

## Local stand-ins for the compose file's base images, where no registry is reachable.
compose-images:
	nice -n 10 ionice -c 3 scripts/compose-images

## Stop the services started by `make services`.
down:
	scripts/services down

status:
	scripts/services status
