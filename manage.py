#!/usr/bin/env python
"""Django's command-line utility for tanfang."""

import os
import sys
from pathlib import Path

# site/ is the source root: the standard library owns the module name "site",
# so it can never be imported as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
