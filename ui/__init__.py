"""The Qt window of Article Editor: thin widgets that present ``editor`` objects."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 is built for Python 3.12's immortal None: every call of a void Qt method from
    # Python 3.11 drops a reference to None that it never took, and after a few thousand calls
    # CPython aborts ("none_dealloc: deallocating None"). Give None references it cannot run out of.
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
