"""The exercise library: movement patterns, loaded joints and regression/progression ladders.

Data lives in exercises.json (schema: exercises.schema.json); load_library() validates and caches it.
"""

from .loader import LibraryError, load_library, parse_library
from .model import Exercise, ExerciseLibrary

__all__ = ["Exercise", "ExerciseLibrary", "LibraryError", "load_library", "parse_library"]
