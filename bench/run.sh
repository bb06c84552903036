#!/usr/bin/env bash
# ica-sdk benchmark: W1-W7 of ../docs BENCHMARKS.md (and W2c: W2 on an object with S3's whole-object CRC)
# against aws-cli, rclone and the AWS S3TransferManager
# on CRT, all on one ICA emulator (S3Proxy, filesystem store) started here, tools alternating per round.
#
#   bench/run.sh                 full run (1 GiB, 2,000 x 64 KiB, 10,000-file sync; 1 warm-up + 3 runs)
#   bench/run.sh --quick         smoke test: small sizes, no warm-up, 1 run (minutes)
# Options: --runs N  --warmups N  --workloads W1,W2,...  --tools aws-cli,rclone,aws-tm,ica,ica-api
#          --skip-build  --work DIR (default /tmp/ica-bench)  --out FILE (default BENCHMARKS.md)
#          --report-only (rebuild BENCHMARKS.md from DIR/results.jsonl)
#          BENCH_COMMIT=<id> names the commit when running from an export without .git
#          --jfr (record ica-sdk with JFR, settings=profile, into DIR/jfr/; skews its times: profile only)
#          --jvm-opts "OPTS" (JVM options for both warm JVMs, the TransferManager's and ica-sdk's, e.g. -Xmx64m)
# Prints the table and writes it into BENCHMARKS.md between the bench:begin/end markers.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
COMMAND="bench/run.sh${*:+ $*}"
QUICK=0; RUNS=""; WARMUPS=""; SKIP_BUILD=0; REPORT_ONLY=0; JFR=0; WARM_JVM_OPTS=""
WORK=/tmp/ica-bench; OUT="$ROOT/BENCHMARKS.md"
WORKLOADS="W1,W2,W2c,W3,W4,W5,W6,W7"; TOOLS="aws-cli,rclone,aws-tm,ica,ica-api"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --runs) RUNS=$2; shift ;;
    --warmups) WARMUPS=$2; shift ;;
    --workloads) WORKLOADS=$2; shift ;;
    --tools) TOOLS=$2; shift ;;
    --skip-build) SKIP_BUILD=1 ;;
    --report-only) REPORT_ONLY=1 ;;
    --jfr) JFR=1 ;;
    --jvm-opts) WARM_JVM_OPTS=$2; shift ;;
    --work) WORK=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$QUICK" = 1 ]; then
  MODE=quick; W1_MIB=${W1_MIB:-128}; W3_FILES=${W3_FILES:-200}; W5_FILES=${W5_FILES:-1000}
  RUNS=${RUNS:-1}; WARMUPS=${WARMUPS:-0}
else
  MODE=full; W1_MIB=${W1_MIB:-1024}; W3_FILES=${W3_FILES:-2000}; W5_FILES=${W5_FILES:-10000}
  RUNS=${RUNS:-3}; WARMUPS=${WARMUPS:-1}
fi
W3_KIB=64; W5_KIB=4
W7_TTL=20s
RESULTS="$WORK/results.jsonl"
CP_FILE="$ROOT/ica-sdk-bench/target/classpath.txt"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }
has() { case ",$1," in *",$2,"*) return 0 ;; *) return 1 ;; esac; }
emit() { jq -nc "$@" >> "$RESULTS"; }
na() { emit --arg w "$1" --arg t "$2" --arg r "$3" '{kind:"na",workload:$w,tool:$t,reason:$r}'; log "n/a $1 $2: $3"; }

report() {
  java -cp "${CP:-$(cat "$CP_FILE"):$ROOT/ica-sdk-bench/target/classes}" io.icasdk.bench.BenchMain report \
    --results "$RESULTS" --out "$OUT"
}
if [ "$REPORT_ONLY" = 1 ]; then report; exit $?; fi

# ---- tools and build ------------------------------------------------------------------------------
if [ ! -x /usr/bin/aws ] || ! command -v rclone >/dev/null; then
  log "installing aws-cli and rclone (apt-get)"
  apt-get install -y awscli rclone >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y awscli rclone >/dev/null 2>&1; } \
    || die "cannot install awscli/rclone with apt-get"
fi
AWS=/usr/bin/aws
RCLONE=$(command -v rclone)
for t in jq curl /usr/bin/time java mvn; do command -v "$t" >/dev/null || die "$t is required"; done

cd "$ROOT" || exit 1
if [ "$SKIP_BUILD" = 0 ]; then
  log "building (mvn -B -q -DskipTests install)"
  mvn -B -q -DskipTests install || die "build failed"
fi
[ -f "$CP_FILE" ] || die "$CP_FILE missing: build ica-sdk-bench first"

mkdir -p "$WORK"; [ "$JFR" = 1 ] && mkdir -p "$WORK/jfr"
RUN_DIR=$(mktemp -d "$WORK/run.XXXXXX")   # per run: emulator state, credentials, logs (deleted at exit)
# Snapshot what we run: other builds replacing jars in ~/.m2 or target/ mid-run must not break a warm JVM.
mkdir -p "$RUN_DIR/lib" "$RUN_DIR/ica/bin" "$RUN_DIR/ica/ica-sdk-examples/target"
# (the file has no final newline: without the echo, read would drop the last jar, logback-core, and every
# bench JVM would log through SLF4J's no-op fallback after an error message)
{ tr ':' '\n' < "$CP_FILE"; echo; } | while read -r jar; do [ -n "$jar" ] && cp "$jar" "$RUN_DIR/lib/$(basename "$(dirname "$(dirname "$jar")")")-$(basename "$jar")"; done
cp -r "$ROOT/ica-sdk-bench/target/classes" "$RUN_DIR/bench-classes"
CP="$(ls "$RUN_DIR"/lib/*.jar | tr '\n' ':')$RUN_DIR/bench-classes"
if [ -f "$ROOT/ica-sdk-examples/target/ica.jar" ]; then
  cp "$ROOT/bin/ica" "$RUN_DIR/ica/bin/ica"
  cp -r "$ROOT/ica-sdk-examples/target/ica.jar" "$ROOT/ica-sdk-examples/target/lib" "$RUN_DIR/ica/ica-sdk-examples/target/"
  ICA_BIN="$RUN_DIR/ica/bin/ica"       # bin/ica itself, run from the snapshot
else
  ICA_BIN="$ROOT/bin/ica"
fi
DATA="$WORK/data-$MODE"
OUTDIR="$RUN_DIR/downloads"
: > "$RESULTS"
PIDS=()
cleanup() {
  trap '' PIPE   # a warm JVM that already exited must not kill the cleanup
  for fd in "${SERVER_FDS[@]:-}"; do [ -n "$fd" ] && { echo quit >&"$fd"; } 2>/dev/null; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- data -----------------------------------------------------------------------------------------
make_tree() { # dir count kib (a marker beside the dir says it is complete)
  local dir=$1 count=$2 kib=$3
  [ -f "$dir.complete-$count-$kib" ] && return 0
  rm -rf "$dir" "$dir".complete-*; mkdir -p "$dir"
  head -c $((count * kib * 1024)) /dev/urandom > "$dir/.blob"
  split -a 5 -d -b $((kib * 1024)) "$dir/.blob" "$dir/f" && rm "$dir/.blob"
  if [ "$count" -gt 1000 ]; then # ICA-like layout: 100 files per folder
    local i=0 f
    for f in "$dir"/f*; do mkdir -p "$dir/d$((i / 100))"; mv "$f" "$dir/d$((i / 100))/"; i=$((i + 1)); done
  fi
  touch "$dir.complete-$count-$kib"
}
log "generating data in $DATA (kept for reuse)"
mkdir -p "$DATA"
if [ "$(stat -c %s "$DATA/big.bin" 2>/dev/null)" != $((W1_MIB * 1024 * 1024)) ]; then
  head -c $((W1_MIB * 1024 * 1024)) /dev/urandom > "$DATA/big.bin"
fi
make_tree "$DATA/small" "$W3_FILES" "$W3_KIB"
make_tree "$DATA/tree" "$W5_FILES" "$W5_KIB"
cat "$DATA/big.bin" > /dev/null   # hot in the page cache
W1_BYTES=$(stat -c %s "$DATA/big.bin")

emit --arg commit "${BENCH_COMMIT:-$(git -C "$ROOT" describe --always --dirty --abbrev=10 2>/dev/null || echo unknown)}" --arg date "$(date -u +%FT%TZ)" \
  --arg nproc "$(nproc)" --arg free "$(free -h)" --arg cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" \
  --arg command "$COMMAND" --arg mode "$MODE" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" --argjson w1 "$W1_BYTES" --argjson w3 "$W3_FILES" \
  --argjson w3b $((W3_KIB * 1024)) --argjson w5 "$W5_FILES" --argjson runs "$RUNS" --argjson warmups "$WARMUPS" \
  '{kind:"meta",commit:$commit,date:$date,nproc:$nproc,free:$free,cpu:$cpu,command:$command,mode:$mode,load:$load,
    w1Bytes:$w1,w3Files:$w3,w3FileBytes:$w3b,w5Files:$w5,runs:$runs,warmups:$warmups}'

# ---- emulators ------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_KEY="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"

# start_emulator NAME [extra args]: sets <NAME>_ENV (a file of exports) and <NAME>_S3_PORT
start_emulator() {
  local name=$1; shift
  local port s3port dir="$RUN_DIR/$name"
  port=$(free_port); s3port=$(free_port)
  mkdir -p "$dir/data"
  java -Xmx2g -XX:+UseParallelGC -cp "$CP" io.icasdk.testkit.IcaEmulator --port "$port" --s3-port "$s3port" \
    --data-dir "$dir/data" --api-key "$API_KEY" "$@" > "$dir/emulator.out" 2> "$dir/emulator.err" &
  PIDS+=($!); eval "${name}_PID=$!"
  local base="http://127.0.0.1:$port/ica/rest" i project
  for i in $(seq 1 120); do
    project=$(curl -sf -H "X-API-Key: $API_KEY" -H 'Accept: application/vnd.illumina.v3+json' "$base/api/projects" 2>/dev/null \
      | jq -r '.items[0].id // empty' 2>/dev/null)
    [ -n "$project" ] && break
    kill -0 "$(eval echo \$${name}_PID)" 2>/dev/null || { cat "$dir/emulator.err" >&2; die "emulator $name exited"; }
    sleep 0.5
  done
  [ -n "$project" ] || die "emulator $name did not answer on $base (see $dir/emulator.err)"
  cat > "$dir/env" <<EOF
export ICAV2_BASE_URL=$base
export ICAV2_X_API_KEY=$API_KEY
export ICAV2_PROJECT_ID=$project
export ICA_S3_ENDPOINT=http://127.0.0.1:$s3port
EOF
  eval "${name}_ENV=$dir/env; ${name}_S3_PORT=$s3port"
  log "emulator $name: $base, S3 http://127.0.0.1:$s3port, project $project"
}

# peer_credentials ENVFILE OUTFILE: temporary credentials for /bench/ (mode 600, deleted at exit)
peer_credentials() {
  (umask 077; set -a; . "$1"; java -cp "$CP" io.icasdk.bench.BenchMain credentials --folder /bench/ > "$2") \
    || die "could not get temporary credentials from the emulator"
}

start_emulator MAIN
peer_credentials "$MAIN_ENV" "$RUN_DIR/main.creds"

# ---- tool drivers ---------------------------------------------------------------------------------
# Every process tool runs in a subshell with the emulator's settings; peers get their own empty configs.
mkdir -p "$RUN_DIR/home"; : > "$RUN_DIR/aws-config"; : > "$RUN_DIR/rclone.conf"
tool_env() { # ENVFILE CREDSFILE
  set -a; . "$1"; . "$2"; set +a
  export AWS_CONFIG_FILE="$RUN_DIR/aws-config" AWS_SHARED_CREDENTIALS_FILE="$RUN_DIR/aws-config" AWS_DEFAULT_REGION="$AWS_REGION"
  export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="$ICA_S3_ENDPOINT"
  export RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"
  export RCLONE_CONFIG_BENCH_SESSION_TOKEN="$AWS_SESSION_TOKEN" RCLONE_CONFIG_BENCH_REGION="$AWS_REGION"
  export RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true RCLONE_CONFIG_BENCH_NO_CHECK_BUCKET=true
}
S3URL() { echo "s3://$BENCH_BUCKET/$BENCH_PREFIX$1"; }
RC() { echo "bench:$BENCH_BUCKET/$BENCH_PREFIX$1"; }
# No --sse: the emulator's credentials name AES256, but S3Proxy refuses SSE headers (501) and stores plain.
# Command prefixes (real executables, so timeout and /usr/bin/time can run them); paths have no spaces.
aws_s3() { echo "$AWS --endpoint-url $ICA_S3_ENDPOINT s3 $1 --no-progress --only-show-errors"; }
rclone_() { echo "env -u AWS_CA_BUNDLE $RCLONE --config $RUN_DIR/rclone.conf $1"; }
ica_() { echo "$ICA_BIN --s3-endpoint $ICA_S3_ENDPOINT --progress none --journal-dir $RUN_DIR/journals-cli $1"; }
aws_() { "$AWS" --endpoint-url "$ICA_S3_ENDPOINT" "$@"; }

# The command line of one (tool, workload) run, evaluated inside tool_env; $1 = tool, $2 = workload, $3 = round.
# W3 uploads into a new folder every round (w3/TOOL/rROUND/). Uploading over the last round's objects made the
# emulator's filesystem store free 2,000 inodes per run, and ext4 then scans past every inode freed in the last
# 60-300 s for each file it creates (see fresh_output): 11% of the server's CPU in a profile of W3's uploads soon
# after many deletes, a cost of this store on ext4 that S3 does not have, paid by whichever tool came next.
proc_cmd() {
  local tool=$1 w=$2 o="$OUTDIR/$1" w3="w3/$1/r${3:-0}/"
  case "$tool/$w" in
    aws-cli/W1|aws-cli/W7) echo "$(aws_s3 cp) $DATA/big.bin $(S3URL "$(lc "$w")/aws-cli/big.bin")" ;;
    aws-cli/W2) echo "$(aws_s3 cp) $(S3URL data/big.bin) $o/big.bin" ;;
    aws-cli/W2c) echo "$(aws_s3 cp) $(S3URL data/big-crc.bin) $o/big.bin" ;;
    aws-cli/W3) echo "$(aws_s3 cp) --recursive $DATA/small $(S3URL "$w3")" ;;
    aws-cli/W4) echo "$(aws_s3 cp) --recursive $(S3URL data/small/) $o/small/" ;;
    aws-cli/W5) echo "$(aws_s3 sync) $DATA/tree $(S3URL w5/aws-cli/)" ;;
    # --ignore-times: upload every round (rclone skips files whose size and mtime match by default)
    rclone/W1|rclone/W7) echo "$(rclone_ copyto) --ignore-times $DATA/big.bin $(RC "$(lc "$w")/rclone/big.bin")" ;;
    rclone/W2) echo "$(rclone_ copyto) $(RC data/big.bin) $o/big.bin" ;;
    rclone/W2c) echo "$(rclone_ copyto) $(RC data/big-crc.bin) $o/big.bin" ;;
    rclone/W3) echo "$(rclone_ copy) --ignore-times $DATA/small $(RC "$w3")" ;;
    rclone/W4) echo "$(rclone_ copy) $(RC data/small/) $o/small/" ;;
    rclone/W5) echo "$(rclone_ sync) $DATA/tree $(RC w5/rclone/)" ;;
    ica/W1|ica/W7) echo "$(ica_ upload) $ICA_UPLOAD_FLAGS $DATA/big.bin /bench/$(lc "$w")/ica/" ;;
    ica/W2) echo "$(ica_ download) $ICA_DOWNLOAD_FLAGS /bench/data/big.bin $o/big.bin" ;;
    ica/W2c) echo "$(ica_ download) $ICA_DOWNLOAD_FLAGS /bench/data/big-crc.bin $o/big.bin" ;;
    ica/W3) echo "$(ica_ upload) $ICA_UPLOAD_FLAGS $DATA/small/ /bench/$w3" ;;
    ica/W4) echo "$(ica_ download) $ICA_DOWNLOAD_FLAGS /bench/data/small/ $o/small/" ;;
    ica/W5) echo "$(ica_ sync) $ICA_SYNC_FLAGS $DATA/tree/ ica:/bench/w5/ica/" ;;
  esac
}
lc() { echo "$1" | tr 'W' 'w'; }

# fresh_output TOOL W: deletes the tool's previous output, waits SETTLE_S seconds, then writes every dirty page
# to disk (sync). The sync: a tool that does not fsync what it downloads (aws-cli, rclone, the TransferManager)
# leaves its 1 GiB to the kernel's writeback, which then ran during the next tool's run; ica-sdk forces its
# downloads to disk, so its fsyncs waited for the disk writes of the tool before it too (W2 through the API
# after rclone and the TransferManager: 2.66 s, 1.94 s without its fsyncs, 2.30 s with them and this sync;
# measured 2026-12-07). On this kind of virtual
# machine (virtio-balloon free page reporting) memory freed by a delete goes back to the host after about
# a second, and writing 1 GiB into the page cache then costs 1.2-1.6 s of system time instead of 0.2-0.4 s
# (dd). Without the wait a tool that writes within a second of the delete (a warm JVM, rclone) would get
# the cheap memory and one that starts later (a JVM or Python process) would not.
# W4's 2,000 files are moved aside instead and deleted after the workload: ext4 does not reuse an inode freed
# in the last 60 s (300 s while its inode table block is dirty) and scans past every such inode for each file
# it creates, so 2,000 files created just after 2,000 were deleted cost about 0.5 s more system time, whichever
# tool creates them (cp -r of W4's files: 0.61-0.68 s after a delete, 0.13-0.17 s otherwise; measured 2026-12-07).
SETTLE_S=${SETTLE_S:-3}
ASIDE="$OUTDIR/.aside"
fresh_output() {
  if [ -n "$(ls -A "$OUTDIR/$1" 2>/dev/null)" ]; then
    if [ "$2" = W4 ]; then
      mkdir -p "$ASIDE"; mv "$OUTDIR/$1" "$(mktemp -d -p "$ASIDE")/"
    else
      rm -rf "${OUTDIR:?}/$1"; sleep "$SETTLE_S"
    fi
  fi
  sync
  mkdir -p "$OUTDIR/$1"
}

# run_proc TOOL W ROUND ENVFILE CREDS: one timed process run -> a "run" line
run_proc() {
  local tool=$1 w=$2 round=$3 envf=$4 creds=$5 warm=false cmd rc start end t="$RUN_DIR/time.txt"
  [ "$round" -le 0 ] && warm=true
  fresh_output "$tool" "$w"
  cmd=$(tool_env "$envf" "$creds"; proc_cmd "$tool" "$w" "$round")
  start=$(date +%s.%N)
  ( tool_env "$envf" "$creds"
    [ "$JFR" = 1 ] && [ "$tool" = ica ] && export ICA_JAVA_OPTS="-XX:StartFlightRecording=filename=$WORK/jfr/ica-$w.jfr,settings=profile"
    eval "timeout 1800 /usr/bin/time -v -o $t $cmd" ) > "$RUN_DIR/proc.log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  local rss note=""
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$t" 2>/dev/null | head -1)
  [ "$rc" = 0 ] || note="exit $rc: $(grep -v '^\s' "$RUN_DIR/proc.log" | grep -v 'Command exited' | tail -2 | tr '\n' ' ' | cut -c1-300)"
  emit --arg w "$w" --arg t "$tool" --argjson r "$round" --argjson warm "$warm" --argjson ok "$([ "$rc" = 0 ] && echo true || echo false)" \
    --argjson s "$(awk "BEGIN{print $end - $start}")" --argjson rss "${rss:-0}" --arg note "$note" \
    '{kind:"run",workload:$w,tool:$t,run:$r,warmup:$warm,ok:$ok,seconds:$s,rssKiB:$rss,rssSource:"time -v",note:$note}'
  log "$w $tool round $round: $(awk "BEGIN{printf \"%.2f\", $end - $start}") s, rss ${rss:-?} KiB${note:+, $note}"
}

# Warm JVM servers (BenchMain serve) driven through fifos.
declare -A SERVER_IN SERVER_OUT SERVER_READY SERVER_PID
SERVER_FDS=()
start_server() { # KEY TOOL ENVFILE [java -D...] -- [serve options]
  local key=$1 tool=$2 envf=$3; shift 3
  local jopts=() sopts=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do jopts+=("$1"); shift; done
  [ $# -gt 0 ] && shift; sopts=("$@")
  mkfifo "$RUN_DIR/$key.in" "$RUN_DIR/$key.out"
  ( set -a; . "$envf"; exec java "${jopts[@]}" -cp "$CP" io.icasdk.bench.BenchMain serve --tool "$tool" "${sopts[@]}" \
      < "$RUN_DIR/$key.in" > "$RUN_DIR/$key.out" 2> "$RUN_DIR/$key.err" ) &
  PIDS+=($!); SERVER_PID[$key]=$!
  local win rout line
  exec {win}> "$RUN_DIR/$key.in"; exec {rout}< "$RUN_DIR/$key.out"
  SERVER_IN[$key]=$win; SERVER_OUT[$key]=$rout; SERVER_FDS+=("$win")
  line=$(read_json "$rout" 300)
  if [ "$(jq -r .ready <<< "${line:-{\}}" 2>/dev/null)" = true ]; then
    SERVER_READY[$key]=yes; log "warm JVM $key ($tool) ready"
  else
    SERVER_READY[$key]="$(jq -r '.error // "did not start"' <<< "${line:-{}}" 2>/dev/null) $(tail -3 "$RUN_DIR/$key.err" | tr '\n' ' ')"
    log "warm JVM $key ($tool) not available: ${SERVER_READY[$key]}"
  fi
}
stop_server() { # KEY: asks the warm JVM to quit, waits for it, and closes its pipes
  local key=$1
  [ -n "${SERVER_IN[$key]:-}" ] || return 0
  { echo quit >&"${SERVER_IN[$key]}"; } 2>/dev/null
  timeout 30 tail --pid="${SERVER_PID[$key]}" -f /dev/null 2>/dev/null || kill "${SERVER_PID[$key]}" 2>/dev/null
  local fin=${SERVER_IN[$key]} fout=${SERVER_OUT[$key]} fd kept=()
  exec {fin}>&- {fout}<&-
  for fd in "${SERVER_FDS[@]}"; do [ "$fd" = "$fin" ] || kept+=("$fd"); done
  SERVER_FDS=("${kept[@]}")
  unset "SERVER_IN[$key]" "SERVER_OUT[$key]"
  rm -f "$RUN_DIR/$key.in" "$RUN_DIR/$key.out"
}
read_json() { # FD TIMEOUT: the next JSON line from a warm JVM (skips e.g. JFR's "Started recording")
  local l
  while read -r -t "$2" l <&"$1"; do case "$l" in "{"*) echo "$l"; return 0 ;; esac; done
  return 1
}
jvm_op() { # TOOL W ROUND -> "op from to" (W3: a new folder every round, as proc_cmd)
  local o="$OUTDIR/$1"
  case "$2" in
    W1|W7) echo "upload-file $DATA/big.bin /bench/$(lc "$2")/$1/" ;;
    W2) echo "download-file /bench/data/big.bin $o/big.bin" ;;
    W2c) echo "download-file /bench/data/big-crc.bin $o/big.bin" ;;
    W3) echo "upload-dir $DATA/small /bench/w3/$1/r$3/" ;;
    W4) echo "download-dir /bench/data/small/ $o/small" ;;
    W5) echo "sync-up $DATA/tree /bench/w5/$1/" ;;
  esac
}
run_jvm() { # KEY TOOL W ROUND
  local key=$1 tool=$2 w=$3 round=$4 warm=false line
  [ "$round" -le 0 ] && warm=true
  fresh_output "$tool" "$w"
  echo "$(jvm_op "$tool" "$w" "$round")" >&"${SERVER_IN[$key]}"
  line=$(read_json "${SERVER_OUT[$key]}" 1800)
  if [ -z "$line" ]; then
    line='{"ok":false,"error":"no answer from the warm JVM (see its log)","seconds":0}'
  fi
  if [ "$(jq -r '.na // false' <<< "$line")" = true ]; then
    na "$w" "$tool" "$(jq -r .error <<< "$line")"; return
  fi
  emit --arg w "$w" --arg t "$tool" --argjson r "$round" --argjson warm "$warm" --argjson l "$line" \
    '{kind:"run",workload:$w,tool:$t,run:$r,warmup:$warm,ok:$l.ok,seconds:$l.seconds,rssKiB:($l.hwmKiB // 0),
      rssSource:"VmHWM",note:($l.error // ""),bytes:($l.bytes // -1)}'
  log "$w $tool round $round: $(jq -r '"\(.seconds*100|round/100) s, VmHWM \(.hwmKiB) KiB \(.error // "")"' <<< "$line")"
}

# ---- which tools can run ----------------------------------------------------------------------------
ICA_UPLOAD_FLAGS=""; ICA_DOWNLOAD_FLAGS=""; ICA_SYNC_FLAGS=""
ICA_OK=""; ICA_SYNC_OK=""
if [ ! -x "$ICA_BIN" ]; then
  ICA_OK="the ica CLI (bin/ica) has not landed"
else
  help=$("$ICA_BIN" --help 2>&1)
  if [ $? = 4 ]; then ICA_OK="bin/ica is not built: $(head -1 <<< "$help")"
  elif ! grep -qw upload <<< "$help"; then ICA_OK="the ica CLI has no upload command yet"; fi
  grep -qw sync <<< "$help" || ICA_SYNC_OK="the ica CLI has no sync command yet"
  # re-upload / re-download every round (the default, skip, would find the files from the last round)
  ICA_UPLOAD_FLAGS="--overwrite overwrite"; ICA_DOWNLOAD_FLAGS="--overwrite overwrite"
fi
tool_available() { # TOOL W -> empty if it can run, else the reason
  case "$1/$2" in
    aws-tm/W5) echo "S3TransferManager has no sync (uploadDirectory always uploads everything)" ;;
    ica/W5) echo "${ICA_OK:-$ICA_SYNC_OK}" ;;
    ica/*) echo "$ICA_OK" ;;
    aws-tm/*|ica-api/*) local k; k="$1-$(lc "$2")"; [ "${SERVER_READY[$k]:-}" = yes ] || echo "${SERVER_READY[$k]:-warm JVM not started}" ;;
  esac
}

# ---- seed the download data (W2, W4) and record the server ceiling ------------------------------------
(
  tool_env "$MAIN_ENV" "$RUN_DIR/main.creds"
  aws_ s3 cp --no-progress "$DATA/big.bin" "$(S3URL data/big.bin)" \
    && aws_ s3 cp --recursive --only-show-errors "$DATA/small" "$(S3URL data/small/)"
) > "$RUN_DIR/seed.log" 2>&1 || die "seeding /bench/data/ failed: $(tail -3 "$RUN_DIR/seed.log")"
log "seeded /bench/data/ (big.bin + $W3_FILES small files)"
# W2c: the same file as S3 keeps it when uploaded without a checksum (a whole-object CRC64NVME); S3Proxy adds
# none by itself, so the bench sends the parts' CRCs (aws-cli 2.9 cannot)
if has "$WORKLOADS" W2c; then
  ( set -a; . "$MAIN_ENV"; java -cp "$CP" io.icasdk.bench.BenchMain seed-crc --file "$DATA/big.bin" \
      --folder /bench/data/ --name big-crc.bin ) >> "$RUN_DIR/seed.log" 2>&1 \
    || die "seeding /bench/data/big-crc.bin failed: $(tail -3 "$RUN_DIR/seed.log")"
  log "seeded /bench/data/big-crc.bin ($(tail -1 "$RUN_DIR/seed.log"))"
fi

# ceiling WHEN (start|end): one curl PUT and GET of the large file through presigned URLs; measured at both
# ends of the run, so that the report can tell when the machine changed speed in between
ceiling() {
  local when=$1 url
  url=$( (set -a; . "$MAIN_ENV"; java -cp "$CP" io.icasdk.bench.BenchMain upload-url --folder /bench/ceiling/ \
    --name "big-$when.bin") 2>> "$RUN_DIR/ceiling.log") && ceiling_op "$when" PUT -T "$DATA/big.bin" "$url" \
    || ceiling_failed "$when" PUT "no upload URL"
  url=$( (set -a; . "$MAIN_ENV"; java -cp "$CP" io.icasdk.bench.BenchMain download-url --path /bench/data/big.bin) \
    2>> "$RUN_DIR/ceiling.log") && ceiling_op "$when" GET "$url" || ceiling_failed "$when" GET "no download URL"
}
# ceiling_op WHEN OP CURL_ARGS...: times one curl transfer of the large file and records it
ceiling_op() {
  local when=$1 op=$2 s; shift 2
  s=$(curl -sS -f -o /dev/null -w '%{time_total}' "$@" 2>> "$RUN_DIR/ceiling.log") \
    && emit --arg w "$when" --arg op "$op" --argjson b "$W1_BYTES" --argjson s "$s" \
      '{kind:"ceiling",when:$w,op:$op,ok:true,bytes:$b,seconds:$s}' \
    || ceiling_failed "$when" "$op" "$(tail -1 "$RUN_DIR/ceiling.log")"
}
ceiling_failed() {
  emit --arg w "$1" --arg op "$2" --arg n "$3" '{kind:"ceiling",when:$w,op:$op,ok:false,note:$n}'
}
ceiling start
log "server ceiling: $(jq -rc 'select(.kind=="ceiling") | "\(.op) \(.seconds // "failed") s"' "$RESULTS" | tr '\n' ' ')"

# ---- warm JVMs for the main emulator --------------------------------------------------------------
# The TransferManager peer runs with the SDK's defaults: the emulator answers the CRT's Expect: 100-continue
# correctly since testkit e4d8413, so no client-side workaround (docs/s3-test-server.md) is needed.
# One pair of warm JVMs per workload (started before its warm-up round, stopped after its last round), so
# that a JVM's memory reflects that workload, not the workloads that happened to run before it.
# start_warm_jvms W ENVFILE [TransferManager serve options]
start_warm_jvms() {
  local w=$1 envf=$2; shift 2
  local api_opts="$WARM_JVM_OPTS"
  [ "$JFR" = 1 ] && { mkdir -p "$WORK/jfr"; api_opts="$WARM_JVM_OPTS -XX:StartFlightRecording=filename=$WORK/jfr/ica-api-$(lc "$w").jfr,settings=profile,dumponexit=true"; }
  # shellcheck disable=SC2086  # JVM options are lists
  has "$TOOLS" aws-tm && start_server "aws-tm-$(lc "$w")" aws-tm "$envf" $WARM_JVM_OPTS -- --scope /bench/ "$@"
  # shellcheck disable=SC2086
  has "$TOOLS" ica-api && start_server "ica-api-$(lc "$w")" ica-api "$envf" $api_opts -- --scope /bench/ \
    --journal-dir "$RUN_DIR/journals-api-$(lc "$w")"
}
stop_warm_jvms() { # W
  stop_server "aws-tm-$(lc "$1")"; stop_server "ica-api-$(lc "$1")"
}

# ---- the timed workloads --------------------------------------------------------------------------
# timed_workload W ENVFILE CREDS: setup (W5), then rounds of all tools alternating.
timed_workload() {
  local w=$1 envf=$2 creds=$3 tool reason round
  local active=()
  for tool in ${TOOLS//,/ }; do
    reason=$(tool_available "$tool" "$w")
    if [ -n "$reason" ]; then na "$w" "$tool" "$reason"; else active+=("$tool"); fi
  done
  if [ "$w" = W5 ]; then # first sync fills the remote side; not measured
    for tool in "${active[@]}"; do
      log "W5 $tool: initial sync of $W5_FILES files (setup, not measured)"
      case "$tool" in
        aws-tm|ica-api) run_jvm "$tool-$(lc "$w")" "$tool" W5 -1 ;;
        *) run_proc "$tool" W5 -1 "$envf" "$creds" ;;
      esac
    done
    sed -i '/"run":-1,/d' "$RESULTS"
  fi
  for round in $(seq $((1 - WARMUPS)) "$RUNS"); do
    for tool in "${active[@]}"; do
      # peers cannot refresh: give them credentials issued just before their run
      [ "$w" = W7 ] && case "$tool" in aws-cli|rclone) peer_credentials "$envf" "$creds" ;; esac
      case "$tool" in
        aws-tm|ica-api) run_jvm "$tool-$(lc "$w")" "$tool" "$w" "$round" ;;
        *) run_proc "$tool" "$w" "$round" "$envf" "$creds" ;;
      esac
    done
  done
}

for w in W1 W2 W2c W3 W4 W5; do
  has "$WORKLOADS" $w || continue
  log "== $w"
  start_warm_jvms "$w" "$MAIN_ENV"
  timed_workload $w "$MAIN_ENV" "$RUN_DIR/main.creds"
  stop_warm_jvms "$w"
  if [ -d "$ASIDE" ]; then rm -rf "$ASIDE"; sleep "$SETTLE_S"; fi
done

# ---- W6: SIGKILL at about half, then rerun; bytes counted by a relay in front of S3 ----------------
# resume_run TOOL: one kill-and-rerun of the W1 upload, through the relay.
resume_run() {
  local tool=$1 stats="$RUN_DIR/proxy.stats" cmd pid before rerun ok=true note=""
  local relay_env="$RUN_DIR/relay.env"
  { cat "$MAIN_ENV"; echo "export ICA_S3_ENDPOINT=http://127.0.0.1:$RELAY_PORT"; } > "$relay_env"
  # the W1 command into /w6/, with ica's default overwrite policy: a user reruns the same plain command
  cmd=$(tool_env "$relay_env" "$RUN_DIR/main.creds"; proc_cmd "$tool" W1 | sed 's#/w1/#/w6/#; s# --overwrite overwrite##')
  read_up() { cut -d' ' -f1 "$stats"; }
  local base; base=$(read_up)
  ( tool_env "$relay_env" "$RUN_DIR/main.creds"; eval "exec setsid $cmd" ) > "$RUN_DIR/w6-first.log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null && [ $(( $(read_up) - base )) -lt $((W1_BYTES / 2)) ]; do sleep 0.05; done
  if ! kill -0 "$pid" 2>/dev/null; then
    emit --arg t "$tool" --arg n "finished or failed before half: $(tail -1 "$RUN_DIR/w6-first.log")" \
      '{kind:"resume",tool:$t,ok:false,note:$n}'; return
  fi
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  wait "$pid" 2>/dev/null
  sleep 0.3 # let the relay count the last bytes the kernel had already accepted
  before=$(( $(read_up) - base ))
  ( tool_env "$relay_env" "$RUN_DIR/main.creds"; eval "timeout 1800 $cmd" ) > "$RUN_DIR/w6-rerun.log" 2>&1 \
    || { ok=false; note="rerun failed: $(tail -2 "$RUN_DIR/w6-rerun.log" | tr '\n' ' ' | cut -c1-300)"; }
  sleep 0.3
  rerun=$(( $(read_up) - base - before ))
  local part=0 inflight=0
  # ica-sdk's defaults (TransferManager.Builder): 8 MiB parts, 8 S3 requests in flight
  [ "$tool" = ica ] && { part=${ICA_PART_BYTES:-8388608}; inflight=${ICA_PARTS_IN_FLIGHT:-8}; }
  emit --arg t "$tool" --argjson ok "$ok" --arg n "$note" --argjson f "$W1_BYTES" --argjson b "$before" --argjson r "$rerun" \
    --argjson p "$part" --argjson i "$inflight" \
    '{kind:"resume",tool:$t,ok:$ok,note:$n,fileBytes:$f,bytesBeforeKill:$b,bytesRerun:$r,partBytes:$p,partsInFlight:$i}'
  log "W6 $tool: before kill $before B, rerun $rerun B, sent again $((before + rerun - W1_BYTES)) B ${note}"
}
if has "$WORKLOADS" W6; then
  log "== W6"
  ( java -cp "$CP" io.icasdk.bench.BenchMain proxy --target-port "$MAIN_S3_PORT" --stats-file "$RUN_DIR/proxy.stats" \
      > "$RUN_DIR/proxy.out" 2> "$RUN_DIR/proxy.err" ) &
  PIDS+=($!)
  for i in $(seq 1 100); do [ -s "$RUN_DIR/proxy.stats" ] && break; sleep 0.1; done
  RELAY_PORT=$(jq -r .port "$RUN_DIR/proxy.out")
  for tool in ${TOOLS//,/ }; do
    case "$tool" in
      aws-tm|ica-api) na W6 "$tool" "a warm JVM has no process to kill; W6 runs the process tools" ;;
      ica) reason=$(tool_available ica W1); if [ -n "$reason" ]; then na W6 ica "$reason"; else resume_run ica; fi ;;
      *) resume_run "$tool" ;;
    esac
  done
fi

# ---- W7: a second emulator whose credentials expire every 20 s --------------------------------------
if has "$WORKLOADS" W7; then
  log "== W7 (credential TTL $W7_TTL)"
  start_emulator SHORT --credential-ttl "$W7_TTL"
  peer_credentials "$SHORT_ENV" "$RUN_DIR/short.creds"
  start_warm_jvms W7 "$SHORT_ENV" --credential-refresh-seconds 15
  timed_workload W7 "$SHORT_ENV" "$RUN_DIR/short.creds"
  stop_warm_jvms W7
fi

# ---- report ---------------------------------------------------------------------------------------
ceiling end
log "server ceiling at the end: $(jq -rc 'select(.kind=="ceiling" and .when=="end") | "\(.op) \(.seconds // "failed") s"' "$RESULTS" | tr '\n' ' ')"
emit --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" '{kind:"end",load:$load}'
cp "$RESULTS" "$WORK/results-$MODE-$(date +%Y%m%d-%H%M%S).jsonl"
report
