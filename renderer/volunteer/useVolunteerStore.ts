// Which labeling view is shown: the analyst's full view or the simple volunteer view.
// A project lead hands volunteers a link with ?view=volunteer; the choice is remembered in
// this browser, and switching rewrites the address so a reload does not switch back.
import { create } from 'zustand';
import { initialView, VIEW_PARAM, type LabelingView } from './viewChoice.js';

const VIEW_KEY = 'seislabel.labelingView';

interface VolunteerState {
  view: LabelingView;
  setView(view: LabelingView): void;
}

export const useVolunteerStore = create<VolunteerState>((set) => {
  const view = initialView(location.search, localStorage.getItem(VIEW_KEY));
  localStorage.setItem(VIEW_KEY, view);
  return {
    view,
    setView: (next) => {
      localStorage.setItem(VIEW_KEY, next);
      const url = new URL(location.href);
      if (next === 'volunteer') url.searchParams.set(VIEW_PARAM, next);
      else url.searchParams.delete(VIEW_PARAM);
      history.replaceState(history.state, '', url);
      set({ view: next });
    },
  };
});
