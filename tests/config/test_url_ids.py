"""Ids in our URLs: a number past what the database holds answers 404, never 500.

The URL patterns are walked, so a pattern added later with Django's unbounded ``int`` is caught.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from config.converters import LARGEST_DATABASE_ID, DatabaseIdConverter
from tests.roles.factories import role_holder

OUR_APPS = ("accounts", "audit", "config", "demo", "forms", "policy_pages", "printing", "registry", "roles",
            "workbench", "workflows")
TOO_LARGE = (LARGEST_DATABASE_ID + 1, 10**30)


def our_routes(resolver=None, prefix=""):
    """(route, pattern) of every URL pattern whose view is ours, with its full path route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # Wagtail's own regex patterns
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from our_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.callback.__module__.split(".")[0] in OUR_APPS:
            yield route, pattern


def id_routes():
    return [route for route, pattern in our_routes() if pattern.pattern.converters]


def test_no_pattern_of_ours_takes_an_unbounded_int():
    unbounded = [route for route, pattern in our_routes()
                 if any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values())]
    assert not unbounded
    assert len(id_routes()) >= 20  # workbench, cases, printing
    assert all(isinstance(c, DatabaseIdConverter) for _, p in our_routes() for c in p.pattern.converters.values())


def test_converter_bounds():
    converter = DatabaseIdConverter()
    assert converter.to_python(str(LARGEST_DATABASE_ID)) == LARGEST_DATABASE_ID
    for number in TOO_LARGE:
        with pytest.raises(ValueError):
            converter.to_python(str(number))


@pytest.mark.django_db
@pytest.mark.parametrize("number", [LARGEST_DATABASE_ID, *TOO_LARGE])
def test_ids_past_the_database_range_answer_404(client, number):
    client.raise_request_exception = False
    users = [
        role_holder("township_officer", "民生街道"),
        get_user_model().objects.create_superuser("root", "root@example.org", "x"),
    ]
    for user in users:
        client.force_login(user)
        for route in id_routes():
            url = "/" + route.replace("<dbid:pk>", str(number))
            assert "<" not in url, url
            for method in (client.get, client.post):
                # the largest id fits: no such row (404), or a view of the other method (405)
                allowed = {404} if number > LARGEST_DATABASE_ID else {404, 405}
                assert method(url).status_code in allowed, (method.__name__, url, user.username)
