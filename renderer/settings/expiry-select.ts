/** The expiry choices as a <select>'s options, in words ("7 days"), optionally led by "Same as default". */
import { EXPIRY_VALUES, type Expiry } from '../../common/expiry.ts';
import { h } from '../shared/dom.ts';

const EXPIRY_LABEL: Record<Expiry, string> = {
  '1d': '1 day',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  '365d': '1 year',
  never: 'Never',
};

export function fillExpirySelect(el: HTMLSelectElement, withInherit: boolean): void {
  el.replaceChildren(
    ...(withInherit ? [h('option', { value: '' }, 'Same as default')] : []),
    ...EXPIRY_VALUES.map((value) => h('option', { value }, EXPIRY_LABEL[value])),
  );
}
