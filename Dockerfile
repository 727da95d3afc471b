# syntax=docker/dockerfile:1
# Build stage: dev dependencies, TypeScript, and the prebuilt workflow bundle (dist/workflow-bundle.js).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and the compiled output only, run as an unprivileged user
# that cannot rewrite them (they stay root's; the processes write nothing to disk).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
# nest-cli.json beside package.json is how the code finds its root (the workflow bundle, the page views).
COPY --from=build /app/package.json /app/package-lock.json /app/nest-cli.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/libs/notifications/templates ./libs/notifications/templates
COPY --from=build /app/apps/api/views ./apps/api/views
USER node
EXPOSE 3000 9464
# The API's readiness: both PostgreSQL and Temporal answer. (The worker overrides the command.)
HEALTHCHECK --interval=10s --timeout=5s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
