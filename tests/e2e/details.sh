#!/bin/sh
# the report details and nothing cut in a PDF (see details.py)
exec python3 "$(dirname "$0")/details.py" "$1"
