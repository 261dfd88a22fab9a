#!/usr/bin/env bash
# Starts (up) and stops (down) the local IAM login stand-in: PostgreSQL,
# MariaDB and PgBouncer (standing in for RDS Proxy), each on its own port in
# one private temporary directory (mktemp -d, mode 0711: the servers' OS
# users may enter it, nobody may list it; the keys inside are readable by
# their owners only), checking IAM logins through PAM -> pam_rds_iam ->
# rds-iam-verify. RDS_IAM_E2E_DIR picks the directory instead. Needs root
# (or sudo) for /etc/pam.d and the servers' OS users. `up` twice restarts;
# `down` leaves nothing running or behind.
#
#   e2e/servers.sh up      # prints the JSON file that describes the servers
#   e2e/servers.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

PG_PORT=${RDS_IAM_E2E_PG_PORT:-55432}
MARIADB_PORT=${RDS_IAM_E2E_MARIADB_PORT:-53306}
PGBOUNCER_PORT=${RDS_IAM_E2E_PGBOUNCER_PORT:-56432}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
# Which servers to start, and a suffix for PAM service names, so a second
# instance (own dir and ports) can run beside the first; PgBouncer's service
# name is fixed, so only one instance may include it.
SERVERS=${RDS_IAM_E2E_ONLY:-postgres mariadb pgbouncer}
PAM_PG=rds-iam-edge-pg${RDS_IAM_E2E_PAM_SUFFIX:-}
PAM_MARIADB=rds-iam-edge-mariadb${RDS_IAM_E2E_PAM_SUFFIX:-}
PAM_PGBOUNCER=pgbouncer # PgBouncer always uses this service name
IAM_USERS=(iam_user iam_other)

say() { echo "e2e: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as() { local user=$1; shift; as_root runuser -u "$user" -- "$@"; }

# Where the last `up` put its files, so that `down` (and a second `up`)
# find them: a root-only place, not a guessable path under /tmp.
STATE=/run/rds-iam-edge-e2e${RDS_IAM_E2E_PAM_SUFFIX:-}.dir
# A directory `up` made itself: only those are removed whole by `down`.
made_here() { [[ "$1" =~ ^/tmp/rds-iam-edge-e2e\.[A-Za-z0-9]{10}$ ]]; }
if [ -n "${RDS_IAM_E2E_DIR:-}" ]; then
  DIR=$RDS_IAM_E2E_DIR
else
  DIR=$(as_root cat "$STATE" 2>/dev/null || true)
  made_here "$DIR" || DIR=
fi

random_text() { head -c "$1" /dev/urandom | base64 -w0 | tr -d '\n' | head -c "$1"; }

down() {
  if [ -z "$DIR" ]; then return 0; fi
  if [ -f "$DIR/pgbouncer/pgbouncer.pid" ]; then
    as_root kill "$(cat "$DIR/pgbouncer/pgbouncer.pid")" 2>/dev/null || true
  fi
  if [ -f "$DIR/pg/data/postmaster.pid" ]; then
    as postgres "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$DIR/mariadb/mariadb.pid" ]; then
    local pid; pid=$(cat "$DIR/mariadb/mariadb.pid")
    as_root kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  for service in "$PAM_PG" "$PAM_MARIADB" "$PAM_PGBOUNCER"; do
    # Only remove what this instance wrote.
    if grep -qs "config=$DIR/" "/etc/pam.d/$service"; then as_root rm -f "/etc/pam.d/$service"; fi
    if [ -f "/etc/pam.d/$service.rds-iam-edge-saved" ]; then
      as_root mv "/etc/pam.d/$service.rds-iam-edge-saved" "/etc/pam.d/$service"
    fi
  done
  if [ -n "${RDS_IAM_E2E_DIR:-}" ] || made_here "$DIR"; then as_root rm -rf "$DIR"; fi
  as_root rm -f "$STATE"
  DIR=
}

build_checker() {
  say "building rds-iam-verify and pam_rds_iam.so"
  cargo build --quiet --release --features verifier --bin rds-iam-verify
  mkdir -p "$DIR/bin"
  install -m 0755 target/release/rds-iam-verify "$DIR/bin/rds-iam-verify"
  gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$DIR/bin/pam_rds_iam.so" e2e/pam_rds_iam.c -lpam
  chmod 0755 "$DIR/bin/pam_rds_iam.so"
}

# Two keys: long-term (AKIA...) and temporary (ASIA... with a realistic
# ~1 KB session token). keys.json is what tests sign with; each server's
# checker gets a config naming its own host and port.
write_keys() {
  local akid="AKIA$(random_text 64 | tr -dc 'A-Z0-9' | head -c 16)"
  local asid="ASIA$(random_text 64 | tr -dc 'A-Z0-9' | head -c 16)"
  local secret1 secret2 session
  secret1=$(random_text 40); secret2=$(random_text 40); session=$(random_text 1100)
  cat > "$DIR/keys.json" <<JSON
{
  "longTerm": { "accessKeyId": "$akid", "secretAccessKey": "$secret1" },
  "temporary": { "accessKeyId": "$asid", "secretAccessKey": "$secret2", "sessionToken": "$session" }
}
JSON
  chmod 0600 "$DIR/keys.json" # the tests' (this user's) only
  local keys="[{\"accessKeyId\":\"$akid\",\"secretAccessKey\":\"$secret1\"},{\"accessKeyId\":\"$asid\",\"secretAccessKey\":\"$secret2\",\"sessionTokens\":[\"$session\"]}]"
  for server in pg:$PG_PORT:postgres mariadb:$MARIADB_PORT:root pgbouncer:$PGBOUNCER_PORT:postgres; do
    IFS=: read -r name port owner <<<"$server"
    echo "{\"hostname\":\"localhost\",\"port\":$port,\"skewSeconds\":300,\"logFile\":\"$DIR/checker-$name.log\",\"keys\":$keys}" > "$DIR/checker-$name.json"
    as_root install -o "$owner" -m 0600 /dev/null "$DIR/checker-$name.log"
    as_root chown "$owner" "$DIR/checker-$name.json"
    as_root chmod 0600 "$DIR/checker-$name.json"
  done
}

write_pam() {
  local service=$1 name=$2
  if [ -f "/etc/pam.d/$service" ] && ! grep -qs pam_rds_iam "/etc/pam.d/$service"; then
    as_root mv "/etc/pam.d/$service" "/etc/pam.d/$service.rds-iam-edge-saved"
  fi
  as_root tee "/etc/pam.d/$service" >/dev/null <<PAM
# Written by rds-iam-edge e2e/servers.sh; removed by 'servers.sh down'.
auth    required $DIR/bin/pam_rds_iam.so verifier=$DIR/bin/rds-iam-verify config=$DIR/checker-$name.json
account required pam_permit.so
PAM
}

write_tls() {
  mkdir -p "$DIR/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" 2>/dev/null
  chmod 0644 "$DIR/tls/cert.pem"
  for owner in postgres mysql; do
    as_root install -o "$owner" -m 0600 "$DIR/tls/key.pem" "$DIR/tls/key-$owner.pem"
    as_root install -o "$owner" -m 0644 "$DIR/tls/cert.pem" "$DIR/tls/cert-$owner.pem"
  done
  rm -f "$DIR/tls/key.pem"
}

start_postgres() {
  say "PostgreSQL on 127.0.0.1:$PG_PORT"
  as_root install -d -o postgres -m 0700 "$DIR/pg"
  as postgres "$PG_BIN/initdb" -D "$DIR/pg/data" -U postgres --auth-local=peer --auth-host=reject >/dev/null
  as postgres mkdir -p "$DIR/pg/sock"
  as postgres tee -a "$DIR/pg/data/postgresql.conf" >/dev/null <<CONF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR/pg/sock'
max_connections = 400
ssl = on
ssl_cert_file = '$DIR/tls/cert-postgres.pem'
ssl_key_file = '$DIR/tls/key-postgres.pem'
password_encryption = 'scram-sha-256'
CONF
  as postgres tee "$DIR/pg/data/pg_hba.conf" >/dev/null <<HBA
local   all  postgres                 peer
local   all  all                      peer map=pgbouncer
hostssl all  plain_user 127.0.0.1/32  scram-sha-256
hostssl all  all        127.0.0.1/32  pam pamservice=$PAM_PG
HBA
  # PgBouncer (OS user postgres) reaches PostgreSQL over the socket as the
  # client's user, as RDS Proxy uses its stored credentials.
  printf 'pgbouncer postgres %s\n' postgres "${IAM_USERS[@]}" | as postgres tee "$DIR/pg/data/pg_ident.conf" >/dev/null
  as postgres "$PG_BIN/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w start >/dev/null
  local sql="CREATE ROLE plain_user LOGIN PASSWORD 'plain-password';"
  for user in "${IAM_USERS[@]}"; do sql+="CREATE ROLE $user LOGIN;"; done
  as postgres psql -q -h "$DIR/pg/sock" -p "$PG_PORT" -U postgres -d postgres -c "$sql" >/dev/null
}

start_mariadb() {
  say "MariaDB on 127.0.0.1:$MARIADB_PORT"
  as_root install -d -o mysql -m 0700 "$DIR/mariadb"
  as_root mariadb-install-db --no-defaults --user=mysql --datadir="$DIR/mariadb/data" --skip-test-db \
    --auth-root-authentication-method=socket >"$DIR/mariadb/install.log" 2>&1 \
    || { cat "$DIR/mariadb/install.log" >&2; return 1; }
  as_root mariadbd --no-defaults --user=mysql --datadir="$DIR/mariadb/data" \
    --socket="$DIR/mariadb/mariadb.sock" --pid-file="$DIR/mariadb/mariadb.pid" \
    --port="$MARIADB_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
    --plugin-load-add=auth_pam --pam-use-cleartext-plugin=ON \
    --ssl-cert="$DIR/tls/cert-mysql.pem" --ssl-key="$DIR/tls/key-mysql.pem" \
    --log-error="$DIR/mariadb/server.log" >/dev/null 2>&1 &
  for _ in $(seq 100); do [ -S "$DIR/mariadb/mariadb.sock" ] && break; sleep 0.2; done
  [ -S "$DIR/mariadb/mariadb.sock" ] || { as_root cat "$DIR/mariadb/server.log" >&2; return 1; }
  # No anonymous users: they would shadow ours.
  local sql="DROP USER IF EXISTS ''@'localhost', ''@'$(hostname)';"
  sql+="CREATE USER plain_user@'%' IDENTIFIED BY 'plain-password' REQUIRE SSL;"
  for user in "${IAM_USERS[@]}"; do
    sql+="CREATE USER $user@'%' IDENTIFIED VIA pam USING '$PAM_MARIADB' REQUIRE SSL;"
  done
  as_root mariadb --socket="$DIR/mariadb/mariadb.sock" -u root -e "$sql"
}

start_pgbouncer() {
  say "PgBouncer on 127.0.0.1:$PGBOUNCER_PORT"
  as_root install -d -o postgres -m 0700 "$DIR/pgbouncer"
  as postgres tee "$DIR/pgbouncer/pgbouncer.ini" >/dev/null <<INI
[databases]
postgres = host=$DIR/pg/sock port=$PG_PORT dbname=postgres

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = pam
client_tls_sslmode = require
client_tls_cert_file = $DIR/tls/cert-postgres.pem
client_tls_key_file = $DIR/tls/key-postgres.pem
pidfile = $DIR/pgbouncer/pgbouncer.pid
logfile = $DIR/pgbouncer/pgbouncer.log
max_client_conn = 400
default_pool_size = 20
INI
  as postgres pgbouncer -q -d "$DIR/pgbouncer/pgbouncer.ini"
  for _ in $(seq 50); do [ -f "$DIR/pgbouncer/pgbouncer.pid" ] && break; sleep 0.1; done
}

up() {
  down
  if [ -n "${RDS_IAM_E2E_DIR:-}" ]; then
    DIR=$RDS_IAM_E2E_DIR
    mkdir -p "$DIR"
  else
    DIR=$(mktemp -d /tmp/rds-iam-edge-e2e.XXXXXXXXXX)
  fi
  # The servers' OS users (postgres, mysql) enter it to reach their files;
  # nobody but its owner lists or writes it.
  chmod 0711 "$DIR"
  echo "$DIR" | as_root tee "$STATE" >/dev/null
  build_checker
  write_keys
  write_tls
  wants() { [[ " $SERVERS " == *" $1 "* ]]; }
  wants postgres && { write_pam "$PAM_PG" pg; start_postgres; }
  wants mariadb && { write_pam "$PAM_MARIADB" mariadb; start_mariadb; }
  wants pgbouncer && { write_pam "$PAM_PGBOUNCER" pgbouncer; start_pgbouncer; }
  cat > "$DIR/servers.json" <<JSON
{
  "dir": "$DIR",
  "hostname": "localhost",
  "ca": "$DIR/tls/cert.pem",
  "keys": "$DIR/keys.json",
  "iamUsers": ["${IAM_USERS[0]}", "${IAM_USERS[1]}"],
  "plainUser": { "username": "plain_user", "password": "plain-password" },
  "postgres": { "port": $PG_PORT, "database": "postgres", "checkerLog": "$DIR/checker-pg.log" },
  "mariadb": { "port": $MARIADB_PORT, "checkerLog": "$DIR/checker-mariadb.log" },
  "pgbouncer": { "port": $PGBOUNCER_PORT, "database": "postgres", "checkerLog": "$DIR/checker-pgbouncer.log" }
}
JSON
  echo "$DIR/servers.json"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
