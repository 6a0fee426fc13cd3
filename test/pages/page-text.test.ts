import { describe, expect, it } from 'vitest';
import { DECLINE_CODES } from '../../protocol/index.js';
import { PAGE_LANGUAGES, PAGE_TEXT, pickLanguage } from '../../emulator/routes/pages/page-text.js';

describe('page language', () => {
  it.each([
    [undefined, undefined, 'ko'],
    [undefined, '', 'ko'],
    [undefined, 'en-US,en;q=0.9', 'en'],
    [undefined, 'ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'],
    [undefined, 'fr-FR, en;q=0.5, ko;q=0.7', 'ko'],
    [undefined, 'fr-FR, de;q=0.9', 'ko'],
    [undefined, 'en;q=0, ko;q=0.1', 'ko'],
    [undefined, 'EN-gb', 'en'],
    [undefined, 'en;q=abc, ko;q=0.2', 'ko'],
    ['en', 'ko-KR', 'en'],
    ['EN', 'ko-KR', 'en'],
    ['ko', 'en-US', 'ko'],
    ['ja', 'en-US', 'en'],
    [['en'], 'ko', 'ko'],
  ])('lang=%j with Accept-Language %j → %s', (explicit, header, expected) => {
    expect(pickLanguage(explicit, header)).toBe(expected);
  });
});

describe('page text', () => {
  it('has the same keys, all non-empty, in Korean and English', () => {
    const keysOf = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    const ko = keysOf(PAGE_TEXT.ko).sort();
    expect(keysOf(PAGE_TEXT.en).sort()).toEqual(ko);
    for (const lang of PAGE_LANGUAGES) {
      for (const key of ko) {
        const value = key.split('.').reduce<any>((o, k) => o[k], PAGE_TEXT[lang]);
        expect(typeof value === 'string' && value.trim().length > 0, `${lang} ${key}`).toBe(true);
      }
    }
  });

  it('labels every issuer decline code, naming the code in both languages', () => {
    for (const lang of PAGE_LANGUAGES) {
      expect(Object.keys(PAGE_TEXT[lang].declineCodes).sort()).toEqual([...DECLINE_CODES].sort());
      for (const code of DECLINE_CODES) expect(PAGE_TEXT[lang].declineCodes[code]).toContain(code);
    }
  });

  it('is Korean in Korean', () => {
    expect(PAGE_TEXT.ko.approve).toMatch(/[가-힣]/);
    expect(PAGE_TEXT.en.approve).not.toMatch(/[가-힣]/);
  });
});
