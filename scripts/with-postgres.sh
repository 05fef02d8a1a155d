#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster in a temporary directory.
# The cluster uses the installed server binaries, listens on a private port on 127.0.0.1 and is
# removed afterwards. PostgreSQL refuses to run as root, so as root it runs as the postgres user.
set -euo pipefail
bindir=""
for d in /usr/local/bin /usr/lib/postgresql/*/bin; do
  [ -x "$d/initdb" ] && bindir="$d" && break
done
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (run make system-deps)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/engineroom-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$tmp/data" -U engineroom --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
psql -q -h 127.0.0.1 -p "$port" -U engineroom -d postgres -c "CREATE DATABASE engineroom"
export ENGINEROOM_DATABASE_URL="postgresql://engineroom@127.0.0.1:$port/engineroom"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port"
"$@"
