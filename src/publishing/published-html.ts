import { escapeHtml } from '../messages/render-template.js';
import { blocksToHtml, type DocumentBlock, type HeadingLevel, type HtmlStyle, headingId } from '../plan-outputs/document-model.js';
import type { PublishedDocument } from './published-document.js';

/** nhsuk-frontend's class names, so the same fragment looks right in the web app and on its own. */
const NHS_STYLE: HtmlStyle = {
  classes: {
    h1: 'nhsuk-heading-xl',
    h2: 'nhsuk-heading-l',
    h3: 'nhsuk-heading-s',
    h4: 'nhsuk-heading-xs',
    p: 'nhsuk-body',
    ul: 'nhsuk-list nhsuk-list--bullet',
    checklist: 'nhsuk-list commsplan-checklist',
    table: 'nhsuk-table commsplan-stacked-table',
    note: 'nhsuk-inset-text',
    dl: 'nhsuk-summary-list',
  },
  linkAddresses: true,
  headingIds: true,
};

/** The same, one heading level down, for a page that has its own `<h1>` (the web app's). */
const NESTED_STYLE: HtmlStyle = {
  ...NHS_STYLE,
  classes: { ...NHS_STYLE.classes, h2: 'nhsuk-heading-l', h3: 'nhsuk-heading-m', h4: 'nhsuk-heading-s' },
};

/** A list of links to the document's sections, placed after its opening blocks. */
function contents(blocks: readonly DocumentBlock[], level: number): string {
  const sections = blocks.flatMap((block) => (block.kind === 'heading' && block.level === level ? [block.text] : []));
  if (sections.length < 3) return '';
  const links = sections.map((text) => `<li><a href="#${headingId(text)}">${escapeHtml(text)}</a></li>`).join('');
  return `<nav class="commsplan-contents" aria-labelledby="contents-heading"><h${level} class="nhsuk-heading-s" id="contents-heading">Contents</h${level}><ul class="nhsuk-list">${links}</ul></nav>`;
}

const nestedOneLevel = (blocks: readonly DocumentBlock[]) =>
  blocks.map((block) => (block.kind === 'heading' ? { ...block, level: Math.min(block.level + 1, 6) as HeadingLevel } : block));

/**
 * The document as an HTML fragment with NHS classes: its title, a contents list, then the rest.
 * `nested` moves every heading one level down, for a page whose `<h1>` is its own.
 */
export function publishedFragment(document: PublishedDocument, options: { nested?: boolean } = {}): string {
  const blocks = options.nested ? nestedOneLevel(document.blocks) : document.blocks;
  const style = options.nested ? NESTED_STYLE : NHS_STYLE;
  const sectionLevel = options.nested ? 3 : 2;
  const firstSection = blocks.findIndex((block) => block.kind === 'heading' && block.level === sectionLevel);
  const opening = firstSection === -1 ? blocks : blocks.slice(0, firstSection);
  const rest = firstSection === -1 ? [] : blocks.slice(firstSection);
  return [blocksToHtml(opening, style), contents(blocks, sectionLevel), blocksToHtml(rest, style)].filter(Boolean).join('\n');
}

/**
 * Enough of the NHS look for a page that must stand alone (no nhsuk-frontend, no web fonts):
 * Arial, NHS blue, the yellow focus ring, inset text, tables that stack below 40em, and a print
 * stylesheet for A4.
 */
const STANDALONE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:Arial,Helvetica,sans-serif;color:#212b32;background:#f0f4f5;-webkit-text-size-adjust:100%}
body{margin:0;font-size:1rem;line-height:1.5}
.commsplan-band{background:#005eb8;color:#fff;padding:16px}
.commsplan-band p{margin:0 auto;max-width:960px;font-weight:700;font-size:1.125rem}
main{display:block;max-width:960px;margin:0 auto;padding:24px 16px 48px;background:#fff}
h1,h2,h3,h4{font-weight:700;line-height:1.25;margin:0 0 16px}
.nhsuk-heading-xl{font-size:2rem;margin-bottom:24px}
.nhsuk-heading-l{font-size:1.5rem;margin-top:40px}
.nhsuk-heading-s{font-size:1.1875rem;margin-top:24px}
.nhsuk-heading-xs{font-size:1rem}
p,ul,table,dl{margin:0 0 16px}
ul{padding-left:20px}
.nhsuk-list{list-style:none;padding-left:0}
.nhsuk-list--bullet{list-style:disc;padding-left:20px}
li{margin-bottom:8px}
a{color:#005eb8;text-decoration:underline;overflow-wrap:anywhere}
a:visited{color:#330072}
a:hover{color:#7c2855;text-decoration:none}
a:focus{outline:4px solid transparent;background:#ffeb3b;color:#212b32;box-shadow:0 -2px #ffeb3b,0 4px #212b32;text-decoration:none}
.nhsuk-inset-text{border-left:8px solid #005eb8;padding:16px;margin:24px 0;background:#fff}
.nhsuk-inset-text p{margin:0}
.commsplan-checklist li{position:relative;padding-left:40px;min-height:28px}
.commsplan-checklist li::before{content:"";position:absolute;left:0;top:2px;width:24px;height:24px;border:2px solid #212b32;background:#fff}
.commsplan-contents{border-top:1px solid #d8dde0;border-bottom:1px solid #d8dde0;margin:24px 0;padding-top:8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:8px 12px 8px 0;border-bottom:1px solid #d8dde0}
th{font-weight:700}
@media (max-width:40em){
  .nhsuk-heading-xl{font-size:1.625rem}
  .nhsuk-heading-l{font-size:1.3125rem}
  .commsplan-stacked-table thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .commsplan-stacked-table tr,.commsplan-stacked-table td{display:block}
  .commsplan-stacked-table tr{border-bottom:2px solid #d8dde0;padding:8px 0}
  .commsplan-stacked-table td{border:0;padding:2px 0}
  .commsplan-stacked-table td::before{content:attr(data-label) ": ";font-weight:700}
}
@media print{
  @page{size:A4;margin:16mm}
  html,main{background:#fff}
  body{font-size:11pt}
  .commsplan-band{background:#fff;color:#005eb8;border-bottom:2pt solid #005eb8;padding:0 0 8pt}
  main{max-width:none;padding:0}
  a{color:#212b32}
  .commsplan-contents{display:none}
  h2,h3{break-after:avoid}
  tr,li,.nhsuk-inset-text{break-inside:avoid}
}
`;

/** The document as one HTML page that needs nothing else: its styles inside it, no scripts. */
export function standalonePublishedHtml(document: PublishedDocument, bandText: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(document.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.title)}</title>
<style>${STANDALONE_CSS}</style>
</head>
<body>
<header class="commsplan-band"><p>${escapeHtml(bandText)}</p></header>
<main>
${publishedFragment(document)}
</main>
</body>
</html>
`;
}
