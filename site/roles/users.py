"""Wagtail's user management with the 三权分立 rule checked beside the groups field.

``roles.users_app.UsersConfig`` replaces ``wagtail.users`` in INSTALLED_APPS so that Wagtail uses this viewset; the
data-level guard in ``roles.permissions`` stays as a backstop for code paths without a form.
"""

from django import forms
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .models import SEPARATED_ADMIN_KINDS, Role


class SeparatedDutiesMixin:
    def clean_groups(self):
        groups = self.cleaned_data.get("groups")
        if groups is not None:
            kinds = set(Role.objects.filter(group__in=groups).values_list("kind", flat=True))
            if len(kinds & SEPARATED_ADMIN_KINDS) > 1:
                raise forms.ValidationError("系统管理员、安全管理员、审计管理员三权分立，同一账号只能选择其中一个。")
        return groups


class SeparatedDutiesUserCreationForm(SeparatedDutiesMixin, UserCreationForm):
    pass


class SeparatedDutiesUserEditForm(SeparatedDutiesMixin, UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return SeparatedDutiesUserEditForm if for_update else SeparatedDutiesUserCreationForm

