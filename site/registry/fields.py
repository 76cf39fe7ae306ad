"""Model fields that normalise what staff type before it is validated and stored."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry.id_numbers import normalize_id_number, validate_id_number
from registry.phones import normalize_phone, validate_phone


class NormalizedCharField(models.CharField):
    """A CharField whose ``normalize`` runs before validation (forms) and before saving (code)."""

    @staticmethod
    def normalize(value):
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class IdNumberField(NormalizedCharField):
    """A 公民身份号码: blanks removed and a final x upper-cased, then validated (GB 11643)."""

    default_validators = [validate_id_number]
    normalize = staticmethod(normalize_id_number)

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 18
        super().__init__(*args, **kwargs)
        # validate_id_number names the wrong length itself; Django's generic length message
        # would only repeat it, and a form field capped at 18 would cut a pasted number short.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": 32, **kwargs})


class PhoneNumberField(NormalizedCharField):
    """A mainland mobile or landline number, stored in one canonical form (see registry.phones)."""

    default_validators = [validate_phone]
    normalize = staticmethod(normalize_phone)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(*args, **kwargs)


class ChoiceListField(models.JSONField):
    """Several codes out of a fixed list (a row of checkboxes on the paper form), stored as a JSON list."""

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {code for code, _label in self.item_choices}
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ValidationError(_("请从列出的选项中选择。"), code="invalid_choice")

    def formfield(self, **kwargs):
        defaults = {
            "choices": self.item_choices,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update({key: value for key, value in kwargs.items() if key == "widget"})
        return forms.MultipleChoiceField(**defaults)
