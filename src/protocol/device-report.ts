/**
 * What an extension page learns about this device (the WebGPU adapter, memory, cores): read and stored by
 * platform/, read by the recommendation and the download sizes in every context.
 */
export interface DeviceReport {
  /** null when there is no WebGPU adapter. */
  webgpu: null | {
    features: string[];
    maxBufferSize: number;
    maxStorageBufferBindingSize: number;
    /** A software adapter (e.g. SwiftShader) is WebGPU on the CPU: no faster than WASM. */
    isFallbackAdapter?: boolean;
  };
  /** navigator.deviceMemory in GB (Chrome rounds and caps it at 8); null when unknown. */
  deviceMemoryGb: number | null;
  hardwareConcurrency: number | null;
}

/** How much storage this extension uses and may use, in bytes (navigator.storage.estimate()). */
export interface StorageUse {
  usage: number;
  quota: number;
}
