# podman as it runs on a machine like the one docs/README describe: Debian's podman
# with runc and the cgroupfs manager, /sys/fs/cgroup bind-mounted read-only into every
# container (crun, and runc with the default manager, fail on cgroups v1 hybrid mode),
# and open files and processes capped at the host's hard limits (runc cannot set them
# past those, nor processes past kernel.pid_max). Written to a containers.conf of our
# own (CONTAINERS_CONF), so podman-compose's podman calls get the same settings and
# /etc/containers stays untouched. Sourced after common.sh.

PODMAN_STATE="$STATE_DIR/compose-images"

podman_setup() {
  apt_install podman runc netavark aardvark-dns iptables debootstrap
  mkdir -p "$PODMAN_STATE"
  local nofile nproc
  nofile="$(ulimit -Hn)" nproc="$(ulimit -Hu)"
  [ "$nofile" = unlimited ] && nofile=1048576
  [ "$nproc" = unlimited ] && nproc=1048576
  # runc is refused a process limit above the kernel's pid_max.
  [ "$nproc" -gt "$(cat /proc/sys/kernel/pid_max)" ] && nproc="$(cat /proc/sys/kernel/pid_max)"
  CONTAINERS_CONF="$PODMAN_STATE/containers.conf"
  cat >"$CONTAINERS_CONF.part" <<CONF
# Written by scripts/lib/podman.sh: podman's settings for this project's images and stack.
[containers]
volumes = ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  mv "$CONTAINERS_CONF.part" "$CONTAINERS_CONF"
  export CONTAINERS_CONF
  # A container given any --ulimit or -v of its own (memlock, a data volume) loses the
  # defaults above: podman run/create and podman-compose (--podman-run-args) pass these too.
  PODMAN_RUN_ARGS=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc"
    -v /sys/fs/cgroup:/sys/fs/cgroup:ro)
}

# The extra options `podman build` needs for its RUN steps (it does not read the volumes above).
PODMAN_BUILD_ARGS=(--pull=never -v /sys/fs/cgroup:/sys/fs/cgroup:ro --network host)
