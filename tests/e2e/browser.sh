#!/bin/sh
# the HTML reports in headless Chromium (see browser.py)
exec python3 "$(dirname "$0")/browser.py" "$1"
