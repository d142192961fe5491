/**
 * Accounts that hold rights on many mailboxes (service accounts, rota coordinators of large
 * departments) say nothing about who works with whom, so wave planning leaves their links out:
 * every link held by an account with rights on more than `threshold` distinct mailboxes is
 * dropped. Links that others hold on that account's own mailbox stay.
 */
export const BROAD_HOLDER_THRESHOLD = 50;

export interface HeldLinks {
  from: Int32Array;
  to: Int32Array;
  weight: Uint8Array;
  right: Uint8Array;
  length: number;
}

/** Distinct mailboxes each holder (`from`) has rights on. */
export function distinctMailboxesHeld(nodeCount: number, links: HeldLinks): Int32Array {
  const start = new Int32Array(nodeCount + 1);
  for (let k = 0; k < links.length; k++) {
    const next = (links.from[k] as number) + 1;
    start[next] = (start[next] as number) + 1;
  }
  for (let i = 0; i < nodeCount; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, nodeCount);
  const mailboxes = new Int32Array(links.length);
  for (let k = 0; k < links.length; k++) {
    const holder = links.from[k] as number;
    mailboxes[fill[holder] as number] = links.to[k] as number;
    fill[holder] = (fill[holder] as number) + 1;
  }
  const distinct = new Int32Array(nodeCount);
  const seenBy = new Int32Array(nodeCount).fill(-1);
  for (let holder = 0; holder < nodeCount; holder++) {
    let count = 0;
    for (let k = start[holder] as number; k < (start[holder + 1] as number); k++) {
      const mailbox = mailboxes[k] as number;
      if (seenBy[mailbox] === holder || mailbox === holder) continue;
      seenBy[mailbox] = holder;
      count += 1;
    }
    distinct[holder] = count;
  }
  return distinct;
}

/** The links without those held by broad holders, and which holders those were. */
export function dropBroadHolders(
  nodeCount: number,
  links: HeldLinks,
  threshold = BROAD_HOLDER_THRESHOLD,
): { links: HeldLinks; droppedHolders: Int32Array; droppedLinks: number } {
  const held = distinctMailboxesHeld(nodeCount, links);
  const droppedHolders: number[] = [];
  for (let holder = 0; holder < nodeCount; holder++) if ((held[holder] as number) > threshold) droppedHolders.push(holder);
  let kept = 0;
  for (let k = 0; k < links.length; k++) if ((held[links.from[k] as number] as number) <= threshold) kept += 1;
  const out: HeldLinks = {
    from: new Int32Array(kept),
    to: new Int32Array(kept),
    weight: new Uint8Array(kept),
    right: new Uint8Array(kept),
    length: kept,
  };
  let at = 0;
  for (let k = 0; k < links.length; k++) {
    if ((held[links.from[k] as number] as number) > threshold) continue;
    out.from[at] = links.from[k] as number;
    out.to[at] = links.to[k] as number;
    out.weight[at] = links.weight[k] as number;
    out.right[at] = links.right[k] as number;
    at += 1;
  }
  return { links: out, droppedHolders: Int32Array.from(droppedHolders), droppedLinks: links.length - kept };
}
