"""Path converters of the project's URL patterns."""

# The largest value of a 64-bit signed integer: BigAutoField on PostgreSQL and SQLite.
LARGEST_DATABASE_ID = 2**63 - 1


class DatabaseIdConverter:
    """``<dbid:pk>``: a row id the database can hold, so a larger number answers 404, not 500.

    Django's ``int`` converter takes any number of digits; a number past the 64-bit range then
    fails inside the database driver (OverflowError on SQLite, out of range on PostgreSQL).
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > LARGEST_DATABASE_ID:
            raise ValueError("beyond the largest database id")  # the URL does not match: 404
        return number

    def to_url(self, value):
        return str(value)
