#!/bin/sh
# the formats table: findings.ndjson, --help, --progress, one checked write path (see formats.py)
exec python3 "$(dirname "$0")/formats.py" "$1"
