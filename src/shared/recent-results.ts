/**
 * `compute`, remembering its results for the last keys asked: for work repeated with the same few
 * keys thousands of times (a send renders the same template for every recipient). Once `kept`
 * keys are remembered it starts again from none, so memory stays bounded. Results are shared:
 * callers must not change them.
 */
export function rememberingRecent<R>(kept: number, compute: (key: string) => R): (key: string) => R {
  const remembered = new Map<string, R>();
  return (key) => {
    if (remembered.has(key)) return remembered.get(key) as R;
    const result = compute(key);
    if (remembered.size >= kept) remembered.clear();
    remembered.set(key, result);
    return result;
  };
}
