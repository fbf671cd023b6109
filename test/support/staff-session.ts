/**
 * Signs in to an agency's staff API the way the staff console does (`POST …/staff/session` from
 * the desk's own origin) and gives the headers a same-origin console request carries: the session
 * cookie, the session's CSRF token and the desk's `Origin`. For tests that are about something
 * else than the sign-in (test/security/staff-access.test.ts tests the sign-in itself).
 */
export interface StaffHeaders extends Record<string, string> {
  cookie: string;
  'x-csrf-token': string;
  origin: string;
}

export async function staffSignIn(baseUrl: string, agencyId: string, user: string, password: string): Promise<StaffHeaders> {
  const origin = new URL(baseUrl).origin;
  const response = await fetch(`${origin}/api/${agencyId}/staff/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ user, password }),
  });
  if (response.status !== 201) throw new Error(`staff sign-in answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: sessionCookie(response), 'x-csrf-token': body.csrfToken, origin };
}

/** `name=value` of the session cookie a sign-in answer set (for a `Cookie` request header). */
export function sessionCookie(response: Response): string {
  const set = response.headers.getSetCookie().find((cookie) => /^(__Host-)?mpd-staff-/.test(cookie));
  if (!set) throw new Error(`no staff session cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return set.split(';')[0]!;
}
