/** Copying an answer: the clipboard is a browser API, so it is reached through platform/ like the others. */
export function copyText(text: string): void {
  void navigator.clipboard?.writeText(text).catch(() => undefined);
}
