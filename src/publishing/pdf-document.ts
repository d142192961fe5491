import type { DocumentBlock } from '../plan-outputs/document-model.js';
import { asArtifact, COLOURS, newPdf, type PdfMeta, pdfBuffer } from './new-pdf.js';
import { textBlocks } from './text-blocks.js';

type Doc = PDFKit.PDFDocument;

type Struct = PDFKit.PDFStructureElement;

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };

const BODY_SIZE = 10.5;

const HEADING_SIZES = { 1: 20, 2: 15, 3: 12, 4: 11, 5: 10.5, 6: 10.5 } as const;

const GAP = 8;

const ADDRESS = /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

const contentWidth = (doc: Doc) => doc.page.width - MARGIN.left - MARGIN.right;

const spaceLeft = (doc: Doc) => doc.page.height - MARGIN.bottom - doc.y;

/** Starts a new page when less than `height` is left on this one. */
function keepTogether(doc: Doc, height: number): void {
  if (spaceLeft(doc) < height) doc.addPage();
}

/** Text with its web and email addresses as links, wrapped to `width` from `x`. */
function richText(doc: Doc, text: string, x: number, width: number, size = BODY_SIZE, font = 'regular'): void {
  doc.font(font).fontSize(size).fillColor(COLOURS.text);
  const parts: { text: string; link?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(ADDRESS)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ text: text.slice(last, index) });
    parts.push({ text: match[0], link: match[0].includes('://') ? match[0] : `mailto:${match[0]}` });
    last = index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  parts.forEach((part, i) => {
    const options = { width, lineGap: 2, continued: i < parts.length - 1, link: part.link ?? null, underline: Boolean(part.link) };
    doc.fillColor(part.link ? COLOURS.blue : COLOURS.text);
    if (i === 0) doc.text(part.text, x, doc.y, options);
    else doc.text(part.text, options);
  });
  doc.fillColor(COLOURS.text);
}

function heading(doc: Doc, root: Struct, level: keyof typeof HEADING_SIZES, text: string): void {
  const size = HEADING_SIZES[level];
  doc.font('bold').fontSize(size);
  const height = doc.heightOfString(text, { width: contentWidth(doc) });
  if (level <= 3 && doc.y > MARGIN.top) doc.moveDown(level === 2 ? 0.9 : 0.5);
  // A heading stays with the start of what follows it (a section's first question and answer).
  keepTogether(doc, height + (level === 2 ? 120 : 60));
  if (level === 2) doc.outline.addItem(text);
  const element = doc.struct(`H${level}`);
  root.add(element);
  element.add(() => {
    doc
      .font('bold')
      .fontSize(size)
      .fillColor(level <= 2 ? COLOURS.blue : COLOURS.text);
    doc.text(text, MARGIN.left, doc.y, { width: contentWidth(doc) });
  });
  element.end();
  doc.fillColor(COLOURS.text);
  doc.y += level === 1 ? GAP * 1.5 : GAP / 2;
}

function paragraph(doc: Doc, root: Struct, text: string): void {
  const element = doc.struct('P');
  root.add(element);
  element.add(() => richText(doc, text, MARGIN.left, contentWidth(doc)));
  element.end();
  doc.y += GAP;
}

function list(doc: Doc, root: Struct, items: readonly string[], checkboxes: boolean): void {
  const indent = checkboxes ? 22 : 14;
  const element = doc.struct('L');
  root.add(element);
  for (const item of items) {
    doc.font('regular').fontSize(BODY_SIZE);
    keepTogether(doc, Math.min(doc.heightOfString(item, { width: contentWidth(doc) - indent }), 60) + 4);
    const top = doc.y;
    const entry = doc.struct('LI');
    element.add(entry);
    if (checkboxes) {
      asArtifact(doc, () => {
        doc
          .lineWidth(1)
          .strokeColor(COLOURS.text)
          .rect(MARGIN.left, top + 1.5, 10, 10)
          .stroke();
      });
    } else {
      const label = doc.struct('Lbl');
      entry.add(label);
      label.add(() =>
        doc
          .font('regular')
          .fontSize(BODY_SIZE)
          .text('•', MARGIN.left + 3, top, { lineBreak: false }),
      );
      label.end();
    }
    const body = doc.struct('LBody');
    entry.add(body);
    doc.y = top;
    body.add(() => richText(doc, item, MARGIN.left + indent, contentWidth(doc) - indent));
    body.end();
    entry.end();
    doc.y += 4;
  }
  element.end();
  doc.y += GAP / 2;
}

function note(doc: Doc, root: Struct, text: string): void {
  const width = contentWidth(doc) - 20;
  doc.font('regular').fontSize(BODY_SIZE);
  const height = doc.heightOfString(text, { width, lineGap: 2 });
  keepTogether(doc, height + 16);
  const top = doc.y;
  asArtifact(doc, () => {
    doc.rect(MARGIN.left, top, 5, height + 12).fill(COLOURS.blue);
  });
  doc.y = top + 6;
  const element = doc.struct('P');
  root.add(element);
  element.add(() => richText(doc, text, MARGIN.left + 18, width));
  element.end();
  doc.y = Math.max(doc.y, top + height + 12) + GAP;
}

/** Column widths in proportion to each column's longest text (capped), none narrower than 70 points. */
function columnWidths(headers: readonly string[], rows: readonly string[][], total: number): number[] {
  const longest = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => Math.min((row[i] ?? '').length, 60))));
  const sum = longest.reduce((a, b) => a + b, 0) || 1;
  const raw = longest.map((length) => Math.max((length / sum) * total, 70));
  const scale = total / raw.reduce((a, b) => a + b, 0);
  return raw.map((width) => width * scale);
}

const CELL_PAD = 4;

function rowHeight(doc: Doc, cells: readonly string[], widths: number[], header: boolean): number {
  doc.font(header ? 'bold' : 'regular').fontSize(BODY_SIZE - 0.5);
  const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: (widths[i] ?? 0) - CELL_PAD * 2, lineGap: 1 }));
  return Math.max(...heights) + CELL_PAD * 2;
}

function tableRow(doc: Doc, table: Struct, cells: readonly string[], widths: number[], header: boolean): void {
  const pad = CELL_PAD;
  const height = rowHeight(doc, cells, widths, header);
  keepTogether(doc, height);
  const top = doc.y;
  const row = doc.struct('TR');
  table.add(row);
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    const width = widths[i] ?? 0;
    const element = doc.struct(header ? 'TH' : 'TD');
    row.add(element);
    element.add(() => {
      doc.y = top + pad;
      if (header)
        doc
          .font('bold')
          .fontSize(BODY_SIZE - 0.5)
          .fillColor(COLOURS.text)
          .text(cell, x + pad, top + pad, { width: width - pad * 2 });
      else richText(doc, cell, x + pad, width - pad * 2, BODY_SIZE - 0.5);
    });
    element.end();
    x += width;
  });
  row.end();
  asArtifact(doc, () => {
    doc
      .lineWidth(header ? 1.5 : 0.75)
      .strokeColor(header ? COLOURS.text : COLOURS.grey)
      .moveTo(MARGIN.left, top + height)
      .lineTo(MARGIN.left + widths.reduce((a, b) => a + b, 0), top + height)
      .stroke();
  });
  doc.x = MARGIN.left;
  doc.y = top + height;
}

function table(doc: Doc, root: Struct, headers: readonly string[], rows: readonly string[][]): void {
  const widths = columnWidths(headers, rows, contentWidth(doc));
  const withHeader = headers.some((header) => header !== '');
  const element = doc.struct('Table');
  root.add(element);
  keepTogether(doc, 60);
  if (withHeader) tableRow(doc, element, headers, widths, true);
  for (const row of rows) {
    // A row that does not fit starts a new page, under the header row again.
    if (spaceLeft(doc) < rowHeight(doc, row, widths, false)) {
      doc.addPage();
      if (withHeader) tableRow(doc, element, headers, widths, true);
    }
    tableRow(doc, element, row, widths, false);
  }
  element.end();
  doc.y += GAP * 1.5;
}

function block(doc: Doc, root: Struct, item: DocumentBlock): void {
  switch (item.kind) {
    case 'heading':
      heading(doc, root, item.level, item.text);
      break;
    case 'paragraph':
      paragraph(doc, root, item.text);
      break;
    case 'list':
      list(doc, root, item.items, false);
      break;
    case 'checklist':
      list(doc, root, item.items, true);
      break;
    case 'note':
      note(doc, root, item.text);
      break;
    case 'table':
      table(doc, root, item.headers, item.rows);
      break;
    case 'fields':
      table(doc, root, ['', ''], item.rows);
      break;
    case 'rich':
      for (const part of textBlocks(item.text, item.headingLevel)) block(doc, root, part);
      break;
    case 'email':
      paragraph(doc, root, `Subject: ${item.subject}`);
      for (const part of textBlocks(item.text, item.headingLevel)) block(doc, root, part);
      break;
  }
}

/** "Title · Page 2 of 9" at the foot of every page, marked as pagination for screen readers to skip. */
function pageNumbers(doc: Doc, footer: string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font('regular')
      .fontSize(8.5)
      .fillColor(COLOURS.secondary)
      .text(`${footer} · Page ${index + 1} of ${count}`, MARGIN.left, doc.page.height - 40, {
        width: doc.page.width - MARGIN.left - MARGIN.right,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}

export interface PdfDocumentInput extends PdfMeta {
  blocks: readonly DocumentBlock[];
  /** Words before the page number at the foot of each page; the title when not given. */
  footer?: string;
}

/**
 * Document blocks as an A4 PDF: real, selectable text in embedded DejaVu Sans, tagged headings,
 * paragraphs, lists and tables, a bookmark per section, page numbers, the title and language set.
 */
export async function renderPdf(input: PdfDocumentInput): Promise<Buffer> {
  const doc = newPdf(input, MARGIN);
  const root = doc.struct('Document');
  doc.addStructure(root);
  for (const item of input.blocks) block(doc, root, item);
  root.end();
  pageNumbers(doc, input.footer ?? input.title);
  return pdfBuffer(doc);
}
