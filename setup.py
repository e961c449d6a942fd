"""Package list for setuptools (everything else is in pyproject.toml).

The top-level `dialogs/` folder is installed as the package `assistant.dialogs`: a wheel, a
`pip install .` and an editable install all carry the bundled trials, which `assistant.trials`
reads with importlib.resources. pyproject.toml alone cannot add a mapped package to the ones
`packages.find` discovers.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["assistant", "assistant.*"]), "assistant.dialogs"],
    package_dir={"assistant.dialogs": "dialogs"},
)
