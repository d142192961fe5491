import { asArtifact, COLOURS, newPdf, pdfBuffer } from './pdf-kit.js';
import type { Poster } from './poster.js';

const SIDE = 48;

/** The largest size from `largest` down to `smallest` at which `text` fits on one line. */
function fittingSize(doc: PDFKit.PDFDocument, text: string, width: number, largest: number, smallest: number): number {
  let size = largest;
  while (size > smallest && doc.font('bold').fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

/** Each date on a row: what it is on the left, the date on the right, as a list. */
function dateRows(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, dates: Poster['dates'], width: number): void {
  const labelWidth = 140;
  const size = Math.min(...dates.map(({ when }) => fittingSize(doc, when, width - labelWidth, dates.length > 5 ? 16 : 18, 13)));
  const list = doc.struct('L');
  root.add(list);
  for (const { label, when } of dates) {
    const top = doc.y;
    const item = doc.struct('LI');
    list.add(item);
    item.add(() => {
      doc
        .font('bold')
        .fontSize(size - 2)
        .fillColor(COLOURS.secondary)
        .text(label, SIDE, top + 2, { width: labelWidth - 12 });
      const labelBottom = doc.y;
      doc
        .font('bold')
        .fontSize(size)
        .fillColor(COLOURS.text)
        .text(when, SIDE + labelWidth, top, { width: width - labelWidth });
      doc.y = Math.max(doc.y, labelBottom);
    });
    item.end();
    doc.y += 8;
  }
  list.end();
}

/** The poster on one A4 page: a blue band with the headline, then dates, what to do and where to look. */
export async function renderPosterPdf(poster: Poster, createdAt: Date): Promise<Buffer> {
  const doc = newPdf({ title: poster.title, language: poster.language, createdAt }, { top: 0, bottom: 0, left: SIDE, right: SIDE });
  const width = doc.page.width - SIDE * 2;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const add = (tag: string, draw: () => void) => {
    const element = doc.struct(tag);
    root.add(element);
    element.add(draw);
    element.end();
  };

  doc.font('bold').fontSize(34);
  const headlineHeight = doc.heightOfString(poster.headline, { width, lineGap: 2 });
  const bandHeight = headlineHeight + 64;
  asArtifact(doc, () => doc.rect(0, 0, doc.page.width, bandHeight).fill(COLOURS.blue));
  add('H1', () => doc.font('bold').fontSize(34).fillColor('#ffffff').text(poster.headline, SIDE, 34, { width, lineGap: 2 }));

  doc.y = bandHeight + 28;
  add('P', () => doc.font('bold').fontSize(20).fillColor(COLOURS.text).text(poster.lead, SIDE, doc.y, { width, lineGap: 2 }));

  doc.y += 22;
  add('H2', () => doc.font('bold').fontSize(22).fillColor(COLOURS.blue).text('Key dates', SIDE, doc.y, { width }));
  doc.y += 6;
  dateRows(doc, root, poster.dates, width);

  doc.y += 18;
  doc.font('bold').fontSize(20);
  const actionHeight = doc.heightOfString(poster.action, { width: width - 32, lineGap: 2 });
  const boxTop = doc.y;
  asArtifact(doc, () => doc.rect(SIDE, boxTop, 8, actionHeight + 20).fill(COLOURS.blue));
  add('P', () =>
    doc
      .font('bold')
      .fontSize(20)
      .fillColor(COLOURS.text)
      .text(poster.action, SIDE + 28, boxTop + 10, { width: width - 32, lineGap: 2 }),
  );
  doc.y = boxTop + actionHeight + 40;

  add('H2', () => doc.font('bold').fontSize(18).fillColor(COLOURS.text).text('Find out more', SIDE, doc.y, { width }));
  doc.y += 2;
  const addressSize = fittingSize(doc, poster.moreAt, width, 20, 12);
  add('P', () => doc.font('bold').fontSize(addressSize).fillColor(COLOURS.blue).text(poster.moreAt, SIDE, doc.y, { width }));

  const helpTop = doc.page.height - 72;
  asArtifact(doc, () => doc.rect(0, helpTop - 20, doc.page.width, 92).fill('#f0f4f5'));
  const helpSize = fittingSize(doc, poster.help, width, 16, 11);
  add('P', () => doc.font('regular').fontSize(helpSize).fillColor(COLOURS.text).text(poster.help, SIDE, helpTop, { width }));
  root.end();
  return pdfBuffer(doc);
}
