// Our business reference for an ERP posting: written on the ERP document
// (SAP MaterialDocumentHeaderText is 25 characters at most) so that a post whose
// outcome is unknown is found again by reading back. One per decision.
import { createHash } from 'node:crypto';

export const REFERENCE_PREFIX = 'IL';
export const REFERENCE_LENGTH = 22;

export function postingReference(decisionId: string): string {
  const digest = BigInt('0x' + createHash('sha256').update(decisionId).digest('hex')).toString(36);
  return (REFERENCE_PREFIX + digest.toUpperCase()).slice(0, REFERENCE_LENGTH);
}

export function isPostingReference(s: string): boolean {
  return new RegExp(`^${REFERENCE_PREFIX}[0-9A-Z]{${REFERENCE_LENGTH - REFERENCE_PREFIX.length}}$`).test(s);
}
