# The meshctl image: the static binary, the CA roots for https (rustls also carries Mozilla's
# roots; the file serves tools that mount it), a non-root user, nothing else.
FROM rust:1-alpine AS build
RUN apk add --no-cache musl-dev ca-certificates
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/meshctl

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /src/target/release/meshctl /meshctl
USER 65534:65534
WORKDIR /work
ENTRYPOINT ["/meshctl"]
