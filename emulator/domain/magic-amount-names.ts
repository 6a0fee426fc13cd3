import type { RuleEffect } from './scenario-rules.js';

export interface Bilingual {
  en: string;
  ko: string;
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * A short name for what a magic amount (or any rule effect) does, in English and Korean, so
 * the control page can offer "₩5051: issuer declines USER_BALANCE_NOT_ENOUGH" by name.
 * Pure: the effect in, the words out.
 */
export function effectName(effect: RuleEffect, oncePer?: string): Bilingual {
  const en: string[] = [];
  const ko: string[] = [];
  if (effect.noAnswer) {
    en.push('pay never answers');
    ko.push('pay 무응답');
  }
  if (effect.dropConnection) {
    en.push('connection dropped');
    ko.push('연결 끊김');
  }
  if (effect.httpStatus) {
    en.push(`gateway answers HTTP ${effect.httpStatus}`);
    ko.push(`게이트웨이 HTTP ${effect.httpStatus} 응답`);
  }
  if (effect.resultCode) {
    const once = oncePer ? ' once, then succeeds' : '';
    en.push(`answers ${effect.resultCode}${once}`);
    ko.push(`${effect.resultCode} 응답${oncePer ? ' (한 번, 재시도 시 성공)' : ''}`);
  }
  if (effect.latencyMs) {
    en.push(`answers after ${effect.latencyMs} ms`);
    ko.push(`${effect.latencyMs} ms 지연 응답`);
  }
  if (effect.badSignature) {
    en.push('response signature broken');
    ko.push('응답 서명 손상');
  }
  const auth = effect.authorization;
  if (auth?.outcome === 'decline') {
    en.push(`issuer declines ${auth.resultCode ?? 'DO_NOT_HONOR'}`);
    ko.push(`카드사 거절 ${auth.resultCode ?? 'DO_NOT_HONOR'}`);
  } else if (auth?.outcome === 'abandon') {
    en.push('buyer abandons; the payment expires');
    ko.push('구매자 이탈, 결제 만료');
  } else if (auth?.outcome === 'approve') {
    en.push('issuer approves');
    ko.push('카드사 승인');
  }
  const capture = effect.capture;
  if (capture?.outcome === 'fail') {
    en.push(`capture fails ${capture.resultCode ?? 'PROCESS_FAIL'}`);
    ko.push(`매입 실패 ${capture.resultCode ?? 'PROCESS_FAIL'}`);
  }
  if (capture?.delayMs) {
    en.push(`capture delayed ${minutes(capture.delayMs)} min`);
    ko.push(`매입 ${minutes(capture.delayMs)}분 지연`);
  }
  const n = effect.notification;
  if (n?.delayMs) {
    en.push(`notifications delayed ${minutes(n.delayMs)} min`);
    ko.push(`알림 ${minutes(n.delayMs)}분 지연`);
  }
  if (n?.failFirst) {
    en.push(`first ${n.failFirst} notification deliveries fail`);
    ko.push(`알림 처음 ${n.failFirst}회 전송 실패`);
  }
  if (n?.drop) {
    en.push('notifications never sent');
    ko.push('알림 미발송');
  }
  if (n?.duplicate) {
    en.push('notifications sent twice');
    ko.push('알림 중복 발송');
  }
  if (n?.badSignature) {
    en.push('notification signature broken');
    ko.push('알림 서명 손상');
  }
  if (n?.captureFirst) {
    en.push('capture result notified first');
    ko.push('매입 결과 먼저 알림');
  }
  if (en.length === 0) return { en: 'no effect', ko: '효과 없음' };
  return { en: en.join(', '), ko: ko.join(', ') };
}
