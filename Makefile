# Two commands: `make run` and `make test`. Both set themselves up on a machine with only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
export PORT

.PHONY: help run test test-postgres topology lint openapi migrate demo bench bench-measures bench-returns migration clean

help:
	@echo "make run            - set up, migrate, load demo data and serve on http://127.0.0.1:$(PORT) (docs at /docs)"
	@echo "make test           - the whole test suite on SQLite"
	@echo "make test-postgres  - the whole test suite on PostgreSQL (SOS_TEST_POSTGRES_URL; a fresh database)"
	@echo "make topology       - two service processes behind haproxy on one PostgreSQL database, the"
	@echo "                      conformance suite through the proxy (.ci/topology.sh)"
	@echo "make lint           - ruff and mypy"
	@echo "make openapi        - regenerate openapi/openapi.json (and the suite's copy) from the service"
	@echo "make migrate        - bring the database (DATABASE_URL) to the latest schema, load code lists"
	@echo "make demo           - migrate, then record the invented demo family"
	@echo "make bench          - the HTTP benchmark (needs wrk) on SQLite and PostgreSQL"
	@echo "make bench-measures - time the fifteen measures on 1,000 to 10,000 generated children"
	@echo "make bench-returns  - time the statutory returns on 10,000 generated children (SQLite)"
	@echo "make migration MESSAGE=\"...\" - a new schema revision from the models (review it by hand)"
	@echo "make clean          - remove .venv and the local SQLite databases"

$(STAMP): pyproject.toml contract_tests/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,returns]"
	$(BIN)/python -m pip install --quiet -e ./contract_tests
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/sos-reference migrate

demo: migrate
	$(BIN)/sos-reference load-demo

run: demo
	@echo "Serving on http://127.0.0.1:$(PORT)  (interactive docs: http://127.0.0.1:$(PORT)/docs)"
	@echo "Token for authority 990: $(BIN)/sos-reference token --la 990"
	$(BIN)/sos-reference serve --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto $(PYTEST_ARGS)

# The same suite against PostgreSQL; SOS_TEST_POSTGRES_URL names a server (a fresh database is made).
test-postgres: $(STAMP)
	SOS_TEST_POSTGRES_URL=$${SOS_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
		$(BIN)/python -m pytest -q -p no:cacheprovider -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check service tests contract_tests bench migrations
	$(BIN)/mypy

openapi: $(STAMP)
	$(BIN)/sos-reference export-openapi --output openapi/openapi.json
	$(BIN)/python contract_tests/sync_contract.py

topology: $(STAMP)
	.ci/topology.sh

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-returns: $(STAMP)
	$(BIN)/python bench/returns.py

bench-measures: $(STAMP)
	$(BIN)/python bench/measures.py

# A new schema revision from the models: make migration MESSAGE="add referrals"
migration: $(STAMP)
	mkdir -p var
	rm -f var/migration-base.db
	$(BIN)/python -c "import sys; from alembic import command; from service.ops import migrate; \
		url = 'sqlite:///var/migration-base.db'; migrate.upgrade(url); \
		command.revision(migrate.alembic_config(url), message=sys.argv[1], autogenerate=True)" "$(MESSAGE)"
	rm -f var/migration-base.db

clean:
	rm -rf $(VENV) var/*.db var/*.db-*
