from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

import lantoa


def lantoa_context(request: HttpRequest) -> dict[str, object]:
    return {"LANTOA_VERSION": lantoa.__version__, "LANTOA_DEBUG": settings.DEBUG, "SOURCE_URL": settings.SOURCE_URL}
