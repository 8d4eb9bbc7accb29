#!/usr/bin/env bash
# sbin/start-connect-server.sh as Apache Spark 4 ships it in its binary distribution and images
# (the pyspark source distribution leaves it out): starts the Spark Connect server, the class
# org.apache.spark.sql.connect.service.SparkConnectServer, through spark-submit with the options
# given. The Spark Operator's SparkConnect server pod runs it with SPARK_NO_DAEMONIZE=true, so the
# server stays in the foreground (spark-daemon.sh runs it in place) and its log is the pod's log.
set -o posix

if [ -z "${SPARK_HOME}" ]; then
  export SPARK_HOME="$(cd "$(dirname "$0")"/..; pwd)"
fi

CLASS="org.apache.spark.sql.connect.service.SparkConnectServer"

if [[ "$*" = *--help ]] || [[ "$*" = *-h ]]; then
  echo "Usage: ./sbin/start-connect-server.sh [--wait] [options]"
  "${SPARK_HOME}"/bin/spark-submit --help 2>&1 | grep -v Usage 1>&2
  exit 1
fi

. "${SPARK_HOME}/bin/load-spark-env.sh"

if [ "$1" == "--wait" ]; then
  shift
  exec "${SPARK_HOME}"/bin/spark-submit --class "$CLASS" --name "Spark Connect Server" "$@"
fi
exec "${SPARK_HOME}"/sbin/spark-daemon.sh submit "$CLASS" 1 --name "Spark Connect server" "$@"
