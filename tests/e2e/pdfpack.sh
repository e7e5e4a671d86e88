#!/bin/sh
# every PDF packed, against libharu's own file (see pdfpack.py)
exec python3 "$(dirname "$0")/pdfpack.py" "$1"
