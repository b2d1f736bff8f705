"""Lantoa (lan tỏa): the policy-communication platform of a Vietnamese province."""

__version__ = "0.1.0"
