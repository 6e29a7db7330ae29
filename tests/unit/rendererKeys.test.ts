import { describe, expect, it } from 'vitest';
import { verdictKey } from '../../renderer/lib/hotkeys.js';

const classes = [{ id: 7, hotkey: '1' }, { id: 9, hotkey: 'n' }];
const key = (k: string, ctrlKey = false) => verdictKey({ key: k, ctrlKey }, classes);

describe('keys shared by the full and the volunteer view', () => {
  it('map class hotkeys, unsure, skip, undo and play', () => {
    expect(key('1')).toEqual({ kind: 'class', classId: 7 });
    expect(key('n')).toEqual({ kind: 'class', classId: 9 });
    expect(key('u')).toEqual({ kind: 'unsure' });
    expect(key('s')).toEqual({ kind: 'skip' });
    expect(key('Backspace')).toEqual({ kind: 'undo' });
    expect(key('z', true)).toEqual({ kind: 'undo' });
    expect(key(' ')).toEqual({ kind: 'play' });
  });
  it('leave other keys, and Ctrl with a class key, to the view', () => {
    expect(key('ArrowRight')).toBeNull();
    expect(key('2')).toBeNull();
    expect(key('1', true)).toBeNull();
  });
});
