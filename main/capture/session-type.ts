/**
 * Can the X11 back-ends (ImageMagick `import`, ffmpeg x11grab) see the screen? On a Wayland session they see
 * only XWayland windows (or black), so say so instead of producing an empty capture. Screenshots on Wayland
 * go through grim instead (grim-backend.ts, wlroots compositors); recording there would need wf-recorder or
 * the PipeWire portal, and is not implemented.
 */
export const WAYLAND_UNSUPPORTED =
  'Recording the screen on Wayland is not supported yet: log in with an X11 session ("GNOME on Xorg", ' +
  '"Plasma (X11)"), or record with your desktop\'s own tool and let Traydrop\'s watched folder upload it ' +
  '(screenshots on Wayland work on wlroots compositors such as Sway and Hyprland, through grim).';

export function isWayland(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY);
}

/** Why X11 capture cannot run here, or undefined when it can. Only meaningful on Linux. */
export function x11CaptureProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isWayland(env)) return WAYLAND_UNSUPPORTED;
  if (!env.DISPLAY) return 'no X display to capture (DISPLAY is not set)';
  return undefined;
}
