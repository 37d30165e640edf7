"""Benchmarks: each compares the app against a baseline measured in the same run (bench/README.md)."""
