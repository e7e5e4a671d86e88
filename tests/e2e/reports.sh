#!/bin/sh
# the page reports end to end (see reports.py)
exec python3 "$(dirname "$0")/reports.py" "$1"
