"""Browser benchmarks: one module per measure, sharing a server, a browser and the probes (common.py)."""
