#!/bin/sh
# Ships the candidate tarball to the environment's deploy endpoint, then waits until the
# environment answers with the new version (the rollout), at most 20 seconds.
set -e
version=$(cat candidates/candidates/latest)
echo "deploying component $version to env $ENV (lock $(cat envs/name)) at $ENV_URL"
# busybox wget posts files as text, so the tarball travels base64-encoded.
base64 "candidates/candidates/component-$version.tar.gz" > /tmp/candidate.b64
wget -q -O - --post-file /tmp/candidate.b64 "$ENV_URL/deploy"
i=0
while [ "$(wget -q -O - "$ENV_URL/version" 2>/dev/null)" != "$version" ]; do
  i=$((i + 1))
  [ "$i" -le 100 ] || { echo "env $ENV did not start serving $version"; exit 1; }
  sleep 0.2
done
echo "env $ENV serves component $version"
