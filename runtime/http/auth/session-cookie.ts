import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

export const SESSION_COOKIE = "sb_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The login cookie: HTTP-only, same-site strict, secure when the public URL is https. */
export const sessionCookie = {
  read: (c: Context): string | undefined => getCookie(c, SESSION_COOKIE),
  write: (c: Context, token: string, expiresAt: number, secure: boolean): void =>
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      secure,
      path: "/",
      expires: new Date(expiresAt),
    }),
  clear: (c: Context): void => {
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
  },
};
