'use strict';
/*
 * The "Check a notify URL" view (issue 20): runs `antom-sandbox check` through the control API
 * (POST /_sandbox/api/checks) against a merchant's endpoint and shows one row per case, with the
 * deliveries behind each verdict folded in a <details>.
 */
window.ControlCheck = (() => {
  const { t } = window.ControlText;
  const { $, h, cell, api, toast, json } = window.ControlDom;
  const state = window.ControlState;

  /** PASS / FAIL for a required case; a case that is not required is reported, never judged. */
  const markOf = (c) => (!c.required ? 'REPORTED' : c.passed ? 'PASS' : 'FAIL');

  function fillMerchants() {
    const select = $('check-merchant');
    const previous = select.value;
    select.replaceChildren(...state.merchants.map((m) => h('option', { value: m.clientId }, (m.name ? m.name + ' — ' : '') + m.clientId)));
    // the API's own default when nothing was chosen yet
    const chosen = previous || 'SANDBOX_DEMO_MERCHANT';
    if (state.merchants.some((m) => m.clientId === chosen)) select.value = chosen;
  }

  /** One delivery: what the sandbox sent and what the endpoint answered. */
  function deliveryEl(d, i) {
    const answer = d.status === null ? t('noAnswer') + (d.error ? ': ' + d.error : '') : 'HTTP ' + d.status;
    return h('div', { class: 'delivery' },
      h('p', {}, h('strong', {}, t('delivery', i + 1)), ' ', answer, ' · ', t('latencyMs', d.latencyMs)),
      h('div', {}, t('request') + ' headers'), h('pre', {}, json(d.sent.headers)),
      h('div', {}, t('request') + ' body'), h('pre', {}, d.sent.body),
      h('div', {}, t('response') + ' body'), h('pre', {}, d.responseBody === null || d.responseBody === '' ? '(' + t('emptyBody') + ')' : d.responseBody));
  }

  function caseRow(c) {
    const mark = markOf(c);
    return h('tr', { 'data-case-id': c.id, 'data-mark': mark },
      cell('colResult', h('span', { class: 'status ' + mark }, mark)),
      cell('colCase', h('span', { class: 'sub' }, c.title), h('code', { class: 'sub' }, c.id)),
      cell('colVerdict', c.verdict),
      cell('colEvidence', c.evidence.length || c.notes.length
        ? h('details', { class: 'evidence' }, h('summary', {}, t('evidenceOf', c.evidence.length)),
          ...c.evidence.map(deliveryEl), ...c.notes.map((note) => h('p', { class: 'muted' }, note)))
        : ''));
  }

  function showReport(report) {
    const { passed, failed, reported, ok } = report.summary;
    const line = $('check-summary');
    line.textContent = t('checkSummary', passed, failed, reported, report.cases.length, report.durationMs) + ': ' + (ok ? 'OK' : 'FAILED');
    line.className = 'check-summary ' + (ok ? 'ok' : 'failed');
    line.hidden = false;
    $('check-cases').replaceChildren(...report.cases.map(caseRow));
    $('check-table').hidden = false;
  }

  $('check-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('check-submit');
    if (button.disabled) return;
    const body = { notifyUrl: $('check-url').value.trim(), clientId: $('check-merchant').value || undefined, withInquiry: $('check-inquiry').checked };
    button.disabled = true;
    button.textContent = t('checkRunning');
    $('check-form').setAttribute('aria-busy', 'true');
    try {
      showReport(await api('POST', '/checks', body));
    } catch (e) {
      toast(e.message, true);
    } finally {
      button.disabled = false;
      button.textContent = t('checkSubmit');
      $('check-form').removeAttribute('aria-busy');
    }
  });

  return { fillMerchants };
})();
