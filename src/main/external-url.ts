/** The one rule for opening links outside the app: http and https only, nothing else. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password;
  } catch {
    return false;
  }
}
