"""Every listing of the back office (our modeladmin and snippet viewsets) renders, with each of its filters.

The listings are found by walking the URL patterns under ``/admin/``, so a listing added later is
tried too; each is opened by the demo accounts that may open it, and then once per filter choice.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

OUR_APPS = {"audit", "registry", "roles", "visit_forms", "workflows"}
BACK_OFFICE_ACCOUNTS = ("admin", "province", "auditor")
SAMPLE_VALUES = {"DateField": "2026-01-01", "DateTimeField": "2026-01-01", "IntegerField": "7"}


def _named_patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def admin_listing_names():
    """URL names of the modeladmin index views and snippet list views of our apps."""
    names = []
    for name in _named_patterns(get_resolver()):
        if name.endswith("_modeladmin_index"):
            model_name = name.removesuffix("_modeladmin_index")
        elif name.startswith("wagtailsnippets_") and name.endswith(":list"):
            model_name = name.removeprefix("wagtailsnippets_").removesuffix(":list")
        else:
            continue
        if any(model_name.startswith(f"{app_label}_") for app_label in OUR_APPS):
            names.append(name)
    return sorted(names)


def filter_queries(view):
    """One query string per filter choice of the listing ``view`` (modeladmin or Wagtail viewset)."""
    if hasattr(view, "filter_specs"):  # modeladmin: Django's list filters, each choice a link
        return [choice["query_string"] for spec in view.filter_specs for choice in spec.choices(view)]
    queries = []
    form = view.filters.form if view.filters else None
    for name, field in (form.fields.items() if form else ()):
        choices = [value for value, _ in getattr(field, "choices", ()) if value not in ("", None)]
        if not choices:
            widget_names = getattr(field.widget, "widgets_names", None)
            sample = SAMPLE_VALUES.get(type(field).__name__.removesuffix("Field") + "Field", "1")
            if widget_names:
                queries.append("&".join(f"{name}{suffix}={SAMPLE_VALUES['DateField']}" for suffix in widget_names))
                continue
            choices = [sample]
        queries.extend(f"?{name}={value}" for value in choices)
    return queries


def test_listings_are_found():
    names = admin_listing_names()
    assert "roles_staffprofile_modeladmin_index" in names
    assert "wagtailsnippets_visit_forms_followuprule:list" in names
    assert len(names) >= 10


def test_every_listing_renders_with_every_filter(client, demo_data):
    users = {username: get_user_model().objects.get(username=username) for username in BACK_OFFICE_ACCOUNTS}
    opened_by = {}
    for name in admin_listing_names():
        url = reverse(name)
        for username, user in users.items():
            client.force_login(user)
            response = client.get(url)
            if response.status_code != 200:
                assert response.status_code in (302, 403), (url, username, response.status_code)
                continue
            opened_by.setdefault(name, []).append(username)
            queries = filter_queries(response.context["view"])
            for query in queries:
                filtered = client.get(url + (query if query.startswith("?") else f"?{query}"))
                assert filtered.status_code == 200, (url + query, username, filtered.status_code)
    assert set(opened_by) == set(admin_listing_names()), "a listing nobody could open"
    assert "admin" in opened_by["roles_staffprofile_modeladmin_index"]
    assert opened_by["audit_auditevent_modeladmin_index"] == ["auditor"]  # 三权分立: not the superuser admin
