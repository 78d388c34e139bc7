/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "quickjs-emscripten",
    "nodemailer",
    // Queue mode (server/queue/bullmq.ts): loaded from node_modules like in the worker, not bundled.
    "bullmq",
    "ioredis",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;
