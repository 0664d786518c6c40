import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { useAppWithFakeUpstream } from '../support/use-app-with-fake-upstream';

/** Debian's chromium package; the test drives it and never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';
const ADMIN_KEY = 'e2e-dashboard-admin-key-0123456789';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Dashboard browser test skipped: ${CHROMIUM} is absent (apt-get install chromium)`);

(hasChromium ? describe : describe.skip)('GET /dashboard in headless Chromium at phone width', () => {
  const { app } = useAppWithFakeUpstream({ ADMIN_KEY, EMBED_PROVIDER: 'lexical' }, { listen: true });
  let browser: Browser;
  let page: Page;
  const askQuestion = (question: string) => request(app().getHttpServer()).post('/ask').send({ question }).expect(200);
  const shown = (testId: string) => page.getByTestId(testId).innerText();

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 30_000);
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(15_000);
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the numbers, updates them after requests, and deletes an entry with the admin key', async () => {
    await page.goto(`${await app().getUrl()}/dashboard?refresh=250`);
    await page.getByTestId('status').filter({ hasText: 'updated' }).waitFor();
    expect(await shown('calls-avoided')).toBe('0');
    expect(await shown('entries-status')).toContain('admin key is needed');

    await askQuestion('What is a cache?');
    await askQuestion('What is a cache?');
    await page.getByTestId('calls-avoided').filter({ hasText: /^1$/ }).waitFor();
    expect(await shown('hit-rate')).toBe('50.0 %');
    expect(await shown('tokens-saved')).not.toBe('0');
    expect(await page.locator('#chart polyline').count()).toBe(3);

    await page.getByTestId('admin-key').fill(ADMIN_KEY);
    await page.getByTestId('admin-key').dispatchEvent('change');
    const rows = page.locator('#recent tr', { hasText: 'What is a cache?' });
    await rows.nth(1).waitFor();
    expect(await page.getByTestId('namespaces').innerText()).toContain('2 entries');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // Both layers hold the question: deleting both rows leaves nothing to answer it from.
    await rows.first().getByRole('button', { name: 'Delete' }).click();
    await rows.nth(1).waitFor({ state: 'detached' });
    await rows.first().getByRole('button', { name: 'Delete' }).click();
    await rows.first().waitFor({ state: 'detached' });

    const { body } = await askQuestion('What is a cache?');
    expect(body.source).toBe('llm');
  }, 60_000);
});
