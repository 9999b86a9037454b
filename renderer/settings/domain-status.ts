/**
 * The custom domain's state in the settings window: a badge (not set, pending, verified, error), the DNS
 * instructions while it is pending or why it failed, and the Verify button, enabled only when there is something
 * to verify. Verifying asks main, which asks the server; an error there is shown as the domain's error.
 */
import type { DomainStatus } from '../../common/ipc-contract.ts';
import { messageOf } from '../shared/api.ts';
import { $ } from '../shared/dom.ts';

export function showDomainStatus(status: DomainStatus): void {
  const badge = $('#domain-status');
  const instructions = $('#domain-instructions');
  const tone = { none: '', pending: 'warn', verified: 'ok', error: 'error' }[status.state];
  badge.textContent = { none: 'not set', pending: 'pending', verified: 'verified', error: 'error' }[status.state];
  badge.dataset.tone = tone;
  instructions.hidden = status.state !== 'pending' && status.state !== 'error';
  instructions.textContent =
    status.state === 'pending' ? status.instructions : status.state === 'error' ? status.message : '';
  $<HTMLButtonElement>('#verify-domain').disabled = status.state === 'none' || status.state === 'verified';
}

/** The Verify button: disabled while main checks; the answer (or the failure) becomes the shown state. */
export async function verifyDomain(verify: () => Promise<DomainStatus>): Promise<void> {
  $<HTMLButtonElement>('#verify-domain').disabled = true;
  try {
    showDomainStatus(await verify());
  } catch (error) {
    showDomainStatus({ state: 'error', message: messageOf(error) });
  }
}
