#!/usr/bin/env python
"""Django's usual entry point; the same as the ``lantoa`` console script."""

import sys

from lantoa.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
