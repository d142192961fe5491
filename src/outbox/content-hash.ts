import { createHash } from 'node:crypto';

/** SHA-256 of a text in hex: the hash message keys, template versions and approvals' fingerprints are made with. */
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
