"""Benchmarks: scripts that print tables of numbers for the README (not collected by pytest)."""
