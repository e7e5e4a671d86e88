#!/bin/sh
# hostile input files end to end (see hostile.py)
exec python3 "$(dirname "$0")/hostile.py" "$1"
