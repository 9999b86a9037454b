/**
 * The Devices page: the user's device tokens (label, created, last used), each revocable, and a form that pairs a
 * new device; after it, the pairing page with the traydrop://pair link as a QR code (server-made SVG) and as text.
 */
import type { DeviceEntry, DevicePairResponse } from '../../common/admin-api.ts';
import { esc } from '../share/html.ts';
import { timeCell } from './format.ts';

const csrfField = (csrf: string): string => `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;

function row(d: DeviceEntry, csrf: string, now: Date): string {
  const name = d.label ?? `Device ${d.id}`;
  return `<tr><td><b>${esc(name)}</b>${d.current ? ' (this device)' : ''}<span class="sub">id ${esc(d.id)}</span></td>
<td>${timeCell(d.createdAt, now)}</td><td>${d.lastUsedAt ? timeCell(d.lastUsedAt, now) : 'never'}</td>
<td><form class="inline" method="post" action="/dashboard/devices/${esc(d.id)}/revoke">${csrfField(csrf)}
<button class="btn danger" type="submit" aria-label="Revoke ${esc(name)}">Revoke</button></form></td></tr>`;
}

export function devicesPage(devices: DeviceEntry[], csrf: string, now: Date): string {
  const table =
    devices.length === 0
      ? '<p class="empty">No paired devices. Pair one below.</p>'
      : `<div class="wrap"><table><caption class="visually-hidden">Your devices</caption><thead><tr><th scope="col">Device</th>
<th scope="col">Paired</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${devices.map((d) => row(d, csrf, now)).join('')}</tbody></table></div>`;
  return `<h1>Devices</h1><div class="card"><p class="sub">Each device (the Traydrop app, the <code>traydrop</code> command, a script) has its own token. Revoking one stops it at once.</p>
${table}</div>
<div class="card"><h2>Pair a new device</h2><form method="post" action="/dashboard/devices/pair" class="actions">${csrfField(csrf)}
<label class="field grow">Device name (optional)<input name="label" maxlength="80" autocomplete="off" placeholder="Laptop"></label>
<button class="btn primary" type="submit">Pair a device</button></form></div>`;
}

export function pairedPage(p: DevicePairResponse): string {
  const name = p.device.label ?? `Device ${p.device.id}`;
  return `<h1>Pair ${esc(name)}</h1><div class="card">
<p>Scan this code on the device, or open the link below on it: the Traydrop app asks before it pairs. The link holds the device's token and is shown only this once.</p>
<div class="qr" role="img" aria-label="QR code of the pairing link">${p.qrSvg}</div>
<label class="field">Pairing link<input id="pair-link" readonly value="${esc(p.pairLink)}"></label>
<p><a class="btn primary" href="${esc(p.pairLink)}">Open in Traydrop on this computer</a> <a class="btn" href="/dashboard/devices">Done</a></p></div>`;
}
