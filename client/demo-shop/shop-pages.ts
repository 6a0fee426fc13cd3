import type { OrderState } from '../order-state.js';

/** The demo shop's HTML: inline CSS and script only, no external assets (it runs offline). */
const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#222}
.card{border:1px solid #ddd;border-radius:8px;padding:1.5rem}.price{font-size:1.5rem;font-weight:600}
button{font-size:1rem;padding:.6rem 1.4rem;border-radius:6px;border:0;background:#1677ff;color:#fff;cursor:pointer}
button.secondary{background:#888}#status{font-size:1.3rem;font-weight:600}li{margin:.2rem 0}.muted{color:#666;font-size:.9rem}`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export const ITEM = { name: 'Jeju green tea set (제주 녹차 세트)', amount: { currency: 'KRW', value: '46000' } };

export function productPage(): string {
  return page(
    'Demo shop',
    `<h1>Demo shop</h1><div class="card"><h2>${escape(ITEM.name)}</h2><p class="price">₩46,000</p>
<form method="post" action="/orders"><button id="buy" type="submit">Buy with a Korean card</button></form>
<p class="muted">Pays through the Antom sandbox: pick a card brand, approve at the issuer, come back here.</p></div>`,
  );
}

/** What a buyer reads for each state. */
export const STATUS_TEXT: Record<OrderState['status'], string> = {
  CREATED: 'Creating the payment…',
  PAY_UNKNOWN: 'Waiting for the payment gateway…',
  AWAITING_BUYER: 'Waiting for you to pay',
  PAID: 'Paid, capture pending',
  CAPTURED: 'Paid and captured',
  CAPTURE_FAILED: 'Paid, but the capture failed',
  FAILED: 'Payment failed',
  CANCELLED: 'Cancelled',
  REFUND_PENDING: 'Cancelled, refund pending',
  REFUNDED: 'Cancelled and refunded',
};

/**
 * The one button of an order, by state: before authorization it cancels (a void, nothing is
 * charged); once paid it refunds, since Antom rejects a void after authorization (protocol §5).
 * Both post to /orders/:id/cancel, where the checkout flow picks cancel or refund.
 */
const VOID = { label: 'Cancel order', note: 'Cancels the payment before you pay: nothing is charged.' };
const REFUND = { label: 'Refund', note: 'Refunds the full ₩46,000 to your card (a paid order cannot be voided, so the shop asks Antom for a refund).' };
export const ORDER_ACTION: Partial<Record<OrderState['status'], { label: string; note: string }>> = {
  CREATED: VOID,
  PAY_UNKNOWN: VOID,
  AWAITING_BUYER: VOID,
  PAID: REFUND,
  CAPTURED: REFUND,
  CAPTURE_FAILED: REFUND,
};

/** The order page polls its own /orders/:id/state and redraws; no reload, no framework. */
export function orderPage(order: OrderState): string {
  const id = escape(order.orderId);
  const action = ORDER_ACTION[order.status];
  return page(
    `Order ${order.orderId}`,
    `<h1>Order <span id="order-id">${id}</span></h1><div class="card">
<p>${escape(ITEM.name)}: ₩46,000</p>
<p>Status: <span id="status" data-status="${order.status}">${escape(STATUS_TEXT[order.status])}</span></p>
<p id="pay-link" ${order.status === 'AWAITING_BUYER' && order.normalUrl ? '' : 'hidden'}><a href="${escape(order.normalUrl ?? '#')}">Continue to payment</a></p>
<form id="cancel" method="post" action="/orders/${id}/cancel" ${action ? '' : 'hidden'}><button id="order-action" class="secondary" type="submit">${escape(action?.label ?? 'Cancel order')}</button>
<span id="order-action-note" class="muted">${escape(action?.note ?? '')}</span></form>
<h3>What happened</h3><ol id="history"></ol><p class="muted">This page asks the shop for the order's state every second.</p></div>
<script>
const TEXT = ${JSON.stringify(STATUS_TEXT)};
const ACTION = ${JSON.stringify(ORDER_ACTION)};
async function refresh() {
  const response = await fetch('/orders/${encodeURIComponent(order.orderId)}/state');
  if (!response.ok) return;
  const order = await response.json();
  const status = document.getElementById('status');
  status.textContent = TEXT[order.status];
  status.dataset.status = order.status;
  document.getElementById('pay-link').hidden = order.status !== 'AWAITING_BUYER';
  const action = ACTION[order.status];
  document.getElementById('cancel').hidden = !action;
  if (action) {
    document.getElementById('order-action').textContent = action.label;
    document.getElementById('order-action-note').textContent = action.note;
  }
  const list = document.getElementById('history');
  list.replaceChildren(...order.history.map((h) => { const li = document.createElement('li'); li.textContent = TEXT[h.status] + ' (' + h.source + ')'; return li; }));
}
refresh();
setInterval(refresh, 1000);
</script>`,
  );
}
