#!/usr/bin/env bash
# deploy-check: follow docs/deploy.md on loopback and check that it reaches two servers behind nginx.
#
# It runs the ```sh blocks of docs/deploy.md, in order, in one shell, with the places of §1 in a scratch
# directory and every port a free one; systemctl is a stand-in that runs the units' ExecStart and ExecStop
# lines (and nginx with a main configuration of its own that includes the guide's site), so that it needs no
# systemd and touches nothing outside the scratch directory. Then it checks what the guide promises: pages
# through nginx, cached; a figure seeded on the primary served through nginx; a server stopped, a standby
# stopped and started again. It stops everything it started and removes the scratch directory.
#
# Run it as root from the checkout (make deploy-check), as the guide is.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
[ "$(id -u)" = 0 ] || { echo "deploy-check: run as root, as docs/deploy.md is" >&2; exit 1; }

# /var/tmp, world-traversable: PostgreSQL runs as the postgres user and nginx's workers as theirs.
scratch=$(mktemp -d /var/tmp/dualcarbon-deploy-check-XXXXXX)
chmod 0755 "$scratch"
mkdir -p "$scratch/run" "$scratch/log" "$scratch/nginx"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export PREFIX=$scratch/opt STATE=$scratch/state CONF=$scratch/etc UNITS=$scratch/units
export NGINX_SITE=$scratch/nginx/conf.d/dualcarbon.conf NGINX_CACHE=$scratch/nginx/cache
PRIMARY_PORT=$(free_port) STANDBY_PORT=$(free_port)
WEB1=127.0.0.1:$(free_port) WEB2=127.0.0.1:$(free_port) METRICS1=127.0.0.1:$(free_port) METRICS2=127.0.0.1:$(free_port)
SITE=127.0.0.1:$(free_port)
export PRIMARY_PORT STANDBY_PORT WEB1 WEB2 METRICS1 METRICS2 SITE

started=() # units started, stopped in reverse order at the end

# unit_file sets file to the unit file of $1 (a template instance's template) and instance to its instance.
file="" instance=""
unit_file() {
	local name=$1
	[[ $name == *.* ]] || name=$name.service
	instance=""
	if [[ $name == *@*.service ]]; then
		instance=${name#*@}
		instance=${instance%.service}
		name=${name%%@*}@.service
	fi
	file=$UNITS/$name
}

# unit_key prints the value of key $2 in unit file $1, with %i replaced.
unit_key() { sed -n "s/^$2=//p" "$1" | head -n1 | sed "s/%i/$instance/g"; }

# unit_run runs a unit's command line as systemd would: with its environment file, ${VAR} expanded.
unit_run() {
	local file=$1 line=$2 envfile
	envfile=$(unit_key "$file" EnvironmentFile)
	(
		if [ -n "$envfile" ]; then set -a; . "$envfile"; set +a; fi
		eval "exec $line"
	)
}

nginx_conf() {
	cat >"$scratch/nginx/nginx.conf" <<EOF
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
worker_processes 1;
events {}
http {
    access_log $scratch/nginx/access.log;
    client_body_temp_path $scratch/nginx/client_body;
    proxy_temp_path $scratch/nginx/proxy;
    fastcgi_temp_path $scratch/nginx/fastcgi;
    uwsgi_temp_path $scratch/nginx/uwsgi;
    scgi_temp_path $scratch/nginx/scgi;
    include $NGINX_SITE;
}
EOF
	echo "$scratch/nginx/nginx.conf"
}

unit_start() {
	local u=$1 type exec
	case $u in
	nginx | nginx.service)
		nginx -c "$(nginx_conf)"
		started+=(nginx)
		return
		;;
	*.timer)
		echo "deploy-check: $u: timers do not run in the check" >&2
		return
		;;
	esac
	unit_file "$u"
	type=$(unit_key "$file" Type)
	exec=$(unit_key "$file" ExecStart)
	case $type in
	forking | oneshot) unit_run "$file" "$exec" >>"$scratch/log/$u.log" 2>&1 || { cat "$scratch/log/$u.log" >&2; return 1; } ;;
	*)
		# The subshell becomes the service (exec), so that its pid is the one to stop.
		(
			envfile=$(unit_key "$file" EnvironmentFile)
			if [ -n "$envfile" ]; then set -a; . "$envfile"; set +a; fi
			eval "exec $exec"
		) >>"$scratch/log/$u.log" 2>&1 &
		echo $! >"$scratch/run/$u.pid"
		;;
	esac
	[ "$type" = oneshot ] || started+=("$u")
}

unit_stop() {
	local u=$1 stop pid
	if [[ $u == nginx* ]]; then
		[ -e "$scratch/nginx/nginx.pid" ] && nginx -c "$scratch/nginx/nginx.conf" -s quit 2>/dev/null
		return 0
	fi
	unit_file "$u"
	stop=$(unit_key "$file" ExecStop)
	if [ -n "$stop" ]; then
		unit_run "$file" "$stop" >>"$scratch/log/$u.log" 2>&1
	elif [ -e "$scratch/run/$u.pid" ]; then
		pid=$(cat "$scratch/run/$u.pid")
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		rm -f "$scratch/run/$u.pid"
	fi
}

# systemctl: the stand-in for the guide's calls.
systemctl() {
	local cmd=$1 u
	shift
	case $cmd in
	daemon-reload) ;;
	enable)
		if [ "${1:-}" = --now ]; then
			shift
			for u in "$@"; do unit_start "$u"; done
		fi
		;;
	start) for u in "$@"; do unit_start "$u"; done ;;
	stop) for u in "$@"; do unit_stop "$u"; done ;;
	reload)
		# nginx not started yet: reload fails, as on a machine where it is stopped.
		[ "$1" = nginx ] && [ -e "$scratch/nginx/nginx.pid" ] && nginx -c "$scratch/nginx/nginx.conf" -s reload 2>/dev/null
		;;
	*)
		echo "deploy-check: systemctl $cmd is not in the stand-in" >&2
		return 1
		;;
	esac
}

cleanup() {
	local rc=$? i
	set +e
	for ((i = ${#started[@]} - 1; i >= 0; i--)); do unit_stop "${started[i]}"; done
	if [ $rc != 0 ]; then
		echo "deploy-check: FAILED; the services' logs:" >&2
		tail -n 20 "$scratch"/log/*.log "$scratch"/nginx/error.log >&2 2>/dev/null
	fi
	rm -rf "$scratch"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The guide, block by block.
awk '/^```sh$/ { on = 1; next } /^```/ { on = 0 } on' docs/deploy.md >"$scratch/steps.sh"
echo "deploy-check: running the $(grep -c '^```sh$' docs/deploy.md) sh blocks of docs/deploy.md in $scratch"
# shellcheck source=/dev/null
. "$scratch/steps.sh"

# What the guide promises.
fail() { echo "deploy-check: $*" >&2; exit 1; }
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
cache_status() { curl -s -o /dev/null -w '%header{x-cache-status}' "$@"; }
wait_for() { # seconds, description, command...
	local limit=$1 what=$2
	shift 2
	for _ in $(seq $((limit * 10))); do "$@" && return 0; sleep 0.1; done
	fail "$what: not within ${limit}s"
}
page=http://$SITE/indicators/coal_share

[ "$(status "$page")" = 200 ] || fail "$page through nginx: $(status "$page")"
case $(cache_status "$page") in
HIT | REVALIDATED | UPDATING | EXPIRED | MISS) ;;
*) fail "$page: nginx does not cache it (X-Cache-Status $(cache_status "$page"))" ;;
esac
sleep 0.2
[ "$(cache_status "$page")" = HIT ] || fail "$page: a second look within the second is not a cache HIT"
echo "deploy-check: pages through nginx, cached"

ls "$STATE"/backups/*/dualcarbon.dump "$STATE"/backups/*/dataset.zip >/dev/null || fail "no backup"

# A figure seeded on the primary reaches readers through nginx: 2 s on the servers, 1 s in nginx, replay.
csv=$scratch/new-figure.csv
printf '%s\n%s\n' 'indicator,region,year,month,value,unit,flag,source_title,source_url,source_publisher,published,note,quote' \
	'coal_share,CN,2099,,12.3,%,,deploy-check figure,,deploy-check,2026-01-02,,' >"$csv"
DATABASE_URL=$PRIMARY_URL "$PREFIX/bin/dualcarbon" seed "$csv"
seeded=$(date +%s.%N)
shows_figure() { [[ $(curl -fsS "$page") == *'deploy-check figure'* ]]; }
wait_for 10 "the seeded figure through nginx" shows_figure
echo "deploy-check: a figure seeded on the primary is served through nginx $(echo "$(date +%s.%N) - $seeded" | bc 2>/dev/null || true)s after the seed ended"

# One server stopped: nginx sends everything to the other.
systemctl stop dualcarbon-web@1.service
for path in / /about /targets /indicators/coal_share; do
	[ "$(status "http://$SITE$path?lang=zh")" = 200 ] || fail "$path with one server stopped: $(status "http://$SITE$path?lang=zh")"
done
systemctl start dualcarbon-web@1.service
wait_for 10 "server 1 back" curl -fs -o /dev/null "http://$WEB1/readyz"
echo "deploy-check: one server stopped, nginx serves from the other"

# The standby stopped: not ready, the pages each server has cached still served; started again: ready
# without restarting the servers.
for web in "$WEB1" "$WEB2"; do curl -fsS -o /dev/null "http://$web/indicators/coal_share"; done
systemctl stop dualcarbon-standby.service
for web in "$WEB1" "$WEB2"; do
	wait_for 5 "$web/readyz 503 with the standby stopped" test "$(status "http://$web/readyz")" = 503
	[ "$(status "http://$web/indicators/coal_share")" = 200 ] || fail "$web: cached page with the standby stopped"
done
[ "$(status "$page")" = 200 ] || fail "$page through nginx with the standby stopped"
systemctl start dualcarbon-standby.service
for web in "$WEB1" "$WEB2"; do
	wait_for 30 "$web/readyz once the standby is back" curl -fs -o /dev/null "http://$web/readyz"
done
echo "deploy-check: standby stopped and started again, both servers recovered without a restart"
echo "deploy-check: ok"
