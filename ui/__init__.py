"""The Qt window of Article Editor: thin widgets that present ``editor`` objects."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 is built for Python 3.12's immortal singletons: on Python 3.11 every call of a
    # void Qt method drops a reference to None it never took, and every emit of a bool drops one
    # to True or False; after a few thousand calls CPython aborts ("none_dealloc",
    # "bool_dealloc"). Give these singletons references they cannot run out of.
    import ctypes

    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
