// Which labeling view a page opens with; free of the DOM so it can be tested in Node.

export type LabelingView = 'full' | 'volunteer';

/** The address parameter a project lead puts in a volunteer's link (?view=volunteer). */
export const VIEW_PARAM = 'view';

/** The view to open with: the address's ?view= when it names one, else the remembered one, else full. */
export function initialView(search: string, stored: string | null): LabelingView {
  const asked = new URLSearchParams(search).get(VIEW_PARAM);
  if (asked === 'volunteer' || asked === 'full') return asked;
  return stored === 'volunteer' ? 'volunteer' : 'full';
}
