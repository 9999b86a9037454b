/**
 * When the capture being edited was shared already, the editor says so before the user chooses: Share becomes
 * "Update link" (the same link then serves the edited image, main/app/flows/editor-flow.ts), a "Share as new link"
 * button appears beside it, and a line says how often the link was opened, so the user knows whether anyone saw
 * the original. Asked after the image is drawn: the server's statistics must not delay the first paint.
 */
import type { SharedLinkNotice, TraydropApi } from '../../common/ipc-contract.ts';
import { h } from '../shared/dom.ts';

export function openedText(notice: SharedLinkNotice): string {
  if (notice.opened === null) return 'Already shared; how often it was opened is not known right now';
  if (notice.opened === 0) return 'Already shared, not opened yet';
  return `This link was opened ${notice.opened} ${notice.opened === 1 ? 'time' : 'times'}`;
}

/** Turns Share into "Update link" and adds the notice and "Share as new link" when the capture has a link. */
export async function showSharedLink(
  api: Pick<TraydropApi, 'getSharedLink'>,
  share: HTMLButtonElement,
  shareAsNew: () => void,
): Promise<void> {
  const notice = await api.getSharedLink();
  document.body.dataset.sharedLink = notice?.url ?? ''; // answered (tests wait for it)
  if (!notice) return;
  share.textContent = 'Update link';
  share.title = `Show the edited image at ${notice.url} (Enter)`;
  const line = h('span', { id: 'shared-link', class: 'zoom', title: notice.url }, openedText(notice));
  const asNew = h(
    'button',
    { id: 'share-new', type: 'button', title: 'Upload the edited image under a new link', onclick: shareAsNew },
    'Share as new link',
  );
  share.before(line, asNew);
}
