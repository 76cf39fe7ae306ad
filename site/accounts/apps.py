from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in pages, lockout after failed attempts, password rules, session limits and TOTP."""

    name = "accounts"
    verbose_name = "账号与登录"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import remember_login_time

        user_logged_in.connect(remember_login_time, dispatch_uid="accounts.remember_login_time")
