/**
 * Web permissions in the Electron host: everything is denied (camera, microphone, geolocation,
 * notifications from the page, HID/USB/serial, fullscreen from the page, clipboard read, …), except
 * writing to the clipboard from the app's own page, which the "Copy" buttons use
 * (navigator.clipboard.writeText). Desktop notifications come from the main process, not the page.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** One decision for both the request handler and the check handler. */
export function isPermissionAllowed(
  permission: string,
  originOrUrl: string | undefined,
  isTrustedUrl: (url: string) => boolean,
): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  return !!originOrUrl && isTrustedUrl(originOrUrl);
}

interface WebContentsLike {
  getURL(): string;
}
interface SessionLike {
  setPermissionRequestHandler(
    handler: (
      webContents: WebContentsLike,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: WebContentsLike | null,
      permission: string,
      requestingOrigin: string,
      details: { requestingUrl?: string },
    ) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/**
 * Installs the handlers on a session. The request handler judges the requesting frame's URL; the
 * check handler gets only an origin, so it also needs the page (webContents) to be the app's.
 */
export function installPermissionHandlers(
  session: SessionLike,
  isTrustedUrl: (url: string) => boolean,
): void {
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), isTrustedUrl));
  });
  session.setPermissionCheckHandler((webContents, permission, _origin, details) => {
    if (!webContents) return false;
    return isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), isTrustedUrl);
  });
  session.setDevicePermissionHandler(() => false);
}
