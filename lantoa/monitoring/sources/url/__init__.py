"""Source kind ``url``: see ``plugin.py``; copy this folder to add a kind (``../README.md``)."""
