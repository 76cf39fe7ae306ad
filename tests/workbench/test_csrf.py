"""CSRF: every URL of the workbench and of the accounts pages refuses a POST without a token."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def named_patterns(namespace):
    resolver = next(p for p in get_resolver().url_patterns
                    if isinstance(p, URLResolver) and p.namespace == namespace)
    return [p.name for p in resolver.url_patterns if isinstance(p, URLPattern) and p.name]


def url_of(namespace, name, elder):
    try:
        return reverse(f"{namespace}:{name}")
    except Exception:
        return reverse(f"{namespace}:{name}", args=[elder.pk])


@pytest.mark.parametrize("namespace", ["workbench", "accounts"])
def test_every_url_rejects_a_post_without_csrf_token(elders, people, namespace):
    names = named_patterns(namespace)
    assert names
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["township"])
    for name in names:
        response = client.post(url_of(namespace, name, elders["own"]), {"reason": "核对身份信息"})
        assert response.status_code == 403, f"{namespace}:{name} answered {response.status_code}"
