import h5wasm from 'h5wasm/node';
await h5wasm.ready;
const f = new h5wasm.File(process.argv[2], 'r');
function walk(g, path, depth) {
  for (const [k, v] of Object.entries(g.attrs ?? {})) console.log(' '.repeat(depth*2) + '@' + k + '=' + JSON.stringify(v.value).slice(0,200));
  const keys = g.keys();
  let shown = 0;
  for (const k of keys) {
    if (shown++ > 4) { console.log(' '.repeat(depth*2) + `... ${keys.length} keys`); break; }
    const item = g.get(k);
    if (item instanceof h5wasm.Group) { console.log(' '.repeat(depth*2) + k + '/'); walk(item, path + '/' + k, depth+1); }
    else if (item instanceof h5wasm.Dataset) { console.log(' '.repeat(depth*2) + k + ' ' + JSON.stringify(item.shape) + ' ' + item.dtype + ' ' + JSON.stringify(item.metadata).slice(0,300)); for (const [a, v] of Object.entries(item.attrs)) console.log(' '.repeat(depth*2+2) + '@' + a + '=' + JSON.stringify(v.value).slice(0,200)); }
  }
}
walk(f, '', 0);
f.close();
