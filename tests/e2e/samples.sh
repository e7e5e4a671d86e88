#!/bin/sh
# end to end on the samples (see samples.py)
exec python3 "$(dirname "$0")/samples.py" "$1"
