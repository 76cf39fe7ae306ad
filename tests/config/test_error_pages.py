"""Error pages are the project's own, in Chinese, in the demo (dev settings) as in production (issue 9, item 20)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.roles.factories import DEFAULT_PASSWORD, UserFactory
from tests.workflows.referral_factories import case_of, cast, open_task, submit
from workflows.flows import ReferralFlow

ROOT = Path(__file__).resolve().parents[2]
DEV_PROBE = """
import json
from django.conf import settings
from django.urls import resolve
from whitenoise.middleware import WhiteNoiseMiddleware
print(json.dumps({
    "debug": settings.DEBUG,
    "demo_site": settings.TANFANG_DEMO_SITE,
    "media_view": resolve("/media/images/photo.jpg").func.__module__,
    "static_found": WhiteNoiseMiddleware(lambda request: None).find_file("/static/css/site.css") is not None,
}))
"""


def dev_settings(tmp_path, **env):
    """What the dev settings (``make run``) say, read in a fresh process with its own var directory."""
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TANFANG_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", DEV_PROBE], cwd=ROOT, capture_output=True, text=True,
        timeout=120, env={**base_env, "DJANGO_SETTINGS_MODULE": "config.settings.dev",
                          "TANFANG_VAR_DIR": str(tmp_path), **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_runs_without_debug_and_still_serves_static_files_and_media(tmp_path):
    assert dev_settings(tmp_path) == {"debug": False, "demo_site": True, "media_view": "django.views.static",
                                      "static_found": True}


def test_debug_pages_only_when_asked_for(tmp_path):
    assert dev_settings(tmp_path, TANFANG_DEBUG="1")["debug"] is True


def login(client, user):
    client.logout()
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


@pytest.mark.django_db
class TestWorkbench:
    def test_a_missing_page_is_the_workbench_404_in_chinese(self, client):
        people = cast()
        response = login(client, people.officer).get("/workbench/no-such-page/")
        assert response.status_code == 404
        assert [t.name for t in response.templates][0] == "workbench/404.html"
        assert "没有找到这个页面或事项" in response.text and "回到我的待办" in response.text
        assert "Page not found" not in response.text

    def test_an_account_without_a_workbench_role_gets_the_page_too(self, client):
        client.force_login(UserFactory())
        response = client.get("/workbench/no-such-page/")
        assert response.status_code == 404 and "没有找到这个页面或事项" in response.text

    def test_a_task_already_done_says_so_in_chinese(self, client):
        people = cast()
        task = open_task(case_of(submit(people, fire_safety="unsafe"), "fire_safety"))
        assert task.flow_task == ReferralFlow.accept
        login(client, people.fire).post(reverse("workflows:referral_accept", args=[task.pk]), {"decision": "accept"})
        response = client.get(reverse("workflows:referral_accept", args=[task.pk]))
        assert response.status_code == 404
        assert "事项可能已经办结" in response.text

    def test_a_refusal_gives_the_chinese_reason_but_never_english_text(self, rf):
        from django.contrib.auth.models import AnonymousUser
        from django.core.exceptions import PermissionDenied

        from config.error_views import permission_denied

        request = rf.get("/workbench/cases/1/")
        request.user = AnonymousUser()
        assert "不能评价本人记录的关爱服务。" in permission_denied(
            request, PermissionDenied("不能评价本人记录的关爱服务。")).content.decode()
        refused = permission_denied(request, PermissionDenied("You do not have permission")).content.decode()
        assert "您没有权限访问这个页面" in refused and "You do not" not in refused


@pytest.mark.django_db
def test_outside_the_workbench_the_site_pages_answer():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404 and "抱歉，没有找到这个页面" in response.text


@pytest.mark.django_db
def test_a_stale_form_gets_the_chinese_csrf_page():
    response = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode() and "CSRF" not in response.content.decode()


def test_bad_request_and_server_error_pages_are_chinese(rf):
    from django.views import defaults

    assert "无法处理这个请求" in defaults.bad_request(rf.get("/"), Exception()).content.decode()
    assert "网站暂时出了点问题" in defaults.server_error(rf.get("/")).content.decode()
