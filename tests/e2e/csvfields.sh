#!/bin/sh
# findings.csv's fields as a spreadsheet reads them (see csvfields.py)
exec python3 "$(dirname "$0")/csvfields.py" "$1"
