#!/bin/sh
# page 1 of each report as its reader uses it (see firstpages.py)
exec python3 "$(dirname "$0")/firstpages.py" "$1"
