"""Vietnamese text core: pure Python, typed, no Django imports (checked by a test).

Issue A gives the normalisation used for accent-insensitive lookups; the monitoring and classifier issues build
the rest here (legacy encodings, tone-mark placement, tokenisation, models).
"""

from lantoa.vntext.legacy import detect_legacy, to_unicode
from lantoa.vntext.normalize import clean_text, fold, is_syllable, nfc, normalize_tones

__all__ = ["clean_text", "detect_legacy", "fold", "is_syllable", "nfc", "normalize_tones", "to_unicode"]
