/**
 * The state's prefix: lets the desk tell our provider's return from any other `?code=`. Its own
 * module so the desk shell can read it without downloading the OpenID Connect client.
 */
export const OIDC_STATE_PREFIX = 'mt.';
