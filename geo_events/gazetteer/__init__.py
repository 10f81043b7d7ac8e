"""The offline gazetteer: build an SQLite index from installed sources, then query it."""

from .build import build, default_path, ensure, resolve_path
from .store import Containment, Gazetteer

__all__ = ["Gazetteer", "Containment", "build", "default_path", "ensure", "resolve_path"]
