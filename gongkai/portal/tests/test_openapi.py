"""The OpenAPI description: a valid OpenAPI 3.0 document, served as written, and exact — the
API's answers to schemathesis' generated requests (valid and invalid) all conform to it and
none is a server error."""

from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from gongkai.catalogue.models import Subject
from gongkai.portal.openapi import DETAIL_PROPERTIES, OPENAPI, SUMMARY_PROPERTIES
from gongkai.portal.tests.conftest import png

schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = WSGIHandler()  # in-process, as schemathesis.openapi.from_wsgi sets it


def test_the_description_is_valid_openapi_3_0():
    assert validate(OPENAPI) is None


def test_the_served_description_is_the_written_one(client, db):
    response = client.get("/api/openapi.json")
    assert (response.status_code, response.json()) == (200, OPENAPI)


def test_the_described_fields_are_exactly_the_served_ones(client, published):
    item = published(attachments=[("附件.png", png())])
    listed = client.get("/api/items/").json()["results"][0]
    detail = client.get(f"/api/items/{item.pk}/").json()
    assert (sorted(listed), sorted(detail)) == (
        sorted(SUMMARY_PROPERTIES),
        sorted(DETAIL_PROPERTIES),
    )


@pytest.fixture
def keep_test_connection(settings):
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction; Django's own test client disconnects the same receivers.
    schemathesis addresses the application as localhost."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def served_items(published, other_agency, keep_test_connection):
    subject = Subject.objects.create(name="城乡建设、环境保护")
    published(subject=subject, attachments=[("附件.png", png())])
    published(
        agency=other_agency,
        statutory_category="20-7",
        published_on=date(2024, 3, 4),
        written_on=date(2024, 3, 1),
    )


@schema.parametrize()
@settings(
    max_examples=40,
    database=None,  # no example database left in the work tree
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db
def test_every_answer_conforms_and_none_is_a_server_error(case, served_items):
    case.call_and_validate()
