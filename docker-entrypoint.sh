#!/bin/sh
# The image's entrypoint: as root, give /data (a bind mount is often owned by root) to the
# `essay` user, then run the command as `essay`; as any other user (`docker run --user`), run it.
set -eu
if [ "$(id -u)" = 0 ]; then
  find /data \! -user essay -exec chown essay:essay {} + \
    || echo "docker-entrypoint: could not give /data to essay; it may not be writable" >&2
  exec setpriv --reuid=essay --regid=essay --init-groups -- "$@"
fi
exec "$@"
