"""Benchmark harness: see bench/run.py."""
