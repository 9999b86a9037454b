/**
 * Can the X11 back-ends (ImageMagick `import`, ffmpeg x11grab) see the screen? On a Wayland session they see
 * only XWayland windows (or black), so say so instead of producing an empty capture. PipeWire through the
 * xdg-desktop-portal would be the Wayland way; it is not implemented (nothing here could test it).
 */
export const WAYLAND_UNSUPPORTED =
  'Screen capture on Wayland is not supported yet: log in with an X11 session ("GNOME on Xorg", "Plasma (X11)"), ' +
  "or take the capture with your desktop's own tool (it uses the screencast portal) and let Traydrop's watched " +
  'folder upload it.';

export function isWayland(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

/** Why X11 capture cannot run here, or undefined when it can. Only meaningful on Linux. */
export function x11CaptureProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isWayland(env)) return WAYLAND_UNSUPPORTED;
  if (!env.DISPLAY) return 'no X display to capture (DISPLAY is not set)';
  return undefined;
}
