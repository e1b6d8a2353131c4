#!/usr/bin/env bash
# The benchmark suite (issue 10): the same load against direct-to-mock, nginx, Portkey's gateway, Heimdall with
# governance off and Heimdall with governance on, pinned so that generator and system under test do not share a core.
# It writes docs/benchmarks.md (full mode) or loadtest/target/bench/benchmarks-quick.md (--quick).
#
# Usage: loadtest/bench.sh [--quick] [--systems direct,nginx,heimdall] [--scenarios latency,saturation,streaming,soak]
#                          [any other option of `heimdall-loadtest bench`, see loadtest/README.md]
# Environment: SUT_CPUS (0) and LOAD_CPUS (1): taskset CPU lists of the systems under test and of the generator and
#              mock; PORTKEY_VERSION (1.15.2); BENCH_CACHE (~/.cache/heimdall-bench): where Portkey is installed;
#              BENCH_JAVA_OPTS: JVM options of the generator; BENCH_TIMEOUT: seconds before the whole run is stopped.
#
# Installs what is missing: nginx and haproxy (apt-get, needs root), @portkey-ai/gateway (npm, into BENCH_CACHE,
# outside the repository), and builds the jars with Maven if they are not there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUT_CPUS=${SUT_CPUS:-0}
LOAD_CPUS=${LOAD_CPUS:-1}
PORTKEY_VERSION=${PORTKEY_VERSION:-1.15.2}
BENCH_CACHE=${BENCH_CACHE:-$HOME/.cache/heimdall-bench}
PORTKEY_DIR=$BENCH_CACHE/portkey-$PORTKEY_VERSION
LOADTEST_JAR=loadtest/target/heimdall-loadtest.jar
NODE_JAR=node/target/heimdall.jar

QUICK=false
SYSTEMS=direct,nginx,portkey,heimdall,heimdall-governed
SCENARIOS=latency,saturation,streaming,soak,jmh
for ((i = 1; i <= $#; i++)); do
  j=$((i + 1))
  case "${!i}" in
    --quick) QUICK=true ;;
    --systems) SYSTEMS=${!j} ;;
    --systems=*) SYSTEMS=${!i#--systems=} ;;
    --scenarios) SCENARIOS=${!j} ;;
    --scenarios=*) SCENARIOS=${!i#--scenarios=} ;;
  esac
done
wants() { [[ ",$SYSTEMS," == *",$1,"* ]]; }
runs() { [[ ",$SCENARIOS," == *",$1,"* ]]; }

INSTALLED=()
APT_UPDATED=false
apt_install() { # binary package
  if ! command -v "$1" >/dev/null 2>&1 && [[ ! -x /usr/sbin/$1 ]]; then
    echo "installing $2 (apt-get)"
    [[ $APT_UPDATED == true ]] || { apt-get update -qq; APT_UPDATED=true; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    INSTALLED+=("$2 $(dpkg-query -W -f='${Version}' "$2")")
  fi
}
wants nginx && apt_install nginx nginx
wants haproxy && apt_install haproxy haproxy
if wants portkey && [[ ! -f $PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js ]]; then
  command -v npm >/dev/null || { echo "npm is needed to install Portkey's gateway" >&2; exit 1; }
  echo "installing @portkey-ai/gateway@$PORTKEY_VERSION (npm) into $PORTKEY_DIR"
  mkdir -p "$PORTKEY_DIR"
  npm install --prefix "$PORTKEY_DIR" --no-audit --no-fund --loglevel=error "@portkey-ai/gateway@$PORTKEY_VERSION" >/dev/null
  INSTALLED+=("@portkey-ai/gateway $PORTKEY_VERSION in $PORTKEY_DIR")
fi
for tool in taskset jstat getconf java; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done
if [[ ! -f $LOADTEST_JAR || ! -f $NODE_JAR ]]; then
  echo "building the jars (mvn -q -DskipTests package)"
  mvn -q -DskipTests package
  INSTALLED+=("built $LOADTEST_JAR and $NODE_JAR")
fi
if runs jmh; then
  # JMH benchmarks live beside the code (<module>/src/test/java/**/bench/*Benchmark.java); the suite runs them on the
  # test classpath of their module, which Maven writes here (reactor build: no install).
  MODULES=$(find . -path '*/src/test/java/*/bench/*Benchmark.java' -not -path './loadtest/*' | cut -d/ -f2 | sort -u |
    paste -sd, -)
  if [[ -n $MODULES ]]; then
    echo "compiling the JMH benchmarks of $MODULES and writing their classpaths"
    mvn -q -pl "$MODULES" -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
      -Dmdep.includeScope=test
  fi
fi
if ((${#INSTALLED[@]})); then
  printf 'installed: %s\n' "${INSTALLED[@]}"
else
  echo "nothing to install: nginx, haproxy, Portkey and the jars are present"
fi

# Hundreds of keep-alive connections per system, and 500 streams: more descriptors than the usual 1024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if [[ $QUICK == true ]]; then BOUND=${BENCH_TIMEOUT:-1800}; else BOUND=${BENCH_TIMEOUT:-10800}; fi
PIN=()
[[ -n $LOAD_CPUS ]] && PIN=(taskset -c "$LOAD_CPUS")
# shellcheck disable=SC2086
exec timeout --signal=TERM --kill-after=30 "$BOUND" "${PIN[@]}" java ${BENCH_JAVA_OPTS:--XX:+UseParallelGC -Xms512m -Xmx2g} \
  -jar "$LOADTEST_JAR" bench --sut-cpus "$SUT_CPUS" --mock-cpus "$LOAD_CPUS" --portkey-dir "$PORTKEY_DIR" \
  --nginx "$(command -v nginx || echo /usr/sbin/nginx)" --haproxy "$(command -v haproxy || echo /usr/sbin/haproxy)" \
  --command "loadtest/bench.sh $*" "$@"
