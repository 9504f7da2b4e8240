// Oracle's two error formats (PROTOCOL-NOTES §3.1): REST framework 1–3 answer
// a 4xx with a text/plain body; newer ones application/vnd.oracle.adf.error+json
// with o:errorDetails. Both become domain messages.
import { z } from 'zod';
import type { ErpMessage } from '@/lib/erp/connector';

const errorDetail = z.object({
  detail: z.string().optional(),
  'o:errorCode': z.string().optional(),
  'o:errorPath': z.string().optional(),
  title: z.string().optional(),
});

const adfError = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.union([z.string(), z.number()]).optional(),
  'o:errorCode': z.string().optional(),
  'o:errorDetails': z.array(errorDetail).optional(),
});

export interface OracleErrorInfo {
  /** The sentence that says what went wrong. */
  text: string;
  messages: ErpMessage[];
  format: 'adf-json' | 'text' | 'none';
}

export function parseOracleError(body: string, contentType: string | null): OracleErrorInfo {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown = null;
    try {
      json = JSON.parse(trimmed);
    } catch {
      json = null;
    }
    const parsed = adfError.safeParse(json);
    if (parsed.success && (parsed.data.title || parsed.data.detail || parsed.data['o:errorDetails'])) {
      const details = (parsed.data['o:errorDetails'] ?? []).map((d) => ({
        severity: 'error' as const,
        code: d['o:errorCode'] ?? '',
        text: [d.detail ?? d.title ?? '', d['o:errorPath'] ? `(at ${d['o:errorPath']})` : ''].filter(Boolean).join(' '),
      }));
      const top = parsed.data.detail ?? parsed.data.title ?? '';
      const messages = details.length > 0 ? details : [{ severity: 'error' as const, code: parsed.data['o:errorCode'] ?? '', text: top }];
      return { text: details.find((d) => d.text)?.text ?? top ?? 'Oracle reported an error', messages, format: 'adf-json' };
    }
  }
  // HTML error pages come from a load balancer or the web tier, not from the REST framework.
  if (trimmed !== '' && !/^<(!doctype|html)/i.test(trimmed) && (!contentType || /text\/plain|json/i.test(contentType))) {
    const text = trimmed.split('\n')[0].slice(0, 500);
    return { text, messages: [{ severity: 'error', code: '', text }], format: 'text' };
  }
  return { text: '', messages: [], format: 'none' };
}
