# podman as it runs on a machine like the one docs/README describe: Debian's podman
# with runc and the cgroupfs manager, /sys/fs/cgroup bind-mounted read-only into every
# container (crun, and runc with the default manager, fail on cgroups v1 hybrid mode),
# and open files capped at the host's hard limit (runc cannot raise it). Written to a
# containers.conf of our own (CONTAINERS_CONF), so podman-compose's podman calls get
# the same settings and /etc/containers stays untouched. Sourced after common.sh.

PODMAN_STATE="$STATE_DIR/compose-images"

podman_setup() {
  apt_install podman runc netavark aardvark-dns debootstrap
  mkdir -p "$PODMAN_STATE"
  local nofile
  nofile="$(ulimit -Hn)"
  [ "$nofile" = unlimited ] && nofile=1048576
  CONTAINERS_CONF="$PODMAN_STATE/containers.conf"
  cat >"$CONTAINERS_CONF.part" <<CONF
# Written by scripts/lib/podman.sh: podman's settings for this project's images and stack.
[containers]
volumes = ["/sys/fs/cgroup:/sys/fs/cgroup:ro"]
default_ulimits = ["nofile=$nofile:$nofile"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
  mv "$CONTAINERS_CONF.part" "$CONTAINERS_CONF"
  export CONTAINERS_CONF
}

# The extra options `podman build` needs for its RUN steps (it does not read the volumes above).
PODMAN_BUILD_ARGS=(--pull=never -v /sys/fs/cgroup:/sys/fs/cgroup:ro --network host)
