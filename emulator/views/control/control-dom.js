'use strict';
/*
 * DOM helpers of the control page: element building (text is always a text node, never
 * parsed as HTML), the control API client, KST time display, clipboard, toast and confirm.
 */
/** Shared page state; control-page.js fills in refresh, act, go and showRule. */
window.ControlState = { selected: null, journalShown: null, journal: [], rules: [], merchants: [], brands: [] };

window.ControlDom = (() => {
  const { t } = window.ControlText;
  const API = '/_sandbox/api';
  const $ = (id) => document.getElementById(id);

  /** Builds an element; `on*` attributes become listeners, children are nodes or text. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false || c === '') continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  /** A table cell labelled for the small-screen card layout. */
  function cell(labelKey, ...children) {
    const content = h('span', {}, ...children);
    // an empty cell is no line at all in the small-screen card
    return h('td', { 'data-label': t(labelKey), class: content.childNodes.length ? null : 'empty-cell' }, content);
  }

  function toast(text, error) {
    const el = $('toast');
    el.textContent = text;
    el.className = 'toast show' + (error ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { el.className = 'toast'; }, 3000);
  }

  async function api(method, path, body) {
    const response = await fetch(API + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (response.status === 401) { location.reload(); throw new Error('log in again'); }
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.error ? json.error.code + ': ' + json.error.message : 'HTTP ' + response.status);
    return json;
  }

  // ---- time: every time shown is KST (+09:00); the title gives UTC ----
  const KST_MS = 9 * 3600_000;
  const pad = (n) => String(n).padStart(2, '0');
  function toMs(value) {
    if (value === null || value === undefined || value === '') return null;
    const ms = typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  }
  function kst(ms) {
    const d = new Date(ms + KST_MS);
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  /** A <time> in KST with the UTC instant on hover; empty for no time. */
  function timeEl(value) {
    const ms = toMs(value);
    if (ms === null) return '';
    const utc = new Date(ms).toISOString();
    return h('time', { datetime: utc, title: 'UTC ' + utc.replace('T', ' ').replace('.000Z', 'Z') }, kst(ms) + ' KST');
  }
  /** yyyy-mm-dd of a date input → the ISO instant of that KST day's start (or end). */
  function kstDayBound(date, end) {
    if (!date) return '';
    return date + (end ? 'T23:59:59.999+09:00' : 'T00:00:00+09:00');
  }

  async function copyText(text) {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // no clipboard permission (or an insecure origin): the old select-and-copy way
      const area = h('textarea', { readonly: true, 'aria-hidden': 'true' });
      area.value = text;
      area.className = 'skip';
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    toast(t('copied'));
  }

  /** An in-page confirmation (a modal <dialog>, keyboard and Escape included); resolves true or false. */
  function confirmInPage(message) {
    const dialog = $('confirm-dialog');
    $('confirm-text').textContent = message;
    return new Promise((resolve) => {
      const finish = (answer) => {
        $('confirm-yes').removeEventListener('click', yes);
        $('confirm-no').removeEventListener('click', no);
        dialog.removeEventListener('cancel', no);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const yes = () => finish(true);
      const no = () => finish(false);
      $('confirm-yes').addEventListener('click', yes);
      $('confirm-no').addEventListener('click', no);
      dialog.addEventListener('cancel', no);
      dialog.showModal();
      $('confirm-no').focus();
    });
  }

  /**
   * Replaces a panel's content after a pushed update without undoing what the reader did:
   * open <details> stay open (by position), and focus stays on the control with the same id.
   */
  function rerender(container, ...children) {
    const wasOpen = [...container.querySelectorAll('details')].map((d) => d.open);
    const focusedId = container.contains(document.activeElement) ? document.activeElement.id : '';
    container.replaceChildren(...children.flat().filter((c) => c !== '' && c !== null && c !== undefined));
    container.querySelectorAll('details').forEach((d, i) => { if (wasOpen[i]) d.open = true; });
    if (focusedId && document.getElementById(focusedId)) document.getElementById(focusedId).focus();
  }

  const statusEl = (s) => (s ? h('span', { class: 'status ' + s }, s) : '');
  const json = (value) => JSON.stringify(value, null, 2);
  const rawDetails = (value, label) => h('details', { class: 'raw' }, h('summary', {}, label || t('raw')), h('pre', {}, json(value)));

  return { API, $, h, cell, rerender, toast, api, timeEl, kst, toMs, kstDayBound, copyText, confirmInPage, statusEl, json, rawDetails };
})();
