#!/usr/bin/env bash
# A smoke test of dist-exe/nianbao-win-x64.exe under Debian's wine (apt-get install wine64). Not part of CI, and not
# Windows: it shows the injected node.exe starts, reads the samples and serves the page, nothing more.
# Output goes to files: with a pipe, Node under wine fails in node:net (see shared notes on single executables).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
exe="${NIANBAO_EXE:-$repo/dist-exe/nianbao-win-x64.exe}"
work="$(mktemp -d)"
# wine's server keeps the prefix open: stop it before removing the folder
trap '"$(command -v wineserver || echo /usr/lib/wine/wineserver64)" -k 2>/dev/null; sleep 1; rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all
# Debian's wine64 package alone installs only the loader, in /usr/lib/wine
wine="$(command -v wine || command -v wine64 || echo /usr/lib/wine/wine64)"
"$wine" wineboot -i >/dev/null 2>&1 || true
# Node 20 refuses wine's default Windows version as older than 8.1
"$wine" winecfg /v win10 >/dev/null 2>&1
cd "$work"
"$wine" "$exe" --version >version.txt 2>&1 && echo "--version: $(tr -d '\r' <version.txt)"
"$wine" "$exe" check "Z:$repo/samples/2025-示例县" >check.txt 2>&1 || true
echo "check samples/2025-示例县 (exit status ignored):"; tr -d '\r' <check.txt | tail -3
"$wine" "$exe" ui --no-open >ui.txt 2>&1 &
for _ in $(seq 1 60); do grep -q 'token=' ui.txt 2>/dev/null && break; sleep 1; done
url="$(tr -d '\r' <ui.txt | grep -o 'http://127.0.0.1:[0-9]*/?token=[A-Za-z0-9_-]*' | head -1)"
echo "ui printed: $url"
code="$(curl -s -o page.html -w '%{http_code}' "$url")"
echo "GET page: $code, $(grep -c '年报文本' page.html) mention(s) of 年报文本"
curl -s -X POST -H "X-Nianbao-Token: ${url##*=}" "${url%%\?*}api/shutdown" >/dev/null
wait || true
tr -d '\r' <ui.txt | tail -1
exit 0
