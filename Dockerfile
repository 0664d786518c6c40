# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: production dependencies and the compiled output only.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The semantic index snapshot directory (SEMANTIC_SNAPSHOT_DIR in docker-compose.yml), writable by the app user.
RUN mkdir -p /var/lib/llm-cache/snapshots && chown node:node /var/lib/llm-cache/snapshots
USER node
EXPOSE 3000
CMD ["node", "dist/main.js"]
