"""How long free text may be, everywhere people type it.

Unbounded text is a denial of service: a 100 KB 帮扶措施 took minutes to print. Every free-text
field has a maximum: CharFields by ``max_length``, long texts by ``BoundedTextField`` (Django's
``TextField`` only passes ``max_length`` to the form; this one also validates it), form-definition
answers by the kinds' ``max_length`` option (``forms.kinds``). The form fields render a
``maxlength`` attribute, which ``static/js/char-counter.js`` shows as a counter on the phone.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

SHORT_TEXT = 100  # a line: a name, an “其他” text, a 疾病名称, a form answer of kind 文本
LONG_TEXT = 500  # a paragraph: 帮扶措施, a form answer of kind 多行文本, a reason
REPORT_TEXT = 1000  # what a service or a check found: 关爱服务情况, 处置情况, 核实情况
PRINT_VALUE_CAP = 2000  # one value in a printed record (printing), whatever older data holds


class BoundedTextField(models.TextField):
    """A multi-line text whose ``max_length`` is validated, not only shown in the form."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*self.default_validators, *self._validators, MaxLengthValidator(self.max_length)]
