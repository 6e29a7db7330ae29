// Runs the Playwright end-to-end tests in a locally installed Chromium. Playwright cannot
// download its own browser everywhere (not on the CI machines), so a system Chromium is
// used: $SEISLABEL_CHROMIUM, Debian's /usr/bin/chromium, or another common install.
// Without any browser the tests are skipped LOUDLY — except in CI, where that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.SEISLABEL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'].filter(Boolean);
const browser = candidates.find((p) => existsSync(p));
if (!browser) {
  const msg = `no Chromium found (looked at ${candidates.join(', ')}); install one (Debian: apt-get install chromium) or set SEISLABEL_CHROMIUM`;
  if (process.env.CI) {
    console.error(`E2E FAILED: ${msg}`);
    process.exit(1);
  }
  console.warn(`\n${'!'.repeat(80)}\nSKIPPED ALL END-TO-END TESTS: ${msg}\n${'!'.repeat(80)}\n`);
  process.exit(0);
}
const r = spawnSync('npx', ['playwright', 'test', '-c', 'tests/e2e/playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, SEISLABEL_CHROMIUM: browser },
});
process.exit(r.status ?? 1);
