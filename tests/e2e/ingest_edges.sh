#!/bin/sh
# the edges of reading an export: bad roots, files, records and waivers, and the split
# reader on odd big files (see ingest_edges.py)
exec python3 "$(dirname "$0")/ingest_edges.py" "$1"
