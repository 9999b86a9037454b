#!/usr/bin/env bash
# The Debian packages of scripts/system-packages.txt, installed when missing (`npm test` runs this first; so does CI).
#   scripts/system-deps.sh           as root: installs what is missing (one `apt-get update` first, only then);
#                                    otherwise: names what is missing and the command that installs it, exit 1
#   scripts/system-deps.sh --check   names what is missing (exit 1) and installs nothing
# Nothing missing: prints nothing, exit 0. Knob: TRAYDROP_SYSTEM_PACKAGES=file (another list, for tests).
set -euo pipefail
LIST=${TRAYDROP_SYSTEM_PACKAGES:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/system-packages.txt}
mode=${1:-install}
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$LIST" | grep -v '^$')

missing_packages() { # the listed packages dpkg does not have installed, one a line
  local installed
  installed=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${packages[@]}" 2>/dev/null | awk '$1 == "ii" { print $2 }' || true)
  for p in "${packages[@]}"; do grep -qxF -- "$p" <<<"$installed" || echo "$p"; done
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian/Ubuntu machine (no dpkg-query): install the equivalents of ${packages[*]} yourself, or set TRAYDROP_ALLOW_SKIPS=1 to skip the suites that need them." >&2
  exit 1
fi
mapfile -t missing < <(missing_packages)
[ ${#missing[@]} -eq 0 ] && exit 0

command_line="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$mode" = --check ] || [ "$(id -u)" != 0 ]; then
  sudo=''; [ "$(id -u)" != 0 ] && sudo='sudo '
  echo "Missing Debian packages the tests need: ${missing[*]}. Install them with: ${sudo}sh -c '$command_line' (npm test as root does it), or set TRAYDROP_ALLOW_SKIPS=1 for a partial run." >&2
  exit 1
fi

echo "Installing the Debian packages the tests need: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -q >&2
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}" >&2 || true
mapfile -t still < <(missing_packages)
if [ ${#still[@]} -gt 0 ]; then
  echo "These Debian packages could not be installed: ${still[*]} (\`apt-get install --no-install-recommends ${still[*]}\` failed: see above); set TRAYDROP_ALLOW_SKIPS=1 for a partial run without them." >&2
  exit 1
fi
echo "Installed: ${missing[*]}" >&2
