// Reading SAP Gateway's error payloads and message headers (PROTOCOL-NOTES §2.5).
// The top-level error is often a generic wrapper; the real cause sits in
// innererror.errordetails, so that is what we surface first.
import { z } from 'zod';
import type { ErpMessage, ErpMessageSeverity } from '@/lib/erp/connector';

const langValue = z.object({ lang: z.string().optional(), value: z.string() });
// `message` is an object in the OpenAPI contract, a bare string inside
// errordetails, and an array of {lang,value} in some field payloads.
const messageField = z.union([z.string(), langValue, z.array(langValue)]);

const errorDetail = z.object({
  code: z.string().optional(),
  message: messageField.optional(),
  severity: z.string().optional(),
  target: z.string().optional(),
});

const errorPayload = z.object({
  error: z.object({
    code: z.string().optional(),
    message: messageField.optional(),
    innererror: z.object({ errordetails: z.array(errorDetail).optional() }).optional(),
  }),
});

const sapMessageHeader = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  severity: z.string().optional(),
  details: z.array(z.object({ code: z.string().optional(), message: z.string().optional(), severity: z.string().optional() })).optional(),
});

export interface SapErrorInfo {
  code: string;
  message: string;
  details: ErpMessage[];
}

function messageText(message: z.infer<typeof messageField> | undefined): string {
  if (message === undefined) return '';
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) {
    const english = message.find((m) => m.lang?.toLowerCase().startsWith('en'));
    return (english ?? message[0])?.value ?? '';
  }
  return message.value;
}

/** Maps SAP severities: Gateway words (error, warning…) and ABAP message types (E, W, I, S, A, X). */
export function toSeverity(severity: string | undefined): ErpMessageSeverity {
  switch ((severity ?? '').toLowerCase()) {
    case 's':
    case 'success':
      return 'success';
    case 'i':
    case 'info':
    case 'information':
      return 'info';
    case 'w':
    case 'warning':
      return 'warning';
    default:
      // E, A (abort), X (exit), "error" and anything unknown: treat as an error.
      return 'error';
  }
}

function decodeXmlText(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function xmlTag(source: string, tag: string): string {
  const match = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`).exec(source);
  return match ? decodeXmlText(match[1]) : '';
}

function parseXmlError(body: string): SapErrorInfo | null {
  if (!/<(?:\w+:)?error[\s>]/.test(body)) return null;
  // errordetail blocks first, then remove them so top-level <code>/<message> are not taken from a detail.
  const details: ErpMessage[] = [];
  for (const match of body.matchAll(/<(?:\w+:)?errordetail>([\s\S]*?)<\/(?:\w+:)?errordetail>/g)) {
    details.push({ code: xmlTag(match[1], 'code'), text: xmlTag(match[1], 'message'), severity: toSeverity(xmlTag(match[1], 'severity')) });
  }
  const top = body.replace(/<(?:\w+:)?innererror[\s>][\s\S]*<\/(?:\w+:)?innererror>/, '');
  return { code: xmlTag(top, 'code'), message: xmlTag(top, 'message'), details };
}

/** Reads a Gateway error body (JSON, or XML when the server ignored Accept). Null when it is not one. */
export function parseSapError(body: string): SapErrorInfo | null {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return null;
    }
    const parsed = errorPayload.safeParse(json);
    if (!parsed.success) return null;
    const { error } = parsed.data;
    return {
      code: error.code ?? '',
      message: messageText(error.message),
      details: (error.innererror?.errordetails ?? []).map((d) => ({
        code: d.code ?? '',
        text: messageText(d.message),
        severity: toSeverity(d.severity),
      })),
    };
  }
  if (trimmed.startsWith('<')) return parseXmlError(trimmed);
  return null;
}

/**
 * The text that says what went wrong: the first error detail that is not the
 * generic wrapper repeated, else the top-level message.
 */
export function primaryErrorText(info: SapErrorInfo): string {
  const errors = info.details.filter((d) => d.severity === 'error' && d.text);
  const cause = errors.find((d) => d.code !== info.code) ?? errors[0];
  return cause?.text || info.message || info.code || 'SAP reported an error without a message';
}

/** All messages of an error: the details, plus the top-level one when the details do not repeat it. */
export function errorMessages(info: SapErrorInfo): ErpMessage[] {
  const messages = [...info.details];
  if (info.message && !messages.some((m) => m.code === info.code && m.text === info.message)) {
    messages.push({ code: info.code, text: info.message, severity: 'error' });
  }
  return messages;
}

/** Warnings and infos that Gateway sends on success in the `sap-message` header (a JSON string). */
export function parseSapMessageHeader(header: string | null | undefined): ErpMessage[] {
  if (!header) return [];
  let json: unknown;
  try {
    json = JSON.parse(header);
  } catch {
    // A header we cannot read is not worth failing a successful call for; keep its text.
    return [{ code: '', text: header, severity: 'info' }];
  }
  const parsed = sapMessageHeader.safeParse(json);
  if (!parsed.success) return [];
  const { code, message, severity, details } = parsed.data;
  const messages: ErpMessage[] = [];
  if (message) messages.push({ code: code ?? '', text: message, severity: toSeverity(severity) });
  for (const d of details ?? []) {
    if (d.message) messages.push({ code: d.code ?? '', text: d.message, severity: toSeverity(d.severity) });
  }
  return messages;
}
