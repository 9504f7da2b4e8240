// What a person has to do about the SAP messages a posting meets most often.
// SAP's texts say what is wrong ("Deficit of SL Unrestricted-use 10 KG"), not
// who must fix what; the approver in the console needs the second part.
import type { ErpMessage } from '@/lib/erp/connector';

const HINTS: { match: (m: ErpMessage) => boolean; hint: string }[] = [
  {
    match: (m) => /^M7\/(021|022|023)$/.test(m.code) || /^Deficit of /i.test(m.text),
    hint: 'not enough stock at that storage location: post the missing receipt or transfer first, or correct the quantity, storage location or batch',
  },
  {
    match: (m) => m.code === 'M7/053' || /^F5\/(201|076)$/.test(m.code) || /period .* (is )?not open|posting only possible in periods/i.test(m.text),
    hint: 'the posting period is closed: use a posting date in an open period, or ask finance to open the period (MMPV / OB52)',
  },
  {
    match: (m) => m.code === 'MM_IM_ODATA_API_MDOC/011' || /is not supported for GoodsMovementType/i.test(m.text),
    hint: 'the request carries a field SAP does not accept for this movement type: the movement mapping or the field selection (customizing) must change',
  },
  {
    match: (m) => m.code === 'MM_IM_ODATA_API_MDOC/012' || /is mandatory for GoodsMovementType/i.test(m.text),
    hint: 'a field SAP requires for this movement type is missing: complete the request (e.g. the cost center for scrap)',
  },
  {
    match: (m) => m.code === 'M8/147' || /account determination/i.test(m.text),
    hint: 'SAP finds no G/L account for this movement: finance must maintain account determination (OBYC) for the material’s valuation class',
  },
  {
    match: (m) => /^F5\/(702|703)$/.test(m.code) || /balance .*not zero|does not balance/i.test(m.text),
    hint: 'the journal entry does not balance in SAP: correct the amounts',
  },
];

/** The hint for the first message that has one, or null. */
export function hintFor(messages: ErpMessage[]): string | null {
  for (const message of messages) {
    if (message.severity !== 'error') continue;
    const found = HINTS.find((h) => h.match(message));
    if (found) return found.hint;
  }
  return null;
}
