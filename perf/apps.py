from django.apps import AppConfig


class PerfConfig(AppConfig):
    """The load harness as an app (no models) so that ``manage.py bench_load`` is its command."""

    name = "perf"
