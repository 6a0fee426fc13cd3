import type { KeyObject } from 'node:crypto';
import {
  buildSignedText,
  describeIssue,
  loadPublicKey,
  NOTIFICATION_ACK,
  notificationSchema,
  parseSignatureHeader,
  verifyText,
  type AntomNotification,
} from '../protocol/index.js';
import { SignatureError, ValidationError } from './errors.js';

export { NOTIFICATION_ACK };
/** The exact body to answer a notification with, HTTP 200 (protocol §9). */
export const NOTIFICATION_ACK_BODY = JSON.stringify(NOTIFICATION_ACK);

export type NotificationHeaders = Record<string, string | string[] | undefined>;

export interface VerifyNotificationOptions {
  /** Antom's public key (PEM, bare base64, or a KeyObject) */
  antomPublicKey: string | Buffer | KeyObject;
  /** when set, a notification for another client id is refused */
  clientId?: string;
}

function header(headers: NotificationHeaders, name: string): string | undefined {
  // Node lower-cases incoming names; a caller passing its own object may not have
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies a notification as it arrived and returns it typed, or throws SignatureError /
 * ValidationError. `rawBody` must be the bytes received (never re-serialised JSON); `path` is
 * the path of your notify URL as Antom signed it (without the query string).
 */
export function verifyNotification(rawBody: string | Buffer, headers: NotificationHeaders, path: string, options: VerifyNotificationOptions): AntomNotification {
  const clientId = header(headers, 'client-id');
  const time = header(headers, 'request-time');
  const signatureHeader = header(headers, 'signature');
  const missing = [!clientId && 'client-id', !time && 'request-time', !signatureHeader && 'signature'].filter(Boolean);
  if (missing.length > 0) throw new SignatureError(`The notification lacks the ${missing.join(', ')} header(s).`, { side: 'notification' });
  if (options.clientId !== undefined && clientId !== options.clientId) {
    throw new SignatureError(`The notification is for client-id "${clientId}", not "${options.clientId}".`, { side: 'notification' });
  }
  let signature: string;
  try {
    signature = parseSignatureHeader(signatureHeader!).signature;
  } catch (error) {
    throw new SignatureError(`Notification: ${(error as Error).message}`, { side: 'notification', cause: error });
  }
  const publicKey = loadPublicKey(options.antomPublicKey);
  const signedPath = path.split('?')[0]!;
  if (!verifyText(buildSignedText({ method: 'POST', path: signedPath, clientId: clientId!, time: time!, body: rawBody }), signature, publicKey)) {
    throw new SignatureError(
      `The notification signature does not verify over "POST ${signedPath}" with Antom's public key. Verify the raw body as received (not re-serialised JSON) and the notify URL's path exactly as registered.`,
      { side: 'notification' },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.isBuffer(rawBody) ? rawBody.toString('utf8') : rawBody);
  } catch {
    throw new ValidationError('The notification body is not JSON.');
  }
  const parsed = notificationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`Notification: ${issue ? describeIssue(issue, json) : 'unexpected shape'}`);
  }
  return parsed.data;
}
