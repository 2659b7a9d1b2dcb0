# rally-okta-connector: the compiled service, run as a non-root user (docs/operations.md).
# Build: docker build -t rally-okta-connector .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY connector ./connector
COPY server ./server
COPY saml ./saml
COPY sandbox ./sandbox
COPY bench ./bench
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The image's own "node" user (uid 1000): the service needs no write access to anything.
USER node
EXPOSE 3000
# Liveness only: readiness (/readyz, Rally and Redis) belongs to the orchestrator's probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec form: node is PID 1's only child-free process and receives SIGTERM for the graceful stop.
CMD ["node", "dist/server/cli.js", "serve"]
