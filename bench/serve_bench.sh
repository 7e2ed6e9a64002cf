#!/usr/bin/env bash
# serve throughput next to nginx, same machine, same run.
#
#   bench/serve_bench.sh [path/to/stalwart-httpctl] [seconds per run] [runs]
#
# Starts `stalwart-httpctl serve` with its built-in configuration and nginx (2 workers, run as
# the current user from a temporary configuration) serving static copies of serve's answers with
# the same added headers. wrk loads each path with a Basic Authorization header over keep-alive
# on loopback (2 threads, 64 connections), alternating between the two servers:
#   /.well-known/jmap  the JMAP session object (authentication, URL expression, JSON) — the goal
#   /robots.txt        a constant answer: what the transport itself costs
# Prints req/s, p50/p99 latency, the server's CPU time per request (user + system, all threads
# and worker processes: steadier than req/s when other jobs share the machine) and peak RSS
# (whole run); each the median of the runs.
# Access logs are off on both sides. Needs wrk, nginx-light and curl (scripts/bootstrap deps).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli=${1:-$root/build/apps/stalwart-httpctl}
seconds=${2:-10}
runs=${3:-3}
connections=64
auth="Basic YWRtaW46Y2hhbmdlbWU="  # admin:changeme, the built-in configuration's administrator

for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "serve_bench: $tool is missing" >&2; exit 1; }
done
[ -x "$cli" ] || { echo "serve_bench: $cli is not built" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
serve_pid=""
nginx_pid=""
cleanup() {
    [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null
    [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
    sleep 0.2
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# --- stalwart-httpctl serve
"$cli" serve --listen "http=127.0.0.1:0" --log-format off --threads 64 >"$work/serve.out" \
    2>"$work/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q '"ready"' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
serve_port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$work/serve.out" | head -1)
[ -n "$serve_port" ] || { echo "serve_bench: serve did not start" >&2; cat "$work/serve.err" >&2; exit 1; }

# The exact bodies and the headers serve adds, for nginx to send too.
paths=(/.well-known/jmap /robots.txt)
locations=""
mkdir -p "$work/www/.well-known"
for path in "${paths[@]}"; do
    curl -sS -H "Authorization: $auth" -D "$work/headers" -o "$work/www$path" \
        "http://127.0.0.1:$serve_port$path"
    status=$(head -1 "$work/headers" | awk '{print $2}')
    [ "$status" = "200" ] || { echo "serve_bench: serve answered $status on $path" >&2; exit 1; }
    content_type=$(grep -i '^content-type:' "$work/headers" | head -1 | cut -d' ' -f2- | tr -d '\r')
    extra_headers=""
    while IFS= read -r line; do
        name=${line%%:*}
        value=$(echo "${line#*:}" | sed 's/^ *//' | tr -d '\r')
        case "${name,,}" in
        content-type | content-length | connection | keep-alive | date | server | http/*) ;;
        *) extra_headers+="            add_header $name \"$value\" always;"$'\n' ;;
        esac
    done < <(tail -n +2 "$work/headers" | grep ':')
    locations+="        location = $path {"$'\n'"            default_type \"$content_type\";"$'\n'
    locations+="$extra_headers        }"$'\n'
done

# --- nginx, 2 workers, static copy
mkdir -p "$work/nginx"
chmod -R a+rX "$work/www"
nginx_port=$(free_port)
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server_tokens off;
    keepalive_requests 10000;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
$locations    }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>"$work/nginx/stderr" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done
for path in "${paths[@]}"; do
    got=$(curl -sS -H "Authorization: $auth" "http://127.0.0.1:$nginx_port$path" | wc -c)
    [ "$got" = "$(wc -c <"$work/www$path")" ] || { echo "serve_bench: nginx body differs on $path" >&2; exit 1; }
done

# Peak resident set (kB) of a process and its children.
peak_rss() {
    local total=0 pid
    for pid in $1 $(pgrep -P "$1" || true); do
        total=$((total + $(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# to_ms "1.23ms" → 1.23
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n = n * 1000
        printf "%.3f", n }'
}

# CPU time (clock ticks, user + system, all threads) used so far by a process and its children.
cpu_ticks() {
    local total=0 pid ticks
    for pid in $1 $(pgrep -P "$1" || true); do
        ticks=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$pid/stat" 2>/dev/null || echo 0)
        total=$((total + ticks))
    done
    echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)

run_wrk() {  # url server-pid → "req/s p50ms p99ms cpu-µs-per-request"
    local out before after
    before=$(cpu_ticks "$2")
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: $auth" "$1")
    after=$(cpu_ticks "$2")
    local rps p50 p99 requests
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    if echo "$out" | grep -q 'Non-2xx'; then
        echo "serve_bench: non-2xx answers: $(echo "$out" | grep Non-2xx)" >&2
    fi
    local cpu_us
    cpu_us=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" \
        'BEGIN { printf "%.2f", (n > 0) ? t / hz * 1e6 / n : 0 }')
    echo "$rps $(to_ms "$p50") $(to_ms "$p99") $cpu_us"
}

median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

load_start=$(cut -d" " -f1-3 /proc/loadavg)
: >"$work/results"
for path in "${paths[@]}"; do
    : >"$work/serve.runs"
    : >"$work/nginx.runs"
    for run in $(seq "$runs"); do
        echo "$path run $run/$runs: serve" >&2
        run_wrk "http://127.0.0.1:$serve_port$path" "$serve_pid" >>"$work/serve.runs"
        echo "$path run $run/$runs: nginx" >&2
        run_wrk "http://127.0.0.1:$nginx_port$path" "$nginx_pid" >>"$work/nginx.runs"
    done
    for side in serve nginx; do
        rps=$(awk '{print $1}' "$work/$side.runs" | median)
        p50=$(awk '{print $2}' "$work/$side.runs" | median)
        p99=$(awk '{print $3}' "$work/$side.runs" | median)
        cpu=$(awk '{print $4}' "$work/$side.runs" | median)
        echo "$path $side $rps $p50 $p99 $cpu" >>"$work/results"
    done
done

echo
echo "wrk -t2 -c$connections -d${seconds}s, keep-alive, loopback, Basic auth header; median of $runs runs"
echo
echo "| path | server | body bytes | req/s | p50 ms | p99 ms | CPU µs/req | peak RSS MiB | serve/nginx |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
serve_mib=$(peak_rss "$serve_pid" | awk '{printf "%.1f", $1 / 1024}')
nginx_mib=$(peak_rss "$nginx_pid" | awk '{printf "%.1f", $1 / 1024}')
for path in "${paths[@]}"; do
    bytes=$(wc -c <"$work/www$path")
    read -r _ _ s_rps s_p50 s_p99 s_cpu < <(grep "^$path serve " "$work/results")
    read -r _ _ n_rps n_p50 n_p99 n_cpu < <(grep "^$path nginx " "$work/results")
    ratio=$(awk -v s="$s_rps" -v n="$n_rps" 'BEGIN { printf "%.0f%%", 100 * s / n }')
    printf "| %s | stalwart-httpctl serve | %s | %.0f | %.2f | %.2f | %s | %s | %s |\n" \
        "$path" "$bytes" "$s_rps" "$s_p50" "$s_p99" "$s_cpu" "$serve_mib" "$ratio"
    printf "| %s | nginx (2 workers) | %s | %.0f | %.2f | %.2f | %s | %s | |\n" \
        "$path" "$bytes" "$n_rps" "$n_p50" "$n_p99" "$n_cpu" "$nginx_mib"
done
echo
echo "load average: $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
