/** The one part of web-ext's programmatic API we use (the package ships no types). */
declare module 'web-ext' {
  const webExt: {
    cmd: {
      lint(
        params: { sourceDir: string; output: 'json' | 'text' | 'none'; boring?: boolean },
        options: { shouldExitProgram: boolean },
      ): Promise<unknown>;
    };
  };
  export default webExt;
}
