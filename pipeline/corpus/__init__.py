"""Reading a corpus directory into Documents (SPEC section 1)."""

from .document import Document
from .reader import read_corpus

__all__ = ["Document", "read_corpus"]
