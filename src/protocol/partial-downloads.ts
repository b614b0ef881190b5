/**
 * Where the bytes of unfinished model downloads are kept between attempts: the resumable download (inference/)
 * uses a PartialStore, platform/ implements it in Cache Storage, so neither imports the other.
 */

/** What identifies one version of a file: resuming is only safe into the same version. */
export interface FileIdentity {
  etag: string;
  total: number;
}

export interface PartialFile extends FileIdentity {
  chunks: Uint8Array[];
  /** Bytes held, the sum of the chunks. */
  bytes: number;
}

/** Where the bytes of unfinished downloads are kept between attempts. */
export interface PartialStore {
  load(url: string): Promise<PartialFile | null>;
  /** Adds bytes to the end of what is held for `url` (in that identity; a new identity starts afresh). */
  append(url: string, identity: FileIdentity, bytes: Uint8Array): Promise<void>;
  clear(url: string): Promise<void>;
}
