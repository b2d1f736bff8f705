"""Vietnamese text core: pure Python, typed, no Django imports (checked by a test).

Issue A gives the normalisation used for accent-insensitive lookups; the monitoring and classifier issues build
the rest here (legacy encodings, tone-mark placement, tokenisation, models).
"""

from lantoa.vntext.normalize import fold, nfc

__all__ = ["fold", "nfc"]
