#!/usr/bin/env bash
# rgw-start.sh — bring up a throw-away single-node Ceph (1 mon, 1 osd, no mgr) + RADOS Gateway
# on loopback, as root, everything under $RGW_DIR. Idempotent: if our instance is already up
# and answering, it only prints the env lines again.
#
# Prints (and writes to $RGW_DIR/env) lines like:
#   S3_ENDPOINT=http://127.0.0.1:7480  AWS_REGION=us-east-1  S3_BUCKET=...  S3_ADMIN_ACCESS_KEY_ID=... ...
#
# Knobs (env):
#   RGW_DIR=/tmp/traydrop-rgw   where conf, data, logs, pid files live (wiped on a fresh bring-up)
#   RGW_PORT=7480                    S3/STS/IAM endpoint port (127.0.0.1 only)
#   RGW_MON_PORT=13300               mon msgr2 port (127.0.0.1 only)
#   RGW_OSD_PORTS=16800-16899        port range the osd binds
#   RGW_OBJECTSTORE=memstore         memstore (RAM; fastest) or bluestore (sparse file on disk)
#   RGW_MEMSTORE_BYTES=8589934592    memstore capacity (RAM is only used for what is stored)
#   RGW_BLUESTORE_BYTES=21474836480  bluestore sparse block file size
#   RGW_BUCKET=test-bucket           bucket created for the admin user (the AssumeRole caller owns it)
#   RGW_ROLE=uploader                role name; trust policy: users admin and broker may sts:AssumeRole
#   RGW_ROLE_MAX_SESSION=43200       role MaxSessionDuration (AssumeRole DurationSeconds upper bound)
#   RGW_STS_MIN_DURATION=900         rgw_sts_min_session_duration (lower bound; AWS is 900)
#   RGW_LC_DEBUG_INTERVAL=10         rgw_lc_debug_interval: one lifecycle "day" = this many seconds (-1 = real days)
#   RGW_LIFECYCLE=1                  put tag-filtered lifecycle rules on the bucket: objects tagged
#                                    expire=1d/7d/30d/90d/365d expire after that many lifecycle "days";
#                                    expire=never has no rule. Plus AbortIncompleteMultipartUpload.
#   RGW_ABORT_INCOMPLETE_DAYS=7      DaysAfterInitiation of the AbortIncompleteMultipartUpload rule. With the
#                                    debug interval a "day" is RGW_LC_DEBUG_INTERVAL seconds, so keep this
#                                    well above the longest upload a test runs (7 x 10 s = 70 s by default).
#   RGW_ADMIN_AK / RGW_ADMIN_SK, RGW_BROKER_AK / RGW_BROKER_SK   fixed test keys (defaults below)
#   RGW_NO_INSTALL=1                 never run apt-get
#
# Runtime tuning without restart (takes effect immediately; values in ceph.conf beat `ceph config set`):
#   ceph --admin-daemon "$RGW_ASOK" config set rgw_sts_min_session_duration 10
#   ceph --admin-daemon "$RGW_ASOK" config set rgw_lc_debug_interval 5
set -euo pipefail

BASE=${RGW_DIR:-/tmp/traydrop-rgw}
PORT=${RGW_PORT:-7480}
MON_PORT=${RGW_MON_PORT:-13300}
OSD_PORTS=${RGW_OSD_PORTS:-16800-16899}
OBJECTSTORE=${RGW_OBJECTSTORE:-memstore}
MEMSTORE_BYTES=${RGW_MEMSTORE_BYTES:-8589934592}
BLUESTORE_BYTES=${RGW_BLUESTORE_BYTES:-21474836480}
BUCKET=${RGW_BUCKET:-test-bucket}
ROLE=${RGW_ROLE:-uploader}
ROLE_MAX_SESSION=${RGW_ROLE_MAX_SESSION:-43200}
STS_MIN=${RGW_STS_MIN_DURATION:-900}
LC_DEBUG=${RGW_LC_DEBUG_INTERVAL:-10}
LIFECYCLE=${RGW_LIFECYCLE:-1}
ABORT_DAYS=${RGW_ABORT_INCOMPLETE_DAYS:-7}
ADMIN_AK=${RGW_ADMIN_AK:-RGWADMINACCESSKEY001}
ADMIN_SK=${RGW_ADMIN_SK:-rgwadminsecretkey000000000000000000000001}
BROKER_AK=${RGW_BROKER_AK:-RGWBROKERACCESSKEY01}
BROKER_SK=${RGW_BROKER_SK:-rgwbrokersecretkey00000000000000000000001}
STS_KEY=${RGW_STS_KEY:-0123456789abcdef}   # must be exactly 16 chars (AES-128 key for session tokens)
REGION=us-east-1
FSID=5f0c2b1e-7d3a-4c8e-9b6f-2a1d3e4f5a6b
ENDPOINT="http://127.0.0.1:${PORT}"
CONF="$BASE/ceph.conf"
MON_ID=a; OSD_ID=0; RGW_NAME=client.rgw.a
SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { awk -v s="$T_START" -v n="$EPOCHREALTIME" -v m="$*" 'BEGIN{printf "[start-rgw +%.2fs] %s\n", n-s, m}' >&2; }
die() { echo "[start-rgw] ERROR: $*" >&2; for f in "$BASE"/log/*.log; do [ -f "$f" ] && { echo "--- tail $f" >&2; tail -n 6 "$f" >&2; }; done; exit 1; }
T_START=$EPOCHREALTIME
[ "$(id -u)" = 0 ] || { echo "start-rgw.sh must run as root" >&2; exit 1; }

# one start at a time per $RGW_DIR
mkdir -p "$(dirname "$BASE")"
exec 9>"$BASE.lock"
flock -w 300 9 || { echo "[start-rgw] another start-rgw.sh holds $BASE.lock" >&2; exit 1; }

# ---------------------------------------------------------------- packages
need_pkgs=()
for b in ceph-mon:ceph-mon ceph-osd:ceph-osd radosgw:radosgw radosgw-admin:radosgw ceph:ceph-common monmaptool:ceph-common curl:curl openssl:openssl; do
  command -v "${b%%:*}" >/dev/null 2>&1 || need_pkgs+=("${b#*:}")
done
[ ${#need_pkgs[@]} -gt 0 ] && mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  [ "${RGW_NO_INSTALL:-0}" = 1 ] && die "missing packages: ${need_pkgs[*]}"
  echo "[start-rgw] installing: ${need_pkgs[*]}" >&2
  t0=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
      ceph-mon ceph-osd radosgw ceph-common curl openssl >&2
  echo "[start-rgw] apt install took $(( $(date +%s) - t0 ))s" >&2
fi

# ---------------------------------------------------------------- helpers
pid_of() { cat "$BASE/run/$1.pid" 2>/dev/null || true; }
# a pid is "ours" only if it is alive AND its command line names our conf file
is_ours() { local p=$1; [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' < "/proc/$p/cmdline" | grep -qF -- "$CONF"; }
all_up() {
  for n in mon.$MON_ID osd.$OSD_ID $RGW_NAME; do is_ours "$(pid_of "$n")" || return 1; done
  [ -f "$BASE/ready" ] && curl -s -o /dev/null -m 2 -w '%{http_code}' "$ENDPOINT/" | grep -q '^200$'
}
print_env() {
  local pids="mon=$(pid_of mon.$MON_ID) osd=$(pid_of osd.$OSD_ID) rgw=$(pid_of $RGW_NAME)"
  cat > "$BASE/env" <<EOF
S3_ENDPOINT=$ENDPOINT
AWS_REGION=$REGION
S3_BUCKET=$BUCKET
S3_ADMIN_ACCESS_KEY_ID=$ADMIN_AK
S3_ADMIN_SECRET_ACCESS_KEY=$ADMIN_SK
S3_BROKER_ACCESS_KEY_ID=$BROKER_AK
S3_BROKER_SECRET_ACCESS_KEY=$BROKER_SK
STS_ROLE_ARN=arn:aws:iam:::role/$ROLE
CEPH_CONF=$CONF
RGW_ASOK=$BASE/run/ceph-$RGW_NAME.asok
RGW_PIDS="$pids"
EOF
  cat "$BASE/env"
}
s3curl() { # s3curl AK SK service METHOD PATH [curl args...] — SigV4 via curl
  local ak=$1 sk=$2 svc=$3 m=$4 p=$5; shift 5
  # RGW rejects S3 SigV4 without x-amz-content-sha256, which curl 7.88 does not add by itself;
  # for iam/sts RGW hashes the body itself, so there the header must NOT be UNSIGNED-PAYLOAD
  local h=(); [ "$svc" = s3 ] && h=(-H 'x-amz-content-sha256: UNSIGNED-PAYLOAD')
  curl -sS -m 20 --aws-sigv4 "aws:amz:${REGION}:${svc}" --user "${ak}:${sk}" "${h[@]}" \
       -X "$m" "${ENDPOINT}${p}" "$@"
}
wait_for() { # wait_for SECONDS DESCRIPTION CMD...
  local t=$1 what=$2; shift 2
  local end=$(( $(date +%s) + t ))
  until "$@" >/dev/null 2>&1; do [ "$(date +%s)" -ge "$end" ] && die "timeout (${t}s) waiting for $what"; sleep 0.2; done
}

# ---------------------------------------------------------------- already running?
# memstore was seen not to give back the space of deleted objects, so a long-lived instance (many benchmark runs)
# fills up, and a full OSD makes every write hang; such an instance is replaced by a fresh one
osd_has_room() { ! timeout 15 ceph -c "$CONF" health 2>/dev/null | grep -qE '(full|nearfull) osd'; }
if all_up; then
  if osd_has_room; then
    echo "[start-rgw] already running" >&2
    print_env
    exit 0
  fi
  echo "[start-rgw] the running instance's object store is (nearly) full: starting a fresh one" >&2
fi

# ---------------------------------------------------------------- clean slate
[ -x "$SELF_DIR/rgw-stop.sh" ] && RGW_DIR="$BASE" "$SELF_DIR/rgw-stop.sh" >/dev/null 2>&1 || true
port_busy() { if command -v ss >/dev/null; then ss -Hltn "sport = :$1" | grep -q .; else (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; fi; }
for p_ in "$PORT" "$MON_PORT"; do port_busy "$p_" && die "port $p_ on 127.0.0.1 is already in use by something else"; done
rm -rf "$BASE"
mkdir -p "$BASE"/{run,log,data/mon.$MON_ID,data/osd.$OSD_ID,data/rgw.a}

if [ "$OBJECTSTORE" = bluestore ]; then
  STORE_CONF="osd objectstore = bluestore
bluestore block create = true
bluestore block size = $BLUESTORE_BYTES
bluestore block db create = false
bluestore block wal create = false
osd memory target = 1073741824
bluestore fsck on mkfs = false"
else
  STORE_CONF="osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES"
fi

cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = $MON_ID
public addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind port min = ${OSD_PORTS%-*}
ms bind port max = ${OSD_PORTS#*-}
# no cephx: nothing but loopback can reach it
auth cluster required = none
auth service required = none
auth client required = none
# radosgw defaults ms_mon_client_mode to "secure", which cannot work without cephx
ms mon client mode = crc
run dir = $BASE/run
admin socket = $BASE/run/\$cluster-\$name.asok
pid file = $BASE/run/\$name.pid
log file = $BASE/log/\$name.log
mon data = $BASE/data/mon.\$id
osd data = $BASE/data/osd.\$id
rgw data = $BASE/data/rgw.\$id
keyring = $BASE/data/keyring
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon warn on insecure global id reclaim allowed = false
mon max pg per osd = 1000
# propose map changes fast (default 1 s); radosgw creates ~8 pools at first start, one osdmap epoch each
paxos propose interval = 0.05
paxos min wait = 0.01
# do not let the mon shut itself down when the host disk is < 5% free
mon data avail warn = 2
mon data avail crit = 1
$STORE_CONF
osd crush update on start = true

[$RGW_NAME]
# tcp_nodelay: without it a small response sent as headers + body (GetObjectTagging, ListParts…) waits
# ~40 ms for the client's delayed ACK (Nagle) on every reused connection
rgw frontends = beast endpoint=127.0.0.1:$PORT tcp_nodelay=1
rgw thread pool size = 128
rgw sts key = $STS_KEY
rgw s3 auth use sts = true
rgw sts min session duration = $STS_MIN
rgw lc debug interval = $LC_DEBUG
# reclaim space of deleted/overwritten objects after 60 s instead of 2 h
rgw gc obj min wait = 60
rgw gc processor period = 60
rgw enable usage log = false
EOF

# ---------------------------------------------------------------- mon
log "mon: mkfs"
monmaptool --create --clobber --fsid "$FSID" --addv "$MON_ID" "[v2:127.0.0.1:$MON_PORT]" "$BASE/data/monmap" >/dev/null
ceph-mon -c "$CONF" --mkfs -i "$MON_ID" --monmap "$BASE/data/monmap" 2>>"$BASE/log/setup.log" || die "mon mkfs failed"
ceph-mon -c "$CONF" -i "$MON_ID" 2>>"$BASE/log/setup.log" 9>&- || die "mon start failed"  # 9>&-: daemons must not inherit the lock fd
wait_for 30 "mon quorum" timeout 5 ceph -c "$CONF" --connect-timeout 4 mon stat
log "mon: up (pid $(pid_of mon.$MON_ID))"

# ---------------------------------------------------------------- osd
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
got=$(ceph -c "$CONF" osd new "$OSD_UUID" 2>>"$BASE/log/setup.log") || die "ceph osd new failed"
[ "$got" = "$OSD_ID" ] || die "ceph osd new returned '$got', expected $OSD_ID"
ceph-osd -c "$CONF" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >>"$BASE/log/setup.log" 2>&1 || die "osd mkfs failed"
ceph-osd -c "$CONF" -i "$OSD_ID" >>"$BASE/log/setup.log" 2>&1 9>&- || die "osd start failed"
osd_up() { ceph -c "$CONF" osd stat -f json 2>/dev/null | grep -q '"num_up_osds":1'; }
wait_for 60 "osd up" osd_up
log "osd: up (pid $(pid_of osd.$OSD_ID), $OBJECTSTORE)"

# ---------------------------------------------------------------- rgw
radosgw -c "$CONF" -n "$RGW_NAME" >>"$BASE/log/setup.log" 2>&1 9>&- || die "radosgw start failed"
rgw_ok() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$ENDPOINT/" | grep -q '^200$'; }
wait_for 90 "radosgw on $ENDPOINT" rgw_ok
log "rgw: up (pid $(pid_of $RGW_NAME)) on $ENDPOINT"

# ---------------------------------------------------------------- users, bucket, role
RA() { radosgw-admin -c "$CONF" "$@" 2>>"$BASE/log/setup.log"; }
RA user create --uid=admin --display-name="Admin (bucket owner, AssumeRole caller)" \
   --access-key="$ADMIN_AK" --secret-key="$ADMIN_SK" >/dev/null || die "user create admin failed"
RA caps add --uid=admin --caps="roles=*;users=*;buckets=*;metadata=*;usage=*" >/dev/null || die "caps add failed"
RA user create --uid=broker --display-name="Broker (may AssumeRole)" \
   --access-key="$BROKER_AK" --secret-key="$BROKER_SK" >/dev/null || die "user create broker failed"

code=$(s3curl "$ADMIN_AK" "$ADMIN_SK" s3 PUT "/$BUCKET" -o "$BASE/log/curl.out" -w '%{http_code}')
[ "$code" = 200 ] || die "create bucket $BUCKET: HTTP $code $(cat "$BASE/log/curl.out")"

TRUST='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/admin","arn:aws:iam:::user/broker"]},"Action":["sts:AssumeRole"]}]}'
# IAM CreateRole over REST (radosgw-admin role create has no MaxSessionDuration option in 16.2)
code=$(s3curl "$ADMIN_AK" "$ADMIN_SK" iam POST "/" -o "$BASE/log/curl.out" -w '%{http_code}' \
  --data-urlencode "Action=CreateRole" --data-urlencode "RoleName=$ROLE" --data-urlencode "Path=/" \
  --data-urlencode "MaxSessionDuration=$ROLE_MAX_SESSION" --data-urlencode "AssumeRolePolicyDocument=$TRUST")
[ "$code" = 200 ] || die "CreateRole: HTTP $code $(cat "$BASE/log/curl.out")"
ROLE_POLICY="{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\"],\"Resource\":[\"arn:aws:s3:::$BUCKET\",\"arn:aws:s3:::$BUCKET/*\"]}]}"
RA role-policy put --role-name="$ROLE" --policy-name=bucket-full --policy-doc="$ROLE_POLICY" >/dev/null || die "role-policy put failed"

if [ "$LIFECYCLE" = 1 ]; then
  rule() { echo "<Rule><ID>expire-$1</ID><Filter><Tag><Key>expire</Key><Value>$1</Value></Tag></Filter><Status>Enabled</Status><Expiration><Days>$2</Days></Expiration></Rule>"; }
  # The backstop against orphaned multipart uploads. At the debug interval a "day" lasts seconds, so
  # DaysAfterInitiation must stay above the longest upload in flight (see RGW_ABORT_INCOMPLETE_DAYS).
  abort_rule="<Rule><ID>abort-incomplete-multipart</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status><AbortIncompleteMultipartUpload><DaysAfterInitiation>$ABORT_DAYS</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>"
  LC="<LifecycleConfiguration>$(rule 1d 1)$(rule 7d 7)$(rule 30d 30)$(rule 90d 90)$(rule 365d 365)$abort_rule</LifecycleConfiguration>"
  md5=$(printf '%s' "$LC" | openssl md5 -binary | base64)
  code=$(s3curl "$ADMIN_AK" "$ADMIN_SK" s3 PUT "/$BUCKET?lifecycle=" -o "$BASE/log/curl.out" -w '%{http_code}' \
     -H "Content-MD5: $md5" -H 'Content-Type: application/xml' --data-binary "$LC")
  [ "$code" = 200 ] || die "PutBucketLifecycle: HTTP $code $(cat "$BASE/log/curl.out")"
fi
log "admin/broker users, bucket '$BUCKET', role '$ROLE' ready"
touch "$BASE/ready"
print_env
