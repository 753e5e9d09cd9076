"""The data Assessor ships beside its code: the built-in question banks and
the report templates and fonts.

They live in the repository's top-level ``question_bank/`` and ``reports/``
folders and are installed as the packages ``assessor.question_bank`` and
``assessor.reports`` (``pyproject.toml``: ``package-dir``; the PyInstaller
bundle: ``assessor.spec``), so they are found under the package's own name
through :mod:`importlib.resources`, never as top-level packages that a
``reports/`` or ``question_bank/`` folder in the current directory could
shadow.  Light on purpose (the standard library only).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

#: the folders shipped as data, by their name under ``assessor``
DATA_PACKAGES = ("question_bank", "reports")


def package_data(name: str) -> Traversable:
    """The folder of the data package ``assessor.<name>`` (``name`` one of
    :data:`DATA_PACKAGES`), as ``files("assessor.<name>")`` gives it.

    A source checkout used without installing it (``PYTHONPATH`` set to the
    checkout), or an editable install made before the mapping existed, has
    no ``assessor.<name>`` package: then the folder of that name beside the
    ``assessor`` package itself is used (the checkout's own, found from this
    file, never from the current directory).  Raises ``ValueError`` for
    another name, ``ModuleNotFoundError`` when neither exists.
    """
    if name not in DATA_PACKAGES:
        raise ValueError(f"not a data package of assessor: {name!r}")
    try:
        return files(f"assessor.{name}")
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parent.parent / name
        if not (folder / "__init__.py").is_file():
            raise
        return folder
