import { describe, expect, it } from 'vitest';
import { InputError, streamId } from '../../core/common/types.js';

describe('domain types', () => {
  it('formats a stream id as NET.STA.LOC.CHA with an empty location kept', () => {
    expect(streamId({ network: 'NC', station: 'MEM', location: '', channel: 'EHZ' })).toBe('NC.MEM..EHZ');
  });
  it('names the file and the problem in an input error', () => {
    const e = new InputError('a.mseed', 'truncated record at byte 512');
    expect(e.message).toBe('a.mseed: truncated record at byte 512');
  });
});
