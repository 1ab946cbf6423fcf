#!/usr/bin/env bash
# Shared by scripts/start and scripts/test (sourced, not run).
#
# Everything here works on an existing bench, or creates one the standard way
# (pip install frappe-bench; bench init --frappe-branch version-15). It never builds Frappe from a local copy.

set -Eeuo pipefail

APP_NAME=tppo_app
APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRAPPE_BENCH=${FRAPPE_BENCH:-/home/frappe/frappe-bench}
FRAPPE_BRANCH=${FRAPPE_BRANCH:-version-15}
MARIADB_ROOT_PASSWORD=${MARIADB_ROOT_PASSWORD:-123}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
TPPO_SITE=${TPPO_SITE:-tppo.localhost}
CA_FILE=${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}

if [ "$(id -u)" = 0 ]; then
	BENCH_USER=${BENCH_USER:-frappe}
	SUDO=""
else
	BENCH_USER=$(id -un)
	SUDO="sudo -n"
fi

LOG_DIR=${TPPO_LOG_DIR:-$APP_DIR/logs}
mkdir -p "$LOG_DIR"
LOG_FILE="$LOG_DIR/$(basename "$0")-$(date +%Y%m%d-%H%M%S).log"
: >"$LOG_FILE"
chmod a+rw "$LOG_DIR" "$LOG_FILE" 2>/dev/null || true
SCRIPT_START=$(date +%s)
STEP_NO=0

say() { printf '%s\n' "$*" | tee -a "$LOG_FILE"; }

fail() {
	# fail "what failed" "why" "what to do"
	say ""
	say "ERROR in step: $1"
	say "  why:  $2"
	say "  fix:  $3"
	say "  full log: $LOG_FILE"
	exit 1
}

# step "description" "hint if it fails" command [args...]
# Runs a command with its output in the log, prints which step runs and, for long ones, the elapsed time.
step() {
	local desc=$1 hint=$2
	shift 2
	STEP_NO=$((STEP_NO + 1))
	local start=$SECONDS
	printf '[%2d] %s ... ' "$STEP_NO" "$desc" | tee -a "$LOG_FILE"
	echo "" >>"$LOG_FILE"
	echo "\$ $*" >>"$LOG_FILE"
	("$@") >>"$LOG_FILE" 2>&1 &
	local pid=$!
	local next_tick=30
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if [ $((SECONDS - start)) -ge $next_tick ]; then
			printf '%ss ... ' "$((SECONDS - start))"
			next_tick=$((next_tick + 30))
		fi
	done
	local rc=0
	wait "$pid" || rc=$?
	if [ $rc -ne 0 ]; then
		say "failed after $((SECONDS - start))s (exit $rc)"
		say "---- last lines of the log ----"
		tail -n 25 "$LOG_FILE" | sed 's/^/  | /'
		fail "$desc" "the command '$*' exited with $rc" "$hint"
	fi
	say "done ($((SECONDS - start))s)"
}

have() { command -v "$1" >/dev/null 2>&1; }

# Runs a shell command as the bench user, with the environment bench and uv need.
as_bench_user() {
	local env_vars=(
		"HOME=$(getent passwd "$BENCH_USER" | cut -d: -f6)"
		"PATH=$FRAPPE_BENCH/env/bin:/usr/local/bin:/usr/bin:/bin:$(getent passwd "$BENCH_USER" | cut -d: -f6)/.local/bin"
		"UV_NATIVE_TLS=1"
		"SSL_CERT_FILE=$CA_FILE"
		"REQUESTS_CA_BUNDLE=$CA_FILE"
		"PIP_CERT=$CA_FILE"
		"NODE_EXTRA_CA_CERTS=$CA_FILE"
		"LANG=C.UTF-8"
		"CI=${CI:-}"
	)
	# Start in the bench user's home: the caller's directory (a checkout under /root, say) may be closed to them.
	local home
	home=$(getent passwd "$BENCH_USER" | cut -d: -f6)
	if [ "$(id -un)" = "$BENCH_USER" ]; then
		env "${env_vars[@]}" bash -c "cd '$home' && $1"
	else
		(cd / && runuser -u "$BENCH_USER" -- env "${env_vars[@]}" bash -c "cd '$home' && $1")
	fi
}

bench_in() { as_bench_user "cd '$FRAPPE_BENCH' && bench $*"; }

# ---- system ----------------------------------------------------------------------------------------------

apt_install() {
	if [ "$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then
		fail "install system packages" "missing: $*; this user cannot install packages" \
			"run 'sudo apt-get install -y $*' once, or run this script as root"
	fi
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_system_packages() {
	local missing=()
	have git || missing+=(git)
	have mariadbd || have mysqld || missing+=(mariadb-server)
	have mariadb || missing+=(mariadb-client)
	have redis-server || missing+=(redis-server)
	have node || missing+=(nodejs)
	have npm || missing+=(npm)
	have crontab || missing+=(cron)
	have pkg-config || missing+=(pkg-config)
	have wkhtmltopdf || missing+=(wkhtmltopdf)
	# Debian's own Python (whatever shims come first on PATH): the bench user runs it.
	[ -x /usr/bin/python3 ] || missing+=(python3)
	/usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
	[ -e /usr/include/python3.11/Python.h ] || missing+=(python3-dev)
	if [ ${#missing[@]} -gt 0 ]; then
		step "install system packages: ${missing[*]}" "check that apt can reach Debian's mirrors" apt_install "${missing[@]}"
	fi
	local node_major
	node_major=$(node -p 'process.versions.node.split(".")[0]')
	[ "$node_major" -ge 18 ] || fail "check Node.js" "Node.js $node_major found, Frappe v15 needs 18 or newer" \
		"install Node.js 18 or 20 (e.g. from NodeSource) and run again"
	if ! have yarn || [ "$(yarn --version 2>/dev/null | cut -d. -f1)" != 1 ]; then
		# bench needs yarn 1; the registry's newest tag is 2.x.
		step "install yarn 1.22.22" "check that npm can reach its registry" $SUDO npm install -g yarn@1.22.22
	fi
}

ensure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-frappe.cnf
	if [ ! -f "$conf" ] && [ -d /etc/mysql/mariadb.conf.d ]; then
		# Frappe needs utf8mb4 throughout.
		$SUDO tee "$conf" >/dev/null <<-'EOF'
			[mysqld]
			character-set-client-handshake = FALSE
			character-set-server = utf8mb4
			collation-server = utf8mb4_unicode_ci

			[mysql]
			default-character-set = utf8mb4
		EOF
		say "     wrote MariaDB utf8mb4 settings to $conf"
		if mariadb-admin ping >/dev/null 2>&1 || $SUDO mariadb-admin ping >/dev/null 2>&1; then
			step "restart MariaDB for utf8mb4" "run 'service mariadb restart' and read its log" $SUDO service mariadb restart
		fi
	fi
	if ! mariadb-admin ping >/dev/null 2>&1 && ! $SUDO mariadb-admin ping >/dev/null 2>&1; then
		step "start MariaDB" "run 'service mariadb start' and read /var/log/mysql/error.log" $SUDO service mariadb start
	fi
	if ! mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
		# A fresh Debian MariaDB lets root in only through the unix socket: add the password over TCP, keep the socket.
		if $SUDO mariadb -uroot -e 'select 1' >/dev/null 2>&1; then
			$SUDO mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('${MARIADB_ROOT_PASSWORD}'); FLUSH PRIVILEGES;"
			say "     set the MariaDB root password (MARIADB_ROOT_PASSWORD) for TCP logins"
		fi
		mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1 ||
			fail "log in to MariaDB" "root cannot log in over TCP with the password in MARIADB_ROOT_PASSWORD" \
				"export MARIADB_ROOT_PASSWORD=<your MariaDB root password> and run again"
	fi
	local charset
	charset=$(mariadb -uroot -p"$MARIADB_ROOT_PASSWORD" -h127.0.0.1 -N -e 'select @@character_set_server')
	[ "$charset" = utf8mb4 ] || fail "check MariaDB settings" "character_set_server is $charset, Frappe needs utf8mb4" \
		"add character-set-server = utf8mb4 and collation-server = utf8mb4_unicode_ci under [mysqld], then restart MariaDB"
}

ensure_bench_user() {
	if ! id "$BENCH_USER" >/dev/null 2>&1; then
		# bench refuses to run as root.
		step "create system user $BENCH_USER" "create it with 'useradd -m -s /bin/bash $BENCH_USER'" \
			useradd -m -s /bin/bash "$BENCH_USER"
	fi
	# git refuses repositories owned by another user ("dubious ownership"): this checkout and the bench's apps.
	as_bench_user "git config --global --get-all safe.directory 2>/dev/null | grep -qx '*' || git config --global --add safe.directory '*'"
}

ensure_bench_cli() {
	if as_bench_user "command -v bench" >/dev/null 2>&1; then
		return
	fi
	if [ "$(id -u)" = 0 ]; then
		local venv=/opt/frappe-bench-cli bindir=/usr/local/bin
	else
		local venv=$HOME/.local/share/frappe-bench-cli bindir=$HOME/.local/bin
	fi
	# A system Python, never a per-user shim (root's pyenv lives in /root, which the bench user cannot enter):
	# the first interpreter of these that the bench user can run.
	local py="" candidate
	for candidate in /usr/bin/python3.11 /usr/bin/python3 /usr/local/bin/python3.11 /usr/local/bin/python3; do
		if [ -x "$candidate" ] && as_bench_user "'$candidate' -c 'import venv'" >/dev/null 2>&1; then
			py=$candidate
			break
		fi
	done
	[ -n "$py" ] || fail "find a Python for the bench CLI" "no system python3 that $BENCH_USER can run (with venv)" \
		"install Debian's python3 and python3-venv: apt-get install python3 python3-venv"
	step "install the bench CLI (pip install frappe-bench)" "check that pip can reach PyPI" \
		bash -c "'$py' -m venv '$venv' && '$venv/bin/pip' install -q frappe-bench && mkdir -p '$bindir' && ln -sf '$venv/bin/bench' '$bindir/bench' && ln -sf '$venv/bin/uv' '$bindir/uv'"
}

ensure_bench() {
	if [ ! -d "$FRAPPE_BENCH/apps/frappe" ]; then
		local parent
		parent=$(dirname "$FRAPPE_BENCH")
		[ -d "$parent" ] || { mkdir -p "$parent" && chown "$BENCH_USER:" "$parent"; }
		step "bench init --frappe-branch $FRAPPE_BRANCH (10-20 min)" \
			"read the log; bench needs internet access to GitHub, PyPI and the npm registry" \
			as_bench_user "cd '$parent' && bench init --frappe-branch '$FRAPPE_BRANCH' '$(basename "$FRAPPE_BENCH")'"
	fi
	local owner
	owner=$(stat -c %U "$FRAPPE_BENCH")
	[ "$owner" = "$BENCH_USER" ] || fail "check the bench" "$FRAPPE_BENCH belongs to $owner, not $BENCH_USER" \
		"run as $owner (or as root with BENCH_USER=$owner), or point FRAPPE_BENCH at a bench of $BENCH_USER"
	# Frappe v15 imports pkg_resources, which setuptools 70 removed.
	if ! as_bench_user "'$FRAPPE_BENCH/env/bin/python' -c 'import pkg_resources'" >/dev/null 2>&1; then
		step "pin setuptools<70 in the bench env (Frappe v15 imports pkg_resources)" "check that pip can reach PyPI" \
			as_bench_user "cd '$FRAPPE_BENCH' && (uv pip install -q --python env/bin/python 'setuptools<70' || env/bin/python -m pip install -q 'setuptools<70')"
	fi
}

# Puts this checkout into the bench as apps/tppo_app: a symlink when the bench user can read it,
# otherwise a copy (refreshed on every run).
ensure_app_in_bench() {
	local target="$FRAPPE_BENCH/apps/$APP_NAME"
	if as_bench_user "test -r '$APP_DIR/pyproject.toml' && test -x '$APP_DIR/$APP_NAME'"; then
		if [ "$(readlink -f "$target" 2>/dev/null)" != "$APP_DIR" ]; then
			rm -rf "$target"
			ln -s "$APP_DIR" "$target"
			[ "$(id -u)" = 0 ] && chown -h "$BENCH_USER:" "$target"
		fi
		say "     app: $target -> $APP_DIR"
	else
		[ -L "$target" ] && rm -f "$target"
		mkdir -p "$target"
		tar -C "$APP_DIR" --exclude=.git --exclude=logs --exclude='__pycache__' -cf - . | tar -C "$target" -xf -
		chown -R "$BENCH_USER:" "$target"
		say "     app: copied $APP_DIR into $target (the bench user cannot read the checkout)"
	fi
	step "install $APP_NAME and its Python dependencies into the bench env" "check that pip can reach PyPI" \
		as_bench_user "cd '$FRAPPE_BENCH' && (uv pip install -q --python env/bin/python -e apps/$APP_NAME || env/bin/python -m pip install -q -e apps/$APP_NAME)"
	grep -qx "$APP_NAME" "$FRAPPE_BENCH/sites/apps.txt" || as_bench_user "printf '\n$APP_NAME\n' >> '$FRAPPE_BENCH/sites/apps.txt' && sed -i '/^$/d' '$FRAPPE_BENCH/sites/apps.txt'"
	if [ ! -e "$FRAPPE_BENCH/sites/assets/$APP_NAME" ]; then
		step "build $APP_NAME assets" "run 'bench build --app $APP_NAME' in $FRAPPE_BENCH and read its output" \
			bench_in build --app "$APP_NAME"
	fi
}

web_port() { sed -n 's/.*"webserver_port": *\([0-9]*\).*/\1/p' "$FRAPPE_BENCH/sites/common_site_config.json" 2>/dev/null | head -1 | grep . || echo 8000; }

redis_port() { grep -E '^port ' "$FRAPPE_BENCH/config/$1.conf" | awk '{print $2}'; }

ensure_redis() {
	local conf port
	for conf in redis_cache redis_queue; do
		port=$(redis_port "$conf")
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			as_bench_user "cd '$FRAPPE_BENCH/config' && redis-server '$conf.conf' --daemonize yes --logfile '$FRAPPE_BENCH/logs/$conf.log'" >>"$LOG_FILE" 2>&1 ||
				fail "start Redis ($conf)" "redis-server did not start on port $port" "read $FRAPPE_BENCH/logs/$conf.log"
			for _ in $(seq 20); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.5; done
		fi
		redis-cli -p "$port" ping >/dev/null 2>&1 || fail "start Redis ($conf)" "no answer on port $port" \
			"read $FRAPPE_BENCH/logs/$conf.log"
	done
	say "     redis: cache :$(redis_port redis_cache), queue :$(redis_port redis_queue)"
}

# Creates a site with the app installed (not the demo data).
new_site() {
	local site=$1
	step "create site $site with $APP_NAME (about a minute)" \
		"check MariaDB (MARIADB_ROOT_PASSWORD) and Redis, then read the log" \
		bench_in new-site "'$site'" --db-root-password "'$MARIADB_ROOT_PASSWORD'" --admin-password "'$ADMIN_PASSWORD'" \
		--install-app "$APP_NAME"
}

site_exists() { [ -f "$FRAPPE_BENCH/sites/$1/site_config.json" ]; }

prepare() {
	say "tppo_app: $APP_DIR"
	say "bench:    $FRAPPE_BENCH (user $BENCH_USER)"
	say "log:      $LOG_FILE"
	ensure_system_packages
	ensure_mariadb
	ensure_bench_user
	ensure_bench_cli
	ensure_bench
	ensure_app_in_bench
	ensure_redis
}
