/**
 * Body and header times (protocol §10): ISO 8601 with an offset. The sandbox writes Korean
 * standard time (+09:00), the buyer's zone; readers must accept any offset.
 */
const KST_OFFSET_MINUTES = 9 * 60;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatAntomTime(epochMs: number, offsetMinutes = KST_OFFSET_MINUTES): string {
  const shifted = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return (
    `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
    `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses an ISO 8601 time with an offset or Z; undefined when it is not one. */
export function parseAntomTime(text: string): number | undefined {
  if (!ISO_WITH_OFFSET.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A compact date stamp (yyyyMMdd in KST) that prefixes ids, as Antom's ids do. */
export function dateStamp(epochMs: number): string {
  const shifted = new Date(epochMs + KST_OFFSET_MINUTES * 60_000);
  return `${shifted.getUTCFullYear()}${pad(shifted.getUTCMonth() + 1)}${pad(shifted.getUTCDate())}`;
}
