from django.core.management.base import BaseCommand
from django.db import transaction

from policy_pages.setup import load_site_pages


class Command(BaseCommand):
    help = "创建公开网站页面（首页、政策文件、部门职责、记录表、新闻通知）；已有页面保持不变。"

    def handle(self, *args, **options):
        with transaction.atomic():
            created = load_site_pages()
        for page in created:
            self.stdout.write(f"已创建：{page.title}（{page.url_path}）")
        self.stdout.write(self.style.SUCCESS(f"公开网站页面就绪，本次新建 {len(created)} 个页面。"))
