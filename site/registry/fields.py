"""Model fields that normalise what staff type before it is validated and stored.

ID numbers and phones are stored encrypted (``Encrypted*`` fields, see ``registry.crypto``):
the rest of the code reads and writes plain values, encryption happens at the database
boundary. A stored token can't be compared, so these fields refuse filters other than
``isnull`` and ``= ""``; a record is found by ID number through its ``LookupHashField``.
The plain ``IdNumberField`` and ``PhoneNumberField`` remain for migration 0001's history:
new columns holding personal numbers use the encrypted ones.
"""

from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import lookups
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from registry.crypto import FieldDecryptionError, decrypt, encrypt, is_token, lookup_hash
from registry.id_numbers import normalize_id_number, validate_id_number
from registry.phones import normalize_phone, validate_phone

# A phone number input: a phone shows its dial pad; the numbers are other people's, so no autofill.
TEL_INPUT_ATTRS = {"type": "tel", "inputmode": "tel", "autocomplete": "off"}


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

    def formfield(self, **kwargs):
        """A phone's keypad (``type="tel"``) rather than the full keyboard, in every form."""
        return super().formfield(**{"widget": forms.TextInput(attrs=TEL_INPUT_ATTRS), **kwargs})


def _encrypted_filter_error(field, lookup_name):
    return FieldError(
        f"{field.model._meta.label}.{field.name} is stored encrypted: it can't be filtered with "
        f"'{lookup_name}' (only isnull and = ''). Find a record by its keyed hash instead, "
        "e.g. Elder.objects.with_id_number(number).")


class BlankOnlyExact(lookups.Exact):
    """``field=""`` (or None) still works on an encrypted field: blanks are stored as they are."""

    def get_prep_lookup(self):
        if not (self.rhs is None or isinstance(self.rhs, str) and self.rhs == ""):
            raise _encrypted_filter_error(self.lhs.output_field, "exact")
        return super().get_prep_lookup()


class EncryptedFieldMixin:
    """Encrypts on the way to the database (after normalising) and decrypts on the way back.

    Blank values stay blank, so ``phone=""`` and ``blank=True`` keep their meaning. A legacy
    plaintext value (no token prefix, as before migration 0005) reads back as it is; anything
    else that isn't a valid token raises FieldDecryptionError naming the column.
    """

    def get_internal_type(self):
        return "TextField"  # a token is about four times the plaintext's length

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if is_token(value):
            raise ValueError(f"{self.model._meta.label}.{self.name} was given an already encrypted value.")
        return encrypt(value)

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        if not is_token(value) and "$" not in value:
            return value  # legacy plaintext: digits, X and hyphens never contain "$"
        try:
            if not is_token(value):
                raise FieldDecryptionError("the value has an unknown token format.")
            return decrypt(value)
        except FieldDecryptionError as error:
            raise FieldDecryptionError(f"{self.model._meta.label}.{self.name}: {error}") from None

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        if lookup_name == "exact":
            return BlankOnlyExact
        raise _encrypted_filter_error(self, lookup_name)

    def get_transform(self, lookup_name):
        raise _encrypted_filter_error(self, lookup_name)


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    """Free text holding personal numbers (残疾人证号 starts with the ID number), stored encrypted."""


class EncryptedIdNumberField(EncryptedFieldMixin, IdNumberField):
    """An ``IdNumberField`` stored encrypted."""


class EncryptedPhoneNumberField(EncryptedFieldMixin, PhoneNumberField):
    """A ``PhoneNumberField`` stored encrypted."""


class LookupHashField(models.CharField):
    """HMAC-SHA256 of another field's normalised value, set on every save (and bulk_create).

    Encryption uses a fresh nonce each time, so equal numbers never have equal tokens: this
    column is what a unique constraint and an equality lookup can use. Keep ``source`` and the
    hash together: ``QuerySet.update()`` of the source alone would leave the hash stale.
    """

    def __init__(self, *args, source, **kwargs):
        self.source = source
        kwargs["max_length"] = 64
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        del kwargs["max_length"]
        return name, path, args, kwargs

    def hash_of(self, value):
        """The hash of a raw value of the source field, normalised as that field stores it."""
        value = self.model._meta.get_field(self.source).to_python(value)
        return lookup_hash(value) if value else None

    def pre_save(self, model_instance, add):
        value = self.hash_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


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
