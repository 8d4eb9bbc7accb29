# Shared by tests/cluster/up, down and smoke (sourced, not executed): the cluster's
# name and state directory, logging, and finding/stopping the processes of a cluster.
# shellcheck shell=bash

cluster_name="${SPARKDECK_CLUSTER_NAME:-sparkdeck}"
if [[ ! "$cluster_name" =~ ^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$ ]]; then
	printf 'SPARKDECK_CLUSTER_NAME must be a DNS label (lower-case letters, digits, "-"): %q\n' "$cluster_name" >&2
	exit 2
fi
state_dir="$(realpath -m -- "${SPARKDECK_CLUSTER_STATE:-${XDG_RUNTIME_DIR:-/tmp}/sparkdeck-cluster-$cluster_name}")"
# Marks a state directory as ours; nothing else is ever deleted. (Used by up and down.)
# shellcheck disable=SC2034
state_marker="$state_dir/.sparkdeck-cluster"

# Components in stop order; each has $state_dir/<name>.pid and <name>.log. `up` starts
# those of its mode (standin_components, or real_components with `up --real`).
standin_components=(operator kubelet kube-apiserver tokenwebhook etcd)
real_components=(spark-operator spark-operator-webhook kubelet kube-controller-manager kube-scheduler kube-apiserver tokenwebhook etcd)
components=(operator spark-operator spark-operator-webhook kubelet kube-controller-manager kube-scheduler kube-apiserver tokenwebhook etcd)
# Started on demand (tests/cluster/faultproxy), never required by up; stopped first.
optional_components=(faultproxy)
# The executables that make up a cluster.
cluster_executables=(sparkdeck-standins kube-apiserver etcd kube-scheduler kube-controller-manager spark-operator)

log() { printf '[cluster] %s\n' "$*" >&2; }

# component_pid NAME: prints the pid of a running component of this cluster.
component_pid() {
	local file="$state_dir/$1.pid" pid
	[[ -r "$file" ]] || return 1
	pid="$(<"$file")"
	[[ "$pid" =~ ^[0-9]+$ ]] && is_cluster_process "$pid" || return 1
	printf '%s\n' "$pid"
}

# is_cluster_process PID: true if PID runs one of our executables with this state dir
# in its arguments (so a reused pid or another cluster is never mistaken for ours).
is_cluster_process() {
	local exe cmdline
	exe="$(readlink -- "/proc/$1/exe" 2>/dev/null)" || return 1
	exe="${exe% (deleted)}" # its binary was removed from the cache meanwhile
	[[ " ${cluster_executables[*]} " == *" ${exe##*/} "* ]] || return 1
	cmdline="$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" || return 1
	[[ "$cmdline" == *"$state_dir/"* ]]
}

# cluster_pids: every process of this cluster, with or without a pid file, and the
# processes they started in their sessions (each component is a session leader: the
# real operator's spark-submit JVMs, for instance).
cluster_pids() {
	local dir file pid stat sessions=" "
	for file in "$state_dir"/*.pid; do
		[[ -r "$file" ]] && pid="$(<"$file")" && [[ "$pid" =~ ^[0-9]+$ ]] && sessions+="$pid "
	done
	for dir in /proc/[0-9]*; do
		pid="${dir#/proc/}"
		if is_cluster_process "$pid"; then
			printf '%s\n' "$pid"
		elif [[ "$sessions" != " " ]] && { read -r stat <"$dir/stat"; } 2>/dev/null; then
			stat="${stat##*) }" # state ppid pgrp session ...
			read -r state _ _ sid _ <<<"$stat"
			# Not the leader itself (is_cluster_process decides), nor an exited process.
			[[ "$sessions" != *" $sid "* || "$sid" == "$pid" || "$state" == Z ]] || printf '%s\n' "$pid"
		fi
	done
}

# stop_component NAME [SIGNAL [SECONDS]]: sends SIGNAL (TERM) to a running component
# and waits up to SECONDS (10) for it to exit. False if it was not running.
stop_component() {
	local name=$1 signal=${2:-TERM} tenths=$((${3:-10} * 10)) pid waited
	pid="$(component_pid "$name")" || return 1
	log "stopping $name (pid $pid)"
	kill -"$signal" "$pid" 2>/dev/null || return 0
	# is_cluster_process, unlike kill -0, is false for an exited but unreaped process.
	for ((waited = 0; waited < tenths; waited++)); do
		is_cluster_process "$pid" || return 0
		sleep 0.1
	done
}

# stop_cluster: TERM each component (in order, waiting up to 10 s), then KILL stragglers.
stop_cluster() {
	local name
	for name in "${optional_components[@]}" "${components[@]}"; do
		stop_component "$name" || true
	done
	local -a left
	mapfile -t left < <(cluster_pids)
	if ((${#left[@]})); then
		log "killing leftover processes: ${left[*]}"
		kill -KILL "${left[@]}" 2>/dev/null || true
		sleep 0.2
	fi
}
