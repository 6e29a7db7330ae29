// The GPU check's arithmetic: the adapter named as the user should read it (a software
// adapter said so), and the page's probabilities against the host's on hand-made cases.
import { describe, expect, it } from 'vitest';
import { adapterText, compareProbabilities, describeAdapter, parseWindowCount } from '../../renderer/gpu/gpuReport.js';

describe('describeAdapter', () => {
  it('calls SwiftShader and fallback adapters software, a real GPU not', () => {
    // What Debian's Chromium gives with --enable-unsafe-webgpu and no GPU.
    const swift = describeAdapter({ vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true });
    expect(swift.software).toBe(true);
    expect(adapterText(swift)).toBe('google / swiftshader (software adapter: the GPU is emulated on this computer\'s CPU)');
    // Older browsers: no isFallbackAdapter in the info, the name still tells.
    expect(describeAdapter({ vendor: 'google', architecture: 'swiftshader' }).software).toBe(true);
    expect(describeAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }).software).toBe(true);
    expect(describeAdapter({ vendor: 'acme', architecture: 'x' }, true).software).toBe(true);
    const nvidia = describeAdapter({ vendor: 'nvidia', architecture: 'ampere', description: '', isFallbackAdapter: false });
    expect(nvidia.software).toBe(false);
    expect(adapterText(nvidia)).toBe('nvidia / ampere');
    expect(adapterText(describeAdapter(undefined))).toBe('unnamed adapter');
  });
});

describe('compareProbabilities', () => {
  const host = [[0.9, 0.1], [0.2, 0.8], null, [0.55, 0.45]];

  it('gives the largest difference and argmax agreement over the windows the host scored', () => {
    const page = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.55, 0.45]);
    const a = compareProbabilities(page, host, 2);
    expect(a).toMatchObject({ compared: 3, missing: 1, sameClass: 3, byClass: [{ windows: 2, same: 2 }, { windows: 1, same: 1 }] });
    // Float32 of the same numbers: differences at float32 rounding only.
    expect(a.maxDiff).toBeLessThan(1e-7);
  });

  it('sees weights that swap the classes, a changed decision and a NaN', () => {
    const swapped = Float32Array.from([0.1, 0.9, 0.8, 0.2, 0.5, 0.5, 0.45, 0.55]);
    const s = compareProbabilities(swapped, host, 2);
    expect(s.sameClass).toBe(0);
    expect(s.byClass).toEqual([{ windows: 2, same: 0 }, { windows: 1, same: 0 }]);
    expect(s.maxDiff).toBeCloseTo(0.8, 6);
    const flipped = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0, 0, 0.49, 0.51]);
    const f = compareProbabilities(flipped, host, 2);
    expect(f.sameClass).toBe(2);
    expect(f.byClass).toEqual([{ windows: 2, same: 1 }, { windows: 1, same: 1 }]);
    expect(f.maxDiff).toBeCloseTo(0.06, 6);
    const nan = Float32Array.from([0.9, 0.1, Number.NaN, 0.8, 0, 0, 0.55, 0.45]);
    expect(compareProbabilities(nan, host, 2).maxDiff).toBe(Number.POSITIVE_INFINITY);
  });

  it('has no difference to report when the host stored none, and refuses mismatched shapes', () => {
    const none = compareProbabilities(new Float32Array(4), [null, null], 2);
    expect(none).toMatchObject({ compared: 0, missing: 2, sameClass: 0, byClass: [{ windows: 0, same: 0 }, { windows: 0, same: 0 }] });
    expect(none.maxDiff).toBeNaN();
    expect(() => compareProbabilities(new Float32Array(6), host, 2)).toThrow('6 probabilities for 4 windows of 2 classes');
    expect(() => compareProbabilities(new Float32Array(3), [[0.2, 0.3, 0.5]], 3)).not.toThrow();
    expect(() => compareProbabilities(new Float32Array(3), [[0.5, 0.5]], 3)).toThrow("the host's prediction 0 has 2 classes, the model 3");
  });
});

describe('the GPU check\'s window count', () => {
  it('takes a whole number from 1 to 5000', () => {
    expect(parseWindowCount('1')).toEqual({ count: 1 });
    expect(parseWindowCount(' 256 ')).toEqual({ count: 256 });
    expect(parseWindowCount('5000')).toEqual({ count: 5000 });
  });
  it('names the field and the value it refuses, rather than running another count', () => {
    for (const bad of ['0', '', '-3', '5001', '99999', '2.5', 'abc', '1e9']) {
      expect(parseWindowCount(bad)).toEqual({ error: `windows: "${bad}" is not a whole number from 1 to 5000` });
    }
  });
});
