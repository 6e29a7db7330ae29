// The FDSN station text format as data centres write it, and Retry-After in both its forms.
import { describe, expect, it } from 'vitest';
import { parseFdsnTime, parseStationText } from '../../core/node/fdsn/stationText.js';
import { retryAfterMs } from '../../core/node/fdsn/request.js';
import { dataselectUrl, resolveService, stationUrl } from '../../core/node/fdsn/services.js';

// As fdsnws-station answers level=channel&format=text (spaces around the header names, an
// open end time for a running channel, a blank location code).
const TEXT = `#Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip | SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime
CH|BALST||HHZ|47.33578|7.69498|863.0|0.0|0.0|-90.0|Trillium Compact 120s|6.2e+08|1.0|m/s|100.0|2012-10-02T00:00:00|
IU|ANMO|00|BHZ|34.945981|-106.457133|1671.0|145.0|0.0|-90.0|Streckeisen STS-6A VBB Seismometer|3.3e+09|0.02|m/s|40.0|2024-02-07T21:00:00.0000|2599-12-31T23:59:59.0000
`;

describe('fdsnws-station text', () => {
  it('reads channels with coordinates, rates, UTC times and open epochs', () => {
    const [a, b] = parseStationText(TEXT);
    expect(a).toEqual({ network: 'CH', station: 'BALST', location: '', channel: 'HHZ', latitude: 47.33578, longitude: 7.69498, elevation: 863, depth: 0, sampleRate: 100, start: Date.UTC(2012, 9, 2), end: null });
    expect(b!.location).toBe('00');
    expect(b!.start).toBe(Date.UTC(2024, 1, 7, 21));
    expect(b!.end).toBe(Date.UTC(2599, 11, 31, 23, 59, 59));
  });

  it('refuses what is not that format, saying what it got', () => {
    expect(() => parseStationText('<html>maintenance</html>')).toThrow(/expected a "#Network\|Station\|…" header line, got "<html>maintenance/);
    expect(() => parseStationText('#Network|Station|Latitude\nCH|BALST|47')).toThrow(/lacks location, channel, starttime \(was it asked with level=channel\?\)/);
    expect(() => parseStationText(`${TEXT.split('\n')[0]}\nCH|BALST||HHZ`)).toThrow(/line 2: 4 fields where the header has 17/);
    expect(() => parseStationText(`${TEXT.split('\n')[0]}\nCH|BALST||HHZ|1|2|3|4|5|6|x|1|1|m/s|100|yesterday|`)).toThrow(/line 2: "yesterday" is not an ISO time/);
  });

  it('reads times without a zone as UTC, whatever the machine zone', () => {
    expect(parseFdsnTime('2025-11-10T01:02:03.5')).toBe(Date.UTC(2025, 10, 10, 1, 2, 3, 500));
    expect(parseFdsnTime('2025-11-10T01:02:03+01:00')).toBe(Date.UTC(2025, 10, 10, 0, 2, 3));
  });
});

describe('request details', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', Date.UTC(2026, 9, 21, 7, 28, 0))).toBe(30_000);
    expect(retryAfterMs('soon')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it('writes the blank location as "--" and times without a zone', () => {
    const s = resolveService('http://127.0.0.1:9/');
    const q = { network: 'CH', station: 'BALST', location: '', channel: 'LH?', start: Date.UTC(2025, 10, 10), end: Date.UTC(2025, 10, 10, 1) };
    expect(dataselectUrl(s, q)).toBe('http://127.0.0.1:9/fdsnws/dataselect/1/query?net=CH&sta=BALST&loc=--&cha=LH%3F&starttime=2025-11-10T00%3A00%3A00.000&endtime=2025-11-10T01%3A00%3A00.000&nodata=404');
    expect(stationUrl(s, q)).toContain('/fdsnws/station/1/query?net=CH&sta=BALST&loc=--&cha=LH%3F&');
    expect(stationUrl(s, q)).toContain('&level=channel&format=text&nodata=404');
  });
});
