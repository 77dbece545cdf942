# upstream: the dependency the component is built on (it stands in for runc).
# Sourced by the component; keep it POSIX sh (busybox).

upstream_version() {
  cat "$UPSTREAM_DIR/VERSION"
}

# Drops every character a name must not carry into a greeting.
upstream_sanitize() {
  printf '%s' "$1" | tr -cd 'A-Za-z0-9 ._-'
}
