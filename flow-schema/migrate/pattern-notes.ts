import { isNodeType, nodeCatalog, type NodeType } from "../nodes/catalog";
import { noPatterns, type PatternRef } from "../nodes/node-definition";
import { patternProblemMessage } from "../pattern-problem-message";
import { patternRefProblem } from "../pattern-ref-problem";
import type { ImportIssue } from "./import-issue";
import { isRecord } from "./is-record";

/**
 * One note (an error: that check is lost until rewritten) for each pattern of a document that the
 * linear-time engine cannot run, naming the node, the JSON pointer and the construct. Documents
 * written while patterns were JavaScript regular expressions may use lookaround or backreferences.
 * Nodes whose data does not parse are left to the validator.
 */
export function patternNotes(doc: unknown): ImportIssue[] {
  if (!isRecord(doc) || !Array.isArray(doc.nodes)) return [];
  return doc.nodes.flatMap((node: unknown, index) => {
    if (!isRecord(node) || typeof node.id !== "string" || !isNodeType(node.type)) return [];
    const nodeId = node.id;
    return patternsOf(node.type, node.data).flatMap((ref): ImportIssue[] => {
      const problem = patternRefProblem(ref);
      if (problem === undefined) return [];
      const path = `/nodes/${index}/data${ref.pointer}`;
      return [
        {
          severity: "error",
          message: `node "${nodeId}", ${path}: ${patternProblemMessage(ref.pattern, problem)}; rewrite it: until then it matches nothing`,
          nodeId,
          path,
        },
      ];
    });
  });
}

function patternsOf<K extends NodeType>(type: K, raw: unknown): PatternRef[] {
  const definition = nodeCatalog[type];
  if (definition.patterns === noPatterns) return []; // no need to parse the data (saves parse every node)
  const parsed = definition.data.safeParse(raw);
  return parsed.success ? definition.patterns(parsed.data) : [];
}
