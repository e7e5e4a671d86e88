#!/bin/sh
# the Italian catalogues and --lang it (see i18n.py)
exec python3 "$(dirname "$0")/i18n.py" "$1"
