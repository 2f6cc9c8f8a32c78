"""Load and fault testing against the production server: ``manage.py bench_load`` and tests/perf."""
