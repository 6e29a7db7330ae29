// Draws the map's points with WebGL2: one vertex per point (position, colour value) drawn
// as round gl.POINTS, colours looked up in a small palette texture, so recolouring uploads
// one float per point and panning or zooming uploads nothing but three numbers.
//
// Why raw WebGL2 and not regl-scatterplot: regl compiles its draw commands with `new
// Function`, which the app's Content-Security-Policy (script-src 'self', no 'unsafe-eval')
// forbids, and loosening that policy would weaken the Electron window's security.
import type { View } from './mapGeometry.js';

const VERTEX = `#version 300 es
in vec2 a_pos;
in float a_value;
uniform vec3 u_view;
uniform vec2 u_size;
uniform float u_point;
uniform float u_continuous;
uniform float u_paletteSize;
uniform float u_dim;
uniform sampler2D u_palette;
out vec4 v_colour;
void main() {
  vec2 px = vec2(a_pos.x * u_view.x + u_view.y, -a_pos.y * u_view.x + u_view.z);
  gl_Position = vec4(px.x / u_size.x * 2.0 - 1.0, 1.0 - px.y / u_size.y * 2.0, 0.0, 1.0);
  float idx = u_continuous > 0.5 ? floor(clamp(a_value, 0.0, 1.0) * (u_paletteSize - 1.0) + 0.5) : a_value;
  v_colour = texelFetch(u_palette, ivec2(int(idx), 0), 0);
  v_colour.a *= u_dim;
  gl_PointSize = u_point;
}`;

const FRAGMENT = `#version 300 es
precision mediump float;
in vec4 v_colour;
uniform float u_ring;
out vec4 outColour;
void main() {
  vec2 c = gl_PointCoord * 2.0 - 1.0;
  float r = dot(c, c);
  if (r > 1.0) discard;
  vec4 col = (u_ring > 0.5 && r > 0.4) ? vec4(0.0, 0.0, 0.0, 1.0) : v_colour;
  outColour = vec4(col.rgb * col.a, col.a);
}`;

function compile(gl: WebGL2RenderingContext, type: number, src: string): WebGLShader {
  const s = gl.createShader(type)!;
  gl.shaderSource(s, src);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`map shader: ${gl.getShaderInfoLog(s)}`);
  return s;
}

const hexToRgba = (hex: string): number[] => [1, 3, 5].map((o) => parseInt(hex.slice(o, o + 2), 16)).concat(255);

/** The GPU side of the scatter; the caller owns the canvas size and the view. */
export class PointsGl {
  private readonly gl: WebGL2RenderingContext;
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly posBuf: WebGLBuffer;
  private readonly valBuf: WebGLBuffer;
  private readonly selBuf: WebGLBuffer;
  private readonly hoverBuf: WebGLBuffer;
  private readonly palette: WebGLTexture;
  private readonly u: Record<string, WebGLUniformLocation | null>;
  private n = 0;
  private nSelected = 0;
  private hovered = -1;
  private paletteSize = 1;
  private continuous = false;
  /** What was last uploaded, kept for tests and exports (the GPU buffers' source arrays). */
  positions: Float32Array = new Float32Array(0);
  values: Float32Array = new Float32Array(0);

  constructor(readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer: the PNG export reads the canvas after the frame was shown.
    const gl = canvas.getContext('webgl2', { antialias: true, premultipliedAlpha: true, preserveDrawingBuffer: true });
    if (!gl) throw new Error('WebGL2 is not available in this browser: the map cannot be drawn');
    this.gl = gl;
    const p = gl.createProgram()!;
    gl.attachShader(p, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(p, compile(gl, gl.FRAGMENT_SHADER, FRAGMENT));
    gl.linkProgram(p);
    if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`map program: ${gl.getProgramInfoLog(p)}`);
    this.program = p;
    this.u = Object.fromEntries(['u_view', 'u_size', 'u_point', 'u_continuous', 'u_paletteSize', 'u_dim', 'u_palette', 'u_ring'].map((k) => [k, gl.getUniformLocation(p, k)]));
    this.vao = gl.createVertexArray()!;
    gl.bindVertexArray(this.vao);
    this.posBuf = gl.createBuffer()!;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    const aPos = gl.getAttribLocation(p, 'a_pos');
    gl.enableVertexAttribArray(aPos);
    gl.vertexAttribPointer(aPos, 2, gl.FLOAT, false, 0, 0);
    this.valBuf = gl.createBuffer()!;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.valBuf);
    const aVal = gl.getAttribLocation(p, 'a_value');
    gl.enableVertexAttribArray(aVal);
    gl.vertexAttribPointer(aVal, 1, gl.FLOAT, false, 0, 0);
    this.selBuf = gl.createBuffer()!;
    this.hoverBuf = gl.createBuffer()!;
    gl.bindVertexArray(null);
    this.palette = gl.createTexture()!;
  }

  /** Uploads positions (x, y interleaved, data units about [-1, 1]). */
  setPositions(xy: Float32Array): void {
    const gl = this.gl;
    this.positions = xy;
    this.n = xy.length / 2;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.posBuf);
    gl.bufferData(gl.ARRAY_BUFFER, xy, gl.DYNAMIC_DRAW);
  }

  /** Uploads one colour value per point and the palette it indexes (or spans, if continuous). */
  setColours(values: Float32Array, palette: string[], continuous: boolean): void {
    const gl = this.gl;
    this.values = values;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.valBuf);
    gl.bufferData(gl.ARRAY_BUFFER, values, gl.DYNAMIC_DRAW);
    const texels = new Uint8Array(palette.flatMap(hexToRgba));
    gl.bindTexture(gl.TEXTURE_2D, this.palette);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, palette.length, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, texels);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    this.paletteSize = palette.length;
    this.continuous = continuous;
  }

  /** Marks the selected points (drawn on top with a ring; the others are dimmed). */
  setSelected(indices: number[]): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.selBuf);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, Uint32Array.from(indices), gl.DYNAMIC_DRAW);
    this.nSelected = indices.length;
  }

  setHovered(index: number): void {
    this.hovered = index;
    if (index < 0) return;
    const gl = this.gl;
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.hoverBuf);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, Uint32Array.of(index), gl.DYNAMIC_DRAW);
  }

  /** Draws one frame for a view given in CSS pixels of a cssW × cssH canvas. */
  render(view: View, cssW: number, cssH: number, pointSize: number): void {
    const gl = this.gl;
    const dpr = this.canvas.width / Math.max(cssW, 1);
    gl.viewport(0, 0, this.canvas.width, this.canvas.height);
    gl.clearColor(1, 1, 1, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (!this.n) return;
    gl.useProgram(this.program);
    gl.bindVertexArray(this.vao);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.palette);
    gl.uniform1i(this.u.u_palette!, 0);
    gl.uniform3f(this.u.u_view!, view.scale, view.tx, view.ty);
    gl.uniform2f(this.u.u_size!, cssW, cssH);
    gl.uniform1f(this.u.u_continuous!, this.continuous ? 1 : 0);
    gl.uniform1f(this.u.u_paletteSize!, this.paletteSize);
    gl.uniform1f(this.u.u_point!, pointSize * dpr);
    gl.uniform1f(this.u.u_dim!, this.nSelected ? 0.35 : 0.9);
    gl.uniform1f(this.u.u_ring!, 0);
    gl.drawArrays(gl.POINTS, 0, this.n);
    if (this.nSelected) {
      gl.uniform1f(this.u.u_dim!, 1);
      gl.uniform1f(this.u.u_ring!, 1);
      gl.uniform1f(this.u.u_point!, (pointSize + 3) * dpr);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.selBuf);
      gl.drawElements(gl.POINTS, this.nSelected, gl.UNSIGNED_INT, 0);
    }
    if (this.hovered >= 0 && this.hovered < this.n) {
      gl.uniform1f(this.u.u_dim!, 1);
      gl.uniform1f(this.u.u_ring!, 1);
      gl.uniform1f(this.u.u_point!, (pointSize + 7) * dpr);
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.hoverBuf);
      gl.drawElements(gl.POINTS, 1, gl.UNSIGNED_INT, 0);
    }
    gl.bindVertexArray(null);
  }

  /** Frees the GPU objects. */
  dispose(): void {
    const gl = this.gl;
    [this.posBuf, this.valBuf, this.selBuf, this.hoverBuf].forEach((b) => gl.deleteBuffer(b));
    gl.deleteTexture(this.palette);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
  }
}
