"""Root conftest: fixtures live in lantoa.testing; the network is blocked except loopback (pytest addopts)."""

pytest_plugins = ["lantoa.testing.fixtures", "lantoa.testing.smtp"]
