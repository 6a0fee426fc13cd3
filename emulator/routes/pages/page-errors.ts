import type { NoticeKind } from './page-text.js';

/** A hosted-page failure the buyer sees as a notice page with this HTTP status; `detail` is shown as text. */
export class PageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly kind: NoticeKind,
    readonly detail?: string,
  ) {
    super(`${kind}${detail ? `: ${detail}` : ''}`);
    this.name = 'PageError';
  }
}
