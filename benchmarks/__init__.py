"""Benchmarks: `make bench` runs every bench_*.py module's main(); figures go to BENCHMARKS.md."""
