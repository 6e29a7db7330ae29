// Which Host headers and Origins the browser-mode host accepts.
import { describe, expect, it } from 'vitest';
import { hostAllowed, isLoopback, originAllowed, servedHosts } from '../../core/server/hostNames.js';

describe('served host names', () => {
  it('answers to the loopback names on its own port only', () => {
    const s = servedHosts('127.0.0.1', 5173);
    for (const h of ['127.0.0.1:5173', 'localhost:5173', 'LOCALHOST:5173', '[::1]:5173']) expect(hostAllowed(h, s), h).toBe(true);
    for (const h of ['127.0.0.1', 'localhost:5174', 'evil.example:5173', '127.0.0.1.evil.example:5173', '', undefined]) expect(hostAllowed(h, s), String(h)).toBe(false);
  });

  it('adds the bound address, and a proxied name with and without its port', () => {
    const s = servedHosts('192.0.2.7', 8080, ['labels.example.org']);
    expect(hostAllowed('192.0.2.7:8080', s)).toBe(true);
    expect(hostAllowed('labels.example.org', s)).toBe(true);
    expect(hostAllowed('labels.example.org:8080', s)).toBe(true);
    expect(originAllowed('https://labels.example.org', s)).toBe(true);
    expect(originAllowed('https://labels.example.org.evil.example', s)).toBe(false);
  });

  it('takes a WebSocket Origin only from a page it served', () => {
    const s = servedHosts('127.0.0.1', 5173);
    expect(originAllowed(undefined, s)).toBe(true);
    expect(originAllowed('http://127.0.0.1:5173', s)).toBe(true);
    for (const o of ['http://evil.example', 'http://127.0.0.1:5174', 'null', 'file://', 'chrome-extension://abc', 'not a url']) expect(originAllowed(o, s), o).toBe(false);
  });

  it('knows loopback addresses as a socket reports them', () => {
    for (const a of ['127.0.0.1', '127.5.0.1', '::1', '::ffff:127.0.0.1', 'localhost']) expect(isLoopback(a), a).toBe(true);
    for (const a of ['0.0.0.0', '192.0.2.1', '::', undefined]) expect(isLoopback(a), String(a)).toBe(false);
  });
});
