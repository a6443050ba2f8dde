/** The admin the browser tests start their server with (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const ADMIN = { email: "admin@acme.test", password: "admin password 1" };
