#!/bin/sh
# make install into a temporary prefix, then the installed binary runs on the samples
# with its installed templates, schemas, program definition, font and man page.
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - install: $1"; }
no() { echo "not ok - install: $1"; }
if make -s -C "$root" install PREFIX=/usr/local DESTDIR="$tmp/dest" >"$tmp/log" 2>&1; then ok "make install DESTDIR=... succeeds"; else no "make install DESTDIR=... ($(tail -3 "$tmp/log"))"; fi
for f in usr/local/bin/psreport usr/local/share/man/man1/psreport.1 usr/local/share/psreport/templates/report.xsl \
         usr/local/share/psreport/templates/i18n/rules.en.xml usr/local/share/psreport/input/program.xml \
         usr/local/share/psreport/input/schema/vouchers.xsd; do
  if [ -f "$tmp/dest/$f" ]; then ok "installs $f"; else no "installs $f"; fi
done
make -s -C "$root" install PREFIX="$tmp/prefix" >"$tmp/log" 2>&1
cd "$tmp" || exit 1
"$tmp/prefix/bin/psreport" -q -o "$tmp/out" "$root/input/partners.xml" "$root/input/vouchers.xml"
rc=$?
if [ $rc -eq 3 ] && [ -s "$tmp/out/program.pdf" ] && [ -s "$tmp/out/partners/4412345.html" ]; then
  ok "the installed binary finds its data and writes the reports (exit $rc)"
else
  no "the installed binary finds its data and writes the reports (exit $rc)"
fi
if MANWIDTH=80 man -l "$tmp/prefix/share/man/man1/psreport.1" 2>/dev/null | grep -q "EXIT STATUS"; then ok "man page renders"; else no "man page renders"; fi
