/**
 * Where the session bus listens: `DBUS_SESSION_BUS_ADDRESS` (`unix:path=/run/user/1000/bus`, or
 * `unix:abstract=…` from older dbus-launch setups; several addresses separated by `;` are tried in order),
 * else the systemd user bus at `$XDG_RUNTIME_DIR/bus`, as libdbus and GDBus fall back to. Only unix
 * sockets: a session bus on TCP is not something a desktop session uses. Pure.
 */

export interface BusSocket {
  /** For net.connect: a file path, or "\0name" for a Linux abstract socket. */
  path: string;
  /** The address it came from, for messages. */
  address: string;
}

/** The session bus address to use, or undefined when the environment names none. */
export function sessionBusAddress(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  if (env.XDG_RUNTIME_DIR) return `unix:path=${escapeValue(`${env.XDG_RUNTIME_DIR}/bus`)}`;
  return undefined;
}

/** Values are %-escaped except [-0-9A-Za-z_/.\\]. */
function escapeValue(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[-0-9A-Za-z_/.\\]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0')}`;
    })
    .join('');
}

function unescapeValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      const hex = value.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new RangeError(`bad escape in D-Bus address: ${value}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(value[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The unix sockets an address names, in order; other transports are left out. */
export function busSockets(address: string): BusSocket[] {
  const sockets: BusSocket[] = [];
  for (const entry of address.split(';')) {
    const colon = entry.indexOf(':');
    if (colon < 0 || entry.slice(0, colon) !== 'unix') continue;
    const keys = new Map<string, string>();
    for (const pair of entry.slice(colon + 1).split(',')) {
      const equals = pair.indexOf('=');
      if (equals > 0) keys.set(pair.slice(0, equals), unescapeValue(pair.slice(equals + 1)));
    }
    const path = keys.get('path');
    const abstract = keys.get('abstract');
    if (path) sockets.push({ path, address: entry });
    else if (abstract) sockets.push({ path: `\0${abstract}`, address: entry });
  }
  return sockets;
}
