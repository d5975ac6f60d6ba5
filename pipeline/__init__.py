"""French news in, analyst tables out (see SPEC.md): mentions, entities, events.

One BLAS thread per process: spaCy's small matrices run faster single-threaded
(measured: 4.6 s against 5.4 s on the sample corpus), and worker processes
(`--workers`, dask) must not compete for the cores they are meant to share.
Set before numpy loads; a user's own setting wins.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
