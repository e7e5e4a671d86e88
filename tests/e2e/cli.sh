#!/bin/sh
# the command line (see cli.py)
exec python3 "$(dirname "$0")/cli.py" "$1"
