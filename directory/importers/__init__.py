"""Imports into the directory: the documented CSV format (`csv_import`) and data·inclusion
JSON (`data_inclusion`).

Both share one contract (`common`): the whole import is one transaction, every bad row is
reported (not only the first), nothing is committed when there is any error, and a dry run
validates without writing; and one upsert on the external id (`upsert`). Each reads its
files (`csv_format`, `json_records`), maps and checks its rows (`csv_rows`,
`data_inclusion_rows`), then writes. The logic lives here, not in the management commands, so that
an upload view can call it too.
"""
