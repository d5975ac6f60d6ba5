"""Where the project's data lives: `models/` beside the package (an editable install)."""

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
CONFIG = MODELS_DIR / "config.cfg"
