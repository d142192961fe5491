/** Who did what: an audit detail as readable text. */
const words = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value !== 'object') return String(value);
  const record = value as Record<string, unknown>;
  for (const [before, after] of [
    ['before', 'after'],
    ['from', 'to'],
    ['was', 'now'],
  ] as const) {
    if (before in record && after in record) return `${valueText(record[before]) || 'nothing'} → ${valueText(record[after]) || 'nothing'}`;
  }
  return Object.entries(record)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${words(k)}: ${valueText(v)}`)
    .join('; ');
}

/** A detail as readable text: older lines stored JSON, which is read back as "key: value; from → to". */
export function detailText(detail: string): string {
  const trimmed = detail.trim();
  if (!/^[{[]/.test(trimmed)) return detail;
  try {
    return valueText(JSON.parse(trimmed));
  } catch {
    return detail;
  }
}
