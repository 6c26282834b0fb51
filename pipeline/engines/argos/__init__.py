"""The Argos (CTranslate2) engine and the management of its models.

* ``engine``: :class:`ArgosEngine`, an installed fr→en package driven through
  CTranslate2 directly;
* ``tokenizer``: the package's SentencePiece or BPE tokenizer, as argos applies it;
* ``models``: list, validate + install, fetch from the index, remove
  (``pipeline models …``); ``load_package``/``describe``/``find_fr_en_package``
  are what the engine uses to open a package.

Importing this package loads neither CTranslate2 nor argostranslate: each is
imported where it is first needed.
"""
from .engine import ArgosEngine, split_pieces
from .models import (
    InstalledModel,
    describe,
    find_fr_en_package,
    install_file,
    install_from_index,
    list_installed,
    load_package,
    packages_dir,
    remove,
)

__all__ = ["ArgosEngine", "split_pieces", "InstalledModel", "describe", "find_fr_en_package", "install_file",
           "install_from_index", "list_installed", "load_package", "packages_dir", "remove"]
