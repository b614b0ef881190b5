/**
 * Site patterns that would claim sites of many owners: a host on the public suffix list ("co.uk", "github.io")
 * with includeSubdomains matches every site under it. Checked where a feed comes in (the background), not in the
 * schema itself, so the popup, which reads data already checked, doesn't carry the suffix list.
 */
import { isPublicSuffix } from '../network/site';
import type { DataSetIssue, VerdictDataSet } from '../protocol/verdict-data';

export function publicSuffixIssues(data: VerdictDataSet): DataSetIssue[] {
  return data.tools.flatMap((tool, i) =>
    tool.sitePatterns.flatMap((pattern, j) =>
      isPublicSuffix(pattern.host)
        ? [
            {
              path: `tools[${i}].sitePatterns[${j}].host`,
              message:
                'is a public suffix (like co.uk or github.io) whose sites belong to different owners: name the tool’s own domain',
            },
          ]
        : [],
    ),
  );
}
