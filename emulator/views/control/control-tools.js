'use strict';
/*
 * The other views: all notifications with bulk redeliver, the scenario rule editor and list,
 * the request journal (HAR, copy as curl) and the keys and merchants.
 */
window.ControlTools = (() => {
  const { t } = window.ControlText;
  const { $, h, cell, rerender, api, toast, timeEl, statusEl, json, copyText, confirmInPage } = window.ControlDom;
  const state = window.ControlState;

  // ---- notifications ----
  const selectedNotifications = () => [...$('notifications').querySelectorAll('input[type=checkbox]:checked')].map((box) => box.value);
  function syncRedeliverButton() {
    const chosen = selectedNotifications();
    $('redeliver-selected').disabled = chosen.length === 0;
    const boxes = $('notifications').querySelectorAll('input[type=checkbox]');
    $('select-all-notifications').checked = boxes.length > 0 && chosen.length === boxes.length;
  }
  async function refreshNotifications() {
    const status = $('notification-status').value;
    const { notifications } = await api('GET', '/notifications?limit=500' + (status ? '&status=' + status : ''));
    // read after the fetch: a box ticked while it was under way stays ticked
    const chosen = new Set(selectedNotifications());
    $('notifications').replaceChildren(...notifications.map((n) => h('tr', { 'data-notification-id': n.id },
      cell('colSelect', h('input', { type: 'checkbox', value: n.id, checked: chosen.has(n.id), 'aria-label': t('selectOne', n.id), onchange: syncRedeliverButton })),
      cell('colPaymentId', h('button', { type: 'button', class: 'link', onclick: () => { state.go('payments'); window.ControlPayments.select(n.paymentId); } }, n.paymentId)),
      cell('colType', n.notifyType),
      cell('colStatus', statusEl(n.status)),
      cell('colAttempts', t('attemptsOf', n.attempts, n.maxAttempts)),
      cell('colNext', timeEl(n.nextAttemptAt)),
      cell('colUrl', n.url ? h('code', {}, n.url) : ''))));
    $('notifications-count').textContent = t('shown', notifications.length);
    syncRedeliverButton();
  }
  $('notification-status').addEventListener('change', () => state.refresh('notifications'));
  $('select-all-notifications').addEventListener('change', () => {
    for (const box of $('notifications').querySelectorAll('input[type=checkbox]')) box.checked = $('select-all-notifications').checked;
    syncRedeliverButton();
  });
  $('redeliver-selected').addEventListener('click', () => {
    const ids = selectedNotifications();
    state.act(null, async () => {
      const { results } = await api('POST', '/notifications/redeliver', { ids });
      const ok = results.filter((r) => r.ok).length;
      toast(t('redelivered', ok, results.length), ok < results.length);
      for (const box of $('notifications').querySelectorAll('input[type=checkbox]')) box.checked = false;
    });
  });

  // ---- rule editor ----
  /** effect kind → [label, default value, builder]; the value field resets when the kind changes */
  const num = (value) => { if (!/^\d+$/.test(value)) throw new Error(t('value') + ': 0-9'); return Number(value); };
  const EFFECTS = {
    latencyMs: ['latency (ms)', '3000', (v) => ({ latencyMs: num(v) })],
    noAnswer: ['no answer (timeout)', null, () => ({ noAnswer: true })],
    httpStatus: ['HTTP status (500/502/503)', '503', (v) => ({ httpStatus: num(v) })],
    dropConnection: ['drop the connection', null, () => ({ dropConnection: true })],
    resultCode: ['result code', 'UNKNOWN_EXCEPTION', (v) => ({ resultCode: v })],
    badSignature: ['bad response signature', null, () => ({ badSignature: true })],
    'authorization.decline': ['issuer declines (code)', 'DO_NOT_HONOR', (v) => ({ authorization: { outcome: 'decline', resultCode: v || 'DO_NOT_HONOR' } })],
    'authorization.abandon': ['buyer abandons', null, () => ({ authorization: { outcome: 'abandon' } })],
    'authorization.approve': ['issuer approves', null, () => ({ authorization: { outcome: 'approve' } })],
    'capture.fail': ['capture fails (code)', 'PROCESS_FAIL', (v) => ({ capture: { outcome: 'fail', resultCode: v || 'PROCESS_FAIL' } })],
    'capture.delay': ['capture delayed (ms)', '60000', (v) => ({ capture: { outcome: 'success', delayMs: num(v) } })],
    'notification.delayMs': ['notification delayed (ms)', '300000', (v) => ({ notification: { delayMs: num(v) } })],
    'notification.drop': ['notification lost', null, () => ({ notification: { drop: true } })],
    'notification.duplicate': ['notification duplicated', null, () => ({ notification: { duplicate: true } })],
    'notification.failFirst': ['first N deliveries fail', '2', (v) => ({ notification: { failFirst: num(v) } })],
    'notification.badSignature': ['notification bad signature', null, () => ({ notification: { badSignature: true } })],
    'notification.captureFirst': ['capture result first', null, () => ({ notification: { captureFirst: true } })],
  };
  $('effect-kind').replaceChildren(...Object.entries(EFFECTS).map(([kind, [label]]) => h('option', { value: kind }, label)));
  $('effect-kind').value = 'resultCode';
  function resetEffectValue() {
    const [, initial] = EFFECTS[$('effect-kind').value];
    $('effect-value').value = initial === null ? '' : initial;
    $('effect-value').disabled = initial === null;
  }
  $('effect-kind').addEventListener('change', resetEffectValue);
  resetEffectValue();

  function ruleFromForm(form) {
    const f = new FormData(form);
    const match = {};
    for (const k of ['api', 'clientId', 'paymentRequestId', 'referenceOrderId', 'amount', 'cardBrand']) if (String(f.get(k) || '').trim()) match[k] = String(f.get(k)).trim();
    const kind = $('effect-kind').value;
    const rule = { match, effect: EFFECTS[kind][2](String(f.get('value') || '').trim()) };
    const times = String(f.get('times') || '').trim();
    if (times) rule.times = num(times);
    return rule;
  }
  const matchesEverything = (rule) => !rule || !rule.match || Object.keys(rule.match).length === 0;

  /** Saves a rule, asking first (in the page) when it would match every call. */
  async function saveRule(rule) {
    if (matchesEverything(rule) && !(await confirmInPage(t('matchesEverything')))) return;
    await state.act(t('ruleAdded'), () => api('POST', '/scenarios', rule));
  }
  $('rule-form').addEventListener('submit', (event) => {
    event.preventDefault();
    let rule;
    try { rule = ruleFromForm(event.target); } catch (e) { toast(e.message, true); return; }
    saveRule(rule);
  });
  $('add-json').addEventListener('click', () => {
    let rule;
    try { rule = JSON.parse($('rule-json').value); } catch (e) { toast('JSON: ' + e.message, true); return; }
    saveRule(rule);
  });
  $('clear-rules').addEventListener('click', async () => {
    if (await confirmInPage(t('confirmDeleteRules'))) state.act(t('rulesDeleted'), () => api('DELETE', '/scenarios'));
  });
  $('load-preset').addEventListener('click', () => state.act(t('presetLoaded'), () => api('POST', '/scenarios/presets/' + encodeURIComponent($('preset').value))));

  async function refreshRules() {
    const { rules } = await api('GET', '/scenarios');
    state.rules = rules;
    $('rules').replaceChildren(...rules.map((r) => h('tr', { 'data-rule-id': r.id, id: 'rule-' + r.id, tabindex: '-1' },
      cell('colSelect', '#' + r.id.slice(0, 8)),
      cell('colMatch', matchesEverything(r) ? h('strong', {}, t('everything')) : h('code', {}, JSON.stringify(r.match))),
      cell('effect', h('code', {}, JSON.stringify(r.effect))),
      cell('colLeft', r.remaining === null ? '∞' : r.remaining),
      cell('colUsed', r.used),
      cell('colActions', h('button', { type: 'button', class: 'danger', onclick: () => state.act(t('ruleDeleted'), () => api('DELETE', '/scenarios/' + encodeURIComponent(r.id))) }, t('delete'))))));
  }

  function fillPresets(presets) {
    $('preset').replaceChildren(...presets.map((p) => h('option', { value: p.name }, p.name)));
    const describe = () => { const p = presets.find((x) => x.name === $('preset').value); $('preset-description').textContent = p ? p.description || '' : ''; };
    $('preset').addEventListener('change', describe);
    describe();
  }
  function fillMagic(amounts) {
    $('magic').replaceChildren(...amounts.map((a) => h('tr', {}, cell('amount', '₩' + a.amount), cell('meaning', window.ControlPayments.magicName(a) + (a.name ? ': ' + a.description : '')))));
  }

  // ---- journal ----
  async function refreshJournal() {
    const verdict = $('verdict-filter').value;
    const { requests } = await api('GET', '/requests?limit=100' + (verdict ? '&verdict=' + verdict : ''));
    state.journal = requests;
    $('journal').replaceChildren(...requests.map((e) => h('tr', { class: 'clickable', 'data-journal-id': e.id, onclick: (event) => { if (!event.target.closest('button')) showJournal(e.id); } },
      cell('colTime', timeEl(e.at)),
      cell('colCall', h('button', { type: 'button', class: 'link', onclick: () => showJournal(e.id) }, e.method + ' ' + e.path)),
      cell('colClient', e.clientId ? h('code', {}, e.clientId) : ''),
      cell('colSignature', statusEl(e.verdict)),
      cell('colResult', e.httpStatus === null ? t('noAnswer') : (e.httpStatus === 200 ? '' : 'HTTP ' + e.httpStatus + ' ') + (e.resultCode || '')),
      cell('colFault', e.fault || ''),
      cell('colActions', h('button', { type: 'button', class: 'copy-curl', disabled: !e.curl, onclick: () => copyText(e.curl) }, t('copyCurl'))))));
    if (state.journalShown !== null) showJournal(state.journalShown);
  }
  $('verdict-filter').addEventListener('change', () => state.refresh('journal'));

  function showJournal(id) {
    const e = state.journal.find((x) => x.id === id);
    if (!e) return;
    state.journalShown = id;
    rerender($('journal-detail'),
      h('h3', {}, '#' + e.id + ' ' + e.method + ' ' + e.path),
      h('div', { class: 'row' }, timeEl(e.at), e.curl ? h('button', { type: 'button', id: 'detail-copy-curl', onclick: () => copyText(e.curl) }, t('copyCurl')) : ''),
      e.expectedSignedText !== null && e.expectedSignedText !== undefined ? h('div', { class: 'signature-debug' },
        h('p', {}, h('strong', {}, 'The signature did not verify. '), 'The sandbox expected this exact text to be signed (RSA-SHA256) with the private key whose public key, registered for this client id, has the fingerprint:'),
        h('pre', {}, e.key ? e.key.fingerprint : 'no key'),
        h('pre', { class: 'expected-signed-text' }, e.expectedSignedText),
        h('p', { class: 'muted' }, 'Sign the raw body bytes as sent; do not re-serialise the JSON.')) : '',
      ...(e.curl ? [h('div', {}, 'curl'), h('pre', { class: 'curl' }, e.curl)] : []),
      h('div', {}, t('request') + ' headers'), h('pre', {}, json(e.requestHeaders)),
      h('div', {}, t('request') + ' body'), h('pre', {}, e.requestBody),
      h('div', {}, t('response') + (e.durationMs !== null ? ' (' + e.durationMs + ' ms)' : '')), h('pre', {}, e.responseBody === null ? '(' + t('noAnswer') + ')' : e.responseBody));
  }

  // ---- keys and merchants ----
  function fillMerchants() {
    $('merchants').replaceChildren(...state.merchants.map((m) => h('tr', {},
      cell('colName', m.name || ''), cell('colClient', h('code', {}, m.clientId)), cell('colUrl', m.notifyUrl ? h('code', {}, m.notifyUrl) : ''),
      cell('colCanStart', m.canStartPayments ? t('yes') : t('no')))));
    const filter = $('client-filter');
    const previous = filter.value;
    filter.replaceChildren(filter.options[0], ...state.merchants.map((m) => h('option', { value: m.clientId }, (m.name ? m.name + ' — ' : '') + m.clientId)));
    filter.value = previous;
  }
  $('copy-key').addEventListener('click', () => copyText($('public-key').value));
  $('merchant-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    const body = {};
    for (const k of ['clientId', 'name', 'notifyUrl', 'publicKey', 'privateKey']) if (String(f.get(k) || '').trim()) body[k] = String(f.get(k)).trim();
    state.act(t('registered'), async () => {
      await api('POST', '/merchants', body);
      // the private key leaves the page once it is stored
      $('merchant-private-key').value = '';
    });
  });

  return { refreshNotifications, refreshRules, refreshJournal, fillPresets, fillMagic, fillMerchants };
})();
