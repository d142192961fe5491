import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/** DejaVu Sans, embedded: pdfkit's own fonts cannot show "Łukasz", "Siân" or an en dash (ADR 0015). */
const require = createRequire(import.meta.url);
export const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

export const COLOURS = { text: '#212b32', blue: '#005eb8', grey: '#d8dde0', secondary: '#4c6272' } as const;

export interface PdfMeta {
  title: string;
  /** BCP 47 language tag, such as en-GB. */
  language: string;
  author?: string;
  subject?: string;
  /** The creation date written into the file. */
  createdAt: Date;
}

/**
 * A tagged A4 PDF (PDF 1.7, structure tree, language, title shown by viewers) with DejaVu Sans
 * registered as `regular` and `bold`, pages kept in memory so page numbers can be added last.
 */
export function newPdf(meta: PdfMeta, margins: { top: number; bottom: number; left: number; right: number }): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.language,
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: meta.title,
      Author: meta.author ?? '',
      Subject: meta.subject ?? '',
      Creator: 'commsplan',
      CreationDate: meta.createdAt,
    },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.font('regular').fillColor(COLOURS.text);
  return doc;
}

/** Ends the document and collects its bytes. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Draws something that is decoration, not content: screen readers skip it. */
export function asArtifact(doc: PDFKit.PDFDocument, draw: () => void): void {
  doc.markContent('Artifact');
  draw();
  doc.endMarkedContent();
}
