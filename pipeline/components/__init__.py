"""The project's spaCy factories, one module per job.

Importing this package registers every `news_*` factory and every `._.news_*`
extension, so `models/config.cfg` can name them.
"""

from . import clean, dates, events, names, quantities, aliases  # noqa: F401  (registration)
