/**
 * Whether this browser was signed in and never signed out, so a 401 at page load can say 登录已过期 rather than show
 * a plain sign-in page. The session cookie is httpOnly and the browser drops it when it expires, so page script can
 * tell "expired" from "never signed in" only by remembering that a session existed. Only a flag is kept, no token.
 */
const KEY = 'duban.signedIn';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    // Storage refused (a privacy mode): the page then cannot tell, and shows the plain sign-in page.
    return undefined;
  }
}

export const rememberedSession = {
  set: () => storage()?.setItem(KEY, '1'),
  clear: () => storage()?.removeItem(KEY),
  was: () => storage()?.getItem(KEY) === '1',
};
