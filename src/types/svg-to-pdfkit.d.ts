// svg-to-pdfkit ships no types; this is the one call the renderer makes.
declare module 'svg-to-pdfkit' {
  interface SvgOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
    warningCallback?: (message: string) => void;
    /** Turns an `<image>` href into what pdfkit's openImage is given (a path, a data URI or bytes). */
    imageCallback?: (href: string) => string | Buffer;
    /** Gives the documents an url(file#id) reference names. */
    documentCallback?: (file: string) => string | string[];
  }
  export default function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgOptions): void;
}
