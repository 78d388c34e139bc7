/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "quickjs-emscripten",
    "nodemailer",
  ],
  poweredByHeader: false,
  typedRoutes: false,
};
export default nextConfig;
