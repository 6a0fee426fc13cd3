'use strict';
/*
 * Payments: the searchable list, one payment's detail (actions, timeline in words with its
 * cause, transactions, notifications, export) and the "start a payment" form.
 */
window.ControlPayments = (() => {
  const { t, lang } = window.ControlText;
  const { $, h, cell, rerender, api, toast, timeEl, kstDayBound, statusEl, rawDetails, json } = window.ControlDom;
  const state = window.ControlState;

  const merchantLabel = (clientId) => {
    const m = state.merchants.find((x) => x.clientId === clientId);
    return m && m.name ? [h('span', { class: 'sub' }, m.name), h('code', { class: 'sub' }, clientId)] : [h('code', {}, clientId)];
  };
  /** a magic amount's name in the page language (older sandboxes: its description) */
  const magicName = (a) => (a.name && typeof a.name === 'object' ? a.name[lang] || a.name.en : a.name || a.description);
  const money = (a) => (a ? a.value + ' ' + a.currency : '');

  // ---- list ----
  function listQuery() {
    const q = new URLSearchParams({ limit: '200' });
    const search = $('payment-search').value.trim();
    if (search) q.set('q', search);
    if ($('status-filter').value) q.set('status', $('status-filter').value);
    if ($('client-filter').value) q.set('clientId', $('client-filter').value);
    if ($('from-filter').value) q.set('from', kstDayBound($('from-filter').value, false));
    if ($('to-filter').value) q.set('to', kstDayBound($('to-filter').value, true));
    return q.toString();
  }

  async function refreshList() {
    const { payments } = await api('GET', '/payments?' + listQuery());
    $('payments').replaceChildren(...payments.map((p) => h('tr', {
      class: 'clickable' + (p.paymentId === state.selected ? ' selected' : ''),
      'data-payment-id': p.paymentId,
      onclick: (event) => { if (!event.target.closest('button')) select(p.paymentId); },
    },
      cell('colPaymentId', h('button', { type: 'button', class: 'link', onclick: () => select(p.paymentId) }, p.paymentId)),
      cell('colRequestId', h('code', {}, p.paymentRequestId)),
      cell('colMerchant', merchantLabel(p.clientId)),
      cell('colAmount', money(p.amount)),
      cell('colStatus', statusEl(p.status)),
      cell('colResult', p.resultCode),
      cell('colCreated', timeEl(p.createdAt)))));
    $('payments-count').textContent = t('shown', payments.length);
  }

  function select(paymentId) {
    state.selected = paymentId;
    for (const row of $('payments').querySelectorAll('tr')) row.classList.toggle('selected', row.dataset.paymentId === paymentId);
    refreshDetail().catch((e) => toast(e.message, true));
    if (window.matchMedia('(max-width: 1399px)').matches) $('payment-detail').scrollIntoView({ block: 'start' });
  }

  let searchTimer;
  $('payment-search').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(() => state.refresh('payments'), 200); });
  $('payment-filters').addEventListener('submit', (event) => { event.preventDefault(); state.refresh('payments'); });
  for (const id of ['status-filter', 'client-filter', 'from-filter', 'to-filter']) $(id).addEventListener('change', () => state.refresh('payments'));

  // ---- detail ----
  const DECLINES = ['DO_NOT_HONOR', 'USER_BALANCE_NOT_ENOUGH', 'INVALID_AMOUNT', 'RISK_REJECT', 'CARD_NOT_SUPPORTED', 'INVALID_CARD_NUMBER', 'USER_AMOUNT_EXCEED_LIMIT'];

  /** The sentence of a timeline event: the sandbox's own summary, else one built here. */
  function summaryOf(e) {
    if (e.summary && typeof e.summary[lang] === 'string') return e.summary[lang];
    const words = window.ControlText.table.events[e.type];
    if (typeof words === 'function') return words(e.detail || {});
    return words || e.type;
  }

  /** "cause: scenario rule #3f2a9c1b" linking to the rule (named by its id's first 8 characters, as the summaries do), or the named cause. */
  function causeOf(cause) {
    if (!cause || !cause.kind) return '';
    const causes = window.ControlText.table.causes;
    let what;
    if (cause.ruleId) {
      what = h('a', { href: '#rules', class: 'rule-link', 'data-rule-id': cause.ruleId, onclick: (event) => { event.preventDefault(); state.showRule(cause.ruleId); } }, t('scenarioRule', cause.ruleId.slice(0, 8)));
    } else {
      const word = causes[cause.kind];
      what = typeof word === 'function' ? word(cause) : word || cause.kind;
    }
    const asked = cause.by && cause.requested ? ' (' + t('requestedBy', causes[cause.by] || cause.by, cause.requested) + ')' : '';
    return h('div', { class: 'cause', 'data-cause': cause.kind }, t('cause') + ': ', what, asked);
  }

  async function refreshDetail() {
    const id = state.selected;
    if (!id) return;
    const p = await api('GET', '/payments/' + encodeURIComponent(id));
    $('detail-id').textContent = p.paymentId;
    const decline = h('select', { id: 'decline-code', 'aria-label': t('declineCode') }, DECLINES.map((c) => h('option', {}, c)));
    const authorize = (outcome, extra) => state.act(t(outcome), () => api('POST', '/payments/' + encodeURIComponent(id) + '/authorize', Object.assign({ outcome, origin: 'control-page' }, extra)));
    const processing = p.status === 'PROCESSING';
    // a pushed refresh of the same payment keeps the chosen decline code (the old select is still
    // in the page here) and what the reader opened; another payment starts afresh
    if (p.paymentId === $('detail-id').dataset.shown) {
      if ($('decline-code')) decline.value = $('decline-code').value;
    } else {
      $('detail-body').replaceChildren();
    }
    $('detail-id').dataset.shown = p.paymentId;
    rerender($('detail-body'),
      h('div', { class: 'row' }, statusEl(p.status), h('span', {}, p.resultCode),
        h('span', { class: 'muted' }, money(p.amount) + ' · ' + (p.cardBrand || p.selectedCardBrand || t('noBrandYet')) + ' · ' + t('capture') + ' ' + p.captureState)),
      h('dl', { class: 'facts' },
        h('dt', {}, t('merchant')), h('dd', {}, merchantLabel(p.clientId)),
        h('dt', {}, 'paymentRequestId'), h('dd', {}, h('code', {}, p.paymentRequestId)),
        h('dt', {}, 'referenceOrderId'), h('dd', {}, h('code', {}, p.referenceOrderId || '')),
        h('dt', {}, t('colCreated')), h('dd', {}, timeEl(p.createdAt)),
        p.orderDescription ? [h('dt', {}, t('orderDescriptionShort')), h('dd', { class: 'order-description' }, p.orderDescription)] : ''),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'primary', id: 'approve', disabled: !processing, onclick: () => authorize('approve') }, t('approve')),
        decline,
        h('button', { type: 'button', id: 'decline', disabled: !processing, onclick: () => authorize('decline', { resultCode: decline.value }) }, t('decline')),
        h('button', { type: 'button', id: 'abandon', disabled: !processing, onclick: () => authorize('abandon') }, t('abandon')),
        h('button', { type: 'button', id: 'expire', disabled: !processing, onclick: () => state.act(t('expireNow'), () => api('POST', '/payments/' + encodeURIComponent(id) + '/expire', { origin: 'control-page' })) }, t('expireNow'))),
      h('div', { class: 'row' },
        p.normalUrl ? h('a', { href: p.normalUrl, target: '_blank', rel: 'noopener noreferrer', id: 'detail-normal-url' }, t('openPaymentPage')) : '',
        h('a', { href: '/_sandbox/api/payments/' + encodeURIComponent(id) + '/export', download: p.paymentId + '.json', id: 'export-payment' }, t('exportJson'))),
      h('h3', {}, t('timeline')),
      h('ol', { class: 'timeline' }, p.timeline.map((e) => h('li', { 'data-event-type': e.type },
        timeEl(e.at), h('p', { class: 'summary' }, summaryOf(e)), causeOf(e.cause), rawDetails(e)))),
      p.transactions.length ? h('h3', {}, t('transactions')) : '',
      p.transactions.length ? h('table', { class: 'cards' }, h('tbody', {}, p.transactions.map((x) => h('tr', {},
        cell('colType', x.transactionType), cell('colStatus', statusEl(x.transactionStatus)), cell('colResult', x.transactionResult.resultCode),
        cell('colAmount', money(x.transactionAmount)), cell('colTime', timeEl(x.transactionTime)))))) : '',
      h('h3', {}, t('notifications')),
      p.notifications.length === 0 ? h('p', { class: 'muted' }, t('noneYet')) : '',
      ...p.notifications.map((n) => h('div', { class: 'notification', 'data-notification-id': n.id },
        h('div', { class: 'row' }, h('strong', {}, n.notifyType), statusEl(n.status),
          h('span', { class: 'muted' }, t('attemptsOf', n.attempts, n.maxAttempts)), n.nextAttemptAt ? h('span', { class: 'muted' }, t('next') + ' ', timeEl(n.nextAttemptAt)) : '',
          h('button', { type: 'button', class: 'redeliver', disabled: !n.url, onclick: () => state.act(t('redeliver'), () => api('POST', '/notifications/redeliver', { ids: [n.id] })) }, t('redeliver'))),
        n.deliveries.length ? h('table', { class: 'cards' }, h('tbody', {}, n.deliveries.map((d) => h('tr', {},
          cell('colAttempt', '#' + d.attempt), cell('colTime', timeEl(d.at)), cell('colStatus', statusEl(d.ok ? 'DELIVERED' : 'FAILED')),
          cell('colResult', d.httpStatus === null ? '' : 'HTTP ' + d.httpStatus), cell('colResponse', d.error || d.responseExcerpt || ''),
          cell('colLatency', d.latencyMs === null ? '' : d.latencyMs + ' ms'))))) : '',
        rawDetails(n.body))),
    );
  }

  // ---- start a payment ----
  function fillStartForm(magic) {
    const starters = state.merchants.filter((m) => m.canStartPayments);
    const select = $('start-merchant');
    const previous = select.value;
    select.replaceChildren(...starters.map((m) => h('option', { value: m.clientId }, (m.name ? m.name + ' — ' : '') + m.clientId)));
    if (previous) select.value = previous;
    $('no-starter').hidden = starters.length > 0;
    $('start-submit').disabled = starters.length === 0;
    if (magic) {
      $('start-magic').replaceChildren(h('option', { value: '' }, t('noMagic')),
        ...magic.map((a) => h('option', { value: a.amount }, a.amount + ' · ' + magicName(a) + (a.startsPayment === false ? ' (' + t('payFails') + ')' : ''))));
    }
    if ($('start-brand').options.length === 1) {
      $('start-brand').append(...state.brands.map((b) => h('option', { value: b.code }, (lang === 'en' ? b.nameEn : b.nameKo) + ' (' + b.code + ')')));
    }
  }
  $('start-magic').addEventListener('change', () => { if ($('start-magic').value) $('start-amount').value = $('start-magic').value; });
  $('start-amount').addEventListener('input', () => {
    const match = [...$('start-magic').options].find((o) => o.value === $('start-amount').value.trim());
    $('start-magic').value = match ? match.value : '';
  });

  $('start-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const f = new FormData(event.target);
    const body = { clientId: String(f.get('clientId')), amount: String(f.get('amount')).trim() };
    for (const k of ['cardBrand', 'notifyUrl', 'orderDescription']) if (String(f.get(k) || '').trim()) body[k] = String(f.get(k)).trim();
    $('start-submit').disabled = true;
    try {
      const result = await api('POST', '/payments', body);
      const answer = result.response && (result.response.body || result.response);
      const r = (answer && answer.result) || {};
      $('start-result').replaceChildren(
        h('p', {}, statusEl(r.resultStatus === 'F' ? 'FAIL' : r.resultStatus === 'U' ? 'PROCESSING' : 'SUCCESS'), ' ', r.resultCode || '', ' ', h('span', { class: 'muted' }, r.resultMessage || '')),
        result.paymentId ? h('p', {}, 'paymentId ', h('code', { id: 'started-payment-id' }, result.paymentId), ' ',
          h('button', { type: 'button', id: 'show-started', onclick: () => { state.go('payments'); select(result.paymentId); } }, t('showInList'))) : '',
        result.normalUrl ? h('p', {}, h('a', { href: result.normalUrl, target: '_blank', rel: 'noopener noreferrer', id: 'started-normal-url' }, t('openPaymentPage'))) : '',
        rawDetails(result.request, t('request')), rawDetails(result.response, t('response')));
      toast(t('started'));
    } catch (e) {
      $('start-result').replaceChildren(h('p', { class: 'warning', role: 'alert' }, e.message));
    } finally {
      $('start-submit').disabled = !state.merchants.some((m) => m.canStartPayments);
    }
  });

  return { refreshList, refreshDetail, fillStartForm, select, json, magicName };
})();
