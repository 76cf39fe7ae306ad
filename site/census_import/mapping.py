"""Saving what an officer mapped by hand, for this file and (per source) for the next list of their region."""

from census_import import columns
from census_import.models import ColumnMapping


def apply_mapping(import_file, mapping, sheet=None):
    """Set ``import_file``'s columns (and sheet) and remember the hand-mapped headings for its source."""
    sheet_changed = sheet is not None and sheet != import_file.sheet
    import_file.mapping = {} if sheet_changed else mapping
    if sheet_changed:
        import_file.sheet = sheet
    import_file.save(update_fields=["mapping", "sheet"])
    remembered, _created = ColumnMapping.objects.get_or_create(region=import_file.batch.region,
                                                               source=import_file.source)
    for index, field in mapping.items():
        heading = import_file.header[int(index)]
        if columns.field_for(heading) != field:
            remembered.headings[columns.heading_key(heading)] = field
    remembered.save(update_fields=["headings"])
