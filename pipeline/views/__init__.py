"""What a run's tables look like once counted, placed and dated: the layer shared by the notebooks and the report.

`pipeline/notebook.py` draws these with matplotlib and displaCy, and
`pipeline/report/` turns them into one HTML file, so the two never count
differently. Nothing here draws or writes.
"""
