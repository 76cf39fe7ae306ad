"""Where generated PDFs wait for their download: a private directory that no URL points to.

``MEDIA_ROOT`` is served as-is in development, so printed batches never go there. Files in
``TANFANG_PRIVATE_ROOT`` leave only through views that check who asks and audit the download.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible(path="printing.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A file system storage under ``settings.TANFANG_PRIVATE_ROOT``, read when first used."""

    def __init__(self):
        # Readable by the app's own account only: these PDFs hold a township's personal data.
        super().__init__(base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @cached_property
    def base_location(self):
        return settings.TANFANG_PRIVATE_ROOT

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("private files have no URL: hand them out through an access-checked view")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "TANFANG_PRIVATE_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


private_storage = PrivateStorage()
