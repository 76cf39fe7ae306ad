from django import template

from accounts.two_factor import two_factor_required_for_admin

register = template.Library()


@register.inclusion_tag("accounts/includes/two_factor_notice.html")
def two_factor_notice():
    """Says on the login pages whether administrators must use two-factor authentication here."""
    return {"admin_2fa_required": two_factor_required_for_admin()}
