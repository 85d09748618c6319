import { testEnv } from "./env";
import { signInCookieAt } from "./sign-in";

/** Signs in to the test server like the login form does; returns the Cookie header value. */
export function signInCookie(email: string, password: string): Promise<string> {
  return signInCookieAt(testEnv.url, email, password);
}
