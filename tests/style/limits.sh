#!/bin/sh
# Size limits of generator/ (issue 10): no file over 1,000 lines, no function over 100
# lines. The counting is checked on made-up files first (limits.py --selftest), then
# every .c and .h of generator/ is measured; each offender is named as file:line.
cd "$(dirname "$0")/../.." || exit 2
python3 tests/style/limits.py --selftest || exit 1
out=$(python3 tests/style/limits.py generator)
if [ $? -eq 0 ]; then
  echo "ok - generator/: no file over 1,000 lines, no function over 100 lines"
else
  echo "$out" | sed 's/^/# /'
  echo "not ok - generator/: $(echo "$out" | wc -l) over the size limits"
fi
