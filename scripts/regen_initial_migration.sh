#!/usr/bin/env bash
# Until contract 1.0.0 is released the schema is one initial migration, regenerated from the models.
# After the first release, add new revisions instead (alembic revision --autogenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp/gen.db" <<'PY'
import sys
from alembic import command
from service.migrate import alembic_config
command.revision(alembic_config(f"sqlite:///{sys.argv[1]}"), message="initial schema", autogenerate=True, rev_id="0001")
PY
sed -i 's/astext_type=Text()/astext_type=sa.Text()/g; /^Create Date:/d' migrations/versions/0001_initial_schema.py
rm -rf "$tmp"
echo "regenerated migrations/versions/0001_initial_schema.py"
