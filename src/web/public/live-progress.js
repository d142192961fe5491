// Progress of a job running in the server (an import, a recount, a send), shown in place: the page
// polls the job's small JSON address and never reloads itself, so nothing typed into a form is lost.
// Without this script the region's plain "Refresh to see progress" link does the same by hand.
import { initAll } from '/assets/nhsuk-frontend.min.js';

const POLL_MS = 1500;

/** Starts watching every progress region on the page: `data-progress-url` names its JSON address. */
export function watchProgress(root) {
  for (const region of root.querySelectorAll('[data-progress-url]')) watch(region);
}

function watch(region) {
  const announce = region.querySelector('[data-live-announce]');
  const fallback = region.querySelector('[data-live-fallback]');
  if (fallback) fallback.hidden = true;
  // Said once at the start and once at the end: a screen reader hears no tick in between.
  say(announce, region.dataset.startedText);
  const tick = async () => {
    const state = await readState(region.dataset.progressUrl);
    if (!state) {
      if (fallback) fallback.hidden = false;
      return;
    }
    showProgress(region, state);
    if (state.running) {
      setTimeout(tick, POLL_MS);
      return;
    }
    await finish(region, announce, state);
  };
  setTimeout(tick, POLL_MS);
}

async function readState(url) {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    const json = response.ok && (response.headers.get('content-type') ?? '').includes('application/json');
    return json ? await response.json() : undefined;
  } catch {
    return undefined;
  }
}

function showProgress(region, state) {
  const text = region.querySelector('[data-live-text]');
  if (text && state.text) text.textContent = state.text;
  const bar = region.querySelector('progress');
  if (bar && typeof state.percent === 'number') {
    bar.value = state.percent;
    bar.textContent = `${state.percent}%`;
  }
}

/**
 * The job is over: the parts of the page marked `data-live-part` are replaced by the same parts of
 * the page as it is now. Forms outside them (one someone may be typing in) are left alone.
 */
async function finish(region, announce, state) {
  for (const done of region.querySelectorAll('[data-live-text], progress')) done.hidden = true;
  const updated = await replaceParts();
  say(announce, state.finishedText ?? 'Finished.');
  if (!updated) showResultLink(region);
  region.dataset.liveState = 'finished';
}

async function replaceParts() {
  const parts = document.querySelectorAll('[data-live-part]');
  if (parts.length === 0) return false;
  try {
    const response = await fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return false;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const part of parts) {
      const replacement = fresh.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
      if (!replacement) {
        part.replaceChildren();
        continue;
      }
      const adopted = document.importNode(replacement, true);
      part.replaceWith(adopted);
      initAll({ scope: adopted });
    }
    return true;
  } catch {
    return false;
  }
}

function showResultLink(region) {
  const link = document.createElement('a');
  link.href = window.location.href;
  link.textContent = 'See the result';
  const line = document.createElement('p');
  line.className = 'nhsuk-body';
  line.append(link);
  region.append(line);
}

function say(announce, words) {
  if (announce && words) announce.textContent = words;
}
