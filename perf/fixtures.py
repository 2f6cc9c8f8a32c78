"""What a run needs in its throwaway database: responders signed in with a second factor, search
rows, and afterwards the count of what was stored."""

from __future__ import annotations

import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.test.utils import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from outreach.models import Encounter
from staff.accounts import staff_create_or_update

BENCH_TEAM = "Load test team"


def responder_sessions(count: int, *, secret_key: str) -> list[str]:
    """One responder per logger, each with a confirmed TOTP device and a verified session.

    The session holds exactly what ``django.contrib.auth.login`` and ``django_otp.login`` write
    after a password and a TOTP code; it is signed with the server's ``secret_key``.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    with override_settings(SECRET_KEY=secret_key):
        for i in range(count):
            user = staff_create_or_update(
                f"load.responder.{i}",
                role="responder",
                password=secrets.token_urlsafe(24),
                team=BENCH_TEAM,
            ).user
            device = TOTPDevice.objects.create(user=user, name="load test phone", confirmed=True)
            session = store()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.create()
            keys.append(session.session_key)
    return keys


def search_rows(count: int) -> int:
    """``count`` generated services across Hartford (bench_search's generator), on top of the copy's own."""
    if count:
        from search.management.commands.bench_search import generate

        generate(count)
    from search.models import ServiceSearchDocument

    return ServiceSearchDocument.objects.count()


def stored_encounters(sent_ids: set[str], run_tag: str) -> tuple[int, int]:
    """(how many of the sent ids are stored, how many rows with this run's tag are beyond those)."""
    stored = Encounter.objects.filter(pk__in=list(sent_ids)).count()
    tagged = Encounter.objects.filter(notes__startswith=run_tag + " #").count()
    return stored, tagged - stored
