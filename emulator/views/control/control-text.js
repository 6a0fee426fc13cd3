'use strict';
/*
 * The control page's words in English and Korean. The page language comes from <html lang>
 * (the server picks it as the hosted pages do: ?lang=, then Accept-Language, then Korean).
 * Elements carry data-i18n (text) or data-i18n-label (aria-label) keys into this table.
 */
window.ControlText = (() => {
  const en = {
    skip: 'Skip to content', control: 'control', virtualTime: 'virtual time (KST)', connecting: 'connecting',
    live: 'live', offline: 'reconnecting', advanceClock: 'advance the virtual clock', resetAll: 'Reset all state', logOut: 'Log out',
    views: 'views', tabPayments: 'Payments', tabStart: 'Start a payment', tabNotifications: 'Notifications', tabRules: 'Scenario rules',
    tabJournal: 'Request journal', tabKeys: 'Keys and merchants', tabCheck: 'Check a notify URL',
    checkHint: 'Sends genuine, forged and repeated notifications to the endpoint, as antom-sandbox check does, and says what it did with each.',
    checkUrl: 'notify URL', checkInquiry: 'with inquiry: also check that the endpoint calls inquiryPayment', checkSubmit: 'Run the check', checkRunning: 'Checking…',
    colCase: 'case', colVerdict: 'verdict', colEvidence: 'evidence', evidenceOf: (n) => `evidence: ${n} ${n === 1 ? 'delivery' : 'deliveries'}`,
    delivery: (n) => `delivery ${n}`, latencyMs: (ms) => `${ms} ms`, emptyBody: 'empty body',
    checkSummary: (p, f, r, n, ms) => `${p} passed, ${f} failed, ${r} reported (${n} cases, ${ms} ms)`,
    searchIds: 'search paymentId, paymentRequestId or referenceOrderId', status: 'status', allStatuses: 'all statuses', merchant: 'merchant',
    allMerchants: 'all merchants', fromDate: 'from (KST)', toDate: 'to (KST)',
    colPaymentId: 'paymentId', colRequestId: 'paymentRequestId', colMerchant: 'merchant', colAmount: 'amount', colStatus: 'status',
    colResult: 'result', colCreated: 'created', colType: 'type', colAttempts: 'attempts', colNext: 'next attempt', colUrl: 'URL',
    colMatch: 'match', colLeft: 'left', colUsed: 'used', colActions: 'actions', colTime: 'time', colCall: 'call', colClient: 'client',
    colSignature: 'signature', colFault: 'fault', colName: 'name', colCanStart: 'can start payments', colSelect: 'select', colNotifyUrl: 'notify URL', colResponse: 'response', colLatency: 'latency', colAttempt: 'attempt',
    payment: 'Payment', selectPayment: 'Select a payment in the list.', shown: (n) => `${n} shown`,
    startHint: "The sandbox signs a real pay call with the merchant's private key; it goes through the Antom API and is journaled like any other call.",
    noStarter: 'No merchant can start payments: register a merchant together with its private key (the demo merchant can).',
    amountKrw: 'amount (KRW)', magicAmount: 'magic amount', noMagic: 'none: a normal payment', cardBrand: 'card brand',
    brandPage: 'brand page: the buyer chooses', notifyUrl: 'notify URL (optional)', orderDescription: 'order description (optional)', orderDescriptionShort: 'order description',
    startSubmit: 'Start the payment', started: 'payment started', openPaymentPage: 'Open the payment page', showInList: 'Show in the payments list',
    request: 'request', response: 'response',
    redeliverSelected: 'Redeliver selected', selectAll: 'select all notifications', selectOne: (id) => `select notification ${id}`,
    redelivered: (ok, all) => `${ok} of ${all} redelivered`,
    newRule: 'New scenario rule', any: 'any', amount: 'amount', effect: 'effect', value: 'value', times: 'times (empty = unlimited)',
    addRule: 'Add rule', ruleAsJson: 'Rule as JSON', ruleJson: 'rule JSON', addJsonRule: 'Add JSON rule', preset: 'preset',
    loadPreset: 'Load preset', magicAmounts: 'Magic amounts (no setup needed)', meaning: 'meaning', deleteAll: 'Delete all', delete: 'Delete',
    everything: 'everything (no match)', ruleAdded: 'rule added', rulesDeleted: 'rules deleted', ruleDeleted: 'rule deleted', presetLoaded: 'preset loaded',
    matchesEverything: 'This rule has no match, so it applies to EVERY call and payment. Add it anyway?',
    confirmReset: 'Delete every payment, notification, scenario rule and journal entry?',
    confirmDeleteRules: 'Delete every scenario rule?', confirmYes: 'Yes, go ahead', confirmNo: 'Cancel',
    verdict: 'signature verdict', allVerdicts: 'all verdicts', downloadHar: 'Download the journal as HAR', journalEntry: 'Journal entry',
    selectJournal: 'Select an entry in the journal.', copyCurl: 'Copy as curl', copied: 'copied', details: 'Details', noAnswer: 'no answer',
    publicKey: 'Sandbox public key', publicKeyHint: 'Merchants verify responses and notifications with it.', copy: 'Copy', merchants: 'Merchants',
    registerMerchant: 'Register a merchant', registerHint: 'With its private key the page can start payments as this merchant; the key is never shown again.',
    publicKeyPem: 'public key (PEM or base64)', privateKeyPem: 'private key (optional, to start payments)', register: 'Register', registered: 'merchant registered',
    yes: 'yes', no: 'no', keyCopied: 'public key copied',
    approve: 'Approve', decline: 'Decline', abandon: 'Abandon', expireNow: 'Expire now', declineCode: 'decline code', exportJson: 'Download as JSON',
    timeline: 'Timeline', transactions: 'Transactions', notifications: 'Notifications', noneYet: 'none yet', raw: 'raw JSON', redeliver: 'Redeliver',
    attemptsOf: (a, m) => `${a}/${m} attempts`, next: 'next', noBrandYet: 'no brand yet', capture: 'capture',
    cause: 'cause', scenarioRule: (n) => `scenario rule #${n}`,
    causes: { buyer: 'the buyer on the issuer page', 'control-api': 'the control API', 'control-page': 'the control page', 'magic-amount': (c) => `magic amount ${c.amount}`,
      expiry: 'expiry', 'auto-capture': 'automatic capture', 'merchant-api': (c) => `the merchant's Antom API call${c.api ? ' (' + c.api + ')' : ''}` },
    requestedBy: (by, requested) => `${by} asked to ${requested}`,
    payFails: 'pay fails, no payment',
    events: {
      PAYMENT_CREATED: 'The merchant created the payment.', PAYMENT_AUTHORIZED: (d) => `The issuer authorized the payment (${d.cardBrand || 'card'}).`,
      PAYMENT_DECLINED: (d) => `The issuer declined the payment: ${d.resultCode || ''}.`, BUYER_ABANDONED: 'The buyer abandoned the payment at the issuer.',
      PAYMENT_EXPIRED: 'The payment expired unpaid.', PAYMENT_CANCELLED: 'The payment was cancelled.',
      REFUND_SUCCEEDED: (d) => `A refund of ${d.amount || ''} succeeded.`, CAPTURE_DELAYED: (d) => `The capture was delayed until ${d.until || ''}.`,
      CAPTURE_SUCCEEDED: 'The capture succeeded.', CAPTURE_FAILED: (d) => `The capture failed: ${d.resultCode || ''}.`,
    },
  };
  const ko = {
    skip: '본문으로 건너뛰기', control: '제어판', virtualTime: '가상 시각 (KST)', connecting: '연결 중', live: '실시간', offline: '다시 연결 중',
    advanceClock: '가상 시계 앞으로 돌리기', resetAll: '전체 상태 초기화', logOut: '로그아웃', views: '화면',
    tabPayments: '결제', tabStart: '결제 시작', tabNotifications: '알림', tabRules: '시나리오 규칙', tabJournal: '요청 기록', tabKeys: '키와 가맹점', tabCheck: '알림 엔드포인트 점검',
    checkHint: 'antom-sandbox check처럼 정상, 위조, 중복 알림을 엔드포인트로 보내고 각각을 어떻게 처리했는지 보여 줍니다.',
    checkUrl: '알림 URL', checkInquiry: '조회 포함: 엔드포인트가 inquiryPayment를 호출하는지도 점검', checkSubmit: '점검 실행', checkRunning: '점검 중…',
    colCase: '항목', colVerdict: '판정', colEvidence: '근거', evidenceOf: (n) => `근거: 전송 ${n}건`,
    delivery: (n) => `전송 ${n}`, latencyMs: (ms) => `${ms} ms`, emptyBody: '빈 본문',
    checkSummary: (p, f, r, n, ms) => `통과 ${p}, 실패 ${f}, 참고 ${r} (${n}개 항목, ${ms} ms)`,
    searchIds: 'paymentId, paymentRequestId, referenceOrderId 검색', status: '상태', allStatuses: '모든 상태', merchant: '가맹점',
    allMerchants: '모든 가맹점', fromDate: '시작일 (KST)', toDate: '종료일 (KST)',
    colPaymentId: 'paymentId', colRequestId: 'paymentRequestId', colMerchant: '가맹점', colAmount: '금액', colStatus: '상태', colResult: '결과',
    colCreated: '생성 시각', colType: '유형', colAttempts: '시도', colNext: '다음 시도', colUrl: 'URL', colMatch: '조건', colLeft: '남은 횟수',
    colUsed: '사용', colActions: '작업', colTime: '시각', colCall: '호출', colClient: '클라이언트', colSignature: '서명', colFault: '장애',
    colName: '이름', colCanStart: '결제 시작 가능', colSelect: '선택', colNotifyUrl: '알림 URL', colResponse: '응답', colLatency: '소요 시간', colAttempt: '시도 번호',
    payment: '결제', selectPayment: '목록에서 결제를 선택하세요.', shown: (n) => `${n}건 표시`,
    startHint: '샌드박스가 가맹점의 개인 키로 실제 pay 호출에 서명합니다. Antom API를 거치며 다른 호출처럼 기록됩니다.',
    noStarter: '결제를 시작할 수 있는 가맹점이 없습니다. 개인 키와 함께 가맹점을 등록하세요 (데모 가맹점은 가능합니다).',
    amountKrw: '금액 (원)', magicAmount: '매직 금액', noMagic: '없음: 일반 결제', cardBrand: '카드사', brandPage: '카드사 선택 화면: 구매자가 선택',
    notifyUrl: '알림 URL (선택)', orderDescription: '주문 설명 (선택)', orderDescriptionShort: '주문 설명', startSubmit: '결제 시작', started: '결제가 시작되었습니다',
    openPaymentPage: '결제 화면 열기', showInList: '결제 목록에서 보기', request: '요청', response: '응답',
    redeliverSelected: '선택한 알림 재전송', selectAll: '모든 알림 선택', selectOne: (id) => `알림 ${id} 선택`,
    redelivered: (ok, all) => `${all}건 중 ${ok}건 재전송`,
    newRule: '새 시나리오 규칙', any: '모두', amount: '금액', effect: '효과', value: '값', times: '횟수 (비우면 무제한)', addRule: '규칙 추가',
    ruleAsJson: 'JSON으로 규칙 입력', ruleJson: '규칙 JSON', addJsonRule: 'JSON 규칙 추가', preset: '프리셋', loadPreset: '프리셋 불러오기',
    magicAmounts: '매직 금액 (설정 불필요)', meaning: '의미', deleteAll: '모두 삭제', delete: '삭제', everything: '모든 호출 (조건 없음)',
    ruleAdded: '규칙이 추가되었습니다', rulesDeleted: '규칙이 삭제되었습니다', ruleDeleted: '규칙이 삭제되었습니다', presetLoaded: '프리셋을 불러왔습니다',
    matchesEverything: '이 규칙에는 조건이 없어 모든 호출과 결제에 적용됩니다. 그래도 추가할까요?',
    confirmReset: '모든 결제, 알림, 시나리오 규칙, 요청 기록을 삭제할까요?', confirmDeleteRules: '모든 시나리오 규칙을 삭제할까요?',
    confirmYes: '예, 진행합니다', confirmNo: '취소',
    verdict: '서명 검증 결과', allVerdicts: '모든 결과', downloadHar: '요청 기록을 HAR로 내려받기', journalEntry: '요청 기록 항목',
    selectJournal: '요청 기록에서 항목을 선택하세요.', copyCurl: 'curl로 복사', copied: '복사했습니다', details: '자세히', noAnswer: '응답 없음',
    publicKey: '샌드박스 공개 키', publicKeyHint: '가맹점은 이 키로 응답과 알림을 검증합니다.', copy: '복사', merchants: '가맹점',
    registerMerchant: '가맹점 등록', registerHint: '개인 키를 함께 등록하면 제어판에서 이 가맹점으로 결제를 시작할 수 있습니다. 키는 다시 표시되지 않습니다.',
    publicKeyPem: '공개 키 (PEM 또는 base64)', privateKeyPem: '개인 키 (선택, 결제 시작용)', register: '등록', registered: '가맹점이 등록되었습니다',
    yes: '예', no: '아니요', keyCopied: '공개 키를 복사했습니다',
    approve: '승인', decline: '거절', abandon: '포기', expireNow: '지금 만료', declineCode: '거절 코드', exportJson: 'JSON으로 내려받기',
    timeline: '타임라인', transactions: '거래', notifications: '알림', noneYet: '아직 없음', raw: '원본 JSON', redeliver: '재전송',
    attemptsOf: (a, m) => `${a}/${m}회 시도`, next: '다음', noBrandYet: '카드사 미선택', capture: '매입',
    cause: '원인', scenarioRule: (n) => `시나리오 규칙 #${n}`,
    causes: { buyer: '카드사 화면의 구매자', 'control-api': '제어 API', 'control-page': '제어판', 'magic-amount': (c) => `매직 금액 ${c.amount}`,
      expiry: '만료', 'auto-capture': '자동 매입', 'merchant-api': (c) => `가맹점의 Antom API 호출${c.api ? ' (' + c.api + ')' : ''}` },
    requestedBy: (by, requested) => `${by}의 요청: ${requested}`,
    payFails: 'pay 실패, 결제 없음',
    events: {
      PAYMENT_CREATED: '가맹점이 결제를 생성했습니다.', PAYMENT_AUTHORIZED: (d) => `카드사가 결제를 승인했습니다 (${d.cardBrand || '카드'}).`,
      PAYMENT_DECLINED: (d) => `카드사가 결제를 거절했습니다: ${d.resultCode || ''}.`, BUYER_ABANDONED: '구매자가 카드사 화면에서 결제를 포기했습니다.',
      PAYMENT_EXPIRED: '결제되지 않은 채 만료되었습니다.', PAYMENT_CANCELLED: '결제가 취소되었습니다.',
      REFUND_SUCCEEDED: (d) => `${d.amount || ''} 환불이 완료되었습니다.`, CAPTURE_DELAYED: (d) => `매입이 ${d.until || ''}까지 지연되었습니다.`,
      CAPTURE_SUCCEEDED: '매입이 완료되었습니다.', CAPTURE_FAILED: (d) => `매입에 실패했습니다: ${d.resultCode || ''}.`,
    },
  };
  const lang = document.documentElement.lang === 'en' ? 'en' : 'ko';
  const table = lang === 'en' ? en : ko;

  /** The word for key, called with args when it is a function. */
  function t(key, ...args) {
    const entry = table[key] ?? en[key];
    if (typeof entry === 'function') return entry(...args);
    return entry === undefined ? key : entry;
  }

  /** Fills every data-i18n / data-i18n-label element under root. */
  function translate(root) {
    for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }

  return { lang, t, translate, table };
})();
