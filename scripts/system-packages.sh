#!/usr/bin/env bash
# The system packages a purpose needs, installed when missing:
#   bash scripts/system-packages.sh sandbox   # npm run sandbox
#   bash scripts/system-packages.sh test      # npm test, and CI
#   bash scripts/system-packages.sh bench     # npm run bench
# On Debian/Ubuntu, as root or with passwordless sudo, it installs them with
# apt-get; anywhere else it stops and prints the command to run. The npm
# scripts and .ci/run all call this one script, so the lists cannot drift.
set -euo pipefail

purpose="${1:-}"
case "$purpose" in
  sandbox) wanted=(redis-server ffmpeg) ;;
  test | bench) wanted=(redis-server postgresql chromium ffmpeg) ;;
  *)
    echo "usage: bash scripts/system-packages.sh sandbox|test|bench" >&2
    exit 2
    ;;
esac

present() {
  case "$1" in
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for package in "${wanted[@]}"; do
  present "$package" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

command_line="apt-get update && apt-get install -y ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Catalog Motion needs: ${missing[*]}. Install them with your system's package manager" >&2
  echo "(macOS: brew install redis postgresql@15 chromium ffmpeg), then run this again." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo)
else
  echo "Catalog Motion needs: ${missing[*]}. Run this once, then try again:" >&2
  echo "  sudo sh -c '$command_line'" >&2
  exit 1
fi

echo "Installing ${missing[*]} (apt-get; once per machine)"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
