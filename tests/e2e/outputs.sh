#!/bin/sh
# the write paths of the output tree (see outputs.py)
exec python3 "$(dirname "$0")/outputs.py" "$1"
