# syntax=docker/dockerfile:1.7
# One image for every service of the pipeline: `docker run IMAGE watch DIR | parse-streams | sink | ...`.

# ---- build: the service jar (the CLI without the embedded servers and the benchmark) ----
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /src
# The wrapper and every module's pom first: the reactor reads them all even when building one jar.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY lineage-core lineage-core
COPY lineage-sql lineage-sql
COPY lineage-dbt lineage-dbt
COPY watcher-producer watcher-producer
COPY parser-streams parser-streams
COPY graph-sink graph-sink
COPY lineage-openlineage lineage-openlineage
COPY lineage-local lineage-local
COPY lineage-api lineage-api
COPY lineage-bench lineage-bench
COPY lineage-cli lineage-cli
COPY lineage-service lineage-service
COPY deploy-checks deploy-checks
# No .git in the build context: the commit `lineage --version` names comes from the build argument
# (docker build --build-arg GIT_COMMIT=$(git rev-parse --short=12 HEAD) .).
ARG GIT_COMMIT=unknown
# The local repository lives in a build cache, so a code change does not download the world again.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -ntp -DskipTests -Dskip.npm -Dgit.commit="${GIT_COMMIT}" -pl lineage-service -am package \
 && cp lineage-service/target/lineage-service.jar /lineage.jar

# ---- runtime: JRE only, non-root ----
FROM eclipse-temurin:17-jre-jammy
# curl serves the HEALTHCHECK; nothing else is added to the JRE image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 lineage \
 && useradd --system --uid 10001 --gid lineage --home-dir /var/lib/lineage --shell /usr/sbin/nologin lineage \
 && mkdir -p /opt/lineage /var/lib/lineage \
 && chown lineage:lineage /var/lib/lineage

COPY --from=build /lineage.jar /opt/lineage/lineage.jar
# The guard's default rules (LINEAGE_GUARD_RULES points here in compose and k8s; docs/operations.md).
COPY deploy/guard/rules.yml /opt/lineage/guard/rules.yml

# Sized for a 512 MiB container: half of it for the heap, the rest for metaspace, code cache,
# thread stacks and RocksDB's native block cache and write buffers (capped by the parser).
# MALLOC_ARENA_MAX keeps glibc from growing one arena per thread; jdk.nio.maxCachedBufferSize keeps
# the JDK from caching, per thread, a direct buffer as large as the largest socket read (Kafka
# fetches of megabytes): 24 MiB of RSS in the parser (docs/benchmarks.md, "Memory").
ENV LINEAGE_HOME=/var/lib/lineage \
    METRICS_PORT=8000 \
    MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:InitialRAMPercentage=25 -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djdk.nio.maxCachedBufferSize=262144 -Dfile.encoding=UTF-8"

USER 10001:10001
WORKDIR /var/lib/lineage
EXPOSE 8000
# lineage serve: the HTTP API and explorer (API_PORT)
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${METRICS_PORT}/health" >/dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/opt/lineage/lineage.jar"]
CMD ["--help"]
