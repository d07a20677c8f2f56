# Sourced by scripts/run and scripts/test: a virtualenv in .venv with Gongkai installed.
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
EXTRAS="${1:-}"

# Debian packages Gongkai needs at run time: Pango for WeasyPrint (PDF letters and reports)
# and the Noto CJK fonts that those documents embed. Packages already installed are skipped;
# the others are installed when we are root (or have passwordless sudo), otherwise named, so
# an administrator can install them. Another apt-get or dpkg holding the package locks (an
# unattended upgrade, a colleague's install) is waited for, up to GONGKAI_APT_LOCK_TIMEOUT
# seconds (120). An install that still fails is a warning that names what will not work —
# except under CI (GONGKAI_CI=1), where it is a failure.

# Whether another process holds one of apt's or dpkg's locks. They are fcntl() locks, so
# this asks with lockf() (flock(1) would not see them); a lock we cannot open is not held.
apt_locked() {
  "$PYTHON" - <<'PY'
import fcntl, sys
for path in ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock",
             "/var/lib/apt/lists/lock", "/var/cache/apt/archives/lock"):
    try:
        with open(path, "a") as f:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(0)
    except OSError:
        continue
sys.exit(1)
PY
}

# apt-get, after a bounded wait for the locks; apt-get itself waits for the dpkg lock too
# (DPkg::Lock::Timeout), should another process take it between our look and its start.
apt_get() {
  local limit="${GONGKAI_APT_LOCK_TIMEOUT:-120}" told=""
  local deadline=$((SECONDS + limit))
  while apt_locked; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "!! the package lock is still held after ${limit}s (another apt-get or dpkg)" >&2
      return 1
    fi
    if [ -z "$told" ]; then
      echo "==> another apt-get or dpkg is running; waiting for it (at most ${limit}s)"
      told=1
    fi
    sleep 2
  done
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout="$limit" "$@"
}

need_debian() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    echo "!! please install these Debian packages: ${missing[*]} (PDF documents need them)"
    return 0
  fi
  echo "==> apt-get install ${missing[*]}"
  if apt_get update -qq && apt_get install -y -qq "${missing[@]}" >/dev/null; then
    return 0
  fi
  if [ -n "${GONGKAI_CI:-}" ]; then
    echo "!! could not install ${missing[*]} with apt-get: under CI this is a failure." >&2
    exit 1
  fi
  echo "!! could not install ${missing[*]} with apt-get; carrying on without them" \
    "(${NEED_DEBIAN_FOR:-PDF letters and reports} will not work until they are installed)." >&2
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
