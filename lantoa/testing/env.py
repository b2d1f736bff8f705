"""pytest plugin loaded before Django (``-p lantoa.testing.env``): test-only environment.

Settings read the environment once, at import; pytest-django imports them before any conftest runs, so the
variables are set here. A developer's own LANTOA_* values for these are overridden on purpose.
"""

from __future__ import annotations

import os
import tempfile

_VAR = tempfile.mkdtemp(prefix="lantoa-test-var-")
os.environ["LANTOA_VAR_DIR"] = _VAR
os.environ["LANTOA_HUEY_IMMEDIATE"] = "1"
os.environ["LANTOA_STATIC_FROM_APPS"] = "1"
# The live server's request threads would otherwise keep PostgreSQL connections open past the test database.
os.environ["LANTOA_DB_CONN_MAX_AGE"] = "0"
# Never poll real outlets from tests; the polling tests switch it on against their local server.
os.environ["LANTOA_POLLING"] = "0"
os.environ.setdefault("LANTOA_SECRET_KEY", "test-only-secret-key-not-for-production")
