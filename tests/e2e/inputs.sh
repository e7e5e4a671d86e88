#!/bin/sh
# what a run reads and what it says about it (see inputs.py)
exec python3 "$(dirname "$0")/inputs.py" "$1"
