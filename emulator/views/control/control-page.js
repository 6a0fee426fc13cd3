'use strict';
/*
 * The control page's wiring: views (by URL hash), the live stream (Server-Sent Events from
 * /_sandbox/api/events; nothing polls), the header clock in KST, and the first load.
 */
(() => {
  const { t, lang, translate } = window.ControlText;
  const { $, h, api, toast, kst, confirmInPage } = window.ControlDom;
  const state = window.ControlState;
  const Payments = window.ControlPayments;
  const Tools = window.ControlTools;
  const Check = window.ControlCheck;

  translate(document);
  document.title = 'antom-sandbox ' + t('control');
  for (const a of $('langs').querySelectorAll('a')) {
    a.setAttribute('aria-current', String(a.lang === lang));
    // keep the view when switching language
    a.href = '?lang=' + a.lang + location.hash;
  }
  try { state.brands = JSON.parse($('page-data').textContent).brands || []; } catch { state.brands = []; }

  // ---- views ----
  const VIEWS = ['payments', 'start', 'notifications', 'rules', 'journal', 'keys', 'check'];
  const stale = new Set(VIEWS);
  const current = () => (VIEWS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'payments');
  function show() {
    const view = current();
    for (const name of VIEWS) $('view-' + name).hidden = name !== view;
    for (const a of document.querySelectorAll('nav.tabs a')) {
      if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    for (const a of $('langs').querySelectorAll('a')) a.href = '?lang=' + a.lang + '#' + view;
    if (stale.has(view) && document.body.dataset.ready) refresh(view);
  }
  state.go = (view) => {
    if (current() !== view) location.hash = view;
    show();
  };
  window.addEventListener('hashchange', show);

  // ---- refreshing: on a pushed event or an action, never on a timer ----
  const LOADERS = {
    payments: async () => { await Payments.refreshList(); await Payments.refreshDetail(); },
    start: async () => { await loadMerchants(); },
    notifications: () => Tools.refreshNotifications(),
    rules: () => Tools.refreshRules(),
    journal: () => Tools.refreshJournal(),
    keys: async () => { await loadMerchants(); },
    check: async () => { await loadMerchants(); },
  };
  // a burst of events (a load test, a preset) costs one fetch per view per this many ms
  const REFRESH_COALESCE_MS = 100;
  const pending = new Map();
  let loading = 0;
  /** aria-busy on <main> while a view loads: assistive technology (and the tests) wait for it */
  function busy(delta) {
    loading += delta;
    if (loading > 0) $('main').setAttribute('aria-busy', 'true');
    else $('main').removeAttribute('aria-busy');
  }
  /** Refreshes a view now if it is shown (coalescing bursts of events), else when it is next shown. */
  function refresh(view) {
    if (view !== current()) { stale.add(view); return Promise.resolve(); }
    stale.delete(view);
    if (!pending.has(view)) {
      busy(1);
      pending.set(view, new Promise((resolve) => setTimeout(resolve, REFRESH_COALESCE_MS)).then(() => {
        pending.delete(view);
        return LOADERS[view]();
      }).catch((e) => toast(e.message, true)).finally(() => busy(-1)));
    }
    return pending.get(view);
  }
  state.refresh = refresh;
  const refreshAll = () => Promise.all(VIEWS.map(refresh));

  /** Runs an action, says how it went, and refreshes the view shown (the stream also will). */
  state.act = async (label, work) => {
    try {
      await work();
      if (label) toast(label);
    } catch (e) {
      toast(e.message, true);
    }
    await refresh(current());
  };

  state.showRule = async (ruleId) => {
    state.go('rules');
    await refresh('rules');
    const row = document.getElementById('rule-' + ruleId);
    if (!row) return;
    for (const r of $('rules').querySelectorAll('tr.highlight')) r.classList.remove('highlight');
    row.classList.add('highlight');
    row.focus();
  };

  // ---- clock: virtual time in KST, ticking locally between pushed clock events ----
  const clock = { now: null, at: 0 };
  function setClock(now) {
    clock.now = now;
    clock.at = performance.now();
    paintClock();
  }
  function paintClock() {
    if (clock.now === null) return;
    const now = clock.now + (performance.now() - clock.at);
    $('clock').textContent = kst(now) + ' KST';
    $('clock').title = 'UTC ' + new Date(now).toISOString().slice(0, 19).replace('T', ' ') + 'Z';
    $('clock').setAttribute('datetime', new Date(now).toISOString());
  }
  setInterval(paintClock, 1000);

  const ADVANCES = [['+1 s', 1000], ['+1 min', 60000], ['+5 min', 300000], ['+15 min', 900000], ['+1 h', 3600000], ['+1 d', 86400000]];
  $('advance-buttons').append(...ADVANCES.map(([label, ms]) => h('button', { type: 'button', 'data-ms': ms, onclick: () => state.act(null, async () => setClock((await api('POST', '/clock/advance', { ms })).now)) }, label)));

  $('reset').addEventListener('click', async () => {
    if (!(await confirmInPage(t('confirmReset')))) return;
    state.selected = null;
    state.act(t('resetAll'), () => api('POST', '/reset'));
  });

  // ---- the live stream ----
  function setLive(on) {
    $('live').textContent = t(on ? 'live' : 'offline');
    $('live').className = 'live ' + (on ? 'on' : 'off');
  }
  let retryMs = 1000;
  function connect() {
    const events = new EventSource(window.ControlDom.API + '/events');
    let dropped = false;
    const on = (type, handler) => events.addEventListener(type, (message) => {
      let data = {};
      try { data = JSON.parse(message.data); } catch { /* an event without a body */ }
      handler(data);
    });
    events.addEventListener('open', () => {
      setLive(true);
      retryMs = 1000;
      // anything may have changed while the stream was down
      if (dropped) refreshAll();
      dropped = false;
    });
    events.addEventListener('error', () => {
      dropped = true;
      setLive(false);
      // a closed stream (401 after a restart with another token, or a 404) is not retried by the browser
      if (events.readyState === EventSource.CLOSED) {
        setTimeout(() => api('GET', '/clock').then(connect, connect), retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    });
    // a call or a payment step may use up a scenario rule: the rules list shows its count
    const rulesIfShown = () => { if (current() === 'rules') refresh('rules'); };
    on('payment', () => { refresh('payments'); rulesIfShown(); });
    on('notification', () => { refresh('notifications'); refresh('payments'); });
    on('journal', () => { refresh('journal'); rulesIfShown(); });
    on('scenario', () => { refresh('rules'); refresh('payments'); });
    on('clock', (d) => { if (typeof d.now === 'number') setClock(d.now); });
    on('reset', () => { state.selected = null; refreshAll(); });
  }

  // ---- first load ----
  async function loadMerchants() {
    const { merchants } = await api('GET', '/merchants');
    state.merchants = merchants;
    Tools.fillMerchants();
    Check.fillMerchants();
    Payments.fillStartForm();
  }
  async function magicAmounts() {
    return (await api('GET', '/magic-amounts')).amounts;
  }
  async function loadStatic() {
    const [{ presets }, amounts, keys, time] = await Promise.all([api('GET', '/scenarios/presets'), magicAmounts(), api('GET', '/keys'), api('GET', '/clock'), loadMerchants()]);
    Tools.fillPresets(presets);
    Tools.fillMagic(amounts);
    Payments.fillStartForm(amounts);
    $('public-key').value = keys.publicKeyPem;
    setClock(time.now);
  }

  show();
  loadStatic().then(() => refresh(current())).then(() => {
    document.body.dataset.ready = 'true';
    connect();
  }).catch((e) => toast(e.message, true));
})();
