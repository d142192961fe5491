/** An activity owner: `Jane Smith <jane.smith@example.nhs.uk>`, a bare address, or a name alone. */
export function parseOwner(owner: string): { name: string; email?: string } {
  const angled = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(owner.trim());
  if (angled) return { name: angled[1] || (angled[2] as string), email: angled[2] };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(owner.trim())) return { name: owner.trim(), email: owner.trim() };
  return { name: owner.trim() };
}

/** The owner's name without their address, for tables. */
export function ownerName(owner: string | undefined): string {
  return owner ? parseOwner(owner).name : 'Not assigned';
}
