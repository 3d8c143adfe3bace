/**
 * pdfkit parses an image given as bytes again for every document (png-js copies a PNG's image data
 * into one buffer each time: some 130 KB per letter for a signature). Parsed once per process here,
 * keyed by the bytes' Buffer (the one loadImage keeps per file), each document draws a copy of the
 * parsed image whose own label and PDF object are that document's: pdfkit's `image` takes an opened
 * image as it is, and embedding one sets only properties of the copy (`obj`, `document`, and
 * `image`, `imgData` or `data` to null once written), never of the parsed original.
 */
interface OpenedImage {
  width: number;
  height: number;
  label: string;
  obj: unknown;
}

interface ImageDocument {
  _imageCount: number;
  openImage(data: Buffer): OpenedImage;
}

const OPENED = new WeakMap<Buffer, OpenedImage>();

/** The image of `data` for `pdf`, labelled as pdfkit labels a document's images: I1, I2… in the order drawn. */
export function documentImage(pdf: PDFKit.PDFDocument, data: Buffer): OpenedImage {
  const doc = pdf as unknown as ImageDocument;
  let opened = OPENED.get(data);
  if (!opened) {
    // openImage counts the image as this document's; the copy below does that.
    const count = doc._imageCount;
    opened = doc.openImage(data);
    doc._imageCount = count;
    OPENED.set(data, opened);
  }
  const image = Object.create(opened) as OpenedImage;
  image.label = `I${++doc._imageCount}`;
  image.obj = null;
  return image;
}
