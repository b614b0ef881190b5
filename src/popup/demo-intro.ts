/**
 * How the popup's demo introduces itself. It is offered on SmolVLM's pages only (it demonstrates that tool), and the
 * model that runs is the one chosen in Options: the title names it, or says "this model" when it is the page's own.
 * The card's one-line story (verdicts/page-model.ts) tells the names apart. Pure, so each case is checked in Node.
 */
import type { PageModel } from '../verdicts/page-model';

export interface DemoIntro {
  title: string;
  note: string;
}

export interface DemoIntroFacts {
  /** The model the page shows, when it names one member of the family. */
  pageModel: PageModel | null;
  /** The hub id of the model that will run, e.g. "HuggingFaceTB/SmolVLM-256M-Instruct". */
  demoModelId: string;
  /** How people read it, e.g. "SmolVLM 256M". */
  demoModelLabel: string;
}

export function demoIntro({ pageModel, demoModelId, demoModelLabel }: DemoIntroFacts): DemoIntro {
  const samePage =
    pageModel !== null && demoModelId.split('/').pop()?.toLowerCase() === pageModel.name.toLowerCase();
  return {
    title: samePage
      ? 'Live demo: this model, on your device'
      : `Live demo: ${demoModelLabel}, on your device`,
    note: 'Pick an image on this page: it is described right here, without sending anything anywhere.',
  };
}
