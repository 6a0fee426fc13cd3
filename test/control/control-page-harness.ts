import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, VIEWPORTS } from '../support/browser.js';
import { startReceiver, type NotificationReceiver } from '../support/notification-receiver.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox-harness.js';

// browser-side names used inside page.evaluate callbacks (the project compiles without the DOM lib)
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

/** Shared by the control page's Chromium suites (test/control/control-page-*.browser.test.ts). */
export type Width = keyof typeof VIEWPORTS;
export const WIDTHS = Object.keys(VIEWPORTS) as Width[];
export const VIEWS = ['payments', 'start', 'notifications', 'rules', 'journal', 'keys', 'check'] as const;

/** Screenshots of this page land here (gitignored, kept as CI artifacts). */
export const controlShotDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'control-page');

export interface ControlPage {
  page: Page;
  context: BrowserContext;
  /** page errors, console errors and CSP violations, which every test expects to stay empty */
  problems: string[];
  /** every control API request the page made, in order */
  apiRequests: Request[];
}

export async function openControlPage(
  browser: Browser,
  url: string,
  options: { width?: Width; locale?: string; bypassCSP?: boolean; path?: string } = {},
): Promise<ControlPage> {
  const context = await browser.newContext({ viewport: VIEWPORTS[options.width ?? 'desktop'], locale: options.locale ?? 'en-US', bypassCSP: options.bypassCSP ?? false });
  // fail at the step that hangs, well inside the test's own timeout
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const apiRequests: Request[] = [];
  // init scripts run through the DevTools protocol, outside the page's CSP
  await page.addInitScript({ content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));" });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('request', (r) => {
    if (r.url().includes('/_sandbox/api/')) apiRequests.push(r);
  });
  await page.goto(`${url}${options.path ?? '/_sandbox'}`);
  return { page, context, problems, apiRequests };
}

/** The page has loaded its data and its live stream is open. */
export async function waitLive(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  await page.waitForSelector('#live.on', { timeout: 10_000 });
}

export async function showView(page: Page, view: (typeof VIEWS)[number]): Promise<void> {
  await page.locator(`nav.tabs a[data-view="${view}"]`).click();
  await page.waitForSelector(`#view-${view}:not([hidden])`);
  await page.waitForSelector('main:not([aria-busy])', { state: 'attached' });
}

export async function controlShot(page: Page, name: string): Promise<string> {
  mkdirSync(controlShotDir, { recursive: true });
  const path = join(controlShotDir, `${name}.png`);
  // the Korean web font comes in unicode-range slices: load every slice the page's text needs first
  await page.evaluate(`document.fonts.load('14px "Noto Sans KR Variable"', document.body.innerText).then(() => document.fonts.ready)`);
  await page.screenshot({ path, fullPage: true });
  expect(statSync(path).size).toBeGreaterThan(10_000);
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations of the page as it is now (needs a bypassCSP context to inject axe). */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(`axe.run({ resultTypes: ['violations'] }).then((r) => r.violations.map((v) =>
    ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))`)) as { id: string; impact: string; targets: string[] }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** A computed style of the element (the tests compile without the DOM lib, hence `any`). */
export function cssOf(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((el, name) => (globalThis as any).getComputedStyle(el)[name] as string, property);
}

export interface ControlSuite {
  sandbox: TestSandbox;
  browser: Browser;
  receiver: NotificationReceiver;
  /** every page opened, closed after the suite with its problems expected empty */
  opened: ControlPage[];
  /** opens the page at a view, loaded and live */
  openAt(view: (typeof VIEWS)[number], options?: { width?: Width; locale?: string; bypassCSP?: boolean }): Promise<Page>;
}

/** A real sandbox, a notification receiver and Chromium for one describe block. */
export function controlSuite(): ControlSuite {
  const suite = { opened: [] as ControlPage[] } as ControlSuite;
  suite.openAt = async (view, options = {}) => {
    const control = await openControlPage(suite.browser, suite.sandbox.url, options);
    suite.opened.push(control);
    await waitLive(control.page);
    await showView(control.page, view);
    return control.page;
  };
  beforeAll(async () => {
    [suite.sandbox, suite.browser, suite.receiver] = await Promise.all([startTestSandbox(), launchBrowser(), startReceiver('/antom/notify')]);
  });
  afterAll(async () => {
    for (const c of suite.opened) expect(c.problems).toEqual([]);
    await Promise.all(suite.opened.map((c) => c.context.close()));
    await suite.browser?.close();
    await Promise.all([suite.sandbox?.close(), suite.receiver?.close()]);
  });
  return suite;
}
