"""Printed batches live in private storage: outside MEDIA_ROOT and STATIC_ROOT, without URLs."""


def test_a_private_root_under_media_root_fails_the_checks(settings, tmp_path):
    from printing.checks import private_root_is_private

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    assert private_root_is_private() == []
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "media" / "private"
    assert [error.id for error in private_root_is_private()] == ["printing.E001"]
