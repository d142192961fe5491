import { describe, expect, it } from 'vitest';
import type { PublishedDocument } from './published-document.js';
import { standalonePublishedHtml } from './published-html.js';

const HOSTILE = `Eastbrook "><script>alert(1)</script>`;
const ESCAPED = 'Eastbrook &#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;';

const document = (text: string): PublishedDocument => ({
  title: `${text} moves to NHSmail`,
  language: 'en-GB',
  blocks: [
    { kind: 'heading', level: 1, text: `${text} moves to NHSmail` },
    { kind: 'paragraph', text },
    { kind: 'heading', level: 2, text: `What ${text} does` },
    { kind: 'list', items: [text] },
  ],
  missing: [],
});

describe('a published document as a page of its own', () => {
  it('escapes the title, the band and the text of its blocks', () => {
    const html = standalonePublishedHtml(document(HOSTILE), `${HOSTILE} staff news`);
    expect(html).toContain(`<title>${ESCAPED} moves to NHSmail</title>`);
    expect(html).toContain(`<header class="commsplan-band"><p>${ESCAPED} staff news</p></header>`);
    expect(html).not.toContain('<script');
    expect(html).toContain('<html lang="en-GB">');
  });
});
