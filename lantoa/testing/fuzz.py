"""The hypothesis profile of the parser fuzz tests (each app's ``test_fuzz.py``): see doc/security.md, "Fuzzing"."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# At least 1,000 generated inputs per parser; no deadline (a slow example is not a failure, a crash is); no example
# database in the working tree: a failure prints the input and a @reproduce_failure blob instead.
settings.register_profile(
    "lantoa-fuzz",
    max_examples=int(os.environ.get("LANTOA_FUZZ_EXAMPLES", "1000")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
FUZZ = settings.get_profile("lantoa-fuzz")
