"""``manage.py load_instruments [PATH ...]``: load screening instruments from their data files."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessment.services import BUILTIN_DIR, instrument_load_file


class Command(BaseCommand):
    help = (
        "Load screening instruments (JSON files in the shape of assessment/instruments/README.md; "
        "a folder loads every *.json in it). A new version becomes the one the screen asks; a "
        "stored version is never rewritten. Without a path: the built-in instruments."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)

    def handle(self, *args, paths, **options):
        files = []
        for path in paths or [BUILTIN_DIR]:
            if path.is_dir():
                files.extend(sorted(path.glob("*.json")))
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        for path in files:
            try:
                instrument, created = instrument_load_file(path)
            except (ValidationError, ValueError, KeyError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
            state = "loaded" if created else "already loaded"
            self.stdout.write(f"{path}: {instrument.code} {instrument.version} {state}")
