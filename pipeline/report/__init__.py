"""`newsx report`: one self-contained HTML file of a run (summary, map, timeline, tables, documents), readable offline.

`payload.py` turns the shared views (`pipeline/views/`) into data, `page.py`
inlines that data, the base map, `report.css` and `report.js` into
`report.html`. The page needs no library and makes no request.
"""
