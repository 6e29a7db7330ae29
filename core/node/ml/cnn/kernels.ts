// Hot loops of the hand-written CNN engine, on plain Float32Arrays: the scalar kernels work
// on one window; the batch helpers at the end serve the tfjs-wasm path.
// Layouts: activations [channels, length] row-major; a "padded" input keeps (k-1)/2 zeros
// on each side of every channel row so the convolution needs no bounds checks.
// V8 has no SIMD for JS, so speed comes from register tiling (4 output channels × 4 time
// steps = 16 accumulators held in locals, one new input load per kernel tap thanks to a
// sliding window) and from exploiting max-pool sparsity in the backward pass.

/**
 * y[co, t] = b[co] + Σ_ci Σ_k w[co, ci, k] · xp[ci, t + k] for t < tout; xp rows have
 * length tp ≥ tout + k - 1. Also used for the input gradient with flipped weights.
 */
export function convForward(
  xp: Float32Array, cin: number, tp: number,
  w: Float32Array, b: Float32Array | null, cout: number, k: number,
  y: Float32Array, tout: number,
): void {
  const co4 = cout & ~3;
  const t4 = tout & ~3;
  const wStride = cin * k;
  for (let co = 0; co < co4; co += 4) {
    const b0 = b ? b[co]! : 0, b1 = b ? b[co + 1]! : 0, b2 = b ? b[co + 2]! : 0, b3 = b ? b[co + 3]! : 0;
    const y0 = co * tout, y1 = y0 + tout, y2 = y1 + tout, y3 = y2 + tout;
    for (let t = 0; t < t4; t += 4) {
      let a00 = b0, a01 = b0, a02 = b0, a03 = b0;
      let a10 = b1, a11 = b1, a12 = b1, a13 = b1;
      let a20 = b2, a21 = b2, a22 = b2, a23 = b2;
      let a30 = b3, a31 = b3, a32 = b3, a33 = b3;
      for (let ci = 0; ci < cin; ci++) {
        let xo = ci * tp + t;
        let wo = co * wStride + ci * k;
        // Sliding window over the input row: x0..x3 = xp[t+j .. t+j+3].
        let x0 = xp[xo]!, x1 = xp[xo + 1]!, x2 = xp[xo + 2]!;
        for (let j = 0; j < k; j++, wo++) {
          const x3 = xp[xo + 3]!;
          const w0 = w[wo]!, w1 = w[wo + wStride]!, w2 = w[wo + 2 * wStride]!, w3 = w[wo + 3 * wStride]!;
          a00 += w0 * x0; a01 += w0 * x1; a02 += w0 * x2; a03 += w0 * x3;
          a10 += w1 * x0; a11 += w1 * x1; a12 += w1 * x2; a13 += w1 * x3;
          a20 += w2 * x0; a21 += w2 * x1; a22 += w2 * x2; a23 += w2 * x3;
          a30 += w3 * x0; a31 += w3 * x1; a32 += w3 * x2; a33 += w3 * x3;
          x0 = x1; x1 = x2; x2 = x3;
          xo++;
        }
      }
      y[y0 + t] = a00; y[y0 + t + 1] = a01; y[y0 + t + 2] = a02; y[y0 + t + 3] = a03;
      y[y1 + t] = a10; y[y1 + t + 1] = a11; y[y1 + t + 2] = a12; y[y1 + t + 3] = a13;
      y[y2 + t] = a20; y[y2 + t + 1] = a21; y[y2 + t + 2] = a22; y[y2 + t + 3] = a23;
      y[y3 + t] = a30; y[y3 + t + 1] = a31; y[y3 + t + 2] = a32; y[y3 + t + 3] = a33;
    }
    for (let c = co; c < co + 4; c++) convScalar(xp, cin, tp, w, b, c, k, y, tout, t4, tout);
  }
  for (let c = co4; c < cout; c++) convScalar(xp, cin, tp, w, b, c, k, y, tout, 0, tout);
}

/** Plain loop for the edges the 4×4 tile does not cover. */
function convScalar(
  xp: Float32Array, cin: number, tp: number, w: Float32Array, b: Float32Array | null,
  co: number, k: number, y: Float32Array, tout: number, t0: number, t1: number,
): void {
  for (let t = t0; t < t1; t++) {
    let acc = b ? b[co]! : 0;
    for (let ci = 0; ci < cin; ci++) {
      const xo = ci * tp + t;
      const wo = (co * cin + ci) * k;
      for (let j = 0; j < k; j++) acc += w[wo + j]! * xp[xo + j]!;
    }
    y[co * tout + t] = acc;
  }
}

/**
 * Fused ReLU + max-pool (size = stride = pool) of the conv output y, element (ch, t) at
 * y[yOff + ch * cs + t * ts] (cs = tconv, ts = 1 for [c, t] rows; cs = 1, ts = c for the
 * [t, c] rows tfjs returns), into the padded next input out[ch * outStride + outOffset + i].
 * arg records the winning conv position, or -1 when the whole pool region is ≤ 0 (ReLU
 * blocks the gradient); arg may be null at inference.
 */
export function reluMaxPool(
  y: Float32Array, yOff: number, cs: number, ts: number, c: number, pool: number,
  out: Float32Array, outStride: number, outOffset: number, tout: number, arg: Int32Array | null,
): void {
  for (let ch = 0; ch < c; ch++) {
    const yo = yOff + ch * cs;
    const oo = ch * outStride + outOffset;
    for (let i = 0; i < tout; i++) {
      let best = 0;
      let at = -1;
      for (let j = i * pool; j < (i + 1) * pool; j++) {
        const v = y[yo + j * ts]!;
        if (v > best) { best = v; at = j; }
      }
      out[oo + i] = best;
      if (arg) arg[ch * tout + i] = at;
    }
  }
}

/**
 * Weight and bias gradients of one conv block from the pooled-output gradient g [cout, tout].
 * Only the argmax position of each pool region has a non-zero gradient, so the sum runs
 * over tout instead of tconv positions (pool× less work than a dense backward).
 */
export function convWeightGrad(
  xp: Float32Array, cin: number, tp: number, g: Float32Array, arg: Int32Array, cout: number, tout: number,
  k: number, dw: Float32Array, db: Float32Array,
): void {
  for (let co = 0; co < cout; co++) {
    const go = co * tout;
    let bsum = 0;
    for (let i = 0; i < tout; i++) if (arg[go + i]! >= 0) bsum += g[go + i]!;
    db[co] = db[co]! + bsum;
    for (let ci = 0; ci < cin; ci++) {
      const wo = (co * cin + ci) * k;
      const xo = ci * tp;
      if (k === 7) {
        // Common case unrolled: seven accumulators stay in registers across the time loop.
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0;
        for (let i = 0; i < tout; i++) {
          const a = arg[go + i]!;
          if (a < 0) continue;
          const gv = g[go + i]!;
          const x = xo + a;
          s0 += gv * xp[x]!; s1 += gv * xp[x + 1]!; s2 += gv * xp[x + 2]!; s3 += gv * xp[x + 3]!;
          s4 += gv * xp[x + 4]!; s5 += gv * xp[x + 5]!; s6 += gv * xp[x + 6]!;
        }
        dw[wo] = dw[wo]! + s0; dw[wo + 1] = dw[wo + 1]! + s1; dw[wo + 2] = dw[wo + 2]! + s2;
        dw[wo + 3] = dw[wo + 3]! + s3; dw[wo + 4] = dw[wo + 4]! + s4; dw[wo + 5] = dw[wo + 5]! + s5;
        dw[wo + 6] = dw[wo + 6]! + s6;
      } else {
        for (let i = 0; i < tout; i++) {
          const a = arg[go + i]!;
          if (a < 0) continue;
          const gv = g[go + i]!;
          for (let j = 0; j < k; j++) dw[wo + j] = dw[wo + j]! + gv * xp[xo + a + j]!;
        }
      }
    }
  }
}

/**
 * Gradient with respect to the block's (unpadded) input: scatter each pooled gradient back
 * through its argmax position and the kernel. dxp [cin, tp] is a padded scratch row set that
 * this function zeroes first; the caller reads the interior (offset (k-1)/2).
 */
export function convInputGrad(
  w: Float32Array, cin: number, tp: number, g: Float32Array, arg: Int32Array, cout: number, tout: number,
  k: number, dxp: Float32Array,
): void {
  dxp.fill(0, 0, cin * tp);
  for (let ci = 0; ci < cin; ci++) {
    const xo = ci * tp;
    for (let co = 0; co < cout; co++) {
      const wo = (co * cin + ci) * k;
      const go = co * tout;
      for (let i = 0; i < tout; i++) {
        const a = arg[go + i]!;
        if (a < 0) continue;
        const gv = g[go + i]!;
        const x = xo + a;
        for (let j = 0; j < k; j++) dxp[x + j] = dxp[x + j]! + gv * w[wo + j]!;
      }
    }
  }
}

/**
 * Transposed, flipped copy of conv weights: out[ci, co, j] = w[co, ci, k-1-j]. With it the
 * input gradient is an ordinary forward convolution of the (padded) output gradient.
 */
export function flipWeights(w: Float32Array, cout: number, cin: number, k: number, out: Float32Array): void {
  for (let co = 0; co < cout; co++) {
    for (let ci = 0; ci < cin; ci++) {
      for (let j = 0; j < k; j++) out[(ci * cout + co) * k + j] = w[(co * cin + ci) * k + (k - 1 - j)]!;
    }
  }
}

/**
 * Spreads the pooled-output gradient g [cout, tout] to the argmax positions of a zeroed,
 * padded [cout, tp] buffer (pool regions do not overlap, so positions are distinct).
 */
export function unpoolGrad(g: Float32Array, arg: Int32Array, cout: number, tout: number, out: Float32Array, tp: number, pad: number): void {
  out.fill(0, 0, cout * tp);
  for (let co = 0; co < cout; co++) {
    for (let i = 0; i < tout; i++) {
      const a = arg[co * tout + i]!;
      if (a >= 0) out[co * tp + pad + a] = g[co * tout + i]!;
    }
  }
}

// Batch layouts of the tfjs-wasm path (n windows at once): "NHWC" is [n, t, c] (tfjs's
// [n, 1, t, c] conv layout); "CTN" is [c, tp, n] with (k-1)/2 zero rows of t on each side,
// the input layout of the weight-gradient convolution.

/**
 * Fused ReLU + max-pool of conv outputs y NHWC [n, tconv, c] into out NHWC [n, tout, c],
 * optionally also into xt (CTN, row length tp, pad zeros before t = 0). arg NHWC
 * [n, tout, c] records the winning conv position, -1 where the whole region is ≤ 0.
 */
export function reluMaxPoolBatch(
  y: Float32Array, n: number, tconv: number, c: number, pool: number, tout: number,
  out: Float32Array, xt: Float32Array | null, tp: number, pad: number, arg: Int32Array | null,
): void {
  for (let w = 0; w < n; w++) {
    const yo = w * tconv * c;
    for (let i = 0; i < tout; i++) {
      const o = (w * tout + i) * c;
      for (let ch = 0; ch < c; ch++) {
        let best = 0;
        let at = -1;
        for (let j = i * pool, p = yo + j * c + ch; j < (i + 1) * pool; j++, p += c) {
          const v = y[p]!;
          if (v > best) { best = v; at = j; }
        }
        out[o + ch] = best;
        if (xt) xt[(ch * tp + pad + i) * n + w] = best;
        if (arg) arg[o + ch] = at;
      }
    }
  }
}

/**
 * Spreads the pooled-output gradient g NHWC [n, tout, c] to its argmax conv positions:
 * into dyT [tconv, n, c] (the weight-gradient filter) and, when given, dyN NHWC
 * [n, tconv, c] (the input-gradient operand); both must be zero. Adds the bias gradient.
 */
export function unpoolBatch(
  g: Float32Array, arg: Int32Array, n: number, tout: number, tconv: number, c: number,
  dyT: Float32Array, dyN: Float32Array | null, db: Float32Array,
): void {
  for (let w = 0; w < n; w++) {
    for (let i = 0; i < tout; i++) {
      const o = (w * tout + i) * c;
      for (let ch = 0; ch < c; ch++) {
        const a = arg[o + ch]!;
        if (a < 0) continue;
        const v = g[o + ch]!;
        dyT[(a * n + w) * c + ch] = v;
        if (dyN) dyN[(w * tconv + a) * c + ch] = v;
        db[ch] = db[ch]! + v;
      }
    }
  }
}

/**
 * Canonical conv weights w [cout, cin, k] as a tfjs filter [1, k, cin, cout]; with flip,
 * the input-gradient filter [1, k, cout, cin] holding w[co, ci, k-1-j] at (j, co, ci).
 */
export function tfFilter(w: Float32Array, cout: number, cin: number, k: number, flip: boolean, out: Float32Array): void {
  for (let co = 0; co < cout; co++) {
    for (let ci = 0; ci < cin; ci++) {
      const wo = (co * cin + ci) * k;
      for (let j = 0; j < k; j++) {
        if (flip) out[((k - 1 - j) * cout + co) * cin + ci] = w[wo + j]!;
        else out[(j * cin + ci) * cout + co] = w[wo + j]!;
      }
    }
  }
}
