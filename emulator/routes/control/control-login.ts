import type { PageLanguage } from '../pages/page-text.js';

const TEXT = {
  ko: { title: 'antom-sandbox 제어판 로그인', heading: 'antom-sandbox 제어판', started: '이 샌드박스는 <code>--control-token</code>으로 시작되었습니다.', wrong: '토큰이 올바르지 않습니다.', label: '제어 토큰', submit: '로그인' },
  en: { title: 'antom-sandbox: log in', heading: 'antom-sandbox control', started: 'This sandbox was started with <code>--control-token</code>.', wrong: 'Wrong token.', label: 'Control token', submit: 'Log in' },
} as const;

/** The login form of --control-token: fixed text only, its one style block allowed by nonce. */
export function loginPage(options: { failed: boolean; nonce: string; lang: PageLanguage }): string {
  const text = TEXT[options.lang];
  const other: PageLanguage = options.lang === 'ko' ? 'en' : 'ko';
  return `<!doctype html><html lang="${options.lang}"><head><meta charset="utf-8"><title>${text.title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/checkout-page/fonts/noto-sans-kr/index.css" nonce="${options.nonce}">
<style nonce="${options.nonce}">body{font:15px "Noto Sans KR Variable",system-ui,sans-serif;background:#f4f5f7;color:#1f2329;display:grid;place-items:center;min-height:100vh;margin:0}
main{box-sizing:border-box;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(24rem,calc(100vw - 2rem))}
input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin-top:.5rem}button{background:#0958d9;color:#fff;border:0;border-radius:4px;cursor:pointer}
:focus-visible{outline:3px solid #f5b400;outline-offset:2px}h1{font-size:1.3rem}a{color:#0958d9}
.err{color:#b42318}</style></head><body><main>
<form method="post" action="/_sandbox/login"><h1>${text.heading}</h1>
<input type="hidden" name="lang" value="${options.lang}">
<p>${text.started}</p>
${options.failed ? `<p class="err" role="alert">${text.wrong}</p>` : ''}
<label for="token">${text.label}</label><input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">${text.submit}</button></form>
<p><a href="/_sandbox?lang=${other}" lang="${other}">${other === 'ko' ? '한국어' : 'English'}</a></p></main></body></html>`;
}
