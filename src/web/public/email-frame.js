// A message's HTML part is shown in a sandboxed frame (its own origin, which cannot touch this
// page). The frame's one script, which the server adds, says how tall the email is; this sizes the
// frame to it, so the whole email shows with no scroll box of its own. Without this script the
// frame keeps the stylesheet's height and scrolls, reachable by keyboard.

/** Not taller than this, whatever a frame says: an email is never a mile long. */
const MOST_PX = 50000;

/** Sizes each email frame on the page to the height its own script reports. */
export function fitEmailFrames(window) {
  window.addEventListener('message', (event) => {
    const height = event.data?.commsplanEmailHeight;
    if (typeof height !== 'number' || !Number.isFinite(height) || height <= 0) return;
    for (const frame of window.document.querySelectorAll('iframe[data-email-frame]')) {
      if (frame.contentWindow !== event.source) continue;
      // The frame's border (1px each side) on top of the email's own height.
      frame.style.height = `${Math.min(Math.ceil(height), MOST_PX) + 2}px`;
      frame.dataset.fitted = 'true';
    }
  });
  // A frame that loaded before this listener was added has said its height to no one: ask again.
  for (const frame of window.document.querySelectorAll('iframe[data-email-frame]'))
    frame.contentWindow?.postMessage({ commsplanAskHeight: true }, '*');
}
