# Sourced by scripts/run and scripts/test: a virtualenv in .venv with Gongkai installed.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
EXTRAS="${1:-}"

# Debian packages Gongkai needs at run time: Pango for WeasyPrint (PDF letters and reports)
# and the Noto CJK fonts that those documents embed. Installed when we are root (or have
# passwordless sudo); otherwise named, so an administrator can install them.
need_debian() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "!! please install these Debian packages: ${missing[*]} (PDF documents need them)"
  fi
}
if command -v dpkg-query >/dev/null; then
  need_debian libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
fi
# With PostgreSQL, `gongkai backup` / `gongkai restore` run pg_dump / pg_restore.
if command -v dpkg-query >/dev/null && [[ "${GONGKAI_DATABASE_URL:-}" == postgres* ]]; then
  need_debian postgresql-client
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating virtualenv .venv"
  "$PYTHON" -m venv .venv
fi
STAMP=".venv/.gongkai-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "==> installing Gongkai${EXTRAS:+ [$EXTRAS]} into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
