import { describe, expect, it } from 'vitest';
import { originFormOf, signedPathOf } from '../../protocol/index.js';

/** protocol §2: the signed `<path>` of every form a request target takes (RFC 9112 §3.2). */
describe('signedPathOf and originFormOf', () => {
  const PAY = '/ams/sandbox/api/v1/payments/pay';
  const table: Array<{ target: string; origin: string; signed: string; what: string }> = [
    { what: 'origin form', target: PAY, origin: PAY, signed: PAY },
    { what: 'origin form with a query', target: `${PAY}?lang=ko&x=1`, origin: `${PAY}?lang=ko&x=1`, signed: PAY },
    { what: 'origin form with a fragment', target: `${PAY}#top`, origin: `${PAY}#top`, signed: PAY },
    { what: 'absolute https, no port (Python SDK)', target: `https://127.0.0.1${PAY}`, origin: PAY, signed: PAY },
    { what: 'absolute https, port 443', target: `https://localhost:443${PAY}`, origin: PAY, signed: PAY },
    { what: 'absolute http with a port', target: `http://127.0.0.1:8080${PAY}`, origin: PAY, signed: PAY },
    { what: 'absolute form with a query', target: `https://open-sea-global.alipay.com${PAY}?a=b`, origin: `${PAY}?a=b`, signed: PAY },
    { what: 'scheme in upper case', target: `HTTPS://Example.COM${PAY}`, origin: PAY, signed: PAY },
    { what: 'user info in the authority', target: `http://user:pw@host:1${PAY}`, origin: PAY, signed: PAY },
    { what: 'IPv6 authority', target: `http://[::1]:8080${PAY}`, origin: PAY, signed: PAY },
    { what: 'authority only', target: 'https://host', origin: '/', signed: '/' },
    { what: 'authority then a query', target: 'https://host?x=1', origin: '/?x=1', signed: '/' },
    { what: 'leading // is a path, not an authority', target: `/${PAY}`, origin: `/${PAY}`, signed: `/${PAY}` },
    { what: '// inside the path is kept', target: '/ams/api/v1//payments/pay', origin: '/ams/api/v1//payments/pay', signed: '/ams/api/v1//payments/pay' },
    { what: 'absolute form with // in the path', target: `https://host/${PAY}`, origin: `/${PAY}`, signed: `/${PAY}` },
    { what: 'percent-escapes are kept as sent', target: '/ams/api/v1/payments/%70ay', origin: '/ams/api/v1/payments/%70ay', signed: '/ams/api/v1/payments/%70ay' },
    { what: 'percent-escapes in the absolute form', target: 'http://h/ams/api/v1/payments/p%61y?q=%20', origin: '/ams/api/v1/payments/p%61y?q=%20', signed: '/ams/api/v1/payments/p%61y' },
    { what: 'an http:// inside the path is not a scheme', target: '/redirect/http://x/y', origin: '/redirect/http://x/y', signed: '/redirect/http://x/y' },
    { what: 'a bare query', target: '?x', origin: '?x', signed: '/' },
    { what: 'asterisk form', target: '*', origin: '*', signed: '*' },
  ];

  it.each(table)('$what: $target', ({ target, origin, signed }) => {
    expect(originFormOf(target)).toBe(origin);
    expect(signedPathOf(target)).toBe(signed);
  });
});
