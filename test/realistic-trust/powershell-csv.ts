/** Exchange's ByteQuantifiedSize as text: `3.217 GB (3,454,230,118 bytes)`. */
export function byteQuantifiedSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let unit = 0;
  while (unit < units.length - 1 && bytes >= 1024 ** (unit + 1)) unit += 1;
  const amount = unit === 0 ? `${bytes}` : `${Number((bytes / 1024 ** unit).toFixed(3))}`;
  return `${amount} ${units[unit]} (${bytes.toLocaleString('en-GB')} bytes)`;
}
