# essay-api: migrates, seeds an empty database and serves on port 8000.
# Two stages: `build` installs the locked packages into /opt/venv; the image copies that venv and
# the app's files, with no pip cache or build tools. The base is pinned by digest (the tag is for
# readers; move both together): Python 3.11.7, the version the lock files were compiled for.
ARG PYTHON_IMAGE=python:3.11.7-slim-bookworm@sha256:d11b9bd5e49ea7401753d78f4d3b56f3aec952b85b49bcae88981f0452818e0b

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PATH=/opt/venv/bin:$PATH
WORKDIR /app
RUN python -m venv /opt/venv
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
# The editable install only links /app into the venv and makes the `essay-api` script; its build
# backend is pinned in pyproject.toml ([build-system] requires).
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-deps -e .

FROM ${PYTHON_IMAGE}
# MALLOC_ARENA_MAX: glibc gives each request thread its own arena, which keeps what a query
# freed; two arenas hold a worker's memory flat (measured in bench/).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2 \
    PATH=/opt/venv/bin:$PATH \
    ESSAY_API_DATABASE_URL=sqlite:////data/essay-api.db
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY alembic ./alembic
COPY seed ./seed
COPY docker-entrypoint.sh /usr/local/bin/
# Bytecode at build time: the app's files are root's, so no start could write it, and each start
# (each worker) would compile every module again.
RUN python -m compileall -q app alembic \
    && useradd --system --uid 10001 --home-dir /app essay \
    && mkdir /data && chown essay:essay /data

# No USER: the entrypoint starts as root only to make a bind-mounted /data writable (often owned
# by root), then runs the server as `essay` (uid 10001); with `docker run --user`, it just runs.
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["essay-api", "serve", "--host", "0.0.0.0", "--port", "8000"]
