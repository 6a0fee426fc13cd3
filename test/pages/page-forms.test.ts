import { describe, expect, it } from 'vitest';
import { PageError } from '../../emulator/routes/pages/page-errors.js';
import { parseIssuerForm, parsePageQuery } from '../../emulator/routes/pages/page-forms.js';
import { originOf, pageSecurityHeaders } from '../../emulator/routes/pages/page-headers.js';
import { newPageToken } from '../../emulator/services/ids.js';

function pageError(run: () => unknown): PageError {
  try {
    run();
  } catch (error) {
    if (error instanceof PageError) return error;
    throw error;
  }
  throw new Error('expected a PageError');
}

describe('issuer form', () => {
  it('takes an approve with a spaced card number and treats blank fields as absent', () => {
    expect(parseIssuerForm({ sessionData: 't', action: 'approve', cardNumber: '9490 2200 1166 9217', cardPassword: '', resultCode: '', method: 'password', lang: 'en' })).toEqual({
      sessionData: 't',
      action: 'approve',
      cardNumber: '9490220011669217',
      method: 'password',
      lang: 'en',
    });
  });

  it('takes a decline with its code', () => {
    expect(parseIssuerForm({ sessionData: 't', action: 'decline', resultCode: 'RISK_REJECT' })).toMatchObject({ action: 'decline', resultCode: 'RISK_REJECT' });
  });

  it.each([
    [{ sessionData: 't', action: 'steal' }, 400, 'badForm', 'action'],
    [{ sessionData: 't', action: 'decline', resultCode: 'SUCCESS' }, 400, 'badForm', 'resultCode'],
    [{ sessionData: 't', action: 'approve', cardNumber: '1234' }, 400, 'badForm', 'cardNumber'],
    [{ sessionData: 't', action: 'approve', cardPassword: '123' }, 400, 'badForm', 'cardPassword'],
    [{ action: 'approve' }, 400, 'missingToken', 'sessionData'],
    [{ sessionData: ['a', 'b'], action: 'approve' }, 400, 'missingToken', 'sessionData'],
    [{ sessionData: 'x'.repeat(200), action: 'approve' }, 400, 'missingToken', 'sessionData'],
  ])('%j → %i %s naming %s', (body, status, kind, field) => {
    const error = pageError(() => parseIssuerForm(body));
    expect(error.statusCode).toBe(status);
    expect(error.kind).toBe(kind);
    expect(error.detail).toMatch(new RegExp(`^${field}: `));
  });

  it('survives a body that is not an object', () => {
    expect(pageError(() => parseIssuerForm('action=approve')).kind).toBe('missingToken');
    expect(pageError(() => parseIssuerForm(null)).kind).toBe('missingToken');
  });
});

describe('page query', () => {
  it('needs one sessionData', () => {
    expect(parsePageQuery({ sessionData: 'abc', lang: 'en' })).toEqual({ sessionData: 'abc', lang: 'en' });
    expect(pageError(() => parsePageQuery({})).detail).toMatch(/^sessionData: /);
    expect(pageError(() => parsePageQuery({ sessionData: '' })).kind).toBe('missingToken');
  });
});

describe('page security headers', () => {
  it('allow no script, only the nonce style, fonts from self, and forms to self and the merchant origin', () => {
    const headers = pageSecurityHeaders('abc==', 'https://shop.example');
    const csp = headers['content-security-policy']!;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "style-src 'nonce-abc=='",
      "font-src 'self'",
      'img-src data:',
      "form-action 'self' https://shop.example",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(csp).not.toMatch(/unsafe|script-src/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('no-store');
    expect(pageSecurityHeaders('n')['content-security-policy']).toContain("form-action 'self';");
  });

  it.each([
    ['https://shop.example/return?x=1', 'https://shop.example'],
    ['http://127.0.0.1:3000/r', 'http://127.0.0.1:3000'],
    ["https://a.example/'; script-src *", 'https://a.example'],
    ['javascript:alert(1)', undefined],
    ['nope', undefined],
  ])('originOf(%j) → %j', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });
});

describe('page tokens', () => {
  it('end in 192 random bits in base64url, and never repeat', () => {
    // all made in one millisecond: the time in front is the same, the random part must not be
    const now = Date.UTC(2026, 11, 6, 0, 0, 0, 0);
    const random = Array.from({ length: 2_000 }, () => newPageToken(now).slice(9));
    for (const part of random) expect(part).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(new Set(random).size).toBe(random.length);
    // every one of the 32 positions varies: no fixed part or counter to guess from
    for (let i = 0; i < 32; i += 1) expect(new Set(random.map((t) => t[i])).size).toBeGreaterThan(32);
  });
});
