"""Source kind ``rss``: see ``plugin.py``; copy this folder to add a kind (``../README.md``)."""
