#!/bin/sh
# the monthly cycle: trend, --baseline (see monthly.py)
exec python3 "$(dirname "$0")/monthly.py" "$1"
