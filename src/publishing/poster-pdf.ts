import { asArtifact, COLOURS, newPdf, pdfBuffer } from './new-pdf.js';
import type { Poster } from './poster.js';

const SIDE = 48;
/** Where the helpdesk line sits, in its grey strip at the foot of the page (A4 is 841.89 points tall). */
const HELP_TOP = 841.89 - 72;

/** The height of the box with what to do in it. */
function actionBoxHeight(doc: PDFKit.PDFDocument, action: string, width: number): number {
  return (
    doc
      .font('bold')
      .fontSize(20)
      .heightOfString(action, { width: width - 32, lineGap: 2 }) + 20
  );
}

/** The largest size from `largest` down to `smallest` at which `text` fits on one line. */
function fittingSize(doc: PDFKit.PDFDocument, text: string, width: number, largest: number, smallest: number): number {
  let size = largest;
  while (size > smallest && doc.font('bold').fontSize(size).widthOfString(text) > width) size -= 1;
  return size;
}

const LABEL_WIDTH = 140;

/**
 * The dates side by side with their labels, or each label above its date in larger type: the
 * largest that fits across the page and in the `room` left above what follows the dates.
 */
function dateLayout(doc: PDFKit.PDFDocument, dates: Poster['dates'], width: number, room: number) {
  const beside = Math.min(...dates.map(({ when }) => fittingSize(doc, when, width - LABEL_WIDTH, dates.length > 5 ? 16 : 18, 13)));
  const widest = Math.min(...dates.map(({ when }) => fittingSize(doc, when, width, 22, 13)));
  for (let size = widest; size > beside; size -= 1) {
    if (dates.length * (13 * 1.2 + size * 1.2 + 8) <= room) return { size, stacked: true };
  }
  return { size: beside, stacked: false };
}

/** Each date as an item of a list: what it is, in smaller grey type, and the date. */
function dateRows(doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement, dates: Poster['dates'], width: number, room: number): void {
  const { size, stacked } = dateLayout(doc, dates, width, room);
  const list = doc.struct('L');
  root.add(list);
  for (const { label, when } of dates) {
    const top = doc.y;
    const item = doc.struct('LI');
    list.add(item);
    item.add(() => {
      const labelSize = stacked ? 13 : size - 2;
      doc
        .font('bold')
        .fontSize(labelSize)
        .fillColor(COLOURS.secondary)
        .text(label, SIDE, top + (stacked ? 0 : 2), { width: stacked ? width : LABEL_WIDTH - 12 });
      const labelBottom = doc.y;
      doc
        .font('bold')
        .fontSize(size)
        .fillColor(COLOURS.text)
        .text(when, stacked ? SIDE : SIDE + LABEL_WIDTH, stacked ? labelBottom : top, { width: stacked ? width : width - LABEL_WIDTH });
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
  const addressSize = fittingSize(doc, poster.moreAt, width, 20, 12);
  const belowDates = 18 + actionBoxHeight(doc, poster.action, width) + 20 + 18 * 1.3 + 2 + addressSize * 1.3;
  dateRows(doc, root, poster.dates, width, HELP_TOP - 28 - doc.y - belowDates);

  doc.y += 18;
  const actionHeight = actionBoxHeight(doc, poster.action, width) - 20;
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
  add('P', () => doc.font('bold').fontSize(addressSize).fillColor(COLOURS.blue).text(poster.moreAt, SIDE, doc.y, { width }));

  const helpTop = HELP_TOP;
  asArtifact(doc, () => doc.rect(0, helpTop - 20, doc.page.width, 92).fill('#f0f4f5'));
  const helpSize = fittingSize(doc, poster.help, width, 16, 11);
  add('P', () => doc.font('regular').fontSize(helpSize).fillColor(COLOURS.text).text(poster.help, SIDE, helpTop, { width }));
  root.end();
  return pdfBuffer(doc);
}
