"""From processed Docs to the SPEC tables: rows, Parquet files, the entities aggregate."""
