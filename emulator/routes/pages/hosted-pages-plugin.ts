import { join } from 'node:path';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AntomError, findCardBrand, type CardBrand } from '../../../protocol/index.js';
import type { PaymentRecord } from '../../domain/records.js';
import { VIEWS_DIR } from '../../package-root.js';
import { BRAND_SELECTION_PATH, issuerPagePath } from '../../pages/page-urls.js';
import { PageError } from './page-errors.js';
import { FONT_STYLESHEET_PATH, pageFontRoutes } from './page-fonts.js';
import { parseIssuerForm, parsePageQuery } from './page-forms.js';
import { PageRenderer } from './page-renderer.js';
import { newStyleNonce, originOf, pageSecurityHeaders } from './page-headers.js';
import { brandSelectionModel, isRepeatOfOutcome, issuerModel, noticeModel, paymentNoticeKind, safeLink, type BaseModel } from './page-models.js';
import { pickLanguage, type NoticeKind } from './page-text.js';

const PREFIX = '/checkout-page';
const FORM_BODY_LIMIT = 16 * 1024;

/**
 * The hosted pages of normalUrl: the brand selection page and one issuer page per brand.
 * Routes are thin; the buyer's decisions go through PaymentService.authorize, the very call
 * of the control API, so scenarios and notifications behave the same.
 */
export async function hostedPagesPlugin(app: FastifyInstance): Promise<void> {
  await app.register(pageRoutes, { prefix: PREFIX });
  await app.register(pageFontRoutes, { prefix: PREFIX });
}

async function pageRoutes(app: FastifyInstance): Promise<void> {
  const { payments, merchants, brands, clock } = app.sandbox;
  await app.register(formbody, { bodyLimit: FORM_BODY_LIMIT });
  const pages = new PageRenderer(join(VIEWS_DIR, 'pages'));

  const render = (reply: FastifyReply, template: string, model: BaseModel, status = 200, formTargetOrigin?: string) => {
    const nonce = newStyleNonce();
    reply.code(status).headers(pageSecurityHeaders(nonce, formTargetOrigin)).type('text/html; charset=utf-8');
    return pages.render(template, { ...model, nonce, fontStylesheet: FONT_STYLESHEET_PATH });
  };

  const paymentOf = (token: string): PaymentRecord => {
    const payment = payments.store.getByPageToken(token);
    if (!payment) throw new PageError(404, 'unknownToken');
    return payment;
  };

  const merchantName = (payment: PaymentRecord) => merchants.get(payment.clientId)?.name ?? payment.clientId;

  const notice = (reply: FastifyReply, kind: NoticeKind, payment: PaymentRecord, context: { lang: ReturnType<typeof pickLanguage>; token: string; path: string }, status = 200) =>
    render(reply, 'notice.hbs', noticeModel({ kind, ...context, detail: payment.status === 'FAIL' ? payment.resultCode : undefined, returnUrl: payment.redirectUrl }), status);

  app.get(BRAND_SELECTION_PATH.slice(PREFIX.length), async (request, reply) => {
    const query = parsePageQuery(request.query);
    const lang = languageOf(request);
    const payment = paymentOf(query.sessionData);
    const closed = paymentNoticeKind(payment, clock.now());
    if (closed) return notice(reply, closed, payment, { lang, token: query.sessionData, path: BRAND_SELECTION_PATH });
    return render(reply, 'brand-selection.hbs', brandSelectionModel({ payment, merchantName: merchantName(payment), brands: brands.all(), lang, token: query.sessionData }));
  });

  app.get('/pages/issuer/:brand/index.html', async (request, reply) => {
    const brand = brandParam(request);
    const query = parsePageQuery(request.query);
    const lang = languageOf(request);
    const payment = paymentOf(query.sessionData);
    // the merchant fixed the brand in pay: its page is the only issuer page of this payment
    if (payment.selectedCardBrand && payment.selectedCardBrand !== brand) {
      const search = new URLSearchParams({ sessionData: query.sessionData, lang });
      return reply.redirect(`${issuerPagePath(payment.selectedCardBrand as CardBrand)}?${search.toString()}`, 303);
    }
    const closed = paymentNoticeKind(payment, clock.now());
    if (closed) return notice(reply, closed, payment, { lang, token: query.sessionData, path: issuerPagePath(brand) });
    const model = issuerModel({ payment, merchantName: merchantName(payment), brand: brands.get(brand), lang, token: query.sessionData });
    return render(reply, 'issuer.hbs', model, 200, originOf(payment.redirectUrl));
  });

  app.post('/pages/issuer/:brand/index.html', async (request, reply) => {
    const brand = brandParam(request);
    const form = parseIssuerForm(request.body);
    const lang = languageOf(request);
    const payment = paymentOf(form.sessionData);
    const context = { lang, token: form.sessionData, path: issuerPagePath(brand) };
    if (payment.selectedCardBrand && payment.selectedCardBrand !== brand) throw new PageError(409, 'wrongBrand', payment.selectedCardBrand);
    const returnUrl = safeLink(payment.redirectUrl);
    if (!returnUrl) throw new PageError(409, 'error', 'paymentRedirectUrl is not an http(s) URL');
    try {
      if (form.action === 'cancel') {
        // back to the merchant; the payment stays PROCESSING until it expires (as the control API's "abandon")
        payments.authorize(payment.paymentId, { outcome: 'abandon', cardBrand: brand });
      } else {
        payments.authorize(payment.paymentId, {
          outcome: form.action,
          cardBrand: brand,
          resultCode: form.resultCode,
          // an app card never shows its number: the brand's test card stands in
          cardNumber: form.method === 'appCard' ? undefined : form.cardNumber,
        });
      }
    } catch (error) {
      if (!(error instanceof AntomError) || error.code !== 'ORDER_STATUS_INVALID') throw error;
      const current = payments.store.get(payment.paymentId) ?? payment;
      if (isRepeatOfOutcome(current, form, brand)) return reply.redirect(returnUrl, 303);
      return notice(reply, paymentNoticeKind(current, clock.now()) ?? 'error', current, context, 409);
    }
    return reply.redirect(returnUrl, 303);
  });

  app.setNotFoundHandler(async (request, reply) => render(reply, 'notice.hbs', noticeModel({ kind: 'unknownPage', lang: languageOf(request) }), 404));

  app.setErrorHandler(async (error: FastifyError | Error, request, reply) => {
    const lang = languageOf(request);
    if (error instanceof PageError) return render(reply, 'notice.hbs', noticeModel({ kind: error.kind, lang, detail: error.detail }), error.statusCode);
    if (error instanceof AntomError) return render(reply, 'notice.hbs', noticeModel({ kind: 'badForm', lang, detail: `${error.code}: ${error.message}` }), 400);
    const statusCode = (error as FastifyError).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return render(reply, 'notice.hbs', noticeModel({ kind: 'badForm', lang, detail: error.message }), statusCode);
    }
    request.log.error({ err: error, url: request.url }, 'unexpected error in a hosted page');
    return render(reply, 'notice.hbs', noticeModel({ kind: 'error', lang }), 500);
  });
}

function brandParam(request: FastifyRequest): CardBrand {
  const { brand } = request.params as { brand?: string };
  const found = brand === undefined ? undefined : findCardBrand(brand);
  if (!found) throw new PageError(404, 'unknownPage', `no issuer "${brand ?? ''}"`);
  return found;
}

/** `lang` from the form or the query (the page's switch), else Accept-Language. */
function languageOf(request: FastifyRequest): ReturnType<typeof pickLanguage> {
  const fromBody = typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>).lang : undefined;
  const fromQuery = typeof request.query === 'object' && request.query !== null ? (request.query as Record<string, unknown>).lang : undefined;
  return pickLanguage(fromBody ?? fromQuery, request.headers['accept-language']);
}
