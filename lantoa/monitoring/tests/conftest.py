"""The hypothesis profile of the parser fuzz tests (``test_fuzz.py``) lives in lantoa/testing/fuzz.py."""

from __future__ import annotations

import lantoa.testing.fuzz  # noqa: F401  (registers the "lantoa-fuzz" profile)
