#!/usr/bin/env bash
# The container entry point of Spark's Kubernetes images (apache/spark-docker), for a Spark
# distribution run as local processes: the same modes, environment and command lines, without
# the image-only parts (no tini, no switch to a `spark` user, no fake passwd entry).
#
#   entrypoint.sh driver ARGS...    spark-submit in client mode on this "pod", with the ARGS the
#                                   Kubernetes submission client put in the driver pod
#   entrypoint.sh executor          the executor backend, configured by the SPARK_* variables that
#                                   the driver sets on executor pods
#   entrypoint.sh COMMAND ARGS...   runs COMMAND (pass-through)
#
# Needs SPARK_HOME; uses JAVA_HOME when set (else the java on PATH), SPARK_DRIVER_BIND_ADDRESS
# (driver), SPARK_EXECUTOR_* / SPARK_DRIVER_URL / SPARK_APPLICATION_ID / SPARK_RESOURCE_PROFILE_ID
# (executor), SPARK_JAVA_OPT_* (executor JVM options), SPARK_EXTRA_CLASSPATH, SPARK_CONF_DIR,
# HADOOP_CONF_DIR and HADOOP_HOME / SPARK_DIST_CLASSPATH like the images do.
set -eo pipefail

: "${SPARK_HOME:?SPARK_HOME must name the Spark distribution}"
if [[ -n "$JAVA_HOME" ]]; then
	java_bin="$JAVA_HOME/bin/java"
else
	java_bin="$(command -v java)" || { echo "entrypoint.sh: no java on PATH and JAVA_HOME unset" >&2; exit 1; }
fi

classpath="${SPARK_CLASSPATH:+$SPARK_CLASSPATH:}$SPARK_HOME/jars/*"
[[ -z "$SPARK_EXTRA_CLASSPATH" ]] || classpath="$classpath:$SPARK_EXTRA_CLASSPATH"
if [[ -n "$HADOOP_HOME" && -z "$SPARK_DIST_CLASSPATH" ]]; then
	SPARK_DIST_CLASSPATH="$("$HADOOP_HOME/bin/hadoop" classpath)"
	export SPARK_DIST_CLASSPATH
fi
[[ -z "${HADOOP_CONF_DIR+x}" ]] || classpath="$HADOOP_CONF_DIR:$classpath"
if [[ -n "${SPARK_CONF_DIR+x}" ]]; then
	classpath="$SPARK_CONF_DIR:$classpath"
else
	classpath="$SPARK_HOME/conf:$classpath"
fi
classpath="$classpath:$PWD" # the images add the working directory last (SPARK-43540)

# Executor JVM options arrive as SPARK_JAVA_OPT_0, SPARK_JAVA_OPT_1, ... (in name order).
executor_java_opts=()
for name in "${!SPARK_JAVA_OPT_@}"; do
	executor_java_opts+=("${!name}")
done

[[ -z "${PYSPARK_PYTHON+x}" ]] || export PYSPARK_PYTHON
[[ -z "${PYSPARK_DRIVER_PYTHON+x}" ]] || export PYSPARK_DRIVER_PYTHON

case "$1" in
driver)
	shift
	exec "$SPARK_HOME/bin/spark-submit" \
		--conf "spark.driver.bindAddress=$SPARK_DRIVER_BIND_ADDRESS" \
		--conf "spark.executorEnv.SPARK_DRIVER_POD_IP=$SPARK_DRIVER_BIND_ADDRESS" \
		--deploy-mode client \
		"$@"
	;;
executor)
	shift
	exec "$java_bin" "${executor_java_opts[@]}" \
		-Xms"$SPARK_EXECUTOR_MEMORY" -Xmx"$SPARK_EXECUTOR_MEMORY" \
		-cp "$classpath:$SPARK_DIST_CLASSPATH" \
		org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend \
		--driver-url "$SPARK_DRIVER_URL" \
		--executor-id "$SPARK_EXECUTOR_ID" \
		--cores "$SPARK_EXECUTOR_CORES" \
		--app-id "$SPARK_APPLICATION_ID" \
		--hostname "$SPARK_EXECUTOR_POD_IP" \
		--resourceProfileId "$SPARK_RESOURCE_PROFILE_ID" \
		--podName "$SPARK_EXECUTOR_POD_NAME"
	;;
*)
	exec "$@"
	;;
esac
