// Small progressive enhancements only: every page works without this file.
import { initAll } from '/assets/nhsuk-frontend.min.js';
import { fitEmailFrames } from '/static/email-frame.js';
import { watchProgress } from '/static/live-progress.js';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');
initAll();
watchProgress(document);
fitEmailFrames(window);
