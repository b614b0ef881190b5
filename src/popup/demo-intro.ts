/**
 * How the popup's demo introduces itself. On a SmolVLM page it is the live demo of the family, but the model that
 * runs is the one chosen in Options, which may not be the one the page shows: the heading names the model that
 * runs, and the note says when it isn't the page's. Pure, so each case is checked in Node.
 */
import type { PageModel } from '../verdicts/page-model';

export interface DemoIntro {
  title: string;
  note: string;
}

export interface DemoIntroFacts {
  /** The tab's page is about SmolVLM (the model family the demo runs). */
  isModelPage: boolean;
  /** The model the page shows, when it names one member of the family. */
  pageModel: PageModel | null;
  /** The hub id of the model that will run, e.g. "HuggingFaceTB/SmolVLM-256M-Instruct". */
  demoModelId: string;
  /** How people read it, e.g. "SmolVLM 256M". */
  demoModelLabel: string;
}

export function demoIntro({
  isModelPage,
  pageModel,
  demoModelId,
  demoModelLabel,
}: DemoIntroFacts): DemoIntro {
  if (!isModelPage) {
    return {
      title: "Try it on this page's images",
      note: `Pick an image for ${demoModelLabel} to describe, on your device.`,
    };
  }
  const runs = `Pick an image: ${demoModelLabel} describes it right here, without sending anything anywhere.`;
  const samePage =
    pageModel !== null && demoModelId.split('/').pop()?.toLowerCase() === pageModel.name.toLowerCase();
  return {
    title: samePage
      ? 'Live demo: this model, on your device'
      : `Live demo: ${demoModelLabel}, on your device`,
    note:
      pageModel === null || samePage
        ? runs
        : `${runs} It is the model chosen in Options, not this page’s ${pageModel.name}.`,
  };
}
