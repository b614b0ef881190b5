/** One image showing in a page, as the collector run in the page reports it to the popup. */
export interface PageImage {
  src: string;
  width: number;
  height: number;
  alt: string;
}
