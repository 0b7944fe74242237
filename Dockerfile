# PIM Registration as a container image: `docker build -t pim .`
#
# Build stage: the release binary. Templates, the policy and the migrations are compiled
# into it, so the runtime stage needs nothing else of the source tree.
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin pim \
 && cp target/release/pim /usr/local/bin/pim

# Runtime stage: Debian slim, the binary, curl for the health check, and a user of its own.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/pim --create-home --shell /usr/sbin/nologin pim
COPY --from=build /usr/local/bin/pim /usr/local/bin/pim
USER pim
# The data key's directory, owned by pim so that a volume mounted on it is too.
RUN mkdir -m 700 /var/lib/pim/keys
WORKDIR /var/lib/pim
# Listen on every interface of the container. Without DATABASE_URL, pim uses a SQLite
# file in /var/lib/pim (mount a volume there to keep it); set a postgres:// URL to share
# one database between instances.
ENV PIM_BIND=0.0.0.0:3000 \
    PIM_MAIL_DIR=/var/lib/pim/mail \
    RUST_LOG=info
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl --fail --silent --show-error --max-time 2 http://127.0.0.1:3000/healthz || exit 1
ENTRYPOINT ["pim"]
CMD ["serve"]
