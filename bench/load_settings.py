"""The load test's server (bench/load_test.py): production's settings with the URLs of bench/load_urls.py,
the site's and one trivial POST, the ceiling a visit submission's rate is compared with (issue 10)."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
