"""The script-name bypass through a real gunicorn (production settings), with and without the header.

A signed-in session that has not passed its second factor sends ``SCRIPT_NAME: /x`` from loopback
(gunicorn trusts forwarding headers from there by default). The project's gunicorn.conf.py must
ignore the header; a deployment that does forward a script name must still get the second factor.
The server reads the test's own database, hence ``transaction=True``.
"""

import http.client
import json

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from perf.server import Gunicorn
from staff.models import Role
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, staff, totp_device
from tests.servers import server_database_url, sqlite_test_database_on_disk

sqlite_test_database_on_disk()  # the gunicorn reads the test database

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LABEL = "Kestrel"


@pytest.fixture
def start_server(tmp_path):
    servers = []

    def start(*args):
        server = Gunicorn(
            database_url=server_database_url(),
            secret_key=settings.SECRET_KEY,
            workers=1,
            threads=2,
            log_path=str(tmp_path / f"gunicorn-{len(servers)}.log"),
            extra_args=args,
            settings_module="tests.security.server_settings",
        )
        servers.append(server)
        server.start()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def responder():
    """A responder with a referral on the team; ``session(verified)`` signs in as it."""
    team = TeamFactory()
    user = staff(Role.RESPONDER, team=team)
    ReferralFactory(
        team=team, created_by=user, person=PersonFactory(alias=LABEL, created_by_team=team)
    )
    return user


def session(user, *, verified=False):
    client = Client()
    client.force_login(user)  # the password only
    if verified:
        stored = client.session
        stored[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        stored.save()
    return client.cookies["sessionid"].value


def get(server, path, *, cookie="", script_name=None):
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    if script_name:
        headers["SCRIPT_NAME"] = script_name
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return (
            response.status,
            response.getheader("Location", ""),
            response.read().decode(errors="replace"),
        )
    finally:
        connection.close()


def assert_second_factor_required(answer):
    status, _location, body = answer
    assert status == 403, answer
    assert json.loads(body)["error"]["code"] == "second_factor_required"
    assert LABEL not in body


def test_the_project_server_ignores_a_forwarded_script_name(start_server, responder):
    server = start_server()
    cookie = session(responder)
    # Routed as sent, prefix and all: no such API (only the catch-all page path, with a slash) ...
    status, location, body = get(server, "/x/api/referrals", cookie=cookie, script_name="/x")
    assert (status, location) == (301, "/x/api/referrals/") and LABEL not in body, (
        status,
        location,
    )
    # ... and no such pages.
    for path in ("/x/outreach/people/", "/x/outreach/referrals/open/"):
        status, _location, body = get(server, path, cookie=cookie, script_name="/x")
        assert status == 404 and LABEL not in body, (path, status)
    assert_second_factor_required(get(server, "/api/referrals", cookie=cookie))


def test_a_configured_script_name_still_needs_the_second_factor(start_server, responder):
    server = start_server("--forwarder-headers", "SCRIPT_NAME")
    cookie = session(responder)
    assert_second_factor_required(get(server, "/x/api/referrals", cookie=cookie, script_name="/x"))
    assert_second_factor_required(get(server, "/api/referrals", cookie=cookie))
    for page in ("/x/outreach/people/", "/x/outreach/referrals/open/"):
        status, location, body = get(server, page, cookie=cookie, script_name="/x")
        assert status == 302 and location.startswith("/x/account/2fa/setup/?next="), (
            page,
            status,
            location,
        )
        assert LABEL not in body

    status, _location, body = get(
        server, "/x/api/referrals", cookie=session(responder, verified=True), script_name="/x"
    )
    assert status == 200 and LABEL in body, (
        status
    )  # behind the second factor, the prefixed site works
