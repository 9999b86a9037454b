import type { BusConnection } from './bus-connection.ts';

/** Whether some connection owns `name` on the bus (org.freedesktop.DBus.NameHasOwner). */
export async function nameHasOwner(bus: BusConnection, name: string, timeoutMs?: number): Promise<boolean> {
  const reply = await bus.call({
    destination: 'org.freedesktop.DBus',
    path: '/org/freedesktop/DBus',
    interface: 'org.freedesktop.DBus',
    member: 'NameHasOwner',
    signature: 's',
    body: [name],
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return reply.body?.[0] === true;
}
