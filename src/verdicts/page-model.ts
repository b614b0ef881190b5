/**
 * Which model a page is about, when a tool's sites cover a whole family and the page shows another member than the
 * one the panel reviewed. The panel reviewed "SmolVLM-3B"; Hugging Face publishes no SmolVLM of 3B parameters. Its
 * SmolVLM pages are SmolVLM-256M, SmolVLM-500M and the 2.2B flagship SmolVLM-Instruct (the "Model card" link of the
 * entry), plus SmolVLM2, the successor that also reads video. The card keeps the panel's name and facts (the
 * verdict is theirs) and says how the page's model relates to it. Pure: a URL in, a sentence out.
 */

export interface PageModel {
  /** The model the page shows, as its repository names it, e.g. "SmolVLM-256M-Instruct". */
  name: string;
  /** e.g. "256M" */
  parameters: string;
  /** How it relates to the reviewed entry, one or two sentences. */
  relation: string;
}

/** The reviewed tool whose pages span a family, and how its name reads in the review. */
const SMOLVLM_TOOL_ID = 'smolvlm-3b';
const REVIEWED_AS = '“SmolVLM-3B”';
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
  const repo = decodeURIComponent(path.split('/')[2] ?? '');
  const generation = match[1]?.toLowerCase() === 'smolvlm2' ? 2 : 1;
  // The family's repositories without a size in the name are the 2.2B models (SmolVLM-Instruct, SmolVLM-Base).
  const parameters = match[2] ? sizeLabel(match[2]) : '2.2B';
  if (generation === 2) {
    return {
      name: repo,
      parameters,
      relation:
        `This page is ${repo} (${parameters} parameters), from SmolVLM2, the family’s successor that also ` +
        `understands video. The verdict below is the panel’s on the original SmolVLM, reviewed as ${REVIEWED_AS}.`,
    };
  }
  if (parameters === '2.2B') {
    return {
      name: repo,
      parameters,
      relation:
        `This page is ${repo} (2.2B parameters), the family’s flagship. Hugging Face publishes no 3B SmolVLM, ` +
        `so this is the model the panel’s ${REVIEWED_AS} review stands for; the verdict below is that review.`,
    };
  }
  return {
    name: repo,
    parameters,
    relation:
      `This page is ${repo} (${parameters} parameters), a smaller member of the SmolVLM family. The verdict ` +
      `below is the panel’s on the family’s flagship, reviewed as ${REVIEWED_AS} (published as ${FLAGSHIP}, ` +
      `2.2B parameters).`,
  };
}
