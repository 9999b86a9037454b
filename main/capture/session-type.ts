/**
 * Can the X11 back-ends (ImageMagick `import`, ffmpeg x11grab) see the screen? On a Wayland session they see
 * only XWayland windows (or black), so say so instead of producing an empty capture. Wayland sessions use
 * grim and wf-recorder instead (wlroots compositors); GNOME and KDE would need the PipeWire portal (not done).
 */
export const WAYLAND_UNSUPPORTED =
  'X11 capture cannot see a Wayland session. On wlroots compositors (Sway, Hyprland…) Traydrop uses grim and ' +
  'wf-recorder instead; on GNOME or KDE, log in with an X11 session ("GNOME on Xorg", "Plasma (X11)"), or capture ' +
  "with your desktop's own tool and let Traydrop's watched folder upload it.";

export function isWayland(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

/** Why X11 capture cannot run here, or undefined when it can. Only meaningful on Linux. */
export function x11CaptureProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isWayland(env)) return WAYLAND_UNSUPPORTED;
  if (!env.DISPLAY) return 'no X display to capture (DISPLAY is not set)';
  return undefined;
}
