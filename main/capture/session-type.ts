/**
 * Which kind of session this is. Can the X11 back-ends (ImageMagick `import`, ffmpeg x11grab) see the screen?
 * On a Wayland session they see only XWayland windows (or black), so say so instead of producing an empty
 * capture. Wayland sessions use grim and wf-recorder on wlroots compositors (isWlroots); other Wayland
 * desktops (GNOME, KDE) take screenshots through the XDG screenshot portal.
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

/** Variables only wlroots compositors set for their clients. */
const WLROOTS_VARIABLES = ['SWAYSOCK', 'HYPRLAND_INSTANCE_SIGNATURE', 'WAYFIRE_SOCKET', 'LABWC_PID'];
/** Desktop names (XDG_CURRENT_DESKTOP, XDG_SESSION_DESKTOP) of compositors built on wlroots. */
const WLROOTS_DESKTOPS = [
  'sway',
  'hyprland',
  'river',
  'wayfire',
  'labwc',
  'wlroots',
  'dwl',
  'hikari',
  'qtile',
  'phosh',
];

/**
 * Is this Wayland session run by a wlroots compositor (Sway, Hyprland, river, Wayfire, labwc…), whose
 * wlr-screencopy lets grim read the screen? GNOME (Mutter), KDE (KWin) and the rest answer no: they offer
 * screenshots through the portal only. Pure: looks at the environment alone.
 */
export function isWlroots(env: NodeJS.ProcessEnv = process.env): boolean {
  if (WLROOTS_VARIABLES.some((name) => env[name])) return true;
  const desktops = `${env.XDG_CURRENT_DESKTOP ?? ''}:${env.XDG_SESSION_DESKTOP ?? ''}`.toLowerCase().split(':');
  return desktops.some((desktop) => WLROOTS_DESKTOPS.includes(desktop));
}

/**
 * Which family of capture tools this session needs: `native` (X11's, macOS's, Windows'), `wlroots` (grim,
 * wf-recorder) or `portal` (GNOME, KDE: the XDG portals). The screenshot and recording back-ends are both
 * chosen from it, so they never disagree about the session.
 */
export type CaptureSession = 'native' | 'wlroots' | 'portal';

export function captureSession(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): CaptureSession {
  if (platform !== 'linux' || !isWayland(env)) return 'native';
  return isWlroots(env) ? 'wlroots' : 'portal';
}
