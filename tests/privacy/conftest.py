from tests.demo.conftest import demo_data  # noqa: F401 (the demo data, for the scans)
