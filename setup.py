"""What pyproject.toml cannot say: sample/ (the sample corpus) ships inside the
search package, as search/sample/, so that `bahth index build --sample` finds
it wherever Bahth is installed. A checkout keeps it at the top, for `make run`
and the tests (search/ingest/sample.py looks in both places)."""
from setuptools import find_namespace_packages, setup

setup(
    # Namespace packages too: web's templates and static files are folders of data.
    packages=[*find_namespace_packages(include=["search", "search.*", "web", "web.*"]),
              "search.sample", "search.sample.pages"],
    package_dir={"search.sample": "sample", "search.sample.pages": "sample/pages"},
)
