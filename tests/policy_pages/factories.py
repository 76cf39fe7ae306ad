"""Factories for public pages; Wagtail pages are created as children of a given parent."""

import datetime

import factory

from policy_pages.models import NewsKind, NewsPage


class PageFactory(factory.django.DjangoModelFactory):
    """Adds the page under ``parent`` (required) and publishes a revision, as an editor would."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


class NewsPageFactory(PageFactory):
    class Meta:
        model = NewsPage

    title = factory.Sequence(lambda n: f"探访关爱工作动态第{n}期")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    kind = NewsKind.NEWS
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    summary = "各地持续开展特殊困难老年人探访关爱服务。"
    body = "<p>村（社区）工作人员和志愿者定期上门探访，了解老年人生活情况。</p>"
