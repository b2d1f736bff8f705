"""The ``lantoa`` command: Django's management commands, with configuration errors reported in one line.

``lantoa up`` runs the whole platform; ``lantoa help`` lists every command.
"""

from __future__ import annotations

import os
import sys

from lantoa.envconfig import ConfigError


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
    try:
        # Import the settings first so that a bad variable is reported before Django prints a traceback.
        from django.core.management import execute_from_command_line

        import lantoa.settings  # noqa: F401

        execute_from_command_line(["lantoa", *args])
    except ConfigError as exc:
        print(f"lantoa: configuration error: {exc.name}: {exc.problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
