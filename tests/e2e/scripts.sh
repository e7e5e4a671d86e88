#!/bin/sh
# every script in every PDF (see scripts.py)
exec python3 "$(dirname "$0")/scripts.py" "$1"
