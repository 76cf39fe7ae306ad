"""Signing in and staying signed in safely: login pages, lockout, password rules, session limits, TOTP.

For the workbench (and any view of ours):

- ``accounts:login`` / ``accounts:logout`` (POST) are the workbench's sign-in and sign-out pages;
  ``accounts:account`` shows the account and its two-factor status.
- ``accounts.decorators.login_required`` sends anonymous users to ``accounts:login`` (not to the
  Wagtail admin login); ``accounts.decorators.otp_required`` also asks for a verified TOTP device.
"""
