"""Where the shared datasets live: ``LANTOA_SHARED_DATA``, else ``../shared/data`` beside the repository.

Nothing from there is copied into the repository; code and tests read it in place.
"""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    configured = os.environ.get("LANTOA_SHARED_DATA", "").strip()
    return Path(configured).expanduser().resolve() if configured else (REPOSITORY.parent / "shared" / "data").resolve()
