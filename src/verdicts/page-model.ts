/**
 * Which model a page is about, when a tool's sites cover a whole family and the page shows another member than the
 * one the panel reviewed. The panel reviewed "SmolVLM-3B"; Hugging Face publishes no SmolVLM of 3B parameters. Its
 * SmolVLM pages are SmolVLM-256M, SmolVLM-500M and the 2.2B flagship SmolVLM-Instruct (the "Model card" link of the
 * entry), plus SmolVLM2, the successor that also reads video. The card keeps the panel's name and facts (the
 * verdict is theirs) and says in one line how the page's model and the demo's relate to it. Pure.
 */

export interface PageModel {
  /** The model the page shows, as its repository names it, e.g. "SmolVLM-256M-Instruct". */
  name: string;
  /** e.g. "256M" */
  parameters: string;
  /** How it relates to the reviewed entry: the flagship itself, a smaller sibling, or the SmolVLM2 successor. */
  kind: 'flagship' | 'smaller' | 'successor';
}

/** The model the demo runs: its hub id ("HuggingFaceTB/SmolVLM-256M-Instruct") and how people read it. */
export interface DemoModel {
  id: string;
  label: string;
}

/**
 * The reviewed tool whose pages span a family, and how its name reads in the review. It is also the tool the
 * on-device demo demonstrates, so the popup offers the demo on its pages only.
 */
export const SMOLVLM_TOOL_ID = 'smolvlm-3b';
const REVIEWED_AS = 'SmolVLM-3B';
const FLAGSHIP = 'SmolVLM-Instruct';

const REPO = /^\/huggingfacetb\/(smolvlm2?)(?:-(\d+(?:\.\d+)?[mb]))?(?:-([\w.-]*))?\/?/i;

function sizeLabel(size: string): string {
  return size.slice(0, -1) + size.slice(-1).toUpperCase();
}

/**
 * The page's model for a tool's page, or null when the page is about the reviewed entry as a whole (an
 * announcement, the docs) or isn't a family member's page.
 */
export function pageModelFor(toolId: string, url: string): PageModel | null {
  if (toolId !== SMOLVLM_TOOL_ID) return null;
  let path: string;
  try {
    const u = new URL(url);
    if (u.hostname.replace(/^www\./, '') !== 'huggingface.co') return null;
    path = u.pathname;
  } catch {
    return null;
  }
  const match = REPO.exec(path);
  if (!match) return null;
  const name = decodeURIComponent(path.split('/')[2] ?? '');
  // The family's repositories without a size in the name are the 2.2B models (SmolVLM-Instruct, SmolVLM-Base).
  const parameters = match[2] ? sizeLabel(match[2]) : '2.2B';
  if (match[1]?.toLowerCase() === 'smolvlm2') return { name, parameters, kind: 'successor' };
  return { name, parameters, kind: parameters === '2.2B' ? 'flagship' : 'smaller' };
}

/** "256M" from "HuggingFaceTB/SmolVLM-256M-Instruct"; null for a model named without a size. */
function demoSize(demo: DemoModel): string | null {
  const size = /smolvlm-(\d+(?:\.\d+)?[mb])\b/i.exec(demo.id)?.[1];
  return size ? sizeLabel(size) : null;
}

/**
 * One short line that tells the names apart as one story: the model the panel reviewed (under a name Hugging Face
 * doesn't publish), the model on this page, and the model the demo runs. Null for any other tool. `demo` is null
 * until the popup knows which model runs (it reads the settings after the verdict has painted).
 */
export function modelStory(
  toolId: string,
  pageModel: PageModel | null,
  demo: DemoModel | null,
): string | null {
  if (toolId !== SMOLVLM_TOOL_ID) return null;
  let line = `${REVIEWED_AS} is the panel’s name for the 2.2B ${FLAGSHIP}`;
  if (pageModel?.kind === 'flagship') line += '; this page shows it';
  else if (pageModel?.kind === 'smaller') line += `; this page shows its ${pageModel.parameters} sibling`;
  else if (pageModel?.kind === 'successor') line += `; this page shows ${pageModel.name}, its successor`;
  if (demo) {
    const size = demoSize(demo);
    const repo = demo.id.split('/').pop()?.toLowerCase();
    if (pageModel && repo === pageModel.name.toLowerCase()) line += ', which the demo runs';
    else if (size && pageModel?.kind === 'smaller') line += `; the demo runs the ${size} one`;
    else if (size) line += `; the demo runs its ${size} sibling`;
    else line += `; the demo runs ${demo.label}`;
  }
  return `${line}.`;
}
