/**
 * "Redact sensitive text": main's OCR proposes places that look like secrets; each is shown (framed, brought
 * into view, named in the status line) and the user answers Y (a solid box over it) or N (skip), Esc stops.
 * Nothing is redacted without being shown.
 */
import { messageOf, traydrop } from '../shared/api.ts';
import type { Session } from './session.ts';

const KIND_NAMES: Record<string, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  ipv4: 'IP address',
  ipv6: 'IPv6 address',
  'url-credentials': 'Password in a link',
  card: 'Card number',
  'aws-access-key': 'AWS access key',
  'aws-secret-key': 'AWS secret key',
  jwt: 'Token (JWT)',
  'private-key': 'Private key',
  'hex-token': 'Hex token',
  'base64-token': 'Token',
  'assigned-secret': 'Secret value',
};

function askNext(s: Session): void {
  const next = s.review[0];
  const { canvas } = s.el;
  if (next) {
    // bring it into view
    const css = s.view.toCss({ x: next.box.x + next.box.width / 2, y: next.box.y + next.box.height / 2 });
    if (css.x < 0 || css.y < 0 || css.x > canvas.clientWidth || css.y > canvas.clientHeight)
      s.view.pan(css.x - canvas.clientWidth / 2, css.y - canvas.clientHeight / 2);
    s.say(`${KIND_NAMES[next.kind] ?? next.kind} “${next.text}”: Y redacts it, N skips it (${s.review.length} left)`);
  } else s.say('Done: every proposal was shown');
  document.body.dataset.review = String(s.review.length);
  s.schedule();
}

export async function findSecrets(s: Session): Promise<void> {
  if (s.busy) return;
  s.busy = true;
  s.say('Looking for sensitive text…');
  try {
    s.review = await traydrop().findSecrets();
    if (s.review.length === 0) s.say('Nothing that looks sensitive was found');
    s.el.stage.focus();
    askNext(s);
  } catch (error) {
    s.say(`Could not read the text: ${messageOf(error)}`);
  } finally {
    s.busy = false;
  }
}

/** Y accepts the proposal shown (a solid box over it), N skips it, Esc stops asking; true: the key was used. */
export function onReviewKey(s: Session, event: KeyboardEvent): boolean {
  const current = s.review[0];
  if (!current) return false;
  const key = event.key.toLowerCase();
  if (key === 'y' || key === 'enter') {
    const rect = s.clip(current.box);
    if (rect) s.commit({ id: s.nextId, kind: 'box', rect }, KIND_NAMES[current.kind] ?? 'Secret');
  } else if (key === 'n' || key === 'delete') {
    /* skipped */
  } else if (key === 'escape') s.review = [];
  else return true; // other keys wait for an answer
  if (key !== 'escape') s.review = s.review.slice(1);
  askNext(s);
  return true;
}
