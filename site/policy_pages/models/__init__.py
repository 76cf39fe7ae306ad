"""Wagtail page models of the public site, one module per page type."""

from .departments import DepartmentsPage
from .home import HomePage
from .news import NewsIndexPage, NewsKind, NewsPage
from .policy import PolicyPage
from .record_form import RecordFormPage

__all__ = ["DepartmentsPage", "HomePage", "NewsIndexPage", "NewsKind", "NewsPage", "PolicyPage", "RecordFormPage"]
