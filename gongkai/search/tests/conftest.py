import pytest

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.tests.conftest import approved, clerk, draft, reviewer  # noqa: F401
from gongkai.search.services import index_item_after_commit


@pytest.fixture
def publish(approved, reviewer, django_capture_on_commit_callbacks):  # noqa: F811
    """Publish an item as the catalogue does, with the search hook the catalogue's service
    calls, and run the after-commit callbacks (the test's transaction never commits)."""

    def make(**fields):
        item = approved(**fields)
        with django_capture_on_commit_callbacks(execute=True):
            catalogue.item_approve(item=item, actor=reviewer)
            index_item_after_commit(item.pk)
        item.refresh_from_db()
        return item

    return make
